"""check_ratio.py - checks a `kiln compile --report` JSON file (test/Driver).

Usage: check_ratio.py REPORT.json MAX_RATIO. Fails unless the workspace is
at most MAX_RATIO times the lower bound, and the plan's buffers really fit:
every buffer inside the workspace, no two overlapping in both bytes and
lifetime.
"""

import json
import sys


def main():
    report = json.load(open(sys.argv[1]))
    limit = float(sys.argv[2])
    size = report["workspace_bytes"]
    bound = report["workspace_lower_bound"]
    if bound <= 0 or size > limit * bound:
        sys.exit(f"workspace {size} bytes > {limit} x lower bound {bound}")
    buffers = report["buffers"]
    for i, a in enumerate(buffers):
        if a["offset"] + a["size"] > size:
            sys.exit(f"buffer {i} ends past the workspace")
        for b in buffers[i + 1:]:
            live = a["first"] <= b["last"] and b["first"] <= a["last"]
            bytes_overlap = (a["offset"] < b["offset"] + b["size"]
                             and b["offset"] < a["offset"] + a["size"])
            if live and bytes_overlap:
                sys.exit(f"buffers overlap: {a} and {b}")
    if not any(f.get("stack_bytes") is not None for f in report["functions"]):
        sys.exit("no function has a stack size")
    print(f"ratio {size / bound:.3f}")


main()
