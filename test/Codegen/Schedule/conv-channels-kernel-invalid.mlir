// RUN: kiln-opt %s --kiln-convert-graph-to-linalg --split-input-file --verify-diagnostics

// conv2d_nchw_cvec schedules the kernel cannot follow: errors on the op,
// never a fallback to the generic lowering.

func.func @b_source(%x: tensor<1x4x7x7xf32>) -> tensor<1x32x7x7xf32> {
  %w = graph.constant dense<0.5> : tensor<32x4x1x1xf32>
  // expected-error @below {{malformed 'kiln.schedule': key 'b_source' only applies to conv2d_nchw}}
  %y = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64,
      kiln.schedule = {kernel = "conv2d_nchw_cvec", vector_width = 16 : i64, mr = 8 : i64, nr = 32 : i64, kc = 4 : i64, m_split = 1 : i64, parallel = false, b_source = "direct"}}
      : (tensor<1x4x7x7xf32>, tensor<32x4x1x1xf32>) -> tensor<1x32x7x7xf32>
  return %y : tensor<1x32x7x7xf32>
}

// -----

func.func @on_matmul(%x: tensor<8x8xf32>) -> tensor<8x32xf32> {
  %w = graph.constant dense<0.5> : tensor<8x32xf32>
  // expected-error @below {{'kiln.schedule' kernel does not apply to graph.matmul}}
  %y = graph.matmul %x, %w {kiln.schedule = {kernel = "conv2d_nchw_cvec", vector_width = 16 : i64, mr = 8 : i64, nr = 32 : i64, kc = 8 : i64, m_split = 1 : i64, parallel = false}}
      : (tensor<8x8xf32>, tensor<8x32xf32>) -> tensor<8x32xf32>
  return %y : tensor<8x32xf32>
}

// -----

// 256x256 pixels x 32 channels of scratch: 8 MiB, far beyond the stack.
func.func @scratch_too_large(%x: tensor<1x1x256x256xf32>) -> tensor<1x32x256x256xf32> {
  %w = graph.constant dense<0.5> : tensor<32x1x1x1xf32>
  // expected-error @below {{kiln.schedule conv2d_nchw_cvec scratch tile of 65536x32 floats exceeds 1048576 bytes of stack}}
  %y = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64,
      kiln.schedule = {kernel = "conv2d_nchw_cvec", vector_width = 16 : i64, mr = 8 : i64, nr = 32 : i64, kc = 1 : i64, m_split = 1 : i64, parallel = false}}
      : (tensor<1x1x256x256xf32>, tensor<32x1x1x1xf32>) -> tensor<1x32x256x256xf32>
  return %y : tensor<1x32x256x256xf32>
}

// -----

// The epilogue transposes vw x vw blocks in registers: vw must be a power
// of two.
func.func @vector_width_not_power_of_two(%x: tensor<1x4x7x7xf32>) -> tensor<1x6x7x7xf32> {
  %w = graph.constant dense<0.5> : tensor<6x4x1x1xf32>
  // expected-error @below {{conv2d_nchw_cvec needs a power-of-two vector_width (its epilogue transposes vw x vw blocks), got 3}}
  %y = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64,
      kiln.schedule = {kernel = "conv2d_nchw_cvec", vector_width = 3 : i64, mr = 4 : i64, nr = 6 : i64, kc = 4 : i64, m_split = 1 : i64, parallel = false}}
      : (tensor<1x4x7x7xf32>, tensor<6x4x1x1xf32>) -> tensor<1x6x7x7xf32>
  return %y : tensor<1x6x7x7xf32>
}
