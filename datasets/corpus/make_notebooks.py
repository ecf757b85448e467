"""Writes the corpus dataset's notebooks, dataset.yaml and old_apis.csv.

The notebooks are short Kaggle kernels in the styles of 2016-2020 (EDA,
a model, a submission) written for erosion: each is assembled from the
snippets in authoring/<competition>.py and exercises two to five old APIs
of authoring/apis.py in a realistic combination. A seeded planner picks the
combinations so that every snippet and every old API is used, and dates each
notebook inside the window in which all of its code was current (after the
APIs it uses appeared, before the ones it uses were removed).

    python3 make_notebooks.py      # standard library only; identical output each run

then `erosion dataset seal datasets/corpus`.
"""
import csv
import datetime
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "authoring"))

import apis as apimod  # noqa: E402
import apis2  # noqa: E402
import apis3  # noqa: E402
import apis4  # noqa: E402
import churn, digits, fraud, houses, sales, titanic, tweets, wine  # noqa: E402
import churn2, digits2, fraud2, houses2, sales2, titanic2, tweets2, wine2  # noqa: E402
import churn3, digits3, fraud3, houses3, sales3, titanic3, tweets3, wine3  # noqa: E402
import churn4, digits4, fraud4, houses4, sales4, titanic4, tweets4, wine4  # noqa: E402
from kit import order_imports  # noqa: E402

APIS = dict(apimod.APIS)
assert not set(APIS) & set(apis2.APIS2)
APIS.update(apis2.APIS2)
assert not set(APIS) & set(apis3.APIS3)
APIS.update(apis3.APIS3)
assert not set(APIS) & set(apis4.APIS4)
APIS.update(apis4.APIS4)
EARLIEST = datetime.date(2016, 8, 1)
LATEST = datetime.date(2020, 11, 30)

# competition module -> how many notebooks
PLAN = [(titanic, 32), (houses, 26), (tweets, 18), (fraud, 20), (sales, 14), (digits, 18), (churn, 18), (wine, 14)]
# Batch 2: written after the rule catalog (docs/rules.md), from its entries,
# by an author who did not read how the rules match; ids <slug>-2NN-<year>,
# listed in batch2.txt.
PLAN2 = [(titanic2, 30), (houses2, 24), (tweets2, 18), (fraud2, 20), (sales2, 16), (digits2, 16), (churn2, 18), (wine2, 14)]
# Batch 3: a held-out test set, written from the catalog's table (docs/rules.md)
# and the libraries' release notes, without reading how the rules match and
# without reusing the old-API code of batches 1 and 2; ids <slug>-3NN-<year>,
# listed in batch3.txt.
PLAN3 = [(titanic3, 24), (houses3, 22), (tweets3, 16), (fraud3, 20), (sales3, 18), (digits3, 16), (churn3, 18), (wine3, 16)]
# Batch 4: a small held-out set, fresh code, about three in four of its old-API
# uses from the catalog's table and the rest from the libraries' release notes
# (apis4.py), without reading how the rules match; ids <slug>-4NN-<year>,
# listed in batch4.txt.
PLAN4 = [(titanic4, 8), (houses4, 8), (tweets4, 8), (fraud4, 8), (sales4, 8), (digits4, 8), (churn4, 8), (wine4, 8)]

COMPETITIONS = {
    "titanic": dict(title="Titanic: Machine Learning from Disaster (corpus)", metric="accuracy", higher=True, id="PassengerId", target="Survived",
                    modelled_on="titanic", description="Predict which passengers of a Titanic-like passenger list survived."),
    "house-prices": dict(title="House Prices: Advanced Regression Techniques (corpus)", metric="log_rmse", higher=False, id="Id", target="SalePrice",
                         modelled_on="house-prices-advanced-regression-techniques", description="Predict the sale price of each home; scored on the RMSE of log prices."),
    "nlp-getting-started": dict(title="Real or Not? NLP with Disaster Tweets (corpus)", metric="macro_f1", higher=True, id="id", target="target",
                                modelled_on="nlp-getting-started", description="Tell tweets about real disasters (1) from the others (0)."),
    "credit-fraud": dict(title="Credit Card Fraud Detection (corpus)", metric="roc_auc", higher=True, id="id", target="Class",
                         modelled_on="creditcardfraud (data set)", description="Score each transaction's probability of being a fraud; 1.8% are."),
    "store-sales": dict(title="Store Sales Forecasting (corpus)", metric="rmsle", higher=False, id="id", target="sales",
                        modelled_on="demand-forecasting-kernels-only", description="Forecast the daily sales of three stores for the first quarter of 2017."),
    "digit-recognizer": dict(title="Digit Recognizer (corpus, 8x8)", metric="accuracy", higher=True, id="ImageId", target="Label",
                             modelled_on="digit-recognizer", description="Recognise handwritten digits in 8x8 grey-level images."),
    "telco-churn": dict(title="Telco Customer Churn (corpus)", metric="accuracy", higher=True, id="customerID", target="Churn",
                        modelled_on="telco-customer-churn (data set)", description="Predict which customers leave (Yes/No)."),
    "wine-quality": dict(title="Red Wine Quality (corpus)", metric="accuracy", higher=True, id="id", target="quality",
                         modelled_on="red-wine-quality-cortez-et-al-2009 (data set)", description="Predict the quality grade (3-8) of red wines."),
}

MODEL_NAMES = {
    "t-model-rf-auto": "Random Forest", "t-model-gridsearch-old": "SVM", "t-model-cv-logreg": "Logistic Regression",
    "t-model-gbc-deviance": "Gradient Boosting", "t-model-xgb-early": "XGBoost", "t-model-voting-kfold": "a voting ensemble",
    "t-model-ada": "AdaBoost", "t-model-grid-iid": "a tuned Random Forest", "t-model-tree-pydot": "a Decision Tree",
    "t-model-tree-graphviz": "a Decision Tree", "t-model-keras": "Keras",
    "h-model-lasso-normalize": "Lasso", "h-model-gbr-ls": "Gradient Boosting", "h-model-rf-mse": "Random Forest",
    "h-model-xgb-ntree": "XGBoost", "h-model-xgb-sklearn": "XGBoost", "h-model-kfold-stack": "model averaging",
    "h-model-grid-old-ridge": "Ridge", "h-model-lgb": "LightGBM", "h-model-lr-joblib": "Ridge Regression",
    "w-model-tfidf-lr": "TF-IDF and Logistic Regression", "w-model-count-nb": "Naive Bayes", "w-model-dense-nb": "Gaussian NB",
    "w-model-svd-xgb": "SVD + XGBoost", "w-model-plot-cm": "a linear SVM", "w-model-keras-lstm": "an LSTM", "w-model-rfe-positional": "RFE",
    "f-model-smote-lr": "SMOTE", "f-model-smote-ratio": "SMOTE + Random Forest", "f-model-imb-pipeline": "an imblearn pipeline",
    "f-model-xgb": "XGBoost", "f-model-roc-folds": "Logistic Regression", "f-model-roc-interp": "Random Forest",
    "f-model-iforest": "Isolation Forest", "f-model-old-kfold": "Logistic Regression", "f-model-lgb": "LightGBM", "f-model-keras": "Keras",
    "s-model-arima": "ARIMA", "s-model-sarimax": "SARIMAX", "s-model-xgb-features": "XGBoost", "s-model-rf-features": "Random Forest",
    "s-model-holt": "Holt-Winters", "s-model-arma-weekly": "ARMA",
    "d-model-knn-scratch": "kNN", "d-model-svc-old": "SVM", "d-model-mlp-cm": "an MLP", "d-model-xgb": "XGBoost",
    "d-model-pca-svc-grid": "PCA + SVM", "d-model-keras-cnn": "a CNN", "d-model-tf-dense": "TensorFlow", "d-model-rf-knn-vote": "a voting ensemble",
    "c-model-logit": "Logistic Regression", "c-model-rf-cm": "Random Forest", "c-model-gbc-presort": "Gradient Boosting",
    "c-model-xgb-strings": "XGBoost", "c-model-svc-kfold": "SVM", "c-model-smote": "SMOTE", "c-model-rfe": "RFE", "c-model-lgb": "LightGBM",
    "q-model-xgb": "XGBoost", "q-model-rf": "Random Forest", "q-model-svc-grid-old": "SVM", "q-model-knn-kfold": "kNN",
    "q-model-gbc": "Gradient Boosting", "q-model-ada": "AdaBoost", "q-model-lr": "Logistic Regression",
    "f-model-rus-ratio": "under-sampling", "f-model-adasyn-bagging": "ADASYN + balanced bagging", "c-model-smote-ratio": "SMOTE + Gradient Boosting",
}

# Snippets whose results vary from run to run (unseeded models).
STOCHASTIC = set()
for _m, _ in PLAN2 + PLAN3 + PLAN4:
    MODEL_NAMES.update(_m.MODEL_NAMES)
    STOCHASTIC |= _m.STOCHASTIC
STOCHASTIC |= {"t-model-voting-kfold", "t-model-keras", "w-model-keras-lstm", "d-model-keras-cnn", "d-model-tf-dense", "f-model-keras",
              "t-model-tree-pydot", "t-model-tree-graphviz"}

AUTHORS = """aditya_r kagglerookie mlwithmaria d_vasquez sunny_data jk_ng tabular_tim priyanka_s heatmapper ben_okafor
lin_zhao98 the_overfitter r_kowalski data_diva77 hamid_r nils_e sofia_mtz kernelcrafter gradient_gus yuki_t
pedro_lima anya_k boostedtrees m_haddad fatima_z chris_wolff nora_ds ivan_petrov kaggle_kim leo_martin
amelia_j rafael_s datawithdev oliver_b sandeep_k emma_l visual_vic tomas_h zeynep_a marco_rossi
ngozi_e lucas_f hannah_w arjun_m sara_b matt_e deeplearner_42 claire_d ahmed_s julia_n
rohit_v ewa_z kevin_o maya_p stats_sam noah_g ines_c felix_k grace_h omar_t
li_wei tanya_b jorge_a nadia_r paul_x rita_m sven_l amir_h chloe_v dan_q""".split()

INTROS = ["In this notebook I explore the data, engineer a few features and train {m}. Feedback is welcome!",
          "This is my first kernel. I will go step by step: EDA, cleaning, modelling with {m}, and a submission.",
          "A short notebook: quick look at the data, a few plots, then {m}.",
          "Here I try {m} after some exploratory analysis. Please upvote if you find it useful :)",
          "Goal: a clean, reproducible baseline with {m}.",
          "Work in progress. Comments and suggestions are appreciated!"]
OUTROS = ["If you liked this kernel, please upvote!", "Thanks for reading. More to come in the next version.",
          "That's it for now - feel free to fork and improve.", ""]


def d(s):
    return datetime.date.fromisoformat(s)


def window(comp, snippets):
    lo = max([EARLIEST, d(getattr(comp, "SINCE", "2016-01-01"))] + [d(s.since) for s in snippets])
    hi = LATEST
    for s in snippets:
        if s.until:
            hi = min(hi, d(s.until) - datetime.timedelta(days=1))
        for a in s.apis:
            if APIS[a]["until"]:
                hi = min(hi, d(APIS[a]["until"]) - datetime.timedelta(days=1))
    return lo, hi


def plan(comp, count, rng, used_names, require_raising=False):
    """Picks count distinct snippet combinations for one competition
    (with require_raising, only those with an old API that fails today)."""
    loads = [s for s in comp.LOAD]
    picks, seen = [], set()
    usage = {s.id: 0 for s in comp.EDA + comp.PREP + comp.MODEL}
    nodeb_left = [getattr(comp, "NO_DEBIAN", 1)]
    attempts = 0
    while len(picks) < count:
        attempts += 1
        if attempts > 200000:
            raise SystemExit("cannot plan %s: %d of %d notebooks" % (comp.SLUG, len(picks), count))
        # Prefer the least-used snippets so that every one appears.
        def choose(pool, k=1):
            pool = sorted(pool, key=lambda s: (usage[s.id] + rng.random() * 1.5))
            return pool[:k]
        model = choose(comp.MODEL)[0] if rng.random() < 0.8 else rng.choice(comp.MODEL)
        prep = choose(comp.PREP)[0] if rng.random() < 0.7 else rng.choice(comp.PREP)
        n_eda = rng.choice([1, 1, 2, 2, 2, 3])
        eda = rng.sample(comp.EDA, n_eda) if rng.random() < 0.5 else choose(comp.EDA, n_eda)
        eda = sorted(eda, key=lambda s: comp.EDA.index(s))
        load = rng.choice(loads)
        sub = rng.choice(comp.SUBMIT)
        parts = [load] + eda + [prep, model, sub]
        apis = []
        for s in parts:
            for a in s.apis:
                if a not in apis:
                    apis.append(a)
        if not 2 <= len(apis) <= 5:
            continue
        if require_raising and not any(APIS[a]["today"] == "raises" for a in apis):
            continue
        # At most one package that no Debian suite has per notebook, and few
        # such notebooks: they are counted apart as unrestorable here.
        nodeb = sum(1 for a in apis if APIS[a]["family"] == "no-debian")
        if nodeb > 1 or (nodeb and nodeb_left[0] <= 0):
            continue
        key = tuple(s.id for s in parts)
        if key in seen:
            continue
        lo, hi = window(comp, parts)
        if lo > hi:
            continue
        seen.add(key)
        nodeb_left[0] -= nodeb
        for s in eda + [prep, model]:
            usage[s.id] += 1
        day = lo + datetime.timedelta(days=rng.randint(0, (hi - lo).days))
        picks.append(dict(parts=parts, apis=apis, date=day, model=model))
    unused = [k for k, v in usage.items() if v == 0 and not any(APIS[a]["family"] == "no-debian" for s in comp.EDA + comp.PREP + comp.MODEL if s.id == k for a in s.apis)]
    if unused:
        print("warning: %s: snippets never used: %s" % (comp.SLUG, unused), file=sys.stderr)
    return picks


def source_lines(text):
    lines = text.split("\n")
    return [l + "\n" for l in lines[:-1]] + [lines[-1]]


def build_cells(comp, pick, rng, title, intro, outro):
    cells = [("markdown", "# %s\n\n%s" % (title, intro))]
    imports = []
    for s in pick["parts"]:
        imports += s.imports
    imports = order_imports(imports)
    uses_plt = any("matplotlib" in l for l in imports)
    head = []
    if uses_plt and rng.random() < 0.6:
        head.append("%matplotlib inline")
    if rng.random() < 0.35 and "import warnings" not in imports:
        imports = ["import warnings"] + imports
        tail = ["warnings.filterwarnings('ignore')"]
    else:
        tail = []
    if "import warnings" in imports and not tail and rng.random() < 0.5:
        tail = ["warnings.filterwarnings('ignore')"]
    cells.append(("code", "\n".join(imports + head + tail)))
    for s in pick["parts"]:
        cells += s.cells
    if outro:
        cells.append(("markdown", outro))
    return cells


def ipynb4(cells, py="3.6.4"):
    nb = {"cells": [], "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                                    "language_info": {"codemirror_mode": {"name": "ipython", "version": 3}, "file_extension": ".py",
                                                      "mimetype": "text/x-python", "name": "python", "nbconvert_exporter": "python",
                                                      "pygments_lexer": "ipython3", "version": py}},
          "nbformat": 4, "nbformat_minor": 1}
    for kind, text in cells:
        c = {"cell_type": kind, "metadata": {}, "source": source_lines(text)}
        if kind == "code":
            c.update(execution_count=None, outputs=[])
        nb["cells"].append(c)
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def ipynb3(cells):
    ws = {"cells": [], "metadata": {}}
    for kind, text in cells:
        if kind == "code":
            ws["cells"].append({"cell_type": "code", "collapsed": False, "input": source_lines(text), "language": "python",
                                "metadata": {}, "outputs": [], "prompt_number": None})
        else:
            ws["cells"].append({"cell_type": "markdown", "metadata": {}, "source": source_lines(text)})
    nb = {"metadata": {"name": ""}, "nbformat": 3, "nbformat_minor": 0, "worksheets": [ws]}
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def script(cells):
    out = ["#!/usr/bin/env python", "# coding: utf-8", ""]
    for kind, text in cells:
        if kind == "code":
            out += ["# In[ ]:", "", ""]
            out += [l if not l.startswith("%") else "get_ipython().run_line_magic(%r, %r)" % tuple(l[1:].split(" ", 1)) for l in text.split("\n")]
            out += ["", ""]
        else:
            out += ["# " + l if l else "#" for l in text.split("\n")]
            out += [""]
    return "\n".join(out).rstrip("\n") + "\n"


def yaml_str(s):
    return json.dumps(s, ensure_ascii=False)


def main():
    rng = random.Random(20161001)
    notebooks, rows = [], []
    authors = AUTHORS[:]
    rng.shuffle(authors)
    author_i = 0
    batches = [(1, PLAN, rng, authors, lambda comp: random.Random(sum(map(ord, comp.SLUG))), "%s-%03d-%d", 0)]
    # Batch 2 draws from its own generators, so batch 1 is what it was.
    rng2 = random.Random(20201215)
    authors2 = AUTHORS[:]
    rng2.shuffle(authors2)
    batches.append((2, PLAN2, rng2, authors2, lambda comp: random.Random(2 * sum(map(ord, comp.SLUG)) + 2), "%s-2%02d-%d", 0))
    # Batch 3 too.
    rng3 = random.Random(20211103)
    authors3 = AUTHORS[:]
    rng3.shuffle(authors3)
    batches.append((3, PLAN3, rng3, authors3, lambda comp: random.Random(3 * sum(map(ord, comp.SLUG)) + 3), "%s-3%02d-%d", 0))
    # Batch 4 too.
    rng4 = random.Random(20221207)
    authors4 = AUTHORS[:]
    rng4.shuffle(authors4)
    batches.append((4, PLAN4, rng4, authors4, lambda comp: random.Random(4 * sum(map(ord, comp.SLUG)) + 4), "%s-4%02d-%d", 0))
    for batch, plan_list, rng, authors, plan_rng, id_format, author_i in batches:
        for comp, count in plan_list:
            picks = plan(comp, count, plan_rng(comp), set(), require_raising=batch >= 2)
            picks.sort(key=lambda p: p["date"])
            os.makedirs(os.path.join(HERE, "notebooks", comp.SLUG), exist_ok=True)
            for n, pick in enumerate(picks, 1):
                m = MODEL_NAMES[pick["model"].id]
                title = rng.choice(comp.TITLES).format(m=m)
                title = title[0].upper() + title[1:]
                intro = rng.choice(INTROS).format(m=m)
                outro = rng.choice(OUTROS)
                author = authors[author_i % len(authors)]
                author_i += 1
                cells = build_cells(comp, pick, rng, title, intro, outro)
                nid = id_format % (comp.SLUG, n, pick["date"].year)
                rng.random()  # (kept: the draw that used to pick the format)
                # nbformat 3 was gone from Kaggle by 2017; script kernels were
                # common until about 2018.
                fr = random.Random(nid).random()
                if pick["date"] < datetime.date(2017, 4, 1) and fr < 0.6:
                    fname, body = nid + ".ipynb", ipynb3(cells)
                elif pick["date"] < datetime.date(2019, 1, 1) and fr < 0.15:
                    fname, body = nid + ".py", script(cells)
                else:
                    py = "3.6.6" if pick["date"].year >= 2018 else "3.6.1"
                    if pick["date"] >= datetime.date(2019, 9, 1):
                        py = "3.6.6" if rng.random() < 0.5 else "3.7.6"
                    fname, body = nid + ".ipynb", ipynb4(cells, py)
                with open(os.path.join(HERE, "notebooks", comp.SLUG, fname), "w") as f:
                    f.write(body)
                raising = [a for a in pick["apis"] if APIS[a]["today"] == "raises"]
                era_missing = [a for a in pick["apis"] if not APIS[a]["bullseye"]]
                fams = []
                for a in pick["apis"]:
                    if APIS[a]["family"] not in fams:
                        fams.append(APIS[a]["family"])
                libs = []
                for a in pick["apis"]:
                    if APIS[a]["lib"] not in libs:
                        libs.append(APIS[a]["lib"])
                notes = "old APIs: " + "; ".join("%s %s (%s)" % (APIS[a]["lib"], APIS[a]["api"], APIS[a]["change"]) for a in pick["apis"])
                notes += " | families: " + ", ".join(fams)
                notes += " | era (bullseye): " + ("runs" if not era_missing else "fails: " + ", ".join(era_missing) + " absent there")
                if batch == 2:
                    notes += " | batch 2 (written after the rule catalog)"
                elif batch == 3:
                    notes += " | batch 3 (held out: written from the catalog's table and release notes)"
                elif batch == 4:
                    notes += " | batch 4 (held out: written from the catalog's table and release notes)"
                notebooks.append(dict(id=nid, competition=comp.SLUG, file="%s/%s" % (comp.SLUG, fname), title=title, author=author,
                                      submitted=pick["date"].isoformat(), stochastic=any(s.id in STOCHASTIC for s in pick["parts"]),
                                      expect_today="error" if raising else "ok", notes=notes, batch=batch))
                for a in pick["apis"]:
                    rows.append(dict(notebook_id=nid, competition=comp.SLUG, api_id=a, library=APIS[a]["lib"], api=APIS[a]["api"],
                                     family=APIS[a]["family"], change=APIS[a]["change"], today=APIS[a]["today"],
                                     in_bullseye="yes" if APIS[a]["bullseye"] else "no", batch=batch))
    # dataset.yaml (checksums are added by `erosion dataset seal`)
    out = ["# datasets/corpus: a held-out corpus of 2016-2020 style Kaggle kernels for measuring",
           "# modernization. Every notebook exercises two to five old APIs of the Kaggle stack",
           "# (authoring/apis.py, from the libraries' release notes) in realistic combination;",
           "# old_apis.csv lists them per notebook with their library and family. Data from",
           "# generate.py, notebooks from make_notebooks.py (both seeded, standard library only).",
           "# The era environment of every notebook is bullseye (configs/eras.yaml); a notebook",
           "# whose old API was removed before bullseye's versions (or needs a package or data",
           "# no Debian suite has) says so in its notes. Batch 2 (ids <slug>-2NN-<year>, listed in",
           "# batch2.txt; authoring/*2.py and apis2.py) was written after the rule catalog",
           "# (docs/rules.md), from its entries, without reading how the rules match. Batch 3",
           "# (ids <slug>-3NN-<year>, batch3.txt; authoring/*3.py and apis3.py) is a held-out",
           "# test set: fresh code, written from the catalog's table and the libraries' release",
           "# notes, many of its old APIs outside the catalog, without reading how rules match.",
           "# Batch 4 (ids <slug>-4NN-<year>, batch4.txt; authoring/*4.py and apis4.py) is a",
           "# small held-out set: fresh code, about three in four of its old-API uses from the",
           "# catalog's table, the rest from the libraries' release notes.",
           "name: corpus", 'version: "1"',
           "description: %d short Kaggle-style kernels (2016-2020) on eight competitions, each exercising 2-5 old APIs, with the data they read; the %d of batch 2 (batch2.txt) were written after the rule catalog; the %d of batch 3 (batch3.txt) are a held-out test set; the %d of batch 4 (batch4.txt) a small held-out set." % (len(notebooks), sum(nb["batch"] == 2 for nb in notebooks), sum(nb["batch"] == 3 for nb in notebooks), sum(nb["batch"] == 4 for nb in notebooks)),
           "licence: CC-BY-4.0 (notebooks and generated data written for erosion)",
           "time_limit_s: 300", "tolerance: 0.10", "confirm_runs: 1",
           "competitions: [%s]" % ", ".join(c.SLUG for c, _ in PLAN), "notebooks:"]
    for nb in notebooks:
        out.append("  - id: %s" % nb["id"])
        for k in ("competition", "file", "title", "author", "submitted", "stochastic", "expect_today", "notes"):
            v = nb[k]
            out.append("    %s: %s" % (k, ("true" if v else "false") if isinstance(v, bool) else yaml_str(v)))
    with open(os.path.join(HERE, "dataset.yaml"), "w") as f:
        f.write("\n".join(out) + "\n")
    with open(os.path.join(HERE, "old_apis.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    with open(os.path.join(HERE, "batch1.txt"), "w") as f:
        f.write("# Batch 1 of the corpus: written before the rule catalog; rules were since added from its failures.\n"
                "# erosion run|modernize --dataset datasets/corpus --notebooks-file datasets/corpus/batch1.txt\n")
        f.write("".join(nb["id"] + "\n" for nb in notebooks if nb["batch"] == 1))
    with open(os.path.join(HERE, "batch2.txt"), "w") as f:
        f.write("# Batch 2 of the corpus: written after the rule catalog, never seen by it.\n"
                "# erosion run|modernize --dataset datasets/corpus --notebooks-file datasets/corpus/batch2.txt\n")
        f.write("".join(nb["id"] + "\n" for nb in notebooks if nb["batch"] == 2))
    with open(os.path.join(HERE, "batch3.txt"), "w") as f:
        f.write("# Batch 3 of the corpus: a held-out test set (fresh code, old APIs from the catalog's table and release notes).\n"
                "# erosion run|modernize --dataset datasets/corpus --notebooks-file datasets/corpus/batch3.txt\n")
        f.write("".join(nb["id"] + "\n" for nb in notebooks if nb["batch"] == 3))
    with open(os.path.join(HERE, "batch4.txt"), "w") as f:
        f.write("# Batch 4 of the corpus: a small held-out set (fresh code, old APIs from the catalog's table and release notes).\n"
                "# erosion run|modernize --dataset datasets/corpus --notebooks-file datasets/corpus/batch4.txt\n")
        f.write("".join(nb["id"] + "\n" for nb in notebooks if nb["batch"] == 4))
    for slug, c in COMPETITIONS.items():
        with open(os.path.join(HERE, "competitions", slug, "competition.yaml"), "w") as f:
            f.write("slug: %s\ntitle: %s\ndescription: %s\nmetric: %s\nhigher_is_better: %s\nid_column: %s\ntarget_column: %s\n"
                    "submission_file: submission.csv\nmodelled_on: %s\n" % (slug, yaml_str(c["title"]), yaml_str(c["description"]), c["metric"],
                                                                           "true" if c["higher"] else "false", c["id"], c["target"], yaml_str(c["modelled_on"])))
    print("%d notebooks (%d in batch 2, %d in batch 3, %d in batch 4), %d old-API uses" % (len(notebooks), sum(nb["batch"] == 2 for nb in notebooks),
                                                                                         sum(nb["batch"] == 3 for nb in notebooks),
                                                                                         sum(nb["batch"] == 4 for nb in notebooks), len(rows)))


if __name__ == "__main__":
    main()
