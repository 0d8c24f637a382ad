// RUN: kiln-opt %s -split-input-file --kiln-vectorize | FileCheck %s

// Which ops kiln-vectorize splits over the cores: those of at least
// cores x l1d_bytes / 4 iterations (2 x 48 KB: 24576 here; 65536 when the
// L1D size is 0), large memref.copy ops included (they become linalg.copy
// first; a concat's slice copies, which would be serial memcpy calls).

// 32768 iterations: parallel with 2 x 48 KB of L1D; the copy of 48400
// elements into a strided slice (not contiguous) and the contiguous one of
// 193600 elements (a concat) too; the small copy stays a memref.copy.
// CHECK-LABEL: func.func @two_cores
// CHECK: scf.parallel
// CHECK: } {kiln.parallel}
// CHECK: scf.parallel
// CHECK: } {kiln.parallel}
// CHECK: scf.parallel
// CHECK: } {kiln.parallel}
// CHECK-NOT: scf.parallel
// CHECK: memref.copy %arg6, %arg7 : memref<1000xf32> to memref<1000xf32>
// CHECK-NOT: memref.copy
// CHECK-NOT: linalg.
module attributes {kiln.target = {triple = "x86_64-unknown-linux-gnu", cpu = "znver5", isa = "avx512", vector_bits = 512 : i64, vector_registers = 32 : i64, fma = true, l1d_bytes = 49152 : i64, l2_bytes = 1048576 : i64, l3_bytes = 33554432 : i64, cores = 2 : i64}} {
func.func @two_cores(%a: memref<32x1024xf32>, %b: memref<32x1024xf32>,
                     %x: memref<1x16x55x55xf32>, %p: memref<1x16x57x57xf32>,
                     %y: memref<1x64x55x55xf32>, %z: memref<1x128x55x55xf32>,
                     %s: memref<1000xf32>, %t: memref<1000xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
      ins(%a : memref<32x1024xf32>) outs(%b : memref<32x1024xf32>) {
  ^bb0(%v: f32, %o: f32):
    %r = arith.maximumf %v, %v : f32
    linalg.yield %r : f32
  }
  %interior = memref.subview %p[0, 0, 1, 1] [1, 16, 55, 55] [1, 1, 1, 1] : memref<1x16x57x57xf32> to memref<1x16x55x55xf32, strided<[51984, 3249, 57, 1], offset: 58>>
  memref.copy %x, %interior : memref<1x16x55x55xf32> to memref<1x16x55x55xf32, strided<[51984, 3249, 57, 1], offset: 58>>
  %half = memref.subview %z[0, 64, 0, 0] [1, 64, 55, 55] [1, 1, 1, 1] : memref<1x128x55x55xf32> to memref<1x64x55x55xf32, strided<[387200, 3025, 55, 1], offset: 193600>>
  memref.copy %y, %half : memref<1x64x55x55xf32> to memref<1x64x55x55xf32, strided<[387200, 3025, 55, 1], offset: 193600>>
  memref.copy %s, %t : memref<1000xf32> to memref<1000xf32>
  return
}
}

// -----

// The same op with an unknown L1D size (65536 iterations) and on one core:
// serial loops, and the copy stays a memref.copy (a memcpy).
// CHECK-LABEL: func.func @no_l1d
// CHECK-NOT: scf.parallel
// CHECK: return
module attributes {kiln.target = {triple = "x86_64-unknown-linux-gnu", cpu = "znver5", isa = "avx512", vector_bits = 512 : i64, vector_registers = 32 : i64, fma = true, l1d_bytes = 0 : i64, l2_bytes = 0 : i64, l3_bytes = 0 : i64, cores = 2 : i64}} {
func.func @no_l1d(%a: memref<32x1024xf32>, %b: memref<32x1024xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
      ins(%a : memref<32x1024xf32>) outs(%b : memref<32x1024xf32>) {
  ^bb0(%v: f32, %o: f32):
    %r = arith.maximumf %v, %v : f32
    linalg.yield %r : f32
  }
  return
}
}

// -----

// CHECK-LABEL: func.func @one_core
// CHECK-NOT: scf.parallel
// CHECK: memref.copy
// CHECK-NOT: scf.parallel
module attributes {kiln.target = {triple = "x86_64-unknown-linux-gnu", cpu = "znver5", isa = "avx512", vector_bits = 512 : i64, vector_registers = 32 : i64, fma = true, l1d_bytes = 49152 : i64, l2_bytes = 1048576 : i64, l3_bytes = 33554432 : i64, cores = 1 : i64}} {
func.func @one_core(%y: memref<1x64x55x55xf32>, %z: memref<1x128x55x55xf32>) {
  %half = memref.subview %z[0, 64, 0, 0] [1, 64, 55, 55] [1, 1, 1, 1] : memref<1x128x55x55xf32> to memref<1x64x55x55xf32, strided<[387200, 3025, 55, 1], offset: 193600>>
  memref.copy %y, %half : memref<1x64x55x55xf32> to memref<1x64x55x55xf32, strided<[387200, 3025, 55, 1], offset: 193600>>
  return
}
}
