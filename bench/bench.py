#!/usr/bin/python3
# ===- bench.py - Kiln versus ONNX Runtime on the model zoo ----------------=== #
#
# The driver behind bench/run.sh. In one run it measures the FP32 FMA peak
# (peak.c, 1 and 2 threads), exports the zoo and the single-op models
# (export_zoo.py), and for each model: counts its MACs (kiln inspect), times
# `kiln compile --emit shared`, times the library with kiln_bench.c and the
# ONNX model with ONNX Runtime (ort_bench.js) on the same random input at
# each thread count (Kiln's parallel loops on a kiln_rt_threads pool of that
# many threads, ORT's intraOpNumThreads), alternating the two in --rounds
# interleaved rounds so that both see the same machine, and compares the
# outputs. It prints a markdown table and writes it, with every raw number,
# under --out.
#
# ===----------------------------------------------------------------------=== #

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import export_zoo  # noqa: E402  (after the path set-up)
from harness import build_kiln_bench, run  # noqa: E402

# Inspect's dtype names -> (ONNX Runtime / numpy name).
DTYPES = {"float": "float32", "double": "float64", "int64": "int64",
          "int32": "int32", "int8": "int8", "uint8": "uint8", "bool": "bool"}


def log(msg):
    print("bench: " + msg, file=sys.stderr, flush=True)


def build_tools(out):
    """Compiles kiln_bench (with the kiln_rt_threads pool) and peak with the
    system's cc."""
    bin_dir = os.path.join(out, "bin")
    kb = build_kiln_bench(bin_dir)
    peak = os.path.join(bin_dir, "peak")
    run(["cc", "-O2", "-march=native", "-Wall", os.path.join(HERE, "peak.c"),
         "-pthread", "-o", peak])
    return kb, peak


def make_inputs(model_dir, inputs, seed):
    """Random inputs as raw files plus the JSON spec ort_bench.js reads."""
    import numpy as np
    rng = np.random.default_rng(seed)
    spec = []
    for i, t in enumerate(inputs):
        dtype = DTYPES.get(t["dtype"])
        if dtype is None:
            raise RuntimeError("input %s: dtype %s not supported by the harness"
                               % (t["name"], t["dtype"]))
        shape = t["shape"]
        if dtype.startswith("float"):
            data = rng.standard_normal(shape).astype(dtype)
        else:  # zeros are a valid index or flag for any model
            data = np.zeros(shape, dtype=dtype)
        path = os.path.join(model_dir, "input_%d.bin" % i)
        data.tofile(path)
        spec.append({"name": t["name"], "dtype": dtype, "shape": shape,
                     "file": path})
    spec_path = os.path.join(model_dir, "inputs.json")
    with open(spec_path, "w") as f:
        json.dump(spec, f, indent=1)
    return spec, spec_path


def compare(kiln_dir, kiln_outputs, ort_report):
    """Max |kiln - ort| / max |ort| over all outputs."""
    import numpy as np
    worst = 0.0
    for i, (k, o) in enumerate(zip(kiln_outputs, ort_report["outputs"])):
        if k["name"] != o["name"]:
            raise RuntimeError("output %d is %s in Kiln, %s in ORT" %
                               (i, k["name"], o["name"]))
        dtype = o["dtype"] if o["dtype"] != "bool" else "uint8"
        a = np.fromfile(os.path.join(kiln_dir, "kiln_output_%d.bin" % i),
                        dtype).astype(np.float64)
        b = np.fromfile(o["file"], dtype).astype(np.float64)
        if a.shape != b.shape:
            raise RuntimeError("output %s: %d elements in Kiln, %d in ORT" %
                               (k["name"], a.size, b.size))
        scale = max(np.abs(b).max(), 1e-30) if b.size else 1.0
        worst = max(worst, float(np.abs(a - b).max() / scale) if a.size else 0.0)
    return worst


def round_limits(args):
    """The limits of one round's measurements: each round gets its share of
    --min-time and --max-time, so that R rounds take about as long as one
    measurement did before, and of --min-runs, but at least 10 runs (or all
    of --min-runs when fewer were asked for): a round's median must still be
    a median of something."""
    return {"min_runs": max(-(-args.min_runs // args.rounds),
                            min(10, args.min_runs)),
            "min_time": args.min_time / args.rounds,
            "max_time": args.max_time / args.rounds}


def time_kiln(args, kiln_bench, lib_dir, name, spec, n, limits, out_dir):
    """One kiln_bench measurement of libNAME.so at n threads; writes the
    outputs under out_dir unless it is None."""
    cmd = [kiln_bench, os.path.join(lib_dir, "lib%s.so" % name), name,
           "--threads", str(n), "--warmup", str(args.warmup),
           "--min-runs", str(limits["min_runs"]),
           "--min-time", str(limits["min_time"]),
           "--max-time", str(limits["max_time"])]
    if out_dir is not None:
        os.makedirs(out_dir, exist_ok=True)
        cmd += ["--output-dir", out_dir]
    for s in spec:
        cmd += ["--input", "%s=%s" % (s["name"], s["file"])]
    return json.loads(run(cmd))


def time_ort(args, onnx_path, spec_path, limits, out_dir):
    """One ort_bench.js call timing the model at every thread count; writes
    the outputs of the first one under out_dir unless it is None."""
    cmd = ["node", os.path.join(HERE, "ort_bench.js"), "--model", onnx_path,
           "--spec", spec_path, "--threads", ",".join(map(str, args.threads)),
           "--warmup", str(args.warmup),
           "--min-runs", str(limits["min_runs"]),
           "--min-time", str(limits["min_time"]),
           "--max-time", str(limits["max_time"])]
    if out_dir is not None:
        cmd += ["--output-dir", out_dir]
    return json.loads(run(cmd))


def combine(rounds):
    """One side's measurements at one thread count, over the rounds, as one
    measurement: the median of the round medians (a round hit by an
    interference episode moves it less than it would move a pooled median
    weighted by run counts), the min of the mins, summed counts and times,
    capped if any round was. The rounds' own numbers stay in results.json."""
    runs = sum(m["runs"] for m in rounds)
    reasons = set()
    for m in rounds:
        if m["capped"]:
            reasons.update(m["capped"].split(" and "))
    capped = " and ".join(c for c in ("warm-up", "runs") if c in reasons)
    return {
        "median_ms": statistics.median(m["median_ms"] for m in rounds),
        "min_ms": min(m["min_ms"] for m in rounds),
        "mean_ms": sum(m["mean_ms"] * m["runs"] for m in rounds) / runs,
        "round_median_ms": [m["median_ms"] for m in rounds],
        "warmup_runs": sum(m["warmup_runs"] for m in rounds),
        "runs": runs,
        "measured_s": sum(m["measured_s"] for m in rounds),
        "warmup_s": sum(m["warmup_s"] for m in rounds),
        "capped": capped or None,
    }


def bench_model(name, args, tools, peak):
    """Compiles one model and times it with Kiln and ONNX Runtime in
    --rounds interleaved rounds, each timing Kiln at every thread count and
    ORT at every thread count (Kiln first in the first, third... round, ORT
    first in the others). Other tenants of a shared VM slow it
    down in episodes of seconds to a minute; timing one side fully before
    the other lets an episode land on one side only and skew the ratio,
    while alternating short rounds spreads it over both."""
    kiln_bench, _ = tools
    model_dir = os.path.join(args.out, "models", name)
    onnx_path = os.path.join(model_dir, "model.onnx")
    lib_dir = os.path.join(args.out, "lib", name)
    os.makedirs(lib_dir, exist_ok=True)
    r = {"model": name}
    info = json.loads(run([args.kiln, "inspect", onnx_path, "--json"]))
    r["macs"] = info["macs"]
    r["macs_complete"] = info["macs_complete"]

    log("%s: compiling" % name)
    start = time.monotonic()
    run([args.kiln, "compile", onnx_path, "--emit", "shared", "-o", lib_dir,
         "--name", name])
    r["compile_s"] = time.monotonic() - start
    log("%s: compiled in %.1f s" % (name, r["compile_s"]))

    spec, spec_path = make_inputs(lib_dir, info["inputs"], args.seed)
    limits = round_limits(args)
    r["rounds"] = []
    for i in range(args.rounds):
        # Only the first round writes outputs: they are what gets compared.
        first = i == 0

        def kiln_round():
            log("%s: round %d of %d, Kiln" % (name, i + 1, args.rounds))
            kiln = {"threads": {}}
            for n in args.threads:
                kiln["threads"][str(n)] = time_kiln(
                    args, kiln_bench, lib_dir, name, spec, n, limits,
                    os.path.join(lib_dir, "kiln_%dt" % n) if first else None)
            return kiln

        def ort_round():
            log("%s: round %d of %d, ONNX Runtime" % (name, i + 1,
                                                     args.rounds))
            return time_ort(args, onnx_path, spec_path, limits,
                            lib_dir if first else None)

        # Odd rounds time ORT first, so that neither side always runs right
        # after the other (warm caches, a just-woken core).
        if i % 2 == 0:
            kiln = kiln_round()
            ort = ort_round()
        else:
            ort = ort_round()
            kiln = kiln_round()
        r["rounds"].append({"kiln": kiln, "ort": ort})

    first = r["rounds"][0]
    r["kiln"] = {"workspace_bytes": first["kiln"]["threads"][
        str(args.threads[0])]["workspace_bytes"], "threads": {}}
    r["ort"] = {"ort_version": first["ort"]["ort_version"],
                "outputs": first["ort"]["outputs"], "threads": {}}
    for n in map(str, args.threads):
        r["kiln"]["threads"][n] = combine(
            [x["kiln"]["threads"][n] for x in r["rounds"]])
        r["ort"]["threads"][n] = combine(
            [x["ort"]["threads"][n] for x in r["rounds"]])
    # ORT's outputs (of its first thread count) against each of Kiln's runs,
    # all from the first round.
    r["max_rel_diff"] = max(
        compare(os.path.join(lib_dir, "kiln_%dt" % n),
                first["kiln"]["threads"][str(n)]["outputs"], first["ort"])
        for n in args.threads)
    return r


def fmt_ms(ms):
    return "%.3f" % ms if ms < 10 else "%.1f" % ms if ms < 1000 else "%.0f" % ms


def fmt_gmacs(r):
    g = r["macs"] / 1e9
    s = "%.4f" % g if g < 0.01 else "%.2f" % g
    return s if r["macs_complete"] else ">= " + s


def round_speedups(r, n):
    """ORT / Kiln of each round at n threads: the two sides of a round ran
    seconds apart, so an interference episode that spans a round moves
    both; the spread of these ratios is how far the table's ratio can be
    trusted."""
    return [x["ort"]["threads"][str(n)]["median_ms"] /
            x["kiln"]["threads"][str(n)]["median_ms"] for x in r["rounds"]]


def fmt_speedups(ratios):
    if len(ratios) == 1:
        return "%.3g" % ratios[0]
    return "%.3g (%.3g-%.3g)" % (statistics.median(ratios), min(ratios),
                                 max(ratios))


def table(results, peaks, threads, names):
    out = []
    for n in threads:
        out.append("### %d thread%s (measured FP32 peak %.0f GFLOP/s, %s)\n" % (
            n, "s" if n > 1 else "", peaks[n]["gflops"], peaks[n]["isa"]))
        out.append("| model | GMACs | Kiln ms | ORT ms | ORT/Kiln speed-up "
                   "| Kiln GFLOP/s | Kiln % of peak |")
        out.append("|---|---|---|---|---|---|---|")
        for name in names:
            r = results.get(name)
            if r is None:
                continue
            if "error" in r:
                out.append("| %s | | failed: %s | | | | |" % (
                    name, r["error"].splitlines()[0][:120]))
                continue
            k = r["kiln"]["threads"][str(n)]["median_ms"]
            o = r["ort"]["threads"][str(n)]["median_ms"]
            gflops = 2 * r["macs"] / (k * 1e-3) / 1e9
            out.append("| %s | %s | %s | %s | %.3g | %.2f | %.2f%% |" % (
                name, fmt_gmacs(r), fmt_ms(k), fmt_ms(o), o / k, gflops,
                100 * gflops / peaks[n]["gflops"]))
        out.append("")
    out.append("### Details\n")
    out.append("| model | Kiln compile s | Kiln median / min ms per thread count "
               "(warm-ups + runs, all rounds) | ORT median / min ms per thread "
               "count (runs, all rounds) | speed-up per round: median (min-max) "
               "| max rel. diff Kiln vs ORT |")
    out.append("|---|---|---|---|---|---|")
    capped = []
    for name in names:
        r = results.get(name)
        if r is None or "error" in r:
            continue
        kiln = "; ".join("%dt: %s / %s (%d + %d)" % (
            n, fmt_ms(r["kiln"]["threads"][str(n)]["median_ms"]),
            fmt_ms(r["kiln"]["threads"][str(n)]["min_ms"]),
            r["kiln"]["threads"][str(n)]["warmup_runs"],
            r["kiln"]["threads"][str(n)]["runs"]) for n in threads)
        ort = "; ".join("%dt: %s / %s (%d)" % (
            n, fmt_ms(r["ort"]["threads"][str(n)]["median_ms"]),
            fmt_ms(r["ort"]["threads"][str(n)]["min_ms"]),
            r["ort"]["threads"][str(n)]["runs"]) for n in threads)
        paired = "; ".join("%dt: %s" % (n, fmt_speedups(round_speedups(r, n)))
                           for n in threads)
        out.append("| %s | %.1f | %s | %s | %s | %.2e |" % (
            name, r["compile_s"], kiln, ort, paired, r["max_rel_diff"]))
        for n in threads:
            k = r["kiln"]["threads"][str(n)]
            if k["capped"]:
                capped.append("%s: Kiln %d threads, %d warm-ups and %d runs "
                              "(%.1f s measured)" % (name, n, k["warmup_runs"],
                                                     k["runs"], k["measured_s"]))
            t = r["ort"]["threads"][str(n)]
            if t["capped"]:
                capped.append("%s: ORT %d threads, %d warm-ups and %d runs" % (
                    name, n, t["warmup_runs"], t["runs"]))
    out.append("")
    if capped:
        out.append("Capped by the time limit (fewer warm-ups or runs than asked):\n")
        out.extend("- " + c for c in capped)
        out.append("")
    return "\n".join(out)


def main():
    p = argparse.ArgumentParser(description="Kiln versus ONNX Runtime")
    p.add_argument("--out", default=os.path.join(ROOT, "build", "bench"))
    p.add_argument("--models", default=",".join(export_zoo.ZOO + export_zoo.OPS),
                   help="comma-separated subset of: " +
                   ", ".join(export_zoo.ZOO + export_zoo.OPS))
    p.add_argument("--threads", default="1,2")
    p.add_argument("--warmup", type=int, default=10)
    p.add_argument("--min-runs", type=int, default=30)
    p.add_argument("--min-time", type=float, default=3.0)
    p.add_argument("--max-time", type=float, default=30.0,
                   help="cap, in seconds, on each measurement's runs (and half "
                   "of it on its warm-ups), shared by the rounds; 0: no cap")
    p.add_argument("--rounds", type=int, default=3,
                   help="interleaved rounds per model (Kiln and ORT in "
                   "turn, at every thread count), sharing --min-time and --max-time; "
                   "the table gives the median of the round medians")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--kiln", default=os.path.join(ROOT, "build", "tools", "kiln",
                                                  "kiln"))
    p.add_argument("--smoke", action="store_true",
                   help="mlp only, 1 round, 1 warm-up and 3 runs: checks the "
                   "harness")
    args = p.parse_args()
    if args.smoke:
        args.models, args.warmup, args.min_runs, args.min_time = "mlp", 1, 3, 0
        args.rounds = 1
    if args.rounds < 1:
        sys.exit("bench: --rounds must be at least 1")
    args.threads = [int(t) for t in args.threads.split(",")]
    args.out = os.path.abspath(args.out)
    names = [n for n in args.models.split(",") if n]
    unknown = [n for n in names if n not in export_zoo.ZOO + export_zoo.OPS]
    if unknown:
        sys.exit("bench: unknown model(s): " + ", ".join(unknown))
    if not os.access(args.kiln, os.X_OK):
        sys.exit("bench: %s not found: build the kiln target first" % args.kiln)

    started = datetime.datetime.now(datetime.timezone.utc)
    tools = build_tools(args.out)
    log("exporting %s" % ", ".join(names))
    subprocess.run(["/usr/bin/python3", os.path.join(HERE, "export_zoo.py"),
                    "--out", os.path.join(args.out, "models"), "--models",
                    ",".join(names)], check=True)
    peak_seconds = "0.1" if args.smoke else "0.5"
    peaks = {}
    for n in args.threads:
        peaks[n] = json.loads(run([tools[1], str(n), peak_seconds]))
        log("peak, %d thread(s): %.1f GFLOP/s (%s)" % (n, peaks[n]["gflops"],
                                                       peaks[n]["isa"]))

    results = {}
    for name in names:
        try:
            results[name] = bench_model(name, args, tools, peaks)
        except (RuntimeError, ValueError, KeyError) as e:
            log("%s: %s" % (name, e))
            results[name] = {"model": name, "error": str(e)}
    # The peak again: if it moved, or if N threads did not get close to N
    # times one thread's peak, something else competed for the CPUs during
    # the run and the table says so.
    warnings = []
    most = max(args.threads)
    peak_after = json.loads(run([tools[1], str(most), peak_seconds]))["gflops"]
    if abs(peak_after - peaks[most]["gflops"]) > 0.1 * peaks[most]["gflops"]:
        warnings.append("the %d-thread peak moved from %.0f to %.0f GFLOP/s "
                        "during the run" % (most, peaks[most]["gflops"],
                                            peak_after))
    if 1 in peaks and most <= (os.cpu_count() or 1):
        scaling = peaks[most]["gflops"] / peaks[1]["gflops"]
        if scaling < 0.85 * most:
            warnings.append("%d threads reached only %.2fx one thread's peak"
                            % (most, scaling))
    md = table(results, peaks, args.threads, names)
    if warnings:
        md = ("**Warning: other processes competed for the CPUs (%s); these "
              "numbers are not trustworthy: run again on an idle machine.**\n\n"
              % "; ".join(warnings)) + md
        log("WARNING: " + "; ".join(warnings))
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo")
                if l.startswith("model name")), platform.machine())
    limits = round_limits(args)
    measurement = ("median of >= %d runs and >= %g s after %d warm-ups "
                   "(capped at %g s per measurement)" % (
                       limits["min_runs"], limits["min_time"], args.warmup,
                       limits["max_time"]))
    if args.rounds > 1:
        measurement = ("median of %d interleaved rounds (Kiln and ORT in "
                       "turn, at each thread count) of: %s" % (args.rounds, measurement))
    header = ("Kiln benchmark, %s, %s (%d CPUs), ONNX Runtime %s, batch 1, "
              "%s\n" % (
                  started.strftime("%Y-%m-%d %H:%M UTC"), cpu, os.cpu_count(),
                  next((r["ort"]["ort_version"] for r in results.values()
                        if "ort" in r), "?"), measurement))
    print(header)
    print(md)
    with open(os.path.join(args.out, "table.md"), "w") as f:
        f.write(header + "\n" + md)
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump({"date": started.isoformat(), "cpu": cpu, "peaks": peaks,
                   "peak_after": peak_after, "warnings": warnings,
                   "args": vars(args), "results": results}, f, indent=1)
    log("wrote %s and results.json" % os.path.join(args.out, "table.md"))
    return 1 if any("error" in r for r in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
