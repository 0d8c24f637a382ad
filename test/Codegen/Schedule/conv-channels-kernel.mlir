// RUN: kiln-opt %s --kiln-convert-graph-to-linalg | FileCheck %s

// The conv2d_nchw_cvec kernel driven by a hand-written schedule: output
// channels are the vector dimension. The weights are packed at compile time
// into [groups * ceil(F/g / nr)][K][nr] panels; the pixel operand is a
// scalar load from the zero-padded input at pixel(p) + offset(k) (two i32
// tables), broadcast into the FMAs; each grid item accumulates into a
// [pixels][nr] stack scratch tile and writes it to NCHW per block of 16
// pixels x 16 channels: 16 row loads transposed in registers, then per
// channel the bias, the activation and a masked store. Numerics:
// run-conv-channels-kernel.mlir.

// Groups = 2 (4 output channels each: one 16-lane tail vector), a 3x3
// kernel with padding (1, 1, 1, 1) on 5x5: 25 pixels in M tiles of 4 (6
// full tiles, one of 1 pixel), K = 4 * 9 = 36 in blocks of 20.
// CHECK-LABEL: func.func @cvec
// The input zero padded to [1][8][7][7], row by row (ConvCommon.cpp).
// CHECK: %[[IMAGE:.*]] = memref.alloc() {alignment = 64 : i64} : memref<392xf32>
// CHECK: scf.for
// k offsets (ci * 49 + kh * 7 + kw) and pixel positions (oh * 7 + ow),
// the latter padded to 7 tiles of 4.
// CHECK: arith.constant dense<[0, 1, 2, 7, 8, 9, 14, 15, 16, 49, 50, 51, 56, 57, 58, 63, 64, 65, 98,
// CHECK: arith.constant dense<[0, 1, 2, 3, 4, 7, 8, 9, 10, 11, 14, 15, 16, 17, 18, 21, 22, 23, 24, 25, 28, 29, 30, 31, 32, 0, 0, 0]> : tensor<28xi32>
// CHECK: %[[BIAS:.*]] = bufferization.to_buffer %{{.*}} read_only : tensor<8xf32>
// CHECK: %[[PACKED:.*]] = arith.constant dense_resource<kiln_packed> : tensor<2x36x16xf32>
// CHECK: %[[B:.*]] = bufferization.to_buffer %[[PACKED]] read_only : tensor<2x36x16xf32> to memref<2x36x16xf32>
// CHECK: memref.alloc() {alignment = 64 : i64} : memref<1x8x5x5xf32>
// CHECK: scf.parallel
// CHECK: memref.alloca_scope {
// 28 pixel rows (7 tiles of 4) rounded up to 32, whole chunks of 16 rows.
// CHECK: %[[SCRATCH:.*]] = memref.alloca() {alignment = 64 : i64} : memref<512xf32>
// K is blocked (kc = 20 < 36): each M tile first prefetches its share of
// the weights after its K block (20 x 16 floats = 20 cache lines over 7
// tiles: 3 each). The micro-kernel: per k, one weight-panel vector and four
// broadcast pixel values.
// CHECK-COUNT-3: memref.prefetch %[[B]][%{{.*}}, %{{.*}}, %{{.*}}], read, locality<3>, data : memref<2x36x16xf32>
// CHECK-NOT: memref.prefetch
// CHECK: iter_args
// CHECK: vector.load %[[B]][%{{.*}}, %{{.*}}, %{{.*}}] : memref<2x36x16xf32>, vector<16xf32>
// CHECK: memref.load %[[IMAGE]][%{{.*}}] : memref<392xf32>
// CHECK: vector.broadcast %{{.*}} : f32 to vector<16xf32>
// CHECK: math.fma
// CHECK-COUNT-3: math.fma
// CHECK-NOT: math.fma
// CHECK: scf.yield
// The epilogue: per chunk of 16 pixels, 16 rows of the scratch tile
// (nr = 16 channels each), transposed by 4 rounds of 16 shuffles (round 8
// swaps the off-diagonal 8x8 blocks), then per channel of the group (4)
// its bias, relu and a masked store of the 16 pixels.
// CHECK: scf.for
// CHECK: vector.create_mask %{{.*}} : vector<16xi1>
// CHECK-COUNT-16: vector.load %[[SCRATCH]][%{{.*}}] : memref<512xf32>, vector<16xf32>
// CHECK-NEXT: vector.shuffle %{{.*}}, %{{.*}} [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23]
// CHECK-NEXT: vector.shuffle %{{.*}}, %{{.*}} [8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31]
// CHECK-COUNT-62: vector.shuffle
// CHECK-NOT: vector.shuffle
// CHECK-NOT: vector.gather
// CHECK: memref.load %[[BIAS]]
// CHECK: arith.addf
// CHECK: arith.cmpf ugt
// CHECK: arith.select
// CHECK: vector.maskedstore
// CHECK-COUNT-3: vector.maskedstore
// CHECK-NOT: vector.maskedstore
// CHECK: } {kiln.parallel}
func.func @cvec(%x: tensor<1x8x5x5xf32>) -> tensor<1x8x5x5xf32> {
  %w = graph.constant dense<0.5> : tensor<8x4x3x3xf32>
  %b = graph.constant dense<[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]> : tensor<8xf32>
  %y = graph.conv %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 2 : i64, activation = 1 : i32,
      kiln.schedule = {kernel = "conv2d_nchw_cvec", vector_width = 16 : i64, mr = 4 : i64, nr = 16 : i64, kc = 20 : i64, m_split = 1 : i64, parallel = true}}
      : (tensor<1x8x5x5xf32>, tensor<8x4x3x3xf32>, tensor<8xf32>) -> tensor<1x8x5x5xf32>
  return %y : tensor<1x8x5x5xf32>
}

// Without padding (a 1x1 layer, here with stride 2) the kernel reads the
// input in place: no padded copy, the pixel operand loaded from the
// collapsed input (pixel(p) = oh * 2 * 7 + ow * 2, offset(k) = ci * 35).
// CHECK-LABEL: func.func @cvec_unpadded
// CHECK-NOT: memref.alloc() {alignment = 64 : i64} : memref<{{[0-9]+}}xf32>
// CHECK: %[[IN:.*]] = memref.collapse_shape %{{.*}} {{\[\[}}0, 1, 2, 3]] : memref<1x4x5x7xf32> into memref<140xf32>
// CHECK-NOT: memref.alloc() {alignment = 64 : i64} : memref<{{[0-9]+}}xf32>
// CHECK: arith.constant dense<[0, 35, 70, 105]> : tensor<4xi32>
// CHECK: arith.constant dense<[0, 2, 4, 6, 14, 16, 18, 20, 28, 30, 32, 34]> : tensor<12xi32>
// CHECK: scf.parallel
// CHECK: memref.load %[[IN]][%{{.*}}] : memref<140xf32>
// CHECK: math.fma
// kc = K and no `prefetch` in the schedule: nothing to prefetch.
// CHECK-NOT: memref.prefetch
func.func @cvec_unpadded(%x: tensor<1x4x5x7xf32>) -> tensor<1x16x3x4xf32> {
  %w = graph.constant dense<0.5> : tensor<16x4x1x1xf32>
  %y = graph.conv %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64,
      kiln.schedule = {kernel = "conv2d_nchw_cvec", vector_width = 16 : i64, mr = 4 : i64, nr = 16 : i64, kc = 4 : i64, m_split = 1 : i64, parallel = true}}
      : (tensor<1x4x5x7xf32>, tensor<16x4x1x1xf32>) -> tensor<1x16x3x4xf32>
  return %y : tensor<1x16x3x4xf32>
}

// `prefetch` with K in one block (the strategy's choice for weights that
// outgrow half of L2): each M tile first prefetches its share of the next
// channel panel (4 x 16 floats = 4 cache lines over 3 tiles: 2 each), the
// last panel's clamped into the buffer.
// CHECK-LABEL: func.func @cvec_next_panel
// CHECK: scf.parallel
// CHECK-COUNT-2: memref.prefetch %{{.*}}[%{{.*}}, %{{.*}}, %{{.*}}], read, locality<3>, data : memref<2x4x16xf32>
// CHECK-NOT: memref.prefetch
// CHECK: math.fma
func.func @cvec_next_panel(%x: tensor<1x4x5x7xf32>) -> tensor<1x32x3x4xf32> {
  %w = graph.constant dense<0.5> : tensor<32x4x1x1xf32>
  %y = graph.conv %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64,
      kiln.schedule = {kernel = "conv2d_nchw_cvec", vector_width = 16 : i64, mr = 4 : i64, nr = 16 : i64, kc = 4 : i64, m_split = 1 : i64, parallel = true, prefetch = 1 : i64}}
      : (tensor<1x4x5x7xf32>, tensor<32x4x1x1xf32>) -> tensor<1x32x3x4xf32>
  return %y : tensor<1x32x3x4xf32>
}

// `prefetch_output` (the strategy's choice for items whose output outgrows
// a quarter of L2): each M tile prefetches for writing the output line of
// its first pixel in each of the panel's 16 channels (the channels of the
// result, [N][F][OH*OW]), before its k loop; the epilogue stores them after
// the item's last tile.
// CHECK-LABEL: func.func @cvec_output_lines
// CHECK: scf.parallel
// CHECK-COUNT-16: memref.prefetch %{{.*}}[%{{.*}}, %{{.*}}, %{{.*}}], write, locality<3>, data : memref<1x32x12xf32>
// CHECK-NOT: memref.prefetch
// CHECK: math.fma
func.func @cvec_output_lines(%x: tensor<1x4x3x4xf32>) -> tensor<1x32x3x4xf32> {
  %w = graph.constant dense<0.5> : tensor<32x4x1x1xf32>
  %y = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64,
      kiln.schedule = {kernel = "conv2d_nchw_cvec", vector_width = 16 : i64, mr = 4 : i64, nr = 16 : i64, kc = 4 : i64, m_split = 1 : i64, parallel = true, prefetch_output = true}}
      : (tensor<1x4x3x4xf32>, tensor<32x4x1x1xf32>) -> tensor<1x32x3x4xf32>
  return %y : tensor<1x32x3x4xf32>
}

// m_major: the 6 grid items are decoded M chunk first (each core's
// contiguous share of the items is a slice of the pixels for every channel
// panel): the channel panel is the item index mod 3 panels, the pixel
// chunk the quotient mod 2.
// CHECK-LABEL: func.func @cvec_m_major
// CHECK: scf.parallel (%[[IV:.*]]) = (%{{.*}}) to (%{{.*}}) step
// CHECK: %[[PANELS:.*]] = arith.constant 3 : index
// CHECK: arith.remui %[[IV]], %[[PANELS]] : index
// CHECK: %[[REST:.*]] = arith.divui %[[IV]], %[[PANELS]] : index
// CHECK: %[[SPLIT:.*]] = arith.constant 2 : index
// CHECK: arith.remui %[[REST]], %[[SPLIT]] : index
func.func @cvec_m_major(%x: tensor<1x4x5x5xf32>) -> tensor<1x48x5x5xf32> {
  %w = graph.constant dense<0.5> : tensor<48x4x1x1xf32>
  %y = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64,
      kiln.schedule = {kernel = "conv2d_nchw_cvec", vector_width = 16 : i64, mr = 4 : i64, nr = 16 : i64, kc = 4 : i64, m_split = 2 : i64, m_major = true, parallel = true}}
      : (tensor<1x4x5x5xf32>, tensor<48x4x1x1xf32>) -> tensor<1x48x5x5xf32>
  return %y : tensor<1x48x5x5xf32>
}
