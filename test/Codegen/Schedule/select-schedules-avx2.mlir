// RUN: kiln-opt %s --kiln-select-schedules | FileCheck %s

// Schedules for an AVX2 machine (haswell, 4 cores): 8 f32 lanes and 16 ymm
// registers, so a 6 x 16 tile (12 accumulators + 2 B vectors + a broadcast).

module attributes {kiln.target = {triple = "x86_64-unknown-linux-gnu", cpu = "haswell",
    isa = "avx2", vector_bits = 256 : i64, vector_registers = 16 : i64, fma = true,
    l1d_bytes = 32768 : i64, l2_bytes = 262144 : i64, l3_bytes = 8388608 : i64,
    cores = 4 : i64}} {

// CHECK-LABEL: func.func @matmul
// CHECK: graph.matmul {{.*}}kiln.schedule = {kc = 256 : i64, kernel = "gemm", m_split = 1 : i64, mr = 6 : i64, nr = 16 : i64, parallel = true, vector_width = 8 : i64}
func.func @matmul(%x: tensor<64x256xf32>) -> tensor<64x512xf32> {
  %w = graph.constant dense<1.0> : tensor<256x512xf32>
  %y = graph.matmul %x, %w : (tensor<64x256xf32>, tensor<256x512xf32>) -> tensor<64x512xf32>
  return %y : tensor<64x512xf32>
}

// One vector covers N = 8: 12 rows keep the 12 accumulators. A single N
// tile: the 86 M tiles are split into 16 parts (4 per core), M chunk
// first (A is larger than B).
// CHECK-LABEL: func.func @matmul_narrow
// CHECK: graph.matmul {{.*}}kiln.schedule = {kc = 64 : i64, kernel = "gemm", m_major = true, m_split = 16 : i64, mr = 12 : i64, nr = 8 : i64, parallel = true, vector_width = 8 : i64}
func.func @matmul_narrow(%x: tensor<1024x64xf32>) -> tensor<1024x8xf32> {
  %w = graph.constant dense<1.0> : tensor<64x8xf32>
  %y = graph.matmul %x, %w : (tensor<1024x64xf32>, tensor<64x8xf32>) -> tensor<1024x8xf32>
  return %y : tensor<1024x8xf32>
}

// GEMV: 7 vectors (7 accumulators + 7 B vectors + a broadcast = 15); the
// 56 x 1024 panel (224 KiB) exceeds half of the 256 KiB L2.
// CHECK-LABEL: func.func @gemm_gemv
// CHECK: graph.gemm {{.*}}kiln.schedule = {kc = 584 : i64, kernel = "gemm", m_split = 1 : i64, mr = 1 : i64, nr = 56 : i64, parallel = true, vector_width = 8 : i64}
func.func @gemm_gemv(%x: tensor<1x1024xf32>) -> tensor<1x1000xf32> {
  %w = graph.constant dense<1.0> : tensor<1024x1000xf32>
  %y = graph.gemm %x, %w {alpha = 1.0 : f32, beta = 1.0 : f32, transA = false, transB = false}
      : (tensor<1x1024xf32>, tensor<1024x1000xf32>) -> tensor<1x1000xf32>
  return %y : tensor<1x1000xf32>
}

// The channel-vector kernel, as on AVX-512 (its epilogue costs 8 / 576 of
// a vector FMA per multiply-add against conv2d_nchw's im2col packing, 6 /
// 64): 4 panels of 16 channels, the 3136 pixels split 4 ways (4 items per
// core), so that an item's 784 x 16 scratch tile (49 KiB) fits half of the
// 256 KiB L2. The 144 KiB of weights exceed that half: each M tile
// prefetches its share of the next channel panel.
// CHECK-LABEL: func.func @conv3x3
// CHECK: graph.conv {{.*}}kiln.schedule = {kc = 576 : i64, kernel = "conv2d_nchw_cvec", m_major = true, m_split = 4 : i64, mr = 6 : i64, nr = 16 : i64, parallel = true, prefetch = 1 : i64, vector_width = 8 : i64}
func.func @conv3x3(%x: tensor<1x64x56x56xf32>) -> tensor<1x64x56x56xf32> {
  %w = graph.constant dense<1.0> : tensor<64x64x3x3xf32>
  %y = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x64x56x56xf32>, tensor<64x64x3x3xf32>) -> tensor<1x64x56x56xf32>
  return %y : tensor<1x64x56x56xf32>
}

// CHECK-LABEL: func.func @not_scheduled
// CHECK-NOT: kiln.schedule
// CHECK: return
func.func @not_scheduled(%x: tensor<1x8x8x8xf16>, %d: tensor<1x16x8x8xf32>) -> (tensor<1x8x8x8xf16>, tensor<1x16x8x8xf32>) {
  %w = graph.constant dense<1.0> : tensor<8x8x3x3xf16>
  %0 = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x8x8x8xf16>, tensor<8x8x3x3xf16>) -> tensor<1x8x8x8xf16>
  %dw = graph.constant dense<1.0> : tensor<16x1x3x3xf32>
  %1 = graph.conv %d, %dw {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 16 : i64}
      : (tensor<1x16x8x8xf32>, tensor<16x1x3x3xf32>) -> tensor<1x16x8x8xf32>
  return %0, %1 : tensor<1x8x8x8xf16>, tensor<1x16x8x8xf32>
}

}
