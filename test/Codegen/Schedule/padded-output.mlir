// RUN: kiln-opt %s --kiln-convert-graph-to-linalg --split-input-file | FileCheck %s

// When a scheduled convolution writes its result in its user's padded
// input layout (Conv2DKernelOperands::outputPads): for a user that is a
// padded conv2d_nchw_cvec convolution reading it as its input, with a row
// gap (left + right pads) of at most one vector of the producer, and other
// users only that read it as the residual of a scheduled convolution or as
// the input of a cvec or im2col convolution whose pads lie within those and
// whose reads stay inside the buffer (readsPaddedLayoutInPlace).
// run-padded-output.mlir and run-padded-downsample.mlir run the cases that
// do.

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

// -----

// A ResNet block's output feeding the next block's stride-2 3x3 layer and
// its 1x1 stride-2 downsamples (an im2col conv2d_nchw and a cvec one,
// pads 0 within the 3x3 layer's 1): padded, and all three users collapse
// the buffer; the downsamples start reading one row and one column in.
// CHECK-LABEL: func.func @downsample_users
// CHECK: %[[P:.*]] = memref.alloc() {alignment = 64 : i64, kiln.padded_result} : memref<1x8x10x12xf32>
// CHECK-NOT: memref.alloc() {alignment = 64 : i64} : memref<960xf32>
// CHECK: memref.collapse_shape %[[P]] {{\[\[}}0, 1, 2, 3]] : memref<1x8x10x12xf32> into memref<960xf32>
// CHECK: memref.collapse_shape %[[P]] {{\[\[}}0, 1, 2, 3]] : memref<1x8x10x12xf32> into memref<960xf32>
// CHECK: memref.collapse_shape %[[P]] {{\[\[}}0, 1, 2, 3]] : memref<1x8x10x12xf32> into memref<960xf32>
func.func @downsample_users(%x: tensor<1x6x8x10xf32>) -> (tensor<1x4x4x5xf32>, tensor<1x4x4x5xf32>, tensor<1x4x4x5xf32>) {
  %w = arith.constant dense<0.5> : tensor<8x6x1x1xf32>
  %w2 = arith.constant dense<0.5> : tensor<4x8x3x3xf32>
  %w3 = arith.constant dense<0.5> : tensor<4x8x1x1xf32>
  %p = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64,
      kiln.schedule = {kernel = "conv2d_nchw", vector_width = 16 : i64, mr = 4 : i64, nr = 32 : i64, kc = 6 : i64, m_split = 1 : i64, parallel = false, b_source = "direct"}}
      : (tensor<1x6x8x10xf32>, tensor<8x6x1x1xf32>) -> tensor<1x8x8x10xf32>
  %y = graph.conv %p, %w2 {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64,
      kiln.schedule = {kernel = "conv2d_nchw_cvec", vector_width = 16 : i64, mr = 4 : i64, nr = 16 : i64, kc = 72 : i64, m_split = 1 : i64, parallel = false}}
      : (tensor<1x8x8x10xf32>, tensor<4x8x3x3xf32>) -> tensor<1x4x4x5xf32>
  %d = graph.conv %p, %w3 {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64,
      kiln.schedule = {kernel = "conv2d_nchw", vector_width = 4 : i64, mr = 4 : i64, nr = 8 : i64, kc = 8 : i64, m_split = 1 : i64, parallel = false, b_source = "im2col"}}
      : (tensor<1x8x8x10xf32>, tensor<4x8x1x1xf32>) -> tensor<1x4x4x5xf32>
  %e = graph.conv %p, %w3 {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64,
      kiln.schedule = {kernel = "conv2d_nchw_cvec", vector_width = 4 : i64, mr = 4 : i64, nr = 4 : i64, kc = 8 : i64, m_split = 1 : i64, parallel = false}}
      : (tensor<1x8x8x10xf32>, tensor<4x8x1x1xf32>) -> tensor<1x4x4x5xf32>
  return %y, %d, %e : tensor<1x4x4x5xf32>, tensor<1x4x4x5xf32>, tensor<1x4x4x5xf32>
}

// -----

// The same with a 16-lane im2col downsample: the chunks of its last output
// row read 32 elements from the row's first pixel, past the buffer's end
// (no bottom pad row): the result keeps its own layout.
// CHECK-LABEL: func.func @downsample_reads_past
// CHECK: memref.alloc() {alignment = 64 : i64} : memref<1x8x8x10xf32>
// CHECK-NOT: kiln.padded_result
func.func @downsample_reads_past(%x: tensor<1x6x8x10xf32>) -> (tensor<1x4x4x5xf32>, tensor<1x4x4x5xf32>) {
  %w = arith.constant dense<0.5> : tensor<8x6x1x1xf32>
  %w2 = arith.constant dense<0.5> : tensor<4x8x3x3xf32>
  %w3 = arith.constant dense<0.5> : tensor<4x8x1x1xf32>
  %p = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64,
      kiln.schedule = {kernel = "conv2d_nchw", vector_width = 16 : i64, mr = 4 : i64, nr = 32 : i64, kc = 6 : i64, m_split = 1 : i64, parallel = false, b_source = "direct"}}
      : (tensor<1x6x8x10xf32>, tensor<8x6x1x1xf32>) -> tensor<1x8x8x10xf32>
  %y = graph.conv %p, %w2 {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 0, 1>, dilations = array<i64: 1, 1>, group = 1 : i64,
      kiln.schedule = {kernel = "conv2d_nchw_cvec", vector_width = 16 : i64, mr = 4 : i64, nr = 16 : i64, kc = 72 : i64, m_split = 1 : i64, parallel = false}}
      : (tensor<1x8x8x10xf32>, tensor<4x8x3x3xf32>) -> tensor<1x4x4x5xf32>
  %d = graph.conv %p, %w3 {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64,
      kiln.schedule = {kernel = "conv2d_nchw", vector_width = 16 : i64, mr = 4 : i64, nr = 16 : i64, kc = 8 : i64, m_split = 1 : i64, parallel = false, b_source = "im2col"}}
      : (tensor<1x8x8x10xf32>, tensor<4x8x1x1xf32>) -> tensor<1x4x4x5xf32>
  return %y, %d : tensor<1x4x4x5xf32>, tensor<1x4x4x5xf32>
}

// -----

// A 1x1 stride-1 user reading the input directly (b_source direct) cannot
// read a padded layout: no padded result.
// CHECK-LABEL: func.func @direct_user
// CHECK: memref.alloc() {alignment = 64 : i64} : memref<1x8x8x10xf32>
// CHECK-NOT: kiln.padded_result
func.func @direct_user(%x: tensor<1x6x8x10xf32>) -> (tensor<1x4x4x5xf32>, tensor<1x4x8x10xf32>) {
  %w = arith.constant dense<0.5> : tensor<8x6x1x1xf32>
  %w2 = arith.constant dense<0.5> : tensor<4x8x3x3xf32>
  %w3 = arith.constant dense<0.5> : tensor<4x8x1x1xf32>
  %p = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64,
      kiln.schedule = {kernel = "conv2d_nchw", vector_width = 16 : i64, mr = 4 : i64, nr = 32 : i64, kc = 6 : i64, m_split = 1 : i64, parallel = false, b_source = "direct"}}
      : (tensor<1x6x8x10xf32>, tensor<8x6x1x1xf32>) -> tensor<1x8x8x10xf32>
  %y = graph.conv %p, %w2 {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64,
      kiln.schedule = {kernel = "conv2d_nchw_cvec", vector_width = 16 : i64, mr = 4 : i64, nr = 16 : i64, kc = 72 : i64, m_split = 1 : i64, parallel = false}}
      : (tensor<1x8x8x10xf32>, tensor<4x8x3x3xf32>) -> tensor<1x4x4x5xf32>
  %d = graph.conv %p, %w3 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64,
      kiln.schedule = {kernel = "conv2d_nchw", vector_width = 16 : i64, mr = 4 : i64, nr = 32 : i64, kc = 8 : i64, m_split = 1 : i64, parallel = false, b_source = "direct"}}
      : (tensor<1x8x8x10xf32>, tensor<4x8x1x1xf32>) -> tensor<1x4x8x10xf32>
  return %y, %d : tensor<1x4x4x5xf32>, tensor<1x4x8x10xf32>
}
