// An object emitted by lib/Target, packed into a host archive together with
// the embedded runtime, links into a C program with no other library.

// RUN: rm -rf %t && mkdir -p %t
// RUN: kiln-target-test %S/Inputs/tiny.mlir --object=%t/tiny.o \
// RUN:   --archive=%t/tiny.a --header=%t/tiny.h --runtime-header=%t/kiln_runtime.h

// RUN: llvm-nm %t/tiny.o | FileCheck %s --check-prefix=OBJ
// OBJ-DAG: U kiln_parallel_for
// OBJ-DAG: {{[DR]}} tiny_info
// OBJ-DAG: T tiny_run
// OBJ-NOT: tiny_body

// The object needs nothing but the runtime.
// RUN: llvm-nm -u %t/tiny.o | FileCheck %s --check-prefix=UNDEF
// UNDEF: kiln_parallel_for
// UNDEF-NOT: {{.}}

// RUN: llvm-ar t %t/tiny.a | FileCheck %s --check-prefix=MEMBERS
// MEMBERS: tiny.o
// MEMBERS-NEXT: kiln_rt.o
// MEMBERS-NOT: {{.}}

// RUN: llvm-nm --print-armap %t/tiny.a | FileCheck %s --check-prefix=ARMAP
// ARMAP: Archive map
// ARMAP-DAG: tiny_run in tiny.o
// ARMAP-DAG: tiny_info in tiny.o
// ARMAP-DAG: kiln_status_string in kiln_rt.o
// ARMAP-DAG: kiln_parallel_for in kiln_rt.o

// Deterministic: zero timestamps and ids, fixed modes, same bytes each time.
// RUN: llvm-ar tv %t/tiny.a | FileCheck %s --check-prefix=VERBOSE
// VERBOSE: rw-r--r-- 0/0 {{.*}} 1970 tiny.o
// VERBOSE: rw-r--r-- 0/0 {{.*}} 1970 kiln_rt.o
// RUN: kiln-target-test %S/Inputs/tiny.mlir --archive=%t/again.a
// RUN: cmp %t/tiny.a %t/again.a

// RUN: %cc -std=c99 -pedantic -Wall -Werror -I%t %S/Inputs/tiny_app.c \
// RUN:   %t/tiny.a -o %t/app
// RUN: %t/app | FileCheck %s --check-prefix=APP
// APP: status 0 (ok)
// APP-NEXT: y = 1 3 5 7 9 11 13 15
// APP-NEXT: info: tiny, 1 input(s), 1 output(s), x is 32 bytes
// APP-NEXT: no workspace: invalid argument
