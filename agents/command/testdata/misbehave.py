"""Agents that break the protocol in the ways erosion must report clearly.
Usage: misbehave.py MODE; the request on stdin is read and ignored."""
import json
import os
import subprocess
import sys
import time

sys.stdin.read()
mode = sys.argv[1]
if mode == "badjson":
    print("Fixing the notebook...")  # a log line on stdout instead of stderr
    print(json.dumps({"cells": ["x = 1"]}))
elif mode == "exit":
    print("Traceback (most recent call last):", file=sys.stderr)
    print('  File "agent.py", line 3, in <module>', file=sys.stderr)
    print("KeyError: 'model'", file=sys.stderr)
    sys.exit(3)
elif mode == "sleep":
    # A child that would outlive a kill of this process alone and keep
    # stdout open.
    subprocess.Popen(["sleep", "60"])
    time.sleep(60)
elif mode == "env":
    json.dump({"cells": ["pass"], "plan": json.dumps({"cwd": os.getcwd(), "env": dict(os.environ)})}, sys.stdout)
elif mode == "empty":
    pass
elif mode == "usage":
    json.dump({"cells": ["a = 1", "b = 2"], "plan": "p", "tokens_in": 1500, "tokens_out": 250, "cost_usd": 0.0062,
               "some_future_field": True}, sys.stdout)
elif mode == "cell":
    json.dump({"cell": "fixed()"}, sys.stdout)
elif mode == "both":
    json.dump({"cell": "a", "cells": ["a"]}, sys.stdout)
elif mode == "neither":
    json.dump({"plan": "I thought about it."}, sys.stdout)
