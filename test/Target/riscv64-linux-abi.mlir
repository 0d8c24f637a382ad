// 64-bit RISC-V Linux means RV64GC with the lp64d ABI, as on Debian and in
// GCC and Clang, whether named by the short name or by a full triple: hardware
// float and integer multiply instead of LLVM's RV64I soft-float default, and
// the double-float ELF flag the distribution's linker requires. Bare-metal
// RISC-V keeps LLVM's default. The FP extensions the ABI relies on cannot be
// turned off.

// RUN: rm -rf %t && mkdir -p %t

// RUN: kiln-target-test %S/Inputs/tiny.mlir --target=riscv64-linux-gnu --object=%t/short.o
// RUN: llvm-readelf -h %t/short.o | FileCheck %s --check-prefix=LP64D
// RUN: kiln-target-test %S/Inputs/tiny.mlir --target=riscv64-unknown-linux-gnu --object=%t/triple.o
// RUN: llvm-readelf -h %t/triple.o | FileCheck %s --check-prefix=LP64D
// LP64D: Flags: 0x5, RVC, double-float ABI
// RUN: llvm-readelf -A %t/short.o | FileCheck %s --check-prefix=ARCH
// ARCH: Value: rv64i2p1_m2p0_a2p1_f2p2_d2p2_c2p0
// RUN: llvm-objdump -d %t/short.o | FileCheck %s --check-prefix=HARD-FLOAT
// HARD-FLOAT: fadd.s
// RUN: llvm-nm -u %t/short.o | FileCheck %s --check-prefix=UNDEF
// UNDEF: U kiln_parallel_for
// UNDEF-NOT: {{.}}

// RUN: kiln-target-test %S/Inputs/tiny.mlir --target=riscv64-unknown-elf --object=%t/elf.o
// RUN: llvm-readelf -h %t/elf.o | FileCheck %s --check-prefix=BARE
// BARE: Flags: 0x0

// RUN: not kiln-target-test %S/Inputs/tiny.mlir --target=riscv64-linux-gnu \
// RUN:   --features=+zba,-d --object=%t/no-d.o 2>&1 | FileCheck %s --check-prefix=NO-D
// NO-D: feature '-d' conflicts with target 'riscv64-unknown-linux-gnu': RISC-V Linux uses the lp64d ABI
