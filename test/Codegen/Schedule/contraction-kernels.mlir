// RUN: kiln-opt %s --kiln-convert-graph-to-linalg --split-input-file | FileCheck %s

// The contraction kernels behind kiln.schedule (codegen/Schedule), driven by
// hand-written schedules: the structure of what they emit. Their numerics
// are checked in run-contraction-kernels.mlir, their x86 code in
// gemm-znver5-asm.mlir.

// GEMM, 8x32 register tile of 16-lane vectors: weights packed at compile
// time into [N/nr][K][nr] panels, one parallel grid item per N tile, and a
// k loop carrying the 16 accumulators with 2 panel loads, 8 broadcasts and
// 16 FMAs per step.

// CHECK-LABEL: func.func @gemm
// CHECK-SAME: (%[[X:.*]]: tensor<16x64xf32>)
// CHECK: %[[A:.*]] = bufferization.to_buffer %[[X]] read_only : tensor<16x64xf32> to memref<16x64xf32>
// CHECK: %[[PACKED:.*]] = arith.constant dense_resource<kiln_packed> : tensor<2x64x32xf32>
// CHECK: %[[B:.*]] = bufferization.to_buffer %[[PACKED]] read_only : tensor<2x64x32xf32> to memref<2x64x32xf32>
// CHECK: %[[C:.*]] = memref.alloc() {alignment = 64 : i64} : memref<16x64xf32>
// CHECK: scf.parallel (%[[ITEM:.*]]) = (%{{.*}}) to (%{{.*}}) step
// CHECK: scf.for
// CHECK: scf.for %[[K:.*]] = {{.*}} iter_args({{.*}}) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>)
// CHECK-COUNT-2: vector.load %[[B]][%{{.*}}, %[[K]], %{{.*}}] : memref<2x64x32xf32>, vector<16xf32>
// CHECK-COUNT-8: memref.load %[[A]][%{{.*}}, %[[K]]] : memref<16x64xf32>
// CHECK-NOT: memref.load
// CHECK: scf.yield
// CHECK-COUNT-16: vector.store %{{.*}}, %[[C]][%{{.*}}, %{{.*}}] : memref<16x64xf32>, vector<16xf32>
// CHECK: } {kiln.parallel}
// CHECK: %[[RESULT:.*]] = bufferization.to_tensor %[[C]] restrict writable : memref<16x64xf32> to tensor<16x64xf32>
// CHECK: return %[[RESULT]]
func.func @gemm(%x: tensor<16x64xf32>) -> tensor<16x64xf32> {
  %w = graph.constant dense<0.5> : tensor<64x64xf32>
  %y = graph.matmul %x, %w {kiln.schedule = {kernel = "gemm", vector_width = 16 : i64, mr = 8 : i64, nr = 32 : i64, kc = 64 : i64, m_split = 1 : i64, parallel = true}}
      : (tensor<16x64xf32>, tensor<64x64xf32>) -> tensor<16x64xf32>
  return %y : tensor<16x64xf32>
}

// -----

// The micro-kernel: every FMA of the k loop, in the order rows x vectors.

// CHECK-LABEL: func.func @gemm_fma_count
// CHECK: iter_args
// CHECK-COUNT-16: math.fma %{{.*}}, %{{.*}}, %{{.*}} : vector<16xf32>
// CHECK-NOT: math.fma
// CHECK: scf.yield
func.func @gemm_fma_count(%x: tensor<8x8xf32>) -> tensor<8x32xf32> {
  %w = graph.constant dense<0.5> : tensor<8x32xf32>
  %y = graph.matmul %x, %w {kiln.schedule = {kernel = "gemm", vector_width = 16 : i64, mr = 8 : i64, nr = 32 : i64, kc = 8 : i64, m_split = 1 : i64, parallel = false}}
      : (tensor<8x8xf32>, tensor<8x32xf32>) -> tensor<8x32xf32>
  return %y : tensor<8x32xf32>
}

// -----

// Remainders: M = 10 is one tile of 4 rows and one static tile of 2; N = 40
// is one full tile of 32 columns and a tail of 8, chosen per item by an
// scf.if, whose single vector is stored through a constant mask. K = 20
// with kc = 8 gives three K blocks: the first starts from zeros, later ones
// reload C, the last adds the bias and applies the activation.

// CHECK-LABEL: func.func @remainders
// CHECK: scf.for {{.*}} {
// CHECK: %[[FULL:.*]] = arith.cmpi ult
// CHECK: scf.if %[[FULL]] {
// CHECK: scf.for %[[BLOCK:.*]] = %{{.*}} to %{{.*}} step
// CHECK: %[[FIRST:.*]] = arith.cmpi eq, %[[BLOCK]]
// CHECK: %[[LAST:.*]] = arith.cmpi eq, %[[BLOCK]]
// The full tile, 4 rows x 2 vectors.
// CHECK: scf.if %[[FIRST]] -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>)
// CHECK: vector.load %{{.*}} : memref<10x40xf32>, vector<16xf32>
// CHECK: iter_args
// CHECK-COUNT-8: math.fma
// CHECK-NOT: math.fma
// CHECK: scf.yield
// CHECK: scf.if %[[LAST]] {
// CHECK: arith.cmpf ugt
// The remainder tile, 2 rows x 2 vectors.
// CHECK: scf.if %[[FIRST]] -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>)
// CHECK: iter_args
// CHECK-COUNT-4: math.fma
// CHECK-NOT: math.fma
// CHECK: scf.yield
// The tail tile: one vector of which 8 lanes are stored.
// CHECK: } else {
// CHECK: scf.if %{{.*}} -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>)
// CHECK: %[[TAILMASK:.*]] = vector.constant_mask [8] : vector<16xi1>
// CHECK: vector.maskedload %{{.*}}, %[[TAILMASK]]
// CHECK: iter_args
// CHECK-COUNT-4: math.fma
// CHECK-NOT: math.fma
// CHECK: scf.yield
// CHECK: vector.constant_mask [8] : vector<16xi1>
// CHECK: vector.maskedstore
func.func @remainders(%x: tensor<10x20xf32>) -> tensor<10x40xf32> {
  %w = graph.constant dense<0.5> : tensor<20x40xf32>
  %b = graph.constant dense<1.0> : tensor<40xf32>
  %y = graph.matmul %x, %w, %b {activation = 1 : i32, kiln.schedule = {kernel = "gemm", vector_width = 16 : i64, mr = 4 : i64, nr = 32 : i64, kc = 8 : i64, m_split = 1 : i64, parallel = false}}
      : (tensor<10x20xf32>, tensor<20x40xf32>, tensor<40xf32>) -> tensor<10x40xf32>
  return %y : tensor<10x40xf32>
}

// -----

// m_split = 3: the grid has N tiles x 3 items; item c takes M tiles
// [c * 5 / 3, (c + 1) * 5 / 3) of the 5 M tiles, the last one included.

// CHECK-LABEL: func.func @m_split
// CHECK: %[[ITEMS:.*]] = arith.constant 3 : index
// CHECK: scf.parallel (%[[ITEM:.*]]) = (%{{.*}}) to (%[[ITEMS]])
// CHECK: %[[CHUNK:.*]] = arith.remui %[[ITEM]], %{{.*}} : index
// CHECK: arith.divui
// CHECK: arith.divui
// CHECK: %[[HI:.*]] = arith.divui
// CHECK: %[[END:.*]] = arith.minui %[[HI]]
// CHECK: scf.for %{{.*}} = %{{.*}} to %[[END]]
// CHECK: %[[ISLAST:.*]] = arith.cmpi eq, %[[CHUNK]], %{{.*}} : index
// CHECK: scf.if %[[ISLAST]] {
// CHECK: } {kiln.parallel}
func.func @m_split(%x: tensor<9x16xf32>) -> tensor<9x16xf32> {
  %w = graph.constant dense<0.5> : tensor<16x16xf32>
  %y = graph.matmul %x, %w {kiln.schedule = {kernel = "gemm", vector_width = 16 : i64, mr = 2 : i64, nr = 16 : i64, kc = 16 : i64, m_split = 3 : i64, parallel = true}}
      : (tensor<9x16xf32>, tensor<16x16xf32>) -> tensor<9x16xf32>
  return %y : tensor<9x16xf32>
}

// -----

// vector_width = 1: scalar code in vector<1xf32>, 4x4 tile = 16 FMAs.

// CHECK-LABEL: func.func @scalar
// CHECK: arith.constant dense_resource<kiln_packed> : tensor<2x12x4xf32>
// CHECK: iter_args
// CHECK-COUNT-16: math.fma %{{.*}} : vector<1xf32>
// CHECK-NOT: math.fma
// CHECK: scf.yield
// CHECK-NOT: vector.maskedstore
func.func @scalar(%x: tensor<4x12xf32>) -> tensor<4x8xf32> {
  %w = graph.constant dense<0.5> : tensor<12x8xf32>
  %y = graph.matmul %x, %w {kiln.schedule = {kernel = "gemm", vector_width = 1 : i64, mr = 4 : i64, nr = 4 : i64, kc = 12 : i64, m_split = 1 : i64, parallel = false}}
      : (tensor<4x12xf32>, tensor<12x8xf32>) -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

// vector_width = 4 (NEON / SSE width), Gemm with transB: the panels hold B
// transposed, and C (a per-column bias) scaled by beta in the epilogue.

// CHECK-LABEL: func.func @gemm_vw4
// CHECK: arith.constant dense_resource<kiln_packed> : tensor<2x6x8xf32>
// CHECK: iter_args
// CHECK-COUNT-12: math.fma %{{.*}} : vector<4xf32>
// CHECK-NOT: math.fma
// CHECK: scf.yield
// CHECK: %[[BETA:.*]] = arith.constant dense<2.000000e+00> : vector<4xf32>
// CHECK: arith.mulf %{{.*}}, %[[BETA]] : vector<4xf32>
func.func @gemm_vw4(%a: tensor<6x6xf32>, %c: tensor<16xf32>) -> tensor<6x16xf32> {
  %w = graph.constant dense<0.5> : tensor<16x6xf32>
  %y = graph.gemm %a, %w, %c {alpha = 1.0 : f32, beta = 2.0 : f32, transA = false, transB = true, kiln.schedule = {kernel = "gemm", vector_width = 4 : i64, mr = 6 : i64, nr = 8 : i64, kc = 6 : i64, m_split = 1 : i64, parallel = true}}
      : (tensor<6x6xf32>, tensor<16x6xf32>, tensor<16xf32>) -> tensor<6x16xf32>
  return %y : tensor<6x16xf32>
}

// -----

// Convolution through im2col: 2 groups, stride 2, dilation 2, asymmetric
// padding. The input is zero padded once (plus slack rows for whole-vector
// reads); the weights are packed per group and K block; every grid item
// packs its B panel into a stack buffer of kc x nr floats, per K block,
// with loads of twice the vector width deinterleaved by a shuffle
// (stride 2), stores of whole chunks, and a masked store for a run's last
// chunk.

// CHECK-LABEL: func.func @conv_im2col
// The padded copy [1][4][14][13] (pads 1, 2, 1, 0 and 3 slack rows);
// without a kiln.target a serial loop (one item per image) over channels
// and rows with 4-lane vectors: a masked zero store for the 2 left
// columns, the input row (11 = 2 x 4 + 3), zero vectors for the other rows.
// CHECK: %[[INPUT:.*]] = memref.collapse_shape %{{.*}} {{\[\[}}0, 1, 2, 3]] : memref<1x4x9x11xf32> into memref<396xf32>
// CHECK: %[[IMAGE:.*]] = memref.alloc() {alignment = 64 : i64} : memref<728xf32>
// CHECK: scf.for
// CHECK: scf.for
// CHECK: scf.for %[[ROW:.*]] = %{{.*}} to %{{.*}} step
// CHECK: arith.cmpi uge, %[[ROW]]
// CHECK: scf.if
// CHECK: vector.constant_mask [2] : vector<4xi1>
// CHECK: vector.maskedstore %[[IMAGE]]
// CHECK: vector.load %[[INPUT]]
// CHECK: vector.store %{{.*}}, %[[IMAGE]]
// CHECK: vector.constant_mask [3] : vector<4xi1>
// CHECK: vector.maskedload %[[INPUT]]
// CHECK: vector.maskedstore %[[IMAGE]]
// CHECK: } else {
// CHECK: vector.store %{{.*}}, %[[IMAGE]]
// CHECK-NOT: scf.parallel
// CHECK: vector.constant_mask [1] : vector<4xi1>
// CHECK: arith.constant dense<[0, 2, 4, 26, 28, 30, 52, 54, 56, 182, 184, 186, 208, 210, 212, 234, 236, 238]> : tensor<18xi32>
// CHECK: arith.constant dense_resource<kiln_packed> : tensor<144xf32>
// CHECK: memref.alloc() {alignment = 64 : i64} : memref<1x6x4x5xf32>
// CHECK: scf.parallel
// CHECK: memref.alloca_scope {
// CHECK: %[[PANEL:.*]] = memref.alloca() {alignment = 64 : i64} : memref<64xf32>
// CHECK: vector.load %[[IMAGE]][%{{.*}}] : memref<728xf32>, vector<32xf32>
// CHECK: vector.shuffle %{{.*}} [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30] : vector<32xf32>, vector<32xf32>
// CHECK: vector.store %{{.*}}, %[[PANEL]][%{{.*}}] : memref<64xf32>, vector<16xf32>
// CHECK: vector.create_mask %{{.*}} : vector<16xi1>
// CHECK: vector.maskedstore %[[PANEL]]
// CHECK: iter_args
// CHECK-COUNT-2: math.fma
// CHECK-NOT: math.fma
// CHECK: scf.yield
// CHECK: } {kiln.parallel}
func.func @conv_im2col(%x: tensor<1x4x9x11xf32>) -> tensor<1x6x4x5xf32> {
  %w = graph.constant dense<0.5> : tensor<6x2x3x3xf32>
  %y = graph.conv %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 1, 2, 1, 0>, dilations = array<i64: 2, 2>, group = 2 : i64,
      kiln.schedule = {kernel = "conv2d_nchw", vector_width = 16 : i64, mr = 2 : i64, nr = 16 : i64, kc = 4 : i64, m_split = 1 : i64, parallel = true, b_source = "im2col"}}
      : (tensor<1x4x9x11xf32>, tensor<6x2x3x3xf32>) -> tensor<1x6x4x5xf32>
  return %y : tensor<1x6x4x5xf32>
}

// -----

// Stride 3: the panel reads are gathers of every third pixel.

// CHECK-LABEL: func.func @conv_gather
// CHECK: %[[LANES:.*]] = arith.constant dense<[0, 3, 6, 9]> : vector<4xi32>
// CHECK: vector.gather %{{.*}}[%{{.*}}] [%[[LANES]]], %{{.*}}, %{{.*}} : memref<{{.*}}xf32>, vector<4xi32>, vector<4xi1>, vector<4xf32> into vector<4xf32>
func.func @conv_gather(%x: tensor<1x2x9x9xf32>) -> tensor<1x4x3x3xf32> {
  %w = graph.constant dense<0.5> : tensor<4x2x3x3xf32>
  %y = graph.conv %x, %w {strides = array<i64: 3, 3>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64,
      kiln.schedule = {kernel = "conv2d_nchw", vector_width = 4 : i64, mr = 4 : i64, nr = 4 : i64, kc = 18 : i64, m_split = 1 : i64, parallel = false, b_source = "im2col"}}
      : (tensor<1x2x9x9xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x3x3xf32>
  return %y : tensor<1x4x3x3xf32>
}

// -----

// A 1x1 convolution with b_source = "direct": no panel, B rows are read
// from the input itself, [N][C][H*W]; the tail tile's last vector (35 % 16
// = 3 pixels) is a masked load. The bias is one scalar per output channel.

// CHECK-LABEL: func.func @conv_direct
// CHECK-NOT: memref.alloca
// CHECK: %[[PIXELS:.*]] = memref.collapse_shape %{{.*}} {{\[\[}}0], [1], [2, 3]] : memref<2x8x5x7xf32> into memref<2x8x35xf32>
// CHECK: %[[BIAS:.*]] = bufferization.to_buffer %{{.*}} read_only : tensor<12xf32> to memref<12xf32>
// CHECK: %[[C:.*]] = memref.alloc() {alignment = 64 : i64} : memref<2x12x5x7xf32>
// CHECK: memref.collapse_shape %[[C]] {{\[\[}}0], [1], [2, 3]] : memref<2x12x5x7xf32> into memref<2x12x35xf32>
// CHECK: scf.parallel
// CHECK-NOT: memref.alloca
// CHECK: %[[MASK:.*]] = vector.constant_mask [3] : vector<16xi1>
// CHECK: vector.maskedload %[[PIXELS]][%{{.*}}, %{{.*}}, %{{.*}}], %[[MASK]]
// CHECK: math.fma
// CHECK: memref.load %[[BIAS]]
// CHECK: } {kiln.parallel}
func.func @conv_direct(%x: tensor<2x8x5x7xf32>, %b: tensor<12xf32>) -> tensor<2x12x5x7xf32> {
  %w = graph.constant dense<0.5> : tensor<12x8x1x1xf32>
  %y = graph.conv %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64,
      kiln.schedule = {kernel = "conv2d_nchw", vector_width = 16 : i64, mr = 8 : i64, nr = 32 : i64, kc = 8 : i64, m_split = 1 : i64, parallel = true, b_source = "direct"}}
      : (tensor<2x8x5x7xf32>, tensor<12x8x1x1xf32>, tensor<12xf32>) -> tensor<2x12x5x7xf32>
  return %y : tensor<2x12x5x7xf32>
}

// -----

// prefetch = 64: once per k step of every micro-kernel, the packed weights
// 64 elements further along their stream, clamped to the last of the 128.
// CHECK-LABEL: func.func @conv_direct_prefetch
// CHECK: %[[W:.*]] = bufferization.to_buffer %{{.*}} read_only : tensor<128xf32> to memref<128xf32>
// CHECK: scf.for {{.*}} iter_args
// CHECK: %[[AHEAD:.*]] = arith.addi %{{.*}}, %c64 : index
// CHECK: %[[CLAMPED:.*]] = arith.minui %[[AHEAD]], %c127 : index
// CHECK: memref.prefetch %[[W]][%[[CLAMPED]]], read, locality<3>, data : memref<128xf32>
// CHECK: math.fma
func.func @conv_direct_prefetch(%x: tensor<1x8x5x7xf32>) -> tensor<1x12x5x7xf32> {
  %w = graph.constant dense<0.5> : tensor<12x8x1x1xf32>
  %y = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64,
      kiln.schedule = {kernel = "conv2d_nchw", vector_width = 16 : i64, mr = 8 : i64, nr = 32 : i64, kc = 8 : i64, m_split = 1 : i64, parallel = false, b_source = "direct", prefetch = 64 : i64}}
      : (tensor<1x8x5x7xf32>, tensor<12x8x1x1xf32>) -> tensor<1x12x5x7xf32>
  return %y : tensor<1x12x5x7xf32>
}

// -----

// Without kiln.schedule the generic linalg lowering runs (no kernel).

// CHECK-LABEL: func.func @not_scheduled
// CHECK-NOT: bufferization.to_buffer
// CHECK-NOT: math.fma
// CHECK: linalg.matmul
func.func @not_scheduled(%x: tensor<16x64xf32>) -> tensor<16x64xf32> {
  %w = graph.constant dense<0.5> : tensor<64x64xf32>
  %y = graph.matmul %x, %w : (tensor<16x64xf32>, tensor<64x64xf32>) -> tensor<16x64xf32>
  return %y : tensor<16x64xf32>
}
