// DEFINE: %{lower} = --one-shot-bufferize=bufferize-function-boundaries \
// DEFINE:     --convert-linalg-to-loops --convert-vector-to-scf --lower-affine \
// DEFINE:     --convert-scf-to-cf --expand-strided-metadata --lower-affine \
// DEFINE:     --convert-vector-to-llvm --convert-math-to-llvm --convert-to-llvm \
// DEFINE:     --reconcile-unrealized-casts
// DEFINE: %{run} = mlir-runner -e main -entry-point-result=void \
// DEFINE:     -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils \
// DEFINE:     | sed -e 's/base@ = 0x[0-9a-f]*//'
// RUN: mlir-opt %s %{lower} | %{run} > %t.ref
// RUN: kiln-opt %s --kiln-window-kernels | FileCheck %s --check-prefix=IR
// RUN: kiln-opt %s --kiln-window-kernels | mlir-opt %{lower} | %{run} > %t.512
// RUN: sed -e 's/vector_bits = 512/vector_bits = 128/' %s \
// RUN: | kiln-opt --kiln-window-kernels | mlir-opt %{lower} | %{run} > %t.128
// RUN: sed -e 's/cores = 1/cores = 2/' %s \
// RUN: | kiln-opt --kiln-window-kernels | mlir-opt %{lower} | %{run} > %t.par
// RUN: sed -e 's/cores = 1/cores = 2/' %s | kiln-opt --kiln-window-kernels \
// RUN: | FileCheck %s --check-prefix=PAR
// RUN: diff %t.ref %t.512
// RUN: diff %t.ref %t.128
// RUN: diff %t.ref %t.par
// RUN: FileCheck %s --input-file %t.512
// RUN: kiln-opt %s --kiln-window-kernels | FileCheck %s --check-prefix=S2
// RUN: sed -e 's/cores = 1/cores = 2/' %s | kiln-opt --kiln-window-kernels \
// RUN: | FileCheck %s --check-prefix=PF
// RUN: kiln-opt %s --kiln-window-kernels \
// RUN: | FileCheck %s --check-prefix=SERIAL --implicit-check-not=memref.prefetch

// Numerical check of kiln-window-kernels: every function below runs once
// through the generic linalg lowering (tensor.pad, linalg-to-loops) and once
// through the window kernels (16 and 4 lanes, serial and parallel grid),
// on small integers so that every sum is exact, and the printed outputs
// must be identical. Shapes put row tails, left/right padding, rows whose
// taps all fall into the padding and stride-2/3 wide loads to the test;
// the max pools (Pooling.cpp's generic) also a NaN, which must come out of
// every window that holds it, and a max pool of a max pool.

// IR-NOT: linalg.depthwise_conv_2d_nchw_chw
// IR-NOT: tensor.pad
// IR-NOT: linalg.generic {{.*}}"reduction"
// IR: vector.maskedload
// IR: vector.shuffle
// IR: math.fma
// IR: llvm.intr.maximum({{.*}}) {fastmathFlags = #llvm.fastmath<nsz>}

// A stride-2 depthwise row wider than a vector (@dw_s2: 19 outputs, 16
// lanes) is loaded in whole vectors at multiples of 16 columns, each pair
// split once into its even and odd columns; a column tap is one of those
// or two neighbouring ones shifted by whole lanes (no 32-column spans
// loaded per tap, which started one column off a vector boundary).
// S2-LABEL: func.func @dw_s2
// S2: %[[HI:.*]] = vector.load %{{.*}}[%{{.*}}, %{{.*}}, %{{.*}}, %c16] : memref<2x2x10x37xf32>, vector<16xf32>
// S2: %[[LO:.*]] = vector.load %{{.*}}[%{{.*}}, %{{.*}}, %{{.*}}, %c0{{.*}}] : memref<2x2x10x37xf32>, vector<16xf32>
// S2: vector.shuffle %[[LO]], %[[HI]] [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30]
// S2-NOT: vector<32xf32>
// S2: vector.shuffle %[[LO]], %[[HI]] [1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31]
// S2-NOT: vector<32xf32>
// S2-LABEL: func.func @dw_dil

// Only @dw_big and @mp_big have enough work for two cores.
// PAR-COUNT-2: kiln.parallel

// On two cores an item of @dw_big (24x24 outputs: 36 lines, one element
// per 16 and the last, 37 prefetches) first prefetches for writing the
// output plane of the item two ahead, clamped to the last of 8; @mp_big's
// 40x40 planes (100 lines) and serial grids prefetch nothing.
// PF-LABEL: func.func @dw_big
// PF: scf.parallel (%[[ITEM:.*]]) =
// PF: %[[LATER:.*]] = arith.addi %[[ITEM]], %c2
// PF: %[[AHEAD:.*]] = arith.minui %[[LATER]], %c7
// PF: %[[N:.*]] = arith.divui %[[AHEAD]], %c8
// PF: %[[C:.*]] = arith.remui %[[AHEAD]], %c8
// PF: memref.prefetch %{{.*}}[%[[N]], %[[C]], %c0{{.*}}, %c0{{.*}}], write, locality<3>, data : memref<1x8x24x24xf32>
// PF-COUNT-35: memref.prefetch %{{.*}}[%[[N]], %[[C]], %{{.*}}, %{{.*}}], write
// PF: memref.prefetch %{{.*}}[%[[N]], %[[C]], %c23{{.*}}, %c23{{.*}}], write
// PF-NOT: memref.prefetch
// PF: arith.divui %[[ITEM]], %c8
// PF-NOT: memref.prefetch
// PF-LABEL: func.func @mp_s2
// PF-NOT: memref.prefetch
// SERIAL-LABEL: func.func @dw_big

// CHECK: sizes = [1, 3, 9, 21]
// CHECK: sizes = [2, 2, 5, 19]
// CHECK: sizes = [1, 2, 6, 9]
// CHECK: sizes = [1, 2, 3, 3]
// CHECK: sizes = [1, 8, 24, 24]
// CHECK: sizes = [1, 3, 7, 19]
// CHECK: sizes = [2, 2, 6, 6]
// CHECK: sizes = [1, 2, 3, 8]
// CHECK: sizes = [1, 2, 5, 5]
// CHECK: sizes = [1, 8, 40, 40]
// CHECK: sizes = [1, 2, 4, 9]
// CHECK: nan
// CHECK: sizes = [1, 2, 4, 10]

#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#ch = affine_map<(d0, d1, d2, d3) -> (d1)>
#s2in = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2 * 2 + d4, d3 * 2 + d5)>
#s1in = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2 + d4, d3 + d5)>
#dilin = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2 * 2 + d4 * 2, d3 + d5)>
#win = affine_map<(d0, d1, d2, d3, d4, d5) -> (d4, d5)>
#pout = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3)>

module attributes {kiln.target = {triple = "x86_64-unknown-linux-gnu", cpu = "znver5", isa = "avx512", vector_bits = 512 : i64, vector_registers = 32 : i64, fma = true, l1d_bytes = 49152 : i64, l2_bytes = 1048576 : i64, l3_bytes = 33554432 : i64, cores = 1 : i64}} {

func.func private @printMemrefF32(tensor<*xf32>)

// Small integers in [-3, 3] from the element's indices.
func.func @iota(%shape: tensor<?x?x?x?xf32>, %seed: index) -> tensor<?x?x?x?xf32> {
  %r = linalg.generic {indexing_maps = [#id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} outs(%shape : tensor<?x?x?x?xf32>) {
  ^bb0(%o: f32):
    %i0 = linalg.index 0 : index
    %i1 = linalg.index 1 : index
    %i2 = linalg.index 2 : index
    %i3 = linalg.index 3 : index
    %c7 = arith.constant 7 : index
    %c5 = arith.constant 5 : index
    %c3 = arith.constant 3 : index
    %c11 = arith.constant 11 : index
    %a = arith.muli %i0, %c11 : index
    %b = arith.muli %i1, %c5 : index
    %c = arith.muli %i2, %c3 : index
    %s0 = arith.addi %a, %b : index
    %s1 = arith.addi %s0, %c : index
    %s2 = arith.addi %s1, %i3 : index
    %s3 = arith.addi %s2, %seed : index
    %m = arith.remui %s3, %c7 : index
    %i = arith.index_cast %m : index to i32
    %f = arith.sitofp %i : i32 to f32
    %three = arith.constant 3.0 : f32
    %v = arith.subf %f, %three : f32
    linalg.yield %v : f32
  } -> tensor<?x?x?x?xf32>
  return %r : tensor<?x?x?x?xf32>
}

func.func @make(%n: index, %c: index, %h: index, %w: index, %seed: index) -> tensor<?x?x?x?xf32> {
  %e = tensor.empty(%n, %c, %h, %w) : tensor<?x?x?x?xf32>
  %r = call @iota(%e, %seed) : (tensor<?x?x?x?xf32>, index) -> tensor<?x?x?x?xf32>
  return %r : tensor<?x?x?x?xf32>
}

// 3x3, stride 1, pad 1, bias broadcast, ReLU6 epilogue; rows of 21 (a
// masked tail at 16 and at 4 lanes).
func.func @dw_s1(%x: tensor<1x3x9x21xf32>, %w: tensor<3x3x3xf32>, %b: tensor<3xf32>) -> tensor<1x3x9x21xf32> {
  %zero = arith.constant 0.0 : f32
  %six = arith.constant 6.0 : f32
  %p = tensor.pad %x low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x3x9x21xf32> to tensor<1x3x11x23xf32>
  %e = tensor.empty() : tensor<1x3x9x21xf32>
  %init = linalg.generic {indexing_maps = [#ch, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%b : tensor<3xf32>) outs(%e : tensor<1x3x9x21xf32>) {
  ^bb0(%in: f32, %o: f32):
    linalg.yield %in : f32
  } -> tensor<1x3x9x21xf32>
  %dw = linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%p, %w : tensor<1x3x11x23xf32>, tensor<3x3x3xf32>) outs(%init : tensor<1x3x9x21xf32>) -> tensor<1x3x9x21xf32>
  %e2 = tensor.empty() : tensor<1x3x9x21xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%dw : tensor<1x3x9x21xf32>) outs(%e2 : tensor<1x3x9x21xf32>) {
  ^bb0(%in: f32, %o: f32):
    %m = arith.maximumf %in, %zero : f32
    %c = arith.minimumf %m, %six : f32
    linalg.yield %c : f32
  } -> tensor<1x3x9x21xf32>
  return %r : tensor<1x3x9x21xf32>
}

// 3x3, stride 2, asymmetric pads (top 1, left 2, bottom 0, right 1),
// batch 2, zero fill init.
func.func @dw_s2(%x: tensor<2x2x10x37xf32>, %w: tensor<2x3x3xf32>) -> tensor<2x2x5x19xf32> {
  %zero = arith.constant 0.0 : f32
  %p = tensor.pad %x low[0, 0, 1, 2] high[0, 0, 0, 1] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<2x2x10x37xf32> to tensor<2x2x11x40xf32>
  %e = tensor.empty() : tensor<2x2x5x19xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<2x2x5x19xf32>) -> tensor<2x2x5x19xf32>
  %dw = linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%p, %w : tensor<2x2x11x40xf32>, tensor<2x3x3xf32>) outs(%init : tensor<2x2x5x19xf32>) -> tensor<2x2x5x19xf32>
  return %dw : tensor<2x2x5x19xf32>
}

// 5x5, dilation 2, no padding, the initial output read from a tensor.
func.func @dw_dil(%x: tensor<1x2x14x17xf32>, %w: tensor<2x5x5xf32>, %init: tensor<1x2x6x9xf32>) -> tensor<1x2x6x9xf32> {
  %dw = linalg.depthwise_conv_2d_nchw_chw {dilations = dense<2> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x2x14x17xf32>, tensor<2x5x5xf32>) outs(%init : tensor<1x2x6x9xf32>) -> tensor<1x2x6x9xf32>
  return %dw : tensor<1x2x6x9xf32>
}

// 3x3, stride 3, pad 3 around a 4x4 image: border rows and columns whose
// taps all lie in the padding.
func.func @dw_s3(%x: tensor<1x2x4x4xf32>, %w: tensor<2x3x3xf32>, %b: tensor<2xf32>) -> tensor<1x2x3x3xf32> {
  %zero = arith.constant 0.0 : f32
  %p = tensor.pad %x low[0, 0, 3, 3] high[0, 0, 3, 3] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x2x4x4xf32> to tensor<1x2x10x10xf32>
  %e = tensor.empty() : tensor<1x2x3x3xf32>
  %init = linalg.generic {indexing_maps = [#ch, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%b : tensor<2xf32>) outs(%e : tensor<1x2x3x3xf32>) {
  ^bb0(%in: f32, %o: f32):
    linalg.yield %in : f32
  } -> tensor<1x2x3x3xf32>
  %dw = linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : tensor<2xi64>, strides = dense<3> : tensor<2xi64>} ins(%p, %w : tensor<1x2x10x10xf32>, tensor<2x3x3xf32>) outs(%init : tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  return %dw : tensor<1x2x3x3xf32>
}

// 3x3, stride 1, pad 1, 8 channels of 24x24: the grid runs on all cores.
func.func @dw_big(%x: tensor<1x8x24x24xf32>, %w: tensor<8x3x3xf32>) -> tensor<1x8x24x24xf32> {
  %zero = arith.constant 0.0 : f32
  %p = tensor.pad %x low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x8x24x24xf32> to tensor<1x8x26x26xf32>
  %e = tensor.empty() : tensor<1x8x24x24xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x8x24x24xf32>) -> tensor<1x8x24x24xf32>
  %dw = linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%p, %w : tensor<1x8x26x26xf32>, tensor<8x3x3xf32>) outs(%init : tensor<1x8x24x24xf32>) -> tensor<1x8x24x24xf32>
  return %dw : tensor<1x8x24x24xf32>
}

// Max pools as Pooling.cpp writes them: a -inf tensor.pad, a -inf fill and
// a maximumf generic over (n, c, oy, ox, ky, kx).

// 3x3, stride 2, pad 1 (ResNet's), rows of 37: left padding in the first
// tile, a masked tail.
func.func @mp_s2(%x: tensor<1x3x13x37xf32>) -> tensor<1x3x7x19xf32> {
  %ninf = arith.constant 0xFF800000 : f32
  %p = tensor.pad %x low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %ninf : f32
  } : tensor<1x3x13x37xf32> to tensor<1x3x15x39xf32>
  %e = tensor.empty() : tensor<1x3x7x19xf32>
  %init = linalg.fill ins(%ninf : f32) outs(%e : tensor<1x3x7x19xf32>) -> tensor<1x3x7x19xf32>
  %w = tensor.empty() : tensor<3x3xf32>
  %r = linalg.generic {indexing_maps = [#s2in, #win, #pout], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]} ins(%p, %w : tensor<1x3x15x39xf32>, tensor<3x3xf32>) outs(%init : tensor<1x3x7x19xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %m = arith.maximumf %o, %a : f32
    linalg.yield %m : f32
  } -> tensor<1x3x7x19xf32>
  return %r : tensor<1x3x7x19xf32>
}

// ceil_mode: 3x3, stride 2 on 12x12 needs one implicit row and column at
// the end; batch 2.
func.func @mp_ceil(%x: tensor<2x2x12x12xf32>) -> tensor<2x2x6x6xf32> {
  %ninf = arith.constant 0xFF800000 : f32
  %p = tensor.pad %x low[0, 0, 0, 0] high[0, 0, 1, 1] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %ninf : f32
  } : tensor<2x2x12x12xf32> to tensor<2x2x13x13xf32>
  %e = tensor.empty() : tensor<2x2x6x6xf32>
  %init = linalg.fill ins(%ninf : f32) outs(%e : tensor<2x2x6x6xf32>) -> tensor<2x2x6x6xf32>
  %w = tensor.empty() : tensor<3x3xf32>
  %r = linalg.generic {indexing_maps = [#s2in, #win, #pout], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]} ins(%p, %w : tensor<2x2x13x13xf32>, tensor<3x3xf32>) outs(%init : tensor<2x2x6x6xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %m = arith.maximumf %a, %o : f32
    linalg.yield %m : f32
  } -> tensor<2x2x6x6xf32>
  return %r : tensor<2x2x6x6xf32>
}

// A 3x2 window with row dilation 2, strides (2, 1), pads 1, and an
// elementwise epilogue (x * 2 + 1) taken into the kernel.
func.func @mp_dil(%x: tensor<1x2x7x7xf32>) -> tensor<1x2x3x8xf32> {
  %ninf = arith.constant 0xFF800000 : f32
  %two = arith.constant 2.0 : f32
  %one = arith.constant 1.0 : f32
  %p = tensor.pad %x low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %ninf : f32
  } : tensor<1x2x7x7xf32> to tensor<1x2x9x9xf32>
  %e = tensor.empty() : tensor<1x2x3x8xf32>
  %init = linalg.fill ins(%ninf : f32) outs(%e : tensor<1x2x3x8xf32>) -> tensor<1x2x3x8xf32>
  %w = tensor.empty() : tensor<3x2xf32>
  %r = linalg.generic {indexing_maps = [#dilin, #win, #pout], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]} ins(%p, %w : tensor<1x2x9x9xf32>, tensor<3x2xf32>) outs(%init : tensor<1x2x3x8xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %m = arith.maximumf %o, %a : f32
    linalg.yield %m : f32
  } -> tensor<1x2x3x8xf32>
  %e2 = tensor.empty() : tensor<1x2x3x8xf32>
  %y = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%r : tensor<1x2x3x8xf32>) outs(%e2 : tensor<1x2x3x8xf32>) {
  ^bb0(%in: f32, %o: f32):
    %d = arith.mulf %in, %two : f32
    %s = arith.addf %d, %one : f32
    linalg.yield %s : f32
  } -> tensor<1x2x3x8xf32>
  return %y : tensor<1x2x3x8xf32>
}

// Padding and start 0 instead of -inf (the value the padding holds is the
// fill: the kernel may skip it), stride 3 with pad 3: windows entirely in
// the padding.
func.func @mp_zero(%x: tensor<1x2x9x9xf32>) -> tensor<1x2x5x5xf32> {
  %zero = arith.constant 0.0 : f32
  %p = tensor.pad %x low[0, 0, 3, 3] high[0, 0, 3, 3] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x2x9x9xf32> to tensor<1x2x15x15xf32>
  %e = tensor.empty() : tensor<1x2x5x5xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x2x5x5xf32>) -> tensor<1x2x5x5xf32>
  %w = tensor.empty() : tensor<3x3xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2 * 3 + d4, d3 * 3 + d5)>, #win, #pout], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]} ins(%p, %w : tensor<1x2x15x15xf32>, tensor<3x3xf32>) outs(%init : tensor<1x2x5x5xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %m = arith.maximumf %o, %a : f32
    linalg.yield %m : f32
  } -> tensor<1x2x5x5xf32>
  return %r : tensor<1x2x5x5xf32>
}

// 3x3, stride 1, pad 1, 8 channels of 40x40: the grid runs on all cores.
func.func @mp_big(%x: tensor<1x8x40x40xf32>) -> tensor<1x8x40x40xf32> {
  %ninf = arith.constant 0xFF800000 : f32
  %p = tensor.pad %x low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %ninf : f32
  } : tensor<1x8x40x40xf32> to tensor<1x8x42x42xf32>
  %e = tensor.empty() : tensor<1x8x40x40xf32>
  %init = linalg.fill ins(%ninf : f32) outs(%e : tensor<1x8x40x40xf32>) -> tensor<1x8x40x40xf32>
  %w = tensor.empty() : tensor<3x3xf32>
  %r = linalg.generic {indexing_maps = [#s1in, #win, #pout], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]} ins(%p, %w : tensor<1x8x42x42xf32>, tensor<3x3xf32>) outs(%init : tensor<1x8x40x40xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %m = arith.maximumf %o, %a : f32
    linalg.yield %m : f32
  } -> tensor<1x8x40x40xf32>
  return %r : tensor<1x8x40x40xf32>
}

// 2x2, stride 2, no padding, one NaN in the input.
func.func @mp_nan(%x: tensor<1x2x8x18xf32>) -> tensor<1x2x4x9xf32> {
  %ninf = arith.constant 0xFF800000 : f32
  %e = tensor.empty() : tensor<1x2x4x9xf32>
  %init = linalg.fill ins(%ninf : f32) outs(%e : tensor<1x2x4x9xf32>) -> tensor<1x2x4x9xf32>
  %w = tensor.empty() : tensor<2x2xf32>
  %r = linalg.generic {indexing_maps = [#s2in, #win, #pout], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]} ins(%x, %w : tensor<1x2x8x18xf32>, tensor<2x2xf32>) outs(%init : tensor<1x2x4x9xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %m = arith.maximumf %o, %a : f32
    linalg.yield %m : f32
  } -> tensor<1x2x4x9xf32>
  return %r : tensor<1x2x4x9xf32>
}

// A max pool of a max pool (3x3 stride 1 pad 1, then 2x2 stride 2): the
// second reads the first's kernel output.
func.func @mp_chain(%x: tensor<1x2x8x20xf32>) -> tensor<1x2x4x10xf32> {
  %ninf = arith.constant 0xFF800000 : f32
  %p = tensor.pad %x low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %ninf : f32
  } : tensor<1x2x8x20xf32> to tensor<1x2x10x22xf32>
  %e = tensor.empty() : tensor<1x2x8x20xf32>
  %init = linalg.fill ins(%ninf : f32) outs(%e : tensor<1x2x8x20xf32>) -> tensor<1x2x8x20xf32>
  %w = tensor.empty() : tensor<3x3xf32>
  %a = linalg.generic {indexing_maps = [#s1in, #win, #pout], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]} ins(%p, %w : tensor<1x2x10x22xf32>, tensor<3x3xf32>) outs(%init : tensor<1x2x8x20xf32>) {
  ^bb0(%in: f32, %b: f32, %o: f32):
    %m = arith.maximumf %o, %in : f32
    linalg.yield %m : f32
  } -> tensor<1x2x8x20xf32>
  %e2 = tensor.empty() : tensor<1x2x4x10xf32>
  %init2 = linalg.fill ins(%ninf : f32) outs(%e2 : tensor<1x2x4x10xf32>) -> tensor<1x2x4x10xf32>
  %w2 = tensor.empty() : tensor<2x2xf32>
  %r = linalg.generic {indexing_maps = [#s2in, #win, #pout], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]} ins(%a, %w2 : tensor<1x2x8x20xf32>, tensor<2x2xf32>) outs(%init2 : tensor<1x2x4x10xf32>) {
  ^bb0(%in: f32, %b: f32, %o: f32):
    %m = arith.maximumf %o, %in : f32
    linalg.yield %m : f32
  } -> tensor<1x2x4x10xf32>
  return %r : tensor<1x2x4x10xf32>
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  %c5 = arith.constant 5 : index
  %c6 = arith.constant 6 : index
  %c9 = arith.constant 9 : index
  %c10 = arith.constant 10 : index
  %c14 = arith.constant 14 : index
  %c17 = arith.constant 17 : index
  %c21 = arith.constant 21 : index
  %c37 = arith.constant 37 : index

  %x1d = call @make(%c1, %c3, %c9, %c21, %c0) : (index, index, index, index, index) -> tensor<?x?x?x?xf32>
  %w1d = call @make(%c1, %c3, %c3, %c3, %c1) : (index, index, index, index, index) -> tensor<?x?x?x?xf32>
  %b1d = call @make(%c1, %c1, %c1, %c3, %c2) : (index, index, index, index, index) -> tensor<?x?x?x?xf32>
  %x1 = tensor.cast %x1d : tensor<?x?x?x?xf32> to tensor<1x3x9x21xf32>
  %w1c = tensor.cast %w1d : tensor<?x?x?x?xf32> to tensor<1x3x3x3xf32>
  %w1 = tensor.collapse_shape %w1c [[0, 1], [2], [3]] : tensor<1x3x3x3xf32> into tensor<3x3x3xf32>
  %b1c = tensor.cast %b1d : tensor<?x?x?x?xf32> to tensor<1x1x1x3xf32>
  %b1 = tensor.collapse_shape %b1c [[0, 1, 2, 3]] : tensor<1x1x1x3xf32> into tensor<3xf32>
  %r1 = call @dw_s1(%x1, %w1, %b1) : (tensor<1x3x9x21xf32>, tensor<3x3x3xf32>, tensor<3xf32>) -> tensor<1x3x9x21xf32>
  %u1 = tensor.cast %r1 : tensor<1x3x9x21xf32> to tensor<*xf32>
  call @printMemrefF32(%u1) : (tensor<*xf32>) -> ()

  %x2d = call @make(%c2, %c2, %c10, %c37, %c3) : (index, index, index, index, index) -> tensor<?x?x?x?xf32>
  %w2d = call @make(%c1, %c2, %c3, %c3, %c4) : (index, index, index, index, index) -> tensor<?x?x?x?xf32>
  %x2 = tensor.cast %x2d : tensor<?x?x?x?xf32> to tensor<2x2x10x37xf32>
  %w2c = tensor.cast %w2d : tensor<?x?x?x?xf32> to tensor<1x2x3x3xf32>
  %w2 = tensor.collapse_shape %w2c [[0, 1], [2], [3]] : tensor<1x2x3x3xf32> into tensor<2x3x3xf32>
  %r2 = call @dw_s2(%x2, %w2) : (tensor<2x2x10x37xf32>, tensor<2x3x3xf32>) -> tensor<2x2x5x19xf32>
  %u2 = tensor.cast %r2 : tensor<2x2x5x19xf32> to tensor<*xf32>
  call @printMemrefF32(%u2) : (tensor<*xf32>) -> ()

  %x3d = call @make(%c1, %c2, %c14, %c17, %c5) : (index, index, index, index, index) -> tensor<?x?x?x?xf32>
  %w3d = call @make(%c1, %c2, %c5, %c5, %c6) : (index, index, index, index, index) -> tensor<?x?x?x?xf32>
  %i3d = call @make(%c1, %c2, %c6, %c9, %c1) : (index, index, index, index, index) -> tensor<?x?x?x?xf32>
  %x3 = tensor.cast %x3d : tensor<?x?x?x?xf32> to tensor<1x2x14x17xf32>
  %w3c = tensor.cast %w3d : tensor<?x?x?x?xf32> to tensor<1x2x5x5xf32>
  %w3 = tensor.collapse_shape %w3c [[0, 1], [2], [3]] : tensor<1x2x5x5xf32> into tensor<2x5x5xf32>
  %i3 = tensor.cast %i3d : tensor<?x?x?x?xf32> to tensor<1x2x6x9xf32>
  %r3 = call @dw_dil(%x3, %w3, %i3) : (tensor<1x2x14x17xf32>, tensor<2x5x5xf32>, tensor<1x2x6x9xf32>) -> tensor<1x2x6x9xf32>
  %u3 = tensor.cast %r3 : tensor<1x2x6x9xf32> to tensor<*xf32>
  call @printMemrefF32(%u3) : (tensor<*xf32>) -> ()

  %x4d = call @make(%c1, %c2, %c4, %c4, %c2) : (index, index, index, index, index) -> tensor<?x?x?x?xf32>
  %w4d = call @make(%c1, %c2, %c3, %c3, %c3) : (index, index, index, index, index) -> tensor<?x?x?x?xf32>
  %b4d = call @make(%c1, %c1, %c1, %c2, %c4) : (index, index, index, index, index) -> tensor<?x?x?x?xf32>
  %x4 = tensor.cast %x4d : tensor<?x?x?x?xf32> to tensor<1x2x4x4xf32>
  %w4c = tensor.cast %w4d : tensor<?x?x?x?xf32> to tensor<1x2x3x3xf32>
  %w4 = tensor.collapse_shape %w4c [[0, 1], [2], [3]] : tensor<1x2x3x3xf32> into tensor<2x3x3xf32>
  %b4c = tensor.cast %b4d : tensor<?x?x?x?xf32> to tensor<1x1x1x2xf32>
  %b4 = tensor.collapse_shape %b4c [[0, 1, 2, 3]] : tensor<1x1x1x2xf32> into tensor<2xf32>
  %r4 = call @dw_s3(%x4, %w4, %b4) : (tensor<1x2x4x4xf32>, tensor<2x3x3xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %u4 = tensor.cast %r4 : tensor<1x2x3x3xf32> to tensor<*xf32>
  call @printMemrefF32(%u4) : (tensor<*xf32>) -> ()

  %c8 = arith.constant 8 : index
  %c24 = arith.constant 24 : index
  %x5d = call @make(%c1, %c8, %c24, %c24, %c6) : (index, index, index, index, index) -> tensor<?x?x?x?xf32>
  %w5d = call @make(%c1, %c8, %c3, %c3, %c5) : (index, index, index, index, index) -> tensor<?x?x?x?xf32>
  %x5 = tensor.cast %x5d : tensor<?x?x?x?xf32> to tensor<1x8x24x24xf32>
  %w5c = tensor.cast %w5d : tensor<?x?x?x?xf32> to tensor<1x8x3x3xf32>
  %w5 = tensor.collapse_shape %w5c [[0, 1], [2], [3]] : tensor<1x8x3x3xf32> into tensor<8x3x3xf32>
  %r5 = call @dw_big(%x5, %w5) : (tensor<1x8x24x24xf32>, tensor<8x3x3xf32>) -> tensor<1x8x24x24xf32>
  %u5 = tensor.cast %r5 : tensor<1x8x24x24xf32> to tensor<*xf32>
  call @printMemrefF32(%u5) : (tensor<*xf32>) -> ()
  %c12 = arith.constant 12 : index
  %c13 = arith.constant 13 : index
  %c18 = arith.constant 18 : index
  %c40 = arith.constant 40 : index
  %c7 = arith.constant 7 : index
  %x6d = call @make(%c1, %c3, %c13, %c37, %c1) : (index, index, index, index, index) -> tensor<?x?x?x?xf32>
  %x6 = tensor.cast %x6d : tensor<?x?x?x?xf32> to tensor<1x3x13x37xf32>
  %r6 = call @mp_s2(%x6) : (tensor<1x3x13x37xf32>) -> tensor<1x3x7x19xf32>
  %u6 = tensor.cast %r6 : tensor<1x3x7x19xf32> to tensor<*xf32>
  call @printMemrefF32(%u6) : (tensor<*xf32>) -> ()

  %x7d = call @make(%c2, %c2, %c12, %c12, %c2) : (index, index, index, index, index) -> tensor<?x?x?x?xf32>
  %x7 = tensor.cast %x7d : tensor<?x?x?x?xf32> to tensor<2x2x12x12xf32>
  %r7 = call @mp_ceil(%x7) : (tensor<2x2x12x12xf32>) -> tensor<2x2x6x6xf32>
  %u7 = tensor.cast %r7 : tensor<2x2x6x6xf32> to tensor<*xf32>
  call @printMemrefF32(%u7) : (tensor<*xf32>) -> ()

  %x8d = call @make(%c1, %c2, %c7, %c7, %c3) : (index, index, index, index, index) -> tensor<?x?x?x?xf32>
  %x8 = tensor.cast %x8d : tensor<?x?x?x?xf32> to tensor<1x2x7x7xf32>
  %r8 = call @mp_dil(%x8) : (tensor<1x2x7x7xf32>) -> tensor<1x2x3x8xf32>
  %u8 = tensor.cast %r8 : tensor<1x2x3x8xf32> to tensor<*xf32>
  call @printMemrefF32(%u8) : (tensor<*xf32>) -> ()

  %x9d = call @make(%c1, %c2, %c9, %c9, %c4) : (index, index, index, index, index) -> tensor<?x?x?x?xf32>
  %x9 = tensor.cast %x9d : tensor<?x?x?x?xf32> to tensor<1x2x9x9xf32>
  %r9 = call @mp_zero(%x9) : (tensor<1x2x9x9xf32>) -> tensor<1x2x5x5xf32>
  %u9 = tensor.cast %r9 : tensor<1x2x5x5xf32> to tensor<*xf32>
  call @printMemrefF32(%u9) : (tensor<*xf32>) -> ()

  %x10d = call @make(%c1, %c8, %c40, %c40, %c5) : (index, index, index, index, index) -> tensor<?x?x?x?xf32>
  %x10 = tensor.cast %x10d : tensor<?x?x?x?xf32> to tensor<1x8x40x40xf32>
  %r10 = call @mp_big(%x10) : (tensor<1x8x40x40xf32>) -> tensor<1x8x40x40xf32>
  %u10 = tensor.cast %r10 : tensor<1x8x40x40xf32> to tensor<*xf32>
  call @printMemrefF32(%u10) : (tensor<*xf32>) -> ()

  %x11d = call @make(%c1, %c2, %c8, %c18, %c6) : (index, index, index, index, index) -> tensor<?x?x?x?xf32>
  %x11c = tensor.cast %x11d : tensor<?x?x?x?xf32> to tensor<1x2x8x18xf32>
  %nan = arith.constant 0x7FC00000 : f32
  %x11 = tensor.insert %nan into %x11c[%c0, %c1, %c3, %c5] : tensor<1x2x8x18xf32>
  %r11 = call @mp_nan(%x11) : (tensor<1x2x8x18xf32>) -> tensor<1x2x4x9xf32>
  %u11 = tensor.cast %r11 : tensor<1x2x4x9xf32> to tensor<*xf32>
  call @printMemrefF32(%u11) : (tensor<*xf32>) -> ()
  %c20 = arith.constant 20 : index
  %x12d = call @make(%c1, %c2, %c8, %c20, %c3) : (index, index, index, index, index) -> tensor<?x?x?x?xf32>
  %x12 = tensor.cast %x12d : tensor<?x?x?x?xf32> to tensor<1x2x8x20xf32>
  %r12 = call @mp_chain(%x12) : (tensor<1x2x8x20xf32>) -> tensor<1x2x4x10xf32>
  %u12 = tensor.cast %r12 : tensor<1x2x4x10xf32> to tensor<*xf32>
  call @printMemrefF32(%u12) : (tensor<*xf32>) -> ()
  return
}

}
