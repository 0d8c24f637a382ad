// RUN: kiln-opt --kiln-simplify-algebra -split-input-file %s | FileCheck %s
// RUN: kiln-opt --kiln-simplify-algebra=fast-math=true -split-input-file %s | FileCheck %s --check-prefix=FAST

// CHECK-LABEL: func.func @add_zero
// CHECK-NOT: graph.add
// CHECK: return %arg0, %arg0
func.func @add_zero(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %z = graph.constant dense<0.0> : tensor<3xf32>
  %a = graph.add %x, %z : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %b = graph.add %z, %x : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %a, %b : tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @sub_zero_mul_one_div_one
// CHECK-NOT: graph.sub
// CHECK-NOT: graph.mul
// CHECK-NOT: graph.div
// CHECK: return %arg0, %arg0, %arg0
func.func @sub_zero_mul_one_div_one(%x: tensor<4xi64>) -> (tensor<4xi64>, tensor<4xi64>, tensor<4xi64>) {
  %z = graph.constant dense<0> : tensor<4xi64>
  %o = graph.constant dense<[1, 1, 1, 1]> : tensor<4xi64>
  %a = graph.sub %x, %z : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  %b = graph.mul %o, %x : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  %c = graph.div %x, %o : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  return %a, %b, %c : tensor<4xi64>, tensor<4xi64>, tensor<4xi64>
}

// -----

// The constant broadcasts x to a larger shape: x is expanded instead.
// CHECK-LABEL: func.func @mul_one_broadcasting
// CHECK-NOT: graph.mul
// CHECK: %[[E:.*]] = graph.expand %arg0 : (tensor<3xf32>) -> tensor<2x3xf32>
// CHECK: return %[[E]]
func.func @mul_one_broadcasting(%x: tensor<3xf32>) -> tensor<2x3xf32> {
  %o = graph.constant dense<1.0> : tensor<2x3xf32>
  %m = graph.mul %x, %o : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %m : tensor<2x3xf32>
}

// -----

// 0 - x, 1 / x, x + 1 and constants that are not all 0 / 1 stay.
// CHECK-LABEL: func.func @not_identities
// CHECK: graph.sub
// CHECK: graph.div
// CHECK: graph.add
// CHECK: graph.mul
func.func @not_identities(%x: tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) {
  %z = graph.constant dense<0.0> : tensor<2xf32>
  %o = graph.constant dense<1.0> : tensor<2xf32>
  %m = graph.constant dense<[1.0, 0.5]> : tensor<2xf32>
  %a = graph.sub %z, %x : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %b = graph.div %o, %x : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %c = graph.add %x, %o : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %d = graph.mul %x, %m : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %a, %b, %c, %d : tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>
}

// -----

// x*0 and x-x on floats change NaN and infinity: only with fast-math. On
// integers they are exact and always folded.
// CHECK-LABEL: func.func @float_mul_zero_sub_self
// CHECK: graph.mul
// CHECK: graph.sub
// FAST-LABEL: func.func @float_mul_zero_sub_self
// FAST-NOT: graph.mul
// FAST-NOT: graph.sub
// FAST: %[[Z:.*]] = graph.constant dense<0.000000e+00> : tensor<2xf32>
// FAST: return %[[Z]], %[[Z]]
func.func @float_mul_zero_sub_self(%x: tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>) {
  %z = graph.constant dense<0.0> : tensor<2xf32>
  %a = graph.mul %x, %z : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %b = graph.sub %x, %x : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %a, %b : tensor<2xf32>, tensor<2xf32>
}

// -----

// CHECK-LABEL: func.func @int_mul_zero_sub_self
// CHECK-NOT: graph.mul
// CHECK-NOT: graph.sub
// CHECK: %[[Z:.*]] = graph.constant dense<0> : tensor<2x2xi32>
// CHECK: return %[[Z]], %[[Z]]
func.func @int_mul_zero_sub_self(%x: tensor<2x2xi32>) -> (tensor<2x2xi32>, tensor<2x2xi32>) {
  %z = graph.constant dense<0> : tensor<2xi32>
  %a = graph.mul %z, %x : (tensor<2xi32>, tensor<2x2xi32>) -> tensor<2x2xi32>
  %b = graph.sub %x, %x : (tensor<2x2xi32>, tensor<2x2xi32>) -> tensor<2x2xi32>
  return %a, %b : tensor<2x2xi32>, tensor<2x2xi32>
}

// -----

// Squeeze/Unsqueeze pairs are reshape pairs: reshape(reshape(x)) is one
// reshape, or x when it gets back x's type.
// CHECK-LABEL: func.func @reshapes
// CHECK-NEXT: %[[R:.*]] = graph.reshape %arg0 : (tensor<1x4x1xf32>) -> tensor<2x2xf32>
// CHECK-NEXT: return %arg0, %[[R]]
func.func @reshapes(%x: tensor<1x4x1xf32>) -> (tensor<1x4x1xf32>, tensor<2x2xf32>) {
  %a = graph.reshape %x : (tensor<1x4x1xf32>) -> tensor<4xf32>
  %b = graph.reshape %a : (tensor<4xf32>) -> tensor<1x4x1xf32>
  %c = graph.reshape %a : (tensor<4xf32>) -> tensor<2x2xf32>
  return %b, %c : tensor<1x4x1xf32>, tensor<2x2xf32>
}

// -----

// A reshape of something else is kept.
// CHECK-LABEL: func.func @not_reshape_of_other
// CHECK: graph.relu
// CHECK: graph.reshape
func.func @not_reshape_of_other(%x: tensor<4xf32>) -> tensor<2x2xf32> {
  %a = graph.relu %x : tensor<4xf32>
  %b = graph.reshape %a : (tensor<4xf32>) -> tensor<2x2xf32>
  return %b : tensor<2x2xf32>
}

// -----

// CHECK-LABEL: func.func @transposes
// CHECK-NEXT: %[[T:.*]] = graph.transpose %arg0 {perm = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
// CHECK-NEXT: return %arg0, %[[T]]
func.func @transposes(%x: tensor<2x3x4xf32>) -> (tensor<2x3x4xf32>, tensor<4x2x3xf32>) {
  %a = graph.transpose %x {perm = array<i64: 0, 2, 1>} : (tensor<2x3x4xf32>) -> tensor<2x4x3xf32>
  %b = graph.transpose %a {perm = array<i64: 0, 2, 1>} : (tensor<2x4x3xf32>) -> tensor<2x3x4xf32>
  %c = graph.transpose %a {perm = array<i64: 1, 0, 2>} : (tensor<2x4x3xf32>) -> tensor<4x2x3xf32>
  return %b, %c : tensor<2x3x4xf32>, tensor<4x2x3xf32>
}

// -----

// CHECK-LABEL: func.func @not_single_transpose
// CHECK: graph.transpose %arg0 {perm = array<i64: 1, 0>}
func.func @not_single_transpose(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  %a = graph.transpose %x {perm = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %a : tensor<3x2xf32>
}

// -----

// Widening casts hold every value: f16 -> f32 -> f64 is f16 -> f64,
// i8 -> i32 -> i64 is i8 -> i64, ui8 -> i16 -> f32 is ui8 -> f32, and
// f32 -> f64 -> f32 disappears.
// CHECK-LABEL: func.func @cast_chains
// CHECK-DAG: graph.cast %arg0 : tensor<4xf16> to tensor<4xf64>
// CHECK-DAG: graph.cast %arg1 : tensor<4xi8> to tensor<4xi64>
// CHECK-DAG: graph.cast %arg2 : tensor<4xui8> to tensor<4xf32>
// CHECK-NOT: graph.cast
// CHECK: return {{.*}}, %arg3
func.func @cast_chains(%h: tensor<4xf16>, %b: tensor<4xi8>, %u: tensor<4xui8>, %f: tensor<4xf32>) -> (tensor<4xf64>, tensor<4xi64>, tensor<4xf32>, tensor<4xf32>) {
  %h1 = graph.cast %h : tensor<4xf16> to tensor<4xf32>
  %h2 = graph.cast %h1 : tensor<4xf32> to tensor<4xf64>
  %b1 = graph.cast %b : tensor<4xi8> to tensor<4xi32>
  %b2 = graph.cast %b1 : tensor<4xi32> to tensor<4xi64>
  %u1 = graph.cast %u : tensor<4xui8> to tensor<4xi16>
  %u2 = graph.cast %u1 : tensor<4xi16> to tensor<4xf32>
  %f1 = graph.cast %f : tensor<4xf32> to tensor<4xf64>
  %f2 = graph.cast %f1 : tensor<4xf64> to tensor<4xf32>
  return %h2, %b2, %u2, %f2 : tensor<4xf64>, tensor<4xi64>, tensor<4xf32>, tensor<4xf32>
}

// -----

// Lossy intermediates change values: f32 -> i32 -> f32 truncates,
// i64 -> i32 -> i64 wraps, i8 -> ui16 drops the sign, i32 -> f32 rounds.
// CHECK-LABEL: func.func @not_lossy_cast_chains
// CHECK-COUNT-8: graph.cast
func.func @not_lossy_cast_chains(%f: tensor<4xf32>, %l: tensor<4xi64>, %b: tensor<4xi8>, %i: tensor<4xi32>) -> (tensor<4xf32>, tensor<4xi64>, tensor<4xi32>, tensor<4xi64>) {
  %f1 = graph.cast %f : tensor<4xf32> to tensor<4xi32>
  %f2 = graph.cast %f1 : tensor<4xi32> to tensor<4xf32>
  %l1 = graph.cast %l : tensor<4xi64> to tensor<4xi32>
  %l2 = graph.cast %l1 : tensor<4xi32> to tensor<4xi64>
  %b1 = graph.cast %b : tensor<4xi8> to tensor<4xui16>
  %b2 = graph.cast %b1 : tensor<4xui16> to tensor<4xi32>
  %i1 = graph.cast %i : tensor<4xi32> to tensor<4xf32>
  %i2 = graph.cast %i1 : tensor<4xf32> to tensor<4xi64>
  return %f2, %l2, %b2, %i2 : tensor<4xf32>, tensor<4xi64>, tensor<4xi32>, tensor<4xi64>
}
