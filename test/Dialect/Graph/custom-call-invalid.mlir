// RUN: kiln-opt %s -split-input-file -verify-diagnostics

// One case per verifier error of graph.custom_call (GraphCustomCall.cpp).

func.func @callee_not_c(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @below {{callee 'acme.swizzle' is not a C identifier}}
  %0 = graph.custom_call @"acme.swizzle"(%x) {domain = "com.acme", op_type = "S"} : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @no_results(%x: tensor<4xf32>) {
  // expected-error @below {{needs results (tensor form) or outs (buffer form)}}
  graph.custom_call @f(%x) {domain = "com.acme", op_type = "S"} : (tensor<4xf32>) -> ()
  return
}

// -----

func.func @mixed_forms(%x: tensor<4xf32>, %y: memref<4xf32>) -> tensor<4xf32> {
  // expected-error @below {{input #1 is a memref in the tensor form}}
  %0 = graph.custom_call @f(%x, %y) {domain = "com.acme", op_type = "S"} : (tensor<4xf32>, memref<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @tensor_in_buffer_form(%x: tensor<4xf32>, %y: memref<4xf32>) {
  // expected-error @below {{input #0 is a tensor in the buffer form}}
  graph.custom_call @f(%x) outs(%y : memref<4xf32>) {domain = "com.acme", op_type = "S"} : (tensor<4xf32>) -> ()
  return
}

// -----

func.func @strided(%x: memref<4xf32, strided<[2]>>, %y: memref<4xf32>) {
  // expected-error @below {{buffer of type 'memref<4xf32, strided<[2]>>' must have an identity layout}}
  graph.custom_call @f(%x) outs(%y : memref<4xf32>) {domain = "com.acme", op_type = "S"} : (memref<4xf32, strided<[2]>>) -> ()
  return
}

// -----

func.func @bad_attr(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @below {{attribute 'k' must be an i64, an f32, a string, or an array of i64 or f32}}
  %0 = graph.custom_call @f(%x) {domain = "com.acme", op_type = "S", op_attrs = {k = 1 : i32}} : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
