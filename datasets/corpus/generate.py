"""Writes the data of the corpus dataset's eight competitions.

Standard-library Python 3 only and seeded: every competition draws from its
own random.Random, so `python3 generate.py` writes identical bytes each time
and changing one competition leaves the others as they are.

For each competition it writes
    competitions/<slug>/data/train.csv, test.csv, sample_submission.csv
    competitions/<slug>/answers/solution.csv   (hidden: id column + target)

The tables imitate the public Kaggle data their notebooks were written for
(column names, types, missing values, quirks such as telco's blank
TotalCharges), at a few hundred kilobytes each. Targets are noisy functions
of the features: a sensible model beats a trivial one, none is perfect.
"""
import csv
import datetime
import math
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))


def dirs(slug):
    data = os.path.join(HERE, "competitions", slug, "data")
    answers = os.path.join(HERE, "competitions", slug, "answers")
    os.makedirs(data, exist_ok=True)
    os.makedirs(answers, exist_ok=True)
    return data, answers


def write(path, header, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow(["" if r.get(c) is None else r[c] for c in header])


def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


def pick(rng, weighted):
    """weighted: list of (value, weight)."""
    total = sum(w for _, w in weighted)
    x = rng.random() * total
    for v, w in weighted:
        x -= w
        if x <= 0:
            return v
    return weighted[-1][0]


def fmt(x, nd=2):
    return ("%." + str(nd) + "f") % x


def split(rng, rows, n_test):
    idx = list(range(len(rows)))
    rng.shuffle(idx)
    test = set(idx[:n_test])
    return [r for i, r in enumerate(rows) if i not in test], [r for i, r in enumerate(rows) if i in test]


# ---------------------------------------------------------------- titanic
SURNAMES = """Andersson Sage Panula Skoog Goodwin Rice Asplund Fortune Carter Johnson Brown Smith
Williams Davies Taylor Harris Kelly Murphy Ryan Olsen Nilsson Karlsson Lindqvist Moran Sullivan
Allison Baxter Hart Hocking Lefebre Palsson Boulos Dean Herman Hickman Laroche Navratil Quick Touma
Webber Abbott Becker Collyer Doling Elias Ford Graham Hays Ilett Jensen Keane Lahtinen Lobb Minahan
Newell Oreskovic Peter Renouf Sandstrom Thayer Van Impe Weisz Yasbeck Zabour""".split()
MALE = "John William James Charles George Thomas Henry Edward Frederick Arthur Albert Johan Karl Ernst Patrick Michael".split()
FEMALE = "Mary Anna Elizabeth Margaret Helen Alice Ellen Marie Emily Ida Bertha Agnes Maria Catherine Edith Florence".split()


def titanic():
    rng = random.Random(1912)
    data, answers = dirs("titanic")
    rows = []
    for pid in range(1, 1310):
        pclass = pick(rng, [(1, 24), (2, 21), (3, 55)])
        male = rng.random() < (0.56 if pclass == 1 else 0.65)
        age = max(0.42, min(80.0, rng.gauss(38 if pclass == 1 else 30 if pclass == 2 else 25, 13)))
        child = age < 14 and rng.random() < 0.85
        if child:
            age = round(rng.uniform(0.42, 13.5), 2 if rng.random() < 0.1 else 0)
            age = max(age, 0.42)
        else:
            age = float(int(age)) if rng.random() < 0.9 else int(age) + 0.5
        sibsp = pick(rng, [(0, 68), (1, 23), (2, 3), (3, 2), (4, 2), (5, 1), (8, 1)])
        parch = pick(rng, [(0, 76), (1, 13), (2, 9), (3, 1), (4, 1)]) if not child else pick(rng, [(1, 50), (2, 50)])
        surname = rng.choice(SURNAMES)
        if male:
            title = "Master" if child else pick(rng, [("Mr", 95), ("Dr", 1), ("Rev", 1), ("Col", 0.5), ("Major", 0.5), ("Capt", 0.2), ("Don", 0.2), ("Sir", 0.2)])
            name = "%s, %s. %s %s" % (surname, title, rng.choice(MALE), rng.choice(MALE))
        else:
            married = (not child) and (sibsp > 0 or parch > 0 or age > 30) and rng.random() < 0.7
            title = "Mrs" if married else pick(rng, [("Miss", 97), ("Mlle", 1), ("Ms", 1), ("Lady", 0.5), ("Countess", 0.3), ("Mme", 0.5)])
            if title == "Mrs":
                name = "%s, Mrs. %s %s (%s %s)" % (surname, rng.choice(MALE), rng.choice(MALE), rng.choice(FEMALE), rng.choice(SURNAMES))
            else:
                name = "%s, %s. %s %s" % (surname, title, rng.choice(FEMALE), rng.choice(FEMALE))
        base = {1: 85.0, 2: 21.0, 3: 13.0}[pclass]
        fare = round(base * math.exp(rng.gauss(0, 0.45)) * (1 + 0.25 * (sibsp + parch)), 4)
        if rng.random() < 0.012:
            fare = 0.0
        deck = pick(rng, [("C", 30), ("B", 25), ("D", 15), ("E", 15), ("A", 10), ("F", 4), ("G", 1)])
        has_cabin = rng.random() < {1: 0.82, 2: 0.1, 3: 0.04}[pclass]
        cabin = "%s%d" % (deck, rng.randint(2, 128)) if has_cabin else None
        ticket = pick(rng, [("", 72), ("PC ", 7), ("C.A. ", 4), ("STON/O 2. ", 3), ("A/5 ", 3), ("SOTON/O.Q. ", 2), ("W./C. ", 2), ("CA ", 2), ("S.O.C. ", 1), ("F.C.C. ", 1), ("PP ", 1)])
        ticket += str(rng.randint(1000, 400000) if ticket == "" else rng.randint(100, 40000))
        embarked = pick(rng, [("S", 72), ("C", 19 if pclass != 3 else 12), ("Q", 4 if pclass != 3 else 14)])
        z = -1.55 + (2.6 if not male else 0) + {1: 1.1, 2: 0.35, 3: -0.75}[pclass] - 0.022 * (age - 30)
        z += 1.2 if child else 0
        z -= 0.35 * max(0, sibsp - 1) + (0.9 if sibsp + parch > 4 else 0)
        z += 0.4 if embarked == "C" else 0
        z += 0.3 if has_cabin else 0
        survived = 1 if rng.random() < sigmoid(z) else 0
        show_age = None if rng.random() < (0.12 if pclass == 1 else 0.28 if pclass == 3 else 0.08) else age
        rows.append({"PassengerId": pid, "Survived": survived, "Pclass": pclass, "Name": name, "Sex": "male" if male else "female",
                     "Age": ("%g" % show_age) if show_age is not None else None, "SibSp": sibsp, "Parch": parch, "Ticket": ticket,
                     "Fare": ("%.4f" % fare).rstrip("0").rstrip(".") if fare else "0", "Cabin": cabin, "Embarked": embarked})
    train, test = rows[:891], rows[891:]
    train[61]["Embarked"] = None
    train[829]["Embarked"] = None
    test[152]["Fare"] = None
    cols = ["PassengerId", "Survived", "Pclass", "Name", "Sex", "Age", "SibSp", "Parch", "Ticket", "Fare", "Cabin", "Embarked"]
    write(os.path.join(data, "train.csv"), cols, train)
    write(os.path.join(data, "test.csv"), [c for c in cols if c != "Survived"], test)
    write(os.path.join(data, "gender_submission.csv"), ["PassengerId", "Survived"],
          [{"PassengerId": r["PassengerId"], "Survived": 1 if r["Sex"] == "female" else 0} for r in test])
    write(os.path.join(answers, "solution.csv"), ["PassengerId", "Survived"], test)


# ----------------------------------------------------------- house-prices
NEIGH = [("NAmes", 0.92, 15), ("CollgCr", 1.08, 10), ("OldTown", 0.8, 8), ("Edwards", 0.82, 7), ("Somerst", 1.2, 6),
         ("Gilbert", 1.1, 5), ("NridgHt", 1.45, 5), ("Sawyer", 0.86, 5), ("NWAmes", 1.02, 5), ("SawyerW", 1.0, 4),
         ("BrkSide", 0.78, 4), ("Crawfor", 1.1, 4), ("Mitchel", 0.94, 3), ("NoRidge", 1.5, 3), ("Timber", 1.25, 3),
         ("IDOTRR", 0.65, 3), ("ClearCr", 1.15, 2), ("StoneBr", 1.55, 2), ("SWISU", 0.85, 2), ("MeadowV", 0.62, 1),
         ("Blmngtn", 1.05, 1), ("BrDale", 0.7, 1), ("Veenker", 1.3, 1), ("NPkVill", 0.85, 1), ("Blueste", 0.8, 0.3)]


def house_prices():
    rng = random.Random(2016)
    data, answers = dirs("house-prices")
    rows = []
    for i in range(1, 1501):
        n = pick(rng, [(x, w) for x, _, w in [(a, b, c) for a, b, c in NEIGH]])
        nf = dict((a, b) for a, b, _ in NEIGH)[n]
        qual = max(1, min(10, int(round(rng.gauss(6 + 2.2 * (nf - 1), 1.3)))))
        built = int(max(1872, min(2010, rng.gauss(1972 + 25 * (nf - 1) + 4 * (qual - 6), 22))))
        remod = built if rng.random() < 0.5 else rng.randint(built, 2010)
        first = int(max(334, rng.gauss(900 + 90 * (qual - 5), 260)))
        two_story = rng.random() < 0.42
        second = int(max(0, rng.gauss(0.8 * first, 150))) if two_story else 0
        gr = first + second
        bsmt = int(max(0, rng.gauss(first * 0.95, 200))) if rng.random() > 0.03 else 0
        lot = int(max(1300, rng.lognormvariate(9.1, 0.4)))
        frontage = int(max(21, rng.gauss(math.sqrt(lot) * 0.7, 12)))
        garage = rng.random() > 0.055
        cars = pick(rng, [(1, 25), (2, 56), (3, 18), (4, 1)]) if garage else 0
        garea = int(cars * rng.gauss(245, 30)) if garage else 0
        baths = 1 + (1 if gr > 1300 else 0) + (1 if gr > 2600 and rng.random() < 0.5 else 0)
        beds = max(0, min(8, int(round(gr / 520 + rng.gauss(0, 0.7)))))
        rooms = max(2, beds + 2 + int(rng.random() * 3))
        fire = pick(rng, [(0, 47), (1, 45), (2, 7), (3, 1)])
        kq = pick(rng, [("TA", 50 - 4 * (qual - 5)), ("Gd", 38 + 3 * (qual - 5)), ("Ex", max(1, 7 + 4 * (qual - 6))), ("Fa", 3)])
        cond = max(1, min(9, int(round(rng.gauss(5.6, 1.1)))))
        zoning = pick(rng, [("RL", 79), ("RM", 15), ("FV", 4), ("RH", 1), ("C (all)", 1)])
        style = "2Story" if two_story else pick(rng, [("1Story", 80), ("1.5Fin", 17), ("SLvl", 3)])
        bldg = pick(rng, [("1Fam", 84), ("TwnhsE", 8), ("Duplex", 4), ("Twnhs", 3), ("2fmCon", 2)])
        sold = rng.randint(2006, 2010)
        mo = pick(rng, [(m, w) for m, w in zip(range(1, 13), [4, 4, 7, 10, 14, 17, 16, 8, 5, 6, 5, 4])])
        salec = pick(rng, [("Normal", 82), ("Partial", 9), ("Abnorml", 7), ("Family", 1), ("Alloca", 1)])
        logp = 10.9 + 0.105 * qual + 0.00033 * gr + 0.00011 * bsmt + 0.045 * cars + 0.0018 * (built - 1970)
        logp += 0.03 * fire + 0.35 * math.log(nf) + 0.025 * (cond - 5) + 0.04 * math.log(lot / 9000)
        logp += {"Ex": 0.08, "Gd": 0.03, "TA": 0, "Fa": -0.06}[kq] + (-0.12 if salec == "Abnorml" else 0.02 if salec == "Partial" else 0)
        logp += rng.gauss(0, 0.11)
        price = int(round(math.exp(logp), -2))
        pool = rng.random() < 0.005
        rows.append({"Id": i, "MSSubClass": 60 if two_story else pick(rng, [(20, 70), (50, 15), (30, 8), (120, 7)]),
                     "MSZoning": zoning, "LotFrontage": frontage if rng.random() > 0.17 else None, "LotArea": lot,
                     "Street": "Pave" if rng.random() > 0.004 else "Grvl",
                     "Alley": None if rng.random() < 0.94 else pick(rng, [("Grvl", 55), ("Pave", 45)]),
                     "Neighborhood": n, "BldgType": bldg, "HouseStyle": style, "OverallQual": qual, "OverallCond": cond,
                     "YearBuilt": built, "YearRemodAdd": remod,
                     "MasVnrArea": (0 if rng.random() < 0.6 else max(0, int(rng.gauss(200, 120) if qual > 5 else 60))) if rng.random() > 0.006 else None,
                     "TotalBsmtSF": bsmt, "1stFlrSF": first, "2ndFlrSF": second, "GrLivArea": gr,
                     "FullBath": baths, "BedroomAbvGr": beds, "KitchenQual": kq, "TotRmsAbvGrd": rooms, "Fireplaces": fire,
                     "FireplaceQu": None if fire == 0 else pick(rng, [("Gd", 50), ("TA", 42), ("Fa", 4), ("Ex", 4)]),
                     "GarageType": pick(rng, [("Attchd", 66), ("Detchd", 28), ("BuiltIn", 6)]) if garage else None,
                     "GarageCars": cars, "GarageArea": garea, "PoolQC": pick(rng, [("Gd", 1), ("Ex", 1)]) if pool else None,
                     "Fence": None if rng.random() < 0.8 else pick(rng, [("MnPrv", 60), ("GdPrv", 20), ("GdWo", 20)]),
                     "MoSold": mo, "YrSold": sold, "SaleCondition": salec, "SalePrice": price})
    train, test = rows[:1000], rows[1000:]
    for r in rng.sample(test, 2):
        r["TotalBsmtSF"] = None
    rng.sample(test, 1)[0]["GarageCars"] = None
    rng.sample(test, 1)[0]["KitchenQual"] = None
    cols = list(rows[0].keys())
    write(os.path.join(data, "train.csv"), cols, train)
    write(os.path.join(data, "test.csv"), [c for c in cols if c != "SalePrice"], test)
    write(os.path.join(data, "sample_submission.csv"), ["Id", "SalePrice"], [{"Id": r["Id"], "SalePrice": 180000} for r in test])
    write(os.path.join(answers, "solution.csv"), ["Id", "SalePrice"], test)


# -------------------------------------------------------- disaster-tweets
DISASTER = """earthquake flood wildfire fire evacuation evacuated storm hurricane tornado collapse collapsed
explosion crash derailment tsunami casualties injured killed rescue emergency burning smoke
landslide drought bombing wreckage survivors debris sinkhole outbreak quarantine ambulance""".split()
NORMAL = """love game music movie summer coffee weekend party friends happy birthday phone new album
song lol dinner pizza school work today tomorrow tonight beach sunset dog cat video art""".split()
AMBIG = """fire burning crash explode storm bomb disaster dead panic screaming destroy wreck flames
blaze sinking drown ablaze trauma hazard chaos""".split()
PLACES = ["USA", "New York", "London", "London, UK", "California", "Los Angeles, CA", "Mumbai", "Nigeria",
          "Canada", "Chicago, IL", "Australia", "Worldwide", "Washington, DC", "India", "Texas", "Earth",
          "Sydney", "Toronto", "Kenya", "San Francisco", "everywhere", "Manchester"]
TEMPL_D = ["{W1} in {P}: {n} people {v} after {w2}", "BREAKING: {W1} near {P} #{w1} {url}",
           "Residents {v} as {w1} spreads across {P} {url}", "{n} {v} in {w1} - officials say more {w2} expected",
           "Just felt the {w1}!! Is everyone ok in {P}??", "@{u} the {w1} destroyed the bridge on route {n} #news",
           "Officials confirm {w2} after {w1} hit {P} {url}", "Photos: {w1} and {w2} at {P} #{w2} {url}",
           "Emergency crews respond to {w1} on highway {n} {url}", "{W1} warning issued for {P} tonight. Stay safe",
           "Death toll from {w1} rises to {n} #{w1} {url}", "Heavy {w1} reported, {w2} everywhere in {P}"]
TEMPL_N = ["I {feel} this {a}, it's {b} #{a}", "@{u} lol that {a} was {b} {emo}", "my {a} is on {amb} tonight {emo}",
           "this new {a} is {amb} {emo} {url}", "Can't wait for the {a} this weekend!!", "{A} + {a} = perfect {b}",
           "watching the {a} and eating {b}. what a day", "That {a} video was pure {amb} lmao",
           "I'm {amb} my {a} again... send {b}", "@{u} happy birthday!! enjoy the {a} {emo}",
           "Who else is {feel} the {a} right now? #{b}", "The {a} {amb} the {b} lol {url}"]


def disaster_tweets():
    rng = random.Random(2019)
    data, answers = dirs("nlp-getting-started")
    rows = []
    for i in range(1, 3501):
        real = rng.random() < 0.43
        url = "http://t.co/" + "".join(rng.choice("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(10))
        fill = dict(w1=rng.choice(DISASTER), w2=rng.choice(DISASTER), P=rng.choice(PLACES), n=rng.randint(2, 300),
                    v=rng.choice(["evacuated", "injured", "missing", "killed", "rescued", "displaced"]), url=url,
                    u=rng.choice(["jenny_k", "newswire", "ABC", "bbcworld", "tommy99", "weatherchannel", "sam_r", "lilly"]),
                    a=rng.choice(NORMAL), b=rng.choice(NORMAL), amb=rng.choice(AMBIG),
                    feel=rng.choice(["love", "hate", "enjoying", "watching", "feeling"]), emo=rng.choice([":)", ":D", "<3", ";)", "!!", ""]))
        fill["W1"] = fill["w1"].capitalize()
        fill["A"] = fill["a"].capitalize()
        # some everyday tweets use disaster words and some disaster tweets are casual
        tpl = rng.choice(TEMPL_D if (real and rng.random() > 0.1) or (not real and rng.random() < 0.08) else TEMPL_N)
        text = tpl.format(**fill)
        if rng.random() < 0.1:
            text = text.upper()
        if rng.random() < 0.05:
            text = text.replace("&", "&amp;") + " &amp; more"
        kw = fill["w1"] if tpl in TEMPL_D else fill["amb"]
        rows.append({"id": i, "keyword": kw if rng.random() > 0.01 else None,
                     "location": rng.choice(PLACES) if rng.random() > 0.33 else None, "text": text, "target": 1 if real else 0})
    train, test = split(rng, rows, 1000)
    write(os.path.join(data, "train.csv"), ["id", "keyword", "location", "text", "target"], train)
    write(os.path.join(data, "test.csv"), ["id", "keyword", "location", "text"], test)
    write(os.path.join(data, "sample_submission.csv"), ["id", "target"], [{"id": r["id"], "target": 0} for r in test])
    write(os.path.join(answers, "solution.csv"), ["id", "target"], test)


# ------------------------------------------------------------ credit-fraud
def credit_fraud():
    rng = random.Random(2013)
    data, answers = dirs("credit-fraud")
    rows = []
    shift = [-2.5, 1.8, -3.0, 2.2, -1.5, -0.6, -2.8, 0.4, -1.2, -2.9, 1.9, -3.1, 0.1, -3.4]
    for i in range(7000):
        fraud = rng.random() < 0.018
        r = {"id": i, "Time": int(rng.uniform(0, 172792))}
        for k in range(14):
            v = rng.gauss(0, 1.0 + 0.15 * k % 3)
            if fraud:
                v = v * 1.6 + shift[k] * (0.6 + 0.8 * rng.random())
            r["V%d" % (k + 1)] = fmt(v, 6)
        amount = rng.lognormvariate(3.2, 1.3) if not fraud else rng.choice([1.0, 0.76, 99.99, rng.lognormvariate(4, 1.6)])
        r["Amount"] = fmt(min(amount, 12000), 2)
        r["Class"] = 1 if fraud else 0
        rows.append(r)
    train, test = split(rng, rows, 2000)
    train.sort(key=lambda r: r["Time"])
    test.sort(key=lambda r: r["id"])
    cols = ["id", "Time"] + ["V%d" % k for k in range(1, 15)] + ["Amount", "Class"]
    write(os.path.join(data, "train.csv"), cols, train)
    write(os.path.join(data, "test.csv"), cols[:-1], test)
    write(os.path.join(data, "sample_submission.csv"), ["id", "Class"], [{"id": r["id"], "Class": 0.5} for r in test])
    write(os.path.join(answers, "solution.csv"), ["id", "Class"], test)


# ------------------------------------------------------------- store-sales
def store_sales():
    rng = random.Random(2017)
    data, answers = dirs("store-sales")
    start = datetime.date(2013, 1, 1)
    train, test = [], []
    level = {1: 520.0, 2: 340.0, 3: 780.0}
    weekly = [0.86, 0.9, 0.93, 0.98, 1.06, 1.17, 1.1]
    tid = 0
    for s in (1, 2, 3):
        ar = 0.0
        for d in range(1461 + 90):
            day = start + datetime.timedelta(days=d)
            trend = 1 + 0.00021 * d
            season = 1 + 0.12 * math.sin(2 * math.pi * (day.timetuple().tm_yday - 100) / 365.25)
            ar = 0.6 * ar + rng.gauss(0, 0.05)
            promo = 1.0 if rng.random() > 0.06 else 1.25
            sales = level[s] * trend * season * weekly[day.weekday()] * promo * math.exp(ar)
            if day.month == 12 and day.day == 25:
                sales = 0.0
            r = {"date": day.isoformat(), "store": s, "sales": int(round(sales))}
            if d < 1461:
                train.append(r)
            else:
                r["id"] = tid
                tid += 1
                test.append(r)
    write(os.path.join(data, "train.csv"), ["date", "store", "sales"], train)
    write(os.path.join(data, "test.csv"), ["id", "date", "store"], test)
    write(os.path.join(data, "sample_submission.csv"), ["id", "sales"], [{"id": r["id"], "sales": 500} for r in test])
    write(os.path.join(answers, "solution.csv"), ["id", "sales"], test)


# -------------------------------------------------------- digit-recognizer
GLYPHS = {
    0: ["..####..", ".##..##.", "##....##", "##....##", "##....##", "##....##", ".##..##.", "..####.."],
    1: ["...##...", "..###...", ".####...", "...##...", "...##...", "...##...", "...##...", ".######."],
    2: [".#####..", "##...##.", ".....##.", "....##..", "...##...", "..##....", ".##.....", "#######."],
    3: [".#####..", "##...##.", ".....##.", "..####..", ".....##.", ".....##.", "##...##.", ".#####.."],
    4: ["....##..", "...###..", "..#.##..", ".#..##..", "#######.", "....##..", "....##..", "....##.."],
    5: ["#######.", "##......", "##......", "######..", ".....##.", ".....##.", "##...##.", ".#####.."],
    6: ["..####..", ".##.....", "##......", "######..", "##...##.", "##...##.", "##...##.", ".#####.."],
    7: ["#######.", ".....##.", "....##..", "...##...", "..##....", "..##....", "..##....", "..##...."],
    8: [".#####..", "##...##.", "##...##.", ".#####..", "##...##.", "##...##.", "##...##.", ".#####.."],
    9: [".#####..", "##...##.", "##...##.", ".######.", ".....##.", ".....##.", "....##..", ".####..."],
}


def digits():
    rng = random.Random(1998)
    data, answers = dirs("digit-recognizer")
    rows = []
    for i in range(2800):
        label = rng.randrange(10)
        g = GLYPHS[label]
        dx, dy = rng.choice([-1, 0, 0, 0, 1]), rng.choice([-1, 0, 0, 0, 1])
        ink = rng.uniform(150, 255)
        r = {"label": label}
        for y in range(8):
            for x in range(8):
                sx, sy = x - dx, y - dy
                on = 0 <= sx < 8 and 0 <= sy < 8 and g[sy][sx] == "#"
                v = ink * (0.7 + 0.3 * rng.random()) if on else 0.0
                if rng.random() < 0.07:
                    v = ink * rng.random()
                r["pixel%d" % (8 * y + x)] = int(max(0, min(255, v)))
        rows.append(r)
    train, test = rows[:2000], rows[2000:]
    pix = ["pixel%d" % k for k in range(64)]
    write(os.path.join(data, "train.csv"), ["label"] + pix, train)
    write(os.path.join(data, "test.csv"), pix, test)
    for n, r in enumerate(test, 1):
        r["ImageId"], r["Label"] = n, r["label"]
    write(os.path.join(data, "sample_submission.csv"), ["ImageId", "Label"], [{"ImageId": r["ImageId"], "Label": 0} for r in test])
    write(os.path.join(answers, "solution.csv"), ["ImageId", "Label"], test)


# ------------------------------------------------------------ telco-churn
def telco_churn():
    rng = random.Random(2018)
    data, answers = dirs("telco-churn")
    rows, seen = [], set()
    for i in range(4200):
        while True:
            cid = "%04d-%s" % (rng.randint(1000, 9999), "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(5)))
            if cid not in seen:
                seen.add(cid)
                break
        contract = pick(rng, [("Month-to-month", 55), ("One year", 21), ("Two year", 24)])
        tenure = {"Month-to-month": lambda: int(rng.expovariate(1 / 18.0)), "One year": lambda: rng.randint(6, 72),
                  "Two year": lambda: rng.randint(12, 72)}[contract]()
        tenure = max(1, tenure)
        tenure = min(tenure, 72)
        if rng.random() < 0.003:
            tenure = 0
        internet = pick(rng, [("Fiber optic", 44), ("DSL", 34), ("No", 22)])
        phone = rng.random() < 0.9
        senior = 1 if rng.random() < 0.16 else 0
        partner = rng.random() < 0.48
        dependents = partner and rng.random() < 0.6 or rng.random() < 0.05
        noint = "No internet service"
        sec = noint if internet == "No" else ("Yes" if rng.random() < 0.37 else "No")
        tech = noint if internet == "No" else ("Yes" if rng.random() < 0.37 else "No")
        monthly = 20 + (50 if internet == "Fiber optic" else 25 if internet == "DSL" else 0) + (5 if phone else 0)
        monthly += 5 * (sec == "Yes") + 5 * (tech == "Yes") + rng.gauss(0, 8)
        monthly = round(max(18.25, min(118.75, monthly)), 2)
        pay = pick(rng, [("Electronic check", 34), ("Mailed check", 23), ("Bank transfer (automatic)", 22), ("Credit card (automatic)", 21)])
        z = -1.3 + (1.3 if contract == "Month-to-month" else -0.6 if contract == "One year" else -1.8)
        z += -0.035 * tenure + (0.7 if internet == "Fiber optic" else -0.6 if internet == "No" else 0)
        z += 0.45 * (pay == "Electronic check") + 0.3 * senior - 0.45 * (sec == "Yes") - 0.4 * (tech == "Yes") + 0.005 * (monthly - 65)
        churn = rng.random() < sigmoid(z)
        total = "" if tenure == 0 else fmt(monthly * tenure * rng.uniform(0.93, 1.07), 2)
        rows.append({"customerID": cid, "gender": rng.choice(["Male", "Female"]), "SeniorCitizen": senior,
                     "Partner": "Yes" if partner else "No", "Dependents": "Yes" if dependents else "No", "tenure": tenure,
                     "PhoneService": "Yes" if phone else "No",
                     "MultipleLines": ("Yes" if rng.random() < 0.47 else "No") if phone else "No phone service",
                     "InternetService": internet, "OnlineSecurity": sec, "TechSupport": tech, "Contract": contract,
                     "PaperlessBilling": "Yes" if rng.random() < 0.59 else "No", "PaymentMethod": pay,
                     "MonthlyCharges": monthly, "TotalCharges": " " if total == "" else total, "Churn": "Yes" if churn else "No"})
    train, test = rows[:3000], rows[3000:]
    cols = list(rows[0].keys())
    write(os.path.join(data, "train.csv"), cols, train)
    write(os.path.join(data, "test.csv"), cols[:-1], test)
    write(os.path.join(data, "sample_submission.csv"), ["customerID", "Churn"], [{"customerID": r["customerID"], "Churn": "No"} for r in test])
    write(os.path.join(answers, "solution.csv"), ["customerID", "Churn"], test)


# ------------------------------------------------------------ wine-quality
def wine_quality():
    rng = random.Random(2009)
    data, answers = dirs("wine-quality")
    rows = []
    for i in range(1599 + 500):
        alcohol = rng.gauss(10.4, 1.05)
        volatile = max(0.12, rng.gauss(0.53, 0.18))
        sulph = max(0.33, rng.gauss(0.66, 0.17))
        citric = max(0.0, rng.gauss(0.27, 0.19))
        fixed = max(4.6, rng.gauss(8.3, 1.7) + 3 * (citric - 0.27))
        resid = max(0.9, rng.lognormvariate(0.8, 0.35))
        chlor = max(0.012, rng.lognormvariate(-2.5, 0.3))
        free = max(1, rng.gauss(16, 10))
        total = max(free + 5, rng.gauss(46, 32))
        dens = 0.9967 + 0.0007 * (fixed - 8.3) - 0.0009 * (alcohol - 10.4) + rng.gauss(0, 0.0007)
        ph = 3.31 - 0.06 * (fixed - 8.3) + rng.gauss(0, 0.12)
        score = 5.64 + 0.32 * (alcohol - 10.4) - 1.1 * (volatile - 0.53) + 0.9 * (sulph - 0.66) - 0.003 * (total - 46)
        score += rng.gauss(0, 0.62)
        q = max(3, min(8, int(round(score))))
        rows.append({"id": i, "fixed acidity": fmt(fixed, 1), "volatile acidity": fmt(volatile, 3), "citric acid": fmt(citric, 2),
                     "residual sugar": fmt(resid, 1), "chlorides": fmt(chlor, 3), "free sulfur dioxide": fmt(free, 0),
                     "total sulfur dioxide": fmt(total, 0), "density": fmt(dens, 5), "pH": fmt(ph, 2),
                     "sulphates": fmt(sulph, 2), "alcohol": fmt(alcohol, 1), "quality": q})
    train, test = rows[:1599], rows[1599:]
    cols = list(rows[0].keys())
    write(os.path.join(data, "train.csv"), cols, train)
    write(os.path.join(data, "test.csv"), cols[:-1], test)
    write(os.path.join(data, "sample_submission.csv"), ["id", "quality"], [{"id": r["id"], "quality": 6} for r in test])
    write(os.path.join(answers, "solution.csv"), ["id", "quality"], test)


if __name__ == "__main__":
    titanic()
    house_prices()
    disaster_tweets()
    credit_fraud()
    store_sales()
    digits()
    telco_churn()
    wine_quality()
