// RUN: kiln-opt %s --kiln-convert-graph-to-linalg | FileCheck %s

// The conv2d_nchw kernel's finish with a fused residual: per accumulator
// vector, bias, then the residual's pixels at the result's indices (a
// masked load for the tail tile's partial vector), then the activation,
// then the store. N = 25 pixels with nr = 16: one full tile, one of 9.
// CHECK-LABEL: func.func @conv_residual_kernel
// CHECK-SAME: (%{{.*}}: tensor<1x2x5x5xf32>, %[[S:.*]]: tensor<1x4x5x5xf32>)
// CHECK: %[[SB:.*]] = bufferization.to_buffer %[[S]] read_only
// CHECK: %[[RES:.*]] = memref.collapse_shape %[[SB]] {{\[}}[0], [1], [2, 3]] : memref<1x4x5x5xf32> into memref<1x4x25xf32>
// CHECK: %[[OUT:.*]] = memref.collapse_shape %{{.*}} {{\[}}[0], [1], [2, 3]] : memref<1x4x5x5xf32> into memref<1x4x25xf32>
// CHECK: scf.parallel
// Full tile: plain vector loads.
// CHECK: %[[BIASED:.*]] = arith.addf %{{.*}}, %{{.*}} : vector<8xf32>
// CHECK-NEXT: %[[R:.*]] = vector.load %[[RES]][%{{.*}}, %[[F:.*]], %[[N:.*]]] : memref<1x4x25xf32>, vector<8xf32>
// CHECK-NEXT: %[[SUM:.*]] = arith.addf %[[BIASED]], %[[R]] : vector<8xf32>
// CHECK: arith.cmpf ugt, %[[SUM]]
// CHECK: vector.store %{{.*}}, %[[OUT]]
// Tail tile: the partial vector's residual is a masked load.
// CHECK: %[[RT:.*]] = vector.maskedload %[[RES]]
// CHECK-NEXT: %[[SUMT:.*]] = arith.addf %{{.*}}, %[[RT]] : vector<8xf32>
// CHECK: arith.cmpf ugt, %[[SUMT]]
// CHECK: vector.maskedstore %[[OUT]]
func.func @conv_residual_kernel(%x: tensor<1x2x5x5xf32>, %s: tensor<1x4x5x5xf32>) -> tensor<1x4x5x5xf32> {
  %w = graph.constant dense<1.0> : tensor<4x2x1x1xf32>
  %b = graph.constant dense<0.5> : tensor<4xf32>
  %0 = graph.conv %x, %w, %b residual(%s) {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = 1 : i32, kiln.schedule = {kernel = "conv2d_nchw", vector_width = 8 : i64, mr = 4 : i64, nr = 16 : i64, kc = 2 : i64, m_split = 1 : i64, parallel = true, b_source = "direct"}}
      : (tensor<1x2x5x5xf32>, tensor<4x2x1x1xf32>, tensor<4xf32>, tensor<1x4x5x5xf32>) -> tensor<1x4x5x5xf32>
  return %0 : tensor<1x4x5x5xf32>
}
