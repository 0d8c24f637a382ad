#!/usr/bin/env bash
# ===- test.sh - Build everything and run every Kiln test -----------------=== #
#
# Installs the dependencies, builds all targets, then runs all tests through
# CTest: lit (IR, importer, driver, C ABI and example tests), googletest,
# the ONNX node tests and the model tests. Ends with the node-test line
# "N passed, N failed"; exits non-zero on any failure. .ci/run runs this.
#
# ===----------------------------------------------------------------------=== #
set -euo pipefail
cd "$(dirname "$0")/.."

start=$SECONDS
scripts/setup.sh
scripts/build.sh
echo "test.sh: build done after $((SECONDS - start)) s"

# setup.sh installed the cross tool chains and emulators: the cross-target
# and firmware lit tests must run here, never be skipped as unsupported.
export KILN_REQUIRE_CROSS_TOOLS=1

# Tests run one at a time: the node tests and lit parallelize themselves.
report=build/node-tests-report.txt
rm -f "$report"
status=0
ctest --test-dir build --output-on-failure || status=$?
echo "test.sh: tests done after $((SECONDS - start)) s"

if [[ -f "$report" ]]; then
  tail -n 2 "$report"
else
  echo "test.sh: the node tests wrote no report ($report)"
  status=1
fi
exit "$status"
