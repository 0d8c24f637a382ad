// RUN: kiln-opt %s --kiln-convert-graph-to-linalg --kiln-bufferize --kiln-lower-to-llvm -o %t.mlir
// RUN: kiln-target-test %t.mlir --run | FileCheck %s
// RUN: kiln-target-test %t.mlir --run --parallel-runner | FileCheck %s

// Unpadded stride-2 1x1 im2col convolutions that read their input in place
// (no padded copy: their chunk reads, up to vw * 2 elements from a chunk's
// first pixel, end inside the input; conv-padded-input.mlir checks that no
// copy is made), against the generic lowering: the difference must be
// exactly zero (inputs 0, 1, 2, ... / 64, weights in {-1, -0.5, 0.5, 1}).
// Batch 2, 8 x 32 pixels; vw 8 and vw 16 (reads end at 224 of the last
// channel's 256 elements), with K blocks and a pixel tail tile.

// CHECK: v8_diff ={{( 0)+$}}
// CHECK: v16_diff ={{( 0)+$}}

module attributes {kiln.model_name = "strided_in_place",
  kiln.inputs = [{name = "x", type = tensor<2x4x8x32xf32>}],
  kiln.outputs = [{name = "v8_diff", type = tensor<2x6x4x16xf32>}, {name = "v16_diff", type = tensor<2x6x4x16xf32>}]} {
  func.func @main(%x: tensor<2x4x8x32xf32> {kiln.name = "x"})
      -> (tensor<2x6x4x16xf32> {kiln.name = "v8_diff"}, tensor<2x6x4x16xf32> {kiln.name = "v16_diff"}) {
    %s64 = graph.constant dense<0.015625> : tensor<1xf32>
    %xs = graph.mul %x, %s64 : (tensor<2x4x8x32xf32>, tensor<1xf32>) -> tensor<2x4x8x32xf32>
    %w = graph.constant dense<[[[[1.0]], [[-0.5]], [[0.5]], [[-1.0]]], [[[0.5]], [[1.0]], [[-1.0]], [[-0.5]]], [[[-1.0]], [[0.5]], [[1.0]], [[0.5]]], [[[-0.5]], [[-1.0]], [[-0.5]], [[1.0]]], [[[1.0]], [[1.0]], [[0.5]], [[0.5]]], [[[-0.5]], [[0.5]], [[-1.0]], [[1.0]]]]> : tensor<6x4x1x1xf32>
    %b = graph.constant dense<[0.5, -1.0, 1.0, -0.5, 0.0, 1.5]> : tensor<6xf32>
    %y8 = graph.conv %xs, %w, %b {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, kiln.schedule = {kernel = "conv2d_nchw", vector_width = 8 : i64, mr = 4 : i64, nr = 24 : i64, kc = 3 : i64, m_split = 1 : i64, parallel = true, b_source = "im2col"}} : (tensor<2x4x8x32xf32>, tensor<6x4x1x1xf32>, tensor<6xf32>) -> tensor<2x6x4x16xf32>
    %y16 = graph.conv %xs, %w, %b {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, kiln.schedule = {kernel = "conv2d_nchw", vector_width = 16 : i64, mr = 4 : i64, nr = 48 : i64, kc = 4 : i64, m_split = 2 : i64, parallel = true, b_source = "im2col"}} : (tensor<2x4x8x32xf32>, tensor<6x4x1x1xf32>, tensor<6xf32>) -> tensor<2x6x4x16xf32>
    %r = graph.conv %xs, %w, %b {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<2x4x8x32xf32>, tensor<6x4x1x1xf32>, tensor<6xf32>) -> tensor<2x6x4x16xf32>
    %d8 = graph.sub %y8, %r : (tensor<2x6x4x16xf32>, tensor<2x6x4x16xf32>) -> tensor<2x6x4x16xf32>
    %d16 = graph.sub %y16, %r : (tensor<2x6x4x16xf32>, tensor<2x6x4x16xf32>) -> tensor<2x6x4x16xf32>
    return %d8, %d16 : tensor<2x6x4x16xf32>, tensor<2x6x4x16xf32>
  }
}
