"""Writes the MLE-bench data folder of erosion's tests: testdata/data.

Three small competitions in MLE-bench's prepared layout,
    data/<id>/prepared/public/   train.csv, test.csv, sample_submission.csv (what notebooks see)
    data/<id>/prepared/private/  test.csv (the answers; tabular also gold_submission.csv)
with the columns of the real competitions, split as MLE-bench's prepare.py
splits Kaggle's train set (a held-out 10% becomes the new test set):

    leaf-classification                 id, species, margin1..64, shape1..64, texture1..64
    new-york-city-taxi-fare-prediction  key, fare_amount, pickup_datetime, coordinates, passenger_count
    tabular-playground-series-may-2022  id, f_00..f_30 (f_27 a ten-letter string), target

Standard-library Python 3, seeded: two runs write identical bytes. Each
target is a noisy function of the features, so the mined notebooks that
train on them score in the range of their Kaggle targets.
"""
import csv
import math
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data")


def dirs(cid):
    pub = os.path.join(DATA, cid, "prepared", "public")
    priv = os.path.join(DATA, cid, "prepared", "private")
    os.makedirs(pub, exist_ok=True)
    os.makedirs(priv, exist_ok=True)
    return pub, priv


def write(path, header, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow([r[c] for c in header])


def split(rows, rng, frac=0.1):
    idx = list(range(len(rows)))
    rng.shuffle(idx)
    n = max(1, int(round(len(rows) * frac)))
    test = sorted(idx[:n])
    train = sorted(idx[n:])
    return [rows[i] for i in train], [rows[i] for i in test]


SPECIES = ["Acer_Capillipes", "Acer_Circinatum", "Acer_Mono", "Acer_Opalus",
           "Acer_Palmatum", "Acer_Pictum", "Acer_Platanoids", "Acer_Rubrum"]


def leaf():
    rng = random.Random(1)
    feats = ["margin%d" % i for i in range(1, 65)] + ["shape%d" % i for i in range(1, 65)] + ["texture%d" % i for i in range(1, 65)]
    centre = {s: [rng.uniform(0, 0.04) for _ in feats] for s in SPECIES}
    rows = []
    ids = rng.sample(range(1, 1585), 20 * len(SPECIES))
    k = 0
    for s in SPECIES:
        for _ in range(20):
            r = {"id": ids[k], "species": s}
            k += 1
            for f, c in zip(feats, centre[s]):
                r[f] = "%.6f" % max(0.0, c + rng.gauss(0, 0.012))
            rows.append(r)
    rows.sort(key=lambda r: r["id"])
    train, test = split(rows, rng)
    pub, priv = dirs("leaf-classification")
    write(os.path.join(pub, "train.csv"), ["id", "species"] + feats, train)
    write(os.path.join(pub, "test.csv"), ["id"] + feats, test)
    write(os.path.join(pub, "sample_submission.csv"), ["id"] + SPECIES,
          [dict({"id": r["id"]}, **{s: "%.17g" % (1 / len(SPECIES)) for s in SPECIES}) for r in test])
    write(os.path.join(priv, "test.csv"), ["id"] + SPECIES,
          [dict({"id": r["id"]}, **{s: "1.0" if r["species"] == s else "0.0" for s in SPECIES}) for r in test])


def taxi():
    rng = random.Random(2)
    rows = []
    for i in range(3000):
        year = rng.randint(2009, 2015)
        t = "%04d-%02d-%02d %02d:%02d:%02d" % (year, rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59))
        plon, plat = -73.98 + rng.gauss(0, 0.02), 40.75 + rng.gauss(0, 0.02)
        dlon, dlat = plon + rng.gauss(0, 0.03), plat + rng.gauss(0, 0.03)
        dist = abs(dlon - plon) * 60 + abs(dlat - plat) * 90
        fare = max(2.5, 3.0 + 2.2 * dist * 10 + 0.45 * (year - 2009) + rng.gauss(0, 3.3))
        rows.append({"key": "%s.%07d" % (t, i + 1), "fare_amount": "%.2f" % fare, "pickup_datetime": t + " UTC",
                     "pickup_longitude": "%.6f" % plon, "pickup_latitude": "%.6f" % plat,
                     "dropoff_longitude": "%.6f" % dlon, "dropoff_latitude": "%.6f" % dlat,
                     "passenger_count": rng.choice([1, 1, 1, 1, 2, 2, 3, 5, 6])})
    train, test = split(rows, rng)
    cols = ["key", "fare_amount", "pickup_datetime", "pickup_longitude", "pickup_latitude", "dropoff_longitude", "dropoff_latitude", "passenger_count"]
    pub, priv = dirs("new-york-city-taxi-fare-prediction")
    write(os.path.join(pub, "train.csv"), cols, train)
    write(os.path.join(pub, "test.csv"), [c for c in cols if c != "fare_amount"], test)
    write(os.path.join(pub, "sample_submission.csv"), ["key", "fare_amount"], [{"key": r["key"], "fare_amount": "11.35"} for r in test])
    write(os.path.join(priv, "test.csv"), ["key", "fare_amount"], test)


def tabular():
    rng = random.Random(3)
    rows = []
    letters = "ABCDEFGHIJKLMNOPQRST"
    for i in range(1000):
        r = {"id": i}
        for j in list(range(0, 7)) + list(range(19, 27)) + [28]:
            r["f_%02d" % j] = "%.6f" % rng.gauss(0, 1.5)
        for j in range(7, 19):
            r["f_%02d" % j] = rng.randint(0, 10)
        word = "".join(rng.choice(letters[:8] if k % 2 else letters) for k in range(10))
        r["f_27"] = word
        r["f_29"] = rng.randint(0, 1)
        r["f_30"] = rng.randint(0, 2)
        z = (0.9 * float(r["f_00"]) - 0.7 * float(r["f_21"]) + 0.6 * float(r["f_22"]) * (r["f_29"] * 2 - 1)
             + 0.35 * (r["f_08"] - 5) + 0.8 * (word.count("B") - 1) - 0.5 * (r["f_30"] - 1) + rng.gauss(0, 0.9))
        r["target"] = 1 if z > 0 else 0
        rows.append(r)
    train, test = split(rows, rng)
    cols = ["id"] + ["f_%02d" % j for j in range(31)] + ["target"]
    pub, priv = dirs("tabular-playground-series-may-2022")
    write(os.path.join(pub, "train.csv"), cols, train)
    write(os.path.join(pub, "test.csv"), cols[:-1], test)
    write(os.path.join(pub, "sample_submission.csv"), ["id", "target"], [{"id": r["id"], "target": "0.5"} for r in test])
    write(os.path.join(priv, "test.csv"), ["id", "target"], test)
    write(os.path.join(priv, "gold_submission.csv"), ["id", "target"], test)


if __name__ == "__main__":
    leaf()
    taxi()
    tabular()
