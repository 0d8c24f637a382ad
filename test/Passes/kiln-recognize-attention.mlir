// RUN: kiln-opt --kiln-recognize-attention -split-input-file %s | FileCheck %s

// nn.MultiheadAttention as torch 1.13 exports it: q / sqrt(d) before the
// product, k^T as one transpose [1, 2, 0] of the [S, H, D] projection. The
// key becomes transpose [1, 0, 2] of that projection.
// CHECK-LABEL: func @torch_mha
// CHECK-SAME: (%[[Q:.*]]: tensor<2x4x8xf32>, %[[K:.*]]: tensor<4x2x8xf32>, %[[V:.*]]: tensor<2x4x8xf32>)
// CHECK: %[[KT:.*]] = graph.transpose %[[K]] {perm = array<i64: 1, 0, 2>} : (tensor<4x2x8xf32>) -> tensor<2x4x8xf32>
// CHECK: %[[A:.*]] = graph.attention %[[Q]], %[[KT]], %[[V]] {scale = 1.250000e-01 : f32}
// CHECK-NOT: graph.softmax
// CHECK-NOT: graph.matmul
// CHECK: return %[[A]]
func.func @torch_mha(%q: tensor<2x4x8xf32>, %k: tensor<4x2x8xf32>, %v: tensor<2x4x8xf32>) -> tensor<2x4x8xf32> {
  %c8 = graph.constant dense<8.0> : tensor<f32>
  %qs = graph.div %q, %c8 : (tensor<2x4x8xf32>, tensor<f32>) -> tensor<2x4x8xf32>
  %kt = graph.transpose %k {perm = array<i64: 1, 2, 0>} : (tensor<4x2x8xf32>) -> tensor<2x8x4xf32>
  %s = graph.matmul %qs, %kt : (tensor<2x4x8xf32>, tensor<2x8x4xf32>) -> tensor<2x4x4xf32>
  %p = graph.softmax %s {axis = 2 : i64} : tensor<2x4x4xf32>
  %o = graph.matmul %p, %v : (tensor<2x4x4xf32>, tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return %o : tensor<2x4x8xf32>
}

// -----

// Scale on the scores (mul), an additive mask, k^T = k with the last two
// dims swapped: the key is k itself.
// CHECK-LABEL: func @scaled_scores_with_mask
// CHECK-SAME: (%[[Q:.*]]: tensor<1x2x4x8xf32>, %[[K:.*]]: tensor<1x2x6x8xf32>, %[[V:.*]]: tensor<1x2x6x3xf32>, %[[M:.*]]: tensor<1x1x1x6xf32>)
// CHECK: %[[A:.*]] = graph.attention %[[Q]], %[[K]], %[[V]], %[[M]] {scale = 2.500000e-01 : f32}
// CHECK-NOT: graph.transpose
// CHECK: return %[[A]]
func.func @scaled_scores_with_mask(%q: tensor<1x2x4x8xf32>, %k: tensor<1x2x6x8xf32>, %v: tensor<1x2x6x3xf32>, %m: tensor<1x1x1x6xf32>) -> tensor<1x2x4x3xf32> {
  %c = graph.constant dense<0.25> : tensor<f32>
  %kt = graph.transpose %k {perm = array<i64: 0, 1, 3, 2>} : (tensor<1x2x6x8xf32>) -> tensor<1x2x8x6xf32>
  %s = graph.matmul %q, %kt : (tensor<1x2x4x8xf32>, tensor<1x2x8x6xf32>) -> tensor<1x2x4x6xf32>
  %ss = graph.mul %s, %c : (tensor<1x2x4x6xf32>, tensor<f32>) -> tensor<1x2x4x6xf32>
  %sm = graph.add %m, %ss : (tensor<1x1x1x6xf32>, tensor<1x2x4x6xf32>) -> tensor<1x2x4x6xf32>
  %p = graph.softmax %sm {axis = 3 : i64} : tensor<1x2x4x6xf32>
  %o = graph.matmul %p, %v : (tensor<1x2x4x6xf32>, tensor<1x2x6x3xf32>) -> tensor<1x2x4x3xf32>
  return %o : tensor<1x2x4x3xf32>
}

// -----

// torch 2's export: sqrt of the scale on q and on k^T; k^T is not a
// transpose, so one is inserted.
// CHECK-LABEL: func @sqrt_scale_both
// CHECK-SAME: (%[[Q:.*]]: tensor<3x4x8xf32>, %[[KT:.*]]: tensor<3x8x5xf32>, %[[V:.*]]: tensor<3x5x8xf32>)
// CHECK: %[[K:.*]] = graph.transpose %[[KT]] {perm = array<i64: 0, 2, 1>} : (tensor<3x8x5xf32>) -> tensor<3x5x8xf32>
// CHECK: graph.attention %[[Q]], %[[K]], %[[V]] {scale = 0.12499999{{[0-9]*}} : f32}
func.func @sqrt_scale_both(%q: tensor<3x4x8xf32>, %kt: tensor<3x8x5xf32>, %v: tensor<3x5x8xf32>) -> tensor<3x4x8xf32> {
  %c = graph.constant dense<0.353553385> : tensor<f32>
  %qs = graph.mul %q, %c : (tensor<3x4x8xf32>, tensor<f32>) -> tensor<3x4x8xf32>
  %ks = graph.mul %c, %kt : (tensor<f32>, tensor<3x8x5xf32>) -> tensor<3x8x5xf32>
  %s = graph.matmul %qs, %ks : (tensor<3x4x8xf32>, tensor<3x8x5xf32>) -> tensor<3x4x5xf32>
  %p = graph.softmax %s {axis = 2 : i64} : tensor<3x4x5xf32>
  %o = graph.matmul %p, %v : (tensor<3x4x5xf32>, tensor<3x5x8xf32>) -> tensor<3x4x8xf32>
  return %o : tensor<3x4x8xf32>
}

// -----

// Softmax over the queries (axis 1), not the keys.
// CHECK-LABEL: func @not_attention_softmax_axis
// CHECK-NOT: graph.attention
func.func @not_attention_softmax_axis(%q: tensor<2x4x8xf32>, %kt: tensor<2x8x4xf32>, %v: tensor<2x4x8xf32>) -> tensor<2x4x8xf32> {
  %s = graph.matmul %q, %kt : (tensor<2x4x8xf32>, tensor<2x8x4xf32>) -> tensor<2x4x4xf32>
  %p = graph.softmax %s {axis = 1 : i64} : tensor<2x4x4xf32>
  %o = graph.matmul %p, %v : (tensor<2x4x4xf32>, tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return %o : tensor<2x4x8xf32>
}

// -----

// The probabilities are also returned: they must be computed anyway.
// CHECK-LABEL: func @not_attention_probs_reused
// CHECK-NOT: graph.attention
func.func @not_attention_probs_reused(%q: tensor<2x4x8xf32>, %kt: tensor<2x8x4xf32>, %v: tensor<2x4x8xf32>) -> (tensor<2x4x8xf32>, tensor<2x4x4xf32>) {
  %s = graph.matmul %q, %kt : (tensor<2x4x8xf32>, tensor<2x8x4xf32>) -> tensor<2x4x4xf32>
  %p = graph.softmax %s {axis = 2 : i64} : tensor<2x4x4xf32>
  %o = graph.matmul %p, %v : (tensor<2x4x4xf32>, tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return %o, %p : tensor<2x4x8xf32>, tensor<2x4x4xf32>
}

// -----

// A scale that is not a constant cannot become the attribute.
// CHECK-LABEL: func @not_attention_dynamic_scale
// CHECK-NOT: graph.attention
func.func @not_attention_dynamic_scale(%q: tensor<2x4x8xf32>, %kt: tensor<2x8x4xf32>, %v: tensor<2x4x8xf32>, %c: tensor<f32>) -> tensor<2x4x8xf32> {
  %s = graph.matmul %q, %kt : (tensor<2x4x8xf32>, tensor<2x8x4xf32>) -> tensor<2x4x4xf32>
  %ss = graph.mul %s, %c : (tensor<2x4x4xf32>, tensor<f32>) -> tensor<2x4x4xf32>
  %p = graph.softmax %ss {axis = 2 : i64} : tensor<2x4x4xf32>
  %o = graph.matmul %p, %v : (tensor<2x4x4xf32>, tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return %o : tensor<2x4x8xf32>
}

// -----

// The value broadcasts over the batch: graph.attention does not broadcast.
// CHECK-LABEL: func @not_attention_broadcast_value
// CHECK-NOT: graph.attention
func.func @not_attention_broadcast_value(%q: tensor<2x4x8xf32>, %kt: tensor<2x8x4xf32>, %v: tensor<4x8xf32>) -> tensor<2x4x8xf32> {
  %s = graph.matmul %q, %kt : (tensor<2x4x8xf32>, tensor<2x8x4xf32>) -> tensor<2x4x4xf32>
  %p = graph.softmax %s {axis = 2 : i64} : tensor<2x4x4xf32>
  %o = graph.matmul %p, %v : (tensor<2x4x4xf32>, tensor<4x8xf32>) -> tensor<2x4x8xf32>
  return %o : tensor<2x4x8xf32>
}
