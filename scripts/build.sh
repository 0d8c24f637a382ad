#!/usr/bin/env bash
# ===- build.sh - Configure (once) and build Kiln in ./build --------------=== #
#
# Usage: scripts/build.sh [ninja targets...]   (default: everything)
# Release, Ninja, ccache with its cache inside the build directory (so a
# CI cache of build/ carries it). KILN_JOBS sets the parallelism (default 2).
#
# ===----------------------------------------------------------------------=== #
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=build
export CCACHE_DIR="${CCACHE_DIR:-$PWD/$BUILD_DIR/.ccache}"
# Template instantiations of MLIR make large objects; keep a cold CI build's
# cache from evicting itself.
export CCACHE_MAXSIZE="${CCACHE_MAXSIZE:-5G}"

if [[ ! -f "$BUILD_DIR/build.ninja" ]]; then
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release
fi
ninja -C "$BUILD_DIR" -j"${KILN_JOBS:-2}" "$@"
