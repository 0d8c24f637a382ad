// RUN: kiln-opt --kiln-fuse-epilogues -split-input-file %s | FileCheck %s

// The activation attribute is an enum printed as its number: 1 relu, 2 clip,
// 3 leaky_relu, 4 sigmoid, 5 hard_sigmoid, 6 hard_swish, 7 silu, 8 gelu,
// 9 gelu_tanh, 10 tanh.

// CHECK-LABEL: func.func @conv_relu
// CHECK: %[[Y:.*]] = graph.conv {{.*}}activation = 1 : i32
// CHECK-NOT: graph.relu
// CHECK: return %[[Y]]
func.func @conv_relu(%x: tensor<1x2x4x4xf32>, %w: tensor<3x2x3x3xf32>, %b: tensor<3xf32>) -> tensor<1x3x2x2xf32> {
  %y = graph.conv %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x4x4xf32>, tensor<3x2x3x3xf32>, tensor<3xf32>) -> tensor<1x3x2x2xf32>
  %r = graph.relu %y : tensor<1x3x2x2xf32>
  return %r : tensor<1x3x2x2xf32>
}

// -----

// Relu6 as clip: bounds become activation_params.
// CHECK-LABEL: func.func @conv_clip
// CHECK: graph.conv {{.*}}activation = 2 : i32, activation_params = array<f32: 0.000000e+00, 6.000000e+00>
// CHECK-NOT: graph.clip
func.func @conv_clip(%x: tensor<1x2x4x4xf32>, %w: tensor<3x2x3x3xf32>) -> tensor<1x3x2x2xf32> {
  %y = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x4x4xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x2x2xf32>
  %r = graph.clip %y {min = 0.0 : f64, max = 6.0 : f64} : tensor<1x3x2x2xf32>
  return %r : tensor<1x3x2x2xf32>
}

// -----

// A clip with only a max: the missing min is -inf.
// CHECK-LABEL: func.func @gemm_clip_max_only
// CHECK: graph.gemm {{.*}}activation = 2 : i32, activation_params = array<f32: 0xFF800000, 1.000000e+00>
// CHECK-NOT: graph.clip
func.func @gemm_clip_max_only(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<2x4xf32> {
  %g = graph.gemm %a, %b {alpha = 1.0 : f32, beta = 1.0 : f32, transA = false, transB = false} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %r = graph.clip %g {max = 1.0 : f64} : tensor<2x4xf32>
  return %r : tensor<2x4xf32>
}

// -----

// CHECK-LABEL: func.func @gemm_leaky_relu
// CHECK: graph.gemm {{.*}}activation = 3 : i32, activation_params = array<f32: 1.000000e-01>
// CHECK-NOT: graph.leaky_relu
func.func @gemm_leaky_relu(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<2x4xf32> {
  %g = graph.gemm %a, %b {alpha = 1.0 : f32, beta = 1.0 : f32, transA = false, transB = false} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %r = graph.leaky_relu %g {alpha = 0.1 : f32} : tensor<2x4xf32>
  return %r : tensor<2x4xf32>
}

// -----

// CHECK-LABEL: func.func @matmul_sigmoid
// CHECK: graph.matmul {{.*}}activation = 4 : i32
// CHECK-NOT: graph.sigmoid
func.func @matmul_sigmoid(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<2x4xf32> {
  %m = graph.matmul %a, %b : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %r = graph.sigmoid %m : tensor<2x4xf32>
  return %r : tensor<2x4xf32>
}

// -----

// CHECK-LABEL: func.func @conv_hard_sigmoid
// CHECK: graph.conv {{.*}}activation = 5 : i32, activation_params = array<f32: 2.000000e-01, 5.000000e-01>
// CHECK-NOT: graph.hard_sigmoid
func.func @conv_hard_sigmoid(%x: tensor<1x2x4x4xf32>, %w: tensor<3x2x3x3xf32>) -> tensor<1x3x2x2xf32> {
  %y = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x4x4xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x2x2xf32>
  %r = graph.hard_sigmoid %y {alpha = 0.2 : f32, beta = 0.5 : f32} : tensor<1x3x2x2xf32>
  return %r : tensor<1x3x2x2xf32>
}

// -----

// CHECK-LABEL: func.func @conv_hard_swish
// CHECK: graph.conv {{.*}}activation = 6 : i32
// CHECK-NOT: graph.hard_swish
func.func @conv_hard_swish(%x: tensor<1x2x4x4xf32>, %w: tensor<3x2x3x3xf32>) -> tensor<1x3x2x2xf32> {
  %y = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x4x4xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x2x2xf32>
  %r = graph.hard_swish %y : tensor<1x3x2x2xf32>
  return %r : tensor<1x3x2x2xf32>
}

// -----

// CHECK-LABEL: func.func @matmul_silu
// CHECK: graph.matmul {{.*}}activation = 7 : i32
// CHECK-NOT: graph.silu
func.func @matmul_silu(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<2x4xf32> {
  %m = graph.matmul %a, %b : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %r = graph.silu %m : tensor<2x4xf32>
  return %r : tensor<2x4xf32>
}

// -----

// Both gelu forms; a matmul with a bias keeps it.
// CHECK-LABEL: func.func @matmul_gelu
// CHECK: graph.matmul %{{.*}}, %{{.*}}, %{{.*}} {activation = 8 : i32}
// CHECK: graph.matmul {{.*}}activation = 9 : i32
// CHECK-NOT: graph.gelu
func.func @matmul_gelu(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>, %c: tensor<4xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>) {
  %m = graph.matmul %a, %b, %c : (tensor<2x3xf32>, tensor<3x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  %r = graph.gelu %m {tanh_approximation = false} : tensor<2x4xf32>
  %m2 = graph.matmul %a, %b : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %r2 = graph.gelu %m2 {tanh_approximation = true} : tensor<2x4xf32>
  return %r, %r2 : tensor<2x4xf32>, tensor<2x4xf32>
}

// -----

// CHECK-LABEL: func.func @gemm_tanh
// CHECK: graph.gemm {{.*}}activation = 10 : i32
// CHECK-NOT: graph.tanh
func.func @gemm_tanh(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<2x4xf32> {
  %g = graph.gemm %a, %b {alpha = 1.0 : f32, beta = 1.0 : f32, transA = false, transB = false} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %r = graph.tanh %g : tensor<2x4xf32>
  return %r : tensor<2x4xf32>
}

// -----

// Integer matmul: relu is defined on integers.
// CHECK-LABEL: func.func @matmul_int_relu
// CHECK: graph.matmul {{.*}}activation = 1 : i32
// CHECK-NOT: graph.relu
func.func @matmul_int_relu(%a: tensor<2x3xi32>, %b: tensor<3x4xi32>) -> tensor<2x4xi32> {
  %m = graph.matmul %a, %b : (tensor<2x3xi32>, tensor<3x4xi32>) -> tensor<2x4xi32>
  %r = graph.relu %m : tensor<2x4xi32>
  return %r : tensor<2x4xi32>
}

// -----

// The contraction result has another user that needs the raw value.
// CHECK-LABEL: func.func @not_two_users
// CHECK: %[[M:.*]] = graph.matmul %{{.*}}, %{{.*}} :
// CHECK: graph.relu %[[M]]
func.func @not_two_users(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>) {
  %m = graph.matmul %a, %b : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %r = graph.relu %m : tensor<2x4xf32>
  return %r, %m : tensor<2x4xf32>, tensor<2x4xf32>
}

// -----

// relu(clip(conv)): only the first activation fuses.
// CHECK-LABEL: func.func @not_second_activation
// CHECK: %[[Y:.*]] = graph.conv {{.*}}activation = 2 : i32
// CHECK: graph.relu %[[Y]]
func.func @not_second_activation(%x: tensor<1x2x4x4xf32>, %w: tensor<3x2x3x3xf32>) -> tensor<1x3x2x2xf32> {
  %y = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x4x4xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x2x2xf32>
  %c = graph.clip %y {min = -1.0 : f64, max = 1.0 : f64} : tensor<1x3x2x2xf32>
  %r = graph.relu %c : tensor<1x3x2x2xf32>
  return %r : tensor<1x3x2x2xf32>
}

// -----

// A clip bound that f32 cannot hold exactly (f64 tensors) would change the
// result.
// CHECK-LABEL: func.func @not_clip_inexact_bound
// CHECK: %[[M:.*]] = graph.matmul %{{.*}}, %{{.*}} :
// CHECK: graph.clip %[[M]]
func.func @not_clip_inexact_bound(%a: tensor<2x3xf64>, %b: tensor<3x4xf64>) -> tensor<2x4xf64> {
  %m = graph.matmul %a, %b : (tensor<2x3xf64>, tensor<3x4xf64>) -> tensor<2x4xf64>
  %r = graph.clip %m {min = 0.1 : f64} : tensor<2x4xf64>
  return %r : tensor<2x4xf64>
}

// -----

// The activation's input is not a contraction.
// CHECK-LABEL: func.func @not_after_add
// CHECK: graph.add
// CHECK: graph.relu
func.func @not_after_add(%a: tensor<2x4xf32>, %b: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %s = graph.add %a, %b : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  %r = graph.relu %s : tensor<2x4xf32>
  return %r : tensor<2x4xf32>
}

// -----

// ResNet block: relu(add(conv, identity)) becomes one conv with the identity
// as its residual and the relu as its activation, at the add's position.
// CHECK-LABEL: func.func @conv_add_relu
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x8x8xf32>, %[[W:.*]]: tensor<4x4x3x3xf32>, %[[B:.*]]: tensor<4xf32>, %[[ID:.*]]: tensor<1x4x8x8xf32>)
// CHECK-NEXT: %[[Y:.*]] = graph.conv %[[X]], %[[W]], %[[B]] residual(%[[ID]]) {activation = 1 : i32,
// CHECK-NEXT: return %[[Y]]
func.func @conv_add_relu(%x: tensor<1x4x8x8xf32>, %w: tensor<4x4x3x3xf32>, %b: tensor<4xf32>, %id: tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32> {
  %c = graph.conv %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
  %a = graph.add %c, %id : (tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  %r = graph.relu %a : tensor<1x4x8x8xf32>
  return %r : tensor<1x4x8x8xf32>
}

// -----

// MobileNetV2 block: add(x, project_conv) without an activation, the conv on
// the rhs; a clip after it still fuses, applied after the residual.
// CHECK-LABEL: func.func @add_conv_clip
// CHECK-SAME: (%[[X:.*]]: tensor<1x8x4x4xf32>, %[[W:.*]]: tensor<4x8x1x1xf32>, %[[ID:.*]]: tensor<1x4x4x4xf32>)
// CHECK: %[[Y:.*]] = graph.conv %[[X]], %[[W]] residual(%[[ID]]) {activation = 2 : i32, activation_params = array<f32: 0.000000e+00, 6.000000e+00>
// CHECK-NOT: graph.add
// CHECK-NOT: graph.clip
// CHECK: return %[[Y]]
func.func @add_conv_clip(%x: tensor<1x8x4x4xf32>, %w: tensor<4x8x1x1xf32>, %id: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
  %c = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x8x4x4xf32>, tensor<4x8x1x1xf32>) -> tensor<1x4x4x4xf32>
  %a = graph.add %id, %c : (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %r = graph.clip %a {min = 0.0 : f64, max = 6.0 : f64} : tensor<1x4x4x4xf32>
  return %r : tensor<1x4x4x4xf32>
}

// -----

// Both operands are fusable convs (a ResNet downsample block): the lhs conv
// takes the rhs one as its residual; the rhs conv stays.
// CHECK-LABEL: func.func @conv_add_conv
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x8x8xf32>, %[[W1:.*]]: tensor<4x4x3x3xf32>, %[[W2:.*]]: tensor<4x4x1x1xf32>)
// CHECK: %[[D:.*]] = graph.conv %[[X]], %[[W2]] {
// CHECK: %[[Y:.*]] = graph.conv %[[X]], %[[W1]] residual(%[[D]]) {activation = 1 : i32,
// CHECK-NOT: graph.add
// CHECK: return %[[Y]]
func.func @conv_add_conv(%x: tensor<1x4x8x8xf32>, %w1: tensor<4x4x3x3xf32>, %w2: tensor<4x4x1x1xf32>) -> tensor<1x4x8x8xf32> {
  %c = graph.conv %x, %w1 {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>) -> tensor<1x4x8x8xf32>
  %d = graph.conv %x, %w2 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x4x8x8xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x8x8xf32>
  %a = graph.add %c, %d : (tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  %r = graph.relu %a : tensor<1x4x8x8xf32>
  return %r : tensor<1x4x8x8xf32>
}

// -----

// A broadcasting add (a per-channel bias that is not a constant) is not a
// residual: nothing fuses, and the relu stays after the add.
// CHECK-LABEL: func.func @conv_add_broadcast
// CHECK: graph.conv
// CHECK-NOT: residual
// CHECK-NOT: activation
// CHECK: graph.add
// CHECK: graph.relu
func.func @conv_add_broadcast(%x: tensor<1x4x8x8xf32>, %w: tensor<4x4x3x3xf32>, %c4: tensor<1x4x1x1xf32>) -> tensor<1x4x8x8xf32> {
  %c = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>) -> tensor<1x4x8x8xf32>
  %a = graph.add %c, %c4 : (tensor<1x4x8x8xf32>, tensor<1x4x1x1xf32>) -> tensor<1x4x8x8xf32>
  %r = graph.relu %a : tensor<1x4x8x8xf32>
  return %r : tensor<1x4x8x8xf32>
}

// -----

// The conv's result has another use: the add stays.
// CHECK-LABEL: func.func @conv_multi_use
// CHECK: %[[C:.*]] = graph.conv
// CHECK-NOT: residual
// CHECK: graph.add %[[C]]
// CHECK: return {{.*}}%[[C]]
func.func @conv_multi_use(%x: tensor<1x4x8x8xf32>, %w: tensor<4x4x3x3xf32>, %id: tensor<1x4x8x8xf32>) -> (tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>) {
  %c = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>) -> tensor<1x4x8x8xf32>
  %a = graph.add %c, %id : (tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  return %a, %c : tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>
}

// -----

// The conv already has an activation, which would apply before the add: the
// add stays (and the relu after it too).
// CHECK-LABEL: func.func @conv_activated_add
// CHECK: %[[C:.*]] = graph.conv {{.*}}activation = 1 : i32
// CHECK-NOT: residual
// CHECK: graph.add %[[C]]
// CHECK: graph.relu
func.func @conv_activated_add(%x: tensor<1x4x8x8xf32>, %w: tensor<4x4x3x3xf32>, %id: tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32> {
  %c = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = 1 : i32} : (tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>) -> tensor<1x4x8x8xf32>
  %a = graph.add %c, %id : (tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  %r = graph.relu %a : tensor<1x4x8x8xf32>
  return %r : tensor<1x4x8x8xf32>
}

// -----

// A conv that already has a residual takes no second one.
// CHECK-LABEL: func.func @conv_residual_add
// CHECK: %[[C:.*]] = graph.conv {{.*}} residual(
// CHECK: graph.add %[[C]]
func.func @conv_residual_add(%x: tensor<1x4x8x8xf32>, %w: tensor<4x4x3x3xf32>, %r1: tensor<1x4x8x8xf32>, %r2: tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32> {
  %c = graph.conv %x, %w residual(%r1) {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>, tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  %a = graph.add %c, %r2 : (tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  return %a : tensor<1x4x8x8xf32>
}
