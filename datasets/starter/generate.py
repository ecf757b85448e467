"""Generates the starter dataset's Titanic-like competition data.

Seeded and standard-library only, so `python3 generate.py` rewrites the same
bytes. Survival depends on sex, class, age and fare the way the real passenger
list suggests; Age, Cabin and Embarked have gaps, as in the original.
"""
import csv
import math
import os
import random

rng = random.Random(20161)
HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "competitions", "titanic-mini", "data")
ANSWERS = os.path.join(HERE, "competitions", "titanic-mini", "answers")

FIRST = ["John", "William", "Mary", "Anna", "James", "Elizabeth", "George", "Margaret", "Charles", "Helen",
         "Thomas", "Alice", "Henry", "Emily", "Joseph", "Edith", "Frederick", "Bertha", "Arthur", "Ellen"]
LAST = ["Smith", "Brown", "Andersson", "Kelly", "Johnson", "Sage", "Goodwin", "Panula", "Skoog", "Carter",
        "Fortune", "Asplund", "Harper", "Rice", "Palsson", "Williams", "Baclini", "Moran", "Ford", "Hart"]


def passenger(pid):
    pclass = rng.choices([1, 2, 3], weights=[24, 21, 55])[0]
    sex = "female" if rng.random() < 0.35 else "male"
    title = ("Mrs." if rng.random() < 0.5 else "Miss.") if sex == "female" else ("Master." if rng.random() < 0.06 else "Mr.")
    age = max(0.42, round(rng.gauss(30 if title != "Master." else 5, 13 if title != "Master." else 3), 0))
    sibsp = rng.choices([0, 1, 2, 3, 4], weights=[68, 23, 3, 2, 4])[0]
    parch = rng.choices([0, 1, 2, 3], weights=[76, 13, 9, 2])[0]
    fare = round({1: 84.0, 2: 20.7, 3: 13.7}[pclass] * math.exp(rng.gauss(0, 0.45)), 4)
    cabin = "%s%d" % (rng.choice("ABCDE" if pclass == 1 else "DEF"), rng.randint(2, 130)) if pclass == 1 and rng.random() < 0.8 or pclass == 2 and rng.random() < 0.1 else ""
    embarked = rng.choices(["S", "C", "Q", ""], weights=[72, 19, 8, 1])[0]
    logit = 1.3 * (sex == "female") * 2 - 1.1 * (pclass - 2) - 0.025 * (age - 30) + 0.004 * fare - 0.3 * (sibsp > 2) - 0.6
    survived = 1 if rng.random() < 1 / (1 + math.exp(-logit)) else 0
    row = {
        "PassengerId": pid, "Pclass": pclass,
        "Name": "%s, %s %s" % (rng.choice(LAST), title, rng.choice(FIRST)),
        "Sex": sex, "Age": "" if rng.random() < 0.2 else age, "SibSp": sibsp, "Parch": parch,
        "Ticket": str(rng.randint(1000, 380000)), "Fare": fare, "Cabin": cabin, "Embarked": embarked,
    }
    return row, survived


def main():
    os.makedirs(DATA, exist_ok=True)
    os.makedirs(ANSWERS, exist_ok=True)
    cols = ["PassengerId", "Survived", "Pclass", "Name", "Sex", "Age", "SibSp", "Parch", "Ticket", "Fare", "Cabin", "Embarked"]
    train, test = [], []
    for pid in range(1, 601):
        row, y = passenger(pid)
        row["Survived"] = y
        (train if pid <= 420 else test).append(row)
    with open(os.path.join(DATA, "train.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, cols)
        w.writeheader()
        w.writerows(train)
    with open(os.path.join(DATA, "test.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, [c for c in cols if c != "Survived"], extrasaction="ignore")
        w.writeheader()
        w.writerows(test)
    with open(os.path.join(DATA, "gender_submission.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["PassengerId", "Survived"])
        for r in test:
            w.writerow([r["PassengerId"], 1 if r["Sex"] == "female" else 0])
    with open(os.path.join(ANSWERS, "solution.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["PassengerId", "Survived"])
        for r in test:
            w.writerow([r["PassengerId"], r["Survived"]])


if __name__ == "__main__":
    main()
