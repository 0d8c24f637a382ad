// RUN: kiln-opt --kiln-fold-batch-norm -split-input-file %s | FileCheck %s

// s = scale / sqrt(var + eps) = [0.5, 1]; w' = w * s; b' = (b - mean) * s + beta.
// CHECK-LABEL: func.func @fold_with_bias
// CHECK-SAME: (%[[X:.*]]: tensor<1x1x4x4xf32>)
// CHECK-DAG: %[[W:.*]] = graph.constant dense<{{\[\[\[\[}}1.000000e+00]]], {{\[\[\[}}3.000000e+00]]]]> : tensor<2x1x1x1xf32>
// CHECK-DAG: %[[B:.*]] = graph.constant dense<[5.000000e-01, -1.000000e+00]> : tensor<2xf32>
// CHECK: %[[Y:.*]] = graph.conv %[[X]], %[[W]], %[[B]] {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
// CHECK-NOT: graph.batch_norm
// CHECK: return %[[Y]]
func.func @fold_with_bias(%x: tensor<1x1x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = graph.constant dense<[[[[2.0]]], [[[3.0]]]]> : tensor<2x1x1x1xf32>
  %b = graph.constant dense<[1.0, -1.0]> : tensor<2xf32>
  %scale = graph.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %beta = graph.constant dense<[0.5, 0.0]> : tensor<2xf32>
  %mean = graph.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %var = graph.constant dense<[3.0, 3.0]> : tensor<2xf32>
  %c = graph.conv %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %y = graph.batch_norm %c, %scale, %beta, %mean, %var {epsilon = 1.0 : f32} : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// No conv bias: b' = -mean * s + beta. Each output channel of a grouped
// conv scales its own block of weights [F, C/group, kh, kw].
// CHECK-LABEL: func.func @fold_grouped_no_bias
// CHECK-DAG: %[[W:.*]] = graph.constant dense<{{\[\[\[\[}}2.000000e+00, 4.000000e+00]]], {{\[\[\[}}-1.000000e+00, -2.000000e+00]]]]> : tensor<2x1x1x2xf32>
// CHECK-DAG: %[[B:.*]] = graph.constant dense<[-2.000000e+00, 1.000000e+00]> : tensor<2xf32>
// CHECK: graph.conv %{{.*}}, %[[W]], %[[B]] {{{.*}}group = 2 : i64
// CHECK-NOT: graph.batch_norm
func.func @fold_grouped_no_bias(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x3xf32> {
  %w = graph.constant dense<[[[[1.0, 2.0]]], [[[1.0, 2.0]]]]> : tensor<2x1x1x2xf32>
  %scale = graph.constant dense<[2.0, -1.0]> : tensor<2xf32>
  %beta = graph.constant dense<[0.0, 1.0]> : tensor<2xf32>
  %mean = graph.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %var = graph.constant dense<[0.75, 0.75]> : tensor<2xf32>
  %c = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 2 : i64} : (tensor<1x2x4x4xf32>, tensor<2x1x1x2xf32>) -> tensor<1x2x4x3xf32>
  %y = graph.batch_norm %c, %scale, %beta, %mean, %var {epsilon = 0.25 : f32} : (tensor<1x2x4x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x3xf32>
  return %y : tensor<1x2x4x3xf32>
}

// -----

// Large weights (over 64 elements, not a splat) come back as a
// dense_resource blob, not an inline array.
// CHECK-LABEL: func.func @fold_large_weight
// CHECK-DAG: %[[W:.*]] = graph.constant dense_resource<{{.*}}> : tensor<4x4x3x3xf32>
// CHECK-DAG: %[[B:.*]] = graph.constant dense<0.000000e+00> : tensor<4xf32>
// CHECK: graph.conv %{{.*}}, %[[W]], %[[B]]
// CHECK-NOT: graph.batch_norm
func.func @fold_large_weight(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x6x6xf32> {
  %w = graph.constant dense<0.5> : tensor<4x4x3x3xf32>
  %scale = graph.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %one = graph.constant dense<1.0> : tensor<4xf32>
  %zero = graph.constant dense<0.0> : tensor<4xf32>
  %c = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>) -> tensor<1x4x6x6xf32>
  %y = graph.batch_norm %c, %scale, %zero, %zero, %one {epsilon = 0.0 : f32} : (tensor<1x4x6x6xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x6x6xf32>
  return %y : tensor<1x4x6x6xf32>
}

// -----

// The conv result has a second user: folding would change it.
// CHECK-LABEL: func.func @not_conv_two_users
// CHECK: %[[C:.*]] = graph.conv
// CHECK: graph.batch_norm %[[C]]
func.func @not_conv_two_users(%x: tensor<1x1x4x4xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
  %w = graph.constant dense<[[[[2.0]]], [[[3.0]]]]> : tensor<2x1x1x1xf32>
  %p = graph.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %c = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32>
  %y = graph.batch_norm %c, %p, %p, %p, %p {epsilon = 1.0e-05 : f32} : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %y, %c : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}

// -----

// CHECK-LABEL: func.func @not_scale_not_constant
// CHECK: graph.conv
// CHECK: graph.batch_norm
func.func @not_scale_not_constant(%x: tensor<1x1x4x4xf32>, %scale: tensor<2xf32>) -> tensor<1x2x4x4xf32> {
  %w = graph.constant dense<[[[[2.0]]], [[[3.0]]]]> : tensor<2x1x1x1xf32>
  %p = graph.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %c = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32>
  %y = graph.batch_norm %c, %scale, %p, %p, %p {epsilon = 1.0e-05 : f32} : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// CHECK-LABEL: func.func @not_weight_not_constant
// CHECK: graph.conv
// CHECK: graph.batch_norm
func.func @not_weight_not_constant(%x: tensor<1x1x4x4xf32>, %w: tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32> {
  %p = graph.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %c = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32>
  %y = graph.batch_norm %c, %p, %p, %p, %p {epsilon = 1.0e-05 : f32} : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// A fused activation runs before the normalization: it cannot move.
// CHECK-LABEL: func.func @not_conv_with_activation
// CHECK: graph.conv
// CHECK: graph.batch_norm
func.func @not_conv_with_activation(%x: tensor<1x1x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = graph.constant dense<[[[[2.0]]], [[[3.0]]]]> : tensor<2x1x1x1xf32>
  %p = graph.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %c = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = 1 : i32} : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32>
  %y = graph.batch_norm %c, %p, %p, %p, %p {epsilon = 1.0e-05 : f32} : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// A fused residual would have to be normalized too: nothing folds.
// CHECK-LABEL: func.func @not_conv_with_residual
// CHECK: graph.conv {{.*}} residual(
// CHECK: graph.batch_norm
func.func @not_conv_with_residual(%x: tensor<1x1x4x4xf32>, %r: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = graph.constant dense<[[[[2.0]]], [[[3.0]]]]> : tensor<2x1x1x1xf32>
  %p = graph.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %c = graph.conv %x, %w residual(%r) {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %y = graph.batch_norm %c, %p, %p, %p, %p {epsilon = 1.0e-05 : f32} : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// CHECK-LABEL: func.func @not_after_pool
// CHECK: graph.batch_norm
func.func @not_after_pool(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %p = graph.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %r = graph.relu %x : tensor<1x2x4x4xf32>
  %y = graph.batch_norm %r, %p, %p, %p, %p {epsilon = 1.0e-05 : f32} : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}
