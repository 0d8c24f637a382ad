// RUN: kiln-opt %s --kiln-convert-graph-to-linalg \
// RUN: | mlir-opt --one-shot-bufferize=bufferize-function-boundaries --convert-linalg-to-loops \
// RUN:     --expand-strided-metadata --lower-affine --convert-scf-to-cf --convert-math-to-llvm \
// RUN:     --convert-math-to-libm --convert-to-llvm --reconcile-unrealized-casts \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:     -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils \
// RUN: | FileCheck %s

// Numerical checks of the indexing lowerings (expected values from numpy
// and ONNX's reference implementation).

// arg_max keeps the first of equal maxima; NaN is the maximum (numpy).
// CHECK: data =
// CHECK-NEXT: [1,  0]
// CHECK: data =
// CHECK-NEXT: [1,  0]
// select_last_index takes the last NaN, or the last of equal maxima.
// CHECK: data =
// CHECK-NEXT: {{\[\[}}3],
// CHECK-NEXT: {{\[}}2]]
// arg_min compares unsigned elements as unsigned (200 > 100).
// CHECK: data =
// CHECK-NEXT: [1,  0,  0]

// top_k: sorted, equal elements in input order.
// CHECK: data =
// CHECK-NEXT: {{\[\[}}5,   5,   3],
// CHECK-NEXT: {{\[}}-1,   -2,   -3]]
// CHECK: data =
// CHECK-NEXT: {{\[\[}}1,   3,   2],
// CHECK-NEXT: {{\[}}0,   1,   2]]
// The two smallest along axis 0.
// CHECK: data =
// CHECK-NEXT: {{\[\[}}-2],
// CHECK-NEXT: {{\[}}-2]]
// CHECK: data =
// CHECK-NEXT: {{\[\[}}1],
// CHECK-NEXT: {{\[}}3]]

// cumsum, then exclusive and reversed.
// CHECK: data =
// CHECK-NEXT: {{\[\[}}1,   3,   6],
// CHECK-NEXT: {{\[}}4,   9,   15]]
// CHECK: data =
// CHECK-NEXT: {{\[\[}}5,   3,   0],
// CHECK-NEXT: {{\[}}11,   6,   0]]

// gather_elements with negative indices, and out-of-range run-time ones
// (7, -9) read a clamped element.
// CHECK: data =
// CHECK-NEXT: {{\[\[}}7,   5,   3],
// CHECK-NEXT: {{\[}}7,   2,   3]]

// gather_nd with one batch dim and a negative index.
// CHECK: data =
// CHECK-NEXT: {{\[\[}}2,   3],
// CHECK-NEXT: {{\[}}4,   5]]

// scatter_elements add with a duplicate and a negative index.
// CHECK: data =
// CHECK-NEXT: {{\[\[}}1,   6,   3,   4,   15]]
// scatter_elements without reduction: the last duplicate wins, the
// out-of-range index 5 updates nothing.
// CHECK: data =
// CHECK-NEXT: {{\[\[}}0,   22],
// CHECK-NEXT: {{\[}}0,   0],
// CHECK-NEXT: {{\[}}21,   0]]

// scatter_nd mul of one row twice, and max with a negative tuple.
// CHECK: data =
// CHECK-NEXT: {{\[\[}}20,   600],
// CHECK-NEXT: {{\[}}3,   4],
// CHECK-NEXT: {{\[}}5,   6]]
// CHECK: data =
// CHECK-NEXT: {{\[\[}}5,   9],
// CHECK-NEXT: {{\[}}5,   5]]

func.func @arg_max_first(%a0: tensor<2x4xf32>) -> tensor<2xi64> {
  %r = graph.arg_max %a0 {axis = 1 : i64, keepdims = false, select_last_index = false} : (tensor<2x4xf32>) -> tensor<2xi64>
  return %r : tensor<2xi64>
}

func.func @arg_max_last(%a0: tensor<2x4xf32>) -> tensor<2x1xi64> {
  %r = graph.arg_max %a0 {axis = 1 : i64, keepdims = true, select_last_index = true} : (tensor<2x4xf32>) -> tensor<2x1xi64>
  return %r : tensor<2x1xi64>
}

func.func @arg_min_unsigned(%a0: tensor<2x3xui8>) -> tensor<3xi64> {
  %r = graph.arg_min %a0 {axis = 0 : i64, keepdims = false, select_last_index = false} : (tensor<2x3xui8>) -> tensor<3xi64>
  return %r : tensor<3xi64>
}

func.func @top_k(%a0: tensor<2x5xf32>) -> (tensor<2x3xf32>, tensor<2x3xi64>) {
  %r:2 = graph.top_k %a0 {axis = 1 : i64, largest = true} : (tensor<2x5xf32>) -> (tensor<2x3xf32>, tensor<2x3xi64>)
  return %r#0, %r#1 : tensor<2x3xf32>, tensor<2x3xi64>
}

func.func @bottom_k(%a0: tensor<5x1xi64>) -> (tensor<2x1xi64>, tensor<2x1xi64>) {
  %r:2 = graph.top_k %a0 {axis = 0 : i64, largest = false} : (tensor<5x1xi64>) -> (tensor<2x1xi64>, tensor<2x1xi64>)
  return %r#0, %r#1 : tensor<2x1xi64>, tensor<2x1xi64>
}

func.func @cumsum(%a0: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %r = graph.cumsum %a0 {axis = 1 : i64, exclusive = false, reverse = false} : tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}

func.func @cumsum_exclusive_reverse(%a0: tensor<2x3xi64>) -> tensor<2x3xi64> {
  %r = graph.cumsum %a0 {axis = 1 : i64, exclusive = true, reverse = true} : tensor<2x3xi64>
  return %r : tensor<2x3xi64>
}

func.func @gather_elements(%a0: tensor<3x3xf32>, %a1: tensor<2x3xi64>) -> tensor<2x3xf32> {
  %r = graph.gather_elements %a0, %a1 {axis = 0 : i64} : (tensor<3x3xf32>, tensor<2x3xi64>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}

func.func @gather_nd(%a0: tensor<2x2x2xi64>, %a1: tensor<2x1xi64>) -> tensor<2x2xi64> {
  %r = graph.gather_nd %a0, %a1 {batch_dims = 1 : i64} : (tensor<2x2x2xi64>, tensor<2x1xi64>) -> tensor<2x2xi64>
  return %r : tensor<2x2xi64>
}

func.func @scatter_elements_add(%a0: tensor<1x5xf32>, %a1: tensor<1x3xi64>, %a2: tensor<1x3xf32>) -> tensor<1x5xf32> {
  %r = graph.scatter_elements %a0, %a1, %a2 {axis = 1 : i64, reduction = 1 : i32} : (tensor<1x5xf32>, tensor<1x3xi64>, tensor<1x3xf32>) -> tensor<1x5xf32>
  return %r : tensor<1x5xf32>
}

func.func @scatter_elements_none(%a0: tensor<3x2xi64>, %a1: tensor<2x2xi64>, %a2: tensor<2x2xi64>) -> tensor<3x2xi64> {
  %r = graph.scatter_elements %a0, %a1, %a2 {axis = 0 : i64, reduction = 0 : i32} : (tensor<3x2xi64>, tensor<2x2xi64>, tensor<2x2xi64>) -> tensor<3x2xi64>
  return %r : tensor<3x2xi64>
}

func.func @scatter_nd_mul(%a0: tensor<3x2xf32>, %a1: tensor<2x1xi64>, %a2: tensor<2x2xf32>) -> tensor<3x2xf32> {
  %r = graph.scatter_nd %a0, %a1, %a2 {reduction = 2 : i32} : (tensor<3x2xf32>, tensor<2x1xi64>, tensor<2x2xf32>) -> tensor<3x2xf32>
  return %r : tensor<3x2xf32>
}

func.func @scatter_nd_max(%a0: tensor<2x2xi64>, %a1: tensor<3x2xi64>, %a2: tensor<3xi64>) -> tensor<2x2xi64> {
  %r = graph.scatter_nd %a0, %a1, %a2 {reduction = 3 : i32} : (tensor<2x2xi64>, tensor<3x2xi64>, tensor<3xi64>) -> tensor<2x2xi64>
  return %r : tensor<2x2xi64>
}

func.func @main() {
  %am = graph.constant dense<[[1.0, 3.0, 3.0, -1.0], [2.0, 0.0, 2.0, 0.0]]> : tensor<2x4xf32>
  %am_first = call @arg_max_first(%am) : (tensor<2x4xf32>) -> tensor<2xi64>
  %am_first_u = tensor.cast %am_first : tensor<2xi64> to tensor<*xi64>
  call @printMemrefI64(%am_first_u) : (tensor<*xi64>) -> ()
  %am_nan = graph.constant dense<[[1.0, 0x7FC00000, 5.0, 0x7FC00000], [2.0, 0.0, 2.0, 0.0]]> : tensor<2x4xf32>
  %am_nan_first = call @arg_max_first(%am_nan) : (tensor<2x4xf32>) -> tensor<2xi64>
  %am_nan_first_u = tensor.cast %am_nan_first : tensor<2xi64> to tensor<*xi64>
  call @printMemrefI64(%am_nan_first_u) : (tensor<*xi64>) -> ()
  %am_last = call @arg_max_last(%am_nan) : (tensor<2x4xf32>) -> tensor<2x1xi64>
  %am_last_u = tensor.cast %am_last : tensor<2x1xi64> to tensor<*xi64>
  call @printMemrefI64(%am_last_u) : (tensor<*xi64>) -> ()
  %an = graph.constant dense<[[200, 7, 9], [100, 7, 255]]> : tensor<2x3xui8>
  %an_r = call @arg_min_unsigned(%an) : (tensor<2x3xui8>) -> tensor<3xi64>
  %an_u = tensor.cast %an_r : tensor<3xi64> to tensor<*xi64>
  call @printMemrefI64(%an_u) : (tensor<*xi64>) -> ()
  %tk = graph.constant dense<[[1.0, 5.0, 3.0, 5.0, 2.0], [-1.0, -2.0, -3.0, -4.0, -5.0]]> : tensor<2x5xf32>
  %tk_r:2 = call @top_k(%tk) : (tensor<2x5xf32>) -> (tensor<2x3xf32>, tensor<2x3xi64>)
  %tk_v = tensor.cast %tk_r#0 : tensor<2x3xf32> to tensor<*xf32>
  call @printMemrefF32(%tk_v) : (tensor<*xf32>) -> ()
  %tk_i = tensor.cast %tk_r#1 : tensor<2x3xi64> to tensor<*xi64>
  call @printMemrefI64(%tk_i) : (tensor<*xi64>) -> ()
  %bk = graph.constant dense<[[4], [-2], [7], [-2], [0]]> : tensor<5x1xi64>
  %bk_r:2 = call @bottom_k(%bk) : (tensor<5x1xi64>) -> (tensor<2x1xi64>, tensor<2x1xi64>)
  %bk_v = tensor.cast %bk_r#0 : tensor<2x1xi64> to tensor<*xi64>
  call @printMemrefI64(%bk_v) : (tensor<*xi64>) -> ()
  %bk_i = tensor.cast %bk_r#1 : tensor<2x1xi64> to tensor<*xi64>
  call @printMemrefI64(%bk_i) : (tensor<*xi64>) -> ()
  %cs = graph.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %cs_r = call @cumsum(%cs) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %cs_u = tensor.cast %cs_r : tensor<2x3xf32> to tensor<*xf32>
  call @printMemrefF32(%cs_u) : (tensor<*xf32>) -> ()
  %ce = graph.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi64>
  %ce_r = call @cumsum_exclusive_reverse(%ce) : (tensor<2x3xi64>) -> tensor<2x3xi64>
  %ce_u = tensor.cast %ce_r : tensor<2x3xi64> to tensor<*xi64>
  call @printMemrefI64(%ce_u) : (tensor<*xi64>) -> ()
  %ge0 = graph.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]> : tensor<3x3xf32>
  %ge1 = graph.constant dense<[[-1, -2, 0], [7, 0, -9]]> : tensor<2x3xi64>
  %ge_r = call @gather_elements(%ge0, %ge1) : (tensor<3x3xf32>, tensor<2x3xi64>) -> tensor<2x3xf32>
  %ge_u = tensor.cast %ge_r : tensor<2x3xf32> to tensor<*xf32>
  call @printMemrefF32(%ge_u) : (tensor<*xf32>) -> ()
  %gn0 = graph.constant dense<[[[0, 1], [2, 3]], [[4, 5], [6, 7]]]> : tensor<2x2x2xi64>
  %gn1 = graph.constant dense<[[1], [-2]]> : tensor<2x1xi64>
  %gn_r = call @gather_nd(%gn0, %gn1) : (tensor<2x2x2xi64>, tensor<2x1xi64>) -> tensor<2x2xi64>
  %gn_u = tensor.cast %gn_r : tensor<2x2xi64> to tensor<*xi64>
  call @printMemrefI64(%gn_u) : (tensor<*xi64>) -> ()
  %sa0 = graph.constant dense<[[1.0, 2.0, 3.0, 4.0, 5.0]]> : tensor<1x5xf32>
  %sa1 = graph.constant dense<[[1, 1, -1]]> : tensor<1x3xi64>
  %sa2 = graph.constant dense<[[1.5, 2.5, 10.0]]> : tensor<1x3xf32>
  %sa_r = call @scatter_elements_add(%sa0, %sa1, %sa2) : (tensor<1x5xf32>, tensor<1x3xi64>, tensor<1x3xf32>) -> tensor<1x5xf32>
  %sa_u = tensor.cast %sa_r : tensor<1x5xf32> to tensor<*xf32>
  call @printMemrefF32(%sa_u) : (tensor<*xf32>) -> ()
  %sn0 = graph.constant dense<[[0, 0], [0, 0], [0, 0]]> : tensor<3x2xi64>
  %sn1 = graph.constant dense<[[2, 5], [2, 0]]> : tensor<2x2xi64>
  %sn2 = graph.constant dense<[[11, 12], [21, 22]]> : tensor<2x2xi64>
  %sn_r = call @scatter_elements_none(%sn0, %sn1, %sn2) : (tensor<3x2xi64>, tensor<2x2xi64>, tensor<2x2xi64>) -> tensor<3x2xi64>
  %sn_u = tensor.cast %sn_r : tensor<3x2xi64> to tensor<*xi64>
  call @printMemrefI64(%sn_u) : (tensor<*xi64>) -> ()
  %sm0 = graph.constant dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]> : tensor<3x2xf32>
  %sm1 = graph.constant dense<[[0], [0]]> : tensor<2x1xi64>
  %sm2 = graph.constant dense<[[2.0, 3.0], [10.0, 100.0]]> : tensor<2x2xf32>
  %sm_r = call @scatter_nd_mul(%sm0, %sm1, %sm2) : (tensor<3x2xf32>, tensor<2x1xi64>, tensor<2x2xf32>) -> tensor<3x2xf32>
  %sm_u = tensor.cast %sm_r : tensor<3x2xf32> to tensor<*xf32>
  call @printMemrefF32(%sm_u) : (tensor<*xf32>) -> ()
  %sx0 = graph.constant dense<[[5, 5], [5, 5]]> : tensor<2x2xi64>
  %sx1 = graph.constant dense<[[0, 1], [-1, -1], [0, 1]]> : tensor<3x2xi64>
  %sx2 = graph.constant dense<[7, 3, 9]> : tensor<3xi64>
  %sx_r = call @scatter_nd_max(%sx0, %sx1, %sx2) : (tensor<2x2xi64>, tensor<3x2xi64>, tensor<3xi64>) -> tensor<2x2xi64>
  %sx_u = tensor.cast %sx_r : tensor<2x2xi64> to tensor<*xi64>
  call @printMemrefI64(%sx_u) : (tensor<*xi64>) -> ()
  return
}
func.func private @printMemrefF32(tensor<*xf32>)
func.func private @printMemrefI64(tensor<*xi64>)
