"""Reference values for erosion's grading metrics, computed independently.

Reads the test cases (JSON, written by reference_test.go) from the file named
on the command line and prints {case name: score} as JSON. Every metric is
computed with scikit-learn, scipy or numpy where they have it, and from its
published definition where they do not (MAP@k, edit distances, Dice);
nothing here is shared with the Go code.
"""
import io
import json
import sys
import warnings

import numpy as np
import pandas as pd
import scipy
import sklearn
from scipy import special, stats
from sklearn import metrics as M
from sklearn.preprocessing import MultiLabelBinarizer

warnings.simplefilter("ignore")


def frame(text, idcol):
    df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    df.columns = [c.strip() for c in df.columns]
    df[idcol] = df[idcol].str.strip()
    return df.set_index(idcol)


def floats(col):
    return col.astype(float).to_numpy()


def apk(actual, predicted, k):
    """Average precision at k, from its definition (Kaggle's ml_metrics)."""
    predicted = predicted[:k]
    hits, score = 0, 0.0
    for i, p in enumerate(predicted):
        if p in actual and p not in predicted[:i]:
            hits += 1
            score += hits / (i + 1)
    return score / min(len(actual), k) if actual else 0.0


def edit_distance(a, b):
    """Levenshtein distance between two sequences (Wagner-Fischer)."""
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [i]
        for j, y in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y)))
        prev = cur
    return prev[-1]


def rle_mask(text, size):
    mask = np.zeros(size, dtype=bool)
    nums = [int(t) for t in text.split()] if text.strip() not in ("", "-") else []
    for start, length in zip(nums[0::2], nums[1::2]):
        mask[start - 1 : start - 1 + length] = True  # numpy drops what is past the end
    return mask


def column_metric(name, a, p, case, ans):
    """One target column: a and p are string Series aligned on the id."""
    if name == "accuracy":
        return M.accuracy_score(a, p)
    if name == "macro_f1":
        return M.f1_score(a, p, average="macro")
    if name == "roc_auc":
        keep = a.str.strip() != "-1"
        return M.roc_auc_score(floats(a[keep]), floats(p[keep]))
    if name == "log_loss":
        return M.log_loss(floats(a), floats(p), eps=1e-15)
    if name == "rmse":
        return np.sqrt(M.mean_squared_error(floats(a), floats(p)))
    if name == "log_rmse":
        return np.sqrt(M.mean_squared_error(np.log(floats(a)), np.log(floats(p))))
    if name == "rmsle":
        return np.sqrt(M.mean_squared_log_error(floats(a), floats(p)))
    if name == "mae":
        return M.mean_absolute_error(floats(a), floats(p))
    if name == "map@k":
        k = case.get("k") or 5
        return np.mean([apk(set(x.split()), y.split(), k) for x, y in zip(a, p)])
    if name == "qwk":
        return M.cohen_kappa_score(floats(p), floats(a), weights="quadratic")
    if name == "mcc":
        return M.matthews_corrcoef(a, p)
    if name == "micro_f1":
        mlb = MultiLabelBinarizer(classes=sorted({l for x in a for l in x.split()}))
        y_true = mlb.fit_transform([x.split() for x in a])
        y_pred = mlb.transform([x.split() for x in p])
        return M.f1_score(y_true, y_pred, average="micro")
    if name == "top1_error":
        return 1 - M.accuracy_score(a, [x.split()[0] for x in p])
    if name == "r2":
        return M.r2_score(floats(a), floats(p))
    if name == "pearson":
        return stats.pearsonr(floats(a), floats(p))[0]
    if name == "spearman":
        return stats.spearmanr(floats(a), floats(p)).correlation
    if name == "log_mae_by_group":
        df = pd.DataFrame({"a": floats(a), "p": floats(p), "g": ans[case["group_column"]]})
        return np.mean([np.log(M.mean_absolute_error(g.a, g.p)) for _, g in df.groupby("g")])
    if name == "levenshtein":
        return np.mean([edit_distance(x, y) for x, y in zip(a, p)])
    if name == "wer":
        return sum(edit_distance(x.split(), y.split()) for x, y in zip(a, p)) / sum(len(x.split()) for x in a)
    if name == "word_jaccard":
        ta = [set(x.lower().split()) for x in a]
        tp = [set(x.lower().split()) for x in p]
        mlb = MultiLabelBinarizer(classes=sorted(set().union(*ta, *tp)))
        return M.jaccard_score(mlb.fit_transform(ta), mlb.transform(tp), average="samples")
    if name in ("dice", "global_dice"):
        h, w = case.get("height_column"), case.get("width_column")
        sizes = [int(ans[h].iloc[i]) * int(ans[w].iloc[i]) if h else 10**6 for i in range(len(a))]
        ma = [rle_mask(x, n) for x, n in zip(a, sizes)]
        mp = [rle_mask(x, n) for x, n in zip(p, sizes)]
        if name == "global_dice":
            x, y = np.concatenate(ma), np.concatenate(mp)
            return 2 * np.sum(x & y) / (np.sum(x) + np.sum(y))
        return np.mean([1.0 if x.sum() + y.sum() == 0 else 2 * np.sum(x & y) / (x.sum() + y.sum()) for x, y in zip(ma, mp)])
    raise SystemExit(f"no reference for metric {name}")


def matrix_metric(name, ans, sub, cols, case):
    P = sub[cols].astype(float).to_numpy()
    if name == "multiclass_log_loss":
        if case.get("answer_column"):
            return M.log_loss(ans[case["answer_column"]], P, labels=cols)
        if len(cols) == 1:
            return M.log_loss(floats(ans[cols[0]]), P[:, 0])
        return M.log_loss(ans[cols].astype(float).to_numpy(), P)
    Y = ans[cols].astype(float).to_numpy()
    if name == "kl_divergence":
        Y = Y / Y.sum(axis=1, keepdims=True)
        return special.rel_entr(Y, np.clip(P, 1e-15, 1 - 1e-15)).sum(axis=1).mean()
    if name == "lwlrap":
        truth = Y > 0
        weight = truth.sum(axis=1)
        rows = weight > 0
        return M.label_ranking_average_precision_score(truth[rows], P[rows], sample_weight=weight[rows])
    if name == "mean_angular_error":
        def unit(az, zen):
            return np.stack([np.sin(zen) * np.cos(az), np.sin(zen) * np.sin(az), np.cos(zen)], axis=1)
        u, v = unit(Y[:, 0], Y[:, 1]), unit(P[:, 0], P[:, 1])
        return np.mean(np.arccos(np.clip(np.sum(u * v, axis=1), -1, 1)))
    raise SystemExit(f"no reference for metric {name}")


MATRIX = {"multiclass_log_loss", "kl_divergence", "lwlrap", "mean_angular_error"}


def reference(case):
    idcol = case["id_column"]
    ans = frame(case["answers"], idcol)
    sub = frame(case["submission"], idcol)
    sub = sub.loc[[i for i in sub.index if i in ans.index]].reindex(ans.index)
    if case.get("where"):
        col, value = case["where"]
        keep = ans[col].str.strip() == value
        ans, sub = ans[keep], sub[keep]
    cols = case["target_columns"]
    if cols == ["*"]:
        roles = {case.get(k) for k in ("group_column", "height_column", "width_column")}
        roles.add((case.get("where") or [None])[0])
        cols = [c for c in ans.columns if c not in roles]
    if case["metric"] in MATRIX:
        return matrix_metric(case["metric"], ans, sub, cols, case)
    acol = case.get("answer_column") or None
    scores = [column_metric(case["metric"], ans[acol or c], sub[c], case, ans) for c in cols]
    return float(np.mean(scores))


def main():
    cases = json.load(open(sys.argv[1]))
    out = {"versions": f"scikit-learn {sklearn.__version__}, scipy {scipy.__version__}, numpy {np.__version__}, pandas {pd.__version__}"}
    for case in cases:
        out[case["name"]] = float(reference(case))
    json.dump(out, sys.stdout, indent=1)


main()
