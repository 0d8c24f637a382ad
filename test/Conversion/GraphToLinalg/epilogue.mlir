// RUN: kiln-opt %s --kiln-convert-graph-to-linalg --split-input-file | FileCheck %s

// Fused epilogues of the contractions: a matmul bias is the accumulator's
// initial value; the activation runs in one elementwise generic after the
// contraction, before the rounding of f16 results. Activation enum values:
// 1 relu, 2 clip, 4 sigmoid, 8 gelu, 10 tanh (see GraphBase.td).

// CHECK-LABEL: func.func @matmul_bias_relu
// CHECK-SAME: (%[[A:.*]]: tensor<2x3x4xf32>, %[[B:.*]]: tensor<4x5xf32>, %[[C:.*]]: tensor<5xf32>)
// CHECK: %[[BIAS:.*]] = linalg.generic {{.*}} ins(%[[C]] : tensor<5xf32>) outs(%{{.*}} : tensor<2x3x5xf32>)
// CHECK: %[[A2:.*]] = tensor.collapse_shape %[[A]] {{\[\[}}0, 1], [2]]
// CHECK: %[[INIT:.*]] = tensor.collapse_shape %[[BIAS]] {{\[\[}}0, 1], [2]] : tensor<2x3x5xf32> into tensor<6x5xf32>
// CHECK-NOT: linalg.fill
// CHECK: %[[MM:.*]] = linalg.matmul ins(%[[A2]], %[[B]] : {{.*}}) outs(%[[INIT]] : tensor<6x5xf32>)
// CHECK: %[[OUT:.*]] = tensor.expand_shape %[[MM]]
// CHECK: %[[R:.*]] = linalg.generic {{.*}} ins(%[[OUT]] : tensor<2x3x5xf32>)
// CHECK: arith.cmpf ugt
// CHECK: arith.select
// CHECK: return %[[R]]
func.func @matmul_bias_relu(%a: tensor<2x3x4xf32>, %b: tensor<4x5xf32>, %c: tensor<5xf32>) -> tensor<2x3x5xf32> {
  %r = graph.matmul %a, %b, %c {activation = 1 : i32} : (tensor<2x3x4xf32>, tensor<4x5xf32>, tensor<5xf32>) -> tensor<2x3x5xf32>
  return %r : tensor<2x3x5xf32>
}

// -----

// A bias without activation: no epilogue at all.
// CHECK-LABEL: func.func @matmul_bias_only
// CHECK: %[[INIT:.*]] = linalg.generic
// CHECK: %[[MM:.*]] = linalg.batch_matmul ins({{.*}}) outs(%[[INIT]] : tensor<2x3x5xf32>)
// CHECK-NOT: linalg.generic
// CHECK: return %[[MM]]
func.func @matmul_bias_only(%a: tensor<2x3x4xf32>, %b: tensor<2x4x5xf32>, %c: tensor<3x1xf32>) -> tensor<2x3x5xf32> {
  %r = graph.matmul %a, %b, %c : (tensor<2x3x4xf32>, tensor<2x4x5xf32>, tensor<3x1xf32>) -> tensor<2x3x5xf32>
  return %r : tensor<2x3x5xf32>
}

// -----

// f16: the activation runs on the f32 accumulator, then one truncf.
// CHECK-LABEL: func.func @matmul_f16_gelu
// CHECK: linalg.matmul {{.*}} -> tensor<4x8xf32>
// CHECK: linalg.generic {{.*}} ins(%{{.*}} : tensor<4x8xf32>) outs(%{{.*}} : tensor<4x8xf16>)
// CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: f16):
// CHECK: math.erf
// CHECK: arith.mulf
// CHECK: %[[T:.*]] = arith.truncf %{{.*}} : f32 to f16
// CHECK-NEXT: linalg.yield %[[T]] : f16
func.func @matmul_f16_gelu(%a: tensor<4x16xf16>, %b: tensor<16x8xf16>) -> tensor<4x8xf16> {
  %r = graph.matmul %a, %b {activation = 8 : i32} : (tensor<4x16xf16>, tensor<16x8xf16>) -> tensor<4x8xf16>
  return %r : tensor<4x8xf16>
}

// -----

// Gemm with alpha != 1: scale, add beta * C and the activation in one loop.
// CHECK-LABEL: func.func @gemm_alpha_sigmoid
// CHECK: %[[MM:.*]] = linalg.matmul
// CHECK: linalg.generic {{.*}} ins(%[[MM]], %{{.*}} : tensor<2x4xf32>, tensor<4xf32>)
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: math.exp
// CHECK: arith.divf
// CHECK-NOT: linalg.generic
func.func @gemm_alpha_sigmoid(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>, %c: tensor<4xf32>) -> tensor<2x4xf32> {
  %r = graph.gemm %a, %b, %c {alpha = 0.5 : f32, beta = 1.0 : f32, transA = false, transB = false, activation = 4 : i32} : (tensor<2x3xf32>, tensor<3x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %r : tensor<2x4xf32>
}

// -----

// Gemm with alpha = 1: C stays the initial accumulator; the epilogue only
// applies the activation.
// CHECK-LABEL: func.func @gemm_bias_tanh
// CHECK: %[[INIT:.*]] = linalg.generic
// CHECK: %[[MM:.*]] = linalg.matmul {{.*}} outs(%[[INIT]] : tensor<2x4xf32>)
// CHECK: linalg.generic {{.*}} ins(%[[MM]] : tensor<2x4xf32>)
// CHECK: math.tanh
func.func @gemm_bias_tanh(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>, %c: tensor<4xf32>) -> tensor<2x4xf32> {
  %r = graph.gemm %a, %b, %c {alpha = 1.0 : f32, beta = 1.0 : f32, transA = false, transB = false, activation = 10 : i32} : (tensor<2x3xf32>, tensor<3x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %r : tensor<2x4xf32>
}

// -----

// Conv with relu6: the clip bounds come from activation_params.
// CHECK-LABEL: func.func @conv_relu6
// CHECK: %[[CONV:.*]] = linalg.conv_2d_nchw_fchw
// CHECK: linalg.generic {{.*}} ins(%[[CONV]] : tensor<1x8x6x6xf32>)
// CHECK: %[[LO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[M:.*]] = arith.maximumf %{{.*}}, %[[LO]]
// CHECK: %[[HI:.*]] = arith.constant 6.000000e+00 : f32
// CHECK: arith.minimumf %[[M]], %[[HI]]
func.func @conv_relu6(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>, %b: tensor<8xf32>) -> tensor<1x8x6x6xf32> {
  %r = graph.conv %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = 2 : i32, activation_params = array<f32: 0.0, 6.0>} : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>) -> tensor<1x8x6x6xf32>
  return %r : tensor<1x8x6x6xf32>
}

// -----

// An unbounded clip side (-inf) emits no compare.
// CHECK-LABEL: func.func @matmul_clip_max_only
// CHECK: linalg.matmul
// CHECK: linalg.generic
// CHECK-NOT: arith.maximumf
// CHECK: arith.minimumf
func.func @matmul_clip_max_only(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<2x4xf32> {
  %r = graph.matmul %a, %b {activation = 2 : i32, activation_params = array<f32: 0xFF800000, 6.0>} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return %r : tensor<2x4xf32>
}

// -----

// Elementwise graph.gelu and graph.silu share the activation builders.
// CHECK-LABEL: func.func @gelu_tanh
// CHECK: linalg.generic
// CHECK: math.tanh
// CHECK-NOT: math.erf
func.func @gelu_tanh(%x: tensor<4xf32>) -> tensor<4xf32> {
  %r = graph.gelu %x {tanh_approximation = true} : tensor<4xf32>
  return %r : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @silu_bf16
// CHECK: linalg.generic
// CHECK: arith.extf %{{.*}} : bf16 to f32
// CHECK: math.exp
// CHECK: arith.mulf
// CHECK: arith.truncf %{{.*}} : f32 to bf16
func.func @silu_bf16(%x: tensor<4xbf16>) -> tensor<4xbf16> {
  %r = graph.silu %x : tensor<4xbf16>
  return %r : tensor<4xbf16>
}
