// RUN: kiln-opt %s --kiln-convert-graph-to-linalg \
// RUN: | mlir-opt --one-shot-bufferize=bufferize-function-boundaries --convert-linalg-to-loops \
// RUN:     --expand-strided-metadata --lower-affine --convert-scf-to-cf --convert-math-to-llvm \
// RUN:     --convert-math-to-libm --convert-to-llvm --reconcile-unrealized-casts \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:     -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils \
// RUN: | FileCheck %s

// Numerical checks of the fused epilogues of matmul, gemm and conv (every
// activation, matmul bias on each matmul path) and of graph.gelu/graph.silu.
// Expected values were checked against a float64 Python reference (relative
// error below 1e-5; 2e-3 for the f16 case). The activation enum: 1 relu,
// 2 clip, 3 leaky_relu, 4 sigmoid, 5 hard_sigmoid, 6 hard_swish, 7 silu,
// 8 gelu, 9 gelu_tanh, 10 tanh. The matmul_<activation> cases multiply by
// the identity, so their inputs are [[-8, -3, -1, -0.5], [0, 0.5, 2, 7]].

// relu.
// CHECK: rank = 2 offset = 0 sizes = [2, 4] strides = [4, 1] data =
// CHECK-NEXT: {{\[\[}}0,   0,   0,   0],
// CHECK-NEXT: {{\[}}0,   0.5,   2,   7]]

// clip [-1, 6].
// CHECK: rank = 2 offset = 0 sizes = [2, 4] strides = [4, 1] data =
// CHECK-NEXT: {{\[\[}}-1,   -1,   -1,   -0.5],
// CHECK-NEXT: {{\[}}0,   0.5,   2,   6]]

// leaky_relu alpha 0.1.
// CHECK: rank = 2 offset = 0 sizes = [2, 4] strides = [4, 1] data =
// CHECK-NEXT: {{\[\[}}-0.8,   -0.3,   -0.1,   -0.05],
// CHECK-NEXT: {{\[}}0,   0.5,   2,   7]]

// sigmoid.
// CHECK: rank = 2 offset = 0 sizes = [2, 4] strides = [4, 1] data =
// CHECK-NEXT: {{\[\[}}0.00033535,   0.0474259,   0.268941,   0.377541],
// CHECK-NEXT: {{\[}}0.5,   0.622459,   0.880797,   0.999089]]

// hard_sigmoid alpha 0.2, beta 0.5.
// CHECK: rank = 2 offset = 0 sizes = [2, 4] strides = [4, 1] data =
// CHECK-NEXT: {{\[\[}}0,   0,   0.3,   0.4],
// CHECK-NEXT: {{\[}}0.5,   0.6,   0.9,   1]]

// hard_swish.
// CHECK: rank = 2 offset = 0 sizes = [2, 4] strides = [4, 1] data =
// CHECK-NEXT: {{\[\[}}-0,   -0,   -0.333333,   -0.208333],
// CHECK-NEXT: {{\[}}0,   0.291667,   1.66667,   7]]

// silu.
// CHECK: rank = 2 offset = 0 sizes = [2, 4] strides = [4, 1] data =
// CHECK-NEXT: {{\[\[}}-0.0026828,   -0.142278,   -0.268941,   -0.18877],
// CHECK-NEXT: {{\[}}0,   0.31123,   1.76159,   6.99362]]

// gelu (erf form).
// CHECK: rank = 2 offset = 0 sizes = [2, 4] strides = [4, 1] data =
// CHECK-NEXT: {{\[\[}}-0,   -0.00404969,   -0.158655,   -0.154269],
// CHECK-NEXT: {{\[}}0,   0.345731,   1.9545,   7]]

// gelu (tanh approximation).
// CHECK: rank = 2 offset = 0 sizes = [2, 4] strides = [4, 1] data =
// CHECK-NEXT: {{\[\[}}-0,   -0.00363743,   -0.158808,   -0.154286],
// CHECK-NEXT: {{\[}}0,   0.345714,   1.9546,   7]]

// tanh.
// CHECK: rank = 2 offset = 0 sizes = [2, 4] strides = [4, 1] data =
// CHECK-NEXT: {{\[\[}}-1,   -0.995055,   -0.761594,   -0.462117],
// CHECK-NEXT: {{\[}}0,   0.462117,   0.964028,   0.999998]]

// [2,3,2] x [2,4] + bias [4], relu: the bias initializes the collapsed 2-D matmul.
// CHECK: rank = 3 offset = 0 sizes = [2, 3, 4] strides = [12, 4, 1] data =
// CHECK-NEXT: {{\[\[\[}}0.5,    0,    5,    0],
// CHECK-NEXT: {{\[}}1.5,    0.25,    1,    0],
// CHECK-NEXT: {{\[}}0,    0,    0,    0]],
// CHECK-NEXT: {{\[\[}}2.5,    0,    5,    0],
// CHECK-NEXT: {{\[}}2,    2.75,    0,    3],
// CHECK-NEXT: {{\[}}0.25,    0.75,    0,    0]]]

// batch_matmul + bias [2,1] broadcast over batch and columns.
// CHECK: rank = 3 offset = 0 sizes = [2, 2, 2] strides = [4, 2, 1] data =
// CHECK-NEXT: {{\[\[\[}}10,    11],
// CHECK-NEXT: {{\[}}-9,    -10]],
// CHECK-NEXT: {{\[\[}}13.5,    5.5],
// CHECK-NEXT: {{\[}}-8.5,    -9.5]]]

// broadcast-batch generic + bias [2,1,1,2], tanh.
// CHECK: rank = 4 offset = 0 sizes = [2, 2, 2, 2] strides = [8, 4, 2, 1] data =
// CHECK-NEXT: {{\[\[\[\[}}0.848284,     -0.986614],
// CHECK-NEXT: {{\[}}0.996998,     0.998178]],
// CHECK-NEXT: {{\[\[}}-0.635149,     -0.999753],
// CHECK-NEXT: {{\[}}-0.99186,     -0.986614]]],
// CHECK-NEXT: {{\[\[\[}}0.761594,     0],
// CHECK-NEXT: {{\[}}-0.964028,     -0.999329]],
// CHECK-NEXT: {{\[\[}}0.761594,     0],
// CHECK-NEXT: {{\[}}0.999329,     0.964028]]]]

// i32 matmul + bias, clip [0.5, 5.5] rounds the bounds inward to [1, 5].
// CHECK: rank = 2 offset = 0 sizes = [2, 3] strides = [3, 1] data =
// CHECK-NEXT: {{\[\[}}1,   5,   1],
// CHECK-NEXT: {{\[}}5,   1,   3]]

// gemm 0.5 * A * B^T + 2 * C, leaky_relu 0.1 in the same epilogue.
// CHECK: rank = 2 offset = 0 sizes = [2, 3] strides = [3, 1] data =
// CHECK-NEXT: {{\[\[}}3,   4.5,   6.5],
// CHECK-NEXT: {{\[}}-0.725,   -0.55,   -0.775]]

// gemm with C as initial accumulator, hard_swish.
// CHECK: rank = 2 offset = 0 sizes = [2, 3] strides = [3, 1] data =
// CHECK-NEXT: {{\[\[}}5,   4,   9.5],
// CHECK-NEXT: {{\[}}4.5,   4,   0.666667]]

// conv + bias, relu6 (clip [0, 6]).
// CHECK: rank = 4 offset = 0 sizes = [1, 2, 2, 2] strides = [8, 4, 2, 1] data =
// CHECK-NEXT: {{\[\[\[\[}}6,     5.5],
// CHECK-NEXT: {{\[}}2.5,     6]],
// CHECK-NEXT: {{\[\[}}0,     1.5],
// CHECK-NEXT: {{\[}}0,     0]]]]

// f16 matmul: gelu_tanh in f32, then one rounding to f16.
// CHECK: rank = 2 offset = 0 sizes = [2, 4] strides = [4, 1] data =
// CHECK-NEXT: {{\[\[}}-0,   -0.00363731,   -0.158813,   -0.154297],
// CHECK-NEXT: {{\[}}0,   0.345703,   1.95508,   7]]

// elementwise graph.gelu, erf form.
// CHECK: rank = 1 offset = 0 sizes = [8] strides = [1] data =
// CHECK-NEXT: {{\[}}-0.00404969,  -0.158655,  -0.100323,  0,  0.149677,  0.841345,  2.99595,  6]

// elementwise graph.gelu, tanh approximation.
// CHECK: rank = 1 offset = 0 sizes = [8] strides = [1] data =
// CHECK-NEXT: {{\[}}-0.00363743,  -0.158808,  -0.100325,  0,  0.149675,  0.841192,  2.99636,  6]

// elementwise graph.silu.
// CHECK: rank = 1 offset = 0 sizes = [8] strides = [1] data =
// CHECK-NEXT: {{\[}}-0.142278,  -0.268941,  -0.109456,  0,  0.140544,  0.731059,  2.85772,  5.98516]

func.func @matmul_relu(%a0: tensor<2x4xf32>, %a1: tensor<4x4xf32>) -> tensor<2x4xf32> {
  %r = graph.matmul %a0, %a1 {activation = 1 : i32} : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  return %r : tensor<2x4xf32>
}

func.func @matmul_clip(%a0: tensor<2x4xf32>, %a1: tensor<4x4xf32>) -> tensor<2x4xf32> {
  %r = graph.matmul %a0, %a1 {activation = 2 : i32, activation_params = array<f32: -1.0, 6.0>} : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  return %r : tensor<2x4xf32>
}

func.func @matmul_leaky_relu(%a0: tensor<2x4xf32>, %a1: tensor<4x4xf32>) -> tensor<2x4xf32> {
  %r = graph.matmul %a0, %a1 {activation = 3 : i32, activation_params = array<f32: 0.1>} : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  return %r : tensor<2x4xf32>
}

func.func @matmul_sigmoid(%a0: tensor<2x4xf32>, %a1: tensor<4x4xf32>) -> tensor<2x4xf32> {
  %r = graph.matmul %a0, %a1 {activation = 4 : i32} : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  return %r : tensor<2x4xf32>
}

func.func @matmul_hard_sigmoid(%a0: tensor<2x4xf32>, %a1: tensor<4x4xf32>) -> tensor<2x4xf32> {
  %r = graph.matmul %a0, %a1 {activation = 5 : i32, activation_params = array<f32: 0.2, 0.5>} : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  return %r : tensor<2x4xf32>
}

func.func @matmul_hard_swish(%a0: tensor<2x4xf32>, %a1: tensor<4x4xf32>) -> tensor<2x4xf32> {
  %r = graph.matmul %a0, %a1 {activation = 6 : i32} : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  return %r : tensor<2x4xf32>
}

func.func @matmul_silu(%a0: tensor<2x4xf32>, %a1: tensor<4x4xf32>) -> tensor<2x4xf32> {
  %r = graph.matmul %a0, %a1 {activation = 7 : i32} : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  return %r : tensor<2x4xf32>
}

func.func @matmul_gelu(%a0: tensor<2x4xf32>, %a1: tensor<4x4xf32>) -> tensor<2x4xf32> {
  %r = graph.matmul %a0, %a1 {activation = 8 : i32} : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  return %r : tensor<2x4xf32>
}

func.func @matmul_gelu_tanh(%a0: tensor<2x4xf32>, %a1: tensor<4x4xf32>) -> tensor<2x4xf32> {
  %r = graph.matmul %a0, %a1 {activation = 9 : i32} : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  return %r : tensor<2x4xf32>
}

func.func @matmul_tanh(%a0: tensor<2x4xf32>, %a1: tensor<4x4xf32>) -> tensor<2x4xf32> {
  %r = graph.matmul %a0, %a1 {activation = 10 : i32} : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  return %r : tensor<2x4xf32>
}

func.func @matmul_bias_2d_relu(%a0: tensor<2x3x2xf32>, %a1: tensor<2x4xf32>, %a2: tensor<4xf32>) -> tensor<2x3x4xf32> {
  %r = graph.matmul %a0, %a1, %a2 {activation = 1 : i32} : (tensor<2x3x2xf32>, tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  return %r : tensor<2x3x4xf32>
}

func.func @matmul_bias_batch(%a0: tensor<2x2x3xf32>, %a1: tensor<2x3x2xf32>, %a2: tensor<2x1xf32>) -> tensor<2x2x2xf32> {
  %r = graph.matmul %a0, %a1, %a2 : (tensor<2x2x3xf32>, tensor<2x3x2xf32>, tensor<2x1xf32>) -> tensor<2x2x2xf32>
  return %r : tensor<2x2x2xf32>
}

func.func @matmul_bias_broadcast_tanh(%a0: tensor<2x1x2x3xf32>, %a1: tensor<2x3x2xf32>, %a2: tensor<2x1x1x2xf32>) -> tensor<2x2x2x2xf32> {
  %r = graph.matmul %a0, %a1, %a2 {activation = 10 : i32} : (tensor<2x1x2x3xf32>, tensor<2x3x2xf32>, tensor<2x1x1x2xf32>) -> tensor<2x2x2x2xf32>
  return %r : tensor<2x2x2x2xf32>
}

func.func @matmul_i32_bias_clip(%a0: tensor<2x2xi32>, %a1: tensor<2x3xi32>, %a2: tensor<3xi32>) -> tensor<2x3xi32> {
  %r = graph.matmul %a0, %a1, %a2 {activation = 2 : i32, activation_params = array<f32: 0.5, 5.5>} : (tensor<2x2xi32>, tensor<2x3xi32>, tensor<3xi32>) -> tensor<2x3xi32>
  return %r : tensor<2x3xi32>
}

func.func @gemm_alpha_leaky_relu(%a0: tensor<2x3xf32>, %a1: tensor<3x3xf32>, %a2: tensor<2x1xf32>) -> tensor<2x3xf32> {
  %r = graph.gemm %a0, %a1, %a2 {alpha = 0.5 : f32, beta = 2.0 : f32, transA = false, transB = true, activation = 3 : i32, activation_params = array<f32: 0.1>} : (tensor<2x3xf32>, tensor<3x3xf32>, tensor<2x1xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}

func.func @gemm_bias_hard_swish(%a0: tensor<2x3xf32>, %a1: tensor<3x3xf32>, %a2: tensor<3xf32>) -> tensor<2x3xf32> {
  %r = graph.gemm %a0, %a1, %a2 {alpha = 1.0 : f32, beta = 1.0 : f32, transA = false, transB = true, activation = 6 : i32} : (tensor<2x3xf32>, tensor<3x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}

func.func @conv_bias_relu6(%a0: tensor<1x1x3x3xf32>, %a1: tensor<2x1x2x2xf32>, %a2: tensor<2xf32>) -> tensor<1x2x2x2xf32> {
  %r = graph.conv %a0, %a1, %a2 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = 2 : i32, activation_params = array<f32: 0.0, 6.0>} : (tensor<1x1x3x3xf32>, tensor<2x1x2x2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %r : tensor<1x2x2x2xf32>
}

func.func @matmul_f16_gelu_tanh(%a0: tensor<2x4xf16>, %a1: tensor<4x4xf16>) -> tensor<2x4xf32> {
  %m = graph.matmul %a0, %a1 {activation = 9 : i32} : (tensor<2x4xf16>, tensor<4x4xf16>) -> tensor<2x4xf16>
  %r = graph.cast %m : tensor<2x4xf16> to tensor<2x4xf32>
  return %r : tensor<2x4xf32>
}

func.func @gelu_erf(%a0: tensor<8xf32>) -> tensor<8xf32> {
  %r = graph.gelu %a0 {tanh_approximation = false} : tensor<8xf32>
  return %r : tensor<8xf32>
}

func.func @gelu_tanh(%a0: tensor<8xf32>) -> tensor<8xf32> {
  %r = graph.gelu %a0 {tanh_approximation = true} : tensor<8xf32>
  return %r : tensor<8xf32>
}

func.func @silu(%a0: tensor<8xf32>) -> tensor<8xf32> {
  %r = graph.silu %a0 : tensor<8xf32>
  return %r : tensor<8xf32>
}

func.func @main() {
  %matmul_relu_0 = graph.constant dense<[[-8.0, -3.0, -1.0, -0.5], [0.0, 0.5, 2.0, 7.0]]> : tensor<2x4xf32>
  %matmul_relu_1 = graph.constant dense<[[1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0], [0.0, 0.0, 0.0, 1.0]]> : tensor<4x4xf32>
  %matmul_relu_r = call @matmul_relu(%matmul_relu_0, %matmul_relu_1) : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  %matmul_relu_u = tensor.cast %matmul_relu_r : tensor<2x4xf32> to tensor<*xf32>
  call @printMemrefF32(%matmul_relu_u) : (tensor<*xf32>) -> ()
  %matmul_clip_0 = graph.constant dense<[[-8.0, -3.0, -1.0, -0.5], [0.0, 0.5, 2.0, 7.0]]> : tensor<2x4xf32>
  %matmul_clip_1 = graph.constant dense<[[1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0], [0.0, 0.0, 0.0, 1.0]]> : tensor<4x4xf32>
  %matmul_clip_r = call @matmul_clip(%matmul_clip_0, %matmul_clip_1) : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  %matmul_clip_u = tensor.cast %matmul_clip_r : tensor<2x4xf32> to tensor<*xf32>
  call @printMemrefF32(%matmul_clip_u) : (tensor<*xf32>) -> ()
  %matmul_leaky_relu_0 = graph.constant dense<[[-8.0, -3.0, -1.0, -0.5], [0.0, 0.5, 2.0, 7.0]]> : tensor<2x4xf32>
  %matmul_leaky_relu_1 = graph.constant dense<[[1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0], [0.0, 0.0, 0.0, 1.0]]> : tensor<4x4xf32>
  %matmul_leaky_relu_r = call @matmul_leaky_relu(%matmul_leaky_relu_0, %matmul_leaky_relu_1) : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  %matmul_leaky_relu_u = tensor.cast %matmul_leaky_relu_r : tensor<2x4xf32> to tensor<*xf32>
  call @printMemrefF32(%matmul_leaky_relu_u) : (tensor<*xf32>) -> ()
  %matmul_sigmoid_0 = graph.constant dense<[[-8.0, -3.0, -1.0, -0.5], [0.0, 0.5, 2.0, 7.0]]> : tensor<2x4xf32>
  %matmul_sigmoid_1 = graph.constant dense<[[1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0], [0.0, 0.0, 0.0, 1.0]]> : tensor<4x4xf32>
  %matmul_sigmoid_r = call @matmul_sigmoid(%matmul_sigmoid_0, %matmul_sigmoid_1) : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  %matmul_sigmoid_u = tensor.cast %matmul_sigmoid_r : tensor<2x4xf32> to tensor<*xf32>
  call @printMemrefF32(%matmul_sigmoid_u) : (tensor<*xf32>) -> ()
  %matmul_hard_sigmoid_0 = graph.constant dense<[[-8.0, -3.0, -1.0, -0.5], [0.0, 0.5, 2.0, 7.0]]> : tensor<2x4xf32>
  %matmul_hard_sigmoid_1 = graph.constant dense<[[1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0], [0.0, 0.0, 0.0, 1.0]]> : tensor<4x4xf32>
  %matmul_hard_sigmoid_r = call @matmul_hard_sigmoid(%matmul_hard_sigmoid_0, %matmul_hard_sigmoid_1) : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  %matmul_hard_sigmoid_u = tensor.cast %matmul_hard_sigmoid_r : tensor<2x4xf32> to tensor<*xf32>
  call @printMemrefF32(%matmul_hard_sigmoid_u) : (tensor<*xf32>) -> ()
  %matmul_hard_swish_0 = graph.constant dense<[[-8.0, -3.0, -1.0, -0.5], [0.0, 0.5, 2.0, 7.0]]> : tensor<2x4xf32>
  %matmul_hard_swish_1 = graph.constant dense<[[1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0], [0.0, 0.0, 0.0, 1.0]]> : tensor<4x4xf32>
  %matmul_hard_swish_r = call @matmul_hard_swish(%matmul_hard_swish_0, %matmul_hard_swish_1) : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  %matmul_hard_swish_u = tensor.cast %matmul_hard_swish_r : tensor<2x4xf32> to tensor<*xf32>
  call @printMemrefF32(%matmul_hard_swish_u) : (tensor<*xf32>) -> ()
  %matmul_silu_0 = graph.constant dense<[[-8.0, -3.0, -1.0, -0.5], [0.0, 0.5, 2.0, 7.0]]> : tensor<2x4xf32>
  %matmul_silu_1 = graph.constant dense<[[1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0], [0.0, 0.0, 0.0, 1.0]]> : tensor<4x4xf32>
  %matmul_silu_r = call @matmul_silu(%matmul_silu_0, %matmul_silu_1) : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  %matmul_silu_u = tensor.cast %matmul_silu_r : tensor<2x4xf32> to tensor<*xf32>
  call @printMemrefF32(%matmul_silu_u) : (tensor<*xf32>) -> ()
  %matmul_gelu_0 = graph.constant dense<[[-8.0, -3.0, -1.0, -0.5], [0.0, 0.5, 2.0, 7.0]]> : tensor<2x4xf32>
  %matmul_gelu_1 = graph.constant dense<[[1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0], [0.0, 0.0, 0.0, 1.0]]> : tensor<4x4xf32>
  %matmul_gelu_r = call @matmul_gelu(%matmul_gelu_0, %matmul_gelu_1) : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  %matmul_gelu_u = tensor.cast %matmul_gelu_r : tensor<2x4xf32> to tensor<*xf32>
  call @printMemrefF32(%matmul_gelu_u) : (tensor<*xf32>) -> ()
  %matmul_gelu_tanh_0 = graph.constant dense<[[-8.0, -3.0, -1.0, -0.5], [0.0, 0.5, 2.0, 7.0]]> : tensor<2x4xf32>
  %matmul_gelu_tanh_1 = graph.constant dense<[[1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0], [0.0, 0.0, 0.0, 1.0]]> : tensor<4x4xf32>
  %matmul_gelu_tanh_r = call @matmul_gelu_tanh(%matmul_gelu_tanh_0, %matmul_gelu_tanh_1) : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  %matmul_gelu_tanh_u = tensor.cast %matmul_gelu_tanh_r : tensor<2x4xf32> to tensor<*xf32>
  call @printMemrefF32(%matmul_gelu_tanh_u) : (tensor<*xf32>) -> ()
  %matmul_tanh_0 = graph.constant dense<[[-8.0, -3.0, -1.0, -0.5], [0.0, 0.5, 2.0, 7.0]]> : tensor<2x4xf32>
  %matmul_tanh_1 = graph.constant dense<[[1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0], [0.0, 0.0, 0.0, 1.0]]> : tensor<4x4xf32>
  %matmul_tanh_r = call @matmul_tanh(%matmul_tanh_0, %matmul_tanh_1) : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  %matmul_tanh_u = tensor.cast %matmul_tanh_r : tensor<2x4xf32> to tensor<*xf32>
  call @printMemrefF32(%matmul_tanh_u) : (tensor<*xf32>) -> ()
  %matmul_bias_2d_relu_0 = graph.constant dense<[[[1.0, -2.0], [0.5, 1.0], [-1.0, -1.0]], [[2.0, 0.0], [0.0, 3.0], [-0.5, 0.5]]]> : tensor<2x3x2xf32>
  %matmul_bias_2d_relu_1 = graph.constant dense<[[1.0, -1.0, 2.0, 0.0], [0.5, 1.0, -1.0, 2.0]]> : tensor<2x4xf32>
  %matmul_bias_2d_relu_2 = graph.constant dense<[0.5, -0.25, 1.0, -3.0]> : tensor<4xf32>
  %matmul_bias_2d_relu_r = call @matmul_bias_2d_relu(%matmul_bias_2d_relu_0, %matmul_bias_2d_relu_1, %matmul_bias_2d_relu_2) : (tensor<2x3x2xf32>, tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  %matmul_bias_2d_relu_u = tensor.cast %matmul_bias_2d_relu_r : tensor<2x3x4xf32> to tensor<*xf32>
  call @printMemrefF32(%matmul_bias_2d_relu_u) : (tensor<*xf32>) -> ()
  %matmul_bias_batch_0 = graph.constant dense<[[[1.0, 2.0, -1.0], [0.0, -1.0, 1.0]], [[-2.0, 1.0, 0.5], [1.0, 1.0, 1.0]]]> : tensor<2x2x3xf32>
  %matmul_bias_batch_1 = graph.constant dense<[[[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], [[-1.0, 2.0], [0.5, 0.5], [2.0, -2.0]]]> : tensor<2x3x2xf32>
  %matmul_bias_batch_2 = graph.constant dense<[[10.0], [-10.0]]> : tensor<2x1xf32>
  %matmul_bias_batch_r = call @matmul_bias_batch(%matmul_bias_batch_0, %matmul_bias_batch_1, %matmul_bias_batch_2) : (tensor<2x2x3xf32>, tensor<2x3x2xf32>, tensor<2x1xf32>) -> tensor<2x2x2xf32>
  %matmul_bias_batch_u = tensor.cast %matmul_bias_batch_r : tensor<2x2x2xf32> to tensor<*xf32>
  call @printMemrefF32(%matmul_bias_batch_u) : (tensor<*xf32>) -> ()
  %matmul_bias_broadcast_tanh_0 = graph.constant dense<[[[[-2.0, -1.0, 0.0], [1.0, 2.0, -2.0]]], [[[-1.0, 0.0, 1.0], [2.0, -2.0, -1.0]]]]> : tensor<2x1x2x3xf32>
  %matmul_bias_broadcast_tanh_1 = graph.constant dense<[[[-1.0, 0.0], [1.0, 2.0], [-1.0, 0.0]], [[1.0, 2.0], [-1.0, 0.0], [1.0, 2.0]]]> : tensor<2x3x2xf32>
  %matmul_bias_broadcast_tanh_2 = graph.constant dense<[[[[0.25, -0.5]]], [[[1.0, 0.0]]]]> : tensor<2x1x1x2xf32>
  %matmul_bias_broadcast_tanh_r = call @matmul_bias_broadcast_tanh(%matmul_bias_broadcast_tanh_0, %matmul_bias_broadcast_tanh_1, %matmul_bias_broadcast_tanh_2) : (tensor<2x1x2x3xf32>, tensor<2x3x2xf32>, tensor<2x1x1x2xf32>) -> tensor<2x2x2x2xf32>
  %matmul_bias_broadcast_tanh_u = tensor.cast %matmul_bias_broadcast_tanh_r : tensor<2x2x2x2xf32> to tensor<*xf32>
  call @printMemrefF32(%matmul_bias_broadcast_tanh_u) : (tensor<*xf32>) -> ()
  %mi_0 = graph.constant dense<[[3, -2], [1, 4]]> : tensor<2x2xi32>
  %mi_1 = graph.constant dense<[[1, 2, -1], [2, 0, 1]]> : tensor<2x3xi32>
  %mi_2 = graph.constant dense<[1, -1, 0]> : tensor<3xi32>
  %mi_r = call @matmul_i32_bias_clip(%mi_0, %mi_1, %mi_2) : (tensor<2x2xi32>, tensor<2x3xi32>, tensor<3xi32>) -> tensor<2x3xi32>
  %mi_u = tensor.cast %mi_r : tensor<2x3xi32> to tensor<*xi32>
  call @printMemrefI32(%mi_u) : (tensor<*xi32>) -> ()
  %gemm_alpha_leaky_relu_0 = graph.constant dense<[[1.0, -2.0, 3.0], [-1.0, 0.5, 2.0]]> : tensor<2x3xf32>
  %gemm_alpha_leaky_relu_1 = graph.constant dense<[[1.0, 1.0, 1.0], [-1.0, 0.0, 2.0], [0.0, -3.0, 1.0]]> : tensor<3x3xf32>
  %gemm_alpha_leaky_relu_2 = graph.constant dense<[[1.0], [-4.0]]> : tensor<2x1xf32>
  %gemm_alpha_leaky_relu_r = call @gemm_alpha_leaky_relu(%gemm_alpha_leaky_relu_0, %gemm_alpha_leaky_relu_1, %gemm_alpha_leaky_relu_2) : (tensor<2x3xf32>, tensor<3x3xf32>, tensor<2x1xf32>) -> tensor<2x3xf32>
  %gemm_alpha_leaky_relu_u = tensor.cast %gemm_alpha_leaky_relu_r : tensor<2x3xf32> to tensor<*xf32>
  call @printMemrefF32(%gemm_alpha_leaky_relu_u) : (tensor<*xf32>) -> ()
  %gemm_bias_hard_swish_0 = graph.constant dense<[[1.0, -2.0, 3.0], [-1.0, 0.5, 2.0]]> : tensor<2x3xf32>
  %gemm_bias_hard_swish_1 = graph.constant dense<[[1.0, 1.0, 1.0], [-1.0, 0.0, 2.0], [0.0, -3.0, 1.0]]> : tensor<3x3xf32>
  %gemm_bias_hard_swish_2 = graph.constant dense<[3.0, -1.0, 0.5]> : tensor<3xf32>
  %gemm_bias_hard_swish_r = call @gemm_bias_hard_swish(%gemm_bias_hard_swish_0, %gemm_bias_hard_swish_1, %gemm_bias_hard_swish_2) : (tensor<2x3xf32>, tensor<3x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %gemm_bias_hard_swish_u = tensor.cast %gemm_bias_hard_swish_r : tensor<2x3xf32> to tensor<*xf32>
  call @printMemrefF32(%gemm_bias_hard_swish_u) : (tensor<*xf32>) -> ()
  %conv_bias_relu6_0 = graph.constant dense<[[[[1.0, 2.0, -1.0], [0.0, 3.0, 1.0], [-2.0, 1.0, 4.0]]]]> : tensor<1x1x3x3xf32>
  %conv_bias_relu6_1 = graph.constant dense<[[[[1.0, 1.0], [1.0, 1.0]]], [[[-1.0, 0.5], [2.0, -1.0]]]]> : tensor<2x1x2x2xf32>
  %conv_bias_relu6_2 = graph.constant dense<[0.5, -1.0]> : tensor<2xf32>
  %conv_bias_relu6_r = call @conv_bias_relu6(%conv_bias_relu6_0, %conv_bias_relu6_1, %conv_bias_relu6_2) : (tensor<1x1x3x3xf32>, tensor<2x1x2x2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %conv_bias_relu6_u = tensor.cast %conv_bias_relu6_r : tensor<1x2x2x2xf32> to tensor<*xf32>
  call @printMemrefF32(%conv_bias_relu6_u) : (tensor<*xf32>) -> ()
  %matmul_f16_gelu_tanh_0 = graph.constant dense<[[-8.0, -3.0, -1.0, -0.5], [0.0, 0.5, 2.0, 7.0]]> : tensor<2x4xf16>
  %matmul_f16_gelu_tanh_1 = graph.constant dense<[[1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0], [0.0, 0.0, 0.0, 1.0]]> : tensor<4x4xf16>
  %matmul_f16_gelu_tanh_r = call @matmul_f16_gelu_tanh(%matmul_f16_gelu_tanh_0, %matmul_f16_gelu_tanh_1) : (tensor<2x4xf16>, tensor<4x4xf16>) -> tensor<2x4xf32>
  %matmul_f16_gelu_tanh_u = tensor.cast %matmul_f16_gelu_tanh_r : tensor<2x4xf32> to tensor<*xf32>
  call @printMemrefF32(%matmul_f16_gelu_tanh_u) : (tensor<*xf32>) -> ()
  %gelu_erf_0 = graph.constant dense<[-3.0, -1.0, -0.25, 0.0, 0.25, 1.0, 3.0, 6.0]> : tensor<8xf32>
  %gelu_erf_r = call @gelu_erf(%gelu_erf_0) : (tensor<8xf32>) -> tensor<8xf32>
  %gelu_erf_u = tensor.cast %gelu_erf_r : tensor<8xf32> to tensor<*xf32>
  call @printMemrefF32(%gelu_erf_u) : (tensor<*xf32>) -> ()
  %gelu_tanh_0 = graph.constant dense<[-3.0, -1.0, -0.25, 0.0, 0.25, 1.0, 3.0, 6.0]> : tensor<8xf32>
  %gelu_tanh_r = call @gelu_tanh(%gelu_tanh_0) : (tensor<8xf32>) -> tensor<8xf32>
  %gelu_tanh_u = tensor.cast %gelu_tanh_r : tensor<8xf32> to tensor<*xf32>
  call @printMemrefF32(%gelu_tanh_u) : (tensor<*xf32>) -> ()
  %silu_0 = graph.constant dense<[-3.0, -1.0, -0.25, 0.0, 0.25, 1.0, 3.0, 6.0]> : tensor<8xf32>
  %silu_r = call @silu(%silu_0) : (tensor<8xf32>) -> tensor<8xf32>
  %silu_u = tensor.cast %silu_r : tensor<8xf32> to tensor<*xf32>
  call @printMemrefF32(%silu_u) : (tensor<*xf32>) -> ()
  return
}
func.func private @printMemrefF32(tensor<*xf32>)
func.func private @printMemrefI32(tensor<*xi32>)
