// RUN: kiln-opt %s --kiln-select-schedules | FileCheck %s

// Schedules for a scalar FPU (Cortex-M4, FPv4-SP: 32 single-precision
// registers): a 4 x 4 block of floats (vector_width 1), no data cache and
// one core.

module attributes {kiln.target = {triple = "thumbv7em-unknown-none-eabihf", cpu = "cortex-m4",
    isa = "scalar", vector_bits = 0 : i64, vector_registers = 32 : i64, fma = true,
    l1d_bytes = 0 : i64, l2_bytes = 0 : i64, l3_bytes = 0 : i64, cores = 1 : i64}} {

// CHECK-LABEL: func.func @matmul
// CHECK: graph.matmul {{.*}}kiln.schedule = {kc = 784 : i64, kernel = "gemm", m_split = 1 : i64, mr = 4 : i64, nr = 4 : i64, parallel = false, vector_width = 1 : i64}
func.func @matmul(%x: tensor<4x784xf32>) -> tensor<4x128xf32> {
  %w = graph.constant dense<1.0> : tensor<784x128xf32>
  %y = graph.matmul %x, %w : (tensor<4x784xf32>, tensor<784x128xf32>) -> tensor<4x128xf32>
  return %y : tensor<4x128xf32>
}

// GEMV: up to 8 columns at once (8 accumulators + 8 B values + a
// broadcast), spread evenly: N = 10 is two tiles of 5, so the packed
// weights get no padding columns.
// CHECK-LABEL: func.func @gemm_gemv
// CHECK: graph.gemm {{.*}}kiln.schedule = {kc = 128 : i64, kernel = "gemm", m_split = 1 : i64, mr = 1 : i64, nr = 5 : i64, parallel = false, vector_width = 1 : i64}
func.func @gemm_gemv(%x: tensor<1x128xf32>) -> tensor<1x10xf32> {
  %w = graph.constant dense<1.0> : tensor<128x10xf32>
  %y = graph.gemm %x, %w {alpha = 1.0 : f32, beta = 1.0 : f32, transA = false, transB = false}
      : (tensor<1x128xf32>, tensor<128x10xf32>) -> tensor<1x10xf32>
  return %y : tensor<1x10xf32>
}

// N = 2 columns: 8 rows keep 16 accumulators. The grouped conv (2 groups of
// 4 output channels) is scheduled; only depthwise is left out.
// CHECK-LABEL: func.func @conv_small
// CHECK: graph.conv {{.*}}kiln.schedule = {b_source = "direct", kc = 8 : i64, kernel = "conv2d_nchw", m_split = 1 : i64, mr = 8 : i64, nr = 2 : i64, parallel = false, vector_width = 1 : i64}
// CHECK: graph.conv {{.*}}kiln.schedule = {b_source = "im2col", kc = 36 : i64, kernel = "conv2d_nchw", m_split = 1 : i64, mr = 4 : i64, nr = 4 : i64, parallel = false, vector_width = 1 : i64}
func.func @conv_small(%x: tensor<1x8x1x2xf32>, %y: tensor<1x8x6x6xf32>) -> (tensor<1x16x1x2xf32>, tensor<1x8x6x6xf32>) {
  %w = graph.constant dense<1.0> : tensor<16x8x1x1xf32>
  %0 = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x8x1x2xf32>, tensor<16x8x1x1xf32>) -> tensor<1x16x1x2xf32>
  %wg = graph.constant dense<1.0> : tensor<8x4x3x3xf32>
  %1 = graph.conv %y, %wg {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 2 : i64}
      : (tensor<1x8x6x6xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x6x6xf32>
  return %0, %1 : tensor<1x16x1x2xf32>, tensor<1x8x6x6xf32>
}

// CHECK-LABEL: func.func @not_scheduled
// CHECK-NOT: kiln.schedule
// CHECK: return
func.func @not_scheduled(%x: tensor<1x8x6x6xf32>, %a: tensor<4x16xf32>, %b: tensor<16x8xf32>) -> (tensor<1x8x6x6xf32>, tensor<4x8xf32>) {
  %dw = graph.constant dense<1.0> : tensor<8x1x3x3xf32>
  %0 = graph.conv %x, %dw {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 8 : i64}
      : (tensor<1x8x6x6xf32>, tensor<8x1x3x3xf32>) -> tensor<1x8x6x6xf32>
  %1 = graph.gemm %a, %b {alpha = 1.0 : f32, beta = 1.0 : f32, transA = false, transB = false}
      : (tensor<4x16xf32>, tensor<16x8xf32>) -> tensor<4x8xf32>
  return %0, %1 : tensor<1x8x6x6xf32>, tensor<4x8xf32>
}

}
