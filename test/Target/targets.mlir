// Short target names resolve to triples and CPUs, and objects come out for
// each of them. Archives for every target carry the core runtime built for
// that target.

// RUN: rm -rf %t && mkdir -p %t

// RUN: kiln-target-test %S/Inputs/tiny.mlir --print-target | FileCheck %s --check-prefix=HOST
// RUN: kiln-target-test %S/Inputs/tiny.mlir --print-target --target=host | FileCheck %s --check-prefix=HOST
// HOST: triple:
// HOST-NEXT: cpu: {{.+}}
// HOST-NEXT: host: yes

// RUN: kiln-target-test %S/Inputs/tiny.mlir --print-target --target=aarch64-linux-gnu \
// RUN:   --archive=%t/a64.a --object=%t/a64.o | FileCheck %s --check-prefix=A64
// A64: triple: aarch64-unknown-linux-gnu
// A64-NEXT: cpu: generic
// A64-NEXT: host: no
// RUN: llvm-readelf -h %t/a64.o | FileCheck %s --check-prefix=A64-ELF
// A64-ELF: Machine: AArch64
// RUN: llvm-ar t %t/a64.a | FileCheck %s --check-prefix=A64-MEMBERS
// A64-MEMBERS: tiny.o
// A64-MEMBERS-NEXT: kiln_rt.o
// RUN: cd %t && llvm-ar x a64.a kiln_rt.o && llvm-readelf -h %t/kiln_rt.o | FileCheck %s --check-prefix=A64-ELF

// RUN: kiln-target-test %S/Inputs/tiny.mlir --print-target --target=riscv64-linux-gnu \
// RUN:   --object=%t/rv64.o | FileCheck %s --check-prefix=RV64
// RV64: triple: riscv64-unknown-linux-gnu
// RV64-NEXT: cpu: generic
// RUN: llvm-readelf -h %t/rv64.o | FileCheck %s --check-prefix=RV64-ELF
// RV64-ELF: Machine: RISC-V

// RUN: kiln-target-test %S/Inputs/tiny.mlir --print-target --target=cortex-m4 \
// RUN:   --object=%t/m4.o | FileCheck %s --check-prefix=M4
// M4: triple: thumbv7em-unknown-none-eabihf
// M4-NEXT: cpu: cortex-m4
// M4-NEXT: host: no
// RUN: llvm-readelf -h -A %t/m4.o | FileCheck %s --check-prefix=M4-ELF
// M4-ELF: Machine: ARM
// M4-ELF: Value: cortex-m4
// M4-ELF: TagName: ABI_VFP_args
// M4-ELF-NEXT: Description: AAPCS VFP
// Firmware objects need no unwinder (no __aeabi_unwind_cpp_pr0).
// RUN: llvm-nm -u %t/m4.o | FileCheck %s --check-prefix=M4-UNDEF
// M4-UNDEF: U kiln_parallel_for
// M4-UNDEF-NOT: {{.}}

// RUN: kiln-target-test %S/Inputs/tiny.mlir --print-target --target=cortex-m7 \
// RUN:   | FileCheck %s --check-prefix=M7
// M7: triple: thumbv7em-unknown-none-eabihf
// M7-NEXT: cpu: cortex-m7

// Cortex-M55 code uses the MVE (Helium) vector unit for the float loop.
// RUN: kiln-target-test %S/Inputs/tiny.mlir --print-target --target=cortex-m55 \
// RUN:   --object=%t/m55.o | FileCheck %s --check-prefix=M55
// M55: triple: thumbv8.1m.main-unknown-none-eabihf
// M55-NEXT: cpu: cortex-m55
// RUN: llvm-objdump -d %t/m55.o | FileCheck %s --check-prefix=MVE
// MVE: vldrw.u32

// An explicit CPU overrides "native", and full triples work too.
// RUN: kiln-target-test %S/Inputs/tiny.mlir --print-target \
// RUN:   --target=aarch64-unknown-linux-gnu --cpu=cortex-a72 | FileCheck %s --check-prefix=A72
// A72: triple: aarch64-unknown-linux-gnu
// A72-NEXT: cpu: cortex-a72
