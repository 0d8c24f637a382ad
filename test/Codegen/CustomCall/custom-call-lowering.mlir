// RUN: kiln-opt %s -split-input-file -kiln-convert-graph-to-linalg | FileCheck %s --check-prefix=LINALG
// RUN: kiln-opt %s -split-input-file -kiln-convert-graph-to-linalg -kiln-bufferize | FileCheck %s --check-prefix=BUFFERS

// graph.custom_call through the lowering to linalg (types converted, ONNX
// dtypes recorded: uint8 is 2, float 1) and bufferization (its buffer form:
// a workspace buffer for the intermediate, the caller's output buffer for
// the last result, strided inputs copied to plain buffers).

// LINALG-LABEL: func.func @main
// LINALG: %[[A:.*]] = graph.custom_call @acme_quantize(%arg0) {domain = "com.acme", kiln.dtypes = array<i32: 1, 2>, op_type = "Quantize"} : (tensor<2x4xf32>) -> tensor<2x4xi8>
// LINALG: graph.custom_call @acme_dequantize(%[[A]]) {domain = "com.acme", kiln.dtypes = array<i32: 2, 1>, op_type = "Dequantize"} : (tensor<2x4xi8>) -> tensor<2x4xf32>

// BUFFERS-LABEL: func.func @main
// BUFFERS-SAME: (%[[X:.*]]: memref<2x4xf32> {kiln.name = "x"}, %[[Y:.*]]: memref<2x4xf32> {kiln.name = "y"}, %[[WS:.*]]: memref<64xi8>)
// BUFFERS-NOT: memref.alloc
// BUFFERS: %[[Q:.*]] = memref.view %[[WS]]
// BUFFERS: graph.custom_call @acme_quantize(%[[X]]) outs(%[[Q]] : memref<2x4xi8>) {{.*}}kiln.dtypes = array<i32: 1, 2>
// BUFFERS: graph.custom_call @acme_dequantize(%[[Q]]) outs(%[[Y]] : memref<2x4xf32>)
// BUFFERS-NOT: memref.copy
// BUFFERS: return
module attributes {kiln.model_name = "q",
  kiln.inputs = [{name = "x", type = tensor<2x4xf32>}],
  kiln.outputs = [{name = "y", type = tensor<2x4xf32>}]} {
  func.func @main(%x: tensor<2x4xf32> {kiln.name = "x"}) -> (tensor<2x4xf32> {kiln.name = "y"}) {
    %q = graph.custom_call @acme_quantize(%x) {domain = "com.acme", op_type = "Quantize"}
        : (tensor<2x4xf32>) -> tensor<2x4xui8>
    %y = graph.custom_call @acme_dequantize(%q) {domain = "com.acme", op_type = "Dequantize"}
        : (tensor<2x4xui8>) -> tensor<2x4xf32>
    return %y : tensor<2x4xf32>
  }
}

// -----

// A strided input (a slice of the model input) reaches the C function as a
// plain row-major copy.
// BUFFERS-LABEL: func.func @main
// BUFFERS: %[[SLICE:.*]] = memref.subview %arg0[0, 1] [2, 2] [1, 1]
// BUFFERS: %[[PLAIN:.*]] = memref.view
// BUFFERS: memref.copy %[[SLICE]], %[[PLAIN]]
// BUFFERS: graph.custom_call @acme_op(%[[PLAIN]]) outs(%arg1 : memref<2x2xf32>)
module attributes {kiln.model_name = "s",
  kiln.inputs = [{name = "x", type = tensor<2x4xf32>}],
  kiln.outputs = [{name = "y", type = tensor<2x2xf32>}]} {
  func.func @main(%x: tensor<2x4xf32> {kiln.name = "x"}) -> (tensor<2x2xf32> {kiln.name = "y"}) {
    %s = graph.slice %x {starts = array<i64: 0, 1>, steps = array<i64: 1, 1>} : (tensor<2x4xf32>) -> tensor<2x2xf32>
    %y = graph.custom_call @acme_op(%s) {domain = "com.acme", op_type = "Op"}
        : (tensor<2x2xf32>) -> tensor<2x2xf32>
    return %y : tensor<2x2xf32>
  }
}
