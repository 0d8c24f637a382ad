// RUN: kiln-opt %s --kiln-convert-graph-to-linalg --split-input-file | FileCheck %s

// CHECK-LABEL: func.func @reshape_collapse
// CHECK: %[[R:.*]] = tensor.collapse_shape %{{.*}} {{\[}}[0], [1, 2, 3]] : tensor<1x512x1x1xf32> into tensor<1x512xf32>
// CHECK-NEXT: return %[[R]]
func.func @reshape_collapse(%x: tensor<1x512x1x1xf32>) -> tensor<1x512xf32> {
  %0 = graph.reshape %x : (tensor<1x512x1x1xf32>) -> tensor<1x512xf32>
  return %0 : tensor<1x512xf32>
}

// -----

// CHECK-LABEL: func.func @reshape_expand
// CHECK: tensor.expand_shape %{{.*}} {{\[}}[0, 1], [2]] output_shape [2, 3, 4] : tensor<6x4xf32> into tensor<2x3x4xf32>
func.func @reshape_expand(%x: tensor<6x4xf32>) -> tensor<2x3x4xf32> {
  %0 = graph.reshape %x : (tensor<6x4xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// No single collapse or expand does it: flatten, then split.
// CHECK-LABEL: func.func @reshape_general
// CHECK: %[[F:.*]] = tensor.collapse_shape %{{.*}} {{\[}}[0, 1, 2]] : tensor<2x3x4xf32> into tensor<24xf32>
// CHECK: tensor.expand_shape %[[F]] {{\[}}[0, 1]] output_shape [4, 6] : tensor<24xf32> into tensor<4x6xf32>
func.func @reshape_general(%x: tensor<2x3x4xf32>) -> tensor<4x6xf32> {
  %0 = graph.reshape %x : (tensor<2x3x4xf32>) -> tensor<4x6xf32>
  return %0 : tensor<4x6xf32>
}

// -----

// CHECK-LABEL: func.func @reshape_scalar
// CHECK: tensor.collapse_shape %{{.*}} [] : tensor<1x1xi64> into tensor<i64>
func.func @reshape_scalar(%x: tensor<1x1xi64>) -> tensor<i64> {
  %0 = graph.reshape %x : (tensor<1x1xi64>) -> tensor<i64>
  return %0 : tensor<i64>
}

// -----

// CHECK-LABEL: func.func @transpose
// CHECK: %[[E:.*]] = tensor.empty() : tensor<4x2x3xf32>
// CHECK: linalg.transpose ins(%{{.*}} : tensor<2x3x4xf32>) outs(%[[E]] : tensor<4x2x3xf32>) permutation = [2, 0, 1]
func.func @transpose(%x: tensor<2x3x4xf32>) -> tensor<4x2x3xf32> {
  %0 = graph.transpose %x {perm = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
  return %0 : tensor<4x2x3xf32>
}

// -----

// CHECK-LABEL: func.func @concat
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<2x1xf32>, %[[C:.*]]: tensor<2x4xf32>)
// CHECK: %[[E:.*]] = tensor.empty() : tensor<2x8xf32>
// CHECK: %[[I0:.*]] = tensor.insert_slice %[[A]] into %[[E]][0, 0] [2, 3] [1, 1]
// CHECK: %[[I1:.*]] = tensor.insert_slice %[[B]] into %[[I0]][0, 3] [2, 1] [1, 1]
// CHECK: %[[I2:.*]] = tensor.insert_slice %[[C]] into %[[I1]][0, 4] [2, 4] [1, 1]
// CHECK: return %[[I2]]
func.func @concat(%a: tensor<2x3xf32>, %b: tensor<2x1xf32>, %c: tensor<2x4xf32>) -> tensor<2x8xf32> {
  %0 = graph.concat %a, %b, %c {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x1xf32>, tensor<2x4xf32>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// -----

// CHECK-LABEL: func.func @slice_positive
// CHECK: tensor.extract_slice %{{.*}}[0, 2] [4, 3] [1, 2] : tensor<4x8xf32> to tensor<4x3xf32>
func.func @slice_positive(%x: tensor<4x8xf32>) -> tensor<4x3xf32> {
  %0 = graph.slice %x {starts = array<i64: 0, 2>, steps = array<i64: 1, 2>} : (tensor<4x8xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// A negative step reads input[start + i * step] per dim.
// CHECK-LABEL: func.func @slice_negative
// CHECK-SAME: (%[[X:.*]]: tensor<4x8xf32>)
// CHECK: linalg.generic
// CHECK-SAME: outs(%{{.*}} : tensor<4x3xf32>)
// CHECK: %[[I:.*]] = linalg.index 0 : index
// CHECK: %[[J:.*]] = linalg.index 1 : index
// CHECK: %[[S0:.*]] = arith.constant 1 : index
// CHECK: %[[A0:.*]] = arith.muli %[[I]], %[[S0]] : index
// CHECK: %[[B0:.*]] = arith.constant 0 : index
// CHECK: %[[P0:.*]] = arith.addi %[[A0]], %[[B0]] : index
// CHECK: %[[S1:.*]] = arith.constant -3 : index
// CHECK: %[[A1:.*]] = arith.muli %[[J]], %[[S1]] : index
// CHECK: %[[B1:.*]] = arith.constant 7 : index
// CHECK: %[[P1:.*]] = arith.addi %[[A1]], %[[B1]] : index
// CHECK: %[[V:.*]] = tensor.extract %[[X]][%[[P0]], %[[P1]]] : tensor<4x8xf32>
// CHECK: linalg.yield %[[V]] : f32
func.func @slice_negative(%x: tensor<4x8xf32>) -> tensor<4x3xf32> {
  %0 = graph.slice %x {starts = array<i64: 0, 7>, steps = array<i64: 1, -3>} : (tensor<4x8xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// Gather wraps negative indices and clamps into [0, dim) before reading.
// CHECK-DAG: #[[$IDX:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @gather
// CHECK-SAME: (%[[D:.*]]: tensor<5x3xf32>, %[[IDX:.*]]: tensor<2x2xi64>)
// CHECK: linalg.generic {indexing_maps = [#[[$IDX]], #{{.*}}], iterator_types = ["parallel", "parallel", "parallel"]}
// CHECK-SAME: ins(%[[IDX]] : tensor<2x2xi64>)
// CHECK: ^bb0(%[[IN:.*]]: i64, %{{.*}}: f32):
// CHECK: %[[K:.*]] = linalg.index 2 : index
// CHECK: %[[I:.*]] = arith.index_cast %[[IN]] : i64 to index
// CHECK: %[[N:.*]] = arith.constant 5 : index
// CHECK: %[[Z:.*]] = arith.constant 0 : index
// CHECK: %[[NEG:.*]] = arith.cmpi slt, %[[I]], %[[Z]] : index
// CHECK: %[[ADD:.*]] = arith.addi %[[I]], %[[N]] : index
// CHECK: %[[W:.*]] = arith.select %[[NEG]], %[[ADD]], %[[I]] : index
// CHECK: %[[LAST:.*]] = arith.constant 4 : index
// CHECK: %[[HI:.*]] = arith.minsi %[[W]], %[[LAST]] : index
// CHECK: %[[C:.*]] = arith.maxsi %[[HI]], %[[Z]] : index
// CHECK: tensor.extract %[[D]][%[[C]], %[[K]]] : tensor<5x3xf32>
func.func @gather(%d: tensor<5x3xf32>, %i: tensor<2x2xi64>) -> tensor<2x2x3xf32> {
  %0 = graph.gather %d, %i {axis = 0 : i64} : (tensor<5x3xf32>, tensor<2x2xi64>) -> tensor<2x2x3xf32>
  return %0 : tensor<2x2x3xf32>
}

// -----

// CHECK-DAG: #[[$IDX:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @gather_axis1
// CHECK: linalg.generic {indexing_maps = [#[[$IDX]], #{{.*}}]
// CHECK: %[[R:.*]] = linalg.index 0 : index
// CHECK: arith.index_cast %{{.*}} : i32 to index
// CHECK: tensor.extract %{{.*}}[%[[R]], %{{.*}}] : tensor<2x7xi64>
func.func @gather_axis1(%d: tensor<2x7xi64>, %i: tensor<3xi32>) -> tensor<2x3xi64> {
  %0 = graph.gather %d, %i {axis = 1 : i64} : (tensor<2x7xi64>, tensor<3xi32>) -> tensor<2x3xi64>
  return %0 : tensor<2x3xi64>
}

// -----

// CHECK-LABEL: func.func @pad_constant
// CHECK: %[[V:.*]] = arith.constant -7 : i32
// CHECK: tensor.pad %{{.*}} low[1, 0] high[0, 2]
// CHECK: tensor.yield %[[V]] : i32
func.func @pad_constant(%x: tensor<2x2xi32>) -> tensor<3x4xi32> {
  %0 = graph.pad %x {pads = array<i64: 1, 0, 0, 2>, mode = 0 : i32, value = -7.9 : f64} : (tensor<2x2xi32>) -> tensor<3x4xi32>
  return %0 : tensor<3x4xi32>
}

// -----

// Reflect: s = j - 2, mirrored at 0 (-s) and at the last element (6 - s).
// CHECK-LABEL: func.func @pad_reflect
// CHECK: %[[I:.*]] = linalg.index 0 : index
// CHECK: %[[J:.*]] = linalg.index 1 : index
// CHECK: %[[S:.*]] = arith.subi %[[J]], %{{.*}} : index
// CHECK: %[[Z:.*]] = arith.constant 0 : index
// CHECK: %[[LAST:.*]] = arith.constant 3 : index
// CHECK: %[[BEFORE:.*]] = arith.cmpi slt, %[[S]], %[[Z]] : index
// CHECK: %[[NEG:.*]] = arith.subi %[[Z]], %[[S]] : index
// CHECK: %[[LO:.*]] = arith.select %[[BEFORE]], %[[NEG]], %[[S]] : index
// CHECK: %[[AFTER:.*]] = arith.cmpi sgt, %[[LO]], %[[LAST]] : index
// CHECK: %[[TWICE:.*]] = arith.constant 6 : index
// CHECK: %[[MIR:.*]] = arith.subi %[[TWICE]], %[[LO]] : index
// CHECK: %[[SRC:.*]] = arith.select %[[AFTER]], %[[MIR]], %[[LO]] : index
// CHECK: tensor.extract %{{.*}}[%[[I]], %[[SRC]]] : tensor<3x4xf32>
func.func @pad_reflect(%x: tensor<3x4xf32>) -> tensor<3x9xf32> {
  %0 = graph.pad %x {pads = array<i64: 0, 2, 0, 3>, mode = 1 : i32, value = 0.0 : f64} : (tensor<3x4xf32>) -> tensor<3x9xf32>
  return %0 : tensor<3x9xf32>
}

// -----

// Edge: clamp into [0, n - 1].
// CHECK-LABEL: func.func @pad_edge
// CHECK: %[[S:.*]] = arith.subi %{{.*}}, %{{.*}} : index
// CHECK: %[[Z:.*]] = arith.constant 0 : index
// CHECK: %[[LAST:.*]] = arith.constant 3 : index
// CHECK: %[[HI:.*]] = arith.minsi %[[S]], %[[LAST]] : index
// CHECK: %[[SRC:.*]] = arith.maxsi %[[HI]], %[[Z]] : index
// CHECK: tensor.extract %{{.*}}[%[[SRC]]] : tensor<4xf32>
func.func @pad_edge(%x: tensor<4xf32>) -> tensor<9xf32> {
  %0 = graph.pad %x {pads = array<i64: 2, 3>, mode = 2 : i32, value = 0.0 : f64} : (tensor<4xf32>) -> tensor<9xf32>
  return %0 : tensor<9xf32>
}

// -----

// Unsigned constants are retyped without copying: dense data is bitcast,
// dense_resource keeps its blob.
// CHECK-LABEL: func.func @constants
// CHECK-DAG: arith.constant dense<[1, 2, -6, -1]> : tensor<4xi8>
// CHECK-DAG: arith.constant dense_resource<blob> : tensor<2xi16>
// CHECK-DAG: arith.constant dense<1.500000e+00> : tensor<2x2xf32>
func.func @constants() -> (tensor<4xui8>, tensor<2xui16>, tensor<2x2xf32>) {
  %0 = graph.constant dense<[1, 2, 250, 255]> : tensor<4xui8>
  %1 = graph.constant dense_resource<blob> : tensor<2xui16>
  %2 = graph.constant dense<1.5> : tensor<2x2xf32>
  return %0, %1, %2 : tensor<4xui8>, tensor<2xui16>, tensor<2x2xf32>
}

{-#
  dialect_resources: {
    builtin: {
      blob: "0x020000000100FFFF"
    }
  }
#-}
