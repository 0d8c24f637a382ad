// RUN: kiln-opt %s --kiln-convert-graph-to-linalg --kiln-bufferize --kiln-lower-to-llvm -o %t.mlir
// RUN: kiln-target-test %t.mlir --run | FileCheck %s
// RUN: kiln-target-test %t.mlir --run --parallel-runner | FileCheck %s

// graph.conv with a fused residual (y = act(conv + bias + residual)) in both
// lowerings, against the unfused graph (conv, add, activation) lowered
// without schedules: every case outputs the difference, which must be
// exactly zero (inputs are 0, 1, 2, ... scaled by 1/64, the residual shifted
// by -8, weights small integers: every sum is exact in f32, whatever its
// order). Scheduled conv2d_nchw kernels: im2col with a masked tail tile, K
// blocks (the residual is added only once, after the last one), m_split and
// two groups; direct 1x1 with a clip; vector width 1 with stride 2, no
// activation. Unscheduled: the grouped generic, a depthwise conv (its
// initializer, which adds the residual, fused by kiln-vectorize) and
// conv_2d_nchw_fchw without a bias. One row is also checked against values
// computed independently (numpy, float64).

// CHECK: im2col_diff ={{( 0)+$}}
// CHECK: im2col_row = 53.0469 37.6406 37.6719 37.7031 37.7344 37.7656 37.7969 37.8281 37.8594 37.8906 0{{$}}
// CHECK: direct_diff ={{( 0)+$}}
// CHECK: scalar_s2_diff ={{( 0)+$}}
// CHECK: generic_diff ={{( 0)+$}}
// CHECK: depthwise_diff ={{( 0)+$}}
// CHECK: nchw_diff ={{( 0)+$}}

module attributes {kiln.model_name = "residual", kiln.target = {triple = "x86_64-unknown-linux-gnu", cpu = "haswell", isa = "avx2", vector_bits = 256 : i64, vector_registers = 16 : i64, fma = true, l1d_bytes = 32768 : i64, l2_bytes = 262144 : i64, l3_bytes = 8388608 : i64, cores = 2 : i64},
  kiln.inputs = [{name = "img", type = tensor<2x4x9x11xf32>}, {name = "img3", type = tensor<2x8x5x7xf32>}, {name = "res", type = tensor<2x12x9x11xf32>}],
  kiln.outputs = [{name = "im2col_diff", type = tensor<2x6x9x11xf32>}, {name = "im2col_row", type = tensor<1x1x1x11xf32>}, {name = "direct_diff", type = tensor<2x12x5x7xf32>}, {name = "scalar_s2_diff", type = tensor<2x5x4x5xf32>}, {name = "generic_diff", type = tensor<2x6x9x11xf32>}, {name = "depthwise_diff", type = tensor<2x8x5x7xf32>}, {name = "nchw_diff", type = tensor<2x12x5x7xf32>}]} {
  func.func @main(%img: tensor<2x4x9x11xf32> {kiln.name = "img"}, %img3: tensor<2x8x5x7xf32> {kiln.name = "img3"}, %res: tensor<2x12x9x11xf32> {kiln.name = "res"})
      -> (tensor<2x6x9x11xf32> {kiln.name = "im2col_diff"}, tensor<1x1x1x11xf32> {kiln.name = "im2col_row"}, tensor<2x12x5x7xf32> {kiln.name = "direct_diff"}, tensor<2x5x4x5xf32> {kiln.name = "scalar_s2_diff"}, tensor<2x6x9x11xf32> {kiln.name = "generic_diff"}, tensor<2x8x5x7xf32> {kiln.name = "depthwise_diff"}, tensor<2x12x5x7xf32> {kiln.name = "nchw_diff"}) {
    %k = graph.constant dense<0.015625> : tensor<1xf32>
    %off = graph.constant dense<-8.0> : tensor<1xf32>
    %img_s = graph.mul %img, %k : (tensor<2x4x9x11xf32>, tensor<1xf32>) -> tensor<2x4x9x11xf32>
    %img3_s = graph.mul %img3, %k : (tensor<2x8x5x7xf32>, tensor<1xf32>) -> tensor<2x8x5x7xf32>
    %res_s = graph.mul %res, %k : (tensor<2x12x9x11xf32>, tensor<1xf32>) -> tensor<2x12x9x11xf32>
    %res_o = graph.add %res_s, %off : (tensor<2x12x9x11xf32>, tensor<1xf32>) -> tensor<2x12x9x11xf32>
    %w_im2col = graph.constant dense<[[[[1.0, -1.0, 1.0], [-1.0, -2.0, 1.0], [-1.0, -2.0, 0.0]], [[2.0, -2.0, 0.0], [2.0, 1.0, -1.0], [2.0, 1.0, -1.0]]], [[[1.0, -1.0, -1.0], [1.0, -1.0, -2.0], [0.0, -1.0, -2.0]], [[0.0, 2.0, 1.0], [0.0, 2.0, 1.0], [-1.0, 1.0, 1.0]]], [[[-1.0, 1.0, -1.0], [-2.0, 1.0, -1.0], [-2.0, 0.0, 2.0]], [[-2.0, 0.0, 2.0], [1.0, -1.0, 2.0], [1.0, -1.0, 1.0]]], [[[-1.0, -1.0, 1.0], [-1.0, -2.0, 0.0], [-1.0, -2.0, 0.0]], [[2.0, 1.0, 0.0], [2.0, 1.0, -1.0], [1.0, 1.0, -1.0]]], [[[1.0, -1.0, -2.0], [1.0, -1.0, -2.0], [0.0, 2.0, -2.0]], [[0.0, 2.0, 1.0], [-1.0, 2.0, 1.0], [-1.0, 1.0, -1.0]]], [[[-1.0, 1.0, -1.0], [-2.0, 0.0, -1.0], [-2.0, 0.0, 2.0]], [[1.0, 0.0, 2.0], [1.0, -1.0, 1.0], [1.0, -1.0, 1.0]]]]> : tensor<6x2x3x3xf32>
    %b_im2col = graph.constant dense<[-1.5, -1.0, -0.5, 0.0, 0.5, 1.0]> : tensor<6xf32>
    %r_im2col = graph.slice %res_o {starts = array<i64: 0, 0, 0, 0>, steps = array<i64: 1, 1, 1, 1>} : (tensor<2x12x9x11xf32>) -> tensor<2x6x9x11xf32>
    %y_im2col = graph.conv %img_s, %w_im2col, %b_im2col residual(%r_im2col) {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 2 : i64, activation = 1 : i32, kiln.schedule = {kernel = "conv2d_nchw", vector_width = 16 : i64, mr = 4 : i64, nr = 16 : i64, kc = 10 : i64, m_split = 2 : i64, parallel = true, b_source = "im2col"}} : (tensor<2x4x9x11xf32>, tensor<6x2x3x3xf32>, tensor<6xf32>, tensor<2x6x9x11xf32>) -> tensor<2x6x9x11xf32>
    %c_im2col = graph.conv %img_s, %w_im2col, %b_im2col {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 2 : i64} : (tensor<2x4x9x11xf32>, tensor<6x2x3x3xf32>, tensor<6xf32>) -> tensor<2x6x9x11xf32>
    %a_im2col = graph.add %c_im2col, %r_im2col : (tensor<2x6x9x11xf32>, tensor<2x6x9x11xf32>) -> tensor<2x6x9x11xf32>
    %z_im2col = graph.relu %a_im2col : tensor<2x6x9x11xf32>
    %d_im2col = graph.sub %y_im2col, %z_im2col : (tensor<2x6x9x11xf32>, tensor<2x6x9x11xf32>) -> tensor<2x6x9x11xf32>
    %row_im2col = graph.slice %y_im2col {starts = array<i64: 1, 5, 4, 0>, steps = array<i64: 1, 1, 1, 1>} : (tensor<2x6x9x11xf32>) -> tensor<1x1x1x11xf32>
    %w_direct = graph.constant dense<[[[[0.0]], [[-1.0]], [[-1.0]], [[2.0]], [[-2.0]], [[2.0]], [[-2.0]], [[1.0]]], [[[1.0]], [[0.0]], [[1.0]], [[0.0]], [[-1.0]], [[-1.0]], [[2.0]], [[-1.0]]], [[[2.0]], [[-2.0]], [[1.0]], [[1.0]], [[1.0]], [[1.0]], [[0.0]], [[-1.0]]], [[[-1.0]], [[-1.0]], [[-1.0]], [[2.0]], [[-2.0]], [[1.0]], [[-2.0]], [[1.0]]], [[[1.0]], [[0.0]], [[-1.0]], [[0.0]], [[-1.0]], [[-1.0]], [[2.0]], [[-2.0]]], [[[2.0]], [[-2.0]], [[1.0]], [[1.0]], [[0.0]], [[1.0]], [[0.0]], [[-1.0]]], [[[-1.0]], [[2.0]], [[-1.0]], [[2.0]], [[-2.0]], [[1.0]], [[1.0]], [[1.0]]], [[[1.0]], [[0.0]], [[-1.0]], [[-1.0]], [[-1.0]], [[-1.0]], [[2.0]], [[-2.0]]], [[[1.0]], [[-2.0]], [[1.0]], [[1.0]], [[0.0]], [[-1.0]], [[0.0]], [[-1.0]]], [[[-1.0]], [[2.0]], [[-2.0]], [[2.0]], [[-2.0]], [[1.0]], [[1.0]], [[0.0]]], [[[1.0]], [[0.0]], [[-1.0]], [[-1.0]], [[2.0]], [[-1.0]], [[2.0]], [[-2.0]]], [[[1.0]], [[1.0]], [[1.0]], [[1.0]], [[0.0]], [[-1.0]], [[-1.0]], [[-1.0]]]]> : tensor<12x8x1x1xf32>
    %r_direct = graph.slice %res_o {starts = array<i64: 0, 0, 0, 0>, steps = array<i64: 1, 1, 1, 1>} : (tensor<2x12x9x11xf32>) -> tensor<2x12x5x7xf32>
    %y_direct = graph.conv %img3_s, %w_direct residual(%r_direct) {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = 2 : i32, activation_params = array<f32: -3.0, 4.0>, kiln.schedule = {kernel = "conv2d_nchw", vector_width = 4 : i64, mr = 4 : i64, nr = 8 : i64, kc = 3 : i64, m_split = 1 : i64, parallel = true, b_source = "direct"}} : (tensor<2x8x5x7xf32>, tensor<12x8x1x1xf32>, tensor<2x12x5x7xf32>) -> tensor<2x12x5x7xf32>
    %c_direct = graph.conv %img3_s, %w_direct {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<2x8x5x7xf32>, tensor<12x8x1x1xf32>) -> tensor<2x12x5x7xf32>
    %a_direct = graph.add %c_direct, %r_direct : (tensor<2x12x5x7xf32>, tensor<2x12x5x7xf32>) -> tensor<2x12x5x7xf32>
    %z_direct = graph.clip %a_direct {min = -3.0 : f64, max = 4.0 : f64} : tensor<2x12x5x7xf32>
    %d_direct = graph.sub %y_direct, %z_direct : (tensor<2x12x5x7xf32>, tensor<2x12x5x7xf32>) -> tensor<2x12x5x7xf32>
    %w_scalar_s2 = graph.constant dense<[[[[-1.0, 0.0, 1.0], [1.0, -2.0, -1.0], [0.0, 1.0, 1.0]], [[-2.0, -1.0, 0.0], [1.0, 1.0, -2.0], [-1.0, 0.0, 1.0]], [[1.0, -2.0, -1.0], [0.0, 1.0, 1.0], [-2.0, -1.0, 0.0]], [[1.0, 1.0, -2.0], [-1.0, 0.0, 1.0], [1.0, -2.0, -1.0]]], [[[0.0, 1.0, 1.0], [-2.0, -1.0, 0.0], [1.0, 1.0, -2.0]], [[-1.0, 0.0, 1.0], [1.0, -2.0, -1.0], [0.0, 1.0, 1.0]], [[-2.0, -1.0, 0.0], [1.0, 1.0, -2.0], [-1.0, 0.0, 1.0]], [[1.0, -2.0, -1.0], [0.0, 1.0, 1.0], [-2.0, -1.0, 0.0]]], [[[1.0, 1.0, -2.0], [-1.0, 0.0, 1.0], [1.0, -2.0, -1.0]], [[0.0, 1.0, 1.0], [-2.0, -1.0, 0.0], [1.0, 1.0, -2.0]], [[-1.0, 0.0, 1.0], [1.0, -2.0, -1.0], [0.0, 1.0, 1.0]], [[-2.0, -1.0, 0.0], [1.0, 1.0, -2.0], [-1.0, 0.0, 1.0]]], [[[1.0, -2.0, -1.0], [0.0, 1.0, 1.0], [-2.0, -1.0, 0.0]], [[1.0, 1.0, -2.0], [-1.0, 0.0, 1.0], [1.0, -2.0, -1.0]], [[0.0, 1.0, 1.0], [-2.0, -1.0, 0.0], [1.0, 1.0, -2.0]], [[-1.0, 0.0, 1.0], [1.0, -2.0, -1.0], [0.0, 1.0, 1.0]]], [[[-2.0, -1.0, 0.0], [1.0, 1.0, -2.0], [-1.0, 0.0, 1.0]], [[1.0, -2.0, -1.0], [0.0, 1.0, 1.0], [-2.0, -1.0, 0.0]], [[1.0, 1.0, -2.0], [-1.0, 0.0, 1.0], [1.0, -2.0, -1.0]], [[0.0, 1.0, 1.0], [-2.0, -1.0, 0.0], [1.0, 1.0, -2.0]]]]> : tensor<5x4x3x3xf32>
    %b_scalar_s2 = graph.constant dense<[-1.5, -1.0, -0.5, 0.0, 0.5]> : tensor<5xf32>
    %r_scalar_s2 = graph.slice %res_o {starts = array<i64: 0, 0, 0, 0>, steps = array<i64: 1, 1, 1, 1>} : (tensor<2x12x9x11xf32>) -> tensor<2x5x4x5xf32>
    %y_scalar_s2 = graph.conv %img_s, %w_scalar_s2, %b_scalar_s2 residual(%r_scalar_s2) {strides = array<i64: 2, 2>, pads = array<i64: 0, 1, 1, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, kiln.schedule = {kernel = "conv2d_nchw", vector_width = 1 : i64, mr = 2 : i64, nr = 3 : i64, kc = 100 : i64, m_split = 1 : i64, parallel = false, b_source = "im2col"}} : (tensor<2x4x9x11xf32>, tensor<5x4x3x3xf32>, tensor<5xf32>, tensor<2x5x4x5xf32>) -> tensor<2x5x4x5xf32>
    %c_scalar_s2 = graph.conv %img_s, %w_scalar_s2, %b_scalar_s2 {strides = array<i64: 2, 2>, pads = array<i64: 0, 1, 1, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<2x4x9x11xf32>, tensor<5x4x3x3xf32>, tensor<5xf32>) -> tensor<2x5x4x5xf32>
    %a_scalar_s2 = graph.add %c_scalar_s2, %r_scalar_s2 : (tensor<2x5x4x5xf32>, tensor<2x5x4x5xf32>) -> tensor<2x5x4x5xf32>
    %d_scalar_s2 = graph.sub %y_scalar_s2, %a_scalar_s2 : (tensor<2x5x4x5xf32>, tensor<2x5x4x5xf32>) -> tensor<2x5x4x5xf32>
    %w_generic = graph.constant dense<[[[[-1.0, 1.0, 2.0], [0.0, -2.0, 1.0], [2.0, 0.0, -2.0]], [[-1.0, 2.0, 0.0], [-2.0, -1.0, 1.0], [0.0, -2.0, -1.0]]], [[[1.0, -1.0, -2.0], [-1.0, 1.0, -1.0], [1.0, -1.0, 1.0]], [[-1.0, 1.0, 2.0], [1.0, -1.0, 1.0], [2.0, 0.0, -1.0]]], [[[1.0, 2.0, 0.0], [-2.0, 1.0, 2.0], [0.0, -2.0, -1.0]], [[2.0, 0.0, -2.0], [-1.0, 1.0, 0.0], [-2.0, -1.0, 1.0]]], [[[-1.0, -2.0, -1.0], [1.0, -1.0, 1.0], [-1.0, 1.0, -1.0]], [[1.0, 2.0, 1.0], [-1.0, 1.0, 2.0], [0.0, -1.0, 1.0]]], [[[2.0, 0.0, -2.0], [1.0, 2.0, 0.0], [-2.0, -1.0, 2.0]], [[0.0, -2.0, -1.0], [1.0, 0.0, -2.0], [-1.0, 1.0, -1.0]]], [[[-2.0, -1.0, 1.0], [-1.0, 1.0, -1.0], [1.0, -1.0, 1.0]], [[2.0, 1.0, -1.0], [1.0, 2.0, 0.0], [-1.0, 1.0, 2.0]]]]> : tensor<6x2x3x3xf32>
    %b_generic = graph.constant dense<[-1.5, -1.0, -0.5, 0.0, 0.5, 1.0]> : tensor<6xf32>
    %r_generic = graph.slice %res_o {starts = array<i64: 0, 0, 0, 0>, steps = array<i64: 1, 1, 1, 1>} : (tensor<2x12x9x11xf32>) -> tensor<2x6x9x11xf32>
    %y_generic = graph.conv %img_s, %w_generic, %b_generic residual(%r_generic) {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 2 : i64, activation = 1 : i32} : (tensor<2x4x9x11xf32>, tensor<6x2x3x3xf32>, tensor<6xf32>, tensor<2x6x9x11xf32>) -> tensor<2x6x9x11xf32>
    %c_generic = graph.conv %img_s, %w_generic, %b_generic {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 2 : i64} : (tensor<2x4x9x11xf32>, tensor<6x2x3x3xf32>, tensor<6xf32>) -> tensor<2x6x9x11xf32>
    %a_generic = graph.add %c_generic, %r_generic : (tensor<2x6x9x11xf32>, tensor<2x6x9x11xf32>) -> tensor<2x6x9x11xf32>
    %z_generic = graph.relu %a_generic : tensor<2x6x9x11xf32>
    %d_generic = graph.sub %y_generic, %z_generic : (tensor<2x6x9x11xf32>, tensor<2x6x9x11xf32>) -> tensor<2x6x9x11xf32>
    %w_depthwise = graph.constant dense<[[[[2.0, 1.0, 0.0], [-1.0, -2.0, -2.0], [1.0, -1.0, 2.0]]], [[[1.0, 1.0, 0.0], [-1.0, -2.0, 1.0], [1.0, -1.0, 2.0]]], [[[1.0, 0.0, 0.0], [-1.0, -2.0, 1.0], [-1.0, -1.0, 2.0]]], [[[1.0, 0.0, -1.0], [-1.0, -2.0, 1.0], [-1.0, 2.0, 2.0]]], [[[1.0, 0.0, -1.0], [-2.0, -2.0, 1.0], [-1.0, 2.0, 1.0]]], [[[1.0, 0.0, -1.0], [-2.0, 1.0, 1.0], [-1.0, 2.0, 1.0]]], [[[0.0, 0.0, -1.0], [-2.0, 1.0, -1.0], [-1.0, 2.0, 1.0]]], [[[0.0, -1.0, -1.0], [-2.0, 1.0, -1.0], [2.0, 2.0, 1.0]]]]> : tensor<8x1x3x3xf32>
    %b_depthwise = graph.constant dense<[-1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0]> : tensor<8xf32>
    %r_depthwise = graph.slice %res_o {starts = array<i64: 0, 0, 0, 0>, steps = array<i64: 1, 1, 1, 1>} : (tensor<2x12x9x11xf32>) -> tensor<2x8x5x7xf32>
    %y_depthwise = graph.conv %img3_s, %w_depthwise, %b_depthwise residual(%r_depthwise) {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 8 : i64, activation = 2 : i32, activation_params = array<f32: 0.0, 6.0>} : (tensor<2x8x5x7xf32>, tensor<8x1x3x3xf32>, tensor<8xf32>, tensor<2x8x5x7xf32>) -> tensor<2x8x5x7xf32>
    %c_depthwise = graph.conv %img3_s, %w_depthwise, %b_depthwise {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 8 : i64} : (tensor<2x8x5x7xf32>, tensor<8x1x3x3xf32>, tensor<8xf32>) -> tensor<2x8x5x7xf32>
    %a_depthwise = graph.add %c_depthwise, %r_depthwise : (tensor<2x8x5x7xf32>, tensor<2x8x5x7xf32>) -> tensor<2x8x5x7xf32>
    %z_depthwise = graph.clip %a_depthwise {min = 0.0 : f64, max = 6.0 : f64} : tensor<2x8x5x7xf32>
    %d_depthwise = graph.sub %y_depthwise, %z_depthwise : (tensor<2x8x5x7xf32>, tensor<2x8x5x7xf32>) -> tensor<2x8x5x7xf32>
    %w_nchw = graph.constant dense<[[[[-2.0]], [[-2.0]], [[-2.0]], [[-2.0]], [[-2.0]], [[-1.0]], [[-1.0]], [[-1.0]]], [[[-1.0]], [[-1.0]], [[0.0]], [[0.0]], [[0.0]], [[0.0]], [[0.0]], [[1.0]]], [[[1.0]], [[1.0]], [[1.0]], [[1.0]], [[2.0]], [[2.0]], [[2.0]], [[2.0]]], [[[2.0]], [[-1.0]], [[-1.0]], [[-1.0]], [[-1.0]], [[-1.0]], [[1.0]], [[1.0]]], [[[1.0]], [[1.0]], [[1.0]], [[-2.0]], [[-2.0]], [[-2.0]], [[-2.0]], [[-2.0]]], [[[-1.0]], [[-1.0]], [[-1.0]], [[-1.0]], [[-1.0]], [[0.0]], [[0.0]], [[0.0]]], [[[0.0]], [[0.0]], [[1.0]], [[1.0]], [[1.0]], [[1.0]], [[1.0]], [[2.0]]], [[[2.0]], [[2.0]], [[2.0]], [[2.0]], [[-1.0]], [[-1.0]], [[-1.0]], [[-1.0]]], [[[-1.0]], [[1.0]], [[1.0]], [[1.0]], [[1.0]], [[1.0]], [[-2.0]], [[-2.0]]], [[[-2.0]], [[-2.0]], [[-2.0]], [[-1.0]], [[-1.0]], [[-1.0]], [[-1.0]], [[-1.0]]], [[[0.0]], [[0.0]], [[0.0]], [[0.0]], [[0.0]], [[1.0]], [[1.0]], [[1.0]]], [[[1.0]], [[1.0]], [[2.0]], [[2.0]], [[2.0]], [[2.0]], [[2.0]], [[-1.0]]]]> : tensor<12x8x1x1xf32>
    %r_nchw = graph.slice %res_o {starts = array<i64: 0, 0, 0, 0>, steps = array<i64: 1, 1, 1, 1>} : (tensor<2x12x9x11xf32>) -> tensor<2x12x5x7xf32>
    %y_nchw = graph.conv %img3_s, %w_nchw residual(%r_nchw) {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<2x8x5x7xf32>, tensor<12x8x1x1xf32>, tensor<2x12x5x7xf32>) -> tensor<2x12x5x7xf32>
    %c_nchw = graph.conv %img3_s, %w_nchw {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<2x8x5x7xf32>, tensor<12x8x1x1xf32>) -> tensor<2x12x5x7xf32>
    %a_nchw = graph.add %c_nchw, %r_nchw : (tensor<2x12x5x7xf32>, tensor<2x12x5x7xf32>) -> tensor<2x12x5x7xf32>
    %d_nchw = graph.sub %y_nchw, %a_nchw : (tensor<2x12x5x7xf32>, tensor<2x12x5x7xf32>) -> tensor<2x12x5x7xf32>
    return %d_im2col, %row_im2col, %d_direct, %d_scalar_s2, %d_generic, %d_depthwise, %d_nchw : tensor<2x6x9x11xf32>, tensor<1x1x1x11xf32>, tensor<2x12x5x7xf32>, tensor<2x5x4x5xf32>, tensor<2x6x9x11xf32>, tensor<2x8x5x7xf32>, tensor<2x12x5x7xf32>
  }
}
