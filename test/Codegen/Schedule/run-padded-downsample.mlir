// RUN: kiln-opt %s --kiln-convert-graph-to-linalg | FileCheck %s --check-prefix=IR
// RUN: kiln-opt %s --kiln-convert-graph-to-linalg --kiln-bufferize --kiln-lower-to-llvm -o %t.mlir
// RUN: kiln-target-test %t.mlir --run | FileCheck %s
// RUN: kiln-target-test %t.mlir --run --parallel-runner | FileCheck %s

// A result written in a padded layout is read in place by users whose own
// pads lie within it (readsPaddedLayoutInPlace): the rows are wider than
// theirs and their image starts inside the border. Each case computes the
// layers with and without hand-written kiln.schedules and outputs the
// difference, which must be exactly zero (inputs 0, 1, 2, ... / 64,
// weights and biases in {-1.5, -1, ..., 1.5}: every product and sum is
// exact in f32). Case e: a conv2d_nchw 1x1 producer on 7 x 9 pixels (odd
// rows: the stride-2 users' last row and column sit next to the bottom and
// right border) feeding a cvec 3x3 stride-2 layer with pads of 1, an
// im2col 1x1 stride-2 downsample (vw 4) and a cvec 1x1 stride-2 one (pads
// 0). Case f: a cvec 3x3 producer feeding a cvec 3x3 layer with pads (2,
// 1, 1, 2) and an im2col 3x3 layer with pads (1, 0, 0, 1) inside them. The
// second run splits every parallel loop between two calls of the body.

// IR-LABEL: func.func @main
// IR: %[[E:.*]] = memref.alloc() {alignment = 64 : i64, kiln.padded_result} : memref<1x6x9x11xf32>
// IR-COUNT-3: memref.collapse_shape %[[E]] {{\[\[}}0, 1, 2, 3]] : memref<1x6x9x11xf32> into memref<594xf32>
// IR: %[[F:.*]] = memref.alloc() {alignment = 64 : i64, kiln.padded_result} : memref<1x4x9x8xf32>
// IR-COUNT-2: memref.collapse_shape %[[F]] {{\[\[}}0, 1, 2, 3]] : memref<1x4x9x8xf32> into memref<288xf32>

// CHECK: e_diff ={{( 0)+$}}
// CHECK: d_diff ={{( 0)+$}}
// CHECK: c_diff ={{( 0)+$}}
// CHECK: f_diff ={{( 0)+$}}
// CHECK: g_diff ={{( 0)+$}}

module attributes {kiln.model_name = "padded_downsample",
  kiln.inputs = [{name = "x1", type = tensor<1x4x7x9xf32>}, {name = "x2", type = tensor<1x3x6x5xf32>}],
  kiln.outputs = [{name = "e_diff", type = tensor<1x5x4x5xf32>}, {name = "d_diff", type = tensor<1x3x4x5xf32>}, {name = "c_diff", type = tensor<1x3x4x5xf32>}, {name = "f_diff", type = tensor<1x3x7x6xf32>}, {name = "g_diff", type = tensor<1x2x5x4xf32>}]} {
  func.func @main(%x1: tensor<1x4x7x9xf32> {kiln.name = "x1"}, %x2: tensor<1x3x6x5xf32> {kiln.name = "x2"})
      -> (tensor<1x5x4x5xf32> {kiln.name = "e_diff"}, tensor<1x3x4x5xf32> {kiln.name = "d_diff"}, tensor<1x3x4x5xf32> {kiln.name = "c_diff"}, tensor<1x3x7x6xf32> {kiln.name = "f_diff"}, tensor<1x2x5x4xf32> {kiln.name = "g_diff"}) {
    %s64 = graph.constant dense<0.015625> : tensor<1xf32>
    %x1s = graph.mul %x1, %s64 : (tensor<1x4x7x9xf32>, tensor<1xf32>) -> tensor<1x4x7x9xf32>
    %x2s = graph.mul %x2, %s64 : (tensor<1x3x6x5xf32>, tensor<1xf32>) -> tensor<1x3x6x5xf32>

    // Case e.
    %we = graph.constant dense<[[[[0.5]], [[-1.5]], [[1.0]], [[0.0]]], [[[-1.0]], [[0.5]], [[1.5]], [[-0.5]]], [[[1.5]], [[0.0]], [[-1.0]], [[0.5]]], [[[0.0]], [[1.0]], [[-0.5]], [[-1.5]]], [[[-0.5]], [[1.5]], [[0.5]], [[1.0]]], [[[1.0]], [[-1.0]], [[0.0]], [[1.5]]]]> : tensor<6x4x1x1xf32>
    %be = graph.constant dense<[0.5, -1.0, 1.5, 0.0, -0.5, 1.0]> : tensor<6xf32>
    %we2 = graph.constant dense<[[[[0.5, -1.0, 1.5], [0.0, -0.5, 1.0], [-1.5, 0.5, 0.0]], [[1.0, 0.0, -1.0], [1.5, -1.5, 0.5], [-0.5, 1.0, 0.0]], [[0.0, 1.5, -0.5], [-1.0, 0.5, 1.0], [1.5, 0.0, -1.5]], [[-1.5, 0.5, 1.0], [0.0, -1.0, 1.5], [0.5, -0.5, 0.0]], [[1.0, -0.5, 0.0], [0.5, 1.5, -1.0], [-1.5, 0.0, 0.5]], [[0.0, 1.0, -1.5], [-0.5, 0.0, 1.5], [1.0, -1.0, 0.5]]], [[[-1.0, 0.5, 0.0], [1.5, -1.5, 1.0], [0.0, 0.5, -0.5]], [[0.5, 0.0, 1.5], [-1.0, 1.0, -0.5], [1.5, -1.5, 0.0]], [[1.5, -1.0, 0.5], [0.0, -0.5, 1.0], [-1.0, 1.5, 0.5]], [[0.0, 1.5, -1.0], [0.5, 0.0, -1.5], [1.0, -0.5, 1.5]], [[-0.5, 1.0, 1.5], [-1.5, 0.5, 0.0], [0.0, 1.0, -1.0]], [[1.0, -1.5, 0.0], [0.5, 1.0, -0.5], [-1.0, 0.0, 1.5]]], [[[0.0, 0.5, -1.5], [1.0, -1.0, 0.0], [1.5, 0.5, -0.5]], [[-1.5, 1.0, 0.5], [0.0, 1.5, -1.0], [0.5, -0.5, 1.0]], [[1.0, 0.0, -0.5], [-1.5, 0.5, 1.5], [0.0, -1.0, 0.5]], [[0.5, -1.5, 1.0], [1.0, 0.0, -1.0], [-0.5, 1.5, 0.0]], [[-1.0, 1.5, 0.0], [0.5, -0.5, 1.0], [1.5, 0.0, -1.5]], [[0.0, -1.0, 1.5], [-1.5, 1.0, 0.5], [0.5, 0.0, -0.5]]], [[[1.5, 0.0, -1.0], [-0.5, 1.0, 0.5], [0.0, -1.5, 1.0]], [[0.5, -0.5, 0.0], [1.0, 1.5, -1.5], [-1.0, 0.0, 0.5]], [[-1.5, 1.0, 1.5], [0.0, -1.0, 0.5], [1.0, 0.5, 0.0]], [[1.0, 0.5, -0.5], [-1.5, 0.0, 1.0], [0.0, 1.5, -1.0]], [[0.0, -1.5, 1.0], [1.5, 0.5, 0.0], [-0.5, 1.0, 1.5]], [[-1.0, 0.0, 0.5], [0.0, -0.5, 1.5], [1.5, -1.0, 1.0]]], [[[0.5, 1.5, 0.0], [-1.0, 0.0, 1.0], [1.5, -0.5, -1.5]], [[0.0, -1.0, 1.5], [0.5, 1.0, 0.0], [-1.5, 0.5, 1.0]], [[1.0, 0.5, -1.5], [0.0, 1.5, -0.5], [0.5, -1.0, 0.0]], [[-0.5, 0.0, 1.0], [1.5, -1.5, 0.5], [1.0, 0.0, -1.0]], [[1.5, -1.0, 0.5], [0.0, 0.5, 1.0], [-1.5, 1.5, 0.0]], [[0.5, 0.0, -1.0], [1.0, -1.5, 1.5], [0.0, 0.5, -0.5]]]]> : tensor<5x6x3x3xf32>
    %be2 = graph.constant dense<[-0.5, 0.5, 1.5, -1.0, 0.0]> : tensor<5xf32>
    %wd = graph.constant dense<[[[[0.5]], [[1.0]], [[-1.5]], [[0.0]], [[1.5]], [[-0.5]]], [[[-1.0]], [[0.0]], [[0.5]], [[1.5]], [[-0.5]], [[1.0]]], [[[1.5]], [[-1.5]], [[0.0]], [[-1.0]], [[0.5]], [[0.5]]]]> : tensor<3x6x1x1xf32>
    %bd = graph.constant dense<[1.0, -0.5, 0.0]> : tensor<3xf32>
    %pe = graph.conv %x1s, %we, %be {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = 1 : i32, kiln.schedule = {kernel = "conv2d_nchw", vector_width = 16 : i64, mr = 4 : i64, nr = 32 : i64, kc = 4 : i64, m_split = 1 : i64, parallel = true, b_source = "direct"}} : (tensor<1x4x7x9xf32>, tensor<6x4x1x1xf32>, tensor<6xf32>) -> tensor<1x6x7x9xf32>
    %ye = graph.conv %pe, %we2, %be2 {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64, kiln.schedule = {kernel = "conv2d_nchw_cvec", vector_width = 16 : i64, mr = 4 : i64, nr = 16 : i64, kc = 54 : i64, m_split = 2 : i64, parallel = true}} : (tensor<1x6x7x9xf32>, tensor<5x6x3x3xf32>, tensor<5xf32>) -> tensor<1x5x4x5xf32>
    %yd = graph.conv %pe, %wd, %bd {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, kiln.schedule = {kernel = "conv2d_nchw", vector_width = 4 : i64, mr = 3 : i64, nr = 8 : i64, kc = 6 : i64, m_split = 1 : i64, parallel = true, b_source = "im2col"}} : (tensor<1x6x7x9xf32>, tensor<3x6x1x1xf32>, tensor<3xf32>) -> tensor<1x3x4x5xf32>
    %yc = graph.conv %pe, %wd, %bd {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, kiln.schedule = {kernel = "conv2d_nchw_cvec", vector_width = 4 : i64, mr = 3 : i64, nr = 4 : i64, kc = 6 : i64, m_split = 2 : i64, parallel = true}} : (tensor<1x6x7x9xf32>, tensor<3x6x1x1xf32>, tensor<3xf32>) -> tensor<1x3x4x5xf32>
    %re = graph.conv %x1s, %we, %be {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = 1 : i32} : (tensor<1x4x7x9xf32>, tensor<6x4x1x1xf32>, tensor<6xf32>) -> tensor<1x6x7x9xf32>
    %ze = graph.conv %re, %we2, %be2 {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x6x7x9xf32>, tensor<5x6x3x3xf32>, tensor<5xf32>) -> tensor<1x5x4x5xf32>
    %zd = graph.conv %re, %wd, %bd {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x6x7x9xf32>, tensor<3x6x1x1xf32>, tensor<3xf32>) -> tensor<1x3x4x5xf32>
    %de = graph.sub %ye, %ze : (tensor<1x5x4x5xf32>, tensor<1x5x4x5xf32>) -> tensor<1x5x4x5xf32>
    %dd = graph.sub %yd, %zd : (tensor<1x3x4x5xf32>, tensor<1x3x4x5xf32>) -> tensor<1x3x4x5xf32>
    %dc = graph.sub %yc, %zd : (tensor<1x3x4x5xf32>, tensor<1x3x4x5xf32>) -> tensor<1x3x4x5xf32>

    // Case f.
    %wf = graph.constant dense<[[[[0.5, -1.0, 0.0], [1.5, 0.5, -0.5], [0.0, 1.0, -1.5]], [[-1.5, 0.0, 1.0], [0.5, -0.5, 1.5], [1.0, 0.0, -1.0]], [[1.0, 1.5, -0.5], [0.0, -1.0, 0.5], [-0.5, 1.5, 0.0]]], [[[0.0, 0.5, 1.5], [-1.0, 1.0, 0.0], [0.5, -1.5, 1.0]], [[1.5, -0.5, 0.0], [1.0, 0.0, -1.0], [-1.5, 0.5, 0.5]], [[-0.5, 0.0, 1.0], [1.5, -1.5, 0.5], [0.0, 1.0, -0.5]]], [[[1.0, -1.5, 0.5], [0.0, 0.5, -1.0], [1.5, 0.0, -0.5]], [[0.5, 1.0, -1.0], [-0.5, 0.0, 1.5], [0.0, -1.5, 1.0]], [[-1.0, 0.5, 0.0], [1.0, 1.5, -1.5], [0.5, -0.5, 0.0]]], [[[-0.5, 0.0, 1.5], [1.0, -1.0, 0.5], [0.0, 1.5, -1.5]], [[0.0, 1.5, -1.0], [0.5, -0.5, 0.0], [1.0, 0.0, 0.5]], [[1.5, -0.5, 1.0], [-1.5, 0.0, 0.5], [0.5, 1.0, -1.0]]]]> : tensor<4x3x3x3xf32>
    %bf = graph.constant dense<[-0.5, 1.0, 0.5, -1.5]> : tensor<4xf32>
    %wf2 = graph.constant dense<[[[[0.5, 0.0, -1.0], [1.0, -0.5, 1.5], [0.0, 1.0, -1.5]], [[-1.0, 1.5, 0.5], [0.0, -1.5, 1.0], [0.5, 0.0, -0.5]], [[1.5, -1.0, 0.0], [0.5, 1.0, -0.5], [-1.5, 0.5, 1.0]], [[0.0, 0.5, 1.5], [-0.5, 1.0, 0.0], [1.0, -1.5, 0.5]]], [[[-1.5, 1.0, 0.0], [0.5, -0.5, 1.0], [1.5, 0.0, -1.0]], [[0.0, -1.0, 1.5], [1.0, 0.5, -0.5], [-0.5, 1.5, 0.0]], [[1.0, 0.0, -0.5], [-1.5, 1.0, 0.5], [0.0, -1.0, 1.5]], [[0.5, 1.5, -1.5], [0.0, -0.5, 1.0], [1.0, 0.5, 0.0]]], [[[0.0, -0.5, 1.0], [1.5, 0.0, -1.5], [-1.0, 1.0, 0.5]], [[1.0, 0.5, 0.0], [-0.5, 1.5, -1.0], [0.0, -1.5, 1.5]], [[-1.5, 0.0, 0.5], [1.0, -1.0, 0.0], [0.5, 1.5, -0.5]], [[0.5, -1.0, 1.0], [0.0, 0.5, -1.5], [1.5, 0.0, 0.0]]]]> : tensor<3x4x3x3xf32>
    %wg = graph.constant dense<[[[[1.0, -0.5, 0.0], [0.5, 1.5, -1.0], [0.0, -1.5, 0.5]], [[-1.0, 0.0, 1.5], [0.5, -0.5, 1.0], [1.5, 0.0, -1.5]], [[0.0, 1.0, -0.5], [-1.5, 0.5, 0.0], [1.0, -1.0, 1.5]], [[0.5, 0.0, -1.0], [1.0, 1.5, -0.5], [-0.5, 0.0, 1.0]]], [[[-0.5, 1.5, 0.0], [1.0, -1.0, 0.5], [0.0, 0.5, -1.5]], [[1.5, 0.0, -0.5], [0.0, 1.0, -1.0], [-1.0, 1.5, 0.5]], [[0.5, -1.5, 1.0], [-0.5, 0.0, 1.5], [1.0, 0.5, 0.0]], [[0.0, 1.0, -1.5], [1.5, -0.5, 0.0], [0.5, 0.0, 1.0]]]]> : tensor<2x4x3x3xf32>
    %pf = graph.conv %x2s, %wf, %bf {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = 1 : i32, kiln.schedule = {kernel = "conv2d_nchw_cvec", vector_width = 4 : i64, mr = 4 : i64, nr = 4 : i64, kc = 27 : i64, m_split = 2 : i64, parallel = true}} : (tensor<1x3x6x5xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x6x5xf32>
    %yf = graph.conv %pf, %wf2 {strides = array<i64: 1, 1>, pads = array<i64: 2, 1, 1, 2>, dilations = array<i64: 1, 1>, group = 1 : i64, kiln.schedule = {kernel = "conv2d_nchw_cvec", vector_width = 4 : i64, mr = 3 : i64, nr = 4 : i64, kc = 36 : i64, m_split = 1 : i64, parallel = true}} : (tensor<1x4x6x5xf32>, tensor<3x4x3x3xf32>) -> tensor<1x3x7x6xf32>
    %yg = graph.conv %pf, %wg {strides = array<i64: 1, 1>, pads = array<i64: 1, 0, 0, 1>, dilations = array<i64: 1, 1>, group = 1 : i64, kiln.schedule = {kernel = "conv2d_nchw", vector_width = 4 : i64, mr = 2 : i64, nr = 8 : i64, kc = 36 : i64, m_split = 1 : i64, parallel = true, b_source = "im2col"}} : (tensor<1x4x6x5xf32>, tensor<2x4x3x3xf32>) -> tensor<1x2x5x4xf32>
    %rf = graph.conv %x2s, %wf, %bf {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = 1 : i32} : (tensor<1x3x6x5xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x6x5xf32>
    %zf = graph.conv %rf, %wf2 {strides = array<i64: 1, 1>, pads = array<i64: 2, 1, 1, 2>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x4x6x5xf32>, tensor<3x4x3x3xf32>) -> tensor<1x3x7x6xf32>
    %zg = graph.conv %rf, %wg {strides = array<i64: 1, 1>, pads = array<i64: 1, 0, 0, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x4x6x5xf32>, tensor<2x4x3x3xf32>) -> tensor<1x2x5x4xf32>
    %df = graph.sub %yf, %zf : (tensor<1x3x7x6xf32>, tensor<1x3x7x6xf32>) -> tensor<1x3x7x6xf32>
    %dg = graph.sub %yg, %zg : (tensor<1x2x5x4xf32>, tensor<1x2x5x4xf32>) -> tensor<1x2x5x4xf32>
    return %de, %dd, %dc, %df, %dg : tensor<1x5x4x5xf32>, tensor<1x3x4x5xf32>, tensor<1x3x4x5xf32>, tensor<1x3x7x6xf32>, tensor<1x2x5x4xf32>
  }
}
