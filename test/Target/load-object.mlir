// Objects run in process through the ORC loader, several at a time, with
// the runtime calls bound to the runtime linked into the host.

// Two copies of the same model (same symbol names) loaded side by side.
// RUN: kiln-target-test %S/Inputs/tiny.mlir --run --load-count=2 | FileCheck %s
// CHECK: model tiny: abi 1, workspace 64 bytes, align 64
// CHECK-NEXT: input x: dtype 1 shape [8] bytes 32
// CHECK-NEXT: output y: dtype 1 shape [8] bytes 32
// CHECK-NEXT: status 0 (ok)
// CHECK-NEXT: y = 1 3 5 7 9 11 13 15
// CHECK-NEXT: model tiny: abi 1
// CHECK: y = 1 3 5 7 9 11 13 15

// Two separately compiled objects, and a parallel runner installed by the
// host: the loaded models' kiln_parallel_for calls must reach it.
// RUN: kiln-target-test %S/Inputs/tiny.mlir %S/Inputs/tiny.mlir --run \
// RUN:   --parallel-runner -O0 | FileCheck %s --check-prefix=RUNNER
// RUNNER: y = 1 3 5 7 9 11 13 15
// RUNNER: y = 1 3 5 7 9 11 13 15
// RUNNER: runner calls: 2

// An object for another machine is refused.
// RUN: not kiln-target-test %S/Inputs/tiny.mlir --target=riscv64-linux-gnu \
// RUN:   --run 2>&1 | FileCheck %s --check-prefix=FOREIGN
// FOREIGN: model 'tiny' was compiled for riscv64 and cannot run on this {{[a-z0-9_]+}} machine
