// RUN: kiln-opt %s --kiln-convert-graph-to-linalg --split-input-file | FileCheck %s

// CHECK-DAG: #[[$ID3:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[$BCAST:.*]] = affine_map<(d0, d1, d2) -> (d1, 0)>
// CHECK-LABEL: func.func @add_broadcast
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>, %[[Y:.*]]: tensor<3x1xf32>)
// CHECK: %[[E:.*]] = tensor.empty() : tensor<2x3x4xf32>
// CHECK: linalg.generic
// CHECK-SAME: indexing_maps = [#[[$ID3]], #[[$BCAST]], #[[$ID3]]]
// CHECK-SAME: iterator_types = ["parallel", "parallel", "parallel"]
// CHECK-SAME: ins(%[[X]], %[[Y]] : tensor<2x3x4xf32>, tensor<3x1xf32>) outs(%[[E]] : tensor<2x3x4xf32>)
// CHECK: ^bb0(%[[A:.*]]: f32, %[[B:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[S:.*]] = arith.addf %[[A]], %[[B]] : f32
// CHECK-NEXT: linalg.yield %[[S]] : f32
// CHECK-NOT: graph.
func.func @add_broadcast(%x: tensor<2x3x4xf32>, %y: tensor<3x1xf32>) -> tensor<2x3x4xf32> {
  %0 = graph.add %x, %y : (tensor<2x3x4xf32>, tensor<3x1xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// A scalar operand has an empty map; a size-1 dim that meets a size-1 result
// dim keeps its loop index.
// CHECK-DAG: #[[$ID2:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$SCALAR:.*]] = affine_map<(d0, d1) -> ()>
// CHECK-LABEL: func.func @mul_scalar
// CHECK: linalg.generic {indexing_maps = [#[[$ID2]], #[[$SCALAR]], #[[$ID2]]]
// CHECK: arith.mulf
func.func @mul_scalar(%x: tensor<1x4xf32>, %s: tensor<f32>) -> tensor<1x4xf32> {
  %0 = graph.mul %x, %s : (tensor<1x4xf32>, tensor<f32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

// Relu keeps NaN: select on `ugt` rather than a max that could drop it.
// CHECK-LABEL: func.func @relu
// CHECK: ^bb0(%[[A:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[GT:.*]] = arith.cmpf ugt, %[[A]], %[[ZERO]] : f32
// CHECK: %[[R:.*]] = arith.select %[[GT]], %[[A]], %[[ZERO]] : f32
// CHECK: linalg.yield %[[R]]
func.func @relu(%x: tensor<8xf32>) -> tensor<8xf32> {
  %0 = graph.relu %x : tensor<8xf32>
  return %0 : tensor<8xf32>
}

// -----

// CHECK-LABEL: func.func @relu_i32
// CHECK: arith.maxsi
func.func @relu_i32(%x: tensor<8xi32>) -> tensor<8xi32> {
  %0 = graph.relu %x : tensor<8xi32>
  return %0 : tensor<8xi32>
}

// -----

// Unsigned tensors become signless; the arithmetic stays unsigned.
// CHECK-LABEL: func.func @unsigned_ops
// CHECK-SAME: (%{{.*}}: tensor<4xi8>, %{{.*}}: tensor<4xi8>) -> (tensor<4xi8>, tensor<4xi8>, tensor<4xi1>, tensor<4xi8>)
// CHECK: arith.divui
// CHECK-NOT: arith.divsi
// CHECK: arith.maxui
// CHECK: arith.cmpi ult
// CHECK: arith.minui
func.func @unsigned_ops(%x: tensor<4xui8>, %y: tensor<4xui8>) -> (tensor<4xui8>, tensor<4xui8>, tensor<4xi1>, tensor<4xui8>) {
  %0 = graph.div %x, %y : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  %1 = graph.max %x, %y : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  %2 = graph.less %x, %y : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xi1>
  %3 = graph.min %x, %y : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  return %0, %1, %2, %3 : tensor<4xui8>, tensor<4xui8>, tensor<4xi1>, tensor<4xui8>
}

// -----

// Integer division never traps: x / 0 and INT_MIN / -1 are selected around.
// CHECK-LABEL: func.func @signed_ops
// CHECK: ^bb0(%[[A:.*]]: i32, %[[B:.*]]: i32, %{{.*}}: i32):
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0 : i32
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1 : i32
// CHECK-DAG: %[[M1:.*]] = arith.constant -1 : i32
// CHECK-DAG: %[[ISZERO:.*]] = arith.cmpi eq, %[[B]], %[[ZERO]] : i32
// CHECK-DAG: %[[ISM1:.*]] = arith.cmpi eq, %[[B]], %[[M1]] : i32
// CHECK: %[[SPECIAL:.*]] = arith.ori %[[ISZERO]], %[[ISM1]] : i1
// CHECK: %[[SAFE:.*]] = arith.select %[[SPECIAL]], %[[ONE]], %[[B]] : i32
// CHECK: %[[Q:.*]] = arith.divsi %[[A]], %[[SAFE]] : i32
// CHECK: %[[NEG:.*]] = arith.subi %[[ZERO]], %[[A]] : i32
// CHECK: %[[R1:.*]] = arith.select %[[ISM1]], %[[NEG]], %[[Q]] : i32
// CHECK: %[[R:.*]] = arith.select %[[ISZERO]], %[[ZERO]], %[[R1]] : i32
// CHECK: linalg.yield %[[R]]
// CHECK: arith.cmpi slt
// CHECK: arith.cmpf olt
func.func @signed_ops(%x: tensor<4xi32>, %y: tensor<4xi32>, %f: tensor<4xf32>) -> (tensor<4xi32>, tensor<4xi1>, tensor<4xi1>) {
  %0 = graph.div %x, %y : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %1 = graph.less %x, %y : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi1>
  %2 = graph.less %f, %f : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  return %0, %1, %2 : tensor<4xi32>, tensor<4xi1>, tensor<4xi1>
}

// -----

// CHECK-LABEL: func.func @casts
// CHECK: arith.fptosi %{{.*}} : f32 to i32
// CHECK: arith.fptoui %{{.*}} : f32 to i8
// CHECK: arith.uitofp %{{.*}} : i8 to f32
// CHECK: arith.extsi %{{.*}} : i8 to i64
// CHECK: arith.extui %{{.*}} : i8 to i64
// CHECK: arith.cmpf une, %{{.*}}, %{{.*}} : f32
// CHECK: arith.cmpi ne, %{{.*}}, %{{.*}} : i32
// CHECK: arith.uitofp %{{.*}} : i1 to f32
// CHECK: arith.trunci %{{.*}} : i64 to i8
// CHECK: arith.truncf %{{.*}} : f32 to f16
func.func @casts(%f: tensor<4xf32>, %u: tensor<4xui8>, %s: tensor<4xi8>, %i: tensor<4xi32>, %b: tensor<4xi1>, %l: tensor<4xi64>)
    -> (tensor<4xi32>, tensor<4xui8>, tensor<4xf32>, tensor<4xi64>, tensor<4xi64>, tensor<4xi1>, tensor<4xi1>, tensor<4xf32>, tensor<4xi8>, tensor<4xf16>) {
  %0 = graph.cast %f : tensor<4xf32> to tensor<4xi32>
  %1 = graph.cast %f : tensor<4xf32> to tensor<4xui8>
  %2 = graph.cast %u : tensor<4xui8> to tensor<4xf32>
  %3 = graph.cast %s : tensor<4xi8> to tensor<4xi64>
  %4 = graph.cast %u : tensor<4xui8> to tensor<4xi64>
  %5 = graph.cast %f : tensor<4xf32> to tensor<4xi1>
  %6 = graph.cast %i : tensor<4xi32> to tensor<4xi1>
  %7 = graph.cast %b : tensor<4xi1> to tensor<4xf32>
  %8 = graph.cast %l : tensor<4xi64> to tensor<4xi8>
  %9 = graph.cast %f : tensor<4xf32> to tensor<4xf16>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9 : tensor<4xi32>, tensor<4xui8>, tensor<4xf32>, tensor<4xi64>, tensor<4xi64>, tensor<4xi1>, tensor<4xi1>, tensor<4xf32>, tensor<4xi8>, tensor<4xf16>
}

// -----

// f16 math runs in f32.
// CHECK-LABEL: func.func @sigmoid_f16
// CHECK: ^bb0(%[[A:.*]]: f16, %{{.*}}: f16):
// CHECK: %[[W:.*]] = arith.extf %[[A]] : f16 to f32
// CHECK: %[[N:.*]] = arith.negf %[[W]] : f32
// CHECK: %[[E:.*]] = math.exp %[[N]] : f32
// CHECK: %[[D:.*]] = arith.addf %{{.*}}, %[[E]] : f32
// CHECK: %[[R:.*]] = arith.divf %{{.*}}, %[[D]] : f32
// CHECK: %[[T:.*]] = arith.truncf %[[R]] : f32 to f16
// CHECK: linalg.yield %[[T]] : f16
func.func @sigmoid_f16(%x: tensor<4xf16>) -> tensor<4xf16> {
  %0 = graph.sigmoid %x : tensor<4xf16>
  return %0 : tensor<4xf16>
}

// -----

// CHECK-LABEL: func.func @unary_math
// CHECK: math.tanh
// CHECK: math.erf
// CHECK: math.sqrt
// CHECK: math.log
// CHECK: math.floor
// CHECK: math.ceil
// CHECK: math.absf
// CHECK: arith.negf
func.func @unary_math(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %0 = graph.tanh %x : tensor<4xf32>
  %1 = graph.erf %x : tensor<4xf32>
  %2 = graph.sqrt %x : tensor<4xf32>
  %3 = graph.log %x : tensor<4xf32>
  %4 = graph.floor %x : tensor<4xf32>
  %5 = graph.ceil %x : tensor<4xf32>
  %6 = graph.abs %x : tensor<4xf32>
  %7 = graph.neg %x : tensor<4xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @activations
// CHECK: ^bb0(%[[A:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[NEG:.*]] = arith.cmpf olt, %[[A]], %{{.*}} : f32
// CHECK: %[[SCALED:.*]] = arith.mulf %[[A]], %{{.*}} : f32
// CHECK: arith.select %[[NEG]], %[[SCALED]], %[[A]] : f32
// CHECK: linalg.generic
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: arith.minimumf
// CHECK: arith.maximumf
// CHECK: linalg.generic
// CHECK: arith.minimumf
// CHECK: arith.maximumf
// CHECK: arith.mulf
func.func @activations(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %0 = graph.leaky_relu %x {alpha = 0.01 : f32} : tensor<4xf32>
  %1 = graph.hard_sigmoid %x {alpha = 0.2 : f32, beta = 0.5 : f32} : tensor<4xf32>
  %2 = graph.hard_swish %x : tensor<4xf32>
  return %0, %1, %2 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// Integer clip bounds are rounded inward: [-3.5, 5.5] clips to [-3, 5].
// CHECK-LABEL: func.func @clip_i8
// CHECK: %[[LO:.*]] = arith.constant -3 : i8
// CHECK: %[[M:.*]] = arith.maxsi %{{.*}}, %[[LO]] : i8
// CHECK: %[[HI:.*]] = arith.constant 5 : i8
// CHECK: arith.minsi %[[M]], %[[HI]] : i8
func.func @clip_i8(%x: tensor<4xi8>) -> tensor<4xi8> {
  %0 = graph.clip %x {min = -3.5 : f64, max = 5.5 : f64} : tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

// CHECK-LABEL: func.func @clip_f32_max_only
// CHECK: arith.minimumf
// CHECK-NOT: arith.maximumf
func.func @clip_f32_max_only(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = graph.clip %x {max = 6.0 : f64} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-DAG: #[[$C:.*]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-DAG: #[[$X:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[$Y:.*]] = affine_map<(d0, d1) -> ()>
// CHECK-DAG: #[[$OUT:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @where
// CHECK: linalg.generic {indexing_maps = [#[[$C]], #[[$X]], #[[$Y]], #[[$OUT]]]
// CHECK: ^bb0(%[[C:.*]]: i1, %[[A:.*]]: f32, %[[B:.*]]: f32, %{{.*}}: f32):
// CHECK: arith.select %[[C]], %[[A]], %[[B]] : f32
func.func @where(%c: tensor<3x1xi1>, %x: tensor<4xf32>, %y: tensor<f32>) -> tensor<3x4xf32> {
  %0 = graph.where %c, %x, %y : (tensor<3x1xi1>, tensor<4xf32>, tensor<f32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

// CHECK-LABEL: func.func @logic
// CHECK: arith.andi
// CHECK: arith.ori
// CHECK: arith.cmpi eq
func.func @logic(%a: tensor<4xi1>, %b: tensor<4xi1>) -> (tensor<4xi1>, tensor<4xi1>, tensor<4xi1>) {
  %0 = graph.and %a, %b : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  %1 = graph.or %a, %b : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  %2 = graph.equal %a, %b : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  return %0, %1, %2 : tensor<4xi1>, tensor<4xi1>, tensor<4xi1>
}

// -----

// CHECK-LABEL: func.func @pow
// CHECK: math.powf
func.func @pow(%x: tensor<4xf32>, %y: tensor<f32>) -> tensor<4xf32> {
  %0 = graph.pow %x, %y : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// BatchNorm folds scale/sqrt(var+eps) and the shift per channel first, then
// does one multiply-add per element reading them at the channel index.
// CHECK-DAG: #[[$ID1:.*]] = affine_map<(d0) -> (d0)>
// CHECK-DAG: #[[$ID4:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[$CH:.*]] = affine_map<(d0, d1, d2, d3) -> (d1)>
// CHECK-LABEL: func.func @batch_norm
// CHECK: %[[F:.*]]:2 = linalg.generic {indexing_maps = [#[[$ID1]], #[[$ID1]], #[[$ID1]], #[[$ID1]], #[[$ID1]], #[[$ID1]]], iterator_types = ["parallel"]}
// CHECK: math.sqrt
// CHECK: arith.divf
// CHECK: linalg.generic {indexing_maps = [#[[$ID4]], #[[$CH]], #[[$CH]], #[[$ID4]]]
// CHECK-SAME: ins(%{{.*}}, %[[F]]#0, %[[F]]#1 : tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>)
// CHECK: arith.mulf
// CHECK-NEXT: arith.addf
func.func @batch_norm(%x: tensor<1x8x4x4xf32>, %s: tensor<8xf32>, %b: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) -> tensor<1x8x4x4xf32> {
  %0 = graph.batch_norm %x, %s, %b, %m, %v {epsilon = 1.0e-05 : f32}
      : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// CHECK-DAG: #[[$IN:.*]] = affine_map<(d0, d1, d2) -> (d1, 0)>
// CHECK-LABEL: func.func @expand
// CHECK: linalg.generic {indexing_maps = [#[[$IN]], #{{.*}}]
// CHECK: ^bb0(%[[A:.*]]: i8, %{{.*}}: i8):
// CHECK-NEXT: linalg.yield %[[A]] : i8
func.func @expand(%x: tensor<3x1xui8>) -> tensor<2x3x4xui8> {
  %0 = graph.expand %x : (tensor<3x1xui8>) -> tensor<2x3x4xui8>
  return %0 : tensor<2x3x4xui8>
}
