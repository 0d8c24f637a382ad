// RUN: kiln-opt %s -split-input-file -verify-diagnostics

// One case per verifier error of the graph dialect (GraphOps.cpp), in the
// order the verifiers appear there.

//===----------------------------------------------------------------------===//
// ConstantOp
//===----------------------------------------------------------------------===//

// The custom form infers the result type from the value, so only the generic
// form can disagree.
func.func @constant_type_mismatch() -> tensor<3xf32> {
  // expected-error @+1 {{'graph.constant' op value type 'tensor<2xf32>' does not match result type 'tensor<3xf32>'}}
  %0 = "graph.constant"() <{value = dense<1.0> : tensor<2xf32>}> : () -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

//===----------------------------------------------------------------------===//
// Elementwise binary ops
//===----------------------------------------------------------------------===//

// -----

func.func @binary_element_types(%a: tensor<4xf32>, %b: tensor<4xf16>) -> tensor<4xf32> {
  // expected-error @+1 {{'graph.add' op operands must have the same element type}}
  %0 = graph.add %a, %b : (tensor<4xf32>, tensor<4xf16>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @binary_result_element_type(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf16> {
  // expected-error @+1 {{'graph.mul' op result element type must be 'f32'}}
  %0 = graph.mul %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf16>
  return %0 : tensor<4xf16>
}

// -----

// Comparisons produce booleans whatever their operands are.
func.func @comparison_result_element_type(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'graph.less' op result element type must be 'i1'}}
  %0 = graph.less %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @logic_not_boolean(%a: tensor<4xi32>, %b: tensor<4xi32>) -> tensor<4xi32> {
  // expected-error @+1 {{'graph.and' op operands must be boolean}}
  %0 = graph.and %a, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @binary_not_broadcastable(%a: tensor<2x3xf32>, %b: tensor<4xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'graph.sub' op operands are not broadcast-compatible}}
  %0 = graph.sub %a, %b : (tensor<2x3xf32>, tensor<4xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @binary_wrong_result_shape(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<3x3xf32> {
  // expected-error @+1 {{'graph.div' op result shape does not match the broadcast of the operand shapes}}
  %0 = graph.div %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// -----

func.func @where_element_types(%c: tensor<4xi1>, %x: tensor<4xf32>, %y: tensor<4xf16>) -> tensor<4xf32> {
  // expected-error @+1 {{'graph.where' op value operands and result must share an element type}}
  %0 = graph.where %c, %x, %y : (tensor<4xi1>, tensor<4xf32>, tensor<4xf16>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// The condition takes part in the broadcast.
func.func @where_condition_broadcast(%c: tensor<3xi1>, %x: tensor<4xf32>, %y: tensor<f32>) -> tensor<4xf32> {
  // expected-error @+1 {{'graph.where' op operands are not broadcast-compatible}}
  %0 = graph.where %c, %x, %y : (tensor<3xi1>, tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

//===----------------------------------------------------------------------===//
// MatMulOp / GemmOp
//===----------------------------------------------------------------------===//

// -----

func.func @matmul_scalar(%a: tensor<f32>, %b: tensor<4x4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'graph.matmul' op operands must have rank >= 1}}
  %0 = graph.matmul %a, %b : (tensor<f32>, tensor<4x4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @matmul_element_types(%a: tensor<2x4xf32>, %b: tensor<4x3xf32>) -> tensor<2x3xf16> {
  // expected-error @+1 {{'graph.matmul' op operands and result must share an element type}}
  %0 = graph.matmul %a, %b : (tensor<2x4xf32>, tensor<4x3xf32>) -> tensor<2x3xf16>
  return %0 : tensor<2x3xf16>
}

// -----

func.func @matmul_contraction(%a: tensor<2x4xf32>, %b: tensor<5x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'graph.matmul' op contraction dims differ: 4 vs 5}}
  %0 = graph.matmul %a, %b : (tensor<2x4xf32>, tensor<5x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @matmul_batch(%a: tensor<2x2x4xf32>, %b: tensor<3x4x3xf32>) -> tensor<3x2x3xf32> {
  // expected-error @+1 {{'graph.matmul' op batch dims are not broadcast-compatible}}
  %0 = graph.matmul %a, %b : (tensor<2x2x4xf32>, tensor<3x4x3xf32>) -> tensor<3x2x3xf32>
  return %0 : tensor<3x2x3xf32>
}

// -----

// A 1-D right operand drops the column dim from the result.
func.func @matmul_result_shape(%a: tensor<2x4xf32>, %b: tensor<4xf32>) -> tensor<2x1xf32> {
  // expected-error @+1 {{'graph.matmul' op result shape does not match operand shapes}}
  %0 = graph.matmul %a, %b : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x1xf32>
  return %0 : tensor<2x1xf32>
}

// -----

func.func @gemm_rank(%a: tensor<1x2x4xf32>, %b: tensor<4x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'graph.gemm' op operands and result must be 2-D}}
  %0 = graph.gemm %a, %b {alpha = 1.0 : f32, beta = 1.0 : f32, transA = false, transB = false}
      : (tensor<1x2x4xf32>, tensor<4x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// transB makes B's K its second dim: 3 here, against A's 4.
func.func @gemm_contraction(%a: tensor<2x4xf32>, %b: tensor<4x3xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'graph.gemm' op contraction dims differ: 4 vs 3}}
  %0 = graph.gemm %a, %b {alpha = 1.0 : f32, beta = 1.0 : f32, transA = false, transB = true}
      : (tensor<2x4xf32>, tensor<4x3xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @gemm_result_shape(%a: tensor<4x2xf32>, %b: tensor<4x3xf32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{'graph.gemm' op result shape must be 2x3}}
  %0 = graph.gemm %a, %b {alpha = 1.0 : f32, beta = 1.0 : f32, transA = true, transB = false}
      : (tensor<4x2xf32>, tensor<4x3xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @gemm_c_not_broadcastable(%a: tensor<2x4xf32>, %b: tensor<4x3xf32>, %c: tensor<2xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'graph.gemm' op C does not broadcast to the result}}
  %0 = graph.gemm %a, %b, %c {alpha = 1.0 : f32, beta = 1.0 : f32, transA = false, transB = false}
      : (tensor<2x4xf32>, tensor<4x3xf32>, tensor<2xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// C may not add dims to the result: a 3-D C broadcasts to a 3-D shape.
func.func @gemm_c_rank(%a: tensor<2x4xf32>, %b: tensor<4x3xf32>, %c: tensor<1x1x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'graph.gemm' op result shape does not match the broadcast of the operand shapes}}
  %0 = graph.gemm %a, %b, %c {alpha = 1.0 : f32, beta = 1.0 : f32, transA = false, transB = false}
      : (tensor<2x4xf32>, tensor<4x3xf32>, tensor<1x1x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

//===----------------------------------------------------------------------===//
// Convolution and pooling
//===----------------------------------------------------------------------===//

// -----

func.func @conv_weight_rank(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+1 {{'graph.conv' op weight rank must equal input rank}}
  %0 = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                          dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x3x8x8xf32>, tensor<4x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

func.func @conv_residual_broadcast(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>,
                                   %r: tensor<1x4x1x1xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+1 {{'graph.conv' op residual type 'tensor<1x4x1x1xf32>' must equal the result type 'tensor<1x4x6x6xf32>'}}
  %0 = graph.conv %x, %w residual(%r) {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                                       dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<1x4x1x1xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

func.func @conv_group(%x: tensor<1x6x8x8xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+1 {{'graph.conv' op group 3 must divide input channels 6 and output channels 4}}
  %0 = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                          dilations = array<i64: 1, 1>, group = 3 : i64}
      : (tensor<1x6x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

func.func @conv_channels_per_group(%x: tensor<1x6x8x8xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+1 {{'graph.conv' op weight has 2 input channels per group, expected 3}}
  %0 = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                          dilations = array<i64: 1, 1>, group = 2 : i64}
      : (tensor<1x6x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

func.func @conv_result_channels(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x3x6x6xf32> {
  // expected-error @+1 {{'graph.conv' op result must be N x 4 x ...}}
  %0 = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                          dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x3x6x6xf32>
  return %0 : tensor<1x3x6x6xf32>
}

// -----

func.func @conv_bias(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+1 {{'graph.conv' op bias must have 4 elements}}
  %0 = graph.conv %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                              dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

func.func @conv_rank(%x: tensor<8xf32>, %w: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'graph.conv' op expects N x C x spatial... input and result}}
  %0 = graph.conv %x, %w {strides = array<i64>, pads = array<i64>,
                         dilations = array<i64>, group = 1 : i64}
      : (tensor<8xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @pool_rank(%x: tensor<1x8xf32>) -> tensor<1x4xf32> {
  // expected-error @+1 {{'graph.max_pool' op expects N x C x spatial... input and result}}
  %0 = graph.max_pool %x {kernel_shape = array<i64: 2>, strides = array<i64: 2>,
                         pads = array<i64: 0, 0>, dilations = array<i64: 1>}
      : (tensor<1x8xf32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

func.func @window_attribute_lengths(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+1 {{'graph.conv' op attribute lengths do not match 2 spatial dims}}
  %0 = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0>,
                          dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

func.func @window_non_positive(%x: tensor<1x3x8x8xf32>) -> tensor<1x3x4x4xf32> {
  // expected-error @+1 {{'graph.max_pool' op kernel, strides and dilations must be positive and pads non-negative}}
  %0 = graph.max_pool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 0, 2>,
                         pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>}
      : (tensor<1x3x8x8xf32>) -> tensor<1x3x4x4xf32>
  return %0 : tensor<1x3x4x4xf32>
}

// -----

func.func @window_too_large(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x1x1xf32> {
  // expected-error @+1 {{'graph.average_pool' op window larger than padded input in dim 3}}
  %0 = graph.average_pool %x {kernel_shape = array<i64: 4, 6>, strides = array<i64: 1, 1>,
                             pads = array<i64: 0, 0, 0, 1>, count_include_pad = false}
      : (tensor<1x2x4x4xf32>) -> tensor<1x2x1x1xf32>
  return %0 : tensor<1x2x1x1xf32>
}

// -----

// Convolutions have no ceil mode: (8 - 3) / 2 + 1 = 3, not 4.
func.func @conv_result_spatial(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x3x4xf32> {
  // expected-error @+1 {{'graph.conv' op result spatial dim 3 is 4, expected 3}}
  %0 = graph.conv %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>,
                          dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x3x4xf32>
  return %0 : tensor<1x4x3x4xf32>
}

// -----

// Pools accept the ceil-mode size, but nothing else.
func.func @pool_result_spatial(%x: tensor<1x2x5x5xf32>) -> tensor<1x2x4x3xf32> {
  // expected-error @+1 {{'graph.max_pool' op result spatial dim 2 is 4, expected 2}}
  %0 = graph.max_pool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>,
                         pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>}
      : (tensor<1x2x5x5xf32>) -> tensor<1x2x4x3xf32>
  return %0 : tensor<1x2x4x3xf32>
}

// -----

func.func @batch_norm_rank(%x: tensor<8xf32>, %s: tensor<8xf32>) -> tensor<8xf32> {
  // expected-error @+1 {{'graph.batch_norm' op expects rank >= 2 and a result of the input's shape}}
  %0 = graph.batch_norm %x, %s, %s, %s, %s {epsilon = 1.0e-05 : f32}
      : (tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  return %0 : tensor<8xf32>
}

// -----

func.func @batch_norm_per_channel(%x: tensor<1x4x2x2xf32>, %s: tensor<4xf32>, %v: tensor<2xf32>) -> tensor<1x4x2x2xf32> {
  // expected-error @+1 {{'graph.batch_norm' op per-channel operands must have 4 elements}}
  %0 = graph.batch_norm %x, %s, %s, %s, %v {epsilon = 1.0e-05 : f32}
      : (tensor<1x4x2x2xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<2xf32>) -> tensor<1x4x2x2xf32>
  return %0 : tensor<1x4x2x2xf32>
}

//===----------------------------------------------------------------------===//
// Reductions and normalizations
//===----------------------------------------------------------------------===//

// -----

func.func @reduce_axes_unsorted(%x: tensor<2x3x4xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'graph.reduce_sum' op axes must be sorted, unique and in [0, rank)}}
  %0 = graph.reduce_sum %x {axes = array<i64: 2, 0>, keepdims = false} : (tensor<2x3x4xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// Negative axes are normalized by the importer.
func.func @reduce_axes_negative(%x: tensor<2x3xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'graph.reduce_max' op axes must be sorted, unique and in [0, rank)}}
  %0 = graph.reduce_max %x {axes = array<i64: -1>, keepdims = false} : (tensor<2x3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @reduce_result_shape(%x: tensor<2x3xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'graph.reduce_mean' op result shape does not match reduced input shape}}
  %0 = graph.reduce_mean %x {axes = array<i64: 1>, keepdims = true} : (tensor<2x3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @softmax_axis(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'graph.softmax' op axis must be in [0, rank)}}
  %0 = graph.softmax %x {axis = 2 : i64} : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @layer_norm_axis(%x: tensor<2x8xf32>, %g: tensor<8xf32>) -> tensor<2x8xf32> {
  // expected-error @+1 {{'graph.layer_norm' op axis must be in [0, rank)}}
  %0 = graph.layer_norm %x, %g {axis = -1 : i64, epsilon = 1.0e-05 : f32}
      : (tensor<2x8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// -----

func.func @layer_norm_result_shape(%x: tensor<2x8xf32>, %g: tensor<8xf32>) -> tensor<1x8xf32> {
  // expected-error @+1 {{'graph.layer_norm' op result must have the input's shape}}
  %0 = graph.layer_norm %x, %g {axis = 1 : i64, epsilon = 1.0e-05 : f32}
      : (tensor<2x8xf32>, tensor<8xf32>) -> tensor<1x8xf32>
  return %0 : tensor<1x8xf32>
}

// -----

func.func @layer_norm_scale(%x: tensor<2x8xf32>, %g: tensor<8xf32>, %b: tensor<4xf32>) -> tensor<2x8xf32> {
  // expected-error @+1 {{'graph.layer_norm' op scale and bias must broadcast to the normalized dims}}
  %0 = graph.layer_norm %x, %g, %b {axis = 1 : i64, epsilon = 1.0e-05 : f32}
      : (tensor<2x8xf32>, tensor<8xf32>, tensor<4xf32>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

// -----

func.func @reshape_count(%x: tensor<2x3xf32>) -> tensor<7xf32> {
  // expected-error @+1 {{'graph.reshape' op must preserve element type and count}}
  %0 = graph.reshape %x : (tensor<2x3xf32>) -> tensor<7xf32>
  return %0 : tensor<7xf32>
}

// -----

func.func @reshape_element_type(%x: tensor<2x3xf32>) -> tensor<6xi32> {
  // expected-error @+1 {{'graph.reshape' op must preserve element type and count}}
  %0 = graph.reshape %x : (tensor<2x3xf32>) -> tensor<6xi32>
  return %0 : tensor<6xi32>
}

// -----

func.func @transpose_perm_length(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // expected-error @+1 {{'graph.transpose' op perm must have one entry per dim}}
  %0 = graph.transpose %x {perm = array<i64: 1, 0, 2>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

func.func @transpose_not_permutation(%x: tensor<2x3xf32>) -> tensor<3x3xf32> {
  // expected-error @+1 {{'graph.transpose' op perm must be a permutation}}
  %0 = graph.transpose %x {perm = array<i64: 1, 1>} : (tensor<2x3xf32>) -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// -----

func.func @transpose_result(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'graph.transpose' op result dim 0 must be 3}}
  %0 = graph.transpose %x {perm = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @concat_empty() -> tensor<0xf32> {
  // expected-error @+1 {{'graph.concat' op needs at least one input}}
  %0 = graph.concat {axis = 0 : i64} : () -> tensor<0xf32>
  return %0 : tensor<0xf32>
}

// -----

func.func @concat_axis(%a: tensor<1x2xf32>) -> tensor<1x2xf32> {
  // expected-error @+1 {{'graph.concat' op axis must be in [0, rank)}}
  %0 = graph.concat %a {axis = 2 : i64} : (tensor<1x2xf32>) -> tensor<1x2xf32>
  return %0 : tensor<1x2xf32>
}

// -----

func.func @concat_rank(%a: tensor<1x2xf32>, %b: tensor<2xf32>) -> tensor<1x4xf32> {
  // expected-error @+1 {{'graph.concat' op inputs must match the result's rank and element type}}
  %0 = graph.concat %a, %b {axis = 1 : i64} : (tensor<1x2xf32>, tensor<2xf32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

func.func @concat_other_dim(%a: tensor<1x2xf32>, %b: tensor<2x3xf32>) -> tensor<1x5xf32> {
  // expected-error @+1 {{'graph.concat' op inputs differ in a non-concatenated dim}}
  %0 = graph.concat %a, %b {axis = 1 : i64} : (tensor<1x2xf32>, tensor<2x3xf32>) -> tensor<1x5xf32>
  return %0 : tensor<1x5xf32>
}

// -----

func.func @concat_total(%a: tensor<1x2xf32>, %b: tensor<1x3xf32>) -> tensor<1x6xf32> {
  // expected-error @+1 {{'graph.concat' op result size along axis must be 5}}
  %0 = graph.concat %a, %b {axis = 1 : i64} : (tensor<1x2xf32>, tensor<1x3xf32>) -> tensor<1x6xf32>
  return %0 : tensor<1x6xf32>
}

// -----

func.func @slice_lengths(%x: tensor<4x8xf32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{'graph.slice' op starts and steps need one entry per dim}}
  %0 = graph.slice %x {starts = array<i64: 0>, steps = array<i64: 1, 2>} : (tensor<4x8xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @slice_zero_step(%x: tensor<4x8xf32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{'graph.slice' op steps must be non-zero}}
  %0 = graph.slice %x {starts = array<i64: 0, 0>, steps = array<i64: 1, 0>} : (tensor<4x8xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// The last element read along dim 1 would be 2 + 3 * 2 = 8, past the end.
func.func @slice_out_of_bounds(%x: tensor<4x8xf32>) -> tensor<4x4xf32> {
  // expected-error @+1 {{'graph.slice' op slice of dim 1 reads out of bounds}}
  %0 = graph.slice %x {starts = array<i64: 0, 2>, steps = array<i64: 1, 2>} : (tensor<4x8xf32>) -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// -----

func.func @gather_axis(%d: tensor<4x8xf32>, %i: tensor<2xi64>) -> tensor<4x2xf32> {
  // expected-error @+1 {{'graph.gather' op axis must be in [0, rank)}}
  %0 = graph.gather %d, %i {axis = 2 : i64} : (tensor<4x8xf32>, tensor<2xi64>) -> tensor<4x2xf32>
  return %0 : tensor<4x2xf32>
}

// -----

func.func @gather_result_shape(%d: tensor<4x8xf32>, %i: tensor<2xi64>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'graph.gather' op result shape does not match data and indices}}
  %0 = graph.gather %d, %i {axis = 1 : i64} : (tensor<4x8xf32>, tensor<2xi64>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @expand_not_broadcastable(%x: tensor<2x3xf32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{'graph.expand' op operands are not broadcast-compatible}}
  %0 = graph.expand %x : (tensor<2x3xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// Expand only grows dims: broadcasting a 3 against the result's 1 gives 3.
func.func @expand_shrinks(%x: tensor<3xf32>) -> tensor<2x1xf32> {
  // expected-error @+1 {{'graph.expand' op result shape does not match the broadcast of the operand shapes}}
  %0 = graph.expand %x : (tensor<3xf32>) -> tensor<2x1xf32>
  return %0 : tensor<2x1xf32>
}

// -----

func.func @pad_length(%x: tensor<2x2xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'graph.pad' op pads needs two entries per dim}}
  %0 = graph.pad %x {pads = array<i64: 0, 1>, mode = 0 : i32, value = 0.0 : f64} : (tensor<2x2xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @pad_negative(%x: tensor<2x2xf32>) -> tensor<2x1xf32> {
  // expected-error @+1 {{'graph.pad' op pads must be non-negative}}
  %0 = graph.pad %x {pads = array<i64: 0, 0, 0, -1>, mode = 0 : i32, value = 0.0 : f64} : (tensor<2x2xf32>) -> tensor<2x1xf32>
  return %0 : tensor<2x1xf32>
}

// -----

func.func @pad_result(%x: tensor<2x2xf32>) -> tensor<2x5xf32> {
  // expected-error @+1 {{'graph.pad' op result dim 1 does not match the pads}}
  %0 = graph.pad %x {pads = array<i64: 0, 1, 0, 1>, mode = 0 : i32, value = 0.0 : f64} : (tensor<2x2xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

func.func @pad_reflect_too_wide(%x: tensor<2x2xf32>) -> tensor<2x6xf32> {
  // expected-error @+1 {{'graph.pad' op reflect pads must be smaller than the dim}}
  %0 = graph.pad %x {pads = array<i64: 0, 2, 0, 2>, mode = 1 : i32, value = 0.0 : f64} : (tensor<2x2xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

func.func @pad_edge_of_empty(%x: tensor<0x2xf32>) -> tensor<1x2xf32> {
  // expected-error @+1 {{'graph.pad' op edge padding of an empty dim}}
  %0 = graph.pad %x {pads = array<i64: 1, 0, 0, 0>, mode = 2 : i32, value = 0.0 : f64} : (tensor<0x2xf32>) -> tensor<1x2xf32>
  return %0 : tensor<1x2xf32>
}

// -----

func.func @mod_dtypes(%x: tensor<2xi32>, %y: tensor<2xi64>) -> tensor<2xi32> {
  // expected-error @+1 {{'graph.mod' op operands must have the same element type}}
  %0 = graph.mod %x, %y {fmod = false} : (tensor<2xi32>, tensor<2xi64>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

func.func @shift_broadcast(%x: tensor<2xui8>, %y: tensor<3xui8>) -> tensor<3xui8> {
  // expected-error @+1 {{'graph.shift_left' op operands are not broadcast-compatible}}
  %0 = graph.shift_left %x, %y : (tensor<2xui8>, tensor<3xui8>) -> tensor<3xui8>
  return %0 : tensor<3xui8>
}

// -----

func.func @arg_max_axis(%x: tensor<2x3xf32>) -> tensor<2xi64> {
  // expected-error @+1 {{'graph.arg_max' op axis 2 must be in [0, 2)}}
  %0 = graph.arg_max %x {axis = 2 : i64, keepdims = false, select_last_index = false} : (tensor<2x3xf32>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

func.func @arg_min_shape(%x: tensor<2x3xf32>) -> tensor<2xi64> {
  // expected-error @+1 {{'graph.arg_min' op result shape does not match the reduced input}}
  %0 = graph.arg_min %x {axis = 1 : i64, keepdims = true, select_last_index = false} : (tensor<2x3xf32>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

func.func @arg_max_empty(%x: tensor<2x0xf32>) -> tensor<2xi64> {
  // expected-error @+1 {{'graph.arg_max' op cannot reduce an empty axis}}
  %0 = graph.arg_max %x {axis = 1 : i64, keepdims = false, select_last_index = false} : (tensor<2x0xf32>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

func.func @top_k_too_many(%x: tensor<3x4xf32>) -> (tensor<3x5xf32>, tensor<3x5xi64>) {
  // expected-error @+1 {{'graph.top_k' op results must have the input's shape with at most 4 elements along the axis}}
  %0:2 = graph.top_k %x {axis = 1 : i64, largest = true} : (tensor<3x4xf32>) -> (tensor<3x5xf32>, tensor<3x5xi64>)
  return %0#0, %0#1 : tensor<3x5xf32>, tensor<3x5xi64>
}

// -----

func.func @top_k_shapes(%x: tensor<3x4xf32>) -> (tensor<3x2xf32>, tensor<3x1xi64>) {
  // expected-error @+1 {{'graph.top_k' op values and indices must have the same shape}}
  %0:2 = graph.top_k %x {axis = 1 : i64, largest = true} : (tensor<3x4xf32>) -> (tensor<3x2xf32>, tensor<3x1xi64>)
  return %0#0, %0#1 : tensor<3x2xf32>, tensor<3x1xi64>
}

// -----

func.func @cumsum_axis(%x: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'graph.cumsum' op axis 1 must be in [0, 1)}}
  %0 = graph.cumsum %x {axis = 1 : i64, exclusive = false, reverse = false} : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @gather_elements_shape(%d: tensor<3x3xf32>, %i: tensor<2x3xi64>) -> tensor<3x3xf32> {
  // expected-error @+1 {{'graph.gather_elements' op result must have the shape of indices and the element type of data}}
  %0 = graph.gather_elements %d, %i {axis = 0 : i64} : (tensor<3x3xf32>, tensor<2x3xi64>) -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// -----

func.func @gather_elements_rank(%d: tensor<3x3xf32>, %i: tensor<3xi64>) -> tensor<3xf32> {
  // expected-error @+1 {{'graph.gather_elements' op indices must have the rank of data}}
  %0 = graph.gather_elements %d, %i {axis = 0 : i64} : (tensor<3x3xf32>, tensor<3xi64>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @gather_nd_tuple(%d: tensor<2x2xf32>, %i: tensor<2x3xi64>) -> tensor<2xf32> {
  // expected-error @+1 {{'graph.gather_nd' op the last dim of indices must be in [1, 2]}}
  %0 = graph.gather_nd %d, %i {batch_dims = 0 : i64} : (tensor<2x2xf32>, tensor<2x3xi64>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @gather_nd_batch(%d: tensor<2x2xf32>, %i: tensor<3x1xi64>) -> tensor<3xf32> {
  // expected-error @+1 {{'graph.gather_nd' op data and indices must share the batch dims}}
  %0 = graph.gather_nd %d, %i {batch_dims = 1 : i64} : (tensor<2x2xf32>, tensor<3x1xi64>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @gather_nd_result(%d: tensor<2x2xf32>, %i: tensor<2x1xi64>) -> tensor<2xf32> {
  // expected-error @+1 {{'graph.gather_nd' op result shape does not match data and indices}}
  %0 = graph.gather_nd %d, %i {batch_dims = 0 : i64} : (tensor<2x2xf32>, tensor<2x1xi64>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @scatter_elements_shapes(%d: tensor<3x3xf32>, %i: tensor<2x3xi64>, %u: tensor<2x2xf32>) -> tensor<3x3xf32> {
  // expected-error @+1 {{'graph.scatter_elements' op indices and updates must have the same shape}}
  %0 = graph.scatter_elements %d, %i, %u {axis = 0 : i64, reduction = 0 : i32} : (tensor<3x3xf32>, tensor<2x3xi64>, tensor<2x2xf32>) -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// -----

func.func @scatter_elements_wide(%d: tensor<3x3xf32>, %i: tensor<2x4xi64>, %u: tensor<2x4xf32>) -> tensor<3x3xf32> {
  // expected-error @+1 {{'graph.scatter_elements' op indices dim 1 is larger than the data dim}}
  %0 = graph.scatter_elements %d, %i, %u {axis = 0 : i64, reduction = 0 : i32} : (tensor<3x3xf32>, tensor<2x4xi64>, tensor<2x4xf32>) -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// -----

func.func @scatter_nd_updates(%d: tensor<4x4xf32>, %i: tensor<2x1xi64>, %u: tensor<2x3xf32>) -> tensor<4x4xf32> {
  // expected-error @+1 {{'graph.scatter_nd' op updates must have shape indices.shape[:-1] ++ data.shape[m:]}}
  %0 = graph.scatter_nd %d, %i, %u {reduction = 0 : i32} : (tensor<4x4xf32>, tensor<2x1xi64>, tensor<2x3xf32>) -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}
