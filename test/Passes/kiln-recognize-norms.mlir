// RUN: kiln-opt --kiln-recognize-norms -split-input-file %s | FileCheck %s

// torch's LayerNorm export before opset 17, with gamma and beta.
// CHECK-LABEL: func @layer_norm
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x8xf32>, %[[G:.*]]: tensor<8xf32>, %[[B:.*]]: tensor<8xf32>)
// CHECK: %[[N:.*]] = graph.layer_norm %[[X]], %[[G]], %[[B]] {axis = 2 : i64, epsilon = 9.99999974E-6 : f32}
// CHECK-NOT: graph.reduce_mean
// CHECK-NOT: graph.sqrt
// CHECK: return %[[N]]
func.func @layer_norm(%x: tensor<1x4x8xf32>, %g: tensor<8xf32>, %b: tensor<8xf32>) -> tensor<1x4x8xf32> {
  %two = graph.constant dense<2.0> : tensor<f32>
  %eps = graph.constant dense<9.99999974E-6> : tensor<f32>
  %m = graph.reduce_mean %x {axes = array<i64: 2>, keepdims = true} : (tensor<1x4x8xf32>) -> tensor<1x4x1xf32>
  %d = graph.sub %x, %m : (tensor<1x4x8xf32>, tensor<1x4x1xf32>) -> tensor<1x4x8xf32>
  %p = graph.pow %d, %two : (tensor<1x4x8xf32>, tensor<f32>) -> tensor<1x4x8xf32>
  %v = graph.reduce_mean %p {axes = array<i64: 2>, keepdims = true} : (tensor<1x4x8xf32>) -> tensor<1x4x1xf32>
  %ve = graph.add %v, %eps : (tensor<1x4x1xf32>, tensor<f32>) -> tensor<1x4x1xf32>
  %s = graph.sqrt %ve : tensor<1x4x1xf32>
  %n = graph.div %d, %s : (tensor<1x4x8xf32>, tensor<1x4x1xf32>) -> tensor<1x4x8xf32>
  %y = graph.mul %n, %g : (tensor<1x4x8xf32>, tensor<8xf32>) -> tensor<1x4x8xf32>
  %z = graph.add %b, %y : (tensor<8xf32>, tensor<1x4x8xf32>) -> tensor<1x4x8xf32>
  return %z : tensor<1x4x8xf32>
}

// -----

// Over the last two axes, (x - m) * (x - m) instead of Pow, no gamma/beta:
// the scale becomes a constant of ones.
// CHECK-LABEL: func @layer_norm_two_axes_no_affine
// CHECK-DAG: %[[ONES:.*]] = graph.constant dense<1.000000e+00> : tensor<4x8xf32>
// CHECK: graph.layer_norm %{{.*}}, %[[ONES]] {axis = 1 : i64, epsilon = 1.000000e-03 : f32}
// CHECK-NOT: graph.div
func.func @layer_norm_two_axes_no_affine(%x: tensor<2x4x8xf32>) -> tensor<2x4x8xf32> {
  %eps = graph.constant dense<1.0e-3> : tensor<f32>
  %m = graph.reduce_mean %x {axes = array<i64: 1, 2>, keepdims = true} : (tensor<2x4x8xf32>) -> tensor<2x1x1xf32>
  %d = graph.sub %x, %m : (tensor<2x4x8xf32>, tensor<2x1x1xf32>) -> tensor<2x4x8xf32>
  %p = graph.mul %d, %d : (tensor<2x4x8xf32>, tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  %v = graph.reduce_mean %p {axes = array<i64: 1, 2>, keepdims = true} : (tensor<2x4x8xf32>) -> tensor<2x1x1xf32>
  %ve = graph.add %eps, %v : (tensor<f32>, tensor<2x1x1xf32>) -> tensor<2x1x1xf32>
  %s = graph.sqrt %ve : tensor<2x1x1xf32>
  %n = graph.div %d, %s : (tensor<2x4x8xf32>, tensor<2x1x1xf32>) -> tensor<2x4x8xf32>
  return %n : tensor<2x4x8xf32>
}

// -----

// A gamma that varies along a non-normalized dim is not LayerNorm's scale:
// the norm is recognized, the mul stays.
// CHECK-LABEL: func @layer_norm_gamma_not_per_feature
// CHECK: %[[N:.*]] = graph.layer_norm
// CHECK: graph.mul %[[N]], %{{.*}} : (tensor<1x4x8xf32>, tensor<4x1xf32>)
func.func @layer_norm_gamma_not_per_feature(%x: tensor<1x4x8xf32>, %g: tensor<4x1xf32>) -> tensor<1x4x8xf32> {
  %two = graph.constant dense<2.0> : tensor<f32>
  %eps = graph.constant dense<1.0e-5> : tensor<f32>
  %m = graph.reduce_mean %x {axes = array<i64: 2>, keepdims = true} : (tensor<1x4x8xf32>) -> tensor<1x4x1xf32>
  %d = graph.sub %x, %m : (tensor<1x4x8xf32>, tensor<1x4x1xf32>) -> tensor<1x4x8xf32>
  %p = graph.pow %d, %two : (tensor<1x4x8xf32>, tensor<f32>) -> tensor<1x4x8xf32>
  %v = graph.reduce_mean %p {axes = array<i64: 2>, keepdims = true} : (tensor<1x4x8xf32>) -> tensor<1x4x1xf32>
  %ve = graph.add %v, %eps : (tensor<1x4x1xf32>, tensor<f32>) -> tensor<1x4x1xf32>
  %s = graph.sqrt %ve : tensor<1x4x1xf32>
  %n = graph.div %d, %s : (tensor<1x4x8xf32>, tensor<1x4x1xf32>) -> tensor<1x4x8xf32>
  %y = graph.mul %n, %g : (tensor<1x4x8xf32>, tensor<4x1xf32>) -> tensor<1x4x8xf32>
  return %y : tensor<1x4x8xf32>
}

// -----

// Normalizing over a leading axis is not LayerNorm.
// CHECK-LABEL: func @not_layer_norm_leading_axis
// CHECK-NOT: graph.layer_norm
func.func @not_layer_norm_leading_axis(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %two = graph.constant dense<2.0> : tensor<f32>
  %eps = graph.constant dense<1.0e-5> : tensor<f32>
  %m = graph.reduce_mean %x {axes = array<i64: 0>, keepdims = true} : (tensor<4x8xf32>) -> tensor<1x8xf32>
  %d = graph.sub %x, %m : (tensor<4x8xf32>, tensor<1x8xf32>) -> tensor<4x8xf32>
  %p = graph.pow %d, %two : (tensor<4x8xf32>, tensor<f32>) -> tensor<4x8xf32>
  %v = graph.reduce_mean %p {axes = array<i64: 0>, keepdims = true} : (tensor<4x8xf32>) -> tensor<1x8xf32>
  %ve = graph.add %v, %eps : (tensor<1x8xf32>, tensor<f32>) -> tensor<1x8xf32>
  %s = graph.sqrt %ve : tensor<1x8xf32>
  %n = graph.div %d, %s : (tensor<4x8xf32>, tensor<1x8xf32>) -> tensor<4x8xf32>
  return %n : tensor<4x8xf32>
}

// -----

// Pow 3 is not a variance.
// CHECK-LABEL: func @not_layer_norm_pow3
// CHECK-NOT: graph.layer_norm
func.func @not_layer_norm_pow3(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %three = graph.constant dense<3.0> : tensor<f32>
  %eps = graph.constant dense<1.0e-5> : tensor<f32>
  %m = graph.reduce_mean %x {axes = array<i64: 1>, keepdims = true} : (tensor<4x8xf32>) -> tensor<4x1xf32>
  %d = graph.sub %x, %m : (tensor<4x8xf32>, tensor<4x1xf32>) -> tensor<4x8xf32>
  %p = graph.pow %d, %three : (tensor<4x8xf32>, tensor<f32>) -> tensor<4x8xf32>
  %v = graph.reduce_mean %p {axes = array<i64: 1>, keepdims = true} : (tensor<4x8xf32>) -> tensor<4x1xf32>
  %ve = graph.add %v, %eps : (tensor<4x1xf32>, tensor<f32>) -> tensor<4x1xf32>
  %s = graph.sqrt %ve : tensor<4x1xf32>
  %n = graph.div %d, %s : (tensor<4x8xf32>, tensor<4x1xf32>) -> tensor<4x8xf32>
  return %n : tensor<4x8xf32>
}

// -----

// exp(x - max(x)) / sum(...) over axis 1.
// CHECK-LABEL: func @softmax_stable
// CHECK-SAME: (%[[X:.*]]: tensor<2x5xf32>)
// CHECK: %[[S:.*]] = graph.softmax %[[X]] {axis = 1 : i64}
// CHECK-NOT: graph.exp
// CHECK: return %[[S]]
func.func @softmax_stable(%x: tensor<2x5xf32>) -> tensor<2x5xf32> {
  %m = graph.reduce_max %x {axes = array<i64: 1>, keepdims = true} : (tensor<2x5xf32>) -> tensor<2x1xf32>
  %d = graph.sub %x, %m : (tensor<2x5xf32>, tensor<2x1xf32>) -> tensor<2x5xf32>
  %e = graph.exp %d : tensor<2x5xf32>
  %s = graph.reduce_sum %e {axes = array<i64: 1>, keepdims = true} : (tensor<2x5xf32>) -> tensor<2x1xf32>
  %r = graph.div %e, %s : (tensor<2x5xf32>, tensor<2x1xf32>) -> tensor<2x5xf32>
  return %r : tensor<2x5xf32>
}

// -----

// exp(x) / sum(exp(x)) over axis 0.
// CHECK-LABEL: func @softmax_plain
// CHECK: graph.softmax %{{.*}} {axis = 0 : i64} : tensor<3x4xf32>
// CHECK-NOT: graph.reduce_sum
func.func @softmax_plain(%x: tensor<3x4xf32>) -> tensor<3x4xf32> {
  %e = graph.exp %x : tensor<3x4xf32>
  %s = graph.reduce_sum %e {axes = array<i64: 0>, keepdims = true} : (tensor<3x4xf32>) -> tensor<1x4xf32>
  %r = graph.div %e, %s : (tensor<3x4xf32>, tensor<1x4xf32>) -> tensor<3x4xf32>
  return %r : tensor<3x4xf32>
}

// -----

// A sum over two axes is not a softmax along one.
// CHECK-LABEL: func @not_softmax_two_axes
// CHECK-NOT: graph.softmax
func.func @not_softmax_two_axes(%x: tensor<3x4xf32>) -> tensor<3x4xf32> {
  %e = graph.exp %x : tensor<3x4xf32>
  %s = graph.reduce_sum %e {axes = array<i64: 0, 1>, keepdims = true} : (tensor<3x4xf32>) -> tensor<1x1xf32>
  %r = graph.div %e, %s : (tensor<3x4xf32>, tensor<1x1xf32>) -> tensor<3x4xf32>
  return %r : tensor<3x4xf32>
}

// -----

// exp(x) / sum(exp(y)): different tensors.
// CHECK-LABEL: func @not_softmax_other_sum
// CHECK-NOT: graph.softmax
func.func @not_softmax_other_sum(%x: tensor<3x4xf32>, %y: tensor<3x4xf32>) -> tensor<3x4xf32> {
  %e = graph.exp %x : tensor<3x4xf32>
  %f = graph.exp %y : tensor<3x4xf32>
  %s = graph.reduce_sum %f {axes = array<i64: 1>, keepdims = true} : (tensor<3x4xf32>) -> tensor<3x1xf32>
  %r = graph.div %e, %s : (tensor<3x4xf32>, tensor<3x1xf32>) -> tensor<3x4xf32>
  return %r : tensor<3x4xf32>
}
