// RUN: kiln-opt %s --kiln-convert-graph-to-linalg --split-input-file | FileCheck %s

// Lowering of the ops the graph optimizer forms: graph.fused_elementwise and
// graph.attention.

// A fused region is ONE linalg.generic over the result: each operand through
// its broadcast map, the body computing the whole tree on scalars.
// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$ROW:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[$SCALAR:.*]] = affine_map<(d0, d1) -> ()>
// CHECK-LABEL: func.func @fused
// CHECK-SAME: (%[[X:.*]]: tensor<2x8xf32>, %[[B:.*]]: tensor<8xf32>, %[[C:.*]]: tensor<f32>)
// CHECK: linalg.generic
// CHECK-SAME: indexing_maps = [#[[$ID]], #[[$ROW]], #[[$SCALAR]], #[[$ID]]]
// CHECK-SAME: ins(%[[X]], %[[B]], %[[C]] :
// CHECK: ^bb0(%[[A:.*]]: f32, %[[BB:.*]]: f32, %[[CC:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[S:.*]] = arith.addf %[[A]], %[[BB]] : f32
// CHECK: %[[M:.*]] = arith.mulf %[[S]], %[[CC]] : f32
// CHECK: %[[CMP:.*]] = arith.cmpf ugt, %[[M]]
// CHECK: %[[R:.*]] = arith.select %[[CMP]], %[[M]]
// CHECK: linalg.yield %[[R]] : f32
// CHECK-NOT: linalg.generic
// CHECK-NOT: graph.
func.func @fused(%x: tensor<2x8xf32>, %b: tensor<8xf32>, %c: tensor<f32>) -> tensor<2x8xf32> {
  %r = graph.fused_elementwise %x, %b, %c : (tensor<2x8xf32>, tensor<8xf32>, tensor<f32>) -> tensor<2x8xf32> {
  ^bb0(%a0: tensor<2x8xf32>, %a1: tensor<8xf32>, %a2: tensor<f32>):
    %s = graph.add %a0, %a1 : (tensor<2x8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
    %m = graph.mul %s, %a2 : (tensor<2x8xf32>, tensor<f32>) -> tensor<2x8xf32>
    %y = graph.relu %m : tensor<2x8xf32>
    graph.yield %y : tensor<2x8xf32>
  }
  return %r : tensor<2x8xf32>
}

// -----

// The key is read through a transposed map: no transpose is materialized.
// CHECK-DAG: #[[$Q:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>
// CHECK-DAG: #[[$K:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>
// CHECK-DAG: #[[$S:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// CHECK-DAG: #[[$V:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d3, d2)>
// CHECK-LABEL: func.func @attention
// CHECK-SAME: (%[[Q:.*]]: tensor<2x4x8xf32>, %[[K:.*]]: tensor<2x6x8xf32>, %[[V:.*]]: tensor<2x6x3xf32>)
// CHECK: linalg.generic {indexing_maps = [#[[$Q]], #[[$K]], #[[$S]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%[[Q]], %[[K]] :
// CHECK: math.exp
// CHECK: linalg.generic {indexing_maps = [#[[$Q]], #[[$V]], #[[$S]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%{{.*}}, %[[V]] :
// CHECK-NOT: linalg.transpose
// CHECK-NOT: graph.
func.func @attention(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x3xf32>) -> tensor<2x4x3xf32> {
  %r = graph.attention %q, %k, %v {scale = 0.35 : f32} : (tensor<2x4x8xf32>, tensor<2x6x8xf32>, tensor<2x6x3xf32>) -> tensor<2x4x3xf32>
  return %r : tensor<2x4x3xf32>
}
