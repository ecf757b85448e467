"""Makes a copy of the corpus in which every notebook starts with era_shims.py.

    python3 authoring/era_check.py OUT_DIR [--era-failing-only]
    erosion run --dataset OUT_DIR --env bullseye ...

In the copy, the old APIs that bullseye's libraries had already dropped (and
the packages and NLTK data Debian lacks, TensorFlow/LightGBM excepted) are put
back as their successors, so a run shows whether the rest of each notebook
was coherent code in its era. A check for the corpus author, not a measurement.
With --era-failing-only the copy keeps only the notebooks whose notes say they
fail in bullseye (the others are checked by the plain backported run).
"""
import json
import os
import shutil
import sys

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main(out, era_failing_only=False):
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(HERE, out, ignore=shutil.ignore_patterns("__pycache__"))
    prelude = open(os.path.join(HERE, "authoring", "era_shims.py")).read()
    for dirpath, _, files in os.walk(os.path.join(out, "notebooks")):
        for f in files:
            p = os.path.join(dirpath, f)
            if f.endswith(".py"):
                body = open(p).read()
                open(p, "w").write("# In[ ]:\n\n" + prelude + "\n\n" + body)
                continue
            nb = json.load(open(p))
            lines = [l + "\n" for l in prelude.split("\n")]
            if nb["nbformat"] == 3:
                nb["worksheets"][0]["cells"].insert(0, {"cell_type": "code", "input": lines, "language": "python", "metadata": {}, "outputs": []})
            else:
                nb["cells"].insert(0, {"cell_type": "code", "source": lines, "metadata": {}, "outputs": [], "execution_count": None})
            json.dump(nb, open(p, "w"))
    # The checksums no longer match: drop them.
    y = open(os.path.join(out, "dataset.yaml")).read().split("\nchecksums:")[0]
    if era_failing_only:
        head, *entries = y.split("\n  - id: ")
        entries = [e for e in entries if "era (bullseye): fails" in e]
        y = head + "".join("\n  - id: " + e for e in entries)
    open(os.path.join(out, "dataset.yaml"), "w").write(y + "\n")


if __name__ == "__main__":
    main(sys.argv[1], "--era-failing-only" in sys.argv[2:])
