// RUN: kiln-opt %s --kiln-select-schedules | FileCheck %s

// Schedules for Cortex-M55 with MVE (Helium): 4 f32 lanes in 8 Q registers,
// a 2 x 8 tile; no data cache (no K blocking) and one core (serial grid).

module attributes {kiln.target = {triple = "thumbv8.1m.main-unknown-none-eabihf", cpu = "cortex-m55",
    isa = "mve", vector_bits = 128 : i64, vector_registers = 8 : i64, fma = true,
    l1d_bytes = 0 : i64, l2_bytes = 0 : i64, l3_bytes = 0 : i64, cores = 1 : i64}} {

// CHECK-LABEL: func.func @matmul
// CHECK: graph.matmul {{.*}}kiln.schedule = {kc = 4096 : i64, kernel = "gemm", m_split = 1 : i64, mr = 2 : i64, nr = 8 : i64, parallel = false, vector_width = 4 : i64}
func.func @matmul(%x: tensor<16x4096xf32>) -> tensor<16x64xf32> {
  %w = graph.constant dense<1.0> : tensor<4096x64xf32>
  %y = graph.matmul %x, %w : (tensor<16x4096xf32>, tensor<4096x64xf32>) -> tensor<16x64xf32>
  return %y : tensor<16x64xf32>
}

// GEMV: 3 vectors (3 accumulators + 3 B vectors + a broadcast = 7 of 8).
// CHECK-LABEL: func.func @gemm_gemv
// CHECK: graph.gemm {{.*}}kiln.schedule = {kc = 64 : i64, kernel = "gemm", m_split = 1 : i64, mr = 1 : i64, nr = 12 : i64, parallel = false, vector_width = 4 : i64}
func.func @gemm_gemv(%x: tensor<1x64xf32>) -> tensor<1x10xf32> {
  %w = graph.constant dense<1.0> : tensor<10x64xf32>
  %c = graph.constant dense<1.0> : tensor<1xf32>
  %y = graph.gemm %x, %w, %c {alpha = 1.0 : f32, beta = 1.0 : f32, transA = false, transB = true}
      : (tensor<1x64xf32>, tensor<10x64xf32>, tensor<1xf32>) -> tensor<1x10xf32>
  return %y : tensor<1x10xf32>
}

// CHECK-LABEL: func.func @conv3x3
// CHECK: graph.conv {{.*}}kiln.schedule = {b_source = "im2col", kc = 288 : i64, kernel = "conv2d_nchw", m_split = 1 : i64, mr = 2 : i64, nr = 8 : i64, parallel = false, vector_width = 4 : i64}
func.func @conv3x3(%x: tensor<1x32x12x12xf32>) -> tensor<1x32x12x12xf32> {
  %w = graph.constant dense<1.0> : tensor<32x32x3x3xf32>
  %y = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x32x12x12xf32>, tensor<32x32x3x3xf32>) -> tensor<1x32x12x12xf32>
  return %y : tensor<1x32x12x12xf32>
}

// CHECK-LABEL: func.func @not_scheduled
// CHECK-NOT: kiln.schedule
// CHECK: return
func.func @not_scheduled(%x: tensor<1x8x12x12xf32>, %h: tensor<2x8xf16>) -> (tensor<1x8x12x12xf32>, tensor<2x4xf16>) {
  %dw = graph.constant dense<1.0> : tensor<8x1x3x3xf32>
  %0 = graph.conv %x, %dw {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 8 : i64}
      : (tensor<1x8x12x12xf32>, tensor<8x1x3x3xf32>) -> tensor<1x8x12x12xf32>
  %wh = graph.constant dense<1.0> : tensor<8x4xf16>
  %1 = graph.matmul %h, %wh : (tensor<2x8xf16>, tensor<8x4xf16>) -> tensor<2x4xf16>
  return %0, %1 : tensor<1x8x12x12xf32>, tensor<2x4xf16>
}

}
