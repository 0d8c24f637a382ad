// RUN: kiln-opt %s --kiln-convert-graph-to-linalg \
// RUN: | mlir-opt --one-shot-bufferize=bufferize-function-boundaries --convert-linalg-to-loops \
// RUN:     --expand-strided-metadata --lower-affine --convert-scf-to-cf --convert-math-to-llvm \
// RUN:     --convert-math-to-libm --convert-to-llvm --reconcile-unrealized-casts \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:     -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils \
// RUN: | FileCheck %s

// Numerical checks of the pooling lowerings (expected values from a direct
// implementation of the ONNX definitions).

// MaxPool 3x3/2, ceil_mode: the last row and column of windows need implicit
// padding, which never wins (every input is negative).
// CHECK: rank = 4 offset = 0 sizes = [1, 1, 3, 3] strides = [9, 9, 3, 1] data =
// CHECK-NEXT: {{\[\[\[\[}}-4,     -3,     -2],
// CHECK-NEXT: {{\[}}-2,     -3,     -3],
// CHECK-NEXT: {{\[}}-2,     -4,     -3]]]]

// A NaN in a window makes that output NaN.
// CHECK: rank = 4 offset = 0 sizes = [1, 1, 3, 3] strides = [9, 9, 3, 1] data =
// CHECK-NEXT: {{\[\[\[\[}}nan,     5,     3],
// CHECK-NEXT: {{\[}}1,     4,     5],
// CHECK-NEXT: {{\[}}3,     2,     -2]]]]

// Integer MaxPool with dilation 2.
// CHECK: rank = 4 offset = 0 sizes = [1, 1, 3, 3] strides = [9, 9, 3, 1] data =
// CHECK-NEXT: {{\[\[\[\[}}2,     5,     5],
// CHECK-NEXT: {{\[}}4,     4,     4],
// CHECK-NEXT: {{\[}}3,     2,     5]]]]

// AveragePool, count_include_pad = 0: border windows divide by what they
// cover of the input.
// CHECK: rank = 4 offset = 0 sizes = [1, 1, 3, 3] strides = [9, 9, 3, 1] data =
// CHECK-NEXT: {{\[\[\[\[}}-0.5,     0.833333,     1.25],
// CHECK-NEXT: {{\[}}-1.16667,     -0.444444,     -0.333333],
// CHECK-NEXT: {{\[}}0,     -0.5,     -1]]]]

// AveragePool, count_include_pad = 1, ceil_mode: explicit pads count, the
// implicit end padding of the last window does not.
// CHECK: rank = 4 offset = 0 sizes = [1, 1, 3, 3] strides = [9, 9, 3, 1] data =
// CHECK-NEXT: {{\[\[\[\[}}-0.888889,     0.888889,     1.5],
// CHECK-NEXT: {{\[}}-0.555556,     0,     -0.166667],
// CHECK-NEXT: {{\[}}-0.5,     -0.833333,     -0.5]]]]

func.func @max_pool_ceil(%a0: tensor<1x1x6x6xf32>) -> tensor<1x1x3x3xf32> {
  %r = graph.max_pool %a0 {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : (tensor<1x1x6x6xf32>) -> tensor<1x1x3x3xf32>
  return %r : tensor<1x1x3x3xf32>
}

func.func @max_pool_nan(%a0: tensor<1x1x5x5xf32>) -> tensor<1x1x3x3xf32> {
  %r = graph.max_pool %a0 {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : (tensor<1x1x5x5xf32>) -> tensor<1x1x3x3xf32>
  return %r : tensor<1x1x3x3xf32>
}

func.func @max_pool_dilated_i32(%a0: tensor<1x1x5x5xi32>) -> tensor<1x1x3x3xi32> {
  %r = graph.max_pool %a0 {kernel_shape = array<i64: 2, 2>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 2, 2>} : (tensor<1x1x5x5xi32>) -> tensor<1x1x3x3xi32>
  return %r : tensor<1x1x3x3xi32>
}

func.func @avg_pool_exclude_pad(%a0: tensor<1x1x5x5xf32>) -> tensor<1x1x3x3xf32> {
  %r = graph.average_pool %a0 {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, count_include_pad = false} : (tensor<1x1x5x5xf32>) -> tensor<1x1x3x3xf32>
  return %r : tensor<1x1x3x3xf32>
}

func.func @avg_pool_include_pad_ceil(%a0: tensor<1x1x5x5xf32>) -> tensor<1x1x3x3xf32> {
  %r = graph.average_pool %a0 {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 1, 1>, count_include_pad = true} : (tensor<1x1x5x5xf32>) -> tensor<1x1x3x3xf32>
  return %r : tensor<1x1x3x3xf32>
}

func.func @main() {
  %max_pool_ceil_0 = graph.constant dense<[[[[-14.0, -7.0, -13.0, -6.0, -12.0, -5.0], [-11.0, -4.0, -10.0, -3.0, -9.0, -2.0], [-8.0, -14.0, -7.0, -13.0, -6.0, -12.0], [-5.0, -11.0, -4.0, -10.0, -3.0, -9.0], [-2.0, -8.0, -14.0, -7.0, -13.0, -6.0], [-12.0, -5.0, -11.0, -4.0, -10.0, -3.0]]]]> : tensor<1x1x6x6xf32>
  %max_pool_ceil_r = call @max_pool_ceil(%max_pool_ceil_0) : (tensor<1x1x6x6xf32>) -> tensor<1x1x3x3xf32>
  %max_pool_ceil_u = tensor.cast %max_pool_ceil_r : tensor<1x1x3x3xf32> to tensor<*xf32>
  call @printMemrefF32(%max_pool_ceil_u) : (tensor<*xf32>) -> ()
  %max_pool_nan_0 = graph.constant dense<[[[[-5.0, 0x7FC00000, -2.0, 5.0, 1.0], [-3.0, 4.0, 0.0, -4.0, 3.0], [-1.0, -5.0, 2.0, -2.0, 5.0], [1.0, -3.0, 4.0, 0.0, -4.0], [3.0, -1.0, -5.0, 2.0, -2.0]]]]> : tensor<1x1x5x5xf32>
  %max_pool_nan_r = call @max_pool_nan(%max_pool_nan_0) : (tensor<1x1x5x5xf32>) -> tensor<1x1x3x3xf32>
  %max_pool_nan_u = tensor.cast %max_pool_nan_r : tensor<1x1x3x3xf32> to tensor<*xf32>
  call @printMemrefF32(%max_pool_nan_u) : (tensor<*xf32>) -> ()
  %max_pool_dilated_i32_0 = graph.constant dense<[[[[-5, 2, -2, 5, 1], [-3, 4, 0, -4, 3], [-1, -5, 2, -2, 5], [1, -3, 4, 0, -4], [3, -1, -5, 2, -2]]]]> : tensor<1x1x5x5xi32>
  %max_pool_dilated_i32_r = call @max_pool_dilated_i32(%max_pool_dilated_i32_0) : (tensor<1x1x5x5xi32>) -> tensor<1x1x3x3xi32>
  %max_pool_dilated_i32_u = tensor.cast %max_pool_dilated_i32_r : tensor<1x1x3x3xi32> to tensor<*xi32>
  call @printMemrefI32(%max_pool_dilated_i32_u) : (tensor<*xi32>) -> ()
  %avg_pool_exclude_pad_0 = graph.constant dense<[[[[-5.0, 2.0, -2.0, 5.0, 1.0], [-3.0, 4.0, 0.0, -4.0, 3.0], [-1.0, -5.0, 2.0, -2.0, 5.0], [1.0, -3.0, 4.0, 0.0, -4.0], [3.0, -1.0, -5.0, 2.0, -2.0]]]]> : tensor<1x1x5x5xf32>
  %avg_pool_exclude_pad_r = call @avg_pool_exclude_pad(%avg_pool_exclude_pad_0) : (tensor<1x1x5x5xf32>) -> tensor<1x1x3x3xf32>
  %avg_pool_exclude_pad_u = tensor.cast %avg_pool_exclude_pad_r : tensor<1x1x3x3xf32> to tensor<*xf32>
  call @printMemrefF32(%avg_pool_exclude_pad_u) : (tensor<*xf32>) -> ()
  %avg_pool_include_pad_ceil_0 = graph.constant dense<[[[[-5.0, 2.0, -2.0, 5.0, 1.0], [-3.0, 4.0, 0.0, -4.0, 3.0], [-1.0, -5.0, 2.0, -2.0, 5.0], [1.0, -3.0, 4.0, 0.0, -4.0], [3.0, -1.0, -5.0, 2.0, -2.0]]]]> : tensor<1x1x5x5xf32>
  %avg_pool_include_pad_ceil_r = call @avg_pool_include_pad_ceil(%avg_pool_include_pad_ceil_0) : (tensor<1x1x5x5xf32>) -> tensor<1x1x3x3xf32>
  %avg_pool_include_pad_ceil_u = tensor.cast %avg_pool_include_pad_ceil_r : tensor<1x1x3x3xf32> to tensor<*xf32>
  call @printMemrefF32(%avg_pool_include_pad_ceil_u) : (tensor<*xf32>) -> ()
  return
}
func.func private @printMemrefF32(tensor<*xf32>)
func.func private @printMemrefI32(tensor<*xi32>)
