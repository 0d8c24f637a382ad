// RUN: kiln-opt %s --kiln-select-schedules | FileCheck %s

// Schedules for an AVX-512 machine with 2 cores (znver5): 16 f32 lanes, an
// 8 x 32 register tile, K blocks against half of L2 (gemm) or L1D (im2col),
// and the grid split in M when the N tiles cannot keep 4 items per core.

module attributes {kiln.target = {triple = "x86_64-unknown-linux-gnu", cpu = "znver5",
    isa = "avx512", vector_bits = 512 : i64, vector_registers = 32 : i64, fma = true,
    l1d_bytes = 49152 : i64, l2_bytes = 1048576 : i64, l3_bytes = 33554432 : i64,
    cores = 2 : i64}} {

// CHECK-LABEL: func.func @matmul
// CHECK: graph.matmul {{.*}}kiln.schedule = {kc = 256 : i64, kernel = "gemm", m_split = 1 : i64, mr = 8 : i64, nr = 32 : i64, parallel = true, vector_width = 16 : i64}
func.func @matmul(%x: tensor<64x256xf32>) -> tensor<64x512xf32> {
  %w = graph.constant dense<1.0> : tensor<256x512xf32>
  %y = graph.matmul %x, %w : (tensor<64x256xf32>, tensor<256x512xf32>) -> tensor<64x512xf32>
  return %y : tensor<64x512xf32>
}

// Leading dims fold into M = 196; a per-column bias and an activation are
// the kernel's epilogue.
// CHECK-LABEL: func.func @matmul_sequence_bias
// CHECK: graph.matmul {{.*}}kiln.schedule = {kc = 768 : i64, kernel = "gemm", m_split = 1 : i64, mr = 8 : i64, nr = 32 : i64, parallel = true, vector_width = 16 : i64}
func.func @matmul_sequence_bias(%x: tensor<4x49x768xf32>, %b: tensor<3072xf32>) -> tensor<4x49x3072xf32> {
  %w = graph.constant dense<1.0> : tensor<768x3072xf32>
  %y = graph.matmul %x, %w, %b {activation = 1 : i32} : (tensor<4x49x768xf32>, tensor<768x3072xf32>, tensor<3072xf32>) -> tensor<4x49x3072xf32>
  return %y : tensor<4x49x3072xf32>
}

// A weight held as a dense_resource blob is packable too.
// CHECK-LABEL: func.func @matmul_resource_weight
// CHECK: graph.matmul {{.*}}kiln.schedule = {kc = 2 : i64, kernel = "gemm", m_split = 1 : i64, mr = 8 : i64, nr = 16 : i64, parallel = false, vector_width = 16 : i64}
func.func @matmul_resource_weight(%x: tensor<8x2xf32>) -> tensor<8x2xf32> {
  %w = graph.constant dense_resource<w2x2> : tensor<2x2xf32>
  %y = graph.matmul %x, %w : (tensor<8x2xf32>, tensor<2x2xf32>) -> tensor<8x2xf32>
  return %y : tensor<8x2xf32>
}

// Batch-1 fully connected (GEMV): one row, 8 vectors of columns.
// CHECK-LABEL: func.func @gemm_gemv
// CHECK: graph.gemm {{.*}}kiln.schedule = {kc = 512 : i64, kernel = "gemm", m_split = 1 : i64, mr = 1 : i64, nr = 128 : i64, parallel = true, vector_width = 16 : i64}
func.func @gemm_gemv(%x: tensor<1x512xf32>) -> tensor<1x1000xf32> {
  %w = graph.constant dense<1.0> : tensor<1000x512xf32>
  %c = graph.constant dense<0.5> : tensor<1000xf32>
  %y = graph.gemm %x, %w, %c {alpha = 1.0 : f32, beta = 1.0 : f32, transA = false, transB = true}
      : (tensor<1x512xf32>, tensor<1000x512xf32>, tensor<1000xf32>) -> tensor<1x1000xf32>
  return %y : tensor<1x1000xf32>
}

// Two N tiles for 2 cores: the M tiles are split in 4, ordered M chunk
// first (m_major: A, 1 MB, is larger than B, 64 KB: each core reads half
// of A and all of B).
// CHECK-LABEL: func.func @gemm_m_split
// CHECK: graph.gemm {{.*}}kiln.schedule = {kc = 256 : i64, kernel = "gemm", m_major = true, m_split = 4 : i64, mr = 8 : i64, nr = 32 : i64, parallel = true, vector_width = 16 : i64}
func.func @gemm_m_split(%x: tensor<1024x256xf32>) -> tensor<1024x64xf32> {
  %w = graph.constant dense<1.0> : tensor<256x64xf32>
  %y = graph.gemm %x, %w {alpha = 1.0 : f32, beta = 0.0 : f32, transA = false, transB = false}
      : (tensor<1024x256xf32>, tensor<256x64xf32>) -> tensor<1024x64xf32>
  return %y : tensor<1024x64xf32>
}

// K = 8192: the 32 x K panel (1 MiB) is blocked to half of L2.
// CHECK-LABEL: func.func @gemm_k_blocked
// CHECK: graph.gemm {{.*}}kiln.schedule = {kc = 4096 : i64, kernel = "gemm"
func.func @gemm_k_blocked(%x: tensor<64x8192xf32>) -> tensor<64x256xf32> {
  %w = graph.constant dense<1.0> : tensor<8192x256xf32>
  %y = graph.gemm %x, %w {alpha = 1.0 : f32, beta = 1.0 : f32, transA = false, transB = false}
      : (tensor<64x8192xf32>, tensor<8192x256xf32>) -> tensor<64x256xf32>
  return %y : tensor<64x256xf32>
}

// 32 -> 128 3x3 on 56x56 pixels: im2col (128 weight rows amortise the
// panel packing, and K = 288 makes the channel kernel's epilogue dearer;
// with 64 input channels the channel kernel wins, select-conv-kernel.mlir).
// CHECK-LABEL: func.func @conv3x3
// CHECK: graph.conv {{.*}}kiln.schedule = {b_source = "im2col", kc = 192 : i64, kernel = "conv2d_nchw", m_split = 1 : i64, mr = 8 : i64, nr = 32 : i64, parallel = true, vector_width = 16 : i64}
func.func @conv3x3(%x: tensor<1x32x56x56xf32>) -> tensor<1x128x56x56xf32> {
  %w = graph.constant dense<1.0> : tensor<128x32x3x3xf32>
  %b = graph.constant dense<0.0> : tensor<128xf32>
  %y = graph.conv %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = 1 : i32}
      : (tensor<1x32x56x56xf32>, tensor<128x32x3x3xf32>, tensor<128xf32>) -> tensor<1x128x56x56xf32>
  return %y : tensor<1x128x56x56xf32>
}

// 1x1, stride 1, no padding: B is the input. 7 N tiles < 8 items: M split
// in 2.
// CHECK-LABEL: func.func @conv1x1_direct
// CHECK: graph.conv {{.*}}kiln.schedule = {b_source = "direct", kc = 256 : i64, kernel = "conv2d_nchw", m_split = 2 : i64, mr = 8 : i64, nr = 32 : i64, parallel = true, vector_width = 16 : i64}
func.func @conv1x1_direct(%x: tensor<1x256x14x14xf32>) -> tensor<1x64x14x14xf32> {
  %w = graph.constant dense<1.0> : tensor<64x256x1x1xf32>
  %y = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x256x14x14xf32>, tensor<64x256x1x1xf32>) -> tensor<1x64x14x14xf32>
  return %y : tensor<1x64x14x14xf32>
}

// 1024 -> 256 1x1 on 14x14 (ResNet-50's stage 3): 1 MiB of weights, more
// than half of L2, so no earlier item leaves them there: prefetched 4 KiB
// (1024 floats) ahead. M-major: the weights are the larger operand.
// CHECK-LABEL: func.func @conv1x1_streamed
// CHECK: graph.conv {{.*}}kiln.schedule = {b_source = "direct", kc = 1024 : i64, kernel = "conv2d_nchw", m_major = true, m_split = 2 : i64, mr = 8 : i64, nr = 32 : i64, parallel = true, prefetch = 1024 : i64, vector_width = 16 : i64}
func.func @conv1x1_streamed(%x: tensor<1x1024x14x14xf32>) -> tensor<1x256x14x14xf32> {
  %w = graph.constant dense<1.0> : tensor<256x1024x1x1xf32>
  %y = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x1024x14x14xf32>, tensor<256x1024x1x1xf32>) -> tensor<1x256x14x14xf32>
  return %y : tensor<1x256x14x14xf32>
}

// A strided 1x1 conv reads B through im2col.
// CHECK-LABEL: func.func @conv1x1_stride2
// CHECK: graph.conv {{.*}}kiln.schedule = {b_source = "im2col"
func.func @conv1x1_stride2(%x: tensor<1x64x56x56xf32>) -> tensor<1x128x28x28xf32> {
  %w = graph.constant dense<1.0> : tensor<128x64x1x1xf32>
  %y = graph.conv %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x64x56x56xf32>, tensor<128x64x1x1xf32>) -> tensor<1x128x28x28xf32>
  return %y : tensor<1x128x28x28xf32>
}

// Groups multiply the grid: 2 groups of M = 64, K = 16 * 9.
// CHECK-LABEL: func.func @conv_grouped
// CHECK: graph.conv {{.*}}kiln.schedule = {b_source = "im2col", kc = 144 : i64, kernel = "conv2d_nchw", m_split = 1 : i64, mr = 8 : i64, nr = 32 : i64, parallel = true, vector_width = 16 : i64}
func.func @conv_grouped(%x: tensor<1x32x28x28xf32>) -> tensor<1x128x28x28xf32> {
  %w = graph.constant dense<1.0> : tensor<128x16x3x3xf32>
  %y = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 2 : i64}
      : (tensor<1x32x28x28xf32>, tensor<128x16x3x3xf32>) -> tensor<1x128x28x28xf32>
  return %y : tensor<1x128x28x28xf32>
}

// Not for the kernels: depthwise, weights computed at run time, f16, 3-D
// and 1-D convs, Gemm with scaling, a C that is not a per-column bias, a
// transposed activation, a 1-D activation.
// CHECK-LABEL: func.func @not_scheduled
// CHECK-NOT: kiln.schedule
// CHECK: return
func.func @not_scheduled(%x: tensor<1x32x28x28xf32>, %wx: tensor<64x32x3x3xf32>,
                         %a: tensor<4x16xf32>, %bx: tensor<16x8xf32>,
                         %h: tensor<4x16xf16>, %v: tensor<1x8x4x4x4xf32>,
                         %s: tensor<1x8x16xf32>, %at: tensor<16x4xf32>,
                         %row: tensor<16xf32>)
    -> (tensor<1x32x28x28xf32>, tensor<1x64x28x28xf32>, tensor<4x8xf32>, tensor<4x8xf16>,
        tensor<1x8x4x4x4xf32>, tensor<1x8x16xf32>, tensor<4x8xf32>, tensor<4x8xf32>,
        tensor<4x8xf32>, tensor<8xf32>) {
  %dw = graph.constant dense<1.0> : tensor<32x1x3x3xf32>
  %0 = graph.conv %x, %dw {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 32 : i64}
      : (tensor<1x32x28x28xf32>, tensor<32x1x3x3xf32>) -> tensor<1x32x28x28xf32>
  %1 = graph.conv %x, %wx {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x32x28x28xf32>, tensor<64x32x3x3xf32>) -> tensor<1x64x28x28xf32>
  %2 = graph.matmul %a, %bx : (tensor<4x16xf32>, tensor<16x8xf32>) -> tensor<4x8xf32>
  %wh = graph.constant dense<1.0> : tensor<16x8xf16>
  %3 = graph.matmul %h, %wh : (tensor<4x16xf16>, tensor<16x8xf16>) -> tensor<4x8xf16>
  %w3 = graph.constant dense<1.0> : tensor<8x8x1x1x1xf32>
  %4 = graph.conv %v, %w3 {strides = array<i64: 1, 1, 1>, pads = array<i64: 0, 0, 0, 0, 0, 0>, dilations = array<i64: 1, 1, 1>, group = 1 : i64}
      : (tensor<1x8x4x4x4xf32>, tensor<8x8x1x1x1xf32>) -> tensor<1x8x4x4x4xf32>
  %w1 = graph.constant dense<1.0> : tensor<8x8x1xf32>
  %5 = graph.conv %s, %w1 {strides = array<i64: 1>, pads = array<i64: 0, 0>, dilations = array<i64: 1>, group = 1 : i64}
      : (tensor<1x8x16xf32>, tensor<8x8x1xf32>) -> tensor<1x8x16xf32>
  %wg = graph.constant dense<1.0> : tensor<16x8xf32>
  %6 = graph.gemm %a, %wg {alpha = 0.5 : f32, beta = 1.0 : f32, transA = false, transB = false}
      : (tensor<4x16xf32>, tensor<16x8xf32>) -> tensor<4x8xf32>
  %cfull = graph.constant dense<1.0> : tensor<4x8xf32>
  %7 = graph.gemm %a, %wg, %cfull {alpha = 1.0 : f32, beta = 1.0 : f32, transA = false, transB = false}
      : (tensor<4x16xf32>, tensor<16x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  %8 = graph.gemm %at, %wg {alpha = 1.0 : f32, beta = 1.0 : f32, transA = true, transB = false}
      : (tensor<16x4xf32>, tensor<16x8xf32>) -> tensor<4x8xf32>
  %9 = graph.matmul %row, %wg : (tensor<16xf32>, tensor<16x8xf32>) -> tensor<8xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9
      : tensor<1x32x28x28xf32>, tensor<1x64x28x28xf32>, tensor<4x8xf32>, tensor<4x8xf16>,
        tensor<1x8x4x4x4xf32>, tensor<1x8x16xf32>, tensor<4x8xf32>, tensor<4x8xf32>,
        tensor<4x8xf32>, tensor<8xf32>
}

}

{-#
  dialect_resources: {
    builtin: {
      w2x2: "0x040000000000803F000000400000404000008040"
    }
  }
#-}
