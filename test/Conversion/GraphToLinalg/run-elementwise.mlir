// RUN: kiln-opt %s --kiln-convert-graph-to-linalg \
// RUN: | mlir-opt --one-shot-bufferize=bufferize-function-boundaries --convert-linalg-to-loops \
// RUN:     --expand-strided-metadata --lower-affine --convert-scf-to-cf --convert-math-to-llvm \
// RUN:     --convert-math-to-libm --convert-to-llvm --reconcile-unrealized-casts \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:     -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils \
// RUN: | FileCheck %s

// Numerical checks of elementwise lowerings where signedness and special
// values matter (expected values from numpy).

// ui8 division is unsigned; x / 0 gives 0.
// CHECK: rank = 1 offset = 0 sizes = [6] strides = [1] data =
// CHECK-NEXT: {{\[}}66,  127,  0,  0,  0,  0]

// ui8 comparison is unsigned.
// CHECK: rank = 1 offset = 0 sizes = [6] strides = [1] data =
// CHECK-NEXT: {{\[}}0,  0,  0,  1,  1,  1]

// i8 division truncates toward zero; -128 / -1 wraps, x / 0 gives 0.
// CHECK: rank = 1 offset = 0 sizes = [8] strides = [1] data =
// CHECK-NEXT: {{\[}}3,  -3,  -3,  3,  0,  -128,  0,  14]

// Relu keeps NaN.
// CHECK: rank = 1 offset = 0 sizes = [6] strides = [1] data =
// CHECK-NEXT: {{\[}}0,  0,  nan,  0.9,  3.99,  0]

// Float to integer casts truncate toward zero.
// CHECK: rank = 1 offset = 0 sizes = [4] strides = [1] data =
// CHECK-NEXT: {{\[}}-2,  0,  0,  3]

// ui8 to float is unsigned.
// CHECK: rank = 1 offset = 0 sizes = [6] strides = [1] data =
// CHECK-NEXT: {{\[}}200,  255,  7,  128,  9,  0]

// Where with a broadcast condition and a scalar.
// CHECK: rank = 2 offset = 0 sizes = [2, 3] strides = [3, 1] data =
// CHECK-NEXT: {{\[\[}}0,   1,   2],
// CHECK-NEXT: {{\[}}-1,   -1,   -1]]

func.func @div_unsigned(%a0: tensor<6xui8>, %a1: tensor<6xui8>) -> tensor<6xui8> {
  %r = graph.div %a0, %a1 : (tensor<6xui8>, tensor<6xui8>) -> tensor<6xui8>
  return %r : tensor<6xui8>
}

func.func @less_unsigned(%a0: tensor<6xui8>, %a1: tensor<6xui8>) -> tensor<6xi1> {
  %r = graph.less %a0, %a1 : (tensor<6xui8>, tensor<6xui8>) -> tensor<6xi1>
  return %r : tensor<6xi1>
}

func.func @div_signed(%a0: tensor<8xi8>, %a1: tensor<8xi8>) -> tensor<8xi8> {
  %r = graph.div %a0, %a1 : (tensor<8xi8>, tensor<8xi8>) -> tensor<8xi8>
  return %r : tensor<8xi8>
}

func.func @relu_nan(%a0: tensor<6xf32>) -> tensor<6xf32> {
  %r = graph.relu %a0 : tensor<6xf32>
  return %r : tensor<6xf32>
}

func.func @cast_to_i32(%a0: tensor<4xf32>) -> tensor<4xi32> {
  %r = graph.cast %a0 : tensor<4xf32> to tensor<4xi32>
  return %r : tensor<4xi32>
}

func.func @cast_unsigned_to_f32(%a0: tensor<6xui8>) -> tensor<6xf32> {
  %r = graph.cast %a0 : tensor<6xui8> to tensor<6xf32>
  return %r : tensor<6xf32>
}

func.func @where_broadcast(%a0: tensor<2x1xi1>, %a1: tensor<2x3xf32>, %a2: tensor<f32>) -> tensor<2x3xf32> {
  %r = graph.where %a0, %a1, %a2 : (tensor<2x1xi1>, tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}

func.func @main() {
  %div_unsigned_0 = graph.constant dense<[200, 255, 7, 128, 9, 0]> : tensor<6xui8>
  %div_unsigned_1 = graph.constant dense<[3, 2, 0, 129, 200, 5]> : tensor<6xui8>
  %div_unsigned_r = call @div_unsigned(%div_unsigned_0, %div_unsigned_1) : (tensor<6xui8>, tensor<6xui8>) -> tensor<6xui8>
  %div_unsigned_p = graph.cast %div_unsigned_r : tensor<6xui8> to tensor<6xi64>
  %div_unsigned_u = tensor.cast %div_unsigned_p : tensor<6xi64> to tensor<*xi64>
  call @printMemrefI64(%div_unsigned_u) : (tensor<*xi64>) -> ()
  %less_unsigned_0 = graph.constant dense<[200, 255, 7, 128, 9, 0]> : tensor<6xui8>
  %less_unsigned_1 = graph.constant dense<[3, 2, 0, 129, 200, 5]> : tensor<6xui8>
  %less_unsigned_r = call @less_unsigned(%less_unsigned_0, %less_unsigned_1) : (tensor<6xui8>, tensor<6xui8>) -> tensor<6xi1>
  %less_unsigned_p = graph.cast %less_unsigned_r : tensor<6xi1> to tensor<6xi64>
  %less_unsigned_u = tensor.cast %less_unsigned_p : tensor<6xi64> to tensor<*xi64>
  call @printMemrefI64(%less_unsigned_u) : (tensor<*xi64>) -> ()
  %div_signed_0 = graph.constant dense<[7, -7, 7, -7, 0, -128, 5, 100]> : tensor<8xi8>
  %div_signed_1 = graph.constant dense<[2, 2, -2, -2, 3, -1, 0, 7]> : tensor<8xi8>
  %div_signed_r = call @div_signed(%div_signed_0, %div_signed_1) : (tensor<8xi8>, tensor<8xi8>) -> tensor<8xi8>
  %div_signed_p = graph.cast %div_signed_r : tensor<8xi8> to tensor<8xi64>
  %div_signed_u = tensor.cast %div_signed_p : tensor<8xi64> to tensor<*xi64>
  call @printMemrefI64(%div_signed_u) : (tensor<*xi64>) -> ()
  %relu_nan_0 = graph.constant dense<[-2.700000047683716, -0.5, 0x7FC00000, 0.8999999761581421, 3.990000009536743, -0.0]> : tensor<6xf32>
  %relu_nan_r = call @relu_nan(%relu_nan_0) : (tensor<6xf32>) -> tensor<6xf32>
  %relu_nan_u = tensor.cast %relu_nan_r : tensor<6xf32> to tensor<*xf32>
  call @printMemrefF32(%relu_nan_u) : (tensor<*xf32>) -> ()
  %cast_to_i32_0 = graph.constant dense<[-2.700000047683716, -0.5, 0.8999999761581421, 3.990000009536743]> : tensor<4xf32>
  %cast_to_i32_r = call @cast_to_i32(%cast_to_i32_0) : (tensor<4xf32>) -> tensor<4xi32>
  %cast_to_i32_u = tensor.cast %cast_to_i32_r : tensor<4xi32> to tensor<*xi32>
  call @printMemrefI32(%cast_to_i32_u) : (tensor<*xi32>) -> ()
  %cast_unsigned_to_f32_0 = graph.constant dense<[200, 255, 7, 128, 9, 0]> : tensor<6xui8>
  %cast_unsigned_to_f32_r = call @cast_unsigned_to_f32(%cast_unsigned_to_f32_0) : (tensor<6xui8>) -> tensor<6xf32>
  %cast_unsigned_to_f32_u = tensor.cast %cast_unsigned_to_f32_r : tensor<6xf32> to tensor<*xf32>
  call @printMemrefF32(%cast_unsigned_to_f32_u) : (tensor<*xf32>) -> ()
  %where_broadcast_0 = graph.constant dense<[[true], [false]]> : tensor<2x1xi1>
  %where_broadcast_1 = graph.constant dense<[[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]> : tensor<2x3xf32>
  %where_broadcast_2 = graph.constant dense<-1.0> : tensor<f32>
  %where_broadcast_r = call @where_broadcast(%where_broadcast_0, %where_broadcast_1, %where_broadcast_2) : (tensor<2x1xi1>, tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  %where_broadcast_u = tensor.cast %where_broadcast_r : tensor<2x3xf32> to tensor<*xf32>
  call @printMemrefF32(%where_broadcast_u) : (tensor<*xf32>) -> ()
  return
}
func.func private @printMemrefF32(tensor<*xf32>)
func.func private @printMemrefI32(tensor<*xi32>)
func.func private @printMemrefI64(tensor<*xi64>)
