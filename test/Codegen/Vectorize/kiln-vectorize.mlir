// RUN: kiln-opt %s -split-input-file --kiln-vectorize=remarks -verify-diagnostics | FileCheck %s

// Elementwise with a tail: 100 = 4 x 16 (one unrolled step) + 2 x 16 (a
// loop of single vectors) + 4 masked lanes.
// CHECK-LABEL: func.func @add_tail
// CHECK-DAG: %[[ONE:.*]] = arith.constant dense<1.000000e+00> : vector<16xf32>
// CHECK-DAG: %[[MASK:.*]] = vector.constant_mask [4] : vector<16xi1>
// CHECK-COUNT-4: vector.load %arg0
// CHECK: scf.for %[[I:.*]] = %c64 to %c96 step %c16
// CHECK:   %[[X:.*]] = vector.load %arg0[%[[I]]] : memref<100xf32>, vector<16xf32>
// CHECK:   %[[Y:.*]] = vector.load %arg1[%[[I]]] : memref<100xf32>, vector<16xf32>
// CHECK:   %[[S:.*]] = arith.addf %[[X]], %[[Y]] : vector<16xf32>
// CHECK:   vector.store %[[S]], %arg2[%[[I]]]
// CHECK: vector.maskedload %arg0[%c96], %[[MASK]], %[[ONE]]
// CHECK: vector.maskedstore %arg2[%c96], %[[MASK]]
// CHECK-NOT: linalg.
module attributes {kiln.target = {triple = "x86_64-unknown-linux-gnu", cpu = "znver5", isa = "avx512", vector_bits = 512 : i64, vector_registers = 32 : i64, fma = true, l1d_bytes = 49152 : i64, l2_bytes = 1048576 : i64, l3_bytes = 33554432 : i64, cores = 1 : i64}} {
func.func @add_tail(%a: memref<100xf32>, %b: memref<100xf32>, %c: memref<100xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      ins(%a, %b : memref<100xf32>, memref<100xf32>) outs(%c : memref<100xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %s = arith.addf %x, %y : f32
    linalg.yield %s : f32
  }
  return
}
}

// -----

// A channel bias: H and W merge into one vector loop of 3136 per channel,
// the bias is one scalar load and a broadcast; 100352 iterations on 2 cores
// make the channel loop an scf.parallel for kiln-outline-parallel.
// CHECK-LABEL: func.func @bias_parallel
// CHECK-DAG: %[[X:.*]] = memref.reinterpret_cast %arg0 to offset: [0], sizes: [100352], strides: [1]
// CHECK-DAG: %[[Y:.*]] = memref.reinterpret_cast %arg2 to offset: [0], sizes: [100352], strides: [1]
// CHECK: scf.parallel (%[[C:.*]]) = (%c0) to (%c32) step (%c1)
// CHECK:   scf.for %[[I:.*]] = %c0 to %c3136 step %c64
// CHECK:     %[[B:.*]] = memref.load %arg1[%[[C]]] : memref<32xf32>
// CHECK:     %[[BV:.*]] = vector.broadcast %[[B]] : f32 to vector<16xf32>
// CHECK:     %[[AT:.*]] = affine.apply #{{.*}}(%[[C]], %[[I]])
// CHECK:     %[[V:.*]] = vector.load %[[X]][%[[AT]]]
// CHECK:     arith.addf %[[V]], %[[BV]] : vector<16xf32>
// CHECK: } {kiln.parallel}
module attributes {kiln.target = {triple = "x86_64-unknown-linux-gnu", cpu = "znver5", isa = "avx512", vector_bits = 512 : i64, vector_registers = 32 : i64, fma = true, l1d_bytes = 49152 : i64, l2_bytes = 1048576 : i64, l3_bytes = 33554432 : i64, cores = 2 : i64}} {
func.func @bias_parallel(%a: memref<1x32x56x56xf32>, %b: memref<32xf32>, %c: memref<1x32x56x56xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0,d1,d2,d3) -> (d0,d1,d2,d3)>, affine_map<(d0,d1,d2,d3) -> (d1)>, affine_map<(d0,d1,d2,d3) -> (d0,d1,d2,d3)>], iterator_types = ["parallel","parallel","parallel","parallel"]}
      ins(%a, %b : memref<1x32x56x56xf32>, memref<32xf32>) outs(%c : memref<1x32x56x56xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %s = arith.addf %x, %y : f32
    linalg.yield %s : f32
  }
  return
}
}

// -----

// The same on one core: no parallel loop.
// CHECK-LABEL: func.func @bias_one_core
// CHECK-NOT: scf.parallel
// CHECK: scf.for %{{.*}} = %c0 to %c32 step %c1
module attributes {kiln.target = {triple = "x86_64-unknown-linux-gnu", cpu = "znver5", isa = "avx512", vector_bits = 512 : i64, vector_registers = 32 : i64, fma = true, l1d_bytes = 49152 : i64, l2_bytes = 1048576 : i64, l3_bytes = 33554432 : i64, cores = 1 : i64}} {
func.func @bias_one_core(%a: memref<1x32x56x56xf32>, %b: memref<32xf32>, %c: memref<1x32x56x56xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0,d1,d2,d3) -> (d0,d1,d2,d3)>, affine_map<(d0,d1,d2,d3) -> (d1)>, affine_map<(d0,d1,d2,d3) -> (d0,d1,d2,d3)>], iterator_types = ["parallel","parallel","parallel","parallel"]}
      ins(%a, %b : memref<1x32x56x56xf32>, memref<32xf32>) outs(%c : memref<1x32x56x56xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %s = arith.addf %x, %y : f32
    linalg.yield %s : f32
  }
  return
}
}

// -----

// Row max, horizontal: four accumulators from -inf over the 128 elements of
// each row, then halving shuffles and the stored value.
// CHECK-LABEL: func.func @row_max
// CHECK-DAG: %[[NEG:.*]] = arith.constant dense<0xFF800000> : vector<4xf32>
// CHECK: scf.for %[[R:.*]] = %c0 to %c24 step %c1
// CHECK:   %[[ACC:.*]]:4 = scf.for %[[I:.*]] = %c0 to %c128 step %c16 iter_args(%[[A0:.*]] = %[[NEG]], %{{.*}} = %[[NEG]], %{{.*}} = %[[NEG]], %{{.*}} = %[[NEG]])
// CHECK:     %[[V:.*]] = vector.load
// CHECK:     arith.maximumf %[[A0]], %[[V]] : vector<4xf32>
// CHECK:   arith.maximumf %[[ACC]]#0, %[[ACC]]#1 : vector<4xf32>
// CHECK:   vector.extract_strided_slice %{{.*}} {offsets = [0], sizes = [2], strides = [1]}
// CHECK:   vector.extract_strided_slice %{{.*}} {offsets = [2], sizes = [2], strides = [1]}
// CHECK:   %[[LAST:.*]] = vector.extract %{{.*}}[0] : f32 from vector<1xf32>
// CHECK:   %[[OLD:.*]] = memref.load %{{.*}}[%[[R]]]
// CHECK:   %[[NEW:.*]] = arith.maximumf %[[OLD]], %[[LAST]] : f32
// CHECK:   memref.store %[[NEW]], %{{.*}}[%[[R]]]
module attributes {kiln.target = {triple = "aarch64-unknown-linux-gnu", cpu = "cortex-a72", isa = "neon", vector_bits = 128 : i64, vector_registers = 32 : i64, fma = true, l1d_bytes = 32768 : i64, l2_bytes = 1048576 : i64, l3_bytes = 0 : i64, cores = 1 : i64}} {
func.func @row_max(%a: memref<2x12x128xf32>, %c: memref<2x12xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0,d1,d2) -> (d0,d1,d2)>, affine_map<(d0,d1,d2) -> (d0,d1)>], iterator_types = ["parallel","parallel","reduction"]}
      ins(%a : memref<2x12x128xf32>) outs(%c : memref<2x12xf32>) {
  ^bb0(%x: f32, %o: f32):
    %s = arith.maximumf %o, %x : f32
    linalg.yield %s : f32
  }
  return
}
}

// -----

// LayerNorm's variance row: the mean is broadcast, the sum starts from
// -0.0, and the 2 elements left after 4 full vectors are a masked tile
// whose masked-off lanes keep the accumulator.
// CHECK-LABEL: func.func @variance_tail
// CHECK-DAG: %[[ZERO:.*]] = arith.constant dense<-0.000000e+00> : vector<4xf32>
// CHECK-DAG: %[[MASK:.*]] = vector.constant_mask [2] : vector<4xi1>
// CHECK: %[[M:.*]] = memref.load %arg1
// CHECK: %[[MV:.*]] = vector.broadcast %[[M]]
// CHECK: %[[X:.*]] = vector.load
// CHECK: %[[D:.*]] = arith.subf %[[X]], %[[MV]] : vector<4xf32>
// CHECK: llvm.intr.fmuladd(%[[D]], %[[D]], %[[ZERO]])
// CHECK: %[[XT:.*]] = vector.maskedload %{{.*}}, %[[MASK]]
// CHECK-NEXT: %[[DT:.*]] = arith.subf %[[XT]], %{{.*}} : vector<4xf32>
// CHECK-NEXT: %[[SUM:.*]] = llvm.intr.fmuladd(%[[DT]], %[[DT]], %[[ACC:.*]]) :
// CHECK-NEXT: arith.select %[[MASK]], %[[SUM]], %[[ACC]] : vector<4xi1>, vector<4xf32>
module attributes {kiln.target = {triple = "aarch64-unknown-linux-gnu", cpu = "cortex-a72", isa = "neon", vector_bits = 128 : i64, vector_registers = 32 : i64, fma = true, l1d_bytes = 32768 : i64, l2_bytes = 1048576 : i64, l3_bytes = 0 : i64, cores = 1 : i64}} {
func.func @variance_tail(%a: memref<3x18xf32>, %mean: memref<3xf32>, %c: memref<3xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0,d1) -> (d0,d1)>, affine_map<(d0,d1) -> (d0)>, affine_map<(d0,d1) -> (d0)>], iterator_types = ["parallel","reduction"]}
      ins(%a, %mean : memref<3x18xf32>, memref<3xf32>) outs(%c : memref<3xf32>) {
  ^bb0(%x: f32, %m: f32, %o: f32):
    %d = arith.subf %x, %m : f32
    %q = arith.mulf %d, %d : f32
    %s = arith.addf %o, %q : f32
    linalg.yield %s : f32
  }
  return
}
}

// -----

// Dot products (a matmul with a transposed right-hand side): the
// accumulation of the products is one fmuladd.
// CHECK-LABEL: func.func @dot
// CHECK: scf.for
// CHECK: %[[A:.*]] = vector.load
// CHECK: %[[B:.*]] = vector.load
// CHECK-NOT: arith.mulf
// CHECK: llvm.intr.fmuladd(%[[A]], %[[B]], %{{.*}}) : (vector<4xf32>, vector<4xf32>, vector<4xf32>) -> vector<4xf32>
module attributes {kiln.target = {triple = "aarch64-unknown-linux-gnu", cpu = "cortex-a72", isa = "neon", vector_bits = 128 : i64, vector_registers = 32 : i64, fma = true, l1d_bytes = 32768 : i64, l2_bytes = 1048576 : i64, l3_bytes = 0 : i64, cores = 1 : i64}} {
func.func @dot(%a: memref<3x32xf32>, %b: memref<5x32xf32>, %c: memref<3x5xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0,d1,d2) -> (d0,d2)>, affine_map<(d0,d1,d2) -> (d1,d2)>, affine_map<(d0,d1,d2) -> (d0,d1)>], iterator_types = ["parallel","parallel","reduction"]}
      ins(%a, %b : memref<3x32xf32>, memref<5x32xf32>) outs(%c : memref<3x5xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  }
  return
}
}

// -----

// A matmul with a contiguous right-hand side: vectors along N, rows of A
// broadcast, 2 x 2 accumulators (rows x vectors) held across K, each B
// vector loaded once for both rows.
// CHECK-LABEL: func.func @matmul
// CHECK: scf.for %[[M:.*]] = %c0 to %c6 step %c2
// CHECK-COUNT-4: vector.load
// CHECK: scf.for %[[K:.*]] = %c0 to %c5 step %c1 iter_args
// CHECK: %[[A0:.*]] = vector.broadcast
// CHECK: %[[B0:.*]] = vector.load
// CHECK: llvm.intr.fmuladd(%[[A0]], %[[B0]],
// CHECK: %[[B1:.*]] = vector.load
// CHECK: llvm.intr.fmuladd(%[[A0]], %[[B1]],
// CHECK: %[[A1:.*]] = vector.broadcast
// CHECK-NOT: vector.load
// CHECK: llvm.intr.fmuladd(%[[A1]], %[[B0]],
// CHECK: llvm.intr.fmuladd(%[[A1]], %[[B1]],
// CHECK: scf.yield
// CHECK-COUNT-4: vector.store
module attributes {kiln.target = {triple = "x86_64-unknown-linux-gnu", cpu = "haswell", isa = "avx2", vector_bits = 256 : i64, vector_registers = 16 : i64, fma = true, l1d_bytes = 32768 : i64, l2_bytes = 262144 : i64, l3_bytes = 0 : i64, cores = 1 : i64}} {
func.func @matmul(%a: memref<6x5xf32>, %b: memref<5x16xf32>, %c: memref<6x16xf32>) {
  linalg.matmul ins(%a, %b : memref<6x5xf32>, memref<5x16xf32>) outs(%c : memref<6x16xf32>)
  return
}
}

// -----

// Depthwise convolution, stride 1: vectors along the output row, the
// weight broadcast, the input read at (row + kh, col + kw); 40 = 2 full
// vectors of 16 and 8 masked lanes; 4 rows at a time.
// CHECK-LABEL: func.func @depthwise_stride1
// CHECK: scf.for %{{.*}} = %c0 to %c3 step %c1
// CHECK:   scf.for %{{.*}} = %c0 to %c8 step %c4
// CHECK:     scf.for %{{.*}} = %c0 to %c3 step %c1 iter_args
// CHECK:       scf.for %{{.*}} = %c0 to %c3 step %c1 iter_args
// CHECK:         %[[W:.*]] = memref.load
// CHECK:         %[[WV:.*]] = vector.broadcast %[[W]] : f32 to vector<16xf32>
// CHECK:         %[[X:.*]] = vector.load {{.*}} vector<16xf32>
// CHECK:         llvm.intr.fmuladd(%[[X]], %[[WV]], %{{.*}}) : (vector<16xf32>, vector<16xf32>, vector<16xf32>)
// CHECK-COUNT-7: llvm.intr.fmuladd
// CHECK:     vector.maskedload {{.*}} vector<16xi1>, vector<16xf32>
module attributes {kiln.target = {triple = "x86_64-unknown-linux-gnu", cpu = "znver5", isa = "avx512", vector_bits = 512 : i64, vector_registers = 32 : i64, fma = true, l1d_bytes = 49152 : i64, l2_bytes = 1048576 : i64, l3_bytes = 33554432 : i64, cores = 1 : i64}} {
func.func @depthwise_stride1(%in: memref<1x3x10x42xf32>, %w: memref<3x3x3xf32>, %out: memref<1x3x8x40xf32>) {
  linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%in, %w : memref<1x3x10x42xf32>, memref<3x3x3xf32>) outs(%out : memref<1x3x8x40xf32>)
  return
}
}

// -----

// Stride 2: 32 contiguous lanes and a deinterleaving shuffle; the last
// tile's wide load is masked to the 2 * (8 - 1) + 1 lanes it needs, so it
// never reads past the input.
// CHECK-LABEL: func.func @depthwise_stride2
// CHECK-DAG: %[[WIDE:.*]] = vector.constant_mask [15] : vector<32xi1>
// CHECK: %[[X:.*]] = vector.load {{.*}} vector<32xf32>
// CHECK: vector.shuffle %[[X]], %[[X]] [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30] : vector<32xf32>, vector<32xf32>
// CHECK: %[[T:.*]] = vector.maskedload %{{.*}}, %[[WIDE]], %{{.*}} : memref<{{.*}}>, vector<32xi1>, vector<32xf32> into vector<32xf32>
// CHECK: vector.shuffle %[[T]], %[[T]] [0, 2,
module attributes {kiln.target = {triple = "x86_64-unknown-linux-gnu", cpu = "znver5", isa = "avx512", vector_bits = 512 : i64, vector_registers = 32 : i64, fma = true, l1d_bytes = 49152 : i64, l2_bytes = 1048576 : i64, l3_bytes = 33554432 : i64, cores = 1 : i64}} {
func.func @depthwise_stride2(%in: memref<1x3x9x81xf32>, %w: memref<3x3x3xf32>, %out: memref<1x3x4x24xf32>) {
  linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%in, %w : memref<1x3x9x81xf32>, memref<3x3x3xf32>) outs(%out : memref<1x3x4x24xf32>)
  return
}
}

// -----

// Stride 2 where the only tile is complete but its wide load would read
// one element past the input: the load is masked to the 31 lanes it needs.
// CHECK-LABEL: func.func @depthwise_stride2_edge
// CHECK-DAG: %[[WIDE:.*]] = vector.constant_mask [31] : vector<32xi1>
// CHECK-NOT: vector.load {{.*}} vector<32xf32>
// CHECK: vector.maskedload %{{.*}}, %[[WIDE]], %{{.*}} : memref<{{.*}}>, vector<32xi1>, vector<32xf32> into vector<32xf32>
// CHECK-NOT: vector.maskedstore
// CHECK: vector.store
module attributes {kiln.target = {triple = "x86_64-unknown-linux-gnu", cpu = "znver5", isa = "avx512", vector_bits = 512 : i64, vector_registers = 32 : i64, fma = true, l1d_bytes = 49152 : i64, l2_bytes = 1048576 : i64, l3_bytes = 33554432 : i64, cores = 1 : i64}} {
func.func @depthwise_stride2_edge(%in: memref<1x1x5x33xf32>, %w: memref<1x3x3xf32>, %out: memref<1x1x2x16xf32>) {
  linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%in, %w : memref<1x1x5x33xf32>, memref<1x3x3xf32>) outs(%out : memref<1x1x2x16xf32>)
  return
}
}

// -----

// Pooling as codegen/GraphToLinalg/Pooling.cpp writes it (the window
// operand only gives the extent and is never read), stride 3: a gather.
// CHECK-LABEL: func.func @max_pool_stride3
// CHECK-DAG: %[[OFFSETS:.*]] = arith.constant dense<[0, 3, 6, 9]> : vector<4xi32>
// CHECK-NOT: memref.load %arg1
// CHECK: %[[X:.*]] = vector.gather %{{.*}}[%{{.*}}] [%[[OFFSETS]]], %{{.*}}, %{{.*}} : memref<{{.*}}>, vector<4xi32>, vector<4xi1>, vector<4xf32> into vector<4xf32>
// CHECK: arith.maximumf %{{.*}}, %[[X]] : vector<4xf32>
module attributes {kiln.target = {triple = "aarch64-unknown-linux-gnu", cpu = "cortex-a72", isa = "neon", vector_bits = 128 : i64, vector_registers = 32 : i64, fma = true, l1d_bytes = 32768 : i64, l2_bytes = 1048576 : i64, l3_bytes = 0 : i64, cores = 1 : i64}} {
func.func @max_pool_stride3(%in: memref<1x2x9x24xf32>, %window: memref<3x3xf32>, %out: memref<1x2x3x8xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0,d1,d2,d3,d4,d5) -> (d0,d1,d2*3+d4,d3*3+d5)>, affine_map<(d0,d1,d2,d3,d4,d5) -> (d4,d5)>, affine_map<(d0,d1,d2,d3,d4,d5) -> (d0,d1,d2,d3)>], iterator_types = ["parallel","parallel","parallel","parallel","reduction","reduction"]}
      ins(%in, %window : memref<1x2x9x24xf32>, memref<3x3xf32>) outs(%out : memref<1x2x3x8xf32>) {
  ^bb0(%x: f32, %k: f32, %o: f32):
    %s = arith.maximumf %o, %x : f32
    linalg.yield %s : f32
  }
  return
}
}

// -----

// Global average pooling's sum: H and W merge into one reduction of 49.
// CHECK-LABEL: func.func @global_sum
// CHECK-DAG: %[[MASK:.*]] = vector.constant_mask [1] : vector<4xi1>
// CHECK: scf.for %{{.*}} = %c0 to %c8 step %c1
// CHECK:   scf.for %{{.*}} = %c0 to %c48 step %c16 iter_args
// CHECK:   vector.maskedload %{{.*}}, %[[MASK]]
module attributes {kiln.target = {triple = "aarch64-unknown-linux-gnu", cpu = "cortex-a72", isa = "neon", vector_bits = 128 : i64, vector_registers = 32 : i64, fma = true, l1d_bytes = 32768 : i64, l2_bytes = 1048576 : i64, l3_bytes = 0 : i64, cores = 1 : i64}} {
func.func @global_sum(%a: memref<1x8x7x7xf32>, %c: memref<1x8xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0,d1,d2,d3) -> (d0,d1,d2,d3)>, affine_map<(d0,d1,d2,d3) -> (d0,d1)>], iterator_types = ["parallel","parallel","reduction","reduction"]}
      ins(%a : memref<1x8x7x7xf32>) outs(%c : memref<1x8xf32>) {
  ^bb0(%x: f32, %o: f32):
    %s = arith.addf %o, %x : f32
    linalg.yield %s : f32
  }
  return
}
}

// -----

// A transpose that keeps the innermost dim: contiguous on both sides.
// CHECK-LABEL: func.func @transpose_rows
// CHECK: scf.for %[[I:.*]] = %c0 to %c5 step %c1
// CHECK:   scf.for %[[J:.*]] = %c0 to %c3 step %c1
// CHECK:     %[[X:.*]] = vector.load
// CHECK:     vector.store %[[X]]
module attributes {kiln.target = {triple = "aarch64-unknown-linux-gnu", cpu = "cortex-a72", isa = "neon", vector_bits = 128 : i64, vector_registers = 32 : i64, fma = true, l1d_bytes = 32768 : i64, l2_bytes = 1048576 : i64, l3_bytes = 0 : i64, cores = 1 : i64}} {
func.func @transpose_rows(%a: memref<3x5x8xf32>, %b: memref<5x3x8xf32>) {
  linalg.transpose ins(%a : memref<3x5x8xf32>) outs(%b : memref<5x3x8xf32>) permutation = [1, 0, 2]
  return
}
}

// -----

// Fill, then a copy into the interior of the padded buffer (a strided
// subview): the fill only writes the border, the first and last rows as
// vector stores, the column left of the interior (one element per row) in
// a scalar loop; the copy as vector loads and stores.
// CHECK-LABEL: func.func @pad_copy
// CHECK: memref.subview %arg1[0, 0, 0] [2, 1, 5] [1, 1, 1]
// CHECK: %[[ZEROS:.*]] = arith.constant dense<0.000000e+00> : vector<4xf32>
// CHECK: vector.maskedstore %{{.*}}, %[[ZEROS]]
// CHECK: memref.subview %arg1[0, 4, 0] [2, 1, 5] [1, 1, 1]
// CHECK: vector.maskedstore
// CHECK: %[[LEFT:.*]] = memref.subview %arg1[0, 1, 0] [2, 3, 1] [1, 1, 1]
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%[[LEFT]]
// CHECK: %[[SUB:.*]] = memref.reinterpret_cast %{{.*}} to offset: [6], sizes: [39], strides: [1]
// CHECK: %[[X:.*]] = vector.load
// CHECK: vector.store %[[X]], %[[SUB]]
module attributes {kiln.target = {triple = "aarch64-unknown-linux-gnu", cpu = "cortex-a72", isa = "neon", vector_bits = 128 : i64, vector_registers = 32 : i64, fma = true, l1d_bytes = 32768 : i64, l2_bytes = 1048576 : i64, l3_bytes = 0 : i64, cores = 1 : i64}} {
func.func @pad_copy(%a: memref<2x3x4xf32>, %p: memref<2x5x5xf32>) {
  %zero = arith.constant 0.0 : f32
  // expected-remark @+1 {{not vectorized: no loop along which every output is contiguous}}
  linalg.fill ins(%zero : f32) outs(%p : memref<2x5x5xf32>)
  %sub = memref.subview %p[0, 1, 1] [2, 3, 4] [1, 1, 1] : memref<2x5x5xf32> to memref<2x3x4xf32, strided<[25, 5, 1], offset: 6>>
  linalg.copy ins(%a : memref<2x3x4xf32>) outs(%sub : memref<2x3x4xf32, strided<[25, 5, 1], offset: 6>>)
  return
}
}

// -----

// Integer division in a masked tile: masked-off lanes divide by one.
// CHECK-LABEL: func.func @divide_tail
// CHECK-DAG: %[[ONES:.*]] = arith.constant dense<1> : vector<4xi32>
// CHECK-DAG: %[[MASK:.*]] = vector.constant_mask [2] : vector<4xi1>
// CHECK: arith.divsi %{{.*}}, %{{.*}} : vector<4xi32>
// CHECK: %[[Y:.*]] = vector.maskedload %arg1[%c4], %[[MASK]], %[[ONES]]
// CHECK: %[[SAFE:.*]] = arith.select %[[MASK]], %[[Y]], %[[ONES]] : vector<4xi1>, vector<4xi32>
// CHECK: arith.divsi %{{.*}}, %[[SAFE]] : vector<4xi32>
module attributes {kiln.target = {triple = "aarch64-unknown-linux-gnu", cpu = "cortex-a72", isa = "neon", vector_bits = 128 : i64, vector_registers = 32 : i64, fma = true, l1d_bytes = 32768 : i64, l2_bytes = 1048576 : i64, l3_bytes = 0 : i64, cores = 1 : i64}} {
func.func @divide_tail(%a: memref<6xi32>, %b: memref<6xi32>, %c: memref<6xi32>) {
  linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      ins(%a, %b : memref<6xi32>, memref<6xi32>) outs(%c : memref<6xi32>) {
  ^bb0(%x: i32, %y: i32, %o: i32):
    %q = arith.divsi %x, %y : i32
    linalg.yield %q : i32
  }
  return
}
}

// -----

// f16 storage computed in f32: the lanes come from the widest type.
// CHECK-LABEL: func.func @half_to_float
// CHECK: %[[H:.*]] = vector.load %arg0[%{{.*}}] : memref<8xf16>, vector<4xf16>
// CHECK: arith.extf %[[H]] : vector<4xf16> to vector<4xf32>
module attributes {kiln.target = {triple = "aarch64-unknown-linux-gnu", cpu = "cortex-a72", isa = "neon", vector_bits = 128 : i64, vector_registers = 32 : i64, fma = true, l1d_bytes = 32768 : i64, l2_bytes = 1048576 : i64, l3_bytes = 0 : i64, cores = 1 : i64}} {
func.func @half_to_float(%a: memref<8xf16>, %c: memref<8xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      ins(%a : memref<8xf16>) outs(%c : memref<8xf32>) {
  ^bb0(%x: f16, %o: f32):
    %e = arith.extf %x : f16 to f32
    linalg.yield %e : f32
  }
  return
}
}

// -----

// A zero-sized op does nothing: it is erased.
// CHECK-LABEL: func.func @empty
// CHECK-NEXT: return
module attributes {kiln.target = {triple = "aarch64-unknown-linux-gnu", cpu = "cortex-a72", isa = "neon", vector_bits = 128 : i64, vector_registers = 32 : i64, fma = true, l1d_bytes = 32768 : i64, l2_bytes = 1048576 : i64, l3_bytes = 0 : i64, cores = 1 : i64}} {
func.func @empty(%a: memref<0x4xf32>, %c: memref<0x4xf32>) {
  linalg.copy ins(%a : memref<0x4xf32>) outs(%c : memref<0x4xf32>)
  return
}
}

// -----

// Fusion: the bias broadcast before a depthwise convolution becomes the
// accumulators' start, the ReLU6 after it maps them before the one store
// into its own output; neither op nor the intermediate buffer's stores are
// left.
// CHECK-LABEL: func.func @fuse_bias_relu6
// CHECK-NOT: linalg.
// CHECK-DAG: %[[TMP:.*]] = memref.reinterpret_cast %arg4
// CHECK-DAG: %[[OUT:.*]] = memref.reinterpret_cast %arg3
// CHECK: scf.for
// CHECK: %[[B:.*]] = memref.load %arg2[%{{.*}}] : memref<3xf32>
// CHECK: %[[BV:.*]] = vector.broadcast %[[B]] : f32 to vector<16xf32>
// CHECK: %[[ACC:.*]]:8 = scf.for {{.*}} iter_args(%{{.*}} = %[[BV]], %{{.*}} = %[[BV]],
// CHECK: %[[LO:.*]] = arith.maximumf %[[ACC]]#0, %{{.*}} : vector<16xf32>
// CHECK: %[[HI:.*]] = arith.minimumf %[[LO]], %{{.*}} : vector<16xf32>
// CHECK-NOT: %[[TMP]]
// CHECK: vector.store %[[HI]], %[[OUT]][
// CHECK-NOT: %[[TMP]]
// CHECK: return
module attributes {kiln.target = {triple = "x86_64-unknown-linux-gnu", cpu = "znver5", isa = "avx512", vector_bits = 512 : i64, vector_registers = 32 : i64, fma = true, l1d_bytes = 49152 : i64, l2_bytes = 1048576 : i64, l3_bytes = 33554432 : i64, cores = 1 : i64}} {
func.func @fuse_bias_relu6(%in: memref<1x3x10x34xf32>, %w: memref<3x3x3xf32>, %bias: memref<3xf32>, %out: memref<1x3x8x32xf32>, %tmp: memref<1x3x8x32xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0,d1,d2,d3) -> (d1)>, affine_map<(d0,d1,d2,d3) -> (d0,d1,d2,d3)>], iterator_types = ["parallel","parallel","parallel","parallel"]}
      ins(%bias : memref<3xf32>) outs(%tmp : memref<1x3x8x32xf32>) {
  ^bb0(%b: f32, %o: f32):
    linalg.yield %b : f32
  }
  linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%in, %w : memref<1x3x10x34xf32>, memref<3x3x3xf32>) outs(%tmp : memref<1x3x8x32xf32>)
  linalg.generic {indexing_maps = [affine_map<(d0,d1,d2,d3) -> (d0,d1,d2,d3)>, affine_map<(d0,d1,d2,d3) -> (d0,d1,d2,d3)>], iterator_types = ["parallel","parallel","parallel","parallel"]}
      ins(%tmp : memref<1x3x8x32xf32>) outs(%out : memref<1x3x8x32xf32>) {
  ^bb0(%x: f32, %o: f32):
    %lo = arith.constant 0.0 : f32
    %hi = arith.constant 6.0 : f32
    %m = arith.maximumf %x, %lo : f32
    %c = arith.minimumf %m, %hi : f32
    linalg.yield %c : f32
  }
  return
}
}

// -----

// not_ fused: the convolution's output is read again after the ReLU, so it
// is stored, and the ReLU runs as its own loop; the initializer reads the
// buffer it writes, so it stays too.
// CHECK-LABEL: func.func @no_fusion
// CHECK: arith.mulf %{{.*}}, %{{.*}} : vector<16xf32>
// CHECK: %[[TMP:.*]] = memref.reinterpret_cast %arg3
// CHECK: %[[START:.*]] = vector.load %[[TMP]][
// CHECK: scf.for {{.*}} iter_args(%{{.*}} = %[[START]],
// CHECK: llvm.intr.fmuladd
// CHECK: vector.store %{{.*}}, %[[TMP]][
// CHECK: arith.maximumf
// CHECK: arith.negf
module attributes {kiln.target = {triple = "x86_64-unknown-linux-gnu", cpu = "znver5", isa = "avx512", vector_bits = 512 : i64, vector_registers = 32 : i64, fma = true, l1d_bytes = 49152 : i64, l2_bytes = 1048576 : i64, l3_bytes = 33554432 : i64, cores = 1 : i64}} {
func.func @no_fusion(%in: memref<1x3x10x34xf32>, %w: memref<3x3x3xf32>, %out: memref<1x3x8x32xf32>, %tmp: memref<1x3x8x32xf32>, %again: memref<1x3x8x32xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0,d1,d2,d3) -> (d0,d1,d2,d3)>, affine_map<(d0,d1,d2,d3) -> (d0,d1,d2,d3)>], iterator_types = ["parallel","parallel","parallel","parallel"]}
      ins(%tmp : memref<1x3x8x32xf32>) outs(%tmp : memref<1x3x8x32xf32>) {
  ^bb0(%b: f32, %o: f32):
    %h = arith.constant 0.5 : f32
    %s = arith.mulf %b, %h : f32
    linalg.yield %s : f32
  }
  linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%in, %w : memref<1x3x10x34xf32>, memref<3x3x3xf32>) outs(%tmp : memref<1x3x8x32xf32>)
  linalg.generic {indexing_maps = [affine_map<(d0,d1,d2,d3) -> (d0,d1,d2,d3)>, affine_map<(d0,d1,d2,d3) -> (d0,d1,d2,d3)>], iterator_types = ["parallel","parallel","parallel","parallel"]}
      ins(%tmp : memref<1x3x8x32xf32>) outs(%out : memref<1x3x8x32xf32>) {
  ^bb0(%x: f32, %o: f32):
    %lo = arith.constant 0.0 : f32
    %m = arith.maximumf %x, %lo : f32
    linalg.yield %m : f32
  }
  linalg.generic {indexing_maps = [affine_map<(d0,d1,d2,d3) -> (d0,d1,d2,d3)>, affine_map<(d0,d1,d2,d3) -> (d0,d1,d2,d3)>], iterator_types = ["parallel","parallel","parallel","parallel"]}
      ins(%tmp : memref<1x3x8x32xf32>) outs(%again : memref<1x3x8x32xf32>) {
  ^bb0(%x: f32, %o: f32):
    %n = arith.negf %x : f32
    linalg.yield %n : f32
  }
  return
}
}
// -----

// A transpose of the innermost dim: the rows of the input are gathered.
// CHECK-LABEL: func.func @transpose_gather
// CHECK-DAG: %[[OFFSETS:.*]] = arith.constant dense<[0, 8, 16, 24]> : vector<4xi32>
// CHECK: vector.gather %{{.*}}[%{{.*}}] [%[[OFFSETS]]]
module attributes {kiln.target = {triple = "aarch64-unknown-linux-gnu", cpu = "cortex-a72", isa = "neon", vector_bits = 128 : i64, vector_registers = 32 : i64, fma = true, l1d_bytes = 32768 : i64, l2_bytes = 1048576 : i64, l3_bytes = 0 : i64, cores = 1 : i64}} {
func.func @transpose_gather(%a: memref<8x8xf32>, %b: memref<8x8xf32>) {
  linalg.transpose ins(%a : memref<8x8xf32>) outs(%b : memref<8x8xf32>) permutation = [1, 0]
  return
}
}

// -----

// not_ cases, left to linalg-to-loops with the reason: a copy into every
// other element, a payload reading loop indices, an i1 memref, a payload
// calling a function.
// CHECK-LABEL: func.func @not_vectorized
// CHECK: linalg.copy
// CHECK: linalg.generic
// CHECK: linalg.generic
// CHECK: linalg.generic
module attributes {kiln.target = {triple = "aarch64-unknown-linux-gnu", cpu = "cortex-a72", isa = "neon", vector_bits = 128 : i64, vector_registers = 32 : i64, fma = true, l1d_bytes = 32768 : i64, l2_bytes = 1048576 : i64, l3_bytes = 0 : i64, cores = 1 : i64}} {
func.func @not_vectorized(%a: memref<8x8xf32>, %b: memref<8x16xf32>, %m: memref<8xi1>, %n: memref<8xi1>, %i: memref<8xi32>) {
  %odd = memref.subview %b[0, 1] [8, 8] [1, 2] : memref<8x16xf32> to memref<8x8xf32, strided<[16, 2], offset: 1>>
  // expected-remark @+1 {{not vectorized: no loop along which every output is contiguous, nor a contiguous reduction}}
  linalg.copy ins(%a : memref<8x8xf32>) outs(%odd : memref<8x8xf32, strided<[16, 2], offset: 1>>)
  // expected-remark @+1 {{not vectorized: the payload reads loop indices (linalg.index)}}
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} outs(%a : memref<8x8xf32>) {
  ^bb0(%o: f32):
    %j = linalg.index 1 : index
    %k = arith.index_cast %j : index to i32
    %f = arith.sitofp %k : i32 to f32
    linalg.yield %f : f32
  }
  // expected-remark @+1 {{not vectorized: memref of i1}}
  linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%m : memref<8xi1>) outs(%n : memref<8xi1>) {
  ^bb0(%x: i1, %o: i1):
    %t = arith.xori %x, %x : i1
    linalg.yield %t : i1
  }
  // expected-remark @+1 {{not vectorized: payload op 'func.call' has no vector form}}
  linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%i : memref<8xi32>) outs(%i : memref<8xi32>) {
  ^bb0(%x: i32, %o: i32):
    %p = func.call @ipow(%x, %x) : (i32, i32) -> i32
    linalg.yield %p : i32
  }
  return
}
func.func private @ipow(i32, i32) -> i32
}

// -----

// not_ case: no kiln.target, nothing changes.
// CHECK-LABEL: func.func @no_target
// CHECK: linalg.generic
// CHECK-NOT: vector.
func.func @no_target(%a: memref<64xf32>, %c: memref<64xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      ins(%a : memref<64xf32>) outs(%c : memref<64xf32>) {
  ^bb0(%x: f32, %o: f32):
    %s = arith.negf %x : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// not_ case: a scalar target (vector_bits = 0), nothing changes.
// CHECK-LABEL: func.func @scalar_target
// CHECK: linalg.generic
// CHECK-NOT: vector.
module attributes {kiln.target = {triple = "thumbv7em-none-eabi", cpu = "cortex-m4", isa = "scalar", vector_bits = 0 : i64, vector_registers = 16 : i64, fma = true, l1d_bytes = 0 : i64, l2_bytes = 0 : i64, l3_bytes = 0 : i64, cores = 1 : i64}} {
func.func @scalar_target(%a: memref<64xf32>, %c: memref<64xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      ins(%a : memref<64xf32>) outs(%c : memref<64xf32>) {
  ^bb0(%x: f32, %o: f32):
    %s = arith.negf %x : f32
    linalg.yield %s : f32
  }
  return
}
}
