#!/usr/bin/python3
# ===- bench.py - Kiln versus ONNX Runtime on the model zoo ----------------=== #
#
# The driver behind bench/run.sh. In one run it measures the FP32 FMA peak
# (peak.c, 1 and 2 threads), exports the zoo and the single-op models
# (export_zoo.py), and for each model: counts its MACs (kiln inspect), times
# `kiln compile --emit shared`, times the library with kiln_bench.c and the
# ONNX model with ONNX Runtime (ort_bench.js) on the same random input at
# each thread count (Kiln's parallel loops on a kiln_rt_threads pool of that
# many threads, ORT's intraOpNumThreads), and compares the outputs. It prints a markdown table and writes it, with
# every raw number, under --out.
#
# ===----------------------------------------------------------------------=== #

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import export_zoo  # noqa: E402  (after the path set-up)

# Inspect's dtype names -> (ONNX Runtime / numpy name).
DTYPES = {"float": "float32", "double": "float64", "int64": "int64",
          "int32": "int32", "int8": "int8", "uint8": "uint8", "bool": "bool"}


def log(msg):
    print("bench: " + msg, file=sys.stderr, flush=True)


def run(cmd, **kw):
    """Runs cmd; returns stdout; raises with stderr's tail on failure."""
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, **kw)
    if p.returncode != 0:
        raise RuntimeError("%s failed (exit %d): %s" % (
            os.path.basename(cmd[0]), p.returncode, p.stderr.strip()[-2000:]))
    return p.stdout


def build_tools(out):
    """Compiles kiln_bench (with the kiln_rt_threads pool) and peak with the
    system's cc."""
    bin_dir = os.path.join(out, "bin")
    os.makedirs(bin_dir, exist_ok=True)
    inc = os.path.join(ROOT, "runtime", "include")
    kb = os.path.join(bin_dir, "kiln_bench")
    run(["cc", "-O2", "-std=c11", "-Wall", "-I", inc,
         os.path.join(HERE, "kiln_bench.c"),
         os.path.join(ROOT, "runtime", "src", "threads.c"), "-ldl", "-pthread",
         "-o", kb])
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


def bench_model(name, args, tools, peak):
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

    spec, spec_path = make_inputs(lib_dir, info["inputs"], args.seed)
    log("%s: Kiln (compiled in %.1f s)" % (name, r["compile_s"]))
    r["kiln"] = {"threads": {}}
    for n in args.threads:
        out_dir = os.path.join(lib_dir, "kiln_%dt" % n)
        os.makedirs(out_dir, exist_ok=True)
        kb_cmd = [kiln_bench, os.path.join(lib_dir, "lib%s.so" % name), name,
                  "--output-dir", out_dir, "--threads", str(n),
                  "--warmup", str(args.warmup), "--min-runs",
                  str(args.min_runs), "--min-time", str(args.min_time),
                  "--max-time", str(args.max_time)]
        for s in spec:
            kb_cmd += ["--input", "%s=%s" % (s["name"], s["file"])]
        r["kiln"]["threads"][str(n)] = json.loads(run(kb_cmd))

    log("%s: ONNX Runtime" % name)
    r["ort"] = json.loads(run(
        ["node", os.path.join(HERE, "ort_bench.js"), "--model", onnx_path,
         "--spec", spec_path, "--threads", ",".join(map(str, args.threads)),
         "--warmup", str(args.warmup), "--min-runs", str(args.min_runs),
         "--min-time", str(args.min_time), "--max-time", str(args.max_time),
         "--output-dir", lib_dir]))
    # ORT's outputs (of its first thread count) against each of Kiln's runs.
    r["max_rel_diff"] = max(
        compare(os.path.join(lib_dir, "kiln_%dt" % n),
                r["kiln"]["threads"][str(n)]["outputs"], r["ort"])
        for n in args.threads)
    return r


def fmt_ms(ms):
    return "%.3f" % ms if ms < 10 else "%.1f" % ms if ms < 1000 else "%.0f" % ms


def fmt_gmacs(r):
    g = r["macs"] / 1e9
    s = "%.4f" % g if g < 0.01 else "%.2f" % g
    return s if r["macs_complete"] else ">= " + s


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
               "(warm-ups + runs) | ORT median / min ms per thread count (runs) "
               "| max rel. diff Kiln vs ORT |")
    out.append("|---|---|---|---|---|")
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
        out.append("| %s | %.1f | %s | %s | %.2e |" % (
            name, r["compile_s"], kiln, ort, r["max_rel_diff"]))
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
                   "of it on its warm-ups); 0: no cap")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--kiln", default=os.path.join(ROOT, "build", "tools", "kiln",
                                                  "kiln"))
    p.add_argument("--smoke", action="store_true",
                   help="mlp only, 1 warm-up and 3 runs: checks the harness")
    args = p.parse_args()
    if args.smoke:
        args.models, args.warmup, args.min_runs, args.min_time = "mlp", 1, 3, 0
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
    header = ("Kiln benchmark, %s, %s (%d CPUs), ONNX Runtime %s, batch 1, "
              "median of >= %d runs and >= %g s after %d warm-ups (capped at "
              "%g s per measurement)\n" % (
                  started.strftime("%Y-%m-%d %H:%M UTC"), cpu, os.cpu_count(),
                  next((r["ort"]["ort_version"] for r in results.values()
                        if "ort" in r), "?"), args.min_runs, args.min_time,
                  args.warmup, args.max_time))
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
