// lld, linked into Kiln, turns the model object and the runtime into a
// shared library a C program links against.

// RUN: rm -rf %t && mkdir -p %t
// RUN: kiln-target-test %S/Inputs/tiny.mlir --shared=%t/libtiny.so \
// RUN:   --header=%t/tiny.h --runtime-header=%t/kiln_runtime.h

// RUN: llvm-readelf -h -d %t/libtiny.so | FileCheck %s --check-prefix=ELF
// ELF: Type: DYN
// ELF: (SONAME) Library soname: [libtiny.so]

// RUN: llvm-nm -D --defined-only %t/libtiny.so | FileCheck %s --check-prefix=EXPORTS
// EXPORTS-DAG: T kiln_parallel_for
// EXPORTS-DAG: T kiln_status_string
// EXPORTS-DAG: {{[DR]}} tiny_info
// EXPORTS-DAG: T tiny_run

// Deterministic (the file name is part of the output, as the soname).
// RUN: mkdir -p %t/again
// RUN: kiln-target-test %S/Inputs/tiny.mlir --shared=%t/again/libtiny.so
// RUN: cmp %t/libtiny.so %t/again/libtiny.so

// RUN: %cc -std=c99 -I%t %S/Inputs/tiny_app.c -L%t -ltiny \
// RUN:   -Wl,-rpath,%t -o %t/app
// RUN: %t/app | FileCheck %s --check-prefix=APP
// APP: status 0 (ok)
// APP-NEXT: y = 1 3 5 7 9 11 13 15

// Only ELF objects can be linked.
// RUN: not kiln-target-test %S/Inputs/tiny.mlir --target=wasm32-unknown-unknown \
// RUN:   --shared=%t/libtiny.wasm 2>&1 | FileCheck %s --check-prefix=WASM
// WASM: cannot link 'tiny.o' into a shared library: only ELF objects are supported
