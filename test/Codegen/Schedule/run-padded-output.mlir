// RUN: kiln-opt %s --kiln-convert-graph-to-linalg | FileCheck %s --check-prefix=IR
// RUN: kiln-opt %s --kiln-convert-graph-to-linalg --kiln-bufferize --kiln-lower-to-llvm -o %t.mlir
// RUN: kiln-target-test %t.mlir --run | FileCheck %s
// RUN: kiln-target-test %t.mlir --run --parallel-runner | FileCheck %s

// A scheduled convolution whose only user is a padded conv2d_nchw_cvec
// convolution writes its result in that user's zero-padded input layout,
// borders included, and the user reads it in place: no padded copy
// (Conv2DKernelOperands::outputPads). Each case computes the same two
// layers with and without hand-written kiln.schedules and outputs the
// difference, which must be exactly zero (inputs 0, 1, 2, ... / 64, weights
// and biases in {-1.5, -1, ..., 1.5}: every product and sum is exact in
// f32). Cases: a conv2d_nchw 1x1 producer with K blocks (partial sums
// reloaded from the padded layout), vectors of 16 pixels crossing 10-pixel
// rows, batch 2, feeding a 3x3 layer with pads of 1; a conv2d_nchw_cvec
// 3x3 producer (vw 4, 5-pixel rows, an M split in mid-row) feeding a layer
// with asymmetric pads (top 2, left 1, bottom 0, right 2); a conv2d_nchw
// producer whose 16-lane vectors span up to 6 rows of 3 pixels, feeding a
// layer padded only on the left and the bottom; a cvec producer whose
// result is also the residual of a conv2d_nchw and of a conv2d_nchw_cvec
// layer (read through the padded layout). The second run splits
// every parallel loop between two calls of the body.

// The producer's result is the padded layout (8 x 12 per channel), handed
// on as a view of its interior; the user collapses that very buffer and
// copies nothing.
// IR-LABEL: func.func @main
// IR: %[[A:.*]] = memref.alloc() {alignment = 64 : i64, kiln.padded_result} : memref<2x8x8x12xf32>
// IR: memref.subview %[[A]][0, 0, 1, 1] [2, 8, 6, 10] [1, 1, 1, 1]
// IR: memref.collapse_shape %[[A]] {{\[\[}}0, 1, 2, 3]] : memref<2x8x8x12xf32> into memref<1536xf32>
// IR: %[[B:.*]] = memref.alloc() {alignment = 64 : i64, kiln.padded_result} : memref<1x6x9x8xf32>
// IR: memref.subview %[[B]][0, 0, 2, 1] [1, 6, 7, 5] [1, 1, 1, 1]
// IR: memref.collapse_shape %[[B]] {{\[\[}}0, 1, 2, 3]] : memref<1x6x9x8xf32> into memref<432xf32>
// IR: %[[C:.*]] = memref.alloc() {alignment = 64 : i64, kiln.padded_result} : memref<2x4x6x5xf32>
// IR: memref.subview %[[C]][0, 0, 0, 2] [2, 4, 5, 3] [1, 1, 1, 1]
// IR: memref.collapse_shape %[[C]] {{\[\[}}0, 1, 2, 3]] : memref<2x4x6x5xf32> into memref<240xf32>
// Case d: the residual users collapse the padded buffer as [N][F][plane].
// IR: %[[D:.*]] = memref.alloc() {alignment = 64 : i64, kiln.padded_result} : memref<1x4x8x9xf32>
// IR: memref.collapse_shape %[[D]] {{\[\[}}0, 1, 2, 3]] : memref<1x4x8x9xf32> into memref<288xf32>
// IR: memref.collapse_shape %[[D]] {{\[\[}}0], [1], [2, 3]] : memref<1x4x8x9xf32> into memref<1x4x72xf32>
// IR: memref.collapse_shape %[[D]] {{\[\[}}0], [1], [2, 3]] : memref<1x4x8x9xf32> into memref<1x4x72xf32>

// CHECK: a_diff ={{( 0)+$}}
// CHECK: b_diff ={{( 0)+$}}
// CHECK: c_diff ={{( 0)+$}}
// CHECK: d_diff ={{( 0)+$}}
// CHECK: q_diff ={{( 0)+$}}
// CHECK: s_diff ={{( 0)+$}}

module attributes {kiln.model_name = "padded_output",
  kiln.inputs = [{name = "x1", type = tensor<2x6x6x10xf32>}, {name = "x2", type = tensor<1x4x7x5xf32>}, {name = "x3", type = tensor<2x3x5x3xf32>}, {name = "x4", type = tensor<1x4x6x7xf32>}],
  kiln.outputs = [{name = "a_diff", type = tensor<2x5x6x10xf32>}, {name = "b_diff", type = tensor<1x3x7x6xf32>}, {name = "c_diff", type = tensor<2x2x4x3xf32>}, {name = "d_diff", type = tensor<1x3x6x7xf32>}, {name = "q_diff", type = tensor<1x4x6x7xf32>}, {name = "s_diff", type = tensor<1x4x6x7xf32>}]} {
  func.func @main(%x1: tensor<2x6x6x10xf32> {kiln.name = "x1"}, %x2: tensor<1x4x7x5xf32> {kiln.name = "x2"}, %x3: tensor<2x3x5x3xf32> {kiln.name = "x3"}, %x4: tensor<1x4x6x7xf32> {kiln.name = "x4"})
      -> (tensor<2x5x6x10xf32> {kiln.name = "a_diff"}, tensor<1x3x7x6xf32> {kiln.name = "b_diff"}, tensor<2x2x4x3xf32> {kiln.name = "c_diff"}, tensor<1x3x6x7xf32> {kiln.name = "d_diff"}, tensor<1x4x6x7xf32> {kiln.name = "q_diff"}, tensor<1x4x6x7xf32> {kiln.name = "s_diff"}) {
    %s64 = graph.constant dense<0.015625> : tensor<1xf32>
    %x1s = graph.mul %x1, %s64 : (tensor<2x6x6x10xf32>, tensor<1xf32>) -> tensor<2x6x6x10xf32>
    %x2s = graph.mul %x2, %s64 : (tensor<1x4x7x5xf32>, tensor<1xf32>) -> tensor<1x4x7x5xf32>
    %x3s = graph.mul %x3, %s64 : (tensor<2x3x5x3xf32>, tensor<1xf32>) -> tensor<2x3x5x3xf32>
    %x4s = graph.mul %x4, %s64 : (tensor<1x4x6x7xf32>, tensor<1xf32>) -> tensor<1x4x6x7xf32>

    // Case a: conv2d_nchw 1x1 (K = 6 in blocks of 4) -> cvec 3x3, pads 1.
    %wa = graph.constant dense<[[[[0.5]], [[-0.5]], [[-1.5]], [[1.0]], [[0.0]], [[-1.0]]], [[[1.5]], [[0.5]], [[-0.5]], [[-1.5]], [[1.0]], [[0.0]]], [[[-1.0]], [[1.5]], [[0.5]], [[-0.5]], [[-1.5]], [[1.0]]], [[[0.0]], [[-1.0]], [[1.5]], [[0.5]], [[-0.5]], [[-1.5]]], [[[1.0]], [[0.0]], [[-1.0]], [[1.5]], [[0.5]], [[-0.5]]], [[[-1.5]], [[1.0]], [[0.0]], [[-1.0]], [[1.5]], [[0.5]]], [[[-0.5]], [[-1.5]], [[1.0]], [[0.0]], [[-1.0]], [[1.5]]], [[[0.5]], [[-0.5]], [[-1.5]], [[1.0]], [[0.0]], [[-1.0]]]]> : tensor<8x6x1x1xf32>
    %ba = graph.constant dense<[-0.5, 1.0, -1.0, 0.5, -1.5, 0.0, 1.5, -0.5]> : tensor<8xf32>
    %wa2 = graph.constant dense<[[[[0.5, -1.5, 0.0], [1.5, -0.5, 1.0], [-1.0, 0.5, -1.5]], [[0.0, 1.5, -0.5], [1.0, -1.0, 0.5], [-1.5, 0.0, 1.5]], [[-0.5, 1.0, -1.0], [0.5, -1.5, 0.0], [1.5, -0.5, 1.0]], [[-1.0, 0.5, -1.5], [0.0, 1.5, -0.5], [1.0, -1.0, 0.5]], [[-1.5, 0.0, 1.5], [-0.5, 1.0, -1.0], [0.5, -1.5, 0.0]], [[1.5, -0.5, 1.0], [-1.0, 0.5, -1.5], [0.0, 1.5, -0.5]], [[1.0, -1.0, 0.5], [-1.5, 0.0, 1.5], [-0.5, 1.0, -1.0]], [[0.5, -1.5, 0.0], [1.5, -0.5, 1.0], [-1.0, 0.5, -1.5]]], [[[0.0, 1.5, -0.5], [1.0, -1.0, 0.5], [-1.5, 0.0, 1.5]], [[-0.5, 1.0, -1.0], [0.5, -1.5, 0.0], [1.5, -0.5, 1.0]], [[-1.0, 0.5, -1.5], [0.0, 1.5, -0.5], [1.0, -1.0, 0.5]], [[-1.5, 0.0, 1.5], [-0.5, 1.0, -1.0], [0.5, -1.5, 0.0]], [[1.5, -0.5, 1.0], [-1.0, 0.5, -1.5], [0.0, 1.5, -0.5]], [[1.0, -1.0, 0.5], [-1.5, 0.0, 1.5], [-0.5, 1.0, -1.0]], [[0.5, -1.5, 0.0], [1.5, -0.5, 1.0], [-1.0, 0.5, -1.5]], [[0.0, 1.5, -0.5], [1.0, -1.0, 0.5], [-1.5, 0.0, 1.5]]], [[[-0.5, 1.0, -1.0], [0.5, -1.5, 0.0], [1.5, -0.5, 1.0]], [[-1.0, 0.5, -1.5], [0.0, 1.5, -0.5], [1.0, -1.0, 0.5]], [[-1.5, 0.0, 1.5], [-0.5, 1.0, -1.0], [0.5, -1.5, 0.0]], [[1.5, -0.5, 1.0], [-1.0, 0.5, -1.5], [0.0, 1.5, -0.5]], [[1.0, -1.0, 0.5], [-1.5, 0.0, 1.5], [-0.5, 1.0, -1.0]], [[0.5, -1.5, 0.0], [1.5, -0.5, 1.0], [-1.0, 0.5, -1.5]], [[0.0, 1.5, -0.5], [1.0, -1.0, 0.5], [-1.5, 0.0, 1.5]], [[-0.5, 1.0, -1.0], [0.5, -1.5, 0.0], [1.5, -0.5, 1.0]]], [[[-1.0, 0.5, -1.5], [0.0, 1.5, -0.5], [1.0, -1.0, 0.5]], [[-1.5, 0.0, 1.5], [-0.5, 1.0, -1.0], [0.5, -1.5, 0.0]], [[1.5, -0.5, 1.0], [-1.0, 0.5, -1.5], [0.0, 1.5, -0.5]], [[1.0, -1.0, 0.5], [-1.5, 0.0, 1.5], [-0.5, 1.0, -1.0]], [[0.5, -1.5, 0.0], [1.5, -0.5, 1.0], [-1.0, 0.5, -1.5]], [[0.0, 1.5, -0.5], [1.0, -1.0, 0.5], [-1.5, 0.0, 1.5]], [[-0.5, 1.0, -1.0], [0.5, -1.5, 0.0], [1.5, -0.5, 1.0]], [[-1.0, 0.5, -1.5], [0.0, 1.5, -0.5], [1.0, -1.0, 0.5]]], [[[-1.5, 0.0, 1.5], [-0.5, 1.0, -1.0], [0.5, -1.5, 0.0]], [[1.5, -0.5, 1.0], [-1.0, 0.5, -1.5], [0.0, 1.5, -0.5]], [[1.0, -1.0, 0.5], [-1.5, 0.0, 1.5], [-0.5, 1.0, -1.0]], [[0.5, -1.5, 0.0], [1.5, -0.5, 1.0], [-1.0, 0.5, -1.5]], [[0.0, 1.5, -0.5], [1.0, -1.0, 0.5], [-1.5, 0.0, 1.5]], [[-0.5, 1.0, -1.0], [0.5, -1.5, 0.0], [1.5, -0.5, 1.0]], [[-1.0, 0.5, -1.5], [0.0, 1.5, -0.5], [1.0, -1.0, 0.5]], [[-1.5, 0.0, 1.5], [-0.5, 1.0, -1.0], [0.5, -1.5, 0.0]]]]> : tensor<5x8x3x3xf32>
    %ba2 = graph.constant dense<[-0.5, 0.5, 1.5, -1.0, 0.0]> : tensor<5xf32>
    %pa = graph.conv %x1s, %wa, %ba {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = 1 : i32, kiln.schedule = {kernel = "conv2d_nchw", vector_width = 16 : i64, mr = 4 : i64, nr = 32 : i64, kc = 4 : i64, m_split = 1 : i64, parallel = true, b_source = "direct"}} : (tensor<2x6x6x10xf32>, tensor<8x6x1x1xf32>, tensor<8xf32>) -> tensor<2x8x6x10xf32>
    %ya = graph.conv %pa, %wa2, %ba2 {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64, kiln.schedule = {kernel = "conv2d_nchw_cvec", vector_width = 16 : i64, mr = 6 : i64, nr = 16 : i64, kc = 72 : i64, m_split = 2 : i64, parallel = true}} : (tensor<2x8x6x10xf32>, tensor<5x8x3x3xf32>, tensor<5xf32>) -> tensor<2x5x6x10xf32>
    %ra = graph.conv %x1s, %wa, %ba {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = 1 : i32} : (tensor<2x6x6x10xf32>, tensor<8x6x1x1xf32>, tensor<8xf32>) -> tensor<2x8x6x10xf32>
    %za = graph.conv %ra, %wa2, %ba2 {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<2x8x6x10xf32>, tensor<5x8x3x3xf32>, tensor<5xf32>) -> tensor<2x5x6x10xf32>
    %da = graph.sub %ya, %za : (tensor<2x5x6x10xf32>, tensor<2x5x6x10xf32>) -> tensor<2x5x6x10xf32>

    // Case b: cvec 3x3 (vw 4, M split) -> cvec 3x3 with pads (2, 1, 0, 2).
    %wb = graph.constant dense<[[[[0.5, 1.5, -1.0], [0.0, 1.0, -1.5], [-0.5, 0.5, 1.5]], [[-1.0, 0.0, 1.0], [-1.5, -0.5, 0.5], [1.5, -1.0, 0.0]], [[1.0, -1.5, -0.5], [0.5, 1.5, -1.0], [0.0, 1.0, -1.5]], [[-0.5, 0.5, 1.5], [-1.0, 0.0, 1.0], [-1.5, -0.5, 0.5]]], [[[1.5, -1.0, 0.0], [1.0, -1.5, -0.5], [0.5, 1.5, -1.0]], [[0.0, 1.0, -1.5], [-0.5, 0.5, 1.5], [-1.0, 0.0, 1.0]], [[-1.5, -0.5, 0.5], [1.5, -1.0, 0.0], [1.0, -1.5, -0.5]], [[0.5, 1.5, -1.0], [0.0, 1.0, -1.5], [-0.5, 0.5, 1.5]]], [[[-1.0, 0.0, 1.0], [-1.5, -0.5, 0.5], [1.5, -1.0, 0.0]], [[1.0, -1.5, -0.5], [0.5, 1.5, -1.0], [0.0, 1.0, -1.5]], [[-0.5, 0.5, 1.5], [-1.0, 0.0, 1.0], [-1.5, -0.5, 0.5]], [[1.5, -1.0, 0.0], [1.0, -1.5, -0.5], [0.5, 1.5, -1.0]]], [[[0.0, 1.0, -1.5], [-0.5, 0.5, 1.5], [-1.0, 0.0, 1.0]], [[-1.5, -0.5, 0.5], [1.5, -1.0, 0.0], [1.0, -1.5, -0.5]], [[0.5, 1.5, -1.0], [0.0, 1.0, -1.5], [-0.5, 0.5, 1.5]], [[-1.0, 0.0, 1.0], [-1.5, -0.5, 0.5], [1.5, -1.0, 0.0]]], [[[1.0, -1.5, -0.5], [0.5, 1.5, -1.0], [0.0, 1.0, -1.5]], [[-0.5, 0.5, 1.5], [-1.0, 0.0, 1.0], [-1.5, -0.5, 0.5]], [[1.5, -1.0, 0.0], [1.0, -1.5, -0.5], [0.5, 1.5, -1.0]], [[0.0, 1.0, -1.5], [-0.5, 0.5, 1.5], [-1.0, 0.0, 1.0]]], [[[-1.5, -0.5, 0.5], [1.5, -1.0, 0.0], [1.0, -1.5, -0.5]], [[0.5, 1.5, -1.0], [0.0, 1.0, -1.5], [-0.5, 0.5, 1.5]], [[-1.0, 0.0, 1.0], [-1.5, -0.5, 0.5], [1.5, -1.0, 0.0]], [[1.0, -1.5, -0.5], [0.5, 1.5, -1.0], [0.0, 1.0, -1.5]]]]> : tensor<6x4x3x3xf32>
    %bb = graph.constant dense<[-0.5, -1.5, 1.0, 0.0, -1.0, 1.5]> : tensor<6xf32>
    %wb2 = graph.constant dense<[[[[0.5, -1.0, 1.0], [-0.5, 1.5, 0.0], [-1.5, 0.5, -1.0]], [[1.0, -0.5, 1.5], [0.0, -1.5, 0.5], [-1.0, 1.0, -0.5]], [[1.5, 0.0, -1.5], [0.5, -1.0, 1.0], [-0.5, 1.5, 0.0]], [[-1.5, 0.5, -1.0], [1.0, -0.5, 1.5], [0.0, -1.5, 0.5]], [[-1.0, 1.0, -0.5], [1.5, 0.0, -1.5], [0.5, -1.0, 1.0]], [[-0.5, 1.5, 0.0], [-1.5, 0.5, -1.0], [1.0, -0.5, 1.5]]], [[[0.0, -1.5, 0.5], [-1.0, 1.0, -0.5], [1.5, 0.0, -1.5]], [[0.5, -1.0, 1.0], [-0.5, 1.5, 0.0], [-1.5, 0.5, -1.0]], [[1.0, -0.5, 1.5], [0.0, -1.5, 0.5], [-1.0, 1.0, -0.5]], [[1.5, 0.0, -1.5], [0.5, -1.0, 1.0], [-0.5, 1.5, 0.0]], [[-1.5, 0.5, -1.0], [1.0, -0.5, 1.5], [0.0, -1.5, 0.5]], [[-1.0, 1.0, -0.5], [1.5, 0.0, -1.5], [0.5, -1.0, 1.0]]], [[[-0.5, 1.5, 0.0], [-1.5, 0.5, -1.0], [1.0, -0.5, 1.5]], [[0.0, -1.5, 0.5], [-1.0, 1.0, -0.5], [1.5, 0.0, -1.5]], [[0.5, -1.0, 1.0], [-0.5, 1.5, 0.0], [-1.5, 0.5, -1.0]], [[1.0, -0.5, 1.5], [0.0, -1.5, 0.5], [-1.0, 1.0, -0.5]], [[1.5, 0.0, -1.5], [0.5, -1.0, 1.0], [-0.5, 1.5, 0.0]], [[-1.5, 0.5, -1.0], [1.0, -0.5, 1.5], [0.0, -1.5, 0.5]]]]> : tensor<3x6x3x3xf32>
    %pb = graph.conv %x2s, %wb, %bb {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = 1 : i32, kiln.schedule = {kernel = "conv2d_nchw_cvec", vector_width = 4 : i64, mr = 3 : i64, nr = 4 : i64, kc = 36 : i64, m_split = 2 : i64, parallel = true}} : (tensor<1x4x7x5xf32>, tensor<6x4x3x3xf32>, tensor<6xf32>) -> tensor<1x6x7x5xf32>
    %yb = graph.conv %pb, %wb2 {strides = array<i64: 1, 1>, pads = array<i64: 2, 1, 0, 2>, dilations = array<i64: 1, 1>, group = 1 : i64, kiln.schedule = {kernel = "conv2d_nchw_cvec", vector_width = 4 : i64, mr = 3 : i64, nr = 4 : i64, kc = 54 : i64, m_split = 1 : i64, parallel = true}} : (tensor<1x6x7x5xf32>, tensor<3x6x3x3xf32>) -> tensor<1x3x7x6xf32>
    %rb = graph.conv %x2s, %wb, %bb {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = 1 : i32} : (tensor<1x4x7x5xf32>, tensor<6x4x3x3xf32>, tensor<6xf32>) -> tensor<1x6x7x5xf32>
    %zb = graph.conv %rb, %wb2 {strides = array<i64: 1, 1>, pads = array<i64: 2, 1, 0, 2>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x6x7x5xf32>, tensor<3x6x3x3xf32>) -> tensor<1x3x7x6xf32>
    %db = graph.sub %yb, %zb : (tensor<1x3x7x6xf32>, tensor<1x3x7x6xf32>) -> tensor<1x3x7x6xf32>

    // Case c: conv2d_nchw 1x1 on 3-pixel rows (vw 16) -> cvec 3x3 with
    // pads (0, 2, 1, 0).
    %wc = graph.constant dense<[[[[1.0]], [[-0.5]], [[0.5]]], [[[0.5]], [[1.5]], [[-1.0]]], [[[-1.5]], [[1.0]], [[0.0]]], [[[1.0]], [[1.0]], [[1.0]]]]> : tensor<4x3x1x1xf32>
    %wc2 = graph.constant dense<0.5> : tensor<2x4x3x3xf32>
    %pc = graph.conv %x3s, %wc {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, kiln.schedule = {kernel = "conv2d_nchw", vector_width = 16 : i64, mr = 4 : i64, nr = 16 : i64, kc = 3 : i64, m_split = 1 : i64, parallel = true, b_source = "direct"}} : (tensor<2x3x5x3xf32>, tensor<4x3x1x1xf32>) -> tensor<2x4x5x3xf32>
    %yc = graph.conv %pc, %wc2 {strides = array<i64: 1, 1>, pads = array<i64: 0, 2, 1, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, kiln.schedule = {kernel = "conv2d_nchw_cvec", vector_width = 4 : i64, mr = 4 : i64, nr = 4 : i64, kc = 36 : i64, m_split = 1 : i64, parallel = true}} : (tensor<2x4x5x3xf32>, tensor<2x4x3x3xf32>) -> tensor<2x2x4x3xf32>
    %rc = graph.conv %x3s, %wc {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<2x3x5x3xf32>, tensor<4x3x1x1xf32>) -> tensor<2x4x5x3xf32>
    %zc = graph.conv %rc, %wc2 {strides = array<i64: 1, 1>, pads = array<i64: 0, 2, 1, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<2x4x5x3xf32>, tensor<2x4x3x3xf32>) -> tensor<2x2x4x3xf32>
    %dc = graph.sub %yc, %zc : (tensor<2x2x4x3xf32>, tensor<2x2x4x3xf32>) -> tensor<2x2x4x3xf32>

    // Case d: a cvec 3x3 producer whose result is also the residual of a
    // conv2d_nchw and of a conv2d_nchw_cvec 1x1 layer, which read it
    // through the padded layout.
    %wd = graph.constant dense<[[[[0.5, -1.5, 0.0], [1.5, -0.5, 1.0], [-1.0, 0.5, -1.5]], [[0.0, 1.5, -0.5], [1.0, -1.0, 0.5], [-1.5, 0.0, 1.5]], [[-0.5, 1.0, -1.0], [0.5, -1.5, 0.0], [1.5, -0.5, 1.0]], [[-1.0, 0.5, -1.5], [0.0, 1.5, -0.5], [1.0, -1.0, 0.5]]], [[[-1.5, 0.0, 1.5], [-0.5, 1.0, -1.0], [0.5, -1.5, 0.0]], [[1.5, -0.5, 1.0], [-1.0, 0.5, -1.5], [0.0, 1.5, -0.5]], [[1.0, -1.0, 0.5], [-1.5, 0.0, 1.5], [-0.5, 1.0, -1.0]], [[0.5, -1.5, 0.0], [1.5, -0.5, 1.0], [-1.0, 0.5, -1.5]]], [[[0.0, 1.5, -0.5], [1.0, -1.0, 0.5], [-1.5, 0.0, 1.5]], [[-0.5, 1.0, -1.0], [0.5, -1.5, 0.0], [1.5, -0.5, 1.0]], [[-1.0, 0.5, -1.5], [0.0, 1.5, -0.5], [1.0, -1.0, 0.5]], [[-1.5, 0.0, 1.5], [-0.5, 1.0, -1.0], [0.5, -1.5, 0.0]]], [[[1.5, -0.5, 1.0], [-1.0, 0.5, -1.5], [0.0, 1.5, -0.5]], [[1.0, -1.0, 0.5], [-1.5, 0.0, 1.5], [-0.5, 1.0, -1.0]], [[0.5, -1.5, 0.0], [1.5, -0.5, 1.0], [-1.0, 0.5, -1.5]], [[0.0, 1.5, -0.5], [1.0, -1.0, 0.5], [-1.5, 0.0, 1.5]]]]> : tensor<4x4x3x3xf32>
    %bd = graph.constant dense<[-0.5, 0.5, 1.5, -1.0]> : tensor<4xf32>
    %wd2 = graph.constant dense<[[[[0.5, -0.5, -1.5], [1.0, 0.0, -1.0], [1.5, 0.5, -0.5]], [[-1.5, 1.0, 0.0], [-1.0, 1.5, 0.5], [-0.5, -1.5, 1.0]], [[0.0, -1.0, 1.5], [0.5, -0.5, -1.5], [1.0, 0.0, -1.0]], [[1.5, 0.5, -0.5], [-1.5, 1.0, 0.0], [-1.0, 1.5, 0.5]]], [[[-0.5, -1.5, 1.0], [0.0, -1.0, 1.5], [0.5, -0.5, -1.5]], [[1.0, 0.0, -1.0], [1.5, 0.5, -0.5], [-1.5, 1.0, 0.0]], [[-1.0, 1.5, 0.5], [-0.5, -1.5, 1.0], [0.0, -1.0, 1.5]], [[0.5, -0.5, -1.5], [1.0, 0.0, -1.0], [1.5, 0.5, -0.5]]], [[[-1.5, 1.0, 0.0], [-1.0, 1.5, 0.5], [-0.5, -1.5, 1.0]], [[0.0, -1.0, 1.5], [0.5, -0.5, -1.5], [1.0, 0.0, -1.0]], [[1.5, 0.5, -0.5], [-1.5, 1.0, 0.0], [-1.0, 1.5, 0.5]], [[-0.5, -1.5, 1.0], [0.0, -1.0, 1.5], [0.5, -0.5, -1.5]]]]> : tensor<3x4x3x3xf32>
    %wq = graph.constant dense<[[[[0.5]], [[1.5]], [[-1.0]], [[0.0]]], [[[1.0]], [[-1.5]], [[-0.5]], [[0.5]]], [[[1.5]], [[-1.0]], [[0.0]], [[1.0]]], [[[-1.5]], [[-0.5]], [[0.5]], [[1.5]]]]> : tensor<4x4x1x1xf32>
    %bq = graph.constant dense<[-0.5, 1.5, 0.0, -1.5]> : tensor<4xf32>
    %pd = graph.conv %x4s, %wd, %bd {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = 1 : i32, kiln.schedule = {kernel = "conv2d_nchw_cvec", vector_width = 4 : i64, mr = 4 : i64, nr = 4 : i64, kc = 36 : i64, m_split = 2 : i64, parallel = true}} : (tensor<1x4x6x7xf32>, tensor<4x4x3x3xf32>, tensor<4xf32>) -> tensor<1x4x6x7xf32>
    %yd = graph.conv %pd, %wd2 {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64, kiln.schedule = {kernel = "conv2d_nchw_cvec", vector_width = 4 : i64, mr = 3 : i64, nr = 4 : i64, kc = 36 : i64, m_split = 1 : i64, parallel = true}} : (tensor<1x4x6x7xf32>, tensor<3x4x3x3xf32>) -> tensor<1x3x6x7xf32>
    %qd = graph.conv %x4s, %wq, %bq residual(%pd) {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = 1 : i32, kiln.schedule = {kernel = "conv2d_nchw", vector_width = 16 : i64, mr = 4 : i64, nr = 16 : i64, kc = 4 : i64, m_split = 1 : i64, parallel = true, b_source = "direct"}} : (tensor<1x4x6x7xf32>, tensor<4x4x1x1xf32>, tensor<4xf32>, tensor<1x4x6x7xf32>) -> tensor<1x4x6x7xf32>
    %sd = graph.conv %x4s, %wq, %bq residual(%pd) {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, kiln.schedule = {kernel = "conv2d_nchw_cvec", vector_width = 4 : i64, mr = 3 : i64, nr = 4 : i64, kc = 4 : i64, m_split = 2 : i64, parallel = true}} : (tensor<1x4x6x7xf32>, tensor<4x4x1x1xf32>, tensor<4xf32>, tensor<1x4x6x7xf32>) -> tensor<1x4x6x7xf32>
    %rd = graph.conv %x4s, %wd, %bd {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = 1 : i32} : (tensor<1x4x6x7xf32>, tensor<4x4x3x3xf32>, tensor<4xf32>) -> tensor<1x4x6x7xf32>
    %zd = graph.conv %rd, %wd2 {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x4x6x7xf32>, tensor<3x4x3x3xf32>) -> tensor<1x3x6x7xf32>
    %rq = graph.conv %x4s, %wq, %bq residual(%rd) {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = 1 : i32} : (tensor<1x4x6x7xf32>, tensor<4x4x1x1xf32>, tensor<4xf32>, tensor<1x4x6x7xf32>) -> tensor<1x4x6x7xf32>
    %rs = graph.conv %x4s, %wq, %bq residual(%rd) {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x4x6x7xf32>, tensor<4x4x1x1xf32>, tensor<4xf32>, tensor<1x4x6x7xf32>) -> tensor<1x4x6x7xf32>
    %dd = graph.sub %yd, %zd : (tensor<1x3x6x7xf32>, tensor<1x3x6x7xf32>) -> tensor<1x3x6x7xf32>
    %dq = graph.sub %qd, %rq : (tensor<1x4x6x7xf32>, tensor<1x4x6x7xf32>) -> tensor<1x4x6x7xf32>
    %ds = graph.sub %sd, %rs : (tensor<1x4x6x7xf32>, tensor<1x4x6x7xf32>) -> tensor<1x4x6x7xf32>
    return %da, %db, %dc, %dd, %dq, %ds : tensor<2x5x6x10xf32>, tensor<1x3x7x6xf32>, tensor<2x2x4x3xf32>, tensor<1x3x6x7xf32>, tensor<1x4x6x7xf32>, tensor<1x4x6x7xf32>
  }
}
