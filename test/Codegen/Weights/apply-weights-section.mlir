// RUN: kiln-opt %s -split-input-file -kiln-apply-weights-section | FileCheck %s

// The globals kiln.weights lists go to its section; others (the model's
// tables) stay where they are; a listed global that was removed is skipped.
// CHECK: llvm.mlir.global private constant @w(dense<1.000000e+00> : tensor<4xf32>) {addr_space = 0 : i32, alignment = 64 : i64, section = ".ext_flash"}
// CHECK: llvm.mlir.global private constant @table(dense<2> : tensor<2xi64>) {addr_space = 0 : i32}
module attributes {kiln.weights = {entries = [{size = 16 : i64, symbol = "w", type = tensor<4xf32>}, {size = 8 : i64, symbol = "gone", type = tensor<2xf32>}], placement = "section", section = ".ext_flash"}} {
  llvm.mlir.global private constant @w(dense<1.0> : tensor<4xf32>) {alignment = 64 : i64} : !llvm.array<4 x f32>
  llvm.mlir.global private constant @table(dense<2> : tensor<2xi64>) : !llvm.array<2 x i64>
}

// -----

// Weights in a file (or no kiln.weights at all): nothing to do.
// CHECK-NOT: section
module attributes {kiln.weights = {align = 64 : i64, checksum = 0 : i64, entries = [], format_version = 1 : i64, placement = "file", size = 64 : i64}} {
  llvm.mlir.global private constant @t(dense<2> : tensor<2xi64>) : !llvm.array<2 x i64>
}
