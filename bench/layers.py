#!/usr/bin/python3
# ===- layers.py - A model's time, layer by layer ---------------------------=== #
#
# Usage: /usr/bin/python3 bench/layers.py MODEL.onnx [--threads N]
#          [--runs N] [--cores N] [--kiln PATH] [--out DIR] [--json]
#          [--trace LOOP]
#
# Compiles MODEL with `kiln compile --emit shared --report`, times it with
# kiln_bench --profile (each parallel loop's median over --runs runs, on a
# kiln_rt_threads pool of --threads threads) and prints one row per loop,
# in call order: its item count, median time, share of the loops' sum and
# the ONNX nodes it computes (the report's "nodes" of the loop's body
# function). Code outside parallel loops (small ops, serial copies) is the
# difference between the run's median and the loops' sum, printed last.
# --cores is passed to kiln compile (the host's core count by default;
# with 1 core nothing is a parallel loop). --json prints the joined rows as
# JSON instead of the table. --trace LOOP also traces that loop item by
# item (kiln_bench --trace): its wall time, each thread's busy time and
# every item's time and thread, printed after the table (in the JSON as
# "trace"): does a slow loop wait on one thread, or is every item slow?
# docs/performance.md, "Per-loop profile".
#
# ===----------------------------------------------------------------------=== #

import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import ROOT, build_kiln_bench, run  # noqa: E402


def main():
    parser = argparse.ArgumentParser(
        description="A Kiln-compiled model's time per parallel loop, with "
                    "the ONNX nodes of each loop.")
    parser.add_argument("model")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--cores", type=int)
    built = os.path.join(ROOT, "build", "tools", "kiln", "kiln")
    parser.add_argument("--kiln",
                        default=built if os.path.exists(built) else "kiln")
    parser.add_argument("--out", default=os.path.join(ROOT, "build",
                                                       "layers"))
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--trace", type=int, metavar="LOOP")
    args = parser.parse_args()
    if args.threads < 1 or args.runs < 1:
        parser.error("--threads and --runs must be at least 1")
    if args.trace is not None and args.trace < 0:
        parser.error("--trace must name a loop (0 or more)")

    name = "model"
    lib_dir = os.path.join(args.out, "lib")
    compile_cmd = [args.kiln, "compile", args.model, "--emit", "shared",
                   "--report", "--name", name, "-o", lib_dir]
    if args.cores:
        compile_cmd += ["--cores", str(args.cores)]
    run(compile_cmd)
    report = json.load(open(os.path.join(lib_dir, name + ".report.json")))
    nodes = {f["name"]: f.get("nodes", []) for f in report["functions"]}

    kiln_bench = build_kiln_bench(os.path.join(args.out, "bin"))
    timing = json.loads(run([
        kiln_bench, os.path.join(lib_dir, "lib%s.so" % name), name,
        "--threads", str(args.threads), "--profile", str(args.runs),
        "--min-runs", str(args.runs), "--min-time", "0.5"] +
        (["--trace", str(args.trace)] if args.trace is not None else [])))

    rows = []
    for loop in timing["loops"]:
        function = loop.get("function", "")
        rows.append({"index": loop["index"], "items": loop["items"],
                     "median_ms": loop["median_ms"], "function": function,
                     "nodes": nodes.get(function, [])})
    outside = timing["median_ms"] - timing["loops_ms"]
    if args.json:
        report = {"model": args.model, "threads": args.threads,
                  "median_ms": timing["median_ms"],
                  "loops_ms": timing["loops_ms"], "loops": rows}
        if "trace" in timing:
            report["trace"] = timing["trace"]
        json.dump(report, sys.stdout, indent=2)
        print()
        return
    total = timing["loops_ms"] or 1.0
    print("%s, %d thread(s): %.3f ms per run (median), %.3f ms in %d "
          "parallel loops" % (args.model, args.threads, timing["median_ms"],
                              timing["loops_ms"], len(rows)))
    print("%5s %6s %9s %6s  %s" % ("loop", "items", "ms", "%", "nodes"))
    for r in rows:
        print("%5d %6d %9.4f %5.1f%%  %s" % (
            r["index"], r["items"], r["median_ms"],
            100.0 * r["median_ms"] / total,
            ", ".join(r["nodes"]) or r["function"] or "?"))
    print("outside the loops: %.4f ms (run median - loops' sum; the sum of "
          "per-loop medians can be below a run's median)" % outside)
    if "trace" in timing:
        print_trace(timing["trace"])


def print_trace(trace):
    """The traced loop: wall and busy times, then one row per item."""
    print("loop %d traced: %.4f ms wall; busy per thread: %s ms" % (
        trace["loop"], trace["wall_ms"],
        ", ".join("%.4f" % b for b in trace["busy_ms"])))
    print("%5s %9s %7s %6s" % ("item", "ms", "thread", "share"))
    for i, (ms, (thread, share)) in enumerate(
            zip(trace["item_ms"], trace["item_thread"])):
        print("%5d %9.4f %7d %5.0f%%" % (i, ms, thread, 100.0 * share))


if __name__ == "__main__":
    main()
