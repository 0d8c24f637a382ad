// RUN: kiln-opt %s --kiln-convert-graph-to-linalg --split-input-file | FileCheck %s

// CHECK-LABEL: func.func @matmul_2d
// CHECK-SAME: (%[[A:.*]]: tensor<3x4xf32>, %[[B:.*]]: tensor<4x5xf32>)
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[E:.*]] = tensor.empty() : tensor<3x5xf32>
// CHECK: %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[E]] : tensor<3x5xf32>)
// CHECK: %[[R:.*]] = linalg.matmul ins(%[[A]], %[[B]] : tensor<3x4xf32>, tensor<4x5xf32>) outs(%[[INIT]] : tensor<3x5xf32>)
// CHECK: return %[[R]]
func.func @matmul_2d(%a: tensor<3x4xf32>, %b: tensor<4x5xf32>) -> tensor<3x5xf32> {
  %0 = graph.matmul %a, %b : (tensor<3x4xf32>, tensor<4x5xf32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// -----

// A batch of rows times one matrix folds the batch into M.
// CHECK-LABEL: func.func @matmul_3d_2d
// CHECK: %[[A2:.*]] = tensor.collapse_shape %{{.*}} {{\[}}[0, 1], [2]] : tensor<2x3x4xf32> into tensor<6x4xf32>
// CHECK: %[[P:.*]] = linalg.matmul ins(%[[A2]], %{{.*}} : tensor<6x4xf32>, tensor<4x5xf32>) outs(%{{.*}} : tensor<6x5xf32>)
// CHECK: tensor.expand_shape %[[P]] {{\[}}[0, 1], [2]] output_shape [2, 3, 5] : tensor<6x5xf32> into tensor<2x3x5xf32>
func.func @matmul_3d_2d(%a: tensor<2x3x4xf32>, %b: tensor<4x5xf32>) -> tensor<2x3x5xf32> {
  %0 = graph.matmul %a, %b : (tensor<2x3x4xf32>, tensor<4x5xf32>) -> tensor<2x3x5xf32>
  return %0 : tensor<2x3x5xf32>
}

// -----

// Equal batch dims: one batch_matmul over the flattened batch.
// CHECK-LABEL: func.func @matmul_batch
// CHECK-DAG: tensor.collapse_shape %{{.*}} {{\[}}[0, 1], [2], [3]] : tensor<2x2x3x4xi32> into tensor<4x3x4xi32>
// CHECK-DAG: tensor.collapse_shape %{{.*}} {{\[}}[0, 1], [2], [3]] : tensor<2x2x4x5xi32> into tensor<4x4x5xi32>
// CHECK: %[[P:.*]] = linalg.batch_matmul ins(%{{.*}}, %{{.*}} : tensor<4x3x4xi32>, tensor<4x4x5xi32>) outs(%{{.*}} : tensor<4x3x5xi32>)
// CHECK: tensor.expand_shape %[[P]] {{\[}}[0, 1], [2], [3]] output_shape [2, 2, 3, 5]
func.func @matmul_batch(%a: tensor<2x2x3x4xi32>, %b: tensor<2x2x4x5xi32>) -> tensor<2x2x3x5xi32> {
  %0 = graph.matmul %a, %b : (tensor<2x2x3x4xi32>, tensor<2x2x4x5xi32>) -> tensor<2x2x3x5xi32>
  return %0 : tensor<2x2x3x5xi32>
}

// -----

// Broadcast batch dims: a generic contraction; the size-1 batch dim of A
// reads index 0.
// CHECK-DAG: #[[$A:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, 0, d2, d4)>
// CHECK-DAG: #[[$B:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d1, d4, d3)>
// CHECK-DAG: #[[$C:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @matmul_broadcast
// CHECK: linalg.fill
// CHECK: linalg.generic {indexing_maps = [#[[$A]], #[[$B]], #[[$C]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]}
// CHECK: arith.mulf
// CHECK: arith.addf
func.func @matmul_broadcast(%a: tensor<2x1x3x4xf32>, %b: tensor<5x4x6xf32>) -> tensor<2x5x3x6xf32> {
  %0 = graph.matmul %a, %b : (tensor<2x1x3x4xf32>, tensor<5x4x6xf32>) -> tensor<2x5x3x6xf32>
  return %0 : tensor<2x5x3x6xf32>
}

// -----

// A 1-D lhs is a row vector whose M dim is dropped from the result.
// CHECK-DAG: #[[$A:.*]] = affine_map<(d0, d1, d2) -> (d2)>
// CHECK-DAG: #[[$B:.*]] = affine_map<(d0, d1, d2) -> (d0, d2, d1)>
// CHECK-DAG: #[[$C:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @matmul_vector
// CHECK: linalg.generic {indexing_maps = [#[[$A]], #[[$B]], #[[$C]]], iterator_types = ["parallel", "parallel", "reduction"]}
func.func @matmul_vector(%a: tensor<4xf32>, %b: tensor<2x4x6xf32>) -> tensor<2x6xf32> {
  %0 = graph.matmul %a, %b : (tensor<4xf32>, tensor<2x4x6xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

// f16 accumulates in f32 and is rounded once.
// CHECK-LABEL: func.func @matmul_f16
// CHECK: %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<3x5xf32>)
// CHECK: %[[P:.*]] = linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<3x4xf16>, tensor<4x5xf16>) outs(%[[INIT]] : tensor<3x5xf32>)
// CHECK: linalg.generic
// CHECK-SAME: ins(%[[P]] : tensor<3x5xf32>)
// CHECK: arith.truncf %{{.*}} : f32 to f16
func.func @matmul_f16(%a: tensor<3x4xf16>, %b: tensor<4x5xf16>) -> tensor<3x5xf16> {
  %0 = graph.matmul %a, %b : (tensor<3x4xf16>, tensor<4x5xf16>) -> tensor<3x5xf16>
  return %0 : tensor<3x5xf16>
}

// -----

// alpha = 1: the broadcast C is the accumulator's initial value; transB is
// an indexing map of the matmul.
// CHECK-DAG: #[[$CB:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[$MA:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[$MB:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[$MC:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @gemm_trans_b
// CHECK-SAME: (%[[A:.*]]: tensor<2x5xf32>, %[[B:.*]]: tensor<6x5xf32>, %[[C:.*]]: tensor<6xf32>)
// CHECK: %[[INIT:.*]] = linalg.generic {indexing_maps = [#[[$CB]], #{{.*}}]
// CHECK-SAME: ins(%[[C]] : tensor<6xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: linalg.yield %[[IN]] : f32
// CHECK: %[[R:.*]] = linalg.matmul indexing_maps = [#[[$MA]], #[[$MB]], #[[$MC]]] ins(%[[A]], %[[B]] : tensor<2x5xf32>, tensor<6x5xf32>) outs(%[[INIT]] : tensor<2x6xf32>)
// CHECK-NEXT: return %[[R]]
func.func @gemm_trans_b(%a: tensor<2x5xf32>, %b: tensor<6x5xf32>, %c: tensor<6xf32>) -> tensor<2x6xf32> {
  %0 = graph.gemm %a, %b, %c {alpha = 1.0 : f32, beta = 1.0 : f32, transA = false, transB = true}
      : (tensor<2x5xf32>, tensor<6x5xf32>, tensor<6xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

// alpha != 1: zero init, then one epilogue alpha * acc + beta * C.
// CHECK-DAG: #[[$MA:.*]] = affine_map<(d0, d1, d2) -> (d2, d0)>
// CHECK-DAG: #[[$MB:.*]] = affine_map<(d0, d1, d2) -> (d2, d1)>
// CHECK-LABEL: func.func @gemm_alpha
// CHECK: %[[INIT:.*]] = linalg.fill
// CHECK: %[[P:.*]] = linalg.matmul indexing_maps = [#[[$MA]], #[[$MB]], #{{.*}}] ins(%{{.*}}, %{{.*}} : tensor<5x2xf32>, tensor<5x6xf32>) outs(%[[INIT]] : tensor<2x6xf32>)
// CHECK: linalg.generic
// CHECK-SAME: ins(%[[P]], %{{.*}} : tensor<2x6xf32>, tensor<2x1xf32>)
// CHECK: ^bb0(%[[ACC:.*]]: f32, %[[CV:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[SA:.*]] = arith.mulf %[[ACC]], %{{.*}} : f32
// CHECK: %[[SC:.*]] = arith.mulf %[[CV]], %{{.*}} : f32
// CHECK: %[[Y:.*]] = arith.addf %[[SA]], %[[SC]] : f32
// CHECK: linalg.yield %[[Y]]
func.func @gemm_alpha(%a: tensor<5x2xf32>, %b: tensor<5x6xf32>, %c: tensor<2x1xf32>) -> tensor<2x6xf32> {
  %0 = graph.gemm %a, %b, %c {alpha = 0.5 : f32, beta = 2.0 : f32, transA = true, transB = false}
      : (tensor<5x2xf32>, tensor<5x6xf32>, tensor<2x1xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

// CHECK-DAG: #[[$BIAS:.*]] = affine_map<(d0, d1, d2, d3) -> (d1)>
// CHECK-LABEL: func.func @conv_2d
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x8x8xf32>, %[[W:.*]]: tensor<16x3x3x3xf32>, %[[B:.*]]: tensor<16xf32>)
// CHECK: %[[PAD:.*]] = tensor.pad %[[X]] low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: tensor<1x3x8x8xf32> to tensor<1x3x10x10xf32>
// CHECK: %[[INIT:.*]] = linalg.generic {indexing_maps = [#[[$BIAS]], #{{.*}}]
// CHECK-SAME: ins(%[[B]] : tensor<16xf32>)
// CHECK: %[[R:.*]] = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
// CHECK-SAME: ins(%[[PAD]], %[[W]] : tensor<1x3x10x10xf32>, tensor<16x3x3x3xf32>) outs(%[[INIT]] : tensor<1x16x4x4xf32>)
// CHECK: return %[[R]]
func.func @conv_2d(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>, %b: tensor<16xf32>) -> tensor<1x16x4x4xf32> {
  %0 = graph.conv %x, %w, %b {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>) -> tensor<1x16x4x4xf32>
  return %0 : tensor<1x16x4x4xf32>
}

// -----

// A fused residual: the accumulator starts as bias + residual (one
// initializer), and the relu runs in the epilogue after the convolution.
// CHECK-DAG: #[[$BIAS:.*]] = affine_map<(d0, d1, d2, d3) -> (d1)>
// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @conv_residual
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x8x8xf32>, %[[W:.*]]: tensor<16x3x3x3xf32>, %[[B:.*]]: tensor<16xf32>, %[[S:.*]]: tensor<1x16x4x4xf32>)
// CHECK: %[[INIT:.*]] = linalg.generic {indexing_maps = [#[[$BIAS]], #[[$ID]], #[[$ID]]]
// CHECK-SAME: ins(%[[B]], %[[S]] : tensor<16xf32>, tensor<1x16x4x4xf32>)
// CHECK: ^bb0(%[[BV:.*]]: f32, %[[SV:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[SUM:.*]] = arith.addf %[[BV]], %[[SV]] : f32
// CHECK-NEXT: linalg.yield %[[SUM]]
// CHECK: %[[C:.*]] = linalg.conv_2d_nchw_fchw
// CHECK-SAME: outs(%[[INIT]] : tensor<1x16x4x4xf32>)
// CHECK: %[[R:.*]] = linalg.generic
// CHECK-SAME: ins(%[[C]] : tensor<1x16x4x4xf32>)
// CHECK: arith.cmpf ugt
// CHECK: return %[[R]]
func.func @conv_residual(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>, %b: tensor<16xf32>, %s: tensor<1x16x4x4xf32>) -> tensor<1x16x4x4xf32> {
  %0 = graph.conv %x, %w, %b residual(%s) {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = 1 : i32}
      : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>, tensor<1x16x4x4xf32>) -> tensor<1x16x4x4xf32>
  return %0 : tensor<1x16x4x4xf32>
}

// -----

// CHECK-LABEL: func.func @conv_no_pad_no_bias
// CHECK-NOT: tensor.pad
// CHECK: %[[INIT:.*]] = linalg.fill
// CHECK: linalg.conv_2d_nchw_fchw {dilations = dense<[2, 1]> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
// CHECK-SAME: outs(%[[INIT]] : tensor<1x4x4x6xf32>)
func.func @conv_no_pad_no_bias(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x4x6xf32> {
  %0 = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 2, 1>, group = 1 : i64}
      : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x4x6xf32>
  return %0 : tensor<1x4x4x6xf32>
}

// -----

// CHECK-LABEL: func.func @conv_depthwise
// CHECK: %[[W:.*]] = tensor.collapse_shape %{{.*}} {{\[}}[0, 1], [2], [3]] : tensor<8x1x3x3xf32> into tensor<8x3x3xf32>
// CHECK: linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
// CHECK-SAME: ins(%{{.*}}, %[[W]] : tensor<1x8x10x10xf32>, tensor<8x3x3xf32>)
func.func @conv_depthwise(%x: tensor<1x8x8x8xf32>, %w: tensor<8x1x3x3xf32>, %b: tensor<8xf32>) -> tensor<1x8x8x8xf32> {
  %0 = graph.conv %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 8 : i64}
      : (tensor<1x8x8x8xf32>, tensor<8x1x3x3xf32>, tensor<8xf32>) -> tensor<1x8x8x8xf32>
  return %0 : tensor<1x8x8x8xf32>
}

// -----

// Grouped (and 1-D, 3-D) convolution: a generic over (n, g, f, o, c, k) with
// the group split out of the channel dims.
// CHECK-DAG: #[[$IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d4, d3 * 2 + d5)>
// CHECK-DAG: #[[$W:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d1, d2, d4, d5)>
// CHECK-DAG: #[[$OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @conv_1d_grouped
// CHECK: %[[PAD:.*]] = tensor.pad %{{.*}} low[0, 0, 1] high[0, 0, 0]
// CHECK: %[[INIT:.*]] = linalg.fill
// CHECK-DAG: %[[GX:.*]] = tensor.expand_shape %[[PAD]] {{\[}}[0], [1, 2], [3]] output_shape [1, 2, 2, 10] : tensor<1x4x10xf32> into tensor<1x2x2x10xf32>
// CHECK-DAG: %[[GW:.*]] = tensor.expand_shape %{{.*}} {{\[}}[0, 1], [2], [3]] output_shape [2, 2, 2, 3] : tensor<4x2x3xf32> into tensor<2x2x2x3xf32>
// CHECK-DAG: %[[GI:.*]] = tensor.expand_shape %[[INIT]] {{\[}}[0], [1, 2], [3]] output_shape [1, 2, 2, 4]
// CHECK: %[[G:.*]] = linalg.generic {indexing_maps = [#[[$IN]], #[[$W]], #[[$OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]}
// CHECK-SAME: ins(%[[GX]], %[[GW]] : tensor<1x2x2x10xf32>, tensor<2x2x2x3xf32>) outs(%[[GI]] : tensor<1x2x2x4xf32>)
// CHECK: tensor.collapse_shape %[[G]] {{\[}}[0], [1, 2], [3]] : tensor<1x2x2x4xf32> into tensor<1x4x4xf32>
func.func @conv_1d_grouped(%x: tensor<1x4x9xf32>, %w: tensor<4x2x3xf32>) -> tensor<1x4x4xf32> {
  %0 = graph.conv %x, %w {strides = array<i64: 2>, pads = array<i64: 1, 0>, dilations = array<i64: 1>, group = 2 : i64}
      : (tensor<1x4x9xf32>, tensor<4x2x3xf32>) -> tensor<1x4x4xf32>
  return %0 : tensor<1x4x4xf32>
}

// -----

// CHECK-DAG: #[[$IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7, d8, d9) -> (d0, d1, d6, d3 + d7, d4 + d8 * 2, d5 + d9)>
// CHECK-LABEL: func.func @conv_3d
// CHECK: linalg.generic {indexing_maps = [#[[$IN]], #{{.*}}, #{{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "reduction"]}
func.func @conv_3d(%x: tensor<1x2x4x5x6xf32>, %w: tensor<3x2x2x2x2xf32>) -> tensor<1x3x3x3x5xf32> {
  %0 = graph.conv %x, %w {strides = array<i64: 1, 1, 1>, pads = array<i64: 0, 0, 0, 0, 0, 0>, dilations = array<i64: 1, 2, 1>, group = 1 : i64}
      : (tensor<1x2x4x5x6xf32>, tensor<3x2x2x2x2xf32>) -> tensor<1x3x3x3x5xf32>
  return %0 : tensor<1x3x3x3x5xf32>
}
