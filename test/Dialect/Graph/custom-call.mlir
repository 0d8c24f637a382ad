// RUN: kiln-opt %s | kiln-opt | FileCheck %s
// RUN: kiln-opt %s --mlir-print-op-generic | kiln-opt | FileCheck %s

// Round trip of graph.custom_call in both forms (the rest of the dialect is
// in ops.mlir; the verifier cases are in custom-call-invalid.mlir).

// CHECK-LABEL: func.func @tensor_form
// CHECK: %[[R:.*]]:2 = graph.custom_call @acme_split(%arg0, %arg1) {domain = "com.acme", op_attrs = {axis = 1 : i64, mode = "fast", scale = 5.000000e-01 : f32, sizes = array<i64: 2, 2>, weights = array<f32: 1.000000e+00>}, op_type = "Split"} : (tensor<2x4xf32>, tensor<4xui8>) -> (tensor<2x2xf32>, tensor<2x2xf32>)
func.func @tensor_form(%x: tensor<2x4xf32>, %y: tensor<4xui8>) -> (tensor<2x2xf32>, tensor<2x2xf32>) {
  %0:2 = graph.custom_call @acme_split(%x, %y)
      {domain = "com.acme", op_type = "Split",
       op_attrs = {axis = 1 : i64, sizes = array<i64: 2, 2>, mode = "fast",
                   scale = 0.5 : f32, weights = array<f32: 1.0>}}
      : (tensor<2x4xf32>, tensor<4xui8>) -> (tensor<2x2xf32>, tensor<2x2xf32>)
  return %0#0, %0#1 : tensor<2x2xf32>, tensor<2x2xf32>
}

// CHECK-LABEL: func.func @buffer_form
// CHECK: graph.custom_call @acme_split(%arg0) outs(%arg1, %arg2 : memref<2x2xf32>, memref<2x2xf32>) {domain = "com.acme", op_type = "Split"} : (memref<2x4xf32>) -> ()
func.func @buffer_form(%x: memref<2x4xf32>, %a: memref<2x2xf32>, %b: memref<2x2xf32>) {
  graph.custom_call @acme_split(%x) outs(%a, %b : memref<2x2xf32>, memref<2x2xf32>)
      {domain = "com.acme", op_type = "Split"} : (memref<2x4xf32>) -> ()
  return
}

// CHECK-LABEL: func.func @no_inputs
// CHECK: graph.custom_call @acme_source() {domain = "com.acme", op_type = "Source"} : () -> tensor<3xi64>
func.func @no_inputs() -> tensor<3xi64> {
  %0 = graph.custom_call @acme_source() {domain = "com.acme", op_type = "Source"} : () -> tensor<3xi64>
  return %0 : tensor<3xi64>
}
