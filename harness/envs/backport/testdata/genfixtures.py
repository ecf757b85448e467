# Writes the backport test fixtures (PEP 691/700 Simple JSON and the JSON API) from one table of
# release histories: python3 testdata/genfixtures.py. File URLs are relative; hashes are made up.
import hashlib, json, os, re

OUT = os.path.dirname(os.path.abspath(__file__))

def h(s, n=64):
    return hashlib.sha256(s.encode()).hexdigest()[:n]

# (version, files, requires_python, yanked_reason); files: list of (kind, upload-time)
# kind: "sdist", "sdist-zip", a wheel tag "cp36-cp36m-manylinux1_x86_64", or "exe"
W36 = "cp36-cp36m-manylinux1_x86_64"
W38 = "cp38-cp38-manylinux_2_17_x86_64.manylinux2014_x86_64"
W39 = "cp39-cp39-manylinux_2_17_x86_64.manylinux2014_x86_64"
W311 = "cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64"
PY2 = ">=2.7,!=3.0.*,!=3.1.*,!=3.2.*,!=3.3.*"
PY2b = ">=2.7,!=3.0.*,!=3.1.*,!=3.2.*,!=3.3.*,!=3.4.*"

histories = {
 "pandas": ("pandas", "pandas", [
  ("0.19.2", [("sdist", "2016-12-24T11:38:40.146452Z"), ("cp35-cp35m-manylinux1_x86_64", "2016-12-24T11:39:12.532154Z")], None, None),
  ("0.20.3", [("sdist", "2017-07-07T14:02:41.772383Z"), (W36, "2017-07-07T14:05:03.109227Z")], None, None),
  ("0.21.0", [], None, None),  # a release whose files were all deleted
  ("0.22.0", [("sdist", "2017-12-29T14:01:19.862331Z"), (W36, "2017-12-29T14:06:28.031223Z")], PY2, None),
  ("0.23.4", [("sdist", "2018-08-03T20:39:46.371006Z"), (W36, "2018-08-03T20:41:23.908531Z")], PY2, None),
  ("0.24.1", [("sdist", "2019-02-03T20:57:30.114541Z"), (W36, "2019-02-03T21:01:41.447632Z")], PY2b, None),
  # the wheel came first, just before midnight UTC: the release dates from 2019-03-12
  ("0.24.2", [("sdist", "2019-03-13T00:10:22.520781Z"), (W36, "2019-03-12T23:58:04.214471Z")], PY2b, None),
  ("0.25.3", [("sdist", "2019-11-01T13:27:37.810462Z"), (W36, "2019-11-01T13:31:52.630017Z")], ">=3.5.3", None),
  ("1.0.0rc0", [("sdist", "2020-01-09T21:26:53.336817Z"), (W38, "2020-01-09T21:29:47.202337Z")], ">=3.6.1", None),
  ("1.0.5", [("sdist", "2020-06-17T17:26:39.740141Z"), (W38, "2020-06-17T17:30:02.993148Z")], ">=3.6.1", None),
  ("1.1.4", [("sdist", "2020-10-30T14:21:09.331214Z"), (W38, "2020-10-30T14:25:31.640207Z")], ">=3.6.1", "Regression in DataFrame.merge, use 1.1.5"),
  ("1.1.5", [("sdist", "2020-12-07T13:14:35.881530Z"), (W38, "2020-12-07T13:18:51.208836Z")], ">=3.6.1", None),
  ("1.2.0", [("sdist", "2020-12-26T13:03:04.114290Z"), (W38, "2020-12-26T13:07:44.001257Z")], ">=3.7.1", None),
  ("1.2.4", [("sdist", "2021-04-12T15:24:07.612390Z"), (W38, "2021-04-12T15:27:15.220531Z")], ">=3.7.1", None),
  # one wheel of 1.3.5 was yanked, the release as a whole was not
  ("1.3.5", [("sdist", "2021-12-12T10:45:51.447124Z"), (W38, "2021-12-12T10:48:12.006221Z"), (W39, "2021-12-12T10:49:40.550812Z", "broken wheel")], ">=3.7.1", None),
  ("1.4.0", [("sdist", "2022-01-22T11:06:58.329102Z"), (W38, "2022-01-22T11:09:41.834100Z")], ">=3.8", None),
  ("2.0.0rc0", [("sdist", "2023-03-02T21:11:28.000129Z"), (W39, "2023-03-02T21:14:55.338120Z")], ">=3.8", None),
  ("2.0.3", [("sdist", "2023-06-28T23:08:21.660228Z"), (W39, "2023-06-28T23:12:05.773411Z")], ">=3.8", None),
  ("2.2.3", [("sdist", "2024-09-20T13:08:42.347019Z"), (W311, "2024-09-20T13:10:26.127761Z")], ">=3.9", None),
 ]),
 "scikit-learn": ("scikit-learn", "scikit_learn", [
  ("0.14.1", [("sdist", "2013-08-07T16:13:59.000000Z"), ("exe", "2013-08-07T16:25:11.000000Z")], None, None),
  ("0.18.1", [("sdist", "2016-11-14T17:44:51.331911Z"), ("cp35-cp35m-manylinux1_x86_64", "2016-11-14T17:50:20.912006Z")], None, None),
  ("0.20.3", [("sdist", "2019-03-01T16:04:34.281224Z"), (W36, "2019-03-01T16:09:45.907752Z")], PY2, None),
  ("0.21.0", [("sdist", "2019-05-09T21:02:16.770150Z"), (W36, "2019-05-09T21:05:47.117732Z")], ">=3.5", None),
  ("0.22.dev0", [("sdist", "2019-11-05T09:00:11.130210Z")], ">=3.5", None),
  ("0.22", [("sdist", "2019-12-03T21:15:53.016223Z"), (W36, "2019-12-03T21:20:31.509821Z")], ">=3.5", None),
  ("0.23.2", [("sdist", "2020-08-03T20:35:16.822409Z"), (W38, "2020-08-03T20:40:04.335217Z")], ">=3.6", None),
  ("0.24.2", [("sdist", "2021-04-28T14:38:37.003427Z"), (W38, "2021-04-28T14:42:55.500117Z")], ">=3.6", None),
  ("1.0", [("sdist", "2021-09-24T13:55:21.664229Z"), (W38, "2021-09-24T13:58:40.118532Z")], ">=3.7", None),
  ("1.0.2", [("sdist", "2021-12-25T10:42:14.212530Z"), (W38, "2021-12-25T10:45:31.771093Z")], ">=3.7", None),
  ("1.1.0", [("sdist", "2022-05-12T17:05:39.500114Z"), (W38, "2022-05-12T17:09:02.661218Z")], ">=3.8", None),
  ("1.3.0", [("sdist", "2023-06-30T17:44:20.015421Z"), (W311, "2023-06-30T17:47:51.902116Z")], ">=3.8", None),
  ("1.4.0", [("sdist", "2024-01-18T10:23:42.110028Z"), (W311, "2024-01-18T10:26:01.350902Z")], ">=3.9", None),
  ("1.5.2", [("sdist", "2024-09-11T14:53:55.224400Z"), (W311, "2024-09-11T14:57:31.020871Z")], ">=3.9", None),
  ("1.6.0rc1", [("sdist", "2024-11-26T10:12:33.201117Z"), (W311, "2024-11-26T10:15:07.711019Z")], ">=3.9", None),
 ]),
 # made-up histories for the Python rules
 "newlib": ("newlib", "newlib", [
  ("0.9", [("sdist", "2018-12-01T10:00:00Z")], ">=3.6", None),
  ("1.0", [("sdist", "2019-01-10T10:00:00Z")], ">=3.7", None),
  ("1.1", [("sdist", "2019-05-01T10:00:00Z")], ">=3.7", None),
 ]),
 "stubborn": ("stubborn", "stubborn", [
  ("1.0", [("sdist", "2019-01-10T10:00:00Z")], ">=3.7", None),
  ("2.0", [("sdist", "2020-03-01T10:00:00Z")], ">=3.6", None),
  ("2.1", [("sdist", "2020-06-01T10:00:00Z")], ">=3.6", None),
 ]),
 "py39only": ("py39only", "py39only", [
  ("1.0", [("sdist", "2019-01-10T10:00:00Z")], ">=3.9", None),
 ]),
 "futurelib": ("futurelib", "futurelib", [
  ("1.0", [("sdist", "2022-02-02T10:00:00Z")], ">=3.7", None),
 ]),
}

def filename(sdist_name, wheel_name, version, kind):
    if kind == "sdist":
        if sdist_name == "scikit-learn" and version[0] == "1" and version >= "1.4":
            sdist_name = wheel_name  # newer sdists follow PEP 625
        return f"{sdist_name}-{version}.tar.gz"
    if kind == "exe":
        return f"{sdist_name}-{version}.win32-py2.7.exe"
    return f"{wheel_name}-{version}-{kind}.whl"

for dist, (sdist_name, wheel_name, rels) in histories.items():
    files, releases, versions = [], {}, []
    for version, fl, rp, yanked in rels:
        versions.append(version)
        releases[version] = []
        for f in fl:
            kind, t = f[0], f[1]
            fyank = yanked or (f[2] if len(f) > 2 else None)
            fn = filename(sdist_name, wheel_name, version, kind)
            sha = h(fn)
            url = f"../../packages/{sha[:2]}/{sha[2:4]}/{sha[4:]}/{fn}"
            size = int(h(fn + "size", 6), 16) % 20_000_000 + 100_000
            files.append({
                "core-metadata": False if kind in ("sdist", "exe") else {"sha256": h(fn + ".metadata")},
                "data-dist-info-metadata": False if kind in ("sdist", "exe") else {"sha256": h(fn + ".metadata")},
                "filename": fn,
                "hashes": {"sha256": sha},
                "requires-python": rp,
                "size": size,
                "upload-time": t,
                "url": url,
                "yanked": fyank if fyank else False,
            })
            ptype = {"sdist": "sdist", "exe": "bdist_wininst"}.get(kind, "bdist_wheel")
            pyver = "source" if kind == "sdist" else ("2.7" if kind == "exe" else kind.split("-")[0])
            releases[version].append({
                "comment_text": "",
                "digests": {"blake2b_256": h(fn + "b2"), "md5": h(fn + "md5", 32), "sha256": sha},
                "downloads": -1,
                "filename": fn,
                "has_sig": False,
                "md5_digest": h(fn + "md5", 32),
                "packagetype": ptype,
                "python_version": pyver,
                "requires_python": rp,
                "size": size,
                "upload_time": t[:19],
                "upload_time_iso_8601": t,
                "url": f"/packages/{sha[:2]}/{sha[2:4]}/{sha[4:]}/{fn}",
                "yanked": bool(fyank),
                "yanked_reason": fyank,
            })
    simple = {"meta": {"_last-serial": int(h(dist, 7), 16), "api-version": "1.1"}, "name": dist, "files": files, "versions": versions}
    last = [v for v, fl, _, _ in rels if fl][-1]
    latest = releases[last]
    info = {
        "author": "", "author_email": "", "bugtrack_url": None, "classifiers": [], "description": "",
        "description_content_type": "text/x-rst", "docs_url": None, "download_url": "", "downloads": {"last_day": -1, "last_month": -1, "last_week": -1},
        "dynamic": None, "home_page": "", "keywords": "", "license": "BSD-3-Clause", "license_expression": None, "license_files": None,
        "maintainer": "", "maintainer_email": "", "name": sdist_name, "package_url": f"/project/{dist}/", "platform": None,
        "project_url": f"/project/{dist}/", "project_urls": None, "provides_extra": None, "release_url": f"/project/{dist}/{last}/",
        "requires_dist": None, "requires_python": latest[0]["requires_python"] or "", "summary": f"{dist} (test fixture)", "version": last, "yanked": False, "yanked_reason": None,
    }
    api = {"info": info, "last_serial": simple["meta"]["_last-serial"], "releases": releases, "urls": latest, "vulnerabilities": []}
    with open(os.path.join(OUT, "simple", dist + ".json"), "w") as fh:
        json.dump(simple, fh, indent=1)
        fh.write("\n")
    with open(os.path.join(OUT, "json", dist + ".json"), "w") as fh:
        json.dump(api, fh, indent=1)
        fh.write("\n")
