// RUN: kiln-opt --kiln-fold-transpose -split-input-file %s | FileCheck %s

// CHECK-LABEL: func.func @gemm_transposed_operands
// CHECK-NOT: graph.transpose
// CHECK: graph.gemm %arg0, %arg1, %arg2 {alpha = 1.000000e+00 : f32, beta = 1.000000e+00 : f32, transA = true, transB = false}
func.func @gemm_transposed_operands(%a: tensor<8x4xf32>, %b: tensor<8x16xf32>, %c: tensor<16xf32>) -> tensor<4x16xf32> {
  %ta = graph.transpose %a {perm = array<i64: 1, 0>} : (tensor<8x4xf32>) -> tensor<4x8xf32>
  %tb = graph.transpose %b {perm = array<i64: 1, 0>} : (tensor<8x16xf32>) -> tensor<16x8xf32>
  %y = graph.gemm %ta, %tb, %c {alpha = 1.0 : f32, beta = 1.0 : f32, transA = false, transB = true}
      : (tensor<4x8xf32>, tensor<16x8xf32>, tensor<16xf32>) -> tensor<4x16xf32>
  return %y : tensor<4x16xf32>
}

// -----

// The transposed constant weights of a (batched) matmul are stored
// transposed.
// CHECK-LABEL: func.func @matmul_constant_weights
// CHECK-NOT: graph.transpose
// CHECK: %[[W:.*]] = graph.constant dense<{{\[}}[1.000000e+00, 3.000000e+00, 5.000000e+00], [2.000000e+00, 4.000000e+00, 6.000000e+00]]> : tensor<2x3xf32>
// CHECK: graph.matmul %arg0, %[[W]] : (tensor<5x7x2xf32>, tensor<2x3xf32>) -> tensor<5x7x3xf32>
func.func @matmul_constant_weights(%x: tensor<5x7x2xf32>) -> tensor<5x7x3xf32> {
  %w = graph.constant dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]> : tensor<3x2xf32>
  %t = graph.transpose %w {perm = array<i64: 1, 0>} : (tensor<3x2xf32>) -> tensor<2x3xf32>
  %y = graph.matmul %x, %t : (tensor<5x7x2xf32>, tensor<2x3xf32>) -> tensor<5x7x3xf32>
  return %y : tensor<5x7x3xf32>
}

// -----

// 2-D matmuls of a transposed operand become gemm {transA / transB}, with
// the bias and the activation carried over.
// CHECK-LABEL: func.func @matmul_to_gemm
// CHECK-NOT: graph.transpose
// CHECK: graph.gemm %arg0, %arg1, %arg2 {activation = 1 : i32, alpha = 1.000000e+00 : f32, beta = 1.000000e+00 : f32, transA = true, transB = false}
func.func @matmul_to_gemm(%a: tensor<8x4xf32>, %b: tensor<8x16xf32>, %bias: tensor<16xf32>) -> tensor<4x16xf32> {
  %ta = graph.transpose %a {perm = array<i64: 1, 0>} : (tensor<8x4xf32>) -> tensor<4x8xf32>
  %y = graph.matmul %ta, %b, %bias {activation = 1 : i32} : (tensor<4x8xf32>, tensor<8x16xf32>, tensor<16xf32>) -> tensor<4x16xf32>
  return %y : tensor<4x16xf32>
}

// -----

// Transposes of other dims stay; so do batched matmuls of a non-constant
// transposed operand (gemm is 2-D only) and integer matmuls.
// CHECK-LABEL: func.func @not_other_dims
// CHECK-COUNT-3: graph.transpose
// CHECK-NOT: graph.gemm
func.func @not_other_dims(%a: tensor<2x3x4xf32>, %b: tensor<3x2x5xf32>, %c: tensor<2x5x4xf32>, %i: tensor<4x2xi32>, %j: tensor<4x3xi32>)
    -> (tensor<3x2x5xf32>, tensor<2x3x5xf32>, tensor<2x3xi32>) {
  %ta = graph.transpose %a {perm = array<i64: 1, 0, 2>} : (tensor<2x3x4xf32>) -> tensor<3x2x4xf32>
  %cst = graph.constant dense<1.0> : tensor<4x5xf32>
  %y = graph.matmul %ta, %cst : (tensor<3x2x4xf32>, tensor<4x5xf32>) -> tensor<3x2x5xf32>
  %tc = graph.transpose %c {perm = array<i64: 0, 2, 1>} : (tensor<2x5x4xf32>) -> tensor<2x4x5xf32>
  %z = graph.matmul %a, %tc : (tensor<2x3x4xf32>, tensor<2x4x5xf32>) -> tensor<2x3x5xf32>
  %ti = graph.transpose %i {perm = array<i64: 1, 0>} : (tensor<4x2xi32>) -> tensor<2x4xi32>
  %w = graph.matmul %ti, %j : (tensor<2x4xi32>, tensor<4x3xi32>) -> tensor<2x3xi32>
  return %y, %z, %w : tensor<3x2x5xf32>, tensor<2x3x5xf32>, tensor<2x3xi32>
}
