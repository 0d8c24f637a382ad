// RUN: kiln-opt --kiln-fuse-matmul-bias -split-input-file %s | FileCheck %s

// CHECK-LABEL: func.func @matmul_bias
// CHECK-SAME: (%[[A:.*]]: tensor<2x8x16xf32>, %[[B:.*]]: tensor<16x32xf32>, %[[C:.*]]: tensor<32xf32>)
// CHECK: %[[R:.*]] = graph.matmul %[[A]], %[[B]], %[[C]] : (tensor<2x8x16xf32>, tensor<16x32xf32>, tensor<32xf32>) -> tensor<2x8x32xf32>
// CHECK-NOT: graph.add
// CHECK: return %[[R]]
func.func @matmul_bias(%a: tensor<2x8x16xf32>, %b: tensor<16x32xf32>, %c: tensor<32xf32>) -> tensor<2x8x32xf32> {
  %m = graph.matmul %a, %b : (tensor<2x8x16xf32>, tensor<16x32xf32>) -> tensor<2x8x32xf32>
  %r = graph.add %m, %c : (tensor<2x8x32xf32>, tensor<32xf32>) -> tensor<2x8x32xf32>
  return %r : tensor<2x8x32xf32>
}

// -----

// Bias first, and a bias of the full result shape.
// CHECK-LABEL: func.func @matmul_bias_lhs
// CHECK-SAME: (%[[A:.*]]: tensor<4x3xf32>, %[[B:.*]]: tensor<3x5xf32>, %[[C:.*]]: tensor<4x5xf32>)
// CHECK: graph.matmul %[[A]], %[[B]], %[[C]]
// CHECK-NOT: graph.add
func.func @matmul_bias_lhs(%a: tensor<4x3xf32>, %b: tensor<3x5xf32>, %c: tensor<4x5xf32>) -> tensor<4x5xf32> {
  %m = graph.matmul %a, %b : (tensor<4x3xf32>, tensor<3x5xf32>) -> tensor<4x5xf32>
  %r = graph.add %c, %m : (tensor<4x5xf32>, tensor<4x5xf32>) -> tensor<4x5xf32>
  return %r : tensor<4x5xf32>
}

// -----

// The bias would grow the result ([4,5] + [2,4,5] -> [2,4,5]).
// CHECK-LABEL: func.func @not_matmul_bias_grows_result
// CHECK: %[[M:.*]] = graph.matmul %{{.*}}, %{{.*}} :
// CHECK: graph.add %[[M]]
func.func @not_matmul_bias_grows_result(%a: tensor<4x3xf32>, %b: tensor<3x5xf32>, %c: tensor<2x4x5xf32>) -> tensor<2x4x5xf32> {
  %m = graph.matmul %a, %b : (tensor<4x3xf32>, tensor<3x5xf32>) -> tensor<4x5xf32>
  %r = graph.add %m, %c : (tensor<4x5xf32>, tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %r : tensor<2x4x5xf32>
}

// -----

// CHECK-LABEL: func.func @not_matmul_two_users
// CHECK: %[[M:.*]] = graph.matmul %{{.*}}, %{{.*}} :
// CHECK: graph.add %[[M]]
func.func @not_matmul_two_users(%a: tensor<4x3xf32>, %b: tensor<3x5xf32>, %c: tensor<5xf32>) -> (tensor<4x5xf32>, tensor<4x5xf32>) {
  %m = graph.matmul %a, %b : (tensor<4x3xf32>, tensor<3x5xf32>) -> tensor<4x5xf32>
  %r = graph.add %m, %c : (tensor<4x5xf32>, tensor<5xf32>) -> tensor<4x5xf32>
  return %r, %m : tensor<4x5xf32>, tensor<4x5xf32>
}

// -----

// The activation applies before the add: the bias cannot move inside.
// CHECK-LABEL: func.func @not_matmul_with_activation
// CHECK: %[[M:.*]] = graph.matmul
// CHECK: graph.add %[[M]]
func.func @not_matmul_with_activation(%a: tensor<4x3xf32>, %b: tensor<3x5xf32>, %c: tensor<5xf32>) -> tensor<4x5xf32> {
  %m = graph.matmul %a, %b {activation = 1 : i32} : (tensor<4x3xf32>, tensor<3x5xf32>) -> tensor<4x5xf32>
  %r = graph.add %m, %c : (tensor<4x5xf32>, tensor<5xf32>) -> tensor<4x5xf32>
  return %r : tensor<4x5xf32>
}

// -----

// A matmul that already has a bias keeps the second add.
// CHECK-LABEL: func.func @not_matmul_with_bias
// CHECK: %[[M:.*]] = graph.matmul %{{.*}}, %{{.*}}, %{{.*}} :
// CHECK: graph.add %[[M]]
func.func @not_matmul_with_bias(%a: tensor<4x3xf32>, %b: tensor<3x5xf32>, %c: tensor<5xf32>) -> tensor<4x5xf32> {
  %m = graph.matmul %a, %b, %c : (tensor<4x3xf32>, tensor<3x5xf32>, tensor<5xf32>) -> tensor<4x5xf32>
  %r = graph.add %m, %c : (tensor<4x5xf32>, tensor<5xf32>) -> tensor<4x5xf32>
  return %r : tensor<4x5xf32>
}

// -----

// Gemm without C: the add becomes C with beta = 1; alpha stays.
// CHECK-LABEL: func.func @gemm_bias
// CHECK-SAME: (%[[A:.*]]: tensor<4x3xf32>, %[[B:.*]]: tensor<5x3xf32>, %[[C:.*]]: tensor<5xf32>)
// CHECK: %[[R:.*]] = graph.gemm %[[A]], %[[B]], %[[C]] {alpha = 5.000000e-01 : f32, beta = 1.000000e+00 : f32, transA = false, transB = true}
// CHECK-NOT: graph.add
// CHECK: return %[[R]]
func.func @gemm_bias(%a: tensor<4x3xf32>, %b: tensor<5x3xf32>, %c: tensor<5xf32>) -> tensor<4x5xf32> {
  %g = graph.gemm %a, %b {alpha = 0.5 : f32, beta = 0.0 : f32, transA = false, transB = true} : (tensor<4x3xf32>, tensor<5x3xf32>) -> tensor<4x5xf32>
  %r = graph.add %c, %g : (tensor<5xf32>, tensor<4x5xf32>) -> tensor<4x5xf32>
  return %r : tensor<4x5xf32>
}

// -----

// CHECK-LABEL: func.func @not_gemm_with_c
// CHECK: %[[G:.*]] = graph.gemm %{{.*}}, %{{.*}}, %{{.*}} {
// CHECK: graph.add %[[G]]
func.func @not_gemm_with_c(%a: tensor<4x3xf32>, %b: tensor<3x5xf32>, %c: tensor<5xf32>) -> tensor<4x5xf32> {
  %g = graph.gemm %a, %b, %c {alpha = 1.0 : f32, beta = 1.0 : f32, transA = false, transB = false} : (tensor<4x3xf32>, tensor<3x5xf32>, tensor<5xf32>) -> tensor<4x5xf32>
  %r = graph.add %g, %c : (tensor<4x5xf32>, tensor<5xf32>) -> tensor<4x5xf32>
  return %r : tensor<4x5xf32>
}

// -----

// Conv + [1, C, 1, 1] constant: the constant becomes the [C] bias.
// CHECK-LABEL: func.func @conv_bias
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x4x4xf32>, %[[W:.*]]: tensor<3x2x3x3xf32>)
// CHECK: %[[B:.*]] = graph.constant dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]> : tensor<3xf32>
// CHECK: %[[R:.*]] = graph.conv %[[X]], %[[W]], %[[B]] {
// CHECK-NOT: graph.add
// CHECK: return %[[R]]
func.func @conv_bias(%x: tensor<1x2x4x4xf32>, %w: tensor<3x2x3x3xf32>) -> tensor<1x3x2x2xf32> {
  %c = graph.constant dense<[[[[1.0]], [[2.0]], [[3.0]]]]> : tensor<1x3x1x1xf32>
  %y = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x4x4xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x2x2xf32>
  %r = graph.add %y, %c : (tensor<1x3x2x2xf32>, tensor<1x3x1x1xf32>) -> tensor<1x3x2x2xf32>
  return %r : tensor<1x3x2x2xf32>
}

// -----

// A conv with a fused residual keeps it and takes the bias too.
// CHECK-LABEL: func.func @conv_residual_bias
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x4x4xf32>, %[[W:.*]]: tensor<3x2x3x3xf32>, %[[S:.*]]: tensor<1x3x2x2xf32>)
// CHECK: %[[B:.*]] = graph.constant dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]> : tensor<3xf32>
// CHECK: %[[R:.*]] = graph.conv %[[X]], %[[W]], %[[B]] residual(%[[S]]) {
// CHECK-NOT: graph.add
// CHECK: return %[[R]]
func.func @conv_residual_bias(%x: tensor<1x2x4x4xf32>, %w: tensor<3x2x3x3xf32>, %s: tensor<1x3x2x2xf32>) -> tensor<1x3x2x2xf32> {
  %c = graph.constant dense<[[[[1.0]], [[2.0]], [[3.0]]]]> : tensor<1x3x1x1xf32>
  %y = graph.conv %x, %w residual(%s) {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x4x4xf32>, tensor<3x2x3x3xf32>, tensor<1x3x2x2xf32>) -> tensor<1x3x2x2xf32>
  %r = graph.add %y, %c : (tensor<1x3x2x2xf32>, tensor<1x3x1x1xf32>) -> tensor<1x3x2x2xf32>
  return %r : tensor<1x3x2x2xf32>
}

// -----

// [C, 1, 1] (right-aligned to dim 1) and a scalar also are per-channel.
// CHECK-LABEL: func.func @conv_bias_rank3_and_scalar
// CHECK-DAG: %[[B1:.*]] = graph.constant dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]> : tensor<3xf32>
// CHECK-DAG: %[[B2:.*]] = graph.constant dense<5.000000e-01> : tensor<3xf32>
// CHECK-DAG: graph.conv %{{.*}}, %{{.*}}, %[[B1]] {
// CHECK-DAG: graph.conv %{{.*}}, %{{.*}}, %[[B2]] {
// CHECK-NOT: graph.add
func.func @conv_bias_rank3_and_scalar(%x: tensor<1x2x4x4xf32>, %w: tensor<3x2x3x3xf32>) -> (tensor<1x3x2x2xf32>, tensor<1x3x2x2xf32>) {
  %c = graph.constant dense<[[[1.0]], [[2.0]], [[3.0]]]> : tensor<3x1x1xf32>
  %s = graph.constant dense<0.5> : tensor<f32>
  %y = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x4x4xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x2x2xf32>
  %r = graph.add %c, %y : (tensor<3x1x1xf32>, tensor<1x3x2x2xf32>) -> tensor<1x3x2x2xf32>
  %y2 = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x4x4xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x2x2xf32>
  %r2 = graph.add %y2, %s : (tensor<1x3x2x2xf32>, tensor<f32>) -> tensor<1x3x2x2xf32>
  return %r, %r2 : tensor<1x3x2x2xf32>, tensor<1x3x2x2xf32>
}

// -----

// A [C] vector aligns with the last (spatial) dim under numpy broadcasting:
// not a per-channel bias.
// CHECK-LABEL: func.func @not_conv_bias_last_dim
// CHECK: %[[Y:.*]] = graph.conv %{{.*}}, %{{.*}} {
// CHECK: graph.add %[[Y]]
func.func @not_conv_bias_last_dim(%x: tensor<1x2x5x5xf32>, %w: tensor<3x2x3x3xf32>) -> tensor<1x3x3x3xf32> {
  %c = graph.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %y = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x5x5xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x3x3xf32>
  %r = graph.add %y, %c : (tensor<1x3x3x3xf32>, tensor<3xf32>) -> tensor<1x3x3x3xf32>
  return %r : tensor<1x3x3x3xf32>
}

// -----

// CHECK-LABEL: func.func @not_conv_bias_not_constant
// CHECK: %[[Y:.*]] = graph.conv %{{.*}}, %{{.*}} {
// CHECK: graph.add %[[Y]]
func.func @not_conv_bias_not_constant(%x: tensor<1x2x4x4xf32>, %w: tensor<3x2x3x3xf32>, %c: tensor<1x3x1x1xf32>) -> tensor<1x3x2x2xf32> {
  %y = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x4x4xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x2x2xf32>
  %r = graph.add %y, %c : (tensor<1x3x2x2xf32>, tensor<1x3x1x1xf32>) -> tensor<1x3x2x2xf32>
  return %r : tensor<1x3x2x2xf32>
}

// -----

// CHECK-LABEL: func.func @not_conv_with_bias
// CHECK: %[[Y:.*]] = graph.conv %{{.*}}, %{{.*}}, %{{.*}} {
// CHECK: graph.add %[[Y]]
func.func @not_conv_with_bias(%x: tensor<1x2x4x4xf32>, %w: tensor<3x2x3x3xf32>, %b: tensor<3xf32>) -> tensor<1x3x2x2xf32> {
  %c = graph.constant dense<[[[[1.0]], [[2.0]], [[3.0]]]]> : tensor<1x3x1x1xf32>
  %y = graph.conv %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x4x4xf32>, tensor<3x2x3x3xf32>, tensor<3xf32>) -> tensor<1x3x2x2xf32>
  %r = graph.add %y, %c : (tensor<1x3x2x2xf32>, tensor<1x3x1x1xf32>) -> tensor<1x3x2x2xf32>
  return %r : tensor<1x3x2x2xf32>
}
