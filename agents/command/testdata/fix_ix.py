#!/usr/bin/env python3
"""A minimal erosion command agent (see ../PROTOCOL.md).

It repairs one breakage: pandas 1.0 removed the DataFrame.ix indexer, and
for the label-based uses notebooks make of it .loc is the replacement. In
cell-level mode it answers with the failing cell only ("cell"); otherwise
with the whole notebook ("cells"). Anything else it gives up on.
Standard library only.
"""
import json
import sys


def main():
    req = json.load(sys.stdin)
    cells = req["cells"]
    failure = req.get("failure")
    print(f"fix_ix: {req['notebook_id']} iteration {req['iteration']}", file=sys.stderr)
    if failure is not None and ".ix[" in cells[failure["cell"]]:
        k = failure["cell"]
        fixed = cells[k].replace(".ix[", ".loc[")
        plan = f"Cell {k + 1} uses DataFrame.ix, removed in pandas 1.0; use .loc."
        if req["mode"] == "cell":
            answer = {"cell": fixed, "plan": plan}
        else:
            answer = {"cells": cells[:k] + [fixed] + cells[k + 1:], "plan": plan}
    elif failure is None and any(".ix[" in c for c in cells):
        answer = {"cells": [c.replace(".ix[", ".loc[") for c in cells],
                  "plan": "Replaced every DataFrame.ix with .loc."}
    else:
        what = f"{failure['exception_type']}: {failure['message']}" if failure else req["kind"]
        answer = {"give_up": True, "reason": f"no .ix[ to rewrite for {what}"}
    json.dump(answer, sys.stdout)


if __name__ == "__main__":
    main()
