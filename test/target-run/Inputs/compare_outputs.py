#!/usr/bin/python3
# ===- compare_outputs.py - Compare two printouts of a model's outputs ----=== #
#
# Usage: compare_outputs.py [--tolerance T] REFERENCE ACTUAL
#
# Both files hold lines "NAME[i] = VALUE" (run_model.c and the firmware
# demo print them) among other text; other lines must be equal too, so a
# different model name or an error message is a mismatch. The workspace
# size the firmware demo prints ("workspace N bytes") is the target's own
# (a vector target's kernels need other buffers than a scalar one's) and is
# not compared. A value matches when |actual - reference| <= T * max(1,
# |reference|) (default T = 1e-5):
# cross targets may contract a*b+c into an FMA or sum in another order, so
# bit-exact equality is not the contract, but anything past a few ulps of
# float32 accumulation is a bug. Prints one line per problem and a summary;
# exits 1 on any mismatch or when no value was compared at all.
#
# ===----------------------------------------------------------------------=== #

import argparse
import math
import re
import sys

VALUE_LINE = re.compile(r"^\s*([\w.:/-]+\[\d+\])\s*=\s*(\S+)\s*$")
WORKSPACE = re.compile(r"workspace \d+ bytes")


def parse(path):
    values, other = [], []
    with open(path) as f:
        for line in f:
            line = line.rstrip("\r\n")
            match = VALUE_LINE.match(line)
            if match:
                values.append((match.group(1), float(match.group(2))))
            elif line.strip():
                other.append(WORKSPACE.sub("workspace N bytes", line.strip()))
    return values, other


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tolerance", type=float, default=1e-5)
    parser.add_argument("reference")
    parser.add_argument("actual")
    args = parser.parse_args()

    ref_values, ref_other = parse(args.reference)
    act_values, act_other = parse(args.actual)
    problems = []
    if ref_other != act_other:
        problems.append("non-value lines differ: %r vs %r" %
                        (ref_other, act_other))
    if [n for n, _ in ref_values] != [n for n, _ in act_values]:
        problems.append("different outputs: %d values in %s, %d in %s" %
                        (len(ref_values), args.reference, len(act_values),
                         args.actual))
    max_diff = 0.0
    for (name, ref), (_, act) in zip(ref_values, act_values):
        diff = abs(act - ref)
        if math.isnan(diff) or diff > args.tolerance * max(1.0, abs(ref)):
            problems.append("%s: reference %.9g, actual %.9g" %
                            (name, ref, act))
        elif diff > max_diff:
            max_diff = diff
    if not ref_values:
        problems.append("no values in %s" % args.reference)
    for problem in problems:
        print("MISMATCH: " + problem)
    if problems:
        return 1
    print("compare_outputs: %d values match (max |diff| %.3g, tolerance %g)" %
          (len(ref_values), max_diff, args.tolerance))
    return 0


if __name__ == "__main__":
    sys.exit(main())
