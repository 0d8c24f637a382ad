// RUN: kiln-opt %s --kiln-convert-graph-to-linalg --split-input-file | FileCheck %s

// Unsigned tensors in signatures become signless; argument and result
// attributes (the model's tensor names) stay.
// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[X:.*]]: tensor<4xi8> {kiln.name = "image"}, %[[Y:.*]]: tensor<4xf32> {kiln.name = "scale"})
// CHECK-SAME: -> (tensor<4xi8> {kiln.name = "out"}, tensor<4xf32> {kiln.name = "passthrough"})
// CHECK: %[[R:.*]] = linalg.generic
// CHECK: arith.maxui
// CHECK: return %[[R]], %[[Y]] : tensor<4xi8>, tensor<4xf32>
module attributes {kiln.model_name = "net"} {
  func.func @main(%x: tensor<4xui8> {kiln.name = "image"}, %y: tensor<4xf32> {kiln.name = "scale"})
      -> (tensor<4xui8> {kiln.name = "out"}, tensor<4xf32> {kiln.name = "passthrough"}) {
    %0 = graph.max %x, %x : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
    return %0, %y : tensor<4xui8>, tensor<4xf32>
  }
}

// -----

// Calls between functions follow the converted signatures.
// CHECK-LABEL: func.func private @callee(tensor<2xi32>) -> tensor<2xi32>
// CHECK-LABEL: func.func @caller
// CHECK-SAME: (%[[X:.*]]: tensor<2xi32>) -> tensor<2xi32>
// CHECK: %[[R:.*]] = call @callee(%[[X]]) : (tensor<2xi32>) -> tensor<2xi32>
// CHECK: return %[[R]]
func.func private @callee(tensor<2xui32>) -> tensor<2xui32>
func.func @caller(%x: tensor<2xui32>) -> tensor<2xui32> {
  %0 = call @callee(%x) : (tensor<2xui32>) -> tensor<2xui32>
  return %0 : tensor<2xui32>
}

// -----

// Ops of other dialects are left alone.
// CHECK-LABEL: func.func @untouched
// CHECK: arith.addf
// CHECK-NOT: linalg
func.func @untouched(%x: f32) -> f32 {
  %0 = arith.addf %x, %x : f32
  return %0 : f32
}
