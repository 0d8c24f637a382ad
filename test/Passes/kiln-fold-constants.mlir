// RUN: kiln-opt --kiln-fold-constants -split-input-file %s | FileCheck %s
// RUN: kiln-opt --kiln-fold-constants=max-result-elements=4 -split-input-file %s | FileCheck %s --check-prefix=LIMIT

// Numpy broadcasting of a float binary op.
// CHECK-LABEL: func.func @broadcast_add
// CHECK-NEXT: %[[C:.*]] = graph.constant dense<{{\[}}[1.100000e+01, 2.100000e+01, 3.100000e+01], [1.200000e+01, 2.200000e+01, 3.200000e+01]]> : tensor<2x3xf32>
// CHECK-NEXT: return %[[C]]
// LIMIT-LABEL: func.func @broadcast_add
// LIMIT: graph.add
func.func @broadcast_add() -> tensor<2x3xf32> {
  %a = graph.constant dense<[[1.0], [2.0]]> : tensor<2x1xf32>
  %b = graph.constant dense<[10.0, 20.0, 30.0]> : tensor<3xf32>
  %s = graph.add %a, %b : (tensor<2x1xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %s : tensor<2x3xf32>
}

// -----

// The shape subgraph of a torch export (Shape -> Gather -> Unsqueeze ->
// Concat) folds away entirely; only the data reshape is left.
// CHECK-LABEL: func.func @torch_shape_subgraph
// CHECK-NOT: graph.gather
// CHECK-NOT: graph.concat
// CHECK: %[[S:.*]] = graph.constant dense<[1, 150528]> : tensor<2xi64>
// CHECK: %[[R:.*]] = graph.reshape %arg0
// CHECK: return %[[R]], %[[S]]
func.func @torch_shape_subgraph(%x: tensor<1x3x224x224xf32>) -> (tensor<1x150528xf32>, tensor<2xi64>) {
  %shape = graph.constant dense<[1, 3, 224, 224]> : tensor<4xi64>
  %i0 = graph.constant dense<0> : tensor<i64>
  %n = graph.gather %shape, %i0 {axis = 0 : i64} : (tensor<4xi64>, tensor<i64>) -> tensor<i64>
  %n1 = graph.reshape %n : (tensor<i64>) -> tensor<1xi64>
  %tail = graph.slice %shape {starts = array<i64: 1>, steps = array<i64: 1>} : (tensor<4xi64>) -> tensor<3xi64>
  %prod = graph.reduce_prod %tail {axes = array<i64: 0>, keepdims = true} : (tensor<3xi64>) -> tensor<1xi64>
  %new = graph.concat %n1, %prod {axis = 0 : i64} : (tensor<1xi64>, tensor<1xi64>) -> tensor<2xi64>
  %r = graph.reshape %x : (tensor<1x3x224x224xf32>) -> tensor<1x150528xf32>
  return %r, %new : tensor<1x150528xf32>, tensor<2xi64>
}

// -----

// Integer division truncates; division by zero gives 0 (as generated code
// does); INT_MIN / -1 wraps.
// CHECK-LABEL: func.func @int_div
// CHECK-NEXT: graph.constant dense<[-3, 0, -2147483648, 3]> : tensor<4xi32>
func.func @int_div() -> tensor<4xi32> {
  %n = graph.constant dense<[-7, 7, -2147483648, 7]> : tensor<4xi32>
  %d = graph.constant dense<[2, 0, -1, 2]> : tensor<4xi32>
  %q = graph.div %n, %d : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %q : tensor<4xi32>
}

// -----

// Unsigned arithmetic wraps; comparisons and division are unsigned.
// CHECK-LABEL: func.func @unsigned
// CHECK-DAG: graph.constant dense<[4, 8, 14]> : tensor<3xui8>
// CHECK-DAG: graph.constant dense<[25, 0, 1]> : tensor<3xui8>
// CHECK-DAG: graph.constant dense<[false, true, false]> : tensor<3xi1>
func.func @unsigned() -> (tensor<3xui8>, tensor<3xui8>, tensor<3xi1>) {
  %u = graph.constant dense<[250, 3, 7]> : tensor<3xui8>
  %v = graph.constant dense<[10, 5, 7]> : tensor<3xui8>
  %s = graph.add %u, %v : (tensor<3xui8>, tensor<3xui8>) -> tensor<3xui8>
  %q = graph.div %u, %v : (tensor<3xui8>, tensor<3xui8>) -> tensor<3xui8>
  %l = graph.less %u, %v : (tensor<3xui8>, tensor<3xui8>) -> tensor<3xi1>
  return %s, %q, %l : tensor<3xui8>, tensor<3xui8>, tensor<3xi1>
}

// -----

// Casts: float to int truncates toward zero, to bool is x != 0, f32 to f16
// rounds, int to float.
// CHECK-LABEL: func.func @casts
// CHECK-DAG: graph.constant dense<[-2, 2, 0]> : tensor<3xi64>
// CHECK-DAG: graph.constant dense<[true, true, false]> : tensor<3xi1>
// CHECK-DAG: graph.constant dense<[-2.500000e+00, 2.500000e+00, 0.000000e+00]> : tensor<3xf16>
// CHECK-DAG: graph.constant dense<[-1.000000e+00, 2.550000e+02]> : tensor<2xf32>
func.func @casts() -> (tensor<3xi64>, tensor<3xi1>, tensor<3xf16>, tensor<2xf32>) {
  %x = graph.constant dense<[-2.5, 2.5, 0.0]> : tensor<3xf32>
  %i = graph.cast %x : tensor<3xf32> to tensor<3xi64>
  %b = graph.cast %x : tensor<3xf32> to tensor<3xi1>
  %h = graph.cast %x : tensor<3xf32> to tensor<3xf16>
  %n = graph.constant dense<[-1, 255]> : tensor<2xi16>
  %f = graph.cast %n : tensor<2xi16> to tensor<2xf32>
  return %i, %b, %h, %f : tensor<3xi64>, tensor<3xi1>, tensor<3xf16>, tensor<2xf32>
}

// -----

// A float to int cast out of the integer range is undefined in generated
// code; it is left alone.
// CHECK-LABEL: func.func @not_out_of_range_cast
// CHECK: graph.cast
func.func @not_out_of_range_cast() -> tensor<1xi32> {
  %x = graph.constant dense<1.0e10> : tensor<1xf32>
  %i = graph.cast %x : tensor<1xf32> to tensor<1xi32>
  return %i : tensor<1xi32>
}

// -----

// CHECK-LABEL: func.func @where_and_compare
// CHECK-NEXT: graph.constant dense<[1.000000e+00, -2.000000e+00, 3.000000e+00]> : tensor<3xf32>
// CHECK-NEXT: return
func.func @where_and_compare() -> tensor<3xf32> {
  %x = graph.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %t = graph.constant dense<2.0> : tensor<f32>
  %c = graph.equal %x, %t : (tensor<3xf32>, tensor<f32>) -> tensor<3xi1>
  %n = graph.neg %x : tensor<3xf32>
  %r = graph.where %c, %n, %x : (tensor<3xi1>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %r : tensor<3xf32>
}

// -----

// Data movement: transpose, slice with a negative step, expand.
// CHECK-LABEL: func.func @data_movement
// CHECK-DAG: graph.constant dense<{{\[}}[1, 4], [2, 5], [3, 6]]> : tensor<3x2xi32>
// CHECK-DAG: graph.constant dense<{{\[}}[6, 4], [3, 1]]> : tensor<2x2xi32>
// CHECK-DAG: graph.constant dense<{{\[}}[1, 2, 3], [1, 2, 3]]> : tensor<2x3xi32>
func.func @data_movement() -> (tensor<3x2xi32>, tensor<2x2xi32>, tensor<2x3xi32>) {
  %x = graph.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi32>
  %t = graph.transpose %x {perm = array<i64: 1, 0>} : (tensor<2x3xi32>) -> tensor<3x2xi32>
  %s = graph.slice %x {starts = array<i64: 1, 2>, steps = array<i64: -1, -2>} : (tensor<2x3xi32>) -> tensor<2x2xi32>
  %r = graph.constant dense<[1, 2, 3]> : tensor<3xi32>
  %e = graph.expand %r : (tensor<3xi32>) -> tensor<2x3xi32>
  return %t, %s, %e : tensor<3x2xi32>, tensor<2x2xi32>, tensor<2x3xi32>
}

// -----

// Reductions, with and without keepdims, including the integer mean.
// CHECK-LABEL: func.func @reductions
// CHECK-DAG: graph.constant dense<[5.000000e+00, 7.000000e+00, 9.000000e+00]> : tensor<3xf32>
// CHECK-DAG: graph.constant dense<{{\[}}[3.000000e+00], [6.000000e+00]]> : tensor<2x1xf32>
// CHECK-DAG: graph.constant dense<3> : tensor<i64>
func.func @reductions() -> (tensor<3xf32>, tensor<2x1xf32>, tensor<i64>) {
  %x = graph.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %s = graph.reduce_sum %x {axes = array<i64: 0>, keepdims = false} : (tensor<2x3xf32>) -> tensor<3xf32>
  %m = graph.reduce_max %x {axes = array<i64: 1>, keepdims = true} : (tensor<2x3xf32>) -> tensor<2x1xf32>
  %i = graph.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi64>
  %a = graph.reduce_mean %i {axes = array<i64>, keepdims = false} : (tensor<2x3xi64>) -> tensor<i64>
  return %s, %m, %a : tensor<3xf32>, tensor<2x1xf32>, tensor<i64>
}

// -----

// Float math on f16 is rounded to f16 (0.1 + 0.2 is a tie that rounds to
// even); integer clip rounds the bounds inward.
// CHECK-LABEL: func.func @rounding_and_clip
// CHECK-DAG: graph.constant dense<2.998050e-01> : tensor<2xf16>
// CHECK-DAG: graph.constant dense<[1, 1, 2]> : tensor<3xi8>
func.func @rounding_and_clip() -> (tensor<2xf16>, tensor<3xi8>) {
  %a = graph.constant dense<0.1> : tensor<2xf16>
  %b = graph.constant dense<0.2> : tensor<2xf16>
  %s = graph.add %a, %b : (tensor<2xf16>, tensor<2xf16>) -> tensor<2xf16>
  %i = graph.constant dense<[-5, 1, 9]> : tensor<3xi8>
  %c = graph.clip %i {min = 0.5 : f64, max = 2.5 : f64} : tensor<3xi8>
  return %s, %c : tensor<2xf16>, tensor<3xi8>
}

// -----

// Blob-backed (dense_resource) operands are read; a large result becomes a
// new blob.
// CHECK-LABEL: func.func @resources
// CHECK-NEXT: %[[C:.*]] = graph.constant dense_resource<kiln_folded> : tensor<40x2xi8>
// CHECK-NEXT: return %[[C]]
// CHECK: kiln_folded: "0x0100000000000101020203030404{{.*}}3737383839FF"
// LIMIT-LABEL: func.func @resources
// LIMIT: graph.transpose
func.func @resources() -> tensor<40x2xi8> {
  %x = graph.constant dense_resource<weights> : tensor<2x40xi8>
  %t = graph.transpose %x {perm = array<i64: 1, 0>} : (tensor<2x40xi8>) -> tensor<40x2xi8>
  return %t : tensor<40x2xi8>
}
{-#
  dialect_resources: {
    builtin: {
      weights: "0x0100000000010203040506070809101112131415161718192021222324252627282930313233343536373839000102030405060708091011121314151617181920212223242526272829303132333435363738FF"
    }
  }
#-}

// -----

// Ops with a non-constant operand stay.
// CHECK-LABEL: func.func @not_dynamic_operand
// CHECK: graph.add %arg0
func.func @not_dynamic_operand(%x: tensor<3xf32>) -> tensor<3xf32> {
  %c = graph.constant dense<1.0> : tensor<3xf32>
  %s = graph.add %x, %c : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %s : tensor<3xf32>
}

// -----

// A resource whose bytes are not available (elided) is not a usable fact:
// nothing folds, nothing crashes.
// CHECK-LABEL: func.func @not_elided_resource
// CHECK: graph.transpose
func.func @not_elided_resource() -> tensor<3x2xf32> {
  %w = graph.constant dense_resource<__elided__> : tensor<2x3xf32>
  %t = graph.transpose %w {perm = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %t : tensor<3x2xf32>
}
