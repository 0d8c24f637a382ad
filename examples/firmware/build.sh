#!/usr/bin/env bash
# ===- build.sh - Build the Cortex-M4 firmware demo -----------------------=== #
#
# Usage: examples/firmware/build.sh OUT_DIR
#
# Compiles the example CNN for the Cortex-M4 with Kiln, then links it with
# this directory's startup code, linker script and main.c into
# OUT_DIR/fw.elf, a bare-metal image for QEMU's mps2-an386 board. Run it with
#   qemu-system-arm -machine mps2-an386 -cpu cortex-m4 -nographic \
#     -semihosting -kernel OUT_DIR/fw.elf
# KILN names the kiln binary (default: kiln on PATH, else the build tree's).
#
# ===----------------------------------------------------------------------=== #
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 OUT_DIR" >&2
  exit 1
fi
out=$1
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
if [[ -z "${KILN:-}" ]]; then
  KILN=$(command -v kiln || echo "$root/build/tools/kiln/kiln")
fi
mkdir -p "$out"

# The model: mnist_cnn.a (the model object alone; the Cortex-M code of this
# model calls nothing from Kiln's runtime), mnist_cnn.h and kiln_runtime.h.
"$KILN" compile "$root/examples/mnist_cnn/mnist_cnn.onnx" --target cortex-m4 \
  -o "$out"

# Hard-float Cortex-M4 code, as Kiln's cortex-m4 target emits it (the VFP
# calling convention must match). rdimon.specs: newlib with semihosting I/O.
# -nostartfiles: startup.c replaces newlib's crt0. --gc-sections drops what
# the model and newlib never use (Kiln emits one section per function and
# constant). newlib's prebuilt objects carry no .note.GNU-stack; the image has
# no executable stack either way, so say so rather than have ld warn.
arm-none-eabi-gcc -std=c99 -Wall -Wextra -Werror -O2 \
  -mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16 \
  --specs=rdimon.specs -nostartfiles \
  -ffunction-sections -fdata-sections -Wl,--gc-sections -Wl,-z,noexecstack \
  -T "$here/mps2-an386.ld" -I"$out" -I"$root/examples/mnist_cnn" \
  "$here/startup.c" "$here/main.c" "$out/mnist_cnn.a" -o "$out/fw.elf"
echo "build.sh: wrote $out/fw.elf"
