"""check_stack.py - checks the stack estimate of a `kiln compile --report`
JSON file (test/Driver).

Usage: check_stack.py REPORT.json MIN_BODIES. Fails unless the report has at
least MIN_BODIES parallel-loop bodies (`<function>_parallel[_N]`) and its
stack_estimate_bytes is the frames of the other functions plus the largest
body frame (bodies run one at a time per thread, called only through
kiln_parallel_for), and less than the sum of all frames when there are
several bodies with frames.
"""

import json
import re
import sys


def main():
    report = json.load(open(sys.argv[1]))
    min_bodies = int(sys.argv[2])
    body = re.compile(r".+_parallel(_[0-9]+)?$")
    frames = [(f["name"], f.get("stack_bytes", 0)) for f in report["functions"]]
    bodies = [size for name, size in frames if body.match(name)]
    callers = [size for name, size in frames if not body.match(name)]
    if len(bodies) < min_bodies:
        sys.exit(f"{len(bodies)} parallel-loop bodies, expected {min_bodies}+")
    want = sum(callers) + max(bodies, default=0)
    got = report["stack_estimate_bytes"]
    if got != want:
        sys.exit(f"stack estimate {got}, expected {want}")
    if sum(1 for size in bodies if size > 0) > 1 and \
            got >= sum(callers) + sum(bodies):
        sys.exit(f"stack estimate {got} is the sum of every frame")


if __name__ == "__main__":
    main()
