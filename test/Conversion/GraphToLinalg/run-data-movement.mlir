// RUN: kiln-opt %s --kiln-convert-graph-to-linalg \
// RUN: | mlir-opt --one-shot-bufferize=bufferize-function-boundaries --convert-linalg-to-loops \
// RUN:     --expand-strided-metadata --lower-affine --convert-scf-to-cf --convert-math-to-llvm \
// RUN:     --convert-math-to-libm --convert-to-llvm --reconcile-unrealized-casts \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:     -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils \
// RUN: | FileCheck %s

// Numerical checks of the data movement lowerings (expected values from
// numpy).

// Gather with negative indices.
// CHECK: rank = 3 offset = 0 sizes = [2, 2, 3] strides = [6, 3, 1] data =
// CHECK-NEXT: {{\[\[\[}}0,    1,    2],
// CHECK-NEXT: {{\[}}12,    13,    14]],
// CHECK-NEXT: {{\[\[}}12,    13,    14],
// CHECK-NEXT: {{\[}}0,    1,    2]]]

// Out-of-range indices that only show up at run time read a clamped row
// (7 -> 4, -9 -> -4 -> 0): never outside the buffer.
// CHECK: rank = 2 offset = 0 sizes = [2, 3] strides = [3, 1] data =
// CHECK-NEXT: {{\[\[}}12,   13,   14],
// CHECK-NEXT: {{\[}}0,   1,   2]]

// Slice with steps (-1, -3) from (3, 7).
// CHECK: rank = 2 offset = 0 sizes = [4, 3] strides = [3, 1] data =
// CHECK-NEXT: {{\[\[}}31,   28,   25],
// CHECK-NEXT: {{\[}}23,   20,   17],
// CHECK-NEXT: {{\[}}15,   12,   9],
// CHECK-NEXT: {{\[}}7,   4,   1]]

// Reflect padding (the edge is not repeated).
// CHECK: rank = 2 offset = 0 sizes = [6, 9] strides = [9, 1] data =
// CHECK-NEXT: {{\[\[}}11,   10,   9,   8,   9,   10,   11,   10,   9],
// CHECK-NEXT: {{\[}}7,   6,   5,   4,   5,   6,   7,   6,   5],
// CHECK-NEXT: {{\[}}3,   2,   1,   0,   1,   2,   3,   2,   1],
// CHECK-NEXT: {{\[}}7,   6,   5,   4,   5,   6,   7,   6,   5],
// CHECK-NEXT: {{\[}}11,   10,   9,   8,   9,   10,   11,   10,   9],
// CHECK-NEXT: {{\[}}7,   6,   5,   4,   5,   6,   7,   6,   5]]

// Edge padding.
// CHECK: rank = 1 offset = 0 sizes = [9] strides = [1] data =
// CHECK-NEXT: {{\[}}0,  0,  0,  1,  2,  3,  3,  3,  3]

// A reshape that is neither a collapse nor an expand.
// CHECK: rank = 2 offset = 0 sizes = [4, 6] strides = [6, 1] data =
// CHECK-NEXT: {{\[\[}}0,   1,   2,   3,   4,   5],
// CHECK-NEXT: {{\[}}6,   7,   8,   9,   10,   11],
// CHECK-NEXT: {{\[}}12,   13,   14,   15,   16,   17],
// CHECK-NEXT: {{\[}}18,   19,   20,   21,   22,   23]]

// Transpose (2, 0, 1).
// CHECK: rank = 3 offset = 0 sizes = [4, 2, 3] strides = [6, 3, 1] data =
// CHECK-NEXT: {{\[\[\[}}0,    4,    8],
// CHECK-NEXT: {{\[}}12,    16,    20]],
// CHECK-NEXT: {{\[\[}}1,    5,    9],
// CHECK-NEXT: {{\[}}13,    17,    21]],
// CHECK-NEXT: {{\[\[}}2,    6,    10],
// CHECK-NEXT: {{\[}}14,    18,    22]],
// CHECK-NEXT: {{\[\[}}3,    7,    11],
// CHECK-NEXT: {{\[}}15,    19,    23]]]

func.func @gather_negative(%a0: tensor<5x3xf32>, %a1: tensor<2x2xi64>) -> tensor<2x2x3xf32> {
  %r = graph.gather %a0, %a1 {axis = 0 : i64} : (tensor<5x3xf32>, tensor<2x2xi64>) -> tensor<2x2x3xf32>
  return %r : tensor<2x2x3xf32>
}

func.func @gather_clamped(%a0: tensor<5x3xf32>, %a1: tensor<2xi64>) -> tensor<2x3xf32> {
  %r = graph.gather %a0, %a1 {axis = 0 : i64} : (tensor<5x3xf32>, tensor<2xi64>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}

func.func @slice_negative(%a0: tensor<4x8xf32>) -> tensor<4x3xf32> {
  %r = graph.slice %a0 {starts = array<i64: 3, 7>, steps = array<i64: -1, -3>} : (tensor<4x8xf32>) -> tensor<4x3xf32>
  return %r : tensor<4x3xf32>
}

func.func @pad_reflect(%a0: tensor<3x4xi64>) -> tensor<6x9xi64> {
  %r = graph.pad %a0 {pads = array<i64: 2, 3, 1, 2>, mode = 1 : i32, value = 0.0 : f64} : (tensor<3x4xi64>) -> tensor<6x9xi64>
  return %r : tensor<6x9xi64>
}

func.func @pad_edge(%a0: tensor<4xf32>) -> tensor<9xf32> {
  %r = graph.pad %a0 {pads = array<i64: 2, 3>, mode = 2 : i32, value = 0.0 : f64} : (tensor<4xf32>) -> tensor<9xf32>
  return %r : tensor<9xf32>
}

func.func @reshape(%a0: tensor<2x3x4xf32>) -> tensor<4x6xf32> {
  %r = graph.reshape %a0 : (tensor<2x3x4xf32>) -> tensor<4x6xf32>
  return %r : tensor<4x6xf32>
}

func.func @transpose(%a0: tensor<2x3x4xf32>) -> tensor<4x2x3xf32> {
  %r = graph.transpose %a0 {perm = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
  return %r : tensor<4x2x3xf32>
}

func.func @main() {
  %gather_negative_0 = graph.constant dense<[[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0], [9.0, 10.0, 11.0], [12.0, 13.0, 14.0]]> : tensor<5x3xf32>
  %gather_negative_1 = graph.constant dense<[[0, -1], [4, -5]]> : tensor<2x2xi64>
  %gather_negative_r = call @gather_negative(%gather_negative_0, %gather_negative_1) : (tensor<5x3xf32>, tensor<2x2xi64>) -> tensor<2x2x3xf32>
  %gather_negative_u = tensor.cast %gather_negative_r : tensor<2x2x3xf32> to tensor<*xf32>
  call @printMemrefF32(%gather_negative_u) : (tensor<*xf32>) -> ()
  %gather_clamped_0 = graph.constant dense<[[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0], [9.0, 10.0, 11.0], [12.0, 13.0, 14.0]]> : tensor<5x3xf32>
  %gather_clamped_1 = graph.constant dense<[7, -9]> : tensor<2xi64>
  %gather_clamped_r = call @gather_clamped(%gather_clamped_0, %gather_clamped_1) : (tensor<5x3xf32>, tensor<2xi64>) -> tensor<2x3xf32>
  %gather_clamped_u = tensor.cast %gather_clamped_r : tensor<2x3xf32> to tensor<*xf32>
  call @printMemrefF32(%gather_clamped_u) : (tensor<*xf32>) -> ()
  %slice_negative_0 = graph.constant dense<[[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0], [8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0], [16.0, 17.0, 18.0, 19.0, 20.0, 21.0, 22.0, 23.0], [24.0, 25.0, 26.0, 27.0, 28.0, 29.0, 30.0, 31.0]]> : tensor<4x8xf32>
  %slice_negative_r = call @slice_negative(%slice_negative_0) : (tensor<4x8xf32>) -> tensor<4x3xf32>
  %slice_negative_u = tensor.cast %slice_negative_r : tensor<4x3xf32> to tensor<*xf32>
  call @printMemrefF32(%slice_negative_u) : (tensor<*xf32>) -> ()
  %pad_reflect_0 = graph.constant dense<[[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]> : tensor<3x4xi64>
  %pad_reflect_r = call @pad_reflect(%pad_reflect_0) : (tensor<3x4xi64>) -> tensor<6x9xi64>
  %pad_reflect_u = tensor.cast %pad_reflect_r : tensor<6x9xi64> to tensor<*xi64>
  call @printMemrefI64(%pad_reflect_u) : (tensor<*xi64>) -> ()
  %pad_edge_0 = graph.constant dense<[0.0, 1.0, 2.0, 3.0]> : tensor<4xf32>
  %pad_edge_r = call @pad_edge(%pad_edge_0) : (tensor<4xf32>) -> tensor<9xf32>
  %pad_edge_u = tensor.cast %pad_edge_r : tensor<9xf32> to tensor<*xf32>
  call @printMemrefF32(%pad_edge_u) : (tensor<*xf32>) -> ()
  %reshape_0 = graph.constant dense<[[[0.0, 1.0, 2.0, 3.0], [4.0, 5.0, 6.0, 7.0], [8.0, 9.0, 10.0, 11.0]], [[12.0, 13.0, 14.0, 15.0], [16.0, 17.0, 18.0, 19.0], [20.0, 21.0, 22.0, 23.0]]]> : tensor<2x3x4xf32>
  %reshape_r = call @reshape(%reshape_0) : (tensor<2x3x4xf32>) -> tensor<4x6xf32>
  %reshape_u = tensor.cast %reshape_r : tensor<4x6xf32> to tensor<*xf32>
  call @printMemrefF32(%reshape_u) : (tensor<*xf32>) -> ()
  %transpose_0 = graph.constant dense<[[[0.0, 1.0, 2.0, 3.0], [4.0, 5.0, 6.0, 7.0], [8.0, 9.0, 10.0, 11.0]], [[12.0, 13.0, 14.0, 15.0], [16.0, 17.0, 18.0, 19.0], [20.0, 21.0, 22.0, 23.0]]]> : tensor<2x3x4xf32>
  %transpose_r = call @transpose(%transpose_0) : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
  %transpose_u = tensor.cast %transpose_r : tensor<4x2x3xf32> to tensor<*xf32>
  call @printMemrefF32(%transpose_u) : (tensor<*xf32>) -> ()
  return
}
func.func private @printMemrefF32(tensor<*xf32>)
func.func private @printMemrefI64(tensor<*xi64>)
