#!/usr/bin/env bash
# ===- run.sh - Benchmark Kiln against ONNX Runtime on the model zoo -------=== #
#
# One command: measures the FP32 peak, exports the zoo and single-op models
# with Debian's python3 + torch, compiles each with `kiln compile --emit
# shared`, times Kiln and ONNX Runtime at 1 and 2 threads in the same run,
# checks Kiln's outputs against ORT's, and prints a markdown table (also
# written to OUT/table.md, raw numbers to OUT/results.json; OUT defaults to
# build/bench). Benchmarks must not overlap with builds on a shared machine:
#
#   flock /tmp/kiln-build.lock bench/run.sh [--models a,b] [--max-time S]
#   bench/run.sh --smoke        # mlp only, 3 runs: checks the harness
#
# Needs build/tools/kiln/kiln, and ONNX Runtime installed once (network):
#   (cd bench && npm ci --onnxruntime-node-install=skip)
# Options: see `bench/run.sh --help`. Not part of CI: it takes minutes.
#
# ===----------------------------------------------------------------------=== #
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

if [[ ! -d "$here/node_modules/onnxruntime-node" ]]; then
  echo "run.sh: ONNX Runtime is not installed; run once (needs the network):" >&2
  echo "  (cd $here && npm ci --onnxruntime-node-install=skip)" >&2
  exit 1
fi
# A preset BLAS core type would skew any BLAS-based comparison; torch is only
# used to export here, but keep the environment neutral.
unset OPENBLAS_CORETYPE
exec /usr/bin/python3 "$here/bench.py" "$@"
