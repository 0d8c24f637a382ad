#!/usr/bin/env bash
# ===- build.sh - Build the Cortex-M firmware demo ------------------------=== #
#
# Usage: examples/firmware/build.sh OUT_DIR [CPU] [KILN_OPTION...]
#
# Compiles the example CNN for the Cortex-M CPU with Kiln, then links it with
# this directory's startup code, the board's linker script and main.c into
# OUT_DIR/fw.elf, a bare-metal image for the QEMU board of that CPU:
#
#   CPU                   board        run with
#   cortex-m4 (default)   MPS2 AN386   qemu-system-arm -machine mps2-an386 -cpu cortex-m4
#   cortex-m7             MPS2 AN500   qemu-system-arm -machine mps2-an500 -cpu cortex-m7
#   cortex-m55            MPS3 AN547   qemu-system-arm -machine mps3-an547
#
# each followed by -nographic -semihosting -kernel OUT_DIR/fw.elf. KILN_OPTIONs
# go to `kiln compile`: `--weights-section .kiln_weights` puts the weights in
# the board's external memory (sections.ld), `--weights-file` leaves them in
# OUT_DIR/mnist_cnn.weights.bin, which main.c reads at start-up (through
# semihosting, from QEMU's working directory: run QEMU in OUT_DIR).
# KILN names the kiln binary (default: kiln on PATH, else the build tree's).
#
# ===----------------------------------------------------------------------=== #
set -euo pipefail

if [[ $# -lt 1 ]]; then
  echo "usage: $0 OUT_DIR [cortex-m4|cortex-m7|cortex-m55] [KILN_OPTION...]" >&2
  exit 1
fi
out=$1
cpu=${2:-cortex-m4}
shift $(( $# >= 2 ? 2 : 1 ))
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
if [[ -z "${KILN:-}" ]]; then
  KILN=$(command -v kiln || echo "$root/build/tools/kiln/kiln")
fi

# The float ABI must match Kiln's: every Cortex-M target of Kiln uses the
# hard-float calling convention (FP arguments in FP registers).
case "$cpu" in
  cortex-m4)
    fpu=(-mfpu=fpv4-sp-d16); script=mps2-an386.ld
    run="qemu-system-arm -machine mps2-an386 -cpu cortex-m4" ;;
  cortex-m7)
    fpu=(-mfpu=fpv5-d16); script=mps2-an500.ld
    run="qemu-system-arm -machine mps2-an500 -cpu cortex-m7" ;;
  cortex-m55)
    # auto: the FPU and MVE (Helium) the CPU has.
    fpu=(-mfpu=auto); script=mps3-an547.ld
    run="qemu-system-arm -machine mps3-an547" ;;
  *)
    echo "$0: unknown CPU '$cpu' (expected cortex-m4, cortex-m7 or cortex-m55)" >&2
    exit 1 ;;
esac
mkdir -p "$out"

# The model: mnist_cnn.a (the model object and Kiln's runtime core built for
# this CPU), mnist_cnn.h and kiln_runtime.h (and mnist_cnn.weights.bin with
# --weights-file).
"$KILN" compile "$root/examples/mnist_cnn/mnist_cnn.onnx" --target "$cpu" \
  -o "$out" "$@"

# rdimon.specs: newlib with semihosting I/O. -nostartfiles: startup.c
# replaces newlib's crt0. --gc-sections drops what the model and newlib never
# use (Kiln emits one section per function and constant). -L: the board
# script INCLUDEs sections.ld. newlib's prebuilt objects carry no
# .note.GNU-stack; the image has no executable stack either way, so say so
# rather than have ld warn.
arm-none-eabi-gcc -std=c99 -Wall -Wextra -Werror -O2 \
  -mcpu="$cpu" -mthumb -mfloat-abi=hard "${fpu[@]}" \
  --specs=rdimon.specs -nostartfiles \
  -ffunction-sections -fdata-sections -Wl,--gc-sections -Wl,-z,noexecstack \
  -L "$here" -T "$here/$script" -I"$out" -I"$root/examples/mnist_cnn" \
  "$here/startup.c" "$here/main.c" "$out/mnist_cnn.a" -o "$out/fw.elf"
echo "build.sh: wrote $out/fw.elf"
echo "build.sh: run it with $run -nographic -semihosting -kernel $out/fw.elf"
