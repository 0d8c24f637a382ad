// RUN: kiln-opt %s --kiln-convert-graph-to-linalg --split-input-file | FileCheck %s

// Structure of the indexing lowerings; run-indexing.mlir checks their values.

// arg_max is one reduction carrying the best value and its index; keepdims
// re-inserts the reduced dim.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @arg_max
// CHECK:       %[[R:.*]]:2 = linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ROW]]], iterator_types = ["parallel", "reduction"]}
// CHECK-SAME:      outs(%{{.*}}, %{{.*}} : tensor<2xf32>, tensor<2xi64>)
// CHECK:         arith.cmpf ogt
// CHECK:         linalg.index 1
// CHECK:       tensor.expand_shape %[[R]]#1 {{\[\[}}0, 1]] output_shape [2, 1] : tensor<2xi64> into tensor<2x1xi64>
func.func @arg_max(%x: tensor<2x3xf32>) -> tensor<2x1xi64> {
  %0 = graph.arg_max %x {axis = 1 : i64, keepdims = true, select_last_index = false} : (tensor<2x3xf32>) -> tensor<2x1xi64>
  return %0 : tensor<2x1xi64>
}

// -----

// top_k: ranks over (i, j), then the index of each rank, then the values.
// CHECK-LABEL: func.func @top_k
// CHECK:       %[[RANKS:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]
// CHECK-SAME:      outs(%{{.*}} : tensor<3x4xi64>)
// CHECK:       %[[IDX:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]
// CHECK-SAME:      ins(%[[RANKS]] : tensor<3x4xi64>) outs(%{{.*}} : tensor<3x2xi64>)
// CHECK:       %[[VALUES:.*]] = linalg.generic {{.*}} ins(%[[IDX]] : tensor<3x2xi64>)
// CHECK:         tensor.extract
// CHECK:       return %[[VALUES]], %[[IDX]]
func.func @top_k(%x: tensor<3x4xf32>) -> (tensor<3x2xf32>, tensor<3x2xi64>) {
  %0:2 = graph.top_k %x {axis = 1 : i64, largest = true} : (tensor<3x4xf32>) -> (tensor<3x2xf32>, tensor<3x2xi64>)
  return %0#0, %0#1 : tensor<3x2xf32>, tensor<3x2xi64>
}

// -----

// cumsum of f16 accumulates in f32 over an extra reduction loop, then
// rounds once.
// CHECK-DAG: #map = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #map1 = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @cumsum
// CHECK:       linalg.generic {indexing_maps = [#map, #map1], iterator_types = ["parallel", "reduction"]}
// CHECK-SAME:      outs(%{{.*}} : tensor<5xf32>)
// CHECK:         arith.cmpi ule
// CHECK:         arith.addf
// CHECK:       arith.truncf {{.*}} : f32 to f16
func.func @cumsum(%x: tensor<5xf16>) -> tensor<5xf16> {
  %0 = graph.cumsum %x {axis = 0 : i64, exclusive = false, reverse = false} : tensor<5xf16>
  return %0 : tensor<5xf16>
}

// -----

// gather_elements reads data at the wrapped and clamped index.
// CHECK-LABEL: func.func @gather_elements
// CHECK-SAME:  (%[[D:.*]]: tensor<3x3xf32>, %[[I:.*]]: tensor<2x3xi64>)
// CHECK:       linalg.generic {{.*}} ins(%[[I]] : tensor<2x3xi64>)
// CHECK:         arith.minsi
// CHECK:         arith.maxsi
// CHECK:         tensor.extract %[[D]]
func.func @gather_elements(%d: tensor<3x3xf32>, %i: tensor<2x3xi64>) -> tensor<2x3xf32> {
  %0 = graph.gather_elements %d, %i {axis = 0 : i64} : (tensor<3x3xf32>, tensor<2x3xi64>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Scatters fold the updates into a copy of data, output dims outermost.
// CHECK-DAG: #map = affine_map<(d0, d1, d2, d3) -> (d2, d3)>
// CHECK-DAG: #map1 = affine_map<(d0, d1, d2, d3) -> (d0, d1)>
// CHECK-LABEL: func.func @scatter_elements
// CHECK-SAME:  (%[[D:.*]]: tensor<1x5xf32>, %[[I:.*]]: tensor<1x2xi64>, %[[U:.*]]: tensor<1x2xf32>)
// CHECK:       linalg.generic {indexing_maps = [#map, #map, #map1], iterator_types = ["parallel", "parallel", "reduction", "reduction"]}
// CHECK-SAME:      ins(%[[I]], %[[U]] : tensor<1x2xi64>, tensor<1x2xf32>) outs(%[[D]] : tensor<1x5xf32>)
// CHECK:         arith.addf
// CHECK:         arith.select
func.func @scatter_elements(%d: tensor<1x5xf32>, %i: tensor<1x2xi64>, %u: tensor<1x2xf32>) -> tensor<1x5xf32> {
  %0 = graph.scatter_elements %d, %i, %u {axis = 1 : i64, reduction = 1 : i32} : (tensor<1x5xf32>, tensor<1x2xi64>, tensor<1x2xf32>) -> tensor<1x5xf32>
  return %0 : tensor<1x5xf32>
}

// -----

// scatter_nd reads each tuple component through its own constant-column map.
// CHECK-DAG: #map = affine_map<(d0, d1, d2) -> (d2, 0)>
// CHECK-DAG: #map1 = affine_map<(d0, d1, d2) -> (d2, 1)>
// CHECK-DAG: #map2 = affine_map<(d0, d1, d2) -> (d2)>
// CHECK-LABEL: func.func @scatter_nd
// CHECK:       linalg.generic {indexing_maps = [#map, #map1, #map2, #map3], iterator_types = ["parallel", "parallel", "reduction"]}
func.func @scatter_nd(%d: tensor<2x2xi64>, %i: tensor<3x2xi64>, %u: tensor<3xi64>) -> tensor<2x2xi64> {
  %0 = graph.scatter_nd %d, %i, %u {reduction = 0 : i32} : (tensor<2x2xi64>, tensor<3x2xi64>, tensor<3xi64>) -> tensor<2x2xi64>
  return %0 : tensor<2x2xi64>
}
