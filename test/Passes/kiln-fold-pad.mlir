// RUN: kiln-opt --kiln-fold-pad -split-input-file %s | FileCheck %s

// CHECK-LABEL: func.func @conv
// CHECK-NOT: graph.pad
// CHECK: graph.conv %arg0, %arg1 {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 2, 1, 1, 3>, strides = array<i64: 1, 1>}
func.func @conv(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x9x10xf32> {
  %p = graph.pad %x {pads = array<i64: 0, 0, 1, 0, 0, 0, 0, 2>, mode = 0 : i32, value = 0.0 : f64}
      : (tensor<1x3x8x8xf32>) -> tensor<1x3x9x10xf32>
  %y = graph.conv %p, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x3x9x10xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x9x10xf32>
  return %y : tensor<1x4x9x10xf32>
}

// -----

// max_pool pads with -inf (its padding never wins); average_pool with zeros
// it counts.
// CHECK-LABEL: func.func @pools
// CHECK-NOT: graph.pad
// CHECK: graph.max_pool %arg0 {{{.*}}pads = array<i64: 1, 1, 1, 1>
// CHECK: graph.average_pool %arg0 {count_include_pad = true, {{.*}}pads = array<i64: 1, 1, 1, 1>
func.func @pools(%x: tensor<1x2x4x4xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
  %p = graph.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, mode = 0 : i32, value = 0xFFF0000000000000 : f64}
      : (tensor<1x2x4x4xf32>) -> tensor<1x2x6x6xf32>
  %m = graph.max_pool %p {kernel_shape = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>}
      : (tensor<1x2x6x6xf32>) -> tensor<1x2x4x4xf32>
  %z = graph.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, mode = 0 : i32, value = 0.0 : f64}
      : (tensor<1x2x4x4xf32>) -> tensor<1x2x6x6xf32>
  %a = graph.average_pool %z {kernel_shape = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, count_include_pad = false}
      : (tensor<1x2x6x6xf32>) -> tensor<1x2x4x4xf32>
  return %m, %a : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}

// -----

// A zero pad before a max_pool would win over negative inputs; an average
// pool that excludes its own pads from the count would not count the pad.
// CHECK-LABEL: func.func @not_pool_pad_values
// CHECK-COUNT-2: graph.pad
func.func @not_pool_pad_values(%x: tensor<1x2x4x4xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x6x6xf32>) {
  %p = graph.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, mode = 0 : i32, value = 0.0 : f64}
      : (tensor<1x2x4x4xf32>) -> tensor<1x2x6x6xf32>
  %m = graph.max_pool %p {kernel_shape = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>}
      : (tensor<1x2x6x6xf32>) -> tensor<1x2x4x4xf32>
  %z = graph.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, mode = 0 : i32, value = 0.0 : f64}
      : (tensor<1x2x4x4xf32>) -> tensor<1x2x6x6xf32>
  %a = graph.average_pool %z {kernel_shape = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, count_include_pad = false}
      : (tensor<1x2x6x6xf32>) -> tensor<1x2x6x6xf32>
  return %m, %a : tensor<1x2x4x4xf32>, tensor<1x2x6x6xf32>
}

// -----

// CHECK-LABEL: func.func @not_channel_pad
// CHECK: graph.pad
// CHECK: graph.conv %{{.*}} {{{.*}}pads = array<i64: 0, 0, 0, 0>
func.func @not_channel_pad(%x: tensor<1x2x8x8xf32>, %w: tensor<4x3x1x1xf32>) -> tensor<1x4x8x8xf32> {
  %p = graph.pad %x {pads = array<i64: 0, 1, 0, 0, 0, 0, 0, 0>, mode = 0 : i32, value = 0.0 : f64}
      : (tensor<1x2x8x8xf32>) -> tensor<1x3x8x8xf32>
  %y = graph.conv %p, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x3x8x8xf32>, tensor<4x3x1x1xf32>) -> tensor<1x4x8x8xf32>
  return %y : tensor<1x4x8x8xf32>
}

// -----

// CHECK-LABEL: func.func @not_nonzero_value
// CHECK: graph.pad
// CHECK: graph.conv %{{.*}} {{{.*}}pads = array<i64: 0, 0, 0, 0>
func.func @not_nonzero_value(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32> {
  %p = graph.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, mode = 0 : i32, value = 1.0 : f64}
      : (tensor<1x3x8x8xf32>) -> tensor<1x3x10x10xf32>
  %y = graph.conv %p, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x3x10x10xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32>
  return %y : tensor<1x4x8x8xf32>
}

// -----

// CHECK-LABEL: func.func @not_reflect
// CHECK: graph.pad
// CHECK: graph.conv %{{.*}} {{{.*}}pads = array<i64: 0, 0, 0, 0>
func.func @not_reflect(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32> {
  %p = graph.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, mode = 1 : i32, value = 0.0 : f64}
      : (tensor<1x3x8x8xf32>) -> tensor<1x3x10x10xf32>
  %y = graph.conv %p, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x3x10x10xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32>
  return %y : tensor<1x4x8x8xf32>
}

// -----

// The padded tensor is also used elsewhere: it must exist anyway, and the
// conv keeps reading it.
// CHECK-LABEL: func.func @not_other_users
// CHECK: %[[P:.*]] = graph.pad
// CHECK: graph.conv %[[P]], {{.*}}pads = array<i64: 0, 0, 0, 0>
// CHECK: graph.relu %[[P]]
func.func @not_other_users(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> (tensor<1x4x8x8xf32>, tensor<1x3x10x10xf32>) {
  %p = graph.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, mode = 0 : i32, value = 0.0 : f64}
      : (tensor<1x3x8x8xf32>) -> tensor<1x3x10x10xf32>
  %y = graph.conv %p, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x3x10x10xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32>
  %r = graph.relu %p : tensor<1x3x10x10xf32>
  return %y, %r : tensor<1x4x8x8xf32>, tensor<1x3x10x10xf32>
}
