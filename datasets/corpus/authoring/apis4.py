"""Old APIs that only batch 4 of the corpus exercises (batch 4 also reuses ids of
apis.APIS, apis2.APIS2 and apis3.APIS3 where its fresh code uses an old API of
the rule catalog's table).

Batch 4 is a small held-out set: about three in four of its old-API uses are
entries of the catalog's table (docs/rules.md), the rest come from the
libraries' release notes (source="release-notes" below), written by someone who
did not read how the rules match. Each was checked in bullseye (where it works)
and in trixie (where it raises). Same fields as apis.APIS.
"""

APIS4 = {
    # ------------------------------------------------------------ pandas
    "pd-get-loc-method": dict(lib="pandas", api="index.get_loc(key, method='nearest')",
        change="method= deprecated 1.4, removed 2.0; use index.get_indexer([key], method='nearest')[0]", family="renamed-api", until="2023-04-03", bullseye=True, today="raises", source="release-notes"),
    "pd-resample-loffset": dict(lib="pandas", api="s.resample('W', loffset='-6D')",
        change="loffset deprecated 1.1, removed 2.0; shift the result's index (+ pd.Timedelta / to_offset)", family="renamed-api", until="2023-04-03", bullseye=True, today="raises", source="release-notes"),
    "pd-astype-datetime64": dict(lib="pandas", api="s.astype('datetime64') (no unit)",
        change="a unit-less datetime64 dtype raises since 2.0; use 'datetime64[ns]' or pd.to_datetime", family="renamed-api", until="2023-04-03", bullseye=True, today="raises", source="release-notes"),
    "pd-cat-inplace": dict(lib="pandas", api="s.cat.set_categories / rename_categories (..., inplace=True)",
        change="inplace deprecated 1.3, removed 2.0; assign the result", family="renamed-api", until="2023-04-03", bullseye=True, today="raises", source="release-notes"),
    # ------------------------------------------------------------- numpy
    "np-sctypes": dict(lib="numpy", api="np.sctypes['float'] / np.sctypes['int']",
        change="removed in 2.0 (NEP 52); name the dtypes (or use np.issubdtype)", family="renamed-api", until="2024-06-16", bullseye=True, today="raises", source="release-notes"),
    "np-alen": dict(lib="numpy", api="np.alen(a)",
        change="deprecated 1.18, removed 1.23; use len(a) or a.shape[0]", family="renamed-api", until="2022-06-22", bullseye=True, today="raises", source="release-notes"),
    # ------------------------------------------------------------- scipy
    "sc-median-abs-dev": dict(lib="scipy", api="scipy.stats.median_absolute_deviation(x)",
        change="deprecated 1.5 for median_abs_deviation (whose default scale is 1.0, not 1.4826), removed 1.9", family="renamed-api", until="2022-07-29", bullseye=True, today="raises", source="release-notes"),
    # ------------------------------------------------------ scikit-learn
    "sk-scorers-dict": dict(lib="scikit-learn", api="sklearn.metrics.SCORERS (the dict of scorers)",
        change="deprecated 1.1, removed 1.3; use metrics.get_scorer(name) / get_scorer_names()", family="renamed-api", until="2023-06-29", bullseye=True, today="raises", source="release-notes"),
    "sk-safe-indexing": dict(lib="scikit-learn", api="sklearn.utils.safe_indexing(X, idx)",
        change="made private (_safe_indexing) in 0.22, the public name removed 0.24; index with .iloc / arrays", family="renamed-api", until="2020-12-22", bullseye=True, today="raises", source="release-notes"),
    "sk-neighbors-distancemetric": dict(lib="scikit-learn", api="from sklearn.neighbors import DistanceMetric",
        change="moved to sklearn.metrics in 1.0, the sklearn.neighbors name removed 1.3", family="renamed-api", until="2023-06-29", bullseye=True, today="raises", source="release-notes"),
    # ------------------------------------------------------- statsmodels
    "sm-ar": dict(lib="statsmodels", api="statsmodels.tsa.ar_model.AR(y).fit(maxlag=...)",
        change="deprecated 0.11 for AutoReg, removed 0.13 (a stub raising NotImplementedError)", family="renamed-api", until="2021-10-01", bullseye=True, today="raises", source="release-notes"),
}
