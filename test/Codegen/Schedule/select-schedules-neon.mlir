// RUN: kiln-opt %s --kiln-select-schedules | FileCheck %s

// Schedules for AArch64 NEON (cortex-a72, 4 cores): 4 f32 lanes and 32
// registers, an 8 x 8 tile (16 accumulators).

module attributes {kiln.target = {triple = "aarch64-unknown-linux-gnu", cpu = "cortex-a72",
    isa = "neon", vector_bits = 128 : i64, vector_registers = 32 : i64, fma = true,
    l1d_bytes = 32768 : i64, l2_bytes = 1048576 : i64, l3_bytes = 0 : i64,
    cores = 4 : i64}} {

// CHECK-LABEL: func.func @matmul
// CHECK: graph.matmul {{.*}}kiln.schedule = {kc = 256 : i64, kernel = "gemm", m_split = 1 : i64, mr = 8 : i64, nr = 8 : i64, parallel = true, vector_width = 4 : i64}
func.func @matmul(%x: tensor<64x256xf32>) -> tensor<64x512xf32> {
  %w = graph.constant dense<1.0> : tensor<256x512xf32>
  %y = graph.matmul %x, %w : (tensor<64x256xf32>, tensor<256x512xf32>) -> tensor<64x512xf32>
  return %y : tensor<64x512xf32>
}

// N = 4: one vector wide, 16 rows; the 32 M tiles of the one N tile are
// split into 16 parts, M chunk first (A is larger than B).
// CHECK-LABEL: func.func @matmul_narrow
// CHECK: graph.matmul {{.*}}kiln.schedule = {kc = 32 : i64, kernel = "gemm", m_major = true, m_split = 16 : i64, mr = 16 : i64, nr = 4 : i64, parallel = true, vector_width = 4 : i64}
func.func @matmul_narrow(%x: tensor<512x32xf32>) -> tensor<512x4xf32> {
  %w = graph.constant dense<1.0> : tensor<32x4xf32>
  %y = graph.matmul %x, %w : (tensor<512x32xf32>, tensor<32x4xf32>) -> tensor<512x4xf32>
  return %y : tensor<512x4xf32>
}

// 25 output pixels fill 25 of 28 pixel lanes, 16 channels all 16 channel
// lanes: conv2d_nchw_cvec (chooseConvKernel). M = 25 pixels, N = 16
// channels: 7-row tiles (4 of them pad 3 pixels, 8-row ones 7), 2 panels
// of 8 < 16 items on 4 cores, so the 4 pixel tiles are split 4 ways; the
// 576 x 8 weight panel fits half of L2 (kc = K).
// CHECK-LABEL: func.func @conv3x3
// CHECK: graph.conv {{.*}}kiln.schedule = {kc = 576 : i64, kernel = "conv2d_nchw_cvec", m_split = 4 : i64, mr = 7 : i64, nr = 8 : i64, parallel = true, vector_width = 4 : i64}
func.func @conv3x3(%x: tensor<1x64x5x5xf32>) -> tensor<1x16x5x5xf32> {
  %w = graph.constant dense<1.0> : tensor<16x64x3x3xf32>
  %y = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x64x5x5xf32>, tensor<16x64x3x3xf32>) -> tensor<1x16x5x5xf32>
  return %y : tensor<1x16x5x5xf32>
}

// CHECK-LABEL: func.func @not_scheduled
// CHECK-NOT: kiln.schedule
// CHECK: return
func.func @not_scheduled(%x: tensor<1x8x8x8xf32>, %w: tensor<8x8x3x3xf32>, %d: tensor<1x16x8x8xf32>) -> (tensor<1x8x8x8xf32>, tensor<1x16x8x8xf32>) {
  %0 = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x8x8x8xf32>, tensor<8x8x3x3xf32>) -> tensor<1x8x8x8xf32>
  %dw = graph.constant dense<1.0> : tensor<16x1x3x3xf32>
  %1 = graph.conv %d, %dw {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 16 : i64}
      : (tensor<1x16x8x8xf32>, tensor<16x1x3x3xf32>) -> tensor<1x16x8x8xf32>
  return %0, %1 : tensor<1x8x8x8xf32>, tensor<1x16x8x8xf32>
}

}
