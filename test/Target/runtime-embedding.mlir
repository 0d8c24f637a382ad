// The compiler carries kiln_runtime.h and generates the core runtime object
// for any target: it defines the whole core API and needs nothing from any
// library (firmware objects need no unwinder: nothing undefined at all). Its
// only writable data is the installed parallel-for runner (two pointers, in
// .bss).

// RUN: rm -rf %t && mkdir -p %t
// RUN: kiln-target-test %S/Inputs/no-inputs.mlir --runtime-object=%t/kiln_rt.o \
// RUN:   --runtime-header=%t/kiln_runtime.h
// RUN: diff %t/kiln_runtime.h %kiln_runtime_include/kiln_runtime.h
// RUN: llvm-nm --defined-only %t/kiln_rt.o | FileCheck %s
// CHECK-DAG: T kiln_dtype_size
// CHECK-DAG: T kiln_parallel_for
// CHECK-DAG: T kiln_set_parallel_runner
// CHECK-DAG: T kiln_status_string
// CHECK-DAG: b kiln_installed_runner
// CHECK-DAG: b kiln_installed_runner_context
// RUN: llvm-nm -u %t/kiln_rt.o | count 0
// RUN: llvm-readelf -h %t/kiln_rt.o | FileCheck %s --check-prefix=ELF
// ELF: Type: REL (Relocatable file)

// The same for the cross targets, each in its own instruction set.
// RUN: kiln-target-test %S/Inputs/no-inputs.mlir --target=aarch64-linux-gnu \
// RUN:   --runtime-object=%t/a64.o
// RUN: kiln-target-test %S/Inputs/no-inputs.mlir --target=riscv64-linux-gnu \
// RUN:   --runtime-object=%t/rv64.o
// RUN: kiln-target-test %S/Inputs/no-inputs.mlir --target=cortex-m4 \
// RUN:   --runtime-object=%t/m4.o
// RUN: kiln-target-test %S/Inputs/no-inputs.mlir --target=cortex-m55 \
// RUN:   --runtime-object=%t/m55.o
// RUN: llvm-nm --defined-only %t/a64.o | FileCheck %s
// RUN: llvm-nm --defined-only %t/rv64.o | FileCheck %s
// RUN: llvm-nm --defined-only %t/m4.o | FileCheck %s
// RUN: llvm-nm --defined-only %t/m55.o | FileCheck %s
// RUN: llvm-nm -u %t/a64.o %t/rv64.o %t/m4.o %t/m55.o | not grep " U "
// RUN: llvm-readelf -h -A %t/a64.o | FileCheck %s --check-prefix=A64
// A64: Machine: AArch64
// RUN: llvm-readelf -h %t/rv64.o | FileCheck %s --check-prefix=RV64
// RV64: Machine: RISC-V
// RV64: Flags: 0x5, RVC, double-float ABI
// RUN: llvm-readelf -h -A %t/m4.o | FileCheck %s --check-prefix=M4
// M4: Machine: ARM
// M4: Value: cortex-m4
// M4: TagName: ABI_VFP_args
// M4-NEXT: Description: AAPCS VFP
// RUN: llvm-readelf -A %t/m55.o | FileCheck %s --check-prefix=M55
// M55: Value: cortex-m55
// The only writable data is two pointers (4 bytes each on the Cortex-M).
// RUN: llvm-readelf -S %t/m4.o | FileCheck %s --check-prefix=M4-SECTIONS
// M4-SECTIONS: .bss.kiln_installed_runner NOBITS {{[0-9a-f]+}} {{[0-9a-f]+}} 000004
// M4-SECTIONS: .bss.kiln_installed_runner_context NOBITS {{[0-9a-f]+}} {{[0-9a-f]+}} 000004
