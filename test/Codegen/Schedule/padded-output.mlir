// RUN: kiln-opt %s --kiln-convert-graph-to-linalg --split-input-file | FileCheck %s

// When a scheduled convolution writes its result in its user's padded
// input layout (Conv2DKernelOperands::outputPads): for one user that is a
// padded conv2d_nchw_cvec convolution reading it as its input, with a row
// gap (left + right pads) of at most one vector of the producer, and other
// users only that read it as the residual of a scheduled convolution.
// run-padded-output.mlir runs the cases that do.

// The user's padded copy is gone: the producer allocates [1][8][6+2][10+2]
// and the user collapses that buffer.
// CHECK-LABEL: func.func @padded
// CHECK: %[[P:.*]] = memref.alloc() {alignment = 64 : i64, kiln.padded_result} : memref<1x8x8x12xf32>
// CHECK-NOT: memref.alloc() {alignment = 64 : i64} : memref<768xf32>
// CHECK: memref.collapse_shape %[[P]] {{\[\[}}0, 1, 2, 3]] : memref<1x8x8x12xf32> into memref<768xf32>
func.func @padded(%x: tensor<1x6x6x10xf32>) -> tensor<1x4x6x10xf32> {
  %w = arith.constant dense<0.5> : tensor<8x6x1x1xf32>
  %w2 = arith.constant dense<0.5> : tensor<4x8x3x3xf32>
  %p = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64,
      kiln.schedule = {kernel = "conv2d_nchw", vector_width = 16 : i64, mr = 4 : i64, nr = 32 : i64, kc = 6 : i64, m_split = 1 : i64, parallel = false, b_source = "direct"}}
      : (tensor<1x6x6x10xf32>, tensor<8x6x1x1xf32>) -> tensor<1x8x6x10xf32>
  %y = graph.conv %p, %w2 {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64,
      kiln.schedule = {kernel = "conv2d_nchw_cvec", vector_width = 16 : i64, mr = 6 : i64, nr = 16 : i64, kc = 72 : i64, m_split = 1 : i64, parallel = false}}
      : (tensor<1x8x6x10xf32>, tensor<4x8x3x3xf32>) -> tensor<1x4x6x10xf32>
  return %y : tensor<1x4x6x10xf32>
}

// -----

// A second user (here the function's result): the result keeps its own
// layout and the padded user copies it.
// CHECK-LABEL: func.func @two_users
// CHECK: memref.alloc() {alignment = 64 : i64} : memref<1x8x6x10xf32>
// CHECK: memref.alloc() {alignment = 64 : i64} : memref<768xf32>
func.func @two_users(%x: tensor<1x6x6x10xf32>) -> (tensor<1x4x6x10xf32>, tensor<1x8x6x10xf32>) {
  %w = arith.constant dense<0.5> : tensor<8x6x1x1xf32>
  %w2 = arith.constant dense<0.5> : tensor<4x8x3x3xf32>
  %p = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64,
      kiln.schedule = {kernel = "conv2d_nchw", vector_width = 16 : i64, mr = 4 : i64, nr = 32 : i64, kc = 6 : i64, m_split = 1 : i64, parallel = false, b_source = "direct"}}
      : (tensor<1x6x6x10xf32>, tensor<8x6x1x1xf32>) -> tensor<1x8x6x10xf32>
  %y = graph.conv %p, %w2 {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64,
      kiln.schedule = {kernel = "conv2d_nchw_cvec", vector_width = 16 : i64, mr = 6 : i64, nr = 16 : i64, kc = 72 : i64, m_split = 1 : i64, parallel = false}}
      : (tensor<1x8x6x10xf32>, tensor<4x8x3x3xf32>) -> tensor<1x4x6x10xf32>
  return %y, %p : tensor<1x4x6x10xf32>, tensor<1x8x6x10xf32>
}

// -----

// The user is an im2col conv2d_nchw convolution (its padded input has
// slack rows): no padded result.
// CHECK-LABEL: func.func @im2col_user
// CHECK: memref.alloc() {alignment = 64 : i64} : memref<1x8x6x10xf32>
// CHECK-NOT: memref<1x8x8x12xf32>
func.func @im2col_user(%x: tensor<1x6x6x10xf32>) -> tensor<1x4x6x10xf32> {
  %w = arith.constant dense<0.5> : tensor<8x6x1x1xf32>
  %w2 = arith.constant dense<0.5> : tensor<4x8x3x3xf32>
  %p = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64,
      kiln.schedule = {kernel = "conv2d_nchw", vector_width = 16 : i64, mr = 4 : i64, nr = 32 : i64, kc = 6 : i64, m_split = 1 : i64, parallel = false, b_source = "direct"}}
      : (tensor<1x6x6x10xf32>, tensor<8x6x1x1xf32>) -> tensor<1x8x6x10xf32>
  %y = graph.conv %p, %w2 {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64,
      kiln.schedule = {kernel = "conv2d_nchw", vector_width = 16 : i64, mr = 4 : i64, nr = 16 : i64, kc = 72 : i64, m_split = 1 : i64, parallel = false, b_source = "im2col"}}
      : (tensor<1x8x6x10xf32>, tensor<4x8x3x3xf32>) -> tensor<1x4x6x10xf32>
  return %y : tensor<1x4x6x10xf32>
}

// -----

// Pads of 3 + 2 columns between two rows' pixels exceed the producer's
// 4 lanes: no padded result.
// CHECK-LABEL: func.func @wide_gap
// CHECK: memref.alloc() {alignment = 64 : i64} : memref<1x8x6x10xf32>
// CHECK-NOT: memref<1x8x8x15xf32>
func.func @wide_gap(%x: tensor<1x6x6x10xf32>) -> tensor<1x4x6x13xf32> {
  %w = arith.constant dense<0.5> : tensor<8x6x1x1xf32>
  %w2 = arith.constant dense<0.5> : tensor<4x8x3x3xf32>
  %p = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64,
      kiln.schedule = {kernel = "conv2d_nchw", vector_width = 4 : i64, mr = 4 : i64, nr = 8 : i64, kc = 6 : i64, m_split = 1 : i64, parallel = false, b_source = "direct"}}
      : (tensor<1x6x6x10xf32>, tensor<8x6x1x1xf32>) -> tensor<1x8x6x10xf32>
  %y = graph.conv %p, %w2 {strides = array<i64: 1, 1>, pads = array<i64: 1, 3, 1, 2>, dilations = array<i64: 1, 1>, group = 1 : i64,
      kiln.schedule = {kernel = "conv2d_nchw_cvec", vector_width = 4 : i64, mr = 4 : i64, nr = 4 : i64, kc = 72 : i64, m_split = 1 : i64, parallel = false}}
      : (tensor<1x8x6x10xf32>, tensor<4x8x3x3xf32>) -> tensor<1x4x6x13xf32>
  return %y : tensor<1x4x6x13xf32>
}

// -----

// The other user reads the result as its residual (a ResNet block's
// input): padded, and that user reads the residual through the layout.
// CHECK-LABEL: func.func @residual_user
// CHECK: %[[P:.*]] = memref.alloc() {alignment = 64 : i64, kiln.padded_result} : memref<1x8x8x12xf32>
// CHECK: memref.collapse_shape %[[P]] {{\[\[}}0, 1, 2, 3]] : memref<1x8x8x12xf32> into memref<768xf32>
// CHECK: memref.collapse_shape %[[P]] {{\[\[}}0], [1], [2, 3]] : memref<1x8x8x12xf32> into memref<1x8x96xf32>
func.func @residual_user(%x: tensor<1x6x6x10xf32>) -> (tensor<1x4x6x10xf32>, tensor<1x8x6x10xf32>) {
  %w = arith.constant dense<0.5> : tensor<8x6x1x1xf32>
  %b = arith.constant dense<0.5> : tensor<8xf32>
  %w2 = arith.constant dense<0.5> : tensor<4x8x3x3xf32>
  %p = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64,
      kiln.schedule = {kernel = "conv2d_nchw", vector_width = 16 : i64, mr = 4 : i64, nr = 32 : i64, kc = 6 : i64, m_split = 1 : i64, parallel = false, b_source = "direct"}}
      : (tensor<1x6x6x10xf32>, tensor<8x6x1x1xf32>) -> tensor<1x8x6x10xf32>
  %y = graph.conv %p, %w2 {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64,
      kiln.schedule = {kernel = "conv2d_nchw_cvec", vector_width = 16 : i64, mr = 6 : i64, nr = 16 : i64, kc = 72 : i64, m_split = 1 : i64, parallel = false}}
      : (tensor<1x8x6x10xf32>, tensor<4x8x3x3xf32>) -> tensor<1x4x6x10xf32>
  %r = graph.conv %x, %w, %b residual(%p) {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64,
      kiln.schedule = {kernel = "conv2d_nchw", vector_width = 16 : i64, mr = 4 : i64, nr = 32 : i64, kc = 6 : i64, m_split = 1 : i64, parallel = false, b_source = "direct"}}
      : (tensor<1x6x6x10xf32>, tensor<8x6x1x1xf32>, tensor<8xf32>, tensor<1x8x6x10xf32>) -> tensor<1x8x6x10xf32>
  return %y, %r : tensor<1x4x6x10xf32>, tensor<1x8x6x10xf32>
}

// -----

// A residual user without a schedule (its generic lowering reads the
// tensor): no padded result.
// CHECK-LABEL: func.func @unscheduled_residual_user
// CHECK: memref.alloc() {alignment = 64 : i64} : memref<1x8x6x10xf32>
// CHECK-NOT: memref<1x8x8x12xf32>
func.func @unscheduled_residual_user(%x: tensor<1x6x6x10xf32>) -> (tensor<1x4x6x10xf32>, tensor<1x8x6x10xf32>) {
  %w = arith.constant dense<0.5> : tensor<8x6x1x1xf32>
  %b = arith.constant dense<0.5> : tensor<8xf32>
  %w2 = arith.constant dense<0.5> : tensor<4x8x3x3xf32>
  %p = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64,
      kiln.schedule = {kernel = "conv2d_nchw", vector_width = 16 : i64, mr = 4 : i64, nr = 32 : i64, kc = 6 : i64, m_split = 1 : i64, parallel = false, b_source = "direct"}}
      : (tensor<1x6x6x10xf32>, tensor<8x6x1x1xf32>) -> tensor<1x8x6x10xf32>
  %y = graph.conv %p, %w2 {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64,
      kiln.schedule = {kernel = "conv2d_nchw_cvec", vector_width = 16 : i64, mr = 6 : i64, nr = 16 : i64, kc = 72 : i64, m_split = 1 : i64, parallel = false}}
      : (tensor<1x8x6x10xf32>, tensor<4x8x3x3xf32>) -> tensor<1x4x6x10xf32>
  %r = graph.conv %x, %w, %b residual(%p) {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x6x6x10xf32>, tensor<8x6x1x1xf32>, tensor<8xf32>, tensor<1x8x6x10xf32>) -> tensor<1x8x6x10xf32>
  return %y, %r : tensor<1x4x6x10xf32>, tensor<1x8x6x10xf32>
}
