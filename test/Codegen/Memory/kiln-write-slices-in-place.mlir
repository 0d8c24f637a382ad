// RUN: kiln-opt %s -split-input-file -kiln-write-slices-in-place | FileCheck %s

// A channel concat at batch 1: both parts become views of the result's
// bytes (the second at 16 * 4 * 4 = 256 bytes), their producers write there
// and the copies are gone.
// CHECK-LABEL: func.func @main
// CHECK: %[[M:.*]] = memref.alloc() {alignment = 64 : i64} : memref<512xi8>
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C256:.*]] = arith.constant 256 : index
// CHECK-DAG: %[[C:.*]] = memref.view %[[M]][%[[C0]]][] : memref<512xi8> to memref<1x32x4xf32>
// CHECK-DAG: %[[A:.*]] = memref.view %[[M]][%{{.*}}][] : memref<512xi8> to memref<1x16x4xf32>
// CHECK-DAG: %[[B:.*]] = memref.view %[[M]][%[[C256]]][] : memref<512xi8> to memref<1x16x4xf32>
// CHECK-NOT: memref.alloc
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%[[A]] : memref<1x16x4xf32>)
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%[[B]] : memref<1x16x4xf32>)
// CHECK-NOT: memref.copy
// CHECK: linalg.copy ins(%[[C]] : memref<1x32x4xf32>) outs(%arg1
func.func @main(%x: memref<1x32x4xf32>, %y: memref<1x32x4xf32>) {
  %one = arith.constant 1.0 : f32
  %two = arith.constant 2.0 : f32
  %a = memref.alloc() {alignment = 64 : i64} : memref<1x16x4xf32>
  %b = memref.alloc() {alignment = 64 : i64} : memref<1x16x4xf32>
  %c = memref.alloc() {alignment = 64 : i64} : memref<1x32x4xf32>
  linalg.fill ins(%one : f32) outs(%a : memref<1x16x4xf32>)
  linalg.fill ins(%two : f32) outs(%b : memref<1x16x4xf32>)
  %s0 = memref.subview %c[0, 0, 0] [1, 16, 4] [1, 1, 1] : memref<1x32x4xf32> to memref<1x16x4xf32, strided<[128, 4, 1]>>
  memref.copy %a, %s0 : memref<1x16x4xf32> to memref<1x16x4xf32, strided<[128, 4, 1]>>
  %s1 = memref.subview %c[0, 16, 0] [1, 16, 4] [1, 1, 1] : memref<1x32x4xf32> to memref<1x16x4xf32, strided<[128, 4, 1], offset: 64>>
  memref.copy %b, %s1 : memref<1x16x4xf32> to memref<1x16x4xf32, strided<[128, 4, 1], offset: 64>>
  linalg.copy ins(%c : memref<1x32x4xf32>) outs(%y : memref<1x32x4xf32>)
  return
}

// -----

// not_ cases, each copy stays: batch 2 (the slice is two runs), a part at 32
// bytes (not a multiple of the workspace alignment), a part read after the
// copy, and a result written between the part's producer and its copy.
// CHECK-LABEL: func.func @main
// CHECK-NOT: memref.view
// CHECK-COUNT-4: memref.copy
// CHECK-NOT: memref.view
func.func @main(%y: memref<2x32x4xf32>, %z: memref<1x16x4xf32>, %w: memref<1x32x4xf32>) {
  %one = arith.constant 1.0 : f32
  // Batch 2.
  %a = memref.alloc() {alignment = 64 : i64} : memref<2x16x4xf32>
  %c = memref.alloc() {alignment = 64 : i64} : memref<2x32x4xf32>
  linalg.fill ins(%one : f32) outs(%a : memref<2x16x4xf32>)
  %s0 = memref.subview %c[0, 0, 0] [2, 16, 4] [1, 1, 1] : memref<2x32x4xf32> to memref<2x16x4xf32, strided<[128, 4, 1]>>
  memref.copy %a, %s0 : memref<2x16x4xf32> to memref<2x16x4xf32, strided<[128, 4, 1]>>
  linalg.copy ins(%c : memref<2x32x4xf32>) outs(%y : memref<2x32x4xf32>)
  // Misaligned: 2 x 4 floats = 32 bytes in.
  %b = memref.alloc() {alignment = 64 : i64} : memref<1x16x4xf32>
  %d = memref.alloc() {alignment = 64 : i64} : memref<1x32x4xf32>
  linalg.fill ins(%one : f32) outs(%b : memref<1x16x4xf32>)
  %s1 = memref.subview %d[0, 2, 0] [1, 16, 4] [1, 1, 1] : memref<1x32x4xf32> to memref<1x16x4xf32, strided<[128, 4, 1], offset: 8>>
  memref.copy %b, %s1 : memref<1x16x4xf32> to memref<1x16x4xf32, strided<[128, 4, 1], offset: 8>>
  linalg.copy ins(%d : memref<1x32x4xf32>) outs(%w : memref<1x32x4xf32>)
  // Read after the copy.
  %e = memref.alloc() {alignment = 64 : i64} : memref<1x16x4xf32>
  %f = memref.alloc() {alignment = 64 : i64} : memref<1x32x4xf32>
  linalg.fill ins(%one : f32) outs(%e : memref<1x16x4xf32>)
  %s2 = memref.subview %f[0, 0, 0] [1, 16, 4] [1, 1, 1] : memref<1x32x4xf32> to memref<1x16x4xf32, strided<[128, 4, 1]>>
  memref.copy %e, %s2 : memref<1x16x4xf32> to memref<1x16x4xf32, strided<[128, 4, 1]>>
  linalg.fill ins(%one : f32) outs(%f : memref<1x32x4xf32>)
  linalg.copy ins(%e : memref<1x16x4xf32>) outs(%z : memref<1x16x4xf32>)
  // The result filled after the part's producer, before its copy: the
  // producer writing the result directly would be overwritten.
  %g = memref.alloc() {alignment = 64 : i64} : memref<1x16x4xf32>
  %h = memref.alloc() {alignment = 64 : i64} : memref<1x32x4xf32>
  linalg.fill ins(%one : f32) outs(%g : memref<1x16x4xf32>)
  linalg.fill ins(%one : f32) outs(%h : memref<1x32x4xf32>)
  %s3 = memref.subview %h[0, 0, 0] [1, 16, 4] [1, 1, 1] : memref<1x32x4xf32> to memref<1x16x4xf32, strided<[128, 4, 1]>>
  memref.copy %g, %s3 : memref<1x16x4xf32> to memref<1x16x4xf32, strided<[128, 4, 1]>>
  linalg.copy ins(%h : memref<1x32x4xf32>) outs(%w : memref<1x32x4xf32>)
  return
}
