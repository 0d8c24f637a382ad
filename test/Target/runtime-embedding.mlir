// The compiler carries the host runtime object and kiln_runtime.h. The
// object defines the whole core API and needs nothing from any library.

// RUN: rm -rf %t && mkdir -p %t
// RUN: kiln-target-test %S/Inputs/no-inputs.mlir --runtime-object=%t/kiln_rt.o \
// RUN:   --runtime-header=%t/kiln_runtime.h
// RUN: diff %t/kiln_runtime.h %kiln_runtime_include/kiln_runtime.h
// RUN: llvm-nm --defined-only %t/kiln_rt.o | FileCheck %s
// CHECK-DAG: T kiln_dtype_size
// CHECK-DAG: T kiln_parallel_for
// CHECK-DAG: T kiln_set_parallel_runner
// CHECK-DAG: T kiln_status_string
// RUN: llvm-nm -u %t/kiln_rt.o | count 0
// RUN: llvm-readelf -h %t/kiln_rt.o | FileCheck %s --check-prefix=ELF
// ELF: Type: REL (Relocatable file)
