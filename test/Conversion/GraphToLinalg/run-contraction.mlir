// RUN: kiln-opt %s --kiln-convert-graph-to-linalg \
// RUN: | mlir-opt --one-shot-bufferize=bufferize-function-boundaries --convert-linalg-to-loops \
// RUN:     --expand-strided-metadata --lower-affine --convert-scf-to-cf --convert-math-to-llvm \
// RUN:     --convert-math-to-libm --convert-to-llvm --reconcile-unrealized-casts \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:     -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils \
// RUN: | FileCheck %s

// Numerical checks of the contraction lowerings (expected values from PyTorch
// and numpy).

// 2-D conv: stride (2, 1), asymmetric pads, dilation (1, 2), bias.
// CHECK: rank = 4 offset = 0 sizes = [1, 3, 3, 4] strides = [36, 12, 4, 1] data =
// CHECK-NEXT: {{\[\[\[\[}}-1.5,     -1.5,     -1.5,     3.5],
// CHECK-NEXT: {{\[}}0.5,     -2.5,     1.5,     8.5],
// CHECK-NEXT: {{\[}}12.5,     9.5,     -7.5,     -8.5]],
// CHECK-NEXT: {{\[\[}}2,     13,     10,     -7],
// CHECK-NEXT: {{\[}}-10,     -9,     -8,     -9],
// CHECK-NEXT: {{\[}}-14,     1,     16,     8]],
// CHECK-NEXT: {{\[\[}}0,     -3,     1,     2],
// CHECK-NEXT: {{\[}}4,     4,     -3,     3],
// CHECK-NEXT: {{\[}}4,     -3,     4,     4]]]]

// Grouped conv (2 groups of 2 channels): the generic path.
// CHECK: rank = 4 offset = 0 sizes = [1, 4, 4, 4] strides = [64, 16, 4, 1] data =
// CHECK-NEXT: {{\[\[\[\[}}-4,     3,     8,     0],
// CHECK-NEXT: {{\[}}-4,     -3,     7,     3],
// CHECK-NEXT: {{\[}}0,     -8,     -3,     4],
// CHECK-NEXT: {{\[}}3,     -7,     -7,     3]],
// CHECK-NEXT: {{\[\[}}-4,     3,     8,     0],
// CHECK-NEXT: {{\[}}-4,     -3,     7,     3],
// CHECK-NEXT: {{\[}}0,     -8,     -3,     4],
// CHECK-NEXT: {{\[}}3,     -7,     -7,     3]],
// CHECK-NEXT: {{\[\[}}4,     3,     -7,     -3],
// CHECK-NEXT: {{\[}}3,     7,     -3,     -4],
// CHECK-NEXT: {{\[}}-3,     7,     7,     -3],
// CHECK-NEXT: {{\[}}-4,     3,     8,     0]],
// CHECK-NEXT: {{\[\[}}4,     3,     -7,     -3],
// CHECK-NEXT: {{\[}}3,     7,     -3,     -4],
// CHECK-NEXT: {{\[}}-3,     7,     7,     -3],
// CHECK-NEXT: {{\[}}-4,     3,     8,     0]]]]

// Depthwise conv: linalg.depthwise_conv_2d_nchw_chw.
// CHECK: rank = 4 offset = 0 sizes = [1, 3, 4, 4] strides = [48, 16, 4, 1] data =
// CHECK-NEXT: {{\[\[\[\[}}1,     5,     5,     -1],
// CHECK-NEXT: {{\[}}1,     7,     7,     -2],
// CHECK-NEXT: {{\[}}1,     7,     7,     -2],
// CHECK-NEXT: {{\[}}1,     5,     5,     -1]],
// CHECK-NEXT: {{\[\[}}0,     4,     4,     -2],
// CHECK-NEXT: {{\[}}0,     6,     6,     -3],
// CHECK-NEXT: {{\[}}0,     6,     6,     -3],
// CHECK-NEXT: {{\[}}0,     4,     4,     -2]],
// CHECK-NEXT: {{\[\[}}-1,     3,     3,     -3],
// CHECK-NEXT: {{\[}}-1,     5,     5,     -4],
// CHECK-NEXT: {{\[}}-1,     5,     5,     -4],
// CHECK-NEXT: {{\[}}-1,     3,     3,     -3]]]]

// 1-D conv with dilation 2 and stride 2.
// CHECK: rank = 3 offset = 0 sizes = [1, 2, 4] strides = [8, 4, 1] data =
// CHECK-NEXT: {{\[\[\[}}5.25,    4.25,    0.25,    8.25],
// CHECK-NEXT: {{\[}}0.75,    5.75,    3.75,    -4.25]]]

// MatMul with broadcast batch dims: [2,1,2,3] x [2,3,2] -> [2,2,2,2].
// CHECK: rank = 4 offset = 0 sizes = [2, 2, 2, 2] strides = [8, 4, 2, 1] data =
// CHECK-NEXT: {{\[\[\[\[}}1,     -2],
// CHECK-NEXT: {{\[}}3,     4]],
// CHECK-NEXT: {{\[\[}}-1,     -4],
// CHECK-NEXT: {{\[}}-3,     -2]]],
// CHECK-NEXT: {{\[\[\[}}0,     0],
// CHECK-NEXT: {{\[}}-3,     -4]],
// CHECK-NEXT: {{\[\[}}0,     0],
// CHECK-NEXT: {{\[}}3,     2]]]]

// Gemm: 0.5 * A^T * B^T + 2 * C with C broadcast along columns.
// CHECK: rank = 2 offset = 0 sizes = [2, 4] strides = [4, 1] data =
// CHECK-NEXT: {{\[\[}}2.5,   3.5,   2,   0.5],
// CHECK-NEXT: {{\[}}-5,   -2,   -4,   -6]]

func.func @conv2d(%a0: tensor<1x2x5x5xf32>, %a1: tensor<3x2x2x2xf32>, %a2: tensor<3xf32>) -> tensor<1x3x3x4xf32> {
  %r = graph.conv %a0, %a1, %a2 {strides = array<i64: 2, 1>, pads = array<i64: 1, 0, 0, 1>, dilations = array<i64: 1, 2>, group = 1 : i64} : (tensor<1x2x5x5xf32>, tensor<3x2x2x2xf32>, tensor<3xf32>) -> tensor<1x3x3x4xf32>
  return %r : tensor<1x3x3x4xf32>
}

func.func @conv2d_grouped(%a0: tensor<1x4x4x4xf32>, %a1: tensor<4x2x3x3xf32>) -> tensor<1x4x4x4xf32> {
  %r = graph.conv %a0, %a1 {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 2 : i64} : (tensor<1x4x4x4xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x4x4xf32>
  return %r : tensor<1x4x4x4xf32>
}

func.func @conv2d_depthwise(%a0: tensor<1x3x4x4xf32>, %a1: tensor<3x1x3x3xf32>, %a2: tensor<3xf32>) -> tensor<1x3x4x4xf32> {
  %r = graph.conv %a0, %a1, %a2 {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 3 : i64} : (tensor<1x3x4x4xf32>, tensor<3x1x3x3xf32>, tensor<3xf32>) -> tensor<1x3x4x4xf32>
  return %r : tensor<1x3x4x4xf32>
}

func.func @conv1d(%a0: tensor<1x2x10xf32>, %a1: tensor<2x2x3xf32>, %a2: tensor<2xf32>) -> tensor<1x2x4xf32> {
  %r = graph.conv %a0, %a1, %a2 {strides = array<i64: 2>, pads = array<i64: 1, 1>, dilations = array<i64: 2>, group = 1 : i64} : (tensor<1x2x10xf32>, tensor<2x2x3xf32>, tensor<2xf32>) -> tensor<1x2x4xf32>
  return %r : tensor<1x2x4xf32>
}

func.func @matmul_broadcast(%a0: tensor<2x1x2x3xf32>, %a1: tensor<2x3x2xf32>) -> tensor<2x2x2x2xf32> {
  %r = graph.matmul %a0, %a1 : (tensor<2x1x2x3xf32>, tensor<2x3x2xf32>) -> tensor<2x2x2x2xf32>
  return %r : tensor<2x2x2x2xf32>
}

func.func @gemm(%a0: tensor<3x2xf32>, %a1: tensor<4x3xf32>, %a2: tensor<2x1xf32>) -> tensor<2x4xf32> {
  %r = graph.gemm %a0, %a1, %a2 {alpha = 0.5 : f32, beta = 2.0 : f32, transA = true, transB = true} : (tensor<3x2xf32>, tensor<4x3xf32>, tensor<2x1xf32>) -> tensor<2x4xf32>
  return %r : tensor<2x4xf32>
}

func.func @main() {
  %conv2d_0 = graph.constant dense<[[[[-3.0, -2.0, -1.0, 0.0, 1.0], [2.0, 3.0, -3.0, -2.0, -1.0], [0.0, 1.0, 2.0, 3.0, -3.0], [-2.0, -1.0, 0.0, 1.0, 2.0], [3.0, -3.0, -2.0, -1.0, 0.0]], [[1.0, 2.0, 3.0, -3.0, -2.0], [-1.0, 0.0, 1.0, 2.0, 3.0], [-3.0, -2.0, -1.0, 0.0, 1.0], [2.0, 3.0, -3.0, -2.0, -1.0], [0.0, 1.0, 2.0, 3.0, -3.0]]]]> : tensor<1x2x5x5xf32>
  %conv2d_1 = graph.constant dense<[[[[-2.0, -1.0], [0.0, 1.0]], [[2.0, -2.0], [-1.0, 0.0]]], [[[1.0, 2.0], [-2.0, -1.0]], [[0.0, 1.0], [2.0, -2.0]]], [[[-1.0, 0.0], [1.0, 2.0]], [[-2.0, -1.0], [0.0, 1.0]]]]> : tensor<3x2x2x2xf32>
  %conv2d_2 = graph.constant dense<[0.5, -1.0, 2.0]> : tensor<3xf32>
  %conv2d_r = call @conv2d(%conv2d_0, %conv2d_1, %conv2d_2) : (tensor<1x2x5x5xf32>, tensor<3x2x2x2xf32>, tensor<3xf32>) -> tensor<1x3x3x4xf32>
  %conv2d_u = tensor.cast %conv2d_r : tensor<1x3x3x4xf32> to tensor<*xf32>
  call @printMemrefF32(%conv2d_u) : (tensor<*xf32>) -> ()
  %conv2d_grouped_0 = graph.constant dense<[[[[-2.0, -1.0, 0.0, 1.0], [2.0, -2.0, -1.0, 0.0], [1.0, 2.0, -2.0, -1.0], [0.0, 1.0, 2.0, -2.0]], [[-1.0, 0.0, 1.0, 2.0], [-2.0, -1.0, 0.0, 1.0], [2.0, -2.0, -1.0, 0.0], [1.0, 2.0, -2.0, -1.0]], [[0.0, 1.0, 2.0, -2.0], [-1.0, 0.0, 1.0, 2.0], [-2.0, -1.0, 0.0, 1.0], [2.0, -2.0, -1.0, 0.0]], [[1.0, 2.0, -2.0, -1.0], [0.0, 1.0, 2.0, -2.0], [-1.0, 0.0, 1.0, 2.0], [-2.0, -1.0, 0.0, 1.0]]]]> : tensor<1x4x4x4xf32>
  %conv2d_grouped_1 = graph.constant dense<[[[[-1.0, 0.0, 1.0], [-1.0, 0.0, 1.0], [-1.0, 0.0, 1.0]], [[-1.0, 0.0, 1.0], [-1.0, 0.0, 1.0], [-1.0, 0.0, 1.0]]], [[[-1.0, 0.0, 1.0], [-1.0, 0.0, 1.0], [-1.0, 0.0, 1.0]], [[-1.0, 0.0, 1.0], [-1.0, 0.0, 1.0], [-1.0, 0.0, 1.0]]], [[[-1.0, 0.0, 1.0], [-1.0, 0.0, 1.0], [-1.0, 0.0, 1.0]], [[-1.0, 0.0, 1.0], [-1.0, 0.0, 1.0], [-1.0, 0.0, 1.0]]], [[[-1.0, 0.0, 1.0], [-1.0, 0.0, 1.0], [-1.0, 0.0, 1.0]], [[-1.0, 0.0, 1.0], [-1.0, 0.0, 1.0], [-1.0, 0.0, 1.0]]]]> : tensor<4x2x3x3xf32>
  %conv2d_grouped_r = call @conv2d_grouped(%conv2d_grouped_0, %conv2d_grouped_1) : (tensor<1x4x4x4xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x4x4xf32>
  %conv2d_grouped_u = tensor.cast %conv2d_grouped_r : tensor<1x4x4x4xf32> to tensor<*xf32>
  call @printMemrefF32(%conv2d_grouped_u) : (tensor<*xf32>) -> ()
  %conv2d_depthwise_0 = graph.constant dense<[[[[-1.0, 0.0, 1.0, 2.0], [-1.0, 0.0, 1.0, 2.0], [-1.0, 0.0, 1.0, 2.0], [-1.0, 0.0, 1.0, 2.0]], [[-1.0, 0.0, 1.0, 2.0], [-1.0, 0.0, 1.0, 2.0], [-1.0, 0.0, 1.0, 2.0], [-1.0, 0.0, 1.0, 2.0]], [[-1.0, 0.0, 1.0, 2.0], [-1.0, 0.0, 1.0, 2.0], [-1.0, 0.0, 1.0, 2.0], [-1.0, 0.0, 1.0, 2.0]]]]> : tensor<1x3x4x4xf32>
  %conv2d_depthwise_1 = graph.constant dense<[[[[-1.0, 0.0, 1.0], [-1.0, 0.0, 1.0], [-1.0, 0.0, 1.0]]], [[[-1.0, 0.0, 1.0], [-1.0, 0.0, 1.0], [-1.0, 0.0, 1.0]]], [[[-1.0, 0.0, 1.0], [-1.0, 0.0, 1.0], [-1.0, 0.0, 1.0]]]]> : tensor<3x1x3x3xf32>
  %conv2d_depthwise_2 = graph.constant dense<[1.0, 0.0, -1.0]> : tensor<3xf32>
  %conv2d_depthwise_r = call @conv2d_depthwise(%conv2d_depthwise_0, %conv2d_depthwise_1, %conv2d_depthwise_2) : (tensor<1x3x4x4xf32>, tensor<3x1x3x3xf32>, tensor<3xf32>) -> tensor<1x3x4x4xf32>
  %conv2d_depthwise_u = tensor.cast %conv2d_depthwise_r : tensor<1x3x4x4xf32> to tensor<*xf32>
  call @printMemrefF32(%conv2d_depthwise_u) : (tensor<*xf32>) -> ()
  %conv1d_0 = graph.constant dense<[[[-2.0, -1.0, 0.0, 1.0, 2.0, 3.0, -2.0, -1.0, 0.0, 1.0], [2.0, 3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0, -2.0, -1.0]]]> : tensor<1x2x10xf32>
  %conv1d_1 = graph.constant dense<[[[1.0, -1.0, 2.0], [0.0, 1.0, 1.0]], [[-2.0, 1.0, 0.0], [1.0, 1.0, 1.0]]]> : tensor<2x2x3xf32>
  %conv1d_2 = graph.constant dense<[0.25, -0.25]> : tensor<2xf32>
  %conv1d_r = call @conv1d(%conv1d_0, %conv1d_1, %conv1d_2) : (tensor<1x2x10xf32>, tensor<2x2x3xf32>, tensor<2xf32>) -> tensor<1x2x4xf32>
  %conv1d_u = tensor.cast %conv1d_r : tensor<1x2x4xf32> to tensor<*xf32>
  call @printMemrefF32(%conv1d_u) : (tensor<*xf32>) -> ()
  %matmul_broadcast_0 = graph.constant dense<[[[[-2.0, -1.0, 0.0], [1.0, 2.0, -2.0]]], [[[-1.0, 0.0, 1.0], [2.0, -2.0, -1.0]]]]> : tensor<2x1x2x3xf32>
  %matmul_broadcast_1 = graph.constant dense<[[[-1.0, 0.0], [1.0, 2.0], [-1.0, 0.0]], [[1.0, 2.0], [-1.0, 0.0], [1.0, 2.0]]]> : tensor<2x3x2xf32>
  %matmul_broadcast_r = call @matmul_broadcast(%matmul_broadcast_0, %matmul_broadcast_1) : (tensor<2x1x2x3xf32>, tensor<2x3x2xf32>) -> tensor<2x2x2x2xf32>
  %matmul_broadcast_u = tensor.cast %matmul_broadcast_r : tensor<2x2x2x2xf32> to tensor<*xf32>
  call @printMemrefF32(%matmul_broadcast_u) : (tensor<*xf32>) -> ()
  %gemm_0 = graph.constant dense<[[-1.0, 0.0], [1.0, 2.0], [-1.0, 0.0]]> : tensor<3x2xf32>
  %gemm_1 = graph.constant dense<[[-2.0, -1.0, 0.0], [1.0, 2.0, -2.0], [-1.0, 0.0, 1.0], [2.0, -2.0, -1.0]]> : tensor<4x3xf32>
  %gemm_2 = graph.constant dense<[[1.0], [-2.0]]> : tensor<2x1xf32>
  %gemm_r = call @gemm(%gemm_0, %gemm_1, %gemm_2) : (tensor<3x2xf32>, tensor<4x3xf32>, tensor<2x1xf32>) -> tensor<2x4xf32>
  %gemm_u = tensor.cast %gemm_r : tensor<2x4xf32> to tensor<*xf32>
  call @printMemrefF32(%gemm_u) : (tensor<*xf32>) -> ()
  return
}
func.func private @printMemrefF32(tensor<*xf32>)
