// RUN: kiln-opt %s --kiln-convert-graph-to-linalg --split-input-file --verify-diagnostics

// A schedule the kernels cannot follow is an error on the op, never a
// silent fallback to the generic lowering.

func.func @unknown_kernel(%x: tensor<8x8xf32>) -> tensor<8x8xf32> {
  %w = graph.constant dense<0.5> : tensor<8x8xf32>
  // expected-error @below {{malformed 'kiln.schedule': key 'kernel' names no known kernel: 'winograd'}}
  %y = graph.matmul %x, %w {kiln.schedule = {kernel = "winograd", vector_width = 8 : i64, mr = 8 : i64, nr = 8 : i64, kc = 8 : i64, m_split = 1 : i64, parallel = false}}
      : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
  return %y : tensor<8x8xf32>
}

// -----

func.func @nr_not_multiple(%x: tensor<8x8xf32>) -> tensor<8x48xf32> {
  %w = graph.constant dense<0.5> : tensor<8x48xf32>
  // expected-error @below {{malformed 'kiln.schedule': key 'nr' must be a multiple of vector_width (16), got 24}}
  %y = graph.matmul %x, %w {kiln.schedule = {kernel = "gemm", vector_width = 16 : i64, mr = 8 : i64, nr = 24 : i64, kc = 8 : i64, m_split = 1 : i64, parallel = false}}
      : (tensor<8x8xf32>, tensor<8x48xf32>) -> tensor<8x48xf32>
  return %y : tensor<8x48xf32>
}

// -----

func.func @direct_3x3(%x: tensor<1x4x8x8xf32>) -> tensor<1x8x6x6xf32> {
  %w = graph.constant dense<0.5> : tensor<8x4x3x3xf32>
  // expected-error @below {{kiln.schedule b_source = "direct" needs a 1x1 kernel with unit strides and dilations and no padding}}
  %y = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64,
      kiln.schedule = {kernel = "conv2d_nchw", vector_width = 16 : i64, mr = 8 : i64, nr = 32 : i64, kc = 36 : i64, m_split = 1 : i64, parallel = false, b_source = "direct"}}
      : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x6x6xf32>
  return %y : tensor<1x8x6x6xf32>
}

// -----

func.func @gemm_on_conv(%x: tensor<1x4x8x8xf32>) -> tensor<1x8x8x8xf32> {
  %w = graph.constant dense<0.5> : tensor<8x4x1x1xf32>
  // expected-error @below {{'kiln.schedule' kernel does not apply to graph.conv}}
  %y = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64,
      kiln.schedule = {kernel = "gemm", vector_width = 16 : i64, mr = 8 : i64, nr = 32 : i64, kc = 4 : i64, m_split = 1 : i64, parallel = false}}
      : (tensor<1x4x8x8xf32>, tensor<8x4x1x1xf32>) -> tensor<1x8x8x8xf32>
  return %y : tensor<1x8x8x8xf32>
}

// -----

func.func @b_source_on_gemm(%x: tensor<8x8xf32>) -> tensor<8x16xf32> {
  %w = graph.constant dense<0.5> : tensor<8x16xf32>
  // expected-error @below {{malformed 'kiln.schedule': key 'b_source' only applies to conv2d_nchw}}
  %y = graph.matmul %x, %w {kiln.schedule = {kernel = "gemm", vector_width = 16 : i64, mr = 8 : i64, nr = 16 : i64, kc = 8 : i64, m_split = 1 : i64, parallel = false, b_source = "im2col"}}
      : (tensor<8x8xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
  return %y : tensor<8x16xf32>
}

// -----

func.func @not_a_dictionary(%x: tensor<8x8xf32>) -> tensor<8x16xf32> {
  %w = graph.constant dense<0.5> : tensor<8x16xf32>
  // expected-error @below {{'kiln.schedule' must be a dictionary}}
  %y = graph.matmul %x, %w {kiln.schedule = "fast"} : (tensor<8x8xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
  return %y : tensor<8x16xf32>
}

// -----

func.func @too_many_accumulators(%x: tensor<64x8xf32>) -> tensor<64x256xf32> {
  %w = graph.constant dense<0.5> : tensor<8x256xf32>
  // expected-error @below {{'kiln.schedule': register tile 64x256 needs more than 256 accumulators}}
  %y = graph.matmul %x, %w {kiln.schedule = {kernel = "gemm", vector_width = 16 : i64, mr = 64 : i64, nr = 256 : i64, kc = 8 : i64, m_split = 1 : i64, parallel = false}}
      : (tensor<64x8xf32>, tensor<8x256xf32>) -> tensor<64x256xf32>
  return %y : tensor<64x256xf32>
}

// -----

func.func @weights_not_constant(%x: tensor<8x8xf32>, %w: tensor<8x16xf32>) -> tensor<8x16xf32> {
  // expected-error @below {{'kiln.schedule' kernel gemm needs a constant 2-D rhs}}
  %y = graph.matmul %x, %w {kiln.schedule = {kernel = "gemm", vector_width = 16 : i64, mr = 8 : i64, nr = 16 : i64, kc = 8 : i64, m_split = 1 : i64, parallel = false}}
      : (tensor<8x8xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
  return %y : tensor<8x16xf32>
}

// -----

func.func @f16(%x: tensor<8x8xf16>) -> tensor<8x16xf16> {
  %w = graph.constant dense<0.5> : tensor<8x16xf16>
  // expected-error @below {{'kiln.schedule' needs f32 operands, got 'f16'}}
  %y = graph.matmul %x, %w {kiln.schedule = {kernel = "gemm", vector_width = 16 : i64, mr = 8 : i64, nr = 16 : i64, kc = 8 : i64, m_split = 1 : i64, parallel = false}}
      : (tensor<8x8xf16>, tensor<8x16xf16>) -> tensor<8x16xf16>
  return %y : tensor<8x16xf16>
}

// -----

func.func @conv_1d(%x: tensor<1x4x16xf32>) -> tensor<1x8x14xf32> {
  %w = graph.constant dense<0.5> : tensor<8x4x3xf32>
  // expected-error @below {{'kiln.schedule' kernel conv2d_nchw needs constant 2-D convolution weights}}
  %y = graph.conv %x, %w {strides = array<i64: 1>, pads = array<i64: 0, 0>, dilations = array<i64: 1>, group = 1 : i64,
      kiln.schedule = {kernel = "conv2d_nchw", vector_width = 16 : i64, mr = 8 : i64, nr = 16 : i64, kc = 12 : i64, m_split = 1 : i64, parallel = false, b_source = "im2col"}}
      : (tensor<1x4x16xf32>, tensor<8x4x3xf32>) -> tensor<1x8x14xf32>
  return %y : tensor<1x8x14xf32>
}

// -----

func.func @panel_too_large(%x: tensor<1x2048x4x4xf32>) -> tensor<1x8x2x2xf32> {
  %w = graph.constant dense<0.5> : tensor<8x2048x3x3xf32>
  // expected-error @below {{kiln.schedule im2col panel of 18432x32 floats exceeds 1048576 bytes of stack}}
  %y = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64,
      kiln.schedule = {kernel = "conv2d_nchw", vector_width = 16 : i64, mr = 8 : i64, nr = 32 : i64, kc = 18432 : i64, m_split = 1 : i64, parallel = false, b_source = "im2col"}}
      : (tensor<1x2048x4x4xf32>, tensor<8x2048x3x3xf32>) -> tensor<1x8x2x2xf32>
  return %y : tensor<1x8x2x2xf32>
}

// -----

// The weight prefetch is the convolution kernels'.
func.func @prefetch_on_gemm(%x: tensor<8x8xf32>) -> tensor<8x32xf32> {
  %w = graph.constant dense<0.5> : tensor<8x32xf32>
  // expected-error @below {{malformed 'kiln.schedule': key 'prefetch' only applies to conv2d_nchw and conv2d_nchw_cvec}}
  %y = graph.matmul %x, %w {kiln.schedule = {kernel = "gemm", vector_width = 16 : i64, mr = 8 : i64, nr = 32 : i64, kc = 8 : i64, m_split = 1 : i64, parallel = false, prefetch = 64 : i64}}
      : (tensor<8x8xf32>, tensor<8x32xf32>) -> tensor<8x32xf32>
  return %y : tensor<8x32xf32>
}

// -----

// Only the channel-vector kernel prefetches its output lines.
func.func @prefetch_output_on_conv2d_nchw(%x: tensor<1x4x8x8xf32>) -> tensor<1x8x8x8xf32> {
  %w = graph.constant dense<0.5> : tensor<8x4x1x1xf32>
  // expected-error @below {{malformed 'kiln.schedule': key 'prefetch_output' only applies to conv2d_nchw_cvec}}
  %y = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64,
      kiln.schedule = {kernel = "conv2d_nchw", vector_width = 16 : i64, mr = 8 : i64, nr = 32 : i64, kc = 4 : i64, m_split = 1 : i64, parallel = false, b_source = "direct", prefetch_output = true}}
      : (tensor<1x4x8x8xf32>, tensor<8x4x1x1xf32>) -> tensor<1x8x8x8xf32>
  return %y : tensor<1x8x8x8xf32>
}

// -----

func.func @prefetch_negative(%x: tensor<1x4x8x8xf32>) -> tensor<1x8x8x8xf32> {
  %w = graph.constant dense<0.5> : tensor<8x4x1x1xf32>
  // expected-error @below {{malformed 'kiln.schedule': key 'prefetch' must be at least 0, got -1}}
  %y = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64,
      kiln.schedule = {kernel = "conv2d_nchw", vector_width = 16 : i64, mr = 8 : i64, nr = 32 : i64, kc = 4 : i64, m_split = 1 : i64, parallel = false, b_source = "direct", prefetch = -1 : i64}}
      : (tensor<1x4x8x8xf32>, tensor<8x4x1x1xf32>) -> tensor<1x8x8x8xf32>
  return %y : tensor<1x8x8x8xf32>
}
