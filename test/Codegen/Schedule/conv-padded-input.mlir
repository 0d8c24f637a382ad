// RUN: kiln-opt %s --kiln-convert-graph-to-linalg --split-input-file | FileCheck %s

// The zero-padded input of an im2col convolution (ConvCommon.cpp): one loop
// item per block of padded rows, writing those rows of every channel, so
// that with several cores each pads the rows its share of the convolution
// reads (docs/threads.md). Vectors have the target's width.

// Two cores and 32 x 33 x 32 = 33792 padded elements, at least an L1D of
// floats per core (2 x 8192): a parallel loop over 11 blocks of 3 of the 33
// padded rows (30 input rows, pads 1 and 1, one slack row; 8 blocks per
// core at most).
// CHECK-LABEL: func.func @padded_parallel
// CHECK: %[[INPUT:.*]] = memref.collapse_shape %{{.*}} {{\[\[}}0, 1, 2, 3]] : memref<1x32x30x30xf32> into memref<28800xf32>
// CHECK: %[[IMAGE:.*]] = memref.alloc() {alignment = 64 : i64} : memref<33792xf32>
// CHECK: %[[BLOCKS:.*]] = arith.constant 11 : index
// CHECK: scf.parallel (%[[BLOCK:.*]]) = (%{{.*}}) to (%[[BLOCKS]])
// CHECK: %[[FIRST:.*]] = arith.muli %[[BLOCK]], %{{.*}} : index
// CHECK: %[[LAST:.*]] = arith.minui
// Per channel, per row of the block: the left pad column, 30 = 3 x 8 + 6
// input columns, the right pad column; or a row of zeros.
// CHECK: scf.for %{{.*}} = %{{.*}} to %{{.*}} step
// CHECK: scf.for %[[ROW:.*]] = %[[FIRST]] to %[[LAST]] step
// CHECK: arith.cmpi uge, %[[ROW]]
// CHECK: arith.cmpi ult, %[[ROW]]
// CHECK: scf.if
// CHECK: vector.constant_mask [1] : vector<8xi1>
// CHECK: vector.maskedstore %[[IMAGE]]
// CHECK: vector.load %[[INPUT]]{{.*}} vector<8xf32>
// CHECK: vector.store %{{.*}}, %[[IMAGE]]
// CHECK: vector.constant_mask [6] : vector<8xi1>
// CHECK: vector.maskedload %[[INPUT]]
// CHECK: vector.maskedstore %[[IMAGE]]
// CHECK: vector.maskedstore %[[IMAGE]]
// CHECK: } else {
// CHECK: vector.store %{{.*}}, %[[IMAGE]]
// CHECK: } {kiln.parallel}
// The convolution's own grid follows.
// CHECK: scf.parallel
// CHECK: memref.alloca_scope
module attributes {kiln.target = {triple = "x86_64-unknown-linux-gnu", cpu = "haswell", isa = "avx2", vector_bits = 256 : i64, vector_registers = 16 : i64, fma = true, l1d_bytes = 32768 : i64, l2_bytes = 262144 : i64, l3_bytes = 8388608 : i64, cores = 2 : i64}} {
func.func @padded_parallel(%x: tensor<1x32x30x30xf32>) -> tensor<1x4x30x30xf32> {
  %w = arith.constant dense<0.5> : tensor<4x32x3x3xf32>
  %y = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64,
      kiln.schedule = {kernel = "conv2d_nchw", vector_width = 8 : i64, mr = 4 : i64, nr = 16 : i64, kc = 288 : i64, m_split = 1 : i64, parallel = true, b_source = "im2col"}}
      : (tensor<1x32x30x30xf32>, tensor<4x32x3x3xf32>) -> tensor<1x4x30x30xf32>
  return %y : tensor<1x4x30x30xf32>
}
}

// -----

// One core: the same copy as a serial loop.
// CHECK-LABEL: func.func @padded_one_core
// CHECK: memref.alloc() {alignment = 64 : i64} : memref<33792xf32>
// CHECK-NOT: scf.parallel
// CHECK: scf.for
// CHECK: vector.constant_mask [1] : vector<8xi1>
module attributes {kiln.target = {triple = "x86_64-unknown-linux-gnu", cpu = "haswell", isa = "avx2", vector_bits = 256 : i64, vector_registers = 16 : i64, fma = true, l1d_bytes = 32768 : i64, l2_bytes = 262144 : i64, l3_bytes = 8388608 : i64, cores = 1 : i64}} {
func.func @padded_one_core(%x: tensor<1x32x30x30xf32>) -> tensor<1x4x30x30xf32> {
  %w = arith.constant dense<0.5> : tensor<4x32x3x3xf32>
  %y = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64,
      kiln.schedule = {kernel = "conv2d_nchw", vector_width = 8 : i64, mr = 4 : i64, nr = 16 : i64, kc = 288 : i64, m_split = 1 : i64, parallel = false, b_source = "im2col"}}
      : (tensor<1x32x30x30xf32>, tensor<4x32x3x3xf32>) -> tensor<1x4x30x30xf32>
  return %y : tensor<1x4x30x30xf32>
}
}

// -----

// An unpadded stride-2 1x1 layer whose chunk reads (vw * sw = 16 elements
// from a chunk's first pixel) stay inside the input: the last chunk of the
// last output row starts at column 8 and its reads end at element 6 * 32 +
// 16 + 16 = 224 <= 256 of the last channel. The input is read in place: no
// copy.
// CHECK-LABEL: func.func @strided_in_place
// CHECK: %[[IN:.*]] = memref.collapse_shape %{{.*}} {{\[\[}}0, 1, 2, 3]] : memref<1x4x8x32xf32> into memref<1024xf32>
// CHECK-NOT: memref.alloc() {alignment = 64 : i64} : memref<{{[0-9]+}}xf32>
// CHECK: scf.for
module attributes {kiln.target = {triple = "x86_64-unknown-linux-gnu", cpu = "haswell", isa = "avx2", vector_bits = 256 : i64, vector_registers = 16 : i64, fma = true, l1d_bytes = 32768 : i64, l2_bytes = 262144 : i64, l3_bytes = 8388608 : i64, cores = 1 : i64}} {
func.func @strided_in_place(%x: tensor<1x4x8x32xf32>) -> tensor<1x8x4x16xf32> {
  %w = arith.constant dense<0.5> : tensor<8x4x1x1xf32>
  %y = graph.conv %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64,
      kiln.schedule = {kernel = "conv2d_nchw", vector_width = 8 : i64, mr = 4 : i64, nr = 16 : i64, kc = 4 : i64, m_split = 1 : i64, parallel = false, b_source = "im2col"}}
      : (tensor<1x4x8x32xf32>, tensor<8x4x1x1xf32>) -> tensor<1x8x4x16xf32>
  return %y : tensor<1x8x4x16xf32>
}
}

// -----

// The same layer on 7 x 8 pixels: the last output row reads the last input
// row, and its chunk's reads end at 6 * 8 + 16 = 64 > 56 elements, past
// the input. A copy with two slack rows per channel: 4 x 9 x 8 = 288
// elements.
// CHECK-LABEL: func.func @strided_slack
// CHECK: memref.alloc() {alignment = 64 : i64} : memref<288xf32>
module attributes {kiln.target = {triple = "x86_64-unknown-linux-gnu", cpu = "haswell", isa = "avx2", vector_bits = 256 : i64, vector_registers = 16 : i64, fma = true, l1d_bytes = 32768 : i64, l2_bytes = 262144 : i64, l3_bytes = 8388608 : i64, cores = 1 : i64}} {
func.func @strided_slack(%x: tensor<1x4x7x8xf32>) -> tensor<1x8x4x4xf32> {
  %w = arith.constant dense<0.5> : tensor<8x4x1x1xf32>
  %y = graph.conv %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64,
      kiln.schedule = {kernel = "conv2d_nchw", vector_width = 8 : i64, mr = 4 : i64, nr = 16 : i64, kc = 4 : i64, m_split = 1 : i64, parallel = false, b_source = "im2col"}}
      : (tensor<1x4x7x8xf32>, tensor<8x4x1x1xf32>) -> tensor<1x8x4x4xf32>
  return %y : tensor<1x8x4x4xf32>
}
}
