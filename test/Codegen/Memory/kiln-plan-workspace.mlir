// RUN: kiln-opt %s -split-input-file -kiln-plan-workspace | FileCheck %s

// Two buffers whose lifetimes do not overlap share offset 0.
// CHECK-LABEL: module attributes
// CHECK-SAME: kiln.workspace_align = 64 : i64, kiln.workspace_lower_bound = 64 : i64
// CHECK-SAME: kiln.workspace_plan = [{first = 1 : i64, last = 2 : i64, offset = 0 : i64, size = 64 : i64}, {first = 5 : i64, last = 6 : i64, offset = 0 : i64, size = 64 : i64}]
// CHECK-SAME: kiln.workspace_size = 64 : i64
// CHECK: func.func @main(%{{.*}}: memref<16xf32>, %{{.*}}: memref<16xf32>, %[[WS:.*]]: memref<64xi8>)
// CHECK-NOT: memref.alloc
// CHECK: %[[C0:.*]] = arith.constant 0 : index
// CHECK: memref.view %[[WS]][%[[C0]]][] : memref<64xi8> to memref<16xf32>
// CHECK: memref.view %[[WS]][%[[C0]]][] : memref<64xi8> to memref<16xf32>
// CHECK-NOT: memref.dealloc
func.func @main(%in: memref<16xf32>, %out: memref<16xf32>) {
  %a = memref.alloc() {alignment = 64 : i64} : memref<16xf32>
  memref.copy %in, %a : memref<16xf32> to memref<16xf32>
  memref.copy %a, %out : memref<16xf32> to memref<16xf32>
  memref.dealloc %a : memref<16xf32>
  %b = memref.alloc() {alignment = 64 : i64} : memref<16xf32>
  memref.copy %out, %b : memref<16xf32> to memref<16xf32>
  memref.copy %b, %out : memref<16xf32> to memref<16xf32>
  return
}

// -----

// Buffers live at the same time get disjoint bytes (offsets 0 and 64). The
// plan records both lifetimes; both are live at steps 3 and 4, so the lower
// bound is 128 bytes.
// CHECK-LABEL: module attributes
// CHECK-SAME: kiln.workspace_lower_bound = 128 : i64
// CHECK-SAME: kiln.workspace_plan = [{first = 2 : i64, last = 4 : i64, offset = 0 : i64, size = 64 : i64}, {first = 3 : i64, last = 5 : i64, offset = 64 : i64, size = 64 : i64}]
// CHECK-SAME: kiln.workspace_size = 128 : i64
// CHECK: func.func @main({{.*}}, %[[WS:.*]]: memref<128xi8>)
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C64:.*]] = arith.constant 64 : index
// CHECK-DAG: memref.view %[[WS]][%[[C0]]][] : memref<128xi8> to memref<16xf32>
// CHECK-DAG: memref.view %[[WS]][%[[C64]]][] : memref<128xi8> to memref<16xf32>
func.func @main(%in: memref<16xf32>, %out: memref<16xf32>) {
  %a = memref.alloc() : memref<16xf32>
  %b = memref.alloc() : memref<16xf32>
  memref.copy %in, %a : memref<16xf32> to memref<16xf32>
  memref.copy %in, %b : memref<16xf32> to memref<16xf32>
  memref.copy %a, %out : memref<16xf32> to memref<16xf32>
  memref.copy %b, %out : memref<16xf32> to memref<16xf32>
  return
}

// -----

// A view of %a used after %b is written keeps %a alive: no sharing, even
// though %a itself is not used after %b appears.
// CHECK-LABEL: module attributes
// CHECK-SAME: kiln.workspace_size = 128 : i64
// CHECK: func.func @main
// CHECK-DAG: arith.constant 0 : index
// CHECK-DAG: arith.constant 64 : index
func.func @main(%in: memref<16xf32>, %out: memref<16xf32>) {
  %a = memref.alloc() : memref<16xf32>
  memref.copy %in, %a : memref<16xf32> to memref<16xf32>
  %va = memref.expand_shape %a [[0, 1]] output_shape [4, 4] : memref<16xf32> into memref<4x4xf32>
  %sa = memref.subview %va[0, 0] [2, 4] [1, 1] : memref<4x4xf32> to memref<2x4xf32, strided<[4, 1]>>
  %b = memref.alloc() : memref<16xf32>
  memref.copy %in, %b : memref<16xf32> to memref<16xf32>
  %o = memref.expand_shape %out [[0, 1]] output_shape [4, 4] : memref<16xf32> into memref<4x4xf32>
  %so = memref.subview %o[0, 0] [2, 4] [1, 1] : memref<4x4xf32> to memref<2x4xf32, strided<[4, 1]>>
  memref.copy %sa, %so : memref<2x4xf32, strided<[4, 1]>> to memref<2x4xf32, strided<[4, 1]>>
  memref.copy %b, %out : memref<16xf32> to memref<16xf32>
  return
}

// -----

// Uses inside a loop count at the loop: %a, read in the loop, overlaps %b,
// written in the same loop; %c, used only after the loop, reuses %a's bytes.
// CHECK-LABEL: module attributes
// CHECK-SAME: kiln.workspace_size = 128 : i64
// CHECK: func.func @main({{.*}}, %[[WS:.*]]: memref<128xi8>)
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C64:.*]] = arith.constant 64 : index
// CHECK: %[[A:.*]] = memref.view %[[WS]][%[[C0]]][]
// CHECK: %[[B:.*]] = memref.view %[[WS]][%[[C64]]][]
// CHECK: scf.for
// CHECK: memref.load %[[A]]
// CHECK: memref.store %{{.*}}, %[[B]]
// CHECK: memref.view %[[WS]][%[[C0]]][]
func.func @main(%in: memref<16xf32>, %out: memref<16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  %a = memref.alloc() : memref<16xf32>
  memref.copy %in, %a : memref<16xf32> to memref<16xf32>
  %b = memref.alloc() : memref<16xf32>
  scf.for %i = %c0 to %c16 step %c1 {
    %x = memref.load %a[%i] : memref<16xf32>
    memref.store %x, %b[%i] : memref<16xf32>
  }
  memref.copy %b, %out : memref<16xf32> to memref<16xf32>
  %c = memref.alloc() : memref<16xf32>
  memref.copy %out, %c : memref<16xf32> to memref<16xf32>
  memref.copy %c, %out : memref<16xf32> to memref<16xf32>
  return
}

// -----

// Allocas go to the workspace too (firmware stacks are small), wherever
// they are, and element sizes follow the data layout (i1 takes a byte).
// CHECK-LABEL: module attributes
// CHECK-SAME: kiln.workspace_size = 1088 : i64
// CHECK: func.func @main({{.*}}, %[[WS:.*]]: memref<1088xi8>)
// CHECK-NOT: memref.alloca
// CHECK: memref.view %[[WS]]{{.*}} to memref<256xf32>
// CHECK: scf.for
// CHECK: memref.view %[[WS]]{{.*}} to memref<30xi1>
func.func @main(%in: memref<256xf32>, %out: memref<256xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %t = memref.alloca() : memref<256xf32>
  memref.copy %in, %t : memref<256xf32> to memref<256xf32>
  scf.for %i = %c0 to %c4 step %c1 {
    %flags = memref.alloca() : memref<30xi1>
    %x = memref.load %t[%i] : memref<256xf32>
    %p = arith.cmpf ogt, %x, %x : f32
    memref.store %p, %flags[%i] : memref<30xi1>
  }
  memref.copy %t, %out : memref<256xf32> to memref<256xf32>
  return
}

// -----

// not_ case: without transient buffers nothing moves; constants and the
// caller's buffers stay where they are. The workspace argument is still
// appended, with zero bytes.
// CHECK-LABEL: module attributes
// CHECK-SAME: kiln.workspace_size = 0 : i64
// CHECK: memref.global "private" constant @w
// CHECK: func.func @main(%[[IN:.*]]: memref<4xf32>, %[[OUT:.*]]: memref<4xf32>, %{{.*}}: memref<0xi8>)
// CHECK-NOT: memref.view
// CHECK: %[[W:.*]] = memref.get_global @w
// CHECK: memref.copy %[[W]], %[[OUT]]
memref.global "private" constant @w : memref<4xf32> = dense<1.0>
func.func @main(%in: memref<4xf32>, %out: memref<4xf32>) {
  %w = memref.get_global @w : memref<4xf32>
  memref.copy %w, %out : memref<4xf32> to memref<4xf32>
  return
}

// -----

// Iterations of a parallel loop may run on several threads at once: their
// buffers stay private to each one, on the stack, outside the workspace.
// CHECK-LABEL: module attributes
// CHECK-SAME: kiln.workspace_size = 64 : i64
// CHECK: func.func @main({{.*}}, %[[WS:.*]]: memref<64xi8>)
// CHECK: memref.view %[[WS]]
// CHECK: scf.forall
// CHECK: memref.alloca() {alignment = 64 : i64} : memref<4xf32>
// CHECK: memref.alloca() : memref<2xf32>
// CHECK-NOT: memref.dealloc
func.func @main(%in: memref<16xf32>, %out: memref<16xf32>) {
  %c0 = arith.constant 0 : index
  %shared = memref.alloc() : memref<16xf32>
  memref.copy %in, %shared : memref<16xf32> to memref<16xf32>
  scf.forall (%i) in (4) {
    %tile = memref.alloc() {alignment = 64 : i64} : memref<4xf32>
    %small = memref.alloca() : memref<2xf32>
    %x = memref.load %shared[%i] : memref<16xf32>
    memref.store %x, %tile[%c0] : memref<4xf32>
    memref.store %x, %small[%c0] : memref<2xf32>
    memref.dealloc %tile : memref<4xf32>
  }
  memref.copy %shared, %out : memref<16xf32> to memref<16xf32>
  return
}
