#!/usr/bin/env bash
# ===- setup.sh - Install Kiln's build and test dependencies --------------=== #
#
# For Debian 12 (bookworm), as root (or with sudo). Everything comes from the
# Debian archive, LLVM/MLIR 22 included. Idempotent: when every package is
# already installed it does not touch apt at all.
#
# ===----------------------------------------------------------------------=== #
set -euo pipefail

PACKAGES=(
  # Compiler infrastructure: LLVM/MLIR 22 headers and libraries, lld as a
  # library (shared objects), and the tools lit tests use (FileCheck, lit,
  # mlir-opt, llvm-nm, llvm-readobj, ...).
  llvm-22-dev libmlir-22-dev mlir-22-tools llvm-22-tools liblld-22-dev
  # ONNX's C++ library (parsing, checking, shape inference), protobuf, and
  # ONNX's backend node tests.
  libonnx-dev libonnx-testdata protobuf-compiler libprotobuf-dev
  # Build tools and C++ libraries.
  cmake ninja-build ccache g++ gcc libfmt-dev libgtest-dev googletest
  # Python side: exporting the test models and the example (Debian's
  # /usr/bin/python3 with these packages).
  python3-onnx python3-numpy python3-torch python3-torchvision python3-pytest
  # Cross targets, run in the tests (test/target-run, test/firmware): Debian's
  # cross C compilers and C libraries link libraries Kiln compiles for
  # aarch64-linux-gnu and riscv64-linux-gnu, qemu-user runs the programs;
  # arm-none-eabi-gcc with newlib (semihosting) links the Cortex-M firmware
  # demo and qemu-system-arm runs it on an emulated MPS2 board.
  gcc-aarch64-linux-gnu libc6-dev-arm64-cross
  gcc-riscv64-linux-gnu libc6-dev-riscv64-cross qemu-user
  gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  if [[ "$status" != "install ok installed" ]]; then
    missing+=("$pkg")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "setup.sh: all ${#PACKAGES[@]} packages are installed"
  exit 0
fi

SUDO=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null; then
    SUDO=(sudo)
  else
    echo "setup.sh: run as root to install: ${missing[*]}" >&2
    exit 1
  fi
fi

echo "setup.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update
"${SUDO[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
