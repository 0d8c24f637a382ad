// RUN: kiln-opt --kiln-fuse-elementwise -split-input-file %s | FileCheck %s

// A chain with a broadcast bias and a scalar: one fused op whose operands are
// the chain's external inputs.
// CHECK-LABEL: func @chain
// CHECK-SAME: (%[[X:.*]]: tensor<2x8xf32>, %[[B:.*]]: tensor<8xf32>)
// CHECK: %[[C:.*]] = graph.constant dense<5.000000e-01>
// CHECK: %[[F:.*]] = graph.fused_elementwise %[[X]], %[[B]], %[[C]] : (tensor<2x8xf32>, tensor<8xf32>, tensor<f32>) -> tensor<2x8xf32> {
// CHECK-NEXT: ^bb0(%[[A0:.*]]: tensor<2x8xf32>, %[[A1:.*]]: tensor<8xf32>, %[[A2:.*]]: tensor<f32>):
// CHECK-NEXT: %[[S:.*]] = graph.add %[[A0]], %[[A1]]
// CHECK-NEXT: %[[M:.*]] = graph.mul %[[S]], %[[A2]]
// CHECK-NEXT: %[[R:.*]] = graph.relu %[[M]]
// CHECK-NEXT: graph.yield %[[R]] : tensor<2x8xf32>
// CHECK-NEXT: }
// CHECK-NEXT: return %[[F]]
func.func @chain(%x: tensor<2x8xf32>, %b: tensor<8xf32>) -> tensor<2x8xf32> {
  %c = graph.constant dense<0.5> : tensor<f32>
  %s = graph.add %x, %b : (tensor<2x8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  %m = graph.mul %s, %c : (tensor<2x8xf32>, tensor<f32>) -> tensor<2x8xf32>
  %r = graph.relu %m : tensor<2x8xf32>
  return %r : tensor<2x8xf32>
}

// -----

// A tree (an intermediate used twice inside the group) with a cast and a
// where: one group, each intermediate once.
// CHECK-LABEL: func @tree
// CHECK: graph.fused_elementwise
// CHECK-COUNT-1: graph.abs
// CHECK: graph.yield
// CHECK-NOT: graph.fused_elementwise
func.func @tree(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xi32> {
  %a = graph.abs %x : tensor<4xf32>
  %c = graph.greater %a, %y : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  %n = graph.neg %a : tensor<4xf32>
  %w = graph.where %c, %a, %n : (tensor<4xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %i = graph.cast %w : tensor<4xf32> to tensor<4xi32>
  return %i : tensor<4xi32>
}

// -----

// An intermediate that is also returned stays outside: the group below it
// and the one above it are fused separately.
// CHECK-LABEL: func @not_fused_escaping_intermediate
// CHECK: %[[LOW:.*]] = graph.fused_elementwise %{{.*}}, %{{.*}} :
// CHECK: graph.sigmoid
// CHECK: graph.yield
// CHECK: %[[HIGH:.*]] = graph.fused_elementwise %[[LOW]] :
// CHECK: graph.tanh
// CHECK: graph.exp
// CHECK: return %[[HIGH]], %[[LOW]]
func.func @not_fused_escaping_intermediate(%x: tensor<4xf32>, %y: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %a = graph.add %x, %y : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %s = graph.sigmoid %a : tensor<4xf32>
  %t = graph.tanh %s : tensor<4xf32>
  %e = graph.exp %t : tensor<4xf32>
  return %e, %s : tensor<4xf32>, tensor<4xf32>
}

// -----

// Contractions and reductions are never absorbed; a single op is not a
// group.
// CHECK-LABEL: func @not_fused_across_contraction
// CHECK-NOT: graph.fused_elementwise
// CHECK: graph.relu
// CHECK: graph.matmul
// CHECK: graph.reduce_sum
// CHECK: graph.exp
func.func @not_fused_across_contraction(%x: tensor<2x2xf32>) -> tensor<2x1xf32> {
  %r = graph.relu %x : tensor<2x2xf32>
  %m = graph.matmul %r, %r : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  %s = graph.reduce_sum %m {axes = array<i64: 1>, keepdims = true} : (tensor<2x2xf32>) -> tensor<2x1xf32>
  %e = graph.exp %s : tensor<2x1xf32>
  return %e : tensor<2x1xf32>
}

// -----

// A smaller intermediate (per row) would be recomputed for every element of
// the root: it is its own group and enters as an operand.
// CHECK-LABEL: func @not_fused_smaller_intermediate
// CHECK: %[[ROW:.*]] = graph.fused_elementwise %{{.*}}, %{{.*}} : (tensor<4x1xf32>, tensor<f32>) -> tensor<4x1xf32>
// CHECK: graph.sqrt
// CHECK: graph.fused_elementwise %{{.*}}, %[[ROW]], %{{.*}} : (tensor<4x8xf32>, tensor<4x1xf32>, tensor<8xf32>) -> tensor<4x8xf32>
// CHECK-NOT: graph.sqrt
// CHECK: graph.div
func.func @not_fused_smaller_intermediate(%x: tensor<4x8xf32>, %v: tensor<4x1xf32>, %g: tensor<8xf32>) -> tensor<4x8xf32> {
  %eps = graph.constant dense<1.0e-5> : tensor<f32>
  %ve = graph.add %v, %eps : (tensor<4x1xf32>, tensor<f32>) -> tensor<4x1xf32>
  %s = graph.sqrt %ve : tensor<4x1xf32>
  %n = graph.div %x, %s : (tensor<4x8xf32>, tensor<4x1xf32>) -> tensor<4x8xf32>
  %y = graph.mul %n, %g : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}
