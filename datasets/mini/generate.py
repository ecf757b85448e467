"""Generates the data of the six competitions of the mini dataset.

Standard-library Python 3 only (no numpy, no pandas) and seeded: running
`python3 generate.py` twice writes identical bytes. Every competition has its
own random.Random, so changing one does not move the others.

For each competition it writes
    competitions/<slug>/data/train.csv, test.csv, sample_submission.csv
    competitions/<slug>/answers/solution.csv   (id column + target, hidden)

Rows of train and test come from the same process and are assigned to train
or test at random (or, for bike-sharing-demand, by day of month as on Kaggle),
and ids carry no signal. Each target is a noisy function of the features, so a
sensible model beats the trivial baseline clearly but nothing scores perfectly.
"""
import csv
import datetime
import math
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))


def out_dirs(slug):
    data = os.path.join(HERE, "competitions", slug, "data")
    answers = os.path.join(HERE, "competitions", slug, "answers")
    os.makedirs(data, exist_ok=True)
    os.makedirs(answers, exist_ok=True)
    return data, answers


def write_csv(path, header, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow([r[c] for c in header] if isinstance(r, dict) else r)


def write_competition(slug, header, target, id_col, train, test, answers_fn, sample_value):
    """train/test: lists of dicts holding every column (the target too)."""
    data, answers = out_dirs(slug)
    write_csv(os.path.join(data, "train.csv"), header, train)
    test_header = [c for c in header if c not in target]
    write_csv(os.path.join(data, "test.csv"), test_header, test)
    tcol = target[-1] if slug == "bike-sharing-demand" else target[0]
    write_csv(os.path.join(data, "sample_submission.csv"), [id_col, tcol],
              [[r[id_col], sample_value(r)] for r in test])
    write_csv(os.path.join(answers, "solution.csv"), [id_col, tcol],
              [[r[id_col], answers_fn(r)] for r in test])


def pick(rng, weighted):
    """weighted: list of (value, weight)."""
    vals = [v for v, _ in weighted]
    ws = [w for _, w in weighted]
    return rng.choices(vals, weights=ws)[0]


def sigmoid(x):
    return 1.0 / (1.0 + math.exp(-x))


def clip(x, lo, hi):
    return max(lo, min(hi, x))


# --------------------------------------------------------------------------
# 1. titanic
# --------------------------------------------------------------------------
SURNAMES = ["Smith", "Brown", "Andersson", "Kelly", "Johnson", "Sage", "Goodwin", "Panula", "Skoog", "Carter",
            "Fortune", "Asplund", "Harper", "Rice", "Palsson", "Williams", "Baclini", "Moran", "Ford", "Hart",
            "Allison", "Becker", "Davies", "Fleming", "Graham", "Hansen", "Ivanov", "Jensen", "Karlsson", "Lindqvist",
            "Murphy", "Nilsson", "O'Brien", "Petersen", "Quinn", "Rosblom", "Sandstrom", "Taylor", "Vander Planke",
            "Wells", "Young", "Zabour", "Abbott", "Barbara", "Coleff", "Dean", "Elias", "Frolicher", "Gustafsson",
            "Hickman", "Jussila", "Kink", "Laroche", "McCoy", "Navratil", "Olsen", "Richards", "Strom", "Thomas",
            "Turpin", "Ware", "West", "Yasbeck", "Collyer", "Hocking", "Herman", "Hamalainen", "Dodge", "Moor"]
MALE_FIRST = ["John", "William", "James", "George", "Charles", "Thomas", "Henry", "Joseph", "Frederick", "Arthur",
              "Edward", "Albert", "Alfred", "Karl", "Johan", "Patrick", "Ernst", "Harry", "Walter", "Samuel"]
FEMALE_FIRST = ["Mary", "Anna", "Elizabeth", "Margaret", "Helen", "Alice", "Emily", "Edith", "Bertha", "Ellen",
                "Maria", "Annie", "Catherine", "Florence", "Hilda", "Agnes", "Ida", "Kate", "Marjorie", "Eleanor"]


def titanic_ticket(rng, pclass):
    k = rng.random()
    if pclass == 1:
        if k < 0.35:
            return "PC %d" % rng.randint(17400, 17800)
        return str(rng.randint(110000, 113900) if k < 0.8 else rng.randint(11750, 19990))
    if pclass == 2:
        if k < 0.15:
            return "C.A. %d" % rng.randint(2300, 34700)
        if k < 0.3:
            return "SC/PARIS %d" % rng.randint(2100, 2170)
        if k < 0.4:
            return "F.C.C. %d" % rng.randint(13500, 13600)
        return str(rng.randint(23000, 250700))
    if k < 0.12:
        return "A/5 %d" % rng.randint(2800, 21180)
    if k < 0.2:
        return "STON/O2. %d" % rng.randint(3101200, 3101300)
    if k < 0.26:
        return "SOTON/O.Q. %d" % rng.randint(3101300, 3101320)
    if k < 0.3:
        return "W./C. %d" % rng.randint(6600, 6610)
    return str(rng.randint(315000, 392100) if k < 0.85 else rng.randint(2600, 3500))


def titanic_cabin(rng, pclass, n):
    if pclass == 1 and rng.random() < 0.8:
        deck = pick(rng, [("A", 10), ("B", 30), ("C", 35), ("D", 15), ("E", 10)])
        base = rng.randint(2, 120)
        if n >= 3 and rng.random() < 0.5:
            return " ".join("%s%d" % (deck, base + 2 * i) for i in range(min(n, 3)))
        return "%s%d" % (deck, base)
    if pclass == 2 and rng.random() < 0.1:
        return "%s%d" % (rng.choice("DEF"), rng.randint(2, 70))
    if pclass == 3 and rng.random() < 0.03:
        return rng.choice(["F G73", "G6", "E10", "F E69", "F38"])
    return ""


def titanic():
    """Passengers come in travel groups (family or alone) sharing surname, ticket, class, port and fare.
    Survival: logistic in sex, class (women in 3rd class fare worse), title Master, age, family size
    (alone or 5+ lowers it), port C, known cabin, plus a shared random effect per travel group."""
    rng = random.Random(1912)
    people = []
    while len(people) < 1000:
        pclass = pick(rng, [(1, 24), (2, 21), (3, 55)])
        size = pick(rng, [(1, 76), (2, 12), (3, 6), (4, 2.5), (5, 1), (6, 1), (7, 0.8), (8, 0.5)])
        if pclass == 1 and size > 4:
            size = 4
        surname = rng.choice(SURNAMES)
        ticket = titanic_ticket(rng, pclass)
        if pclass == 1:
            emb = pick(rng, [("S", 60), ("C", 38), ("Q", 2)])
        elif pclass == 2:
            emb = pick(rng, [("S", 88), ("C", 9), ("Q", 3)])
        else:
            emb = pick(rng, [("S", 70), ("C", 12), ("Q", 18)])
        per_person = {1: 55.0, 2: 13.5, 3: 8.2}[pclass] * math.exp(rng.gauss(0, 0.45 if pclass == 1 else 0.2))
        fare = round(per_person * size, 4)
        if rng.random() < 0.012:
            fare = 0.0
        cabin = titanic_cabin(rng, pclass, size)
        group_effect = rng.gauss(0, 0.6) if size > 1 else 0.0
        # family structure: couple (+ children) or siblings travelling together
        members = []
        if size == 1:
            sex = "female" if rng.random() < 0.3 else "male"
            members.append((sex, "adult", 0, 0))
        else:
            n_kids = size - 2 if size > 2 else (1 if rng.random() < 0.3 else 0)
            if n_kids == 0:
                if rng.random() < 0.7:  # married couple
                    members += [("male", "husband", 1, 0), ("female", "wife", 1, 0)]
                else:  # siblings
                    members += [(rng.choice(["male", "female"]), "sibling", 1, 0) for _ in range(2)]
            else:
                parents = size - n_kids
                if parents == 2:
                    members += [("male", "husband", 1, n_kids), ("female", "wife", 1, n_kids)]
                else:
                    members += [("female", "wife", 0, n_kids)]
                for _ in range(n_kids):
                    members.append((rng.choice(["male", "female"]), "child", n_kids - 1, parents))
        for sex, role, sibsp, parch in members:
            if role == "child":
                age = round(clip(rng.gauss(7, 5), 0.42, 17), 0 if rng.random() < 0.9 else 2)
                if age < 1:
                    age = round(rng.choice([0.42, 0.67, 0.75, 0.83, 0.92]), 2)
            else:
                age = round(clip(rng.gauss(31 if pclass > 1 else 39, 12), 15, 80), 0)
                if rng.random() < 0.05:
                    age += 0.5
            if sex == "male":
                if role == "child" and age < 13:
                    title = "Master"
                else:
                    title = pick(rng, [("Mr", 200), ("Dr", 2), ("Rev", 2), ("Col", 1), ("Major", 1), ("Capt", 0.3),
                                       ("Don", 0.3), ("Sir", 0.3), ("Jonkheer", 0.3)]) if pclass < 3 else "Mr"
            else:
                if role == "wife":
                    title = pick(rng, [("Mrs", 100), ("Mme", 1), ("Lady", 0.5), ("the Countess", 0.3)]) if pclass == 1 else "Mrs"
                elif role == "adult" and age > 30 and rng.random() < 0.55:
                    title = "Mrs"
                else:
                    title = pick(rng, [("Miss", 100), ("Mlle", 1.5), ("Ms", 0.7)])
            if sex == "male":
                name = "%s, %s. %s" % (surname, title, rng.choice(MALE_FIRST))
            elif title in ("Mrs", "Mme", "Lady", "the Countess") and rng.random() < 0.7:
                name = "%s, %s. %s (%s %s)" % (surname, title, rng.choice(MALE_FIRST), rng.choice(FEMALE_FIRST),
                                              rng.choice(SURNAMES))
            else:
                name = "%s, %s. %s" % (surname, title, rng.choice(FEMALE_FIRST))
            fam = 1 + sibsp + parch
            logit = (-1.4 + 2.9 * (sex == "female") + {1: 1.1, 2: 0.3, 3: -0.8}[pclass]
                     - 0.9 * (sex == "female" and pclass == 3)
                     + 1.7 * (title == "Master") - 0.018 * (age - 30)
                     - 1.4 * (fam >= 5) - 0.25 * (fam == 1)
                     + 0.35 * (emb == "C") + 0.2 * (cabin != "")
                     + group_effect)
            survived = 1 if rng.random() < sigmoid(logit) else 0
            missing_age = rng.random() < {1: 0.13, 2: 0.08, 3: 0.27}[pclass]
            people.append({
                "Survived": survived, "Pclass": pclass, "Name": name, "Sex": sex,
                "Age": "" if missing_age else float(age), "SibSp": sibsp, "Parch": parch,
                "Ticket": ticket, "Fare": fare, "Cabin": cabin, "Embarked": emb,
            })
    people = people[:1000]
    rng.shuffle(people)
    for i, p in enumerate(people):
        p["PassengerId"] = i + 1
    train, test = people[:700], people[700:]
    # two missing ports of embarkation in train, three missing fares in test
    for p in rng.sample([p for p in train if p["Pclass"] == 1], 2):
        p["Embarked"] = ""
    for p in rng.sample([p for p in test if p["Pclass"] == 3], 3):
        p["Fare"] = ""
    header = ["PassengerId", "Survived", "Pclass", "Name", "Sex", "Age", "SibSp", "Parch", "Ticket", "Fare",
              "Cabin", "Embarked"]
    write_competition("titanic", header, ["Survived"], "PassengerId", train, test,
                      lambda r: r["Survived"], lambda r: 1 if r["Sex"] == "female" else 0)


# --------------------------------------------------------------------------
# 2. house-prices
# --------------------------------------------------------------------------
# name: (price effect, typical year built, quality shift, zoning choices, weight)
NEIGHBORHOODS = {
    "NAmes": (-0.06, 1962, -0.4, [("RL", 95), ("RM", 3), ("RH", 2)], 16),
    "CollgCr": (0.05, 1998, 0.6, [("RL", 97), ("RM", 3)], 11),
    "OldTown": (-0.14, 1918, -0.9, [("RM", 80), ("RL", 12), ("C (all)", 6), ("RH", 2)], 8),
    "Edwards": (-0.16, 1958, -0.8, [("RL", 85), ("RM", 10), ("RH", 5)], 7),
    "Somerst": (0.07, 2004, 0.9, [("FV", 70), ("RL", 25), ("RM", 5)], 7),
    "NridgHt": (0.22, 2005, 2.0, [("RL", 95), ("RM", 5)], 6),
    "Gilbert": (0.02, 1999, 0.5, [("RL", 100)], 6),
    "Sawyer": (-0.08, 1965, -0.5, [("RL", 96), ("RM", 4)], 6),
    "NWAmes": (0.03, 1975, 0.2, [("RL", 100)], 5),
    "BrkSide": (-0.17, 1930, -0.9, [("RM", 55), ("RL", 45)], 5),
    "IDOTRR": (-0.3, 1925, -1.4, [("RM", 60), ("C (all)", 25), ("RL", 15)], 3),
    "StoneBr": (0.25, 1998, 2.1, [("RL", 92), ("RM", 8)], 3),
}
QUAL_LEVELS = ["Po", "Fa", "TA", "Gd", "Ex"]


def qual_word(rng, score, lo=1, hi=4):
    """score ~ overall quality (1-10) -> Po/Fa/TA/Gd/Ex with noise."""
    k = int(round(clip((score - 6.0) / 1.6 + 2.3 + rng.gauss(0, 0.45), lo, hi)))
    return QUAL_LEVELS[k]


def house(rng):
    nb = pick(rng, [(k, v[4]) for k, v in NEIGHBORHOODS.items()])
    nb_eff, nb_year, nb_q, zonings, _ = NEIGHBORHOODS[nb]
    zoning = pick(rng, zonings)
    year_built = int(round(clip(rng.gauss(nb_year, 14 if nb_year < 1995 else 6), 1875, 2010)))
    qual = int(round(clip(5.6 + nb_q + 0.018 * (year_built - 1970) + rng.gauss(0, 1.05), 1, 10)))
    cond = 5 if year_built > 1995 and rng.random() < 0.85 else int(clip(round(rng.gauss(5.8, 1.1)), 1, 9))
    yr_sold = rng.choice([2006, 2007, 2008, 2009, 2010])
    year_built = min(year_built, yr_sold)
    if year_built < 1950 and rng.random() < 0.6:
        remod = 1950 if rng.random() < 0.4 else rng.randint(1950, yr_sold)
    elif rng.random() < 0.35:
        remod = rng.randint(year_built, yr_sold)
    else:
        remod = max(year_built, 1950)
    bldg = pick(rng, [("1Fam", 84), ("TwnhsE", 8), ("Duplex", 3), ("Twnhs", 3), ("2fmCon", 2)])
    style = pick(rng, [("1Story", 50), ("2Story", 30), ("1.5Fin", 10), ("SLvl", 5), ("SFoyer", 3), ("1.5Unf", 2)])
    if bldg in ("TwnhsE", "Twnhs"):
        style = pick(rng, [("1Story", 60), ("2Story", 40)])
    if style == "1Story":
        subclass = 120 if bldg in ("TwnhsE", "Twnhs") else (20 if year_built >= 1946 else 30)
    elif style == "2Story":
        subclass = 160 if bldg in ("TwnhsE", "Twnhs") else (60 if year_built >= 1946 else 70)
    else:
        subclass = {"1.5Fin": 50, "1.5Unf": 45, "SLvl": 80, "SFoyer": 85}[style]
    if bldg == "Duplex":
        subclass = 90
    elif bldg == "2fmCon":
        subclass = 190
    first = int(clip(rng.gauss(1000 + 95 * (qual - 6), 260), 420, 3100))
    if style == "2Story":
        second = int(clip(first * rng.uniform(0.7, 1.05), 300, 2000))
        first = int(first * 0.8)
    elif style in ("1.5Fin", "1.5Unf"):
        second = int(first * rng.uniform(0.35, 0.6)) if style == "1.5Fin" else 0
    else:
        second = 0
    gr_liv = first + second
    has_bsmt = rng.random() > 0.03
    total_bsmt = int(clip(first * rng.uniform(0.75, 1.05), 0, 3200)) if has_bsmt else 0
    bsmt_qual = qual_word(rng, qual + 0.03 * (year_built - 1970), 1, 4) if has_bsmt else ""
    lot_area = int(clip(9500 * math.exp(rng.gauss(0, 0.38)) * (0.5 if zoning in ("RM", "FV") else 1.0), 1300, 115000))
    if rng.random() < 0.004:
        lot_area = rng.randint(60000, 215000)
    lot_front = int(clip(math.sqrt(lot_area) * rng.uniform(0.55, 0.85), 21, 313))
    mas_vnr = 0 if rng.random() < 0.6 - 0.04 * (qual - 5) else int(clip(rng.gauss(100 + 40 * (qual - 5), 90), 14, 1200))
    exter_q = qual_word(rng, qual, 1, 4)
    kitchen_q = qual_word(rng, qual + 0.02 * (remod - 1980), 1, 4)
    full_bath = int(clip(round(gr_liv / 900 + rng.gauss(0, 0.4)), 1, 3))
    half_bath = 1 if rng.random() < (0.55 if style == "2Story" else 0.25) else 0
    bedrooms = int(clip(round(gr_liv / 520 + rng.gauss(0, 0.6)), 1, 6))
    tot_rms = int(clip(bedrooms + 2 + round(gr_liv / 1100 + rng.gauss(0, 0.6)), 3, 14))
    fireplaces = 0 if rng.random() < 0.75 - 0.07 * (qual - 5) else (1 if rng.random() < 0.85 else 2)
    fp_qu = "" if fireplaces == 0 else pick(rng, [("Gd", 45), ("TA", 40), ("Fa", 5), ("Ex", 5), ("Po", 5)])
    if rng.random() < 0.055 - 0.006 * (qual - 5):
        gtype, gcars, garea = "", 0, 0
    else:
        gtype = pick(rng, [("Attchd", 64 + 3 * (year_built > 1960)), ("Detchd", 28 + 25 * (year_built < 1950)),
                           ("BuiltIn", 6 + 6 * (qual > 7)), ("Basment", 1.5), ("CarPort", 0.7)])
        gcars = int(clip(round(1.0 + 0.3 * (qual - 5) + rng.gauss(0.3, 0.55)), 1, 4))
        garea = int(clip(gcars * rng.gauss(250, 30) + rng.gauss(0, 40), 160, 1400))
    pool = "" if rng.random() > 0.006 else pick(rng, [("Ex", 1), ("Gd", 1), ("Fa", 1)])
    fence = "" if rng.random() > 0.2 else pick(rng, [("MnPrv", 55), ("GdPrv", 20), ("GdWo", 20), ("MnWw", 5)])
    mo = pick(rng, [(1, 4), (2, 4), (3, 7), (4, 10), (5, 14), (6, 17), (7, 16), (8, 8), (9, 4), (10, 6), (11, 5), (12, 4)])
    if year_built >= yr_sold - 1 and rng.random() < 0.7:
        sale = "Partial"
    else:
        sale = pick(rng, [("Normal", 86), ("Abnorml", 7), ("Family", 1.5), ("Alloca", 0.8), ("AdjLand", 0.3)])
    street = "Grvl" if rng.random() < 0.004 else "Pave"
    logp = (12.15 + nb_eff + 0.095 * (qual - 6) + 0.022 * max(0, qual - 7) ** 2
            + 0.48 * math.log(gr_liv / 1500.0) + 0.00011 * (total_bsmt - 1000)
            + 0.035 * gcars + 0.0022 * (year_built - 1970) + 0.0012 * (remod - year_built)
            + 0.035 * (cond - 5) + 0.035 * fireplaces + 0.06 * math.log(lot_area / 9500.0)
            + {"RL": 0, "RM": -0.06, "FV": 0.04, "RH": -0.08, "C (all)": -0.35}[zoning]
            + {"Ex": 0.07, "Gd": 0.03, "TA": 0, "Fa": -0.06, "Po": -0.1}[kitchen_q]
            + {"Normal": 0, "Partial": 0.05, "Abnorml": -0.1, "Family": -0.05, "Alloca": -0.04, "AdjLand": -0.15}[sale]
            + (0.0 if bldg == "1Fam" else -0.06) + (0.04 if fence == "" else -0.02) * 0.5
            + 0.012 * (yr_sold - 2008) * -1
            + rng.gauss(0, 0.105))
    price = int(round(clip(math.exp(logp), 35000, 755000) / 100.0)) * 100
    return {
        "MSSubClass": subclass, "MSZoning": zoning, "LotFrontage": "" if rng.random() < 0.17 else lot_front,
        "LotArea": lot_area, "Street": street, "Neighborhood": nb, "BldgType": bldg, "HouseStyle": style,
        "OverallQual": qual, "OverallCond": cond, "YearBuilt": year_built, "YearRemodAdd": remod,
        "MasVnrArea": "" if rng.random() < 0.006 else mas_vnr, "ExterQual": exter_q, "BsmtQual": bsmt_qual,
        "TotalBsmtSF": total_bsmt, "1stFlrSF": first, "2ndFlrSF": second, "GrLivArea": gr_liv,
        "FullBath": full_bath, "HalfBath": half_bath, "BedroomAbvGr": bedrooms, "KitchenQual": kitchen_q,
        "TotRmsAbvGrd": tot_rms, "Fireplaces": fireplaces, "FireplaceQu": fp_qu, "GarageType": gtype,
        "GarageCars": gcars, "GarageArea": garea, "PoolQC": pool, "Fence": fence, "MoSold": mo, "YrSold": yr_sold,
        "SaleCondition": sale, "SalePrice": price,
    }


def house_prices():
    """log(SalePrice) is linear in quality, log living area, basement area, garage, age, remodelling,
    condition, fireplaces, lot area, zoning, kitchen quality, sale condition and a neighbourhood effect,
    plus Gaussian noise (sd 0.105); two partial-sale outliers in train as in the real data."""
    rng = random.Random(2010)
    houses = [house(rng) for _ in range(1300)]
    rng.shuffle(houses)
    for i, h in enumerate(houses):
        h["Id"] = i + 1
    train, test = houses[:900], houses[900:]
    # the famous pair: huge new houses sold partially built for little money
    for h in rng.sample([h for h in train if h["Neighborhood"] == "Edwards"], 2):
        h.update({"GrLivArea": 4600 + rng.randint(0, 1000), "1stFlrSF": 3100 + rng.randint(0, 600),
                  "OverallQual": 10, "YearBuilt": 2007, "YearRemodAdd": 2008, "YrSold": 2008,
                  "SaleCondition": "Partial", "SalePrice": 160000 + rng.randint(0, 30) * 1000})
        h["2ndFlrSF"] = h["GrLivArea"] - h["1stFlrSF"]
        h["TotalBsmtSF"] = h["1stFlrSF"]
    # one test house with no garage information and one with no basement figure, as in the real test set
    g = rng.choice([h for h in test if h["GarageType"] == "Detchd"])
    g["GarageCars"], g["GarageArea"] = "", ""
    b = rng.choice([h for h in test if h["BsmtQual"] == ""])
    b["TotalBsmtSF"] = ""
    header = ["Id", "MSSubClass", "MSZoning", "LotFrontage", "LotArea", "Street", "Neighborhood", "BldgType",
              "HouseStyle", "OverallQual", "OverallCond", "YearBuilt", "YearRemodAdd", "MasVnrArea", "ExterQual",
              "BsmtQual", "TotalBsmtSF", "1stFlrSF", "2ndFlrSF", "GrLivArea", "FullBath", "HalfBath", "BedroomAbvGr",
              "KitchenQual", "TotRmsAbvGrd", "Fireplaces", "FireplaceQu", "GarageType", "GarageCars", "GarageArea",
              "PoolQC", "Fence", "MoSold", "YrSold", "SaleCondition", "SalePrice"]
    write_competition("house-prices", header, ["SalePrice"], "Id", train, test,
                      lambda r: r["SalePrice"], lambda r: 180000)


# --------------------------------------------------------------------------
# 3. telco-churn
# --------------------------------------------------------------------------
def customer(rng, seen):
    while True:
        cid = "%04d-%s" % (rng.randint(0, 9999), "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(5)))
        if cid not in seen:
            seen.add(cid)
            break
    gender = rng.choice(["Female", "Male"])
    senior = 1 if rng.random() < 0.16 else 0
    partner = "Yes" if rng.random() < 0.48 else "No"
    dependents = "Yes" if rng.random() < (0.5 if partner == "Yes" else 0.1) else "No"
    contract = pick(rng, [("Month-to-month", 55), ("One year", 21), ("Two year", 24)])
    if contract == "Month-to-month":
        tenure = int(clip(round(rng.expovariate(1 / 17.0)) + 1, 1, 72))
    elif contract == "One year":
        tenure = int(clip(round(rng.gauss(42, 18)), 1, 72))
    else:
        tenure = int(clip(round(rng.gauss(57, 15)), 1, 72))
        if rng.random() < 0.012:
            tenure = 0
    phone = "Yes" if rng.random() < 0.9 else "No"
    multi = "No phone service" if phone == "No" else ("Yes" if rng.random() < 0.3 + 0.005 * tenure else "No")
    internet = pick(rng, [("DSL", 34), ("Fiber optic", 44), ("No", 22)]) if phone == "Yes" else "DSL"
    addons = {}
    probs = {"OnlineSecurity": 0.36, "OnlineBackup": 0.44, "DeviceProtection": 0.44, "TechSupport": 0.37,
             "StreamingTV": 0.49, "StreamingMovies": 0.5}
    for k, p in probs.items():
        if internet == "No":
            addons[k] = "No internet service"
        else:
            p2 = p + 0.004 * (tenure - 30) - (0.08 if internet == "Fiber optic" and k in ("OnlineSecurity", "TechSupport") else 0)
            addons[k] = "Yes" if rng.random() < p2 else "No"
    paperless = "Yes" if rng.random() < (0.68 if internet != "No" else 0.3) else "No"
    payment = pick(rng, [("Electronic check", 34 + 12 * (contract == "Month-to-month")), ("Mailed check", 23),
                         ("Bank transfer (automatic)", 22), ("Credit card (automatic)", 21)])
    monthly = 0.0
    if phone == "Yes":
        monthly += 19.8 + (5.0 if multi == "Yes" else 0.0)
    if internet == "DSL":
        monthly += 25.0 if phone == "Yes" else 30.0
    elif internet == "Fiber optic":
        monthly += 50.0
    if internet != "No":
        for k in ("OnlineSecurity", "OnlineBackup", "DeviceProtection", "TechSupport"):
            monthly += 5.0 if addons[k] == "Yes" else 0.0
        for k in ("StreamingTV", "StreamingMovies"):
            monthly += 10.0 if addons[k] == "Yes" else 0.0
    monthly = round(clip(monthly + rng.gauss(0, 1.2), 18.25, 118.75), 2)
    total = " " if tenure == 0 else "%.2f" % (tenure * monthly * clip(rng.gauss(1.0, 0.04), 0.85, 1.15))
    n_addons = sum(addons[k] == "Yes" for k in probs)
    logit = (-1.35 + {"Month-to-month": 1.25, "One year": -0.15, "Two year": -1.35}[contract]
             - 0.55 * math.log1p(tenure) + 0.9 * (internet == "Fiber optic") - 0.7 * (internet == "No")
             + 0.45 * (payment == "Electronic check") + 0.4 * (addons["OnlineSecurity"] == "No")
             + 0.35 * (addons["TechSupport"] == "No") + 0.3 * senior + 0.3 * (paperless == "Yes")
             + 0.012 * (monthly - 65) - 0.2 * (dependents == "Yes") - 0.1 * (partner == "Yes")
             - 0.05 * n_addons + rng.gauss(0, 0.45))
    churn = 1 if rng.random() < sigmoid(logit) else 0
    row = {"customerID": cid, "gender": gender, "SeniorCitizen": senior, "Partner": partner,
           "Dependents": dependents, "tenure": tenure, "PhoneService": phone, "MultipleLines": multi,
           "InternetService": internet}
    row.update(addons)
    row.update({"Contract": contract, "PaperlessBilling": paperless, "PaymentMethod": payment,
                "MonthlyCharges": monthly, "TotalCharges": total, "Churn": "Yes" if churn else "No",
                "_y": churn})
    return row


def telco_churn():
    """Churn: logistic in contract (month-to-month high), log tenure, fibre optic, electronic check,
    missing security/tech support, senior, paperless billing and charges, plus a latent N(0, 0.45)."""
    rng = random.Random(7043)
    seen = set()
    rows = [customer(rng, seen) for _ in range(2100)]
    rng.shuffle(rows)
    train, test = rows[:1500], rows[1500:]
    header = ["customerID", "gender", "SeniorCitizen", "Partner", "Dependents", "tenure", "PhoneService",
              "MultipleLines", "InternetService", "OnlineSecurity", "OnlineBackup", "DeviceProtection",
              "TechSupport", "StreamingTV", "StreamingMovies", "Contract", "PaperlessBilling", "PaymentMethod",
              "MonthlyCharges", "TotalCharges", "Churn"]
    write_competition("telco-churn", header, ["Churn"], "customerID", train, test,
                      lambda r: r["_y"], lambda r: 0.5)


# --------------------------------------------------------------------------
# 4. forest-cover-type
# --------------------------------------------------------------------------
COVER_PRIOR = [(1, 32), (2, 38), (3, 7), (4, 2.5), (5, 6), (6, 5.5), (7, 9)]
COVER = {
    # elevation mean, sd; roadway mean; fire mean; hydrology mean; slope mean; wilderness probs; soil weights (10)
    1: (3130, 150, 2500, 2100, 260, 13, [45, 7, 45, 3], [0, 0, 1, 3, 2, 4, 14, 10, 6, 5]),
    2: (2920, 170, 2200, 1900, 230, 14, [45, 5, 40, 10], [2, 3, 6, 8, 4, 10, 8, 5, 3, 2]),
    3: (2390, 170, 950, 900, 170, 20, [0, 0, 30, 70], [12, 14, 8, 8, 6, 4, 0, 0, 0, 0]),
    4: (2220, 100, 800, 800, 100, 18, [0, 0, 0, 100], [20, 10, 14, 4, 2, 0, 0, 0, 0, 0]),
    5: (2790, 100, 1600, 1500, 210, 16, [50, 0, 50, 0], [0, 2, 4, 14, 8, 6, 3, 2, 0, 0]),
    6: (2420, 170, 1050, 1000, 180, 19, [0, 0, 40, 60], [10, 12, 10, 10, 4, 6, 1, 0, 0, 0]),
    7: (3360, 100, 2300, 2000, 280, 14, [30, 15, 55, 0], [0, 0, 0, 0, 1, 1, 4, 6, 14, 12]),
}


def forest_row(rng):
    cover = pick(rng, COVER_PRIOR)
    elev_m, elev_s, road_m, fire_m, hyd_m, slope_m, wild, soil = COVER[cover]
    elevation = int(clip(rng.gauss(elev_m, elev_s), 1860, 3850))
    if cover in (3, 6) and rng.random() < 0.4:
        aspect = int(rng.gauss(20, 50)) % 360  # north-facing slopes
    else:
        aspect = rng.randint(0, 359)
    slope = int(clip(rng.gauss(slope_m, 7.5), 0, 52))
    hh = int(clip(rng.expovariate(1.0 / hyd_m), 0, 1350))
    if rng.random() < 0.1:
        hh = 0
    vh = int(clip(hh * rng.uniform(0.0, 0.3) + rng.gauss(0, 25) - (20 if hh == 0 else 0), -150, 550))
    road = int(clip(road_m * math.exp(rng.gauss(0, 0.55)), 0, 6900))
    fire = int(clip(fire_m * math.exp(rng.gauss(0, 0.55)), 0, 6900))
    a = math.radians(aspect)
    s = slope / 45.0
    hs9 = int(clip(218 + 45 * s * math.cos(a - math.radians(110)) + rng.gauss(0, 6), 0, 254))
    hsn = int(clip(222 - 25 * s * math.cos(a) + rng.gauss(0, 5) - 8 * s, 60, 254))
    hs3 = int(clip(140 - 70 * s * math.cos(a - math.radians(110)) + rng.gauss(0, 8), 0, 250))
    wa = pick(rng, list(zip(range(4), wild)))
    st = pick(rng, list(zip(range(10), soil)))
    row = {"Elevation": elevation, "Aspect": aspect, "Slope": slope,
           "Horizontal_Distance_To_Hydrology": hh, "Vertical_Distance_To_Hydrology": vh,
           "Horizontal_Distance_To_Roadways": road, "Hillshade_9am": hs9, "Hillshade_Noon": hsn,
           "Hillshade_3pm": hs3, "Horizontal_Distance_To_Fire_Points": fire}
    for i in range(4):
        row["Wilderness_Area%d" % (i + 1)] = 1 if i == wa else 0
    for i in range(10):
        row["Soil_Type%d" % (i + 1)] = 1 if i == st else 0
    row["Cover_Type"] = cover
    return row


def forest_cover_type():
    """Classes first (unbalanced prior), then features given the class: elevation is the strongest
    signal, with roadway/fire distances, wilderness area and soil type adding to it; hillshades follow
    from aspect and slope."""
    rng = random.Random(1998)
    rows = [forest_row(rng) for _ in range(2000)]
    for i, r in enumerate(rows):
        r["Id"] = i + 1
    idx = list(range(2000))
    rng.shuffle(idx)
    test_ids = set(idx[:600])
    train = [r for i, r in enumerate(rows) if i not in test_ids]
    test = [r for i, r in enumerate(rows) if i in test_ids]
    # Kaggle numbering: train ids first, then test ids
    for i, r in enumerate(train + test):
        r["Id"] = i + 1
    header = (["Id", "Elevation", "Aspect", "Slope", "Horizontal_Distance_To_Hydrology",
               "Vertical_Distance_To_Hydrology", "Horizontal_Distance_To_Roadways", "Hillshade_9am",
               "Hillshade_Noon", "Hillshade_3pm", "Horizontal_Distance_To_Fire_Points"]
              + ["Wilderness_Area%d" % i for i in range(1, 5)] + ["Soil_Type%d" % i for i in range(1, 11)]
              + ["Cover_Type"])
    write_competition("forest-cover-type", header, ["Cover_Type"], "Id", train, test,
                      lambda r: r["Cover_Type"], lambda r: 2)


# --------------------------------------------------------------------------
# 5. bike-sharing-demand
# --------------------------------------------------------------------------
HOLIDAYS = {"2011-01-17", "2011-02-21", "2011-04-15", "2011-05-30", "2011-07-04", "2011-09-05", "2011-10-10",
            "2011-11-11", "2011-11-24", "2011-12-26", "2012-01-02", "2012-01-16", "2012-02-20", "2012-04-16",
            "2012-05-28", "2012-07-04", "2012-09-03", "2012-10-08", "2012-11-12", "2012-11-22", "2012-12-25"}
REG_WORK = [0.08, 0.035, 0.02, 0.01, 0.01, 0.05, 0.2, 0.6, 1.0, 0.5, 0.28, 0.32, 0.4, 0.38, 0.35, 0.4, 0.6, 1.05,
            0.95, 0.65, 0.45, 0.35, 0.25, 0.15]
REG_OFF = [0.25, 0.2, 0.15, 0.07, 0.03, 0.03, 0.06, 0.12, 0.25, 0.4, 0.55, 0.7, 0.8, 0.82, 0.8, 0.78, 0.75, 0.7,
           0.6, 0.5, 0.38, 0.32, 0.28, 0.22]
WINDS = [6.0032, 7.0015, 8.9981, 11.0014, 12.998, 15.0013, 16.9979, 19.0012, 19.9995, 22.0028, 23.9994, 26.0027,
         27.9993, 30.0026, 31.0009, 32.9975, 35.0008, 36.9974, 39.0007, 43.9989]


def bike_sharing_demand():
    """Hourly counts: registered riders follow a commuter profile on working days and a midday one
    otherwise, casual riders a midday bump (large on days off); both scale with growth over the two
    years, temperature and weather, times log-normal noise. Train: days 1-19, test: the rest, thinned."""
    rng = random.Random(2011)
    train, test = [], []
    day = datetime.date(2011, 1, 1)
    while day.year < 2013:
        in_train = day.day <= 19
        keep_p = 0.183 if in_train else 0.122
        doy = day.timetuple().tm_yday
        season = (day.month - 1) // 3 + 1
        holiday = 1 if day.isoformat() in HOLIDAYS else 0
        working = 1 if day.weekday() < 5 and not holiday else 0
        months = (day.year - 2011) * 12 + day.month - 1
        growth = 0.55 + 0.5 * months / 23.0 + (0.15 if day.year == 2012 else 0.0)
        day_temp = 16.5 - 11.5 * math.cos(2 * math.pi * (doy - 20) / 365.0) + rng.gauss(0, 3.2)
        day_weather = pick(rng, [(1, 62), (2, 29), (3, 9)])
        day_wind = rng.uniform(0.6, 1.4)
        for h in range(24):
            weather = day_weather
            if rng.random() < 0.18:
                weather = int(clip(weather + rng.choice([-1, 1]), 1, 3))
            if weather == 3 and rng.random() < 0.004:
                weather = 4
            temp_c = day_temp + 4.0 * math.sin(2 * math.pi * (h - 9) / 24.0) + rng.gauss(0, 0.8)
            temp = round(0.82 * round(clip(temp_c, 0.82, 41.0) / 0.82), 2)
            feel = temp_c + (2.5 if temp_c > 22 else -1.5) + rng.gauss(0, 1.0)
            atemp = round(0.7575 * round(clip(feel, 0.76, 45.455) / 0.7575), 3)
            humidity = int(clip(round(62 - 0.6 * (temp_c - 16) + 9 * (weather - 1) - 6 * math.sin(2 * math.pi * (h - 9) / 24.0)
                                      + rng.gauss(0, 10)), 8 if weather < 3 else 40, 100))
            wind = 0.0 if rng.random() < 0.12 else WINDS[int(clip(round(rng.gauss(5.5, 3.0) * day_wind), 0, len(WINDS) - 1))]
            tf = clip((temp_c - 1.0) / 26.0, 0.05, 1.0) - (0.25 * (temp_c - 32) / 8 if temp_c > 32 else 0)
            wf = {1: 1.0, 2: 0.88, 3: 0.42, 4: 0.15}[weather] * (1 - 0.004 * max(0, humidity - 70))
            reg_mean = (460 if working else 330) * (REG_WORK if working else REG_OFF)[h] * growth * (0.45 + 0.55 * tf) * wf
            cas_mean = (35 if working else 165) * math.exp(-((h - 14.5) / 4.3) ** 2) * growth * tf ** 1.3 * wf + 0.6
            registered = int(round(reg_mean * math.exp(rng.gauss(0, 0.22))))
            casual = int(round(cas_mean * math.exp(rng.gauss(0, 0.35))))
            if rng.random() >= keep_p:
                continue
            row = {"datetime": "%s %02d:00:00" % (day.isoformat(), h), "season": season, "holiday": holiday,
                   "workingday": working, "weather": weather, "temp": temp, "atemp": atemp,
                   "humidity": humidity, "windspeed": wind, "casual": casual, "registered": registered,
                   "count": casual + registered}
            (train if in_train else test).append(row)
        day += datetime.timedelta(days=1)
    header = ["datetime", "season", "holiday", "workingday", "weather", "temp", "atemp", "humidity", "windspeed",
              "casual", "registered", "count"]
    write_competition("bike-sharing-demand", header, ["casual", "registered", "count"], "datetime", train, test,
                      lambda r: r["count"], lambda r: 0)


# --------------------------------------------------------------------------
# 6. claims-severity
# --------------------------------------------------------------------------
def level_names(n):
    names = []
    for i in range(n):
        names.append(chr(65 + i) if i < 26 else chr(65 + i // 26 - 1) + chr(65 + i % 26))
    return names


def claims_severity():
    """log(loss) = per-level effects of the 12 categoricals + non-linear terms in cont2, cont3*cont5,
    cont7, cont1, cont4 + N(0, 0.3), and a 3% heavy tail; clipped to 500-40000."""
    rng = random.Random(2016)
    # categorical columns: (levels, zipf exponent, effect sd)
    spec = [(2, 1.6, 0.35), (2, 0.8, 0.2), (2, 2.5, 0.1), (2, 1.2, 0.05), (2, 1.0, 0.05), (2, 1.8, 0.05),
            (4, 1.5, 0.15), (3, 1.2, 0.12), (5, 1.3, 0.15), (8, 1.1, 0.15), (16, 1.0, 0.3), (60, 0.9, 0.35)]
    cats = []
    for n, expo, sd in spec:
        names = level_names(n)
        weights = [1.0 / (i + 1) ** expo for i in range(n)]
        effects = [0.0] + [rng.gauss(0, sd) for _ in range(n - 1)]
        cats.append((names, weights, effects))
    cats[0][2][1] = 0.5  # cat1 = B: clearly costlier claims
    beta = [(2, 2), (2, 5), (3, 3), (1.5, 1.5), (4, 2), (2, 3), (1.2, 3), (2, 2)]
    rows = []
    for _ in range(2100):
        r = {}
        logl = 7.2
        for j, (names, weights, effects) in enumerate(cats):
            k = rng.choices(range(len(names)), weights=weights)[0]
            r["cat%d" % (j + 1)] = names[k]
            logl += effects[k]
        conts = [rng.betavariate(a, b) for a, b in beta]
        conts[7] = clip(0.7 * conts[0] + 0.3 * rng.random(), 0, 1)  # cont8 tracks cont1
        for j, c in enumerate(conts):
            r["cont%d" % (j + 1)] = round(c, 6)
        logl += (1.6 * conts[1] + 2.5 * (conts[6] - 0.3) ** 2 + 1.2 * conts[2] * conts[4]
                 - 0.4 * conts[0] + 0.3 * math.sin(6 * conts[3]))
        logl += rng.gauss(0, 0.3)
        if rng.random() < 0.03:
            logl += abs(rng.gauss(1.0, 0.5))
        r["loss"] = round(clip(math.exp(logl), 500.0, 39999.0) + rng.random() * 0.99, 2)
        rows.append(r)
    ids, nxt = [], 1
    for _ in rows:
        ids.append(nxt)
        nxt += pick(rng, [(1, 40), (2, 25), (3, 15), (4, 10), (5, 10)])
    for i, r in zip(ids, rows):
        r["id"] = i
    order = list(range(2100))
    rng.shuffle(order)
    test_idx = set(order[:600])
    train = [r for i, r in enumerate(rows) if i not in test_idx]
    test = [r for i, r in enumerate(rows) if i in test_idx]
    header = ["id"] + ["cat%d" % i for i in range(1, 13)] + ["cont%d" % i for i in range(1, 9)] + ["loss"]
    write_competition("claims-severity", header, ["loss"], "id", train, test,
                      lambda r: r["loss"], lambda r: 0)


def main():
    titanic()
    house_prices()
    telco_churn()
    forest_cover_type()
    bike_sharing_demand()
    claims_severity()


if __name__ == "__main__":
    main()
