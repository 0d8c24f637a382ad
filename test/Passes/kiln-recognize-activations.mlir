// RUN: kiln-opt --kiln-recognize-activations -split-input-file %s | FileCheck %s

// torch's GELU export: x * (1 + erf(x / sqrt2)), then * 0.5.
// CHECK-LABEL: func @gelu_erf_div
// CHECK-SAME: (%[[X:.*]]: tensor<2x8xf32>)
// CHECK: %[[G:.*]] = graph.gelu %[[X]] {tanh_approximation = false}
// CHECK-NOT: graph.erf
// CHECK-NOT: graph.mul
// CHECK: return %[[G]]
func.func @gelu_erf_div(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %sqrt2 = graph.constant dense<1.41421354> : tensor<f32>
  %one = graph.constant dense<1.0> : tensor<f32>
  %half = graph.constant dense<0.5> : tensor<f32>
  %d = graph.div %x, %sqrt2 : (tensor<2x8xf32>, tensor<f32>) -> tensor<2x8xf32>
  %e = graph.erf %d : tensor<2x8xf32>
  %a = graph.add %e, %one : (tensor<2x8xf32>, tensor<f32>) -> tensor<2x8xf32>
  %m = graph.mul %x, %a : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
  %r = graph.mul %m, %half : (tensor<2x8xf32>, tensor<f32>) -> tensor<2x8xf32>
  return %r : tensor<2x8xf32>
}

// -----

// Mul by 1/sqrt2, the 0.5 applied to x first, 1 + erf in the other order.
// CHECK-LABEL: func @gelu_erf_mul_half_first
// CHECK: graph.gelu %{{.*}} {tanh_approximation = false}
// CHECK-NOT: graph.erf
func.func @gelu_erf_mul_half_first(%x: tensor<8xf32>) -> tensor<8xf32> {
  %isqrt2 = graph.constant dense<0.707106769> : tensor<f32>
  %one = graph.constant dense<1.0> : tensor<f32>
  %half = graph.constant dense<0.5> : tensor<f32>
  %hx = graph.mul %half, %x : (tensor<f32>, tensor<8xf32>) -> tensor<8xf32>
  %d = graph.mul %x, %isqrt2 : (tensor<8xf32>, tensor<f32>) -> tensor<8xf32>
  %e = graph.erf %d : tensor<8xf32>
  %a = graph.add %one, %e : (tensor<f32>, tensor<8xf32>) -> tensor<8xf32>
  %r = graph.mul %hx, %a : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  return %r : tensor<8xf32>
}

// -----

// A wrong divisor (sqrt 3) is not GELU.
// CHECK-LABEL: func @not_gelu_wrong_constant
// CHECK-NOT: graph.gelu
// CHECK: graph.erf
func.func @not_gelu_wrong_constant(%x: tensor<8xf32>) -> tensor<8xf32> {
  %c = graph.constant dense<1.73205078> : tensor<f32>
  %one = graph.constant dense<1.0> : tensor<f32>
  %half = graph.constant dense<0.5> : tensor<f32>
  %d = graph.div %x, %c : (tensor<8xf32>, tensor<f32>) -> tensor<8xf32>
  %e = graph.erf %d : tensor<8xf32>
  %a = graph.add %e, %one : (tensor<8xf32>, tensor<f32>) -> tensor<8xf32>
  %m = graph.mul %x, %a : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  %r = graph.mul %m, %half : (tensor<8xf32>, tensor<f32>) -> tensor<8xf32>
  return %r : tensor<8xf32>
}

// -----

// The outer factor is not the erf's argument.
// CHECK-LABEL: func @not_gelu_other_x
// CHECK-NOT: graph.gelu
// CHECK: graph.erf
func.func @not_gelu_other_x(%x: tensor<8xf32>, %y: tensor<8xf32>) -> tensor<8xf32> {
  %sqrt2 = graph.constant dense<1.41421354> : tensor<f32>
  %one = graph.constant dense<1.0> : tensor<f32>
  %half = graph.constant dense<0.5> : tensor<f32>
  %d = graph.div %x, %sqrt2 : (tensor<8xf32>, tensor<f32>) -> tensor<8xf32>
  %e = graph.erf %d : tensor<8xf32>
  %a = graph.add %e, %one : (tensor<8xf32>, tensor<f32>) -> tensor<8xf32>
  %m = graph.mul %y, %a : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  %r = graph.mul %m, %half : (tensor<8xf32>, tensor<f32>) -> tensor<8xf32>
  return %r : tensor<8xf32>
}

// -----

// The erf result is also used elsewhere: it must stay, so no rewrite.
// CHECK-LABEL: func @not_gelu_erf_reused
// CHECK-NOT: graph.gelu
func.func @not_gelu_erf_reused(%x: tensor<8xf32>) -> (tensor<8xf32>, tensor<8xf32>) {
  %sqrt2 = graph.constant dense<1.41421354> : tensor<f32>
  %one = graph.constant dense<1.0> : tensor<f32>
  %half = graph.constant dense<0.5> : tensor<f32>
  %d = graph.div %x, %sqrt2 : (tensor<8xf32>, tensor<f32>) -> tensor<8xf32>
  %e = graph.erf %d : tensor<8xf32>
  %a = graph.add %e, %one : (tensor<8xf32>, tensor<f32>) -> tensor<8xf32>
  %m = graph.mul %x, %a : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  %r = graph.mul %m, %half : (tensor<8xf32>, tensor<f32>) -> tensor<8xf32>
  return %r, %e : tensor<8xf32>, tensor<8xf32>
}

// -----

// GELU tanh form with Pow(x, 3).
// CHECK-LABEL: func @gelu_tanh_pow
// CHECK-SAME: (%[[X:.*]]: tensor<4x16xf32>)
// CHECK: %[[G:.*]] = graph.gelu %[[X]] {tanh_approximation = true}
// CHECK-NOT: graph.tanh
// CHECK-NOT: graph.pow
// CHECK: return %[[G]]
func.func @gelu_tanh_pow(%x: tensor<4x16xf32>) -> tensor<4x16xf32> {
  %three = graph.constant dense<3.0> : tensor<f32>
  %c = graph.constant dense<0.044715> : tensor<f32>
  %s = graph.constant dense<0.797884583> : tensor<f32>
  %one = graph.constant dense<1.0> : tensor<f32>
  %half = graph.constant dense<0.5> : tensor<f32>
  %p = graph.pow %x, %three : (tensor<4x16xf32>, tensor<f32>) -> tensor<4x16xf32>
  %cp = graph.mul %c, %p : (tensor<f32>, tensor<4x16xf32>) -> tensor<4x16xf32>
  %in = graph.add %x, %cp : (tensor<4x16xf32>, tensor<4x16xf32>) -> tensor<4x16xf32>
  %sc = graph.mul %in, %s : (tensor<4x16xf32>, tensor<f32>) -> tensor<4x16xf32>
  %t = graph.tanh %sc : tensor<4x16xf32>
  %a = graph.add %t, %one : (tensor<4x16xf32>, tensor<f32>) -> tensor<4x16xf32>
  %hx = graph.mul %half, %x : (tensor<f32>, tensor<4x16xf32>) -> tensor<4x16xf32>
  %r = graph.mul %hx, %a : (tensor<4x16xf32>, tensor<4x16xf32>) -> tensor<4x16xf32>
  return %r : tensor<4x16xf32>
}

// -----

// GELU tanh form with x * x * x and the 0.5 last.
// CHECK-LABEL: func @gelu_tanh_cube
// CHECK: graph.gelu %{{.*}} {tanh_approximation = true}
// CHECK-NOT: graph.tanh
func.func @gelu_tanh_cube(%x: tensor<16xf32>) -> tensor<16xf32> {
  %c = graph.constant dense<0.044715> : tensor<f32>
  %s = graph.constant dense<0.797884583> : tensor<f32>
  %one = graph.constant dense<1.0> : tensor<f32>
  %half = graph.constant dense<0.5> : tensor<f32>
  %x2 = graph.mul %x, %x : (tensor<16xf32>, tensor<16xf32>) -> tensor<16xf32>
  %x3 = graph.mul %x2, %x : (tensor<16xf32>, tensor<16xf32>) -> tensor<16xf32>
  %cp = graph.mul %x3, %c : (tensor<16xf32>, tensor<f32>) -> tensor<16xf32>
  %in = graph.add %cp, %x : (tensor<16xf32>, tensor<16xf32>) -> tensor<16xf32>
  %sc = graph.mul %s, %in : (tensor<f32>, tensor<16xf32>) -> tensor<16xf32>
  %t = graph.tanh %sc : tensor<16xf32>
  %a = graph.add %one, %t : (tensor<f32>, tensor<16xf32>) -> tensor<16xf32>
  %m = graph.mul %x, %a : (tensor<16xf32>, tensor<16xf32>) -> tensor<16xf32>
  %r = graph.mul %m, %half : (tensor<16xf32>, tensor<f32>) -> tensor<16xf32>
  return %r : tensor<16xf32>
}

// -----

// 0.04 is not GELU's cubic coefficient.
// CHECK-LABEL: func @not_gelu_tanh_wrong_coefficient
// CHECK-NOT: graph.gelu
// CHECK: graph.tanh
func.func @not_gelu_tanh_wrong_coefficient(%x: tensor<16xf32>) -> tensor<16xf32> {
  %three = graph.constant dense<3.0> : tensor<f32>
  %c = graph.constant dense<0.04> : tensor<f32>
  %s = graph.constant dense<0.797884583> : tensor<f32>
  %one = graph.constant dense<1.0> : tensor<f32>
  %half = graph.constant dense<0.5> : tensor<f32>
  %p = graph.pow %x, %three : (tensor<16xf32>, tensor<f32>) -> tensor<16xf32>
  %cp = graph.mul %c, %p : (tensor<f32>, tensor<16xf32>) -> tensor<16xf32>
  %in = graph.add %x, %cp : (tensor<16xf32>, tensor<16xf32>) -> tensor<16xf32>
  %sc = graph.mul %in, %s : (tensor<16xf32>, tensor<f32>) -> tensor<16xf32>
  %t = graph.tanh %sc : tensor<16xf32>
  %a = graph.add %t, %one : (tensor<16xf32>, tensor<f32>) -> tensor<16xf32>
  %m = graph.mul %x, %a : (tensor<16xf32>, tensor<16xf32>) -> tensor<16xf32>
  %r = graph.mul %m, %half : (tensor<16xf32>, tensor<f32>) -> tensor<16xf32>
  return %r : tensor<16xf32>
}

// -----

// CHECK-LABEL: func @silu
// CHECK-SAME: (%[[X:.*]]: tensor<1x32x8x8xf32>)
// CHECK: %[[S:.*]] = graph.silu %[[X]]
// CHECK-NOT: graph.sigmoid
// CHECK: return %[[S]]
func.func @silu(%x: tensor<1x32x8x8xf32>) -> tensor<1x32x8x8xf32> {
  %s = graph.sigmoid %x : tensor<1x32x8x8xf32>
  %r = graph.mul %s, %x : (tensor<1x32x8x8xf32>, tensor<1x32x8x8xf32>) -> tensor<1x32x8x8xf32>
  return %r : tensor<1x32x8x8xf32>
}

// -----

// y * sigmoid(x) is a gate, not SiLU.
// CHECK-LABEL: func @not_silu_other_operand
// CHECK-NOT: graph.silu
// CHECK: graph.sigmoid
func.func @not_silu_other_operand(%x: tensor<8xf32>, %y: tensor<8xf32>) -> tensor<8xf32> {
  %s = graph.sigmoid %x : tensor<8xf32>
  %r = graph.mul %y, %s : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  return %r : tensor<8xf32>
}
