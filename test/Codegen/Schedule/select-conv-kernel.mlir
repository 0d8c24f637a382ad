// RUN: kiln-opt %s --kiln-select-schedules | FileCheck %s

// The choice between the two convolution kernels (chooseConvKernel,
// docs/scheduling.md "Strategy") on an AVX-512 machine with 2 cores:
// conv2d_nchw_cvec (output channels as the vector dimension) where few
// output pixels waste pixel lanes and large weights would be re-streamed
// once per pixel tile; conv2d_nchw elsewhere.

module attributes {kiln.target = {triple = "x86_64-unknown-linux-gnu", cpu = "znver5",
    isa = "avx512", vector_bits = 512 : i64, vector_registers = 32 : i64, fma = true,
    l1d_bytes = 49152 : i64, l2_bytes = 1048576 : i64, l3_bytes = 33554432 : i64,
    cores = 2 : i64}} {

// ResNet-18's last stage: 512 -> 512 3x3 on 7x7 pixels (49 of 64 pixel
// lanes, 9.4 MB of weights): M = 49 pixels, N = 512 channels, no b_source;
// the 7 x 48 tile (chooseChannelsRegisterTile: 7 whole pixel tiles), the
// 4608 x 48 weight panel (864 KiB, reused by only 7 pixel tiles) blocked to
// half of L1D.
// CHECK-LABEL: func.func @resnet_7x7
// CHECK: graph.conv {{.*}}kiln.schedule = {kc = 128 : i64, kernel = "conv2d_nchw_cvec", m_split = 1 : i64, mr = 7 : i64, nr = 48 : i64, parallel = true, vector_width = 16 : i64}
func.func @resnet_7x7(%x: tensor<1x512x7x7xf32>) -> tensor<1x512x7x7xf32> {
  %w = graph.constant dense<1.0> : tensor<512x512x3x3xf32>
  %y = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x512x7x7xf32>, tensor<512x512x3x3xf32>) -> tensor<1x512x7x7xf32>
  return %y : tensor<1x512x7x7xf32>
}

// ResNet's 256 -> 256 3x3 on 14x14 pixels: 28 pixel tiles of 7 reuse each
// 2304 x 32 weight panel (288 KiB, over a quarter of L2), blocked to half of
// L1D (24 KiB / 128 B per k = 192) however many tiles reuse it; with K
// blocked, no panel prefetch flag.
// CHECK-LABEL: func.func @resnet_14x14
// CHECK: graph.conv {{.*}}kiln.schedule = {kc = 192 : i64, kernel = "conv2d_nchw_cvec", m_split = 1 : i64, mr = 7 : i64, nr = 32 : i64, parallel = true, vector_width = 16 : i64}
func.func @resnet_14x14(%x: tensor<1x256x14x14xf32>) -> tensor<1x256x14x14xf32> {
  %w = graph.constant dense<1.0> : tensor<256x256x3x3xf32>
  %y = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x256x14x14xf32>, tensor<256x256x3x3xf32>) -> tensor<1x256x14x14xf32>
  return %y : tensor<1x256x14x14xf32>
}

// The same channels at stride 2 (ResNet-18's 256 -> 512 layer on 14x14):
// 11 panels of 48 would split 6 / 5 over the 2 cores, 16 panels of 32
// split evenly (kc then half of L1D over a 32-wide panel: 192); its 1x1
// stride-2 downsample keeps 48.
// CHECK-LABEL: func.func @resnet_strided_7x7
// CHECK: graph.conv {{.*}}kiln.schedule = {kc = 192 : i64, kernel = "conv2d_nchw_cvec", m_split = 1 : i64, mr = 7 : i64, nr = 32 : i64, parallel = true, vector_width = 16 : i64}
// CHECK: graph.conv {{.*}}kiln.schedule = {kc = 256 : i64, kernel = "conv2d_nchw_cvec", m_split = 1 : i64, mr = 7 : i64, nr = 48 : i64, parallel = true, vector_width = 16 : i64}
func.func @resnet_strided_7x7(%x: tensor<1x256x14x14xf32>) -> (tensor<1x512x7x7xf32>, tensor<1x512x7x7xf32>) {
  %w = graph.constant dense<1.0> : tensor<512x256x3x3xf32>
  %w2 = graph.constant dense<1.0> : tensor<512x256x1x1xf32>
  %y = graph.conv %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x256x14x14xf32>, tensor<512x256x3x3xf32>) -> tensor<1x512x7x7xf32>
  %d = graph.conv %x, %w2 {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x256x14x14xf32>, tensor<512x256x1x1xf32>) -> tensor<1x512x7x7xf32>
  return %y, %d : tensor<1x512x7x7xf32>, tensor<1x512x7x7xf32>
}

// MobileNet-v2's 1x1 layers on 7x7 pixels take it too, 960 -> 320
// (K = 960) and 160 -> 960 (K = 160: an epilogue of 16 / 160 against 15
// idle lanes of 64); with K = 32 the epilogue would cost more than the
// idle lanes. Their weights (1.2 MB and 0.6 MB) exceed half of L2 and K is
// one block: each M tile prefetches its share of the next channel panel.
// CHECK-LABEL: func.func @mobilenet_1x1_7x7
// CHECK: graph.conv {{.*}}kernel = "conv2d_nchw_cvec", {{.*}}prefetch = 1 : i64
// CHECK: graph.conv {{.*}}kernel = "conv2d_nchw_cvec", {{.*}}prefetch = 1 : i64
// CHECK: graph.conv {{.*}}b_source = "direct", {{.*}}kernel = "conv2d_nchw",
func.func @mobilenet_1x1_7x7(%x: tensor<1x960x7x7xf32>, %z: tensor<1x160x7x7xf32>, %s: tensor<1x32x7x7xf32>) -> (tensor<1x320x7x7xf32>, tensor<1x960x7x7xf32>, tensor<1x192x7x7xf32>) {
  %w = graph.constant dense<1.0> : tensor<320x960x1x1xf32>
  %y = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x960x7x7xf32>, tensor<320x960x1x1xf32>) -> tensor<1x320x7x7xf32>
  %v = graph.constant dense<1.0> : tensor<960x160x1x1xf32>
  %u = graph.conv %z, %v {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x160x7x7xf32>, tensor<960x160x1x1xf32>) -> tensor<1x960x7x7xf32>
  %r = graph.constant dense<1.0> : tensor<192x32x1x1xf32>
  %q = graph.conv %s, %r {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x32x7x7xf32>, tensor<192x32x1x1xf32>) -> tensor<1x192x7x7xf32>
  return %y, %u, %q : tensor<1x320x7x7xf32>, tensor<1x960x7x7xf32>, tensor<1x192x7x7xf32>
}

// 64 -> 64 3x3 on 56x56 pixels: full pixel lanes, but conv2d_nchw would
// pack an im2col panel for only 64 weight rows (6 / 64 per useful lane),
// more than the channel kernel's epilogue (16 / 576): 8 x 32 tiles over
// two channel panels, the 392 pixel tiles split 4 ways, M chunk first.
// With 128 output channels at stride 1 (64 -> 128 on 28x28) the packing
// is amortised over twice the rows (6 / 128) and still costs more than the
// epilogue (by 1.9%, over the 1% margin); at stride 2 (ResNet-18's 64 ->
// 128 layer on 56x56) each packed vector takes two loads and a permute
// (12 / 128 per useful lane). A 32 -> 128 layer (K = 288: an epilogue of
// 16 / 288) keeps pixels as the vector dimension.
// CHECK-LABEL: func.func @resnet_56x56
// CHECK: graph.conv {{.*}}kiln.schedule = {kc = 576 : i64, kernel = "conv2d_nchw_cvec", m_major = true, m_split = 4 : i64, mr = 8 : i64, nr = 32 : i64, parallel = true, vector_width = 16 : i64}
// CHECK: graph.conv {{.*}}kiln.schedule = {kc = 576 : i64, kernel = "conv2d_nchw_cvec", m_major = true, m_split = 2 : i64, mr = 8 : i64, nr = 32 : i64, parallel = true, vector_width = 16 : i64}
// CHECK: graph.conv {{.*}}kiln.schedule = {kc = 576 : i64, kernel = "conv2d_nchw_cvec", m_split = 2 : i64, mr = 8 : i64, nr = 32 : i64, parallel = true, vector_width = 16 : i64}
// CHECK: graph.conv {{.*}}kiln.schedule = {b_source = "im2col", {{.*}}kernel = "conv2d_nchw",
func.func @resnet_56x56(%x: tensor<1x64x56x56xf32>, %x28: tensor<1x64x28x28xf32>, %x32: tensor<1x32x28x28xf32>) -> (tensor<1x64x56x56xf32>, tensor<1x128x28x28xf32>, tensor<1x128x28x28xf32>, tensor<1x128x28x28xf32>) {
  %w = graph.constant dense<1.0> : tensor<64x64x3x3xf32>
  %y = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x64x56x56xf32>, tensor<64x64x3x3xf32>) -> tensor<1x64x56x56xf32>
  %v = graph.constant dense<1.0> : tensor<128x64x3x3xf32>
  %u = graph.conv %x, %v {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x64x56x56xf32>, tensor<128x64x3x3xf32>) -> tensor<1x128x28x28xf32>
  %t = graph.conv %x28, %v {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x64x28x28xf32>, tensor<128x64x3x3xf32>) -> tensor<1x128x28x28xf32>
  %v32 = graph.constant dense<1.0> : tensor<128x32x3x3xf32>
  %s = graph.conv %x32, %v32 {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x32x28x28xf32>, tensor<128x32x3x3xf32>) -> tensor<1x128x28x28xf32>
  return %y, %u, %t, %s : tensor<1x64x56x56xf32>, tensor<1x128x28x28xf32>, tensor<1x128x28x28xf32>, tensor<1x128x28x28xf32>
}

// Four channels per group would fill a quarter of each channel vector.
// CHECK-LABEL: func.func @grouped_7x7
// CHECK: graph.conv {{.*}}kernel = "conv2d_nchw",
func.func @grouped_7x7(%x: tensor<1x32x7x7xf32>) -> tensor<1x32x7x7xf32> {
  %w = graph.constant dense<1.0> : tensor<32x4x3x3xf32>
  %y = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 8 : i64}
      : (tensor<1x32x7x7xf32>, tensor<32x4x3x3xf32>) -> tensor<1x32x7x7xf32>
  return %y : tensor<1x32x7x7xf32>
}

// The grid order (chooseMMajor) of two split channel-vector layers: ResNet-
// 50's 3x3 stride-2 128 -> 128 on 56x56 reads a 1.6 MB input against 0.6 MB
// of weights, so each core takes a slice of the pixels (M) for every
// channel panel (m_major); the 3x3 128 -> 128 on 28x28 reads 0.4 MB of
// input against the same weights and keeps the channel-panel-first order.
// 128 channels are 4 panels of 2 vectors (no 1-2 vector tail panel).
// Their 0.6 MB of weights exceed half of L2: next-panel prefetch.
// CHECK-LABEL: func.func @grid_order
// CHECK: graph.conv {{.*}}kiln.schedule = {kc = 1152 : i64, kernel = "conv2d_nchw_cvec", m_major = true, m_split = 2 : i64, mr = 8 : i64, nr = 32 : i64, parallel = true, prefetch = 1 : i64, vector_width = 16 : i64}
// CHECK: graph.conv {{.*}}kiln.schedule = {kc = 1152 : i64, kernel = "conv2d_nchw_cvec", m_split = 2 : i64, mr = 8 : i64, nr = 32 : i64, parallel = true, prefetch = 1 : i64, vector_width = 16 : i64}
func.func @grid_order(%x: tensor<1x128x56x56xf32>, %z: tensor<1x128x28x28xf32>) -> (tensor<1x128x28x28xf32>, tensor<1x128x28x28xf32>) {
  %w = graph.constant dense<1.0> : tensor<128x128x3x3xf32>
  %y = graph.conv %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x128x56x56xf32>, tensor<128x128x3x3xf32>) -> tensor<1x128x28x28xf32>
  %u = graph.conv %z, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x128x28x28xf32>, tensor<128x128x3x3xf32>) -> tensor<1x128x28x28xf32>
  return %y, %u : tensor<1x128x28x28xf32>, tensor<1x128x28x28xf32>
}

// 1x1 layers on 14x14 pixels (196 of 208 pixel lanes) with a long K: the
// epilogue (16 / 576) costs less than the idle lanes: MobileNet-v2's 576
// -> 96 (0.2 MB of weights, kept in L2) takes the channel kernel by more
// than the 1% margin. ResNet-50's 1024 -> 256 (K = 1024, 4.3% cheaper)
// streams 1 MB of weights, where the margin is 5%: conv2d_nchw, with its
// 4 KiB weight prefetch.
// CHECK-LABEL: func.func @pointwise_14x14
// CHECK: graph.conv {{.*}}kiln.schedule = {kc = 576 : i64, kernel = "conv2d_nchw_cvec", m_major = true, m_split = 4 : i64, mr = 7 : i64, nr = 48 : i64, parallel = true, vector_width = 16 : i64}
// CHECK: graph.conv {{.*}}kiln.schedule = {b_source = "direct", kc = 1024 : i64, kernel = "conv2d_nchw", {{.*}}prefetch = 1024 : i64
func.func @pointwise_14x14(%x: tensor<1x576x14x14xf32>, %z: tensor<1x1024x14x14xf32>) -> (tensor<1x96x14x14xf32>, tensor<1x256x14x14xf32>) {
  %w = graph.constant dense<1.0> : tensor<96x576x1x1xf32>
  %y = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x576x14x14xf32>, tensor<96x576x1x1xf32>) -> tensor<1x96x14x14xf32>
  %v = graph.constant dense<1.0> : tensor<256x1024x1x1xf32>
  %u = graph.conv %z, %v {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x1024x14x14xf32>, tensor<256x1024x1x1xf32>) -> tensor<1x256x14x14xf32>
  return %y, %u : tensor<1x96x14x14xf32>, tensor<1x256x14x14xf32>
}

// ResNet's stem: 3 -> 64 7x7 stride 2 on 224x224 (K = 147, 112x112 output
// pixels). conv2d_nchw would pack a strided im2col panel for its 64 weight
// rows (cost 1 + 6 * 2 / 64); conv2d_nchw_cvec's epilogue costs 16 / 147.
// Its scratch tile for all 12544 pixels would be 1.6 MB: the M split is
// raised until an item's fits (4 chunks of 400 KB, within half of L2).
// Items that write 400 KB prefetch their output lines for writing; the
// 56x56 layer's items (100 KB) do not.
// CHECK-LABEL: func.func @resnet_stem
// CHECK: graph.conv {{.*}}kiln.schedule = {kc = 147 : i64, kernel = "conv2d_nchw_cvec", m_major = true, m_split = 4 : i64, mr = 8 : i64, nr = 32 : i64, parallel = true, prefetch_output = true, vector_width = 16 : i64}
// CHECK: graph.conv {{.*}}kiln.schedule = {kc = 576 : i64, kernel = "conv2d_nchw_cvec", m_major = true, m_split = 4 : i64, mr = 8 : i64, nr = 32 : i64, parallel = true, vector_width = 16 : i64}
func.func @resnet_stem(%x: tensor<1x3x224x224xf32>, %z: tensor<1x64x56x56xf32>) -> (tensor<1x64x112x112xf32>, tensor<1x64x56x56xf32>) {
  %w = graph.constant dense<1.0> : tensor<64x3x7x7xf32>
  %y = graph.conv %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 3, 3, 3, 3>, dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x3x224x224xf32>, tensor<64x3x7x7xf32>) -> tensor<1x64x112x112xf32>
  %v = graph.constant dense<1.0> : tensor<64x64x3x3xf32>
  %u = graph.conv %z, %v {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x64x56x56xf32>, tensor<64x64x3x3xf32>) -> tensor<1x64x56x56xf32>
  return %y, %u : tensor<1x64x112x112xf32>, tensor<1x64x56x56xf32>
}

}
