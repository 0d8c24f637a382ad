// RUN: kiln-opt %s -split-input-file -kiln-results-to-out-params | FileCheck %s

// A result allocated in @main becomes the caller's buffer: no copy. The
// result's kiln.name moves to the new argument.
// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[X:.*]]: memref<4xf32> {kiln.name = "x"}, %[[Y:.*]]: memref<4xf32> {kiln.name = "y"})
// CHECK-NOT: memref.alloc
// CHECK: linalg.copy ins(%[[X]] : memref<4xf32>) outs(%[[Y]] : memref<4xf32>)
// CHECK-NOT: memref.copy
// CHECK: return{{$}}
func.func @main(%x: memref<4xf32> {kiln.name = "x"}) -> (memref<4xf32> {kiln.name = "y"}) {
  %a = memref.alloc() {alignment = 64 : i64} : memref<4xf32>
  linalg.copy ins(%x : memref<4xf32>) outs(%a : memref<4xf32>)
  return %a : memref<4xf32>
}

// -----

// The same allocation returned twice: the first output is written in place,
// the second copies from it (upstream alone would crash here).
// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[X:.*]]: memref<4xf32>, %[[Y0:.*]]: memref<4xf32>, %[[Y1:.*]]: memref<4xf32>)
// CHECK: linalg.copy ins(%[[X]] : memref<4xf32>) outs(%[[Y0]] : memref<4xf32>)
// CHECK: memref.copy %[[Y0]], %[[Y1]]
// CHECK-NOT: memref.alloc
func.func @main(%x: memref<4xf32>) -> (memref<4xf32>, memref<4xf32>) {
  %a = memref.alloc() {alignment = 64 : i64} : memref<4xf32>
  linalg.copy ins(%x : memref<4xf32>) outs(%a : memref<4xf32>)
  return %a, %a : memref<4xf32>, memref<4xf32>
}

// -----

// not_ case: results that are no allocation of @main (an input, a constant,
// a view) are copied into the outputs; the allocation behind the view stays.
// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[X:.*]]: memref<4xf32>, %[[O0:.*]]: memref<4xf32>, %[[O1:.*]]: memref<4xf32>, %[[O2:.*]]: memref<2x2xf32>)
// CHECK: %[[G:.*]] = memref.get_global @c
// CHECK: %[[A:.*]] = memref.alloc
// CHECK: %[[V:.*]] = memref.expand_shape %[[A]]
// CHECK: memref.copy %[[X]], %[[O0]]
// CHECK: memref.copy %[[G]], %[[O1]]
// CHECK: memref.copy %[[V]], %[[O2]]
memref.global "private" constant @c : memref<4xf32> = dense<1.0>
func.func @main(%x: memref<4xf32>) -> (memref<4xf32>, memref<4xf32>, memref<2x2xf32>) {
  %g = memref.get_global @c : memref<4xf32>
  %a = memref.alloc() : memref<4xf32>
  linalg.copy ins(%x : memref<4xf32>) outs(%a : memref<4xf32>)
  %v = memref.expand_shape %a [[0, 1]] output_shape [2, 2] : memref<4xf32> into memref<2x2xf32>
  return %x, %g, %v : memref<4xf32>, memref<4xf32>, memref<2x2xf32>
}

// -----

// not_ case: other functions keep their results.
// CHECK-LABEL: func.func private @helper() -> memref<4xf32>
// CHECK-LABEL: func.func @main
// CHECK-SAME: (%{{.*}}: memref<4xf32>)
memref.global "private" constant @c : memref<4xf32> = dense<1.0>
func.func private @helper() -> memref<4xf32> {
  %g = memref.get_global @c : memref<4xf32>
  return %g : memref<4xf32>
}
func.func @main() -> memref<4xf32> {
  %r = func.call @helper() : () -> memref<4xf32>
  return %r : memref<4xf32>
}
