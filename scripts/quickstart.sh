#!/usr/bin/env bash
# ===- quickstart.sh - From a fresh Debian 12 to a compiled, running model -=== #
#
# Installs the dependencies, builds the kiln CLI, compiles the bundled
# example model (examples/mnist_cnn) into out/mnist_cnn.a + out/mnist_cnn.h,
# links it into a small C program and runs it: the program prints the
# model's outputs and checks them against torch's.
#
# ===----------------------------------------------------------------------=== #
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
scripts/build.sh kiln

MODEL=mnist_cnn
mkdir -p out
echo "+ build/tools/kiln/kiln compile examples/$MODEL/$MODEL.onnx -o out/"
build/tools/kiln/kiln compile "examples/$MODEL/$MODEL.onnx" -o out/
echo "+ cc examples/$MODEL/app.c out/$MODEL.a -Iout -o out/app && out/app"
cc "examples/$MODEL/app.c" "out/$MODEL.a" -Iout -o out/app
out/app
