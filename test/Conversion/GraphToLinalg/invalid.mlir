// RUN: kiln-opt %s --kiln-convert-graph-to-linalg --split-input-file --verify-diagnostics

func.func @pow_unsigned(%x: tensor<2xui64>) -> tensor<2xui64> {
  // expected-error @+1 {{'graph.pow' op on ui64 tensors is not supported}}
  %0 = graph.pow %x, %x : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
  return %0 : tensor<2xui64>
}

// -----

func.func @neg_unsigned(%x: tensor<2xui8>) -> tensor<2xui8> {
  // expected-error @+1 {{'graph.neg' op on ui8 tensors is not supported}}
  %0 = graph.neg %x : tensor<2xui8>
  return %0 : tensor<2xui8>
}

// -----

func.func @add_bool(%x: tensor<2xi1>) -> tensor<2xi1> {
  // expected-error @+1 {{'graph.add' op on i1 tensors is not supported}}
  %0 = graph.add %x, %x : (tensor<2xi1>, tensor<2xi1>) -> tensor<2xi1>
  return %0 : tensor<2xi1>
}

// -----

func.func @matmul_bool(%x: tensor<2x2xi1>) -> tensor<2x2xi1> {
  // expected-error @+1 {{'graph.matmul' op on i1 tensors is not supported}}
  %0 = graph.matmul %x, %x : (tensor<2x2xi1>, tensor<2x2xi1>) -> tensor<2x2xi1>
  return %0 : tensor<2x2xi1>
}

// -----

func.func @reduce_sum_bool(%x: tensor<2x2xi1>) -> tensor<2xi1> {
  // expected-error @+1 {{'graph.reduce_sum' op on i1 tensors is not supported}}
  %0 = graph.reduce_sum %x {axes = array<i64: 1>, keepdims = false} : (tensor<2x2xi1>) -> tensor<2xi1>
  return %0 : tensor<2xi1>
}

// -----

func.func @reduce_mean_i8_too_many(%x: tensor<2x200xi8>) -> tensor<2xi8> {
  // expected-error @+1 {{'graph.reduce_mean' op averages 200 elements, which the integer element type cannot divide by}}
  %0 = graph.reduce_mean %x {axes = array<i64: 1>, keepdims = false} : (tensor<2x200xi8>) -> tensor<2xi8>
  return %0 : tensor<2xi8>
}

// -----

// Constant indices are checked at compile time.
func.func @gather_constant_out_of_range(%d: tensor<5x3xf32>) -> tensor<2x3xf32> {
  %i = graph.constant dense<[1, -6]> : tensor<2xi64>
  // expected-error @+1 {{'graph.gather' op index -6 is out of range for axis 0 of size 5}}
  %0 = graph.gather %d, %i {axis = 0 : i64} : (tensor<5x3xf32>, tensor<2xi64>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @gather_empty_axis(%d: tensor<0x3xf32>, %i: tensor<2xi64>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'graph.gather' op gathers from an empty axis}}
  %0 = graph.gather %d, %i {axis = 0 : i64} : (tensor<0x3xf32>, tensor<2xi64>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// The verifier accepts any shape-compatible scale; ONNX wants one that
// broadcasts to the normalized dims.
func.func @layer_norm_scale_too_big(%x: tensor<2x3x4xf32>, %g: tensor<2x1x4xf32>) -> tensor<2x3x4xf32> {
  // expected-error @+1 {{'graph.layer_norm' op needs scale and bias that broadcast to the normalized dims}}
  %0 = graph.layer_norm %x, %g {axis = 2 : i64, epsilon = 1.0e-05 : f32} : (tensor<2x3x4xf32>, tensor<2x1x4xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

func.func @clip_bool(%x: tensor<2xi1>) -> tensor<2xi1> {
  // expected-error @+1 {{'graph.clip' op on i1 tensors is not supported}}
  %0 = graph.clip %x {min = 0.0 : f64} : tensor<2xi1>
  return %0 : tensor<2xi1>
}

// -----

func.func @matmul_int_sigmoid(%a: tensor<2x3xi32>, %b: tensor<3x4xi32>) -> tensor<2x4xi32> {
  // expected-error @+1 {{'graph.matmul' op with activation 'sigmoid' on integer tensors is not supported}}
  %0 = graph.matmul %a, %b {activation = 4 : i32} : (tensor<2x3xi32>, tensor<3x4xi32>) -> tensor<2x4xi32>
  return %0 : tensor<2x4xi32>
}

// -----

func.func @conv_clip_nan(%x: tensor<1x1x4x4xf32>, %w: tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32> {
  // expected-error @+1 {{'graph.conv' op has a NaN clip bound}}
  %0 = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = 2 : i32, activation_params = array<f32: 0x7FC00000, 6.0>} : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

func.func @shift_signed(%x: tensor<2xi32>) -> tensor<2xi32> {
  // expected-error @+1 {{'graph.shift_left' op on i32 tensors is not supported}}
  %0 = graph.shift_left %x, %x : (tensor<2xi32>, tensor<2xi32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

func.func @mod_bool(%x: tensor<2xi1>) -> tensor<2xi1> {
  // expected-error @+1 {{'graph.mod' op on i1 tensors is not supported}}
  %0 = graph.mod %x, %x {fmod = false} : (tensor<2xi1>, tensor<2xi1>) -> tensor<2xi1>
  return %0 : tensor<2xi1>
}

// -----

func.func @arg_max_bool(%x: tensor<2x3xi1>) -> tensor<2xi64> {
  // expected-error @+1 {{'graph.arg_max' op on i1 tensors is not supported}}
  %0 = graph.arg_max %x {axis = 1 : i64, keepdims = false, select_last_index = false} : (tensor<2x3xi1>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

func.func @cumsum_bool(%x: tensor<3xi1>) -> tensor<3xi1> {
  // expected-error @+1 {{'graph.cumsum' op on i1 tensors is not supported}}
  %0 = graph.cumsum %x {axis = 0 : i64, exclusive = false, reverse = false} : tensor<3xi1>
  return %0 : tensor<3xi1>
}

// -----

func.func @scatter_add_bool(%d: tensor<3xi1>, %i: tensor<1xi64>, %u: tensor<1xi1>) -> tensor<3xi1> {
  // expected-error @+1 {{'graph.scatter_elements' op on i1 tensors is not supported}}
  %0 = graph.scatter_elements %d, %i, %u {axis = 0 : i64, reduction = 1 : i32} : (tensor<3xi1>, tensor<1xi64>, tensor<1xi1>) -> tensor<3xi1>
  return %0 : tensor<3xi1>
}
