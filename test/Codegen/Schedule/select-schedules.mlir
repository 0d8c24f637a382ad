// RUN: kiln-opt %s --kiln-select-schedules --split-input-file --verify-diagnostics | FileCheck %s

// Without kiln.target the pass leaves the module alone (the registered
// pipelines without a target keep the generic lowering).

// CHECK-LABEL: func.func @no_target
// CHECK-NOT: kiln.schedule
// CHECK: return
func.func @no_target(%x: tensor<64x256xf32>) -> tensor<64x512xf32> {
  %w = graph.constant dense<1.0> : tensor<256x512xf32>
  %y = graph.matmul %x, %w : (tensor<64x256xf32>, tensor<256x512xf32>) -> tensor<64x512xf32>
  return %y : tensor<64x512xf32>
}

// -----

// A schedule already on an op (hand-written) is kept.

module attributes {kiln.target = {triple = "x86_64-unknown-linux-gnu", cpu = "znver5",
    isa = "avx512", vector_bits = 512 : i64, vector_registers = 32 : i64, fma = true,
    l1d_bytes = 49152 : i64, l2_bytes = 1048576 : i64, l3_bytes = 33554432 : i64,
    cores = 2 : i64}} {
// CHECK-LABEL: func.func @kept
// CHECK: graph.matmul {{.*}}kiln.schedule = {kc = 64 : i64, kernel = "gemm", m_split = 1 : i64, mr = 4 : i64, nr = 16 : i64, parallel = false, vector_width = 16 : i64}
func.func @kept(%x: tensor<64x256xf32>) -> tensor<64x512xf32> {
  %w = graph.constant dense<1.0> : tensor<256x512xf32>
  %y = graph.matmul %x, %w {kiln.schedule = {kernel = "gemm", vector_width = 16 : i64, mr = 4 : i64, nr = 16 : i64, kc = 64 : i64, m_split = 1 : i64, parallel = false}}
      : (tensor<64x256xf32>, tensor<256x512xf32>) -> tensor<64x512xf32>
  return %y : tensor<64x512xf32>
}
}

// -----

// expected-error @below {{malformed 'kiln.target': key 'isa' must be one of avx512, avx2, sse, neon, mve, rvv, scalar; got 'avx10'}}
module attributes {kiln.target = {triple = "x86_64-unknown-linux-gnu", cpu = "znver5",
    isa = "avx10", vector_bits = 512 : i64, vector_registers = 32 : i64, fma = true,
    l1d_bytes = 49152 : i64, l2_bytes = 1048576 : i64, l3_bytes = 33554432 : i64,
    cores = 2 : i64}} {
}

// -----

// expected-error @below {{malformed 'kiln.target': key 'cores' is missing}}
module attributes {kiln.target = {triple = "x86_64-unknown-linux-gnu", cpu = "znver5",
    isa = "avx512", vector_bits = 512 : i64, vector_registers = 32 : i64, fma = true,
    l1d_bytes = 49152 : i64, l2_bytes = 1048576 : i64, l3_bytes = 33554432 : i64}} {
}
