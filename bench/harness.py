# ===- harness.py - What bench.py and layers.py share ----------------------=== #
#
# Running a tool and building kiln_bench (bench/kiln_bench.c with the
# kiln_rt_threads pool) with the system's cc. Imports nothing heavy: layers.py
# uses it without torch.
#
# ===----------------------------------------------------------------------=== #

import os
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def run(cmd, **kw):
    """Runs cmd; returns stdout; raises with stderr's tail on failure."""
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, **kw)
    if p.returncode != 0:
        raise RuntimeError("%s failed (exit %d): %s" % (
            os.path.basename(cmd[0]), p.returncode, p.stderr.strip()[-2000:]))
    return p.stdout


def build_kiln_bench(bin_dir):
    """Compiles kiln_bench into bin_dir; returns its path."""
    os.makedirs(bin_dir, exist_ok=True)
    inc = os.path.join(ROOT, "runtime", "include")
    kb = os.path.join(bin_dir, "kiln_bench")
    run(["cc", "-O2", "-std=c11", "-Wall", "-I", inc,
         os.path.join(HERE, "kiln_bench.c"),
         os.path.join(ROOT, "runtime", "src", "threads.c"), "-ldl", "-pthread",
         "-o", kb])
    return kb
