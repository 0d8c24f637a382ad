// RUN: kiln-opt %s --kiln-convert-graph-to-linalg \
// RUN: | mlir-opt --one-shot-bufferize=bufferize-function-boundaries --convert-linalg-to-loops \
// RUN:     --expand-strided-metadata --lower-affine --convert-scf-to-cf --convert-math-to-llvm \
// RUN:     --convert-math-to-libm --convert-to-llvm --reconcile-unrealized-casts \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:     -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils \
// RUN: | FileCheck %s

// Numerical checks of the reduction and normalization lowerings (expected
// values from numpy).

// Softmax along the last axis.
// CHECK: rank = 2 offset = 0 sizes = [2, 4] strides = [4, 1] data =
// CHECK-NEXT: {{\[\[}}0.0320586,   0.0871443,   0.236883,   0.643914],
// CHECK-NEXT: {{\[}}1.66986e-05,   4.53915e-05,   0.000123387,   0.999815]]

// Softmax of values whose exp overflows f32: max subtraction keeps it finite.
// CHECK: rank = 2 offset = 0 sizes = [1, 3] strides = [3, 1] data =
// CHECK-NEXT: {{\[\[}}0.0900306,   0.244728,   0.665241]]

// LayerNorm over the last axis with scale and bias.
// CHECK: rank = 3 offset = 0 sizes = [1, 2, 4] strides = [8, 4, 1] data =
// CHECK-NEXT: {{\[\[\[}}-1.09109,    0.672673,    -0.563565,    -1.02752],
// CHECK-NEXT: {{\[}}0.447212,    0.776394,    1.68327,    1.84164]]]

// ReduceMean over axes 0 and 2, keepdims.
// CHECK: rank = 3 offset = 0 sizes = [1, 3, 1] strides = [3, 1, 1] data =
// CHECK-NEXT: {{\[\[\[}}7.5],
// CHECK-NEXT: {{\[}}11.5],
// CHECK-NEXT: {{\[}}15.5]]]

// Integer ReduceMin over all axes.
// CHECK: rank = 0 offset = 0 sizes = [] strides = [] data =
// CHECK-NEXT: {{\[}}-7]

// ReduceProd over axis 1.
// CHECK: rank = 1 offset = 0 sizes = [2] strides = [1] data =
// CHECK-NEXT: {{\[}}-42,  -0]

func.func @softmax(%a0: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %r = graph.softmax %a0 {axis = 1 : i64} : tensor<2x4xf32>
  return %r : tensor<2x4xf32>
}

func.func @softmax_large(%a0: tensor<1x3xf32>) -> tensor<1x3xf32> {
  %r = graph.softmax %a0 {axis = 1 : i64} : tensor<1x3xf32>
  return %r : tensor<1x3xf32>
}

func.func @layer_norm(%a0: tensor<1x2x4xf32>, %a1: tensor<4xf32>, %a2: tensor<4xf32>) -> tensor<1x2x4xf32> {
  %r = graph.layer_norm %a0, %a1, %a2 {axis = 2 : i64, epsilon = 1.0e-05 : f32} : (tensor<1x2x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x2x4xf32>
  return %r : tensor<1x2x4xf32>
}

func.func @reduce_mean(%a0: tensor<2x3x4xf32>) -> tensor<1x3x1xf32> {
  %r = graph.reduce_mean %a0 {axes = array<i64: 0, 2>, keepdims = true} : (tensor<2x3x4xf32>) -> tensor<1x3x1xf32>
  return %r : tensor<1x3x1xf32>
}

func.func @reduce_min_i32(%a0: tensor<2x3xi32>) -> tensor<i32> {
  %r = graph.reduce_min %a0 {axes = array<i64>, keepdims = false} : (tensor<2x3xi32>) -> tensor<i32>
  return %r : tensor<i32>
}

func.func @reduce_prod(%a0: tensor<2x3xf32>) -> tensor<2xf32> {
  %r = graph.reduce_prod %a0 {axes = array<i64: 1>, keepdims = false} : (tensor<2x3xf32>) -> tensor<2xf32>
  return %r : tensor<2xf32>
}

func.func @main() {
  %softmax_0 = graph.constant dense<[[1.0, 2.0, 3.0, 4.0], [-1.0, 0.0, 1.0, 10.0]]> : tensor<2x4xf32>
  %softmax_r = call @softmax(%softmax_0) : (tensor<2x4xf32>) -> tensor<2x4xf32>
  %softmax_u = tensor.cast %softmax_r : tensor<2x4xf32> to tensor<*xf32>
  call @printMemrefF32(%softmax_u) : (tensor<*xf32>) -> ()
  %softmax_large_0 = graph.constant dense<[[1000.0, 1001.0, 1002.0]]> : tensor<1x3xf32>
  %softmax_large_r = call @softmax_large(%softmax_large_0) : (tensor<1x3xf32>) -> tensor<1x3xf32>
  %softmax_large_u = tensor.cast %softmax_large_r : tensor<1x3xf32> to tensor<*xf32>
  call @printMemrefF32(%softmax_large_u) : (tensor<*xf32>) -> ()
  %layer_norm_0 = graph.constant dense<[[[1.0, 2.0, 4.0, 7.0], [0.5, -0.5, 1.5, -1.5]]]> : tensor<1x2x4xf32>
  %layer_norm_1 = graph.constant dense<[1.0, 0.5, 2.0, -1.0]> : tensor<4xf32>
  %layer_norm_2 = graph.constant dense<[0.0, 1.0, -1.0, 0.5]> : tensor<4xf32>
  %layer_norm_r = call @layer_norm(%layer_norm_0, %layer_norm_1, %layer_norm_2) : (tensor<1x2x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x2x4xf32>
  %layer_norm_u = tensor.cast %layer_norm_r : tensor<1x2x4xf32> to tensor<*xf32>
  call @printMemrefF32(%layer_norm_u) : (tensor<*xf32>) -> ()
  %reduce_mean_0 = graph.constant dense<[[[0.0, 1.0, 2.0, 3.0], [4.0, 5.0, 6.0, 7.0], [8.0, 9.0, 10.0, 11.0]], [[12.0, 13.0, 14.0, 15.0], [16.0, 17.0, 18.0, 19.0], [20.0, 21.0, 22.0, 23.0]]]> : tensor<2x3x4xf32>
  %reduce_mean_r = call @reduce_mean(%reduce_mean_0) : (tensor<2x3x4xf32>) -> tensor<1x3x1xf32>
  %reduce_mean_u = tensor.cast %reduce_mean_r : tensor<1x3x1xf32> to tensor<*xf32>
  call @printMemrefF32(%reduce_mean_u) : (tensor<*xf32>) -> ()
  %reduce_min_i32_0 = graph.constant dense<[[3, -7, 2], [9, 0, -1]]> : tensor<2x3xi32>
  %reduce_min_i32_r = call @reduce_min_i32(%reduce_min_i32_0) : (tensor<2x3xi32>) -> tensor<i32>
  %reduce_min_i32_u = tensor.cast %reduce_min_i32_r : tensor<i32> to tensor<*xi32>
  call @printMemrefI32(%reduce_min_i32_u) : (tensor<*xi32>) -> ()
  %reduce_prod_0 = graph.constant dense<[[3.0, -7.0, 2.0], [9.0, 0.0, -1.0]]> : tensor<2x3xf32>
  %reduce_prod_r = call @reduce_prod(%reduce_prod_0) : (tensor<2x3xf32>) -> tensor<2xf32>
  %reduce_prod_u = tensor.cast %reduce_prod_r : tensor<2xf32> to tensor<*xf32>
  call @printMemrefF32(%reduce_prod_u) : (tensor<*xf32>) -> ()
  return
}
func.func private @printMemrefF32(tensor<*xf32>)
func.func private @printMemrefI32(tensor<*xi32>)
