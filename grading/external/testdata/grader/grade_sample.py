"""A stand-in for MLE-bench's `mlebench grade-sample`, written for erosion's tests.

It takes grade-sample's arguments (SUBMISSION COMPETITION_ID --data-dir DIR),
reads the answers where MLE-bench keeps them (DIR/<id>/prepared/private/test.csv),
grades the answers' one column besides id (ROC-AUC when its labels are 0/1 and
the predictions probabilities, accuracy otherwise), and logs a report of the
same shape as MLE-bench's CompetitionReport, in the same log format, to stderr.
--mode makes it misbehave the ways the tests need. The subcommand `erosion`
prints erosion's own report format instead.
"""
import argparse
import datetime
import json
import logging
import os
import socket
import sys
import time

logging.basicConfig(level=logging.INFO, format="[%(asctime)s] [%(filename)s:%(lineno)d] %(message)s")
log = logging.getLogger(__name__)


class Invalid(Exception):
    pass


def grade(path, answers_path):
    import pandas as pd

    sub, ans = pd.read_csv(path), pd.read_csv(answers_path)
    target = [c for c in ans.columns if c != "id"][0]
    for col in ("id", target):
        if col not in sub.columns:
            raise Invalid(f"Submission must have a `{col}` column")
    if len(sub) != len(ans):
        raise Invalid("Submission must have the same length as the answers.")
    sub, ans = sub.sort_values("id"), ans.sort_values("id")
    if (sub["id"].values != ans["id"].values).any():
        raise Invalid("Submission and Answers `id`'s do not match")
    if set(ans[target].unique()) <= {0, 1} and sub[target].dtype.kind == "f":
        from sklearn.metrics import roc_auc_score

        return float(roc_auc_score(ans[target].values, sub[target].values))
    return float((sub[target].values == ans[target].values).mean())


def junk(stream, megabytes):
    line = "{ not json } " * 8 + "\n"
    for _ in range(megabytes * (1 << 20) // len(line)):
        stream.write(line)
    stream.flush()


def grade_sample(args):
    mode = args.mode
    if mode == "crash":
        raise RuntimeError("the grader has a bug")
    if mode == "sleep":
        time.sleep(3600)
    if mode == "hog":
        hog = b"x" * (1 << 30)  # more than the memory limit the test sets
        print(len(hog))
    if mode == "garbage":
        junk(sys.stdout, 30)
        return
    answers = os.path.join(args.data_dir, args.competition_id, "prepared", "private", "test.csv")
    exists = os.path.isfile(args.submission) and args.submission.lower().endswith(".csv")
    score = None
    if exists:
        try:
            score = round(grade(args.submission, answers), 5)
        except Invalid as e:
            log.warning(f"Invalid submission: {e}")
        except Exception as e:
            log.error(f"Unexpected error during grading: {e}. Check grade_sample.py")
    if mode == "nan":
        score = float("nan")
    if mode == "noisy":
        junk(sys.stderr, 3)
    gold, silver, bronze, median = 0.95, 0.9, 0.85, 0.7
    medal = [score is not None and score >= t for t in (gold, silver, bronze)]
    report = {
        "competition_id": args.competition_id,
        "score": score,
        "gold_threshold": gold,
        "silver_threshold": silver,
        "bronze_threshold": bronze,
        "median_threshold": median,
        "any_medal": any(medal),
        "gold_medal": medal[0],
        "silver_medal": medal[1] and not medal[0],
        "bronze_medal": medal[2] and not medal[1],
        "above_median": score is not None and score > median,
        "submission_exists": exists,
        "valid_submission": score is not None,
        "is_lower_better": False,
        "created_at": datetime.datetime.now().isoformat(),
        "submission_path": args.submission,
    }
    if mode == "missing-field":
        del report["valid_submission"]
        del report["is_lower_better"]
    if mode == "wrong-competition":
        report["competition_id"] = "another-competition"
    log.info("Competition report:")
    log.info(json.dumps(report, indent=4))


def erosion(args):
    """Erosion's report; its reason lists what the grader can see and do."""
    files = sorted(os.path.join(d, f) for d, _, fs in os.walk("/kaggle/input") for f in fs)
    try:
        socket.create_connection(("192.0.2.1", 80), timeout=2).close()
        net = "reachable"
    except OSError:
        net = "unreachable"
    try:
        open("/kaggle/input/data/planted", "w").close()
        write = "yes"
    except OSError:
        write = "no"
    print(json.dumps({"score": None, "valid": False, "reason": f"{' '.join(files)} net={net} write={write} uid={os.getuid()}"}))


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    g = sub.add_parser("grade-sample")
    g.add_argument("submission")
    g.add_argument("competition_id")
    g.add_argument("--data-dir", required=True)
    g.add_argument("--mode", default="normal")
    sub.add_parser("erosion")
    args = parser.parse_args()
    if args.command == "grade-sample":
        grade_sample(args)
    else:
        erosion(args)


main()
