// The optimizer and code generator see a freestanding environment: they may
// turn loops into memset/memcpy/memmove, but never call other C library
// functions. With a hosted library LLVM compiles @same below into a memcmp
// call (checked with opt -O2 | llc), which firmware does not have.

// RUN: kiln-target-test %s --object=%t.o
// RUN: llvm-nm %t.o | FileCheck %s --check-prefix=DEFINED
// DEFINED-DAG: T same
// DEFINED-DAG: T zero
// RUN: llvm-nm -u %t.o | FileCheck %s
// RUN: kiln-target-test %s -O3 --object=%t.o3.o
// RUN: llvm-nm -u %t.o3.o | FileCheck %s
// CHECK-NOT: {{bcmp|memcmp}}
// CHECK: U memset
// CHECK-NOT: {{.}}

module attributes {kiln.model_name = "freestanding", kiln.inputs = [],
                   kiln.outputs = []} {
  // A fill loop: becomes memset.
  llvm.func @zero(%p: !llvm.ptr, %n: i64) {
    %c0 = llvm.mlir.constant(0 : i64) : i64
    %c1 = llvm.mlir.constant(1 : i64) : i64
    %z = llvm.mlir.constant(0 : i8) : i8
    llvm.br ^header(%c0 : i64)
  ^header(%i: i64):
    %done = llvm.icmp "uge" %i, %n : i64
    llvm.cond_br %done, ^exit, ^body
  ^body:
    %q = llvm.getelementptr %p[%i] : (!llvm.ptr, i64) -> !llvm.ptr, i8
    llvm.store %z, %q : i8, !llvm.ptr
    %next = llvm.add %i, %c1 : i64
    llvm.br ^header(%next : i64)
  ^exit:
    llvm.return
  }

  // Field-by-field equality of two records. LLVM merges such chains into
  // one memcmp call, and keeps the call when optimizing for size.
  llvm.func @same(%a: !llvm.ptr {llvm.dereferenceable = 24 : i64},
                  %b: !llvm.ptr {llvm.dereferenceable = 24 : i64}) -> i1
      attributes {passthrough = ["minsize", "optsize"]} {
    %false = llvm.mlir.constant(false) : i1
    %pa0 = llvm.getelementptr %a[0] : (!llvm.ptr) -> !llvm.ptr, i32
    %pb0 = llvm.getelementptr %b[0] : (!llvm.ptr) -> !llvm.ptr, i32
    %a0 = llvm.load %pa0 : !llvm.ptr -> i32
    %b0 = llvm.load %pb0 : !llvm.ptr -> i32
    %e0 = llvm.icmp "eq" %a0, %b0 : i32
    llvm.cond_br %e0, ^f1, ^done(%false : i1)
  ^f1:
    %pa1 = llvm.getelementptr %a[1] : (!llvm.ptr) -> !llvm.ptr, i32
    %pb1 = llvm.getelementptr %b[1] : (!llvm.ptr) -> !llvm.ptr, i32
    %a1 = llvm.load %pa1 : !llvm.ptr -> i32
    %b1 = llvm.load %pb1 : !llvm.ptr -> i32
    %e1 = llvm.icmp "eq" %a1, %b1 : i32
    llvm.cond_br %e1, ^f2, ^done(%false : i1)
  ^f2:
    %pa2 = llvm.getelementptr %a[2] : (!llvm.ptr) -> !llvm.ptr, i32
    %pb2 = llvm.getelementptr %b[2] : (!llvm.ptr) -> !llvm.ptr, i32
    %a2 = llvm.load %pa2 : !llvm.ptr -> i32
    %b2 = llvm.load %pb2 : !llvm.ptr -> i32
    %e2 = llvm.icmp "eq" %a2, %b2 : i32
    llvm.cond_br %e2, ^f3, ^done(%false : i1)
  ^f3:
    %pa3 = llvm.getelementptr %a[3] : (!llvm.ptr) -> !llvm.ptr, i32
    %pb3 = llvm.getelementptr %b[3] : (!llvm.ptr) -> !llvm.ptr, i32
    %a3 = llvm.load %pa3 : !llvm.ptr -> i32
    %b3 = llvm.load %pb3 : !llvm.ptr -> i32
    %e3 = llvm.icmp "eq" %a3, %b3 : i32
    llvm.cond_br %e3, ^f4, ^done(%false : i1)
  ^f4:
    %pa4 = llvm.getelementptr %a[4] : (!llvm.ptr) -> !llvm.ptr, i32
    %pb4 = llvm.getelementptr %b[4] : (!llvm.ptr) -> !llvm.ptr, i32
    %a4 = llvm.load %pa4 : !llvm.ptr -> i32
    %b4 = llvm.load %pb4 : !llvm.ptr -> i32
    %e4 = llvm.icmp "eq" %a4, %b4 : i32
    llvm.cond_br %e4, ^f5, ^done(%false : i1)
  ^f5:
    %pa5 = llvm.getelementptr %a[5] : (!llvm.ptr) -> !llvm.ptr, i32
    %pb5 = llvm.getelementptr %b[5] : (!llvm.ptr) -> !llvm.ptr, i32
    %a5 = llvm.load %pa5 : !llvm.ptr -> i32
    %b5 = llvm.load %pb5 : !llvm.ptr -> i32
    %e5 = llvm.icmp "eq" %a5, %b5 : i32
    llvm.br ^done(%e5 : i1)
  ^done(%r: i1):
    llvm.return %r : i1
  }
}
