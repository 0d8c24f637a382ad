// RUN: kiln-opt %s | kiln-opt | FileCheck %s
// RUN: kiln-opt %s --mlir-print-op-generic | kiln-opt | FileCheck %s

// Round trip of every op of the graph dialect: the custom assembly printed by
// the first kiln-opt must parse again and print the same. The second RUN line
// also checks that the generic form parses into the same ops.

// CHECK-LABEL: func.func @constant
func.func @constant() -> (tensor<2x2xf32>, tensor<3xi64>, tensor<i1>) {
  // CHECK: graph.constant dense<{{\[\[}}1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
  %0 = graph.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  // CHECK: graph.constant dense<[1, -2, 3]> : tensor<3xi64>
  %1 = graph.constant dense<[1, -2, 3]> : tensor<3xi64>
  // CHECK: graph.constant dense<true> : tensor<i1>
  %2 = graph.constant dense<true> : tensor<i1>
  return %0, %1, %2 : tensor<2x2xf32>, tensor<3xi64>, tensor<i1>
}

// CHECK-LABEL: func.func @unary
// CHECK-SAME: (%[[X:.*]]: tensor<1x64xf32>, %[[I:.*]]: tensor<8xi32>)
func.func @unary(%x: tensor<1x64xf32>, %i: tensor<8xi32>)
    -> (tensor<1x64xf32>, tensor<1x64xf32>, tensor<1x64xf32>, tensor<1x64xf32>,
        tensor<1x64xf32>, tensor<1x64xf32>, tensor<1x64xf32>, tensor<1x64xf32>,
        tensor<8xi32>, tensor<1x64xf32>, tensor<8xi32>, tensor<1x64xf32>,
        tensor<1x64xf32>, tensor<1x64xf32>, tensor<1x64xf32>) {
  // CHECK: graph.relu %[[X]] : tensor<1x64xf32>
  %0 = graph.relu %x : tensor<1x64xf32>
  // CHECK: graph.sigmoid %[[X]] : tensor<1x64xf32>
  %1 = graph.sigmoid %x : tensor<1x64xf32>
  // CHECK: graph.tanh %[[X]] : tensor<1x64xf32>
  %2 = graph.tanh %x : tensor<1x64xf32>
  // CHECK: graph.erf %[[X]] : tensor<1x64xf32>
  %3 = graph.erf %x : tensor<1x64xf32>
  // CHECK: graph.sqrt %[[X]] : tensor<1x64xf32>
  %4 = graph.sqrt %x : tensor<1x64xf32>
  // CHECK: graph.exp %[[X]] : tensor<1x64xf32>
  %5 = graph.exp %x : tensor<1x64xf32>
  // CHECK: graph.log %[[X]] : tensor<1x64xf32>
  %6 = graph.log %x : tensor<1x64xf32>
  // CHECK: graph.neg %[[X]] : tensor<1x64xf32>
  %7 = graph.neg %x : tensor<1x64xf32>
  // Neg, Abs and Relu accept integers too.
  // CHECK: graph.neg %[[I]] : tensor<8xi32>
  %8 = graph.neg %i : tensor<8xi32>
  // CHECK: graph.abs %[[X]] : tensor<1x64xf32>
  %9 = graph.abs %x : tensor<1x64xf32>
  // CHECK: graph.abs %[[I]] : tensor<8xi32>
  %10 = graph.abs %i : tensor<8xi32>
  // CHECK: graph.reciprocal %[[X]] : tensor<1x64xf32>
  %11 = graph.reciprocal %x : tensor<1x64xf32>
  // CHECK: graph.floor %[[X]] : tensor<1x64xf32>
  %12 = graph.floor %x : tensor<1x64xf32>
  // CHECK: graph.ceil %[[X]] : tensor<1x64xf32>
  %13 = graph.ceil %x : tensor<1x64xf32>
  // CHECK: graph.hard_swish %[[X]] : tensor<1x64xf32>
  %14 = graph.hard_swish %x : tensor<1x64xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14
      : tensor<1x64xf32>, tensor<1x64xf32>, tensor<1x64xf32>, tensor<1x64xf32>,
        tensor<1x64xf32>, tensor<1x64xf32>, tensor<1x64xf32>, tensor<1x64xf32>,
        tensor<8xi32>, tensor<1x64xf32>, tensor<8xi32>, tensor<1x64xf32>,
        tensor<1x64xf32>, tensor<1x64xf32>, tensor<1x64xf32>
}

// CHECK-LABEL: func.func @unary_with_attributes
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>, %[[U:.*]]: tensor<4xui8>)
func.func @unary_with_attributes(%x: tensor<4xf32>, %u: tensor<4xui8>)
    -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xui8>) {
  // CHECK: graph.leaky_relu %[[X]] {alpha = 0.00999999977 : f32} : tensor<4xf32>
  %0 = graph.leaky_relu %x {alpha = 0.01 : f32} : tensor<4xf32>
  // CHECK: graph.hard_sigmoid %[[X]] {alpha = 2.000000e-01 : f32, beta = 5.000000e-01 : f32} : tensor<4xf32>
  %1 = graph.hard_sigmoid %x {alpha = 0.2 : f32, beta = 0.5 : f32} : tensor<4xf32>
  // CHECK: graph.clip %[[X]] {max = 6.000000e+00 : f64, min = 0.000000e+00 : f64} : tensor<4xf32>
  %2 = graph.clip %x {min = 0.0 : f64, max = 6.0 : f64} : tensor<4xf32>
  // A missing bound is unbounded.
  // CHECK: graph.clip %[[X]] {max = 1.000000e+00 : f64} : tensor<4xf32>
  %3 = graph.clip %x {max = 1.0 : f64} : tensor<4xf32>
  // CHECK: graph.clip %[[U]] {min = 3.000000e+00 : f64} : tensor<4xui8>
  %4 = graph.clip %u {min = 3.0 : f64} : tensor<4xui8>
  return %0, %1, %2, %3, %4 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xui8>
}

// CHECK-LABEL: func.func @cast
func.func @cast(%x: tensor<4xf32>, %b: tensor<2x2xi1>) -> (tensor<4xi64>, tensor<2x2xf16>) {
  // CHECK: graph.cast %{{.*}} : tensor<4xf32> to tensor<4xi64>
  %0 = graph.cast %x : tensor<4xf32> to tensor<4xi64>
  // CHECK: graph.cast %{{.*}} : tensor<2x2xi1> to tensor<2x2xf16>
  %1 = graph.cast %b : tensor<2x2xi1> to tensor<2x2xf16>
  return %0, %1 : tensor<4xi64>, tensor<2x2xf16>
}

// CHECK-LABEL: func.func @binary
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<3xf32>)
func.func @binary(%a: tensor<2x3xf32>, %b: tensor<3xf32>)
    -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>,
        tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) {
  // CHECK: graph.add %[[A]], %[[B]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %0 = graph.add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: graph.sub %[[B]], %[[A]] : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = graph.sub %b, %a : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: graph.mul %[[A]], %[[B]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %2 = graph.mul %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: graph.div %[[A]], %[[A]] : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %3 = graph.div %a, %a : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: graph.pow %[[A]], %[[B]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %4 = graph.pow %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: graph.max %[[A]], %[[B]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %5 = graph.max %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: graph.min %[[A]], %[[B]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %6 = graph.min %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %0, %1, %2, %3, %4, %5, %6
      : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>,
        tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
}

// CHECK-LABEL: func.func @compare_and_logic
// CHECK-SAME: (%[[A:.*]]: tensor<4x1xi64>, %[[B:.*]]: tensor<5xi64>, %[[P:.*]]: tensor<4x5xi1>, %[[Q:.*]]: tensor<i1>)
func.func @compare_and_logic(%a: tensor<4x1xi64>, %b: tensor<5xi64>,
                             %p: tensor<4x5xi1>, %q: tensor<i1>)
    -> (tensor<4x5xi1>, tensor<4x5xi1>, tensor<4x5xi1>, tensor<4x5xi1>, tensor<4x5xi1>) {
  // CHECK: graph.equal %[[A]], %[[B]] : (tensor<4x1xi64>, tensor<5xi64>) -> tensor<4x5xi1>
  %0 = graph.equal %a, %b : (tensor<4x1xi64>, tensor<5xi64>) -> tensor<4x5xi1>
  // CHECK: graph.less %[[A]], %[[B]] : (tensor<4x1xi64>, tensor<5xi64>) -> tensor<4x5xi1>
  %1 = graph.less %a, %b : (tensor<4x1xi64>, tensor<5xi64>) -> tensor<4x5xi1>
  // CHECK: graph.greater %[[A]], %[[B]] : (tensor<4x1xi64>, tensor<5xi64>) -> tensor<4x5xi1>
  %2 = graph.greater %a, %b : (tensor<4x1xi64>, tensor<5xi64>) -> tensor<4x5xi1>
  // CHECK: graph.and %[[P]], %[[Q]] : (tensor<4x5xi1>, tensor<i1>) -> tensor<4x5xi1>
  %3 = graph.and %p, %q : (tensor<4x5xi1>, tensor<i1>) -> tensor<4x5xi1>
  // CHECK: graph.or %[[P]], %[[Q]] : (tensor<4x5xi1>, tensor<i1>) -> tensor<4x5xi1>
  %4 = graph.or %p, %q : (tensor<4x5xi1>, tensor<i1>) -> tensor<4x5xi1>
  return %0, %1, %2, %3, %4
      : tensor<4x5xi1>, tensor<4x5xi1>, tensor<4x5xi1>, tensor<4x5xi1>, tensor<4x5xi1>
}

// CHECK-LABEL: func.func @where
func.func @where(%c: tensor<4xi1>, %x: tensor<4xf32>, %y: tensor<f32>) -> tensor<4xf32> {
  // CHECK: graph.where %{{.*}}, %{{.*}}, %{{.*}} : (tensor<4xi1>, tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %0 = graph.where %c, %x, %y : (tensor<4xi1>, tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @matmul
func.func @matmul(%a: tensor<2x128x64xf32>, %b: tensor<64x32xf32>, %v: tensor<64xf32>)
    -> (tensor<2x128x32xf32>, tensor<32xf32>) {
  // CHECK: graph.matmul %{{.*}}, %{{.*}} : (tensor<2x128x64xf32>, tensor<64x32xf32>) -> tensor<2x128x32xf32>
  %0 = graph.matmul %a, %b : (tensor<2x128x64xf32>, tensor<64x32xf32>) -> tensor<2x128x32xf32>
  // A 1-D left operand is a row vector whose row dim is dropped.
  // CHECK: graph.matmul %{{.*}}, %{{.*}} : (tensor<64xf32>, tensor<64x32xf32>) -> tensor<32xf32>
  %1 = graph.matmul %v, %b : (tensor<64xf32>, tensor<64x32xf32>) -> tensor<32xf32>
  return %0, %1 : tensor<2x128x32xf32>, tensor<32xf32>
}

// CHECK-LABEL: func.func @gemm
func.func @gemm(%a: tensor<1x512xf32>, %b: tensor<10x512xf32>, %c: tensor<10xf32>)
    -> (tensor<1x10xf32>, tensor<1x10xf32>) {
  // CHECK: graph.gemm %{{.*}}, %{{.*}}, %{{.*}} {alpha = 1.000000e+00 : f32, beta = 1.000000e+00 : f32, transA = false, transB = true} : (tensor<1x512xf32>, tensor<10x512xf32>, tensor<10xf32>) -> tensor<1x10xf32>
  %0 = graph.gemm %a, %b, %c {alpha = 1.0 : f32, beta = 1.0 : f32, transA = false, transB = true}
      : (tensor<1x512xf32>, tensor<10x512xf32>, tensor<10xf32>) -> tensor<1x10xf32>
  // C is optional.
  // CHECK: graph.gemm %{{.*}}, %{{.*}} {alpha = 5.000000e-01 : f32, beta = 0.000000e+00 : f32, transA = false, transB = true} : (tensor<1x512xf32>, tensor<10x512xf32>) -> tensor<1x10xf32>
  %1 = graph.gemm %a, %b {alpha = 0.5 : f32, beta = 0.0 : f32, transA = false, transB = true}
      : (tensor<1x512xf32>, tensor<10x512xf32>) -> tensor<1x10xf32>
  return %0, %1 : tensor<1x10xf32>, tensor<1x10xf32>
}

// CHECK-LABEL: func.func @conv
func.func @conv(%x: tensor<1x3x224x224xf32>, %w: tensor<64x3x7x7xf32>, %b: tensor<64xf32>,
                %dx: tensor<1x8x10xf32>, %dw: tensor<8x1x3xf32>)
    -> (tensor<1x64x112x112xf32>, tensor<1x8x6xf32>) {
  // CHECK: graph.conv %{{.*}}, %{{.*}}, %{{.*}} {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 3, 3, 3, 3>, strides = array<i64: 2, 2>} : (tensor<1x3x224x224xf32>, tensor<64x3x7x7xf32>, tensor<64xf32>) -> tensor<1x64x112x112xf32>
  %0 = graph.conv %x, %w, %b {strides = array<i64: 2, 2>, pads = array<i64: 3, 3, 3, 3>,
                             dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x3x224x224xf32>, tensor<64x3x7x7xf32>, tensor<64xf32>) -> tensor<1x64x112x112xf32>
  // 1-D depthwise, dilated, without bias.
  // CHECK: graph.conv %{{.*}}, %{{.*}} {dilations = array<i64: 2>, group = 8 : i64, pads = array<i64: 0, 0>, strides = array<i64: 1>} : (tensor<1x8x10xf32>, tensor<8x1x3xf32>) -> tensor<1x8x6xf32>
  %1 = graph.conv %dx, %dw {strides = array<i64: 1>, pads = array<i64: 0, 0>,
                            dilations = array<i64: 2>, group = 8 : i64}
      : (tensor<1x8x10xf32>, tensor<8x1x3xf32>) -> tensor<1x8x6xf32>
  return %0, %1 : tensor<1x64x112x112xf32>, tensor<1x8x6xf32>
}

// A fused residual (added after the bias, before the activation), with and
// without a bias.
// CHECK-LABEL: func.func @conv_residual
func.func @conv_residual(%x: tensor<1x4x8x8xf32>, %w: tensor<4x4x3x3xf32>, %b: tensor<4xf32>,
                         %r: tensor<1x4x8x8xf32>)
    -> (tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>) {
  // CHECK: graph.conv %{{.*}}, %{{.*}}, %{{.*}} residual(%{{.*}}) {activation = 1 : i32, dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>, tensor<4xf32>, tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  %0 = graph.conv %x, %w, %b residual(%r) {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>,
                             dilations = array<i64: 1, 1>, group = 1 : i64, activation = 1 : i32}
      : (tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>, tensor<4xf32>, tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  // CHECK: graph.conv %{{.*}}, %{{.*}} residual(%{{.*}}) {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>, tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  %1 = graph.conv %x, %w residual(%r) {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>,
                                       dilations = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>, tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  return %0, %1 : tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>
}

// CHECK-LABEL: func.func @batch_norm
func.func @batch_norm(%x: tensor<1x64x8x8xf32>, %s: tensor<64xf32>, %b: tensor<64xf32>,
                      %m: tensor<64xf32>, %v: tensor<64xf32>) -> tensor<1x64x8x8xf32> {
  // CHECK: graph.batch_norm %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {epsilon = 9.99999974E-6 : f32} : (tensor<1x64x8x8xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<1x64x8x8xf32>
  %0 = graph.batch_norm %x, %s, %b, %m, %v {epsilon = 1.0e-05 : f32}
      : (tensor<1x64x8x8xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<1x64x8x8xf32>
  return %0 : tensor<1x64x8x8xf32>
}

// CHECK-LABEL: func.func @pooling
func.func @pooling(%x: tensor<1x64x112x112xf32>, %y: tensor<1x8x4x4xf32>, %z: tensor<1x2x5x5xf32>)
    -> (tensor<1x64x56x56xf32>, tensor<1x8x2x2xf32>, tensor<1x2x3x3xf32>) {
  // CHECK: graph.max_pool %{{.*}} {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x64x112x112xf32>) -> tensor<1x64x56x56xf32>
  %0 = graph.max_pool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>,
                         pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>}
      : (tensor<1x64x112x112xf32>) -> tensor<1x64x56x56xf32>
  // CHECK: graph.average_pool %{{.*}} {count_include_pad = false, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x8x4x4xf32>) -> tensor<1x8x2x2xf32>
  %1 = graph.average_pool %y {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>,
                             pads = array<i64: 0, 0, 0, 0>, count_include_pad = false}
      : (tensor<1x8x4x4xf32>) -> tensor<1x8x2x2xf32>
  // ceil_mode shows in the result shape: floor((5 - 2) / 2) + 1 = 2, ceil gives 3.
  // CHECK: graph.max_pool %{{.*}} {{.*}} : (tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32>
  %2 = graph.max_pool %z {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>,
                         pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>}
      : (tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32>
  return %0, %1, %2 : tensor<1x64x56x56xf32>, tensor<1x8x2x2xf32>, tensor<1x2x3x3xf32>
}

// CHECK-LABEL: func.func @reductions
func.func @reductions(%x: tensor<2x3xf32>, %i: tensor<2x3x4xi32>)
    -> (tensor<2x1xf32>, tensor<3xf32>, tensor<1x1xf32>, tensor<f32>, tensor<2x4xi32>) {
  // CHECK: graph.reduce_sum %{{.*}} {axes = array<i64: 1>, keepdims = true} : (tensor<2x3xf32>) -> tensor<2x1xf32>
  %0 = graph.reduce_sum %x {axes = array<i64: 1>, keepdims = true} : (tensor<2x3xf32>) -> tensor<2x1xf32>
  // CHECK: graph.reduce_mean %{{.*}} {axes = array<i64: 0>, keepdims = false} : (tensor<2x3xf32>) -> tensor<3xf32>
  %1 = graph.reduce_mean %x {axes = array<i64: 0>, keepdims = false} : (tensor<2x3xf32>) -> tensor<3xf32>
  // Empty axes reduce every dim.
  // CHECK: graph.reduce_max %{{.*}} {axes = array<i64>, keepdims = true} : (tensor<2x3xf32>) -> tensor<1x1xf32>
  %2 = graph.reduce_max %x {axes = array<i64>, keepdims = true} : (tensor<2x3xf32>) -> tensor<1x1xf32>
  // CHECK: graph.reduce_min %{{.*}} {axes = array<i64: 0, 1>, keepdims = false} : (tensor<2x3xf32>) -> tensor<f32>
  %3 = graph.reduce_min %x {axes = array<i64: 0, 1>, keepdims = false} : (tensor<2x3xf32>) -> tensor<f32>
  // CHECK: graph.reduce_prod %{{.*}} {axes = array<i64: 1>, keepdims = false} : (tensor<2x3x4xi32>) -> tensor<2x4xi32>
  %4 = graph.reduce_prod %i {axes = array<i64: 1>, keepdims = false} : (tensor<2x3x4xi32>) -> tensor<2x4xi32>
  return %0, %1, %2, %3, %4 : tensor<2x1xf32>, tensor<3xf32>, tensor<1x1xf32>, tensor<f32>, tensor<2x4xi32>
}

// CHECK-LABEL: func.func @normalizations
func.func @normalizations(%x: tensor<1x1000xf32>, %h: tensor<1x128x768xf32>,
                          %g: tensor<768xf32>, %b: tensor<768xf32>)
    -> (tensor<1x1000xf32>, tensor<1x128x768xf32>, tensor<1x128x768xf32>) {
  // CHECK: graph.softmax %{{.*}} {axis = 1 : i64} : tensor<1x1000xf32>
  %0 = graph.softmax %x {axis = 1 : i64} : tensor<1x1000xf32>
  // CHECK: graph.layer_norm %{{.*}}, %{{.*}}, %{{.*}} {axis = 2 : i64, epsilon = 9.99999974E-6 : f32} : (tensor<1x128x768xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<1x128x768xf32>
  %1 = graph.layer_norm %h, %g, %b {axis = 2 : i64, epsilon = 1.0e-05 : f32}
      : (tensor<1x128x768xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<1x128x768xf32>
  // The bias is optional.
  // CHECK: graph.layer_norm %{{.*}}, %{{.*}} {axis = 2 : i64, epsilon = 9.99999974E-6 : f32} : (tensor<1x128x768xf32>, tensor<768xf32>) -> tensor<1x128x768xf32>
  %2 = graph.layer_norm %h, %g {axis = 2 : i64, epsilon = 1.0e-05 : f32}
      : (tensor<1x128x768xf32>, tensor<768xf32>) -> tensor<1x128x768xf32>
  return %0, %1, %2 : tensor<1x1000xf32>, tensor<1x128x768xf32>, tensor<1x128x768xf32>
}

// CHECK-LABEL: func.func @data_movement
func.func @data_movement(%x: tensor<1x512x1x1xf32>, %t: tensor<1x2x3xf32>,
                         %a: tensor<1x2xf32>, %b: tensor<1x3xf32>, %s: tensor<4x8xf32>)
    -> (tensor<1x512xf32>, tensor<1x3x2xf32>, tensor<1x5xf32>, tensor<4x3xf32>, tensor<4x3xf32>) {
  // CHECK: graph.reshape %{{.*}} : (tensor<1x512x1x1xf32>) -> tensor<1x512xf32>
  %0 = graph.reshape %x : (tensor<1x512x1x1xf32>) -> tensor<1x512xf32>
  // CHECK: graph.transpose %{{.*}} {perm = array<i64: 0, 2, 1>} : (tensor<1x2x3xf32>) -> tensor<1x3x2xf32>
  %1 = graph.transpose %t {perm = array<i64: 0, 2, 1>} : (tensor<1x2x3xf32>) -> tensor<1x3x2xf32>
  // CHECK: graph.concat %{{.*}}, %{{.*}} {axis = 1 : i64} : (tensor<1x2xf32>, tensor<1x3xf32>) -> tensor<1x5xf32>
  %2 = graph.concat %a, %b {axis = 1 : i64} : (tensor<1x2xf32>, tensor<1x3xf32>) -> tensor<1x5xf32>
  // CHECK: graph.slice %{{.*}} {starts = array<i64: 0, 2>, steps = array<i64: 1, 2>} : (tensor<4x8xf32>) -> tensor<4x3xf32>
  %3 = graph.slice %s {starts = array<i64: 0, 2>, steps = array<i64: 1, 2>} : (tensor<4x8xf32>) -> tensor<4x3xf32>
  // Negative steps walk backwards from the start.
  // CHECK: graph.slice %{{.*}} {starts = array<i64: 3, 7>, steps = array<i64: -1, -3>} : (tensor<4x8xf32>) -> tensor<4x3xf32>
  %4 = graph.slice %s {starts = array<i64: 3, 7>, steps = array<i64: -1, -3>} : (tensor<4x8xf32>) -> tensor<4x3xf32>
  return %0, %1, %2, %3, %4 : tensor<1x512xf32>, tensor<1x3x2xf32>, tensor<1x5xf32>, tensor<4x3xf32>, tensor<4x3xf32>
}

// CHECK-LABEL: func.func @gather_expand_pad
func.func @gather_expand_pad(%data: tensor<30522x768xf32>, %idx: tensor<1x128xi64>,
                             %x: tensor<1x3xf32>, %p: tensor<2x2xf32>)
    -> (tensor<1x128x768xf32>, tensor<4x3xf32>, tensor<2x4xf32>, tensor<4x4xf32>, tensor<2x5xf32>) {
  // CHECK: graph.gather %{{.*}}, %{{.*}} {axis = 0 : i64} : (tensor<30522x768xf32>, tensor<1x128xi64>) -> tensor<1x128x768xf32>
  %0 = graph.gather %data, %idx {axis = 0 : i64} : (tensor<30522x768xf32>, tensor<1x128xi64>) -> tensor<1x128x768xf32>
  // CHECK: graph.expand %{{.*}} : (tensor<1x3xf32>) -> tensor<4x3xf32>
  %1 = graph.expand %x : (tensor<1x3xf32>) -> tensor<4x3xf32>
  // CHECK: graph.pad %{{.*}} {mode = 0 : i32, pads = array<i64: 0, 1, 0, 1>, value = 0.000000e+00 : f64} : (tensor<2x2xf32>) -> tensor<2x4xf32>
  %2 = graph.pad %p {pads = array<i64: 0, 1, 0, 1>, mode = 0 : i32, value = 0.0 : f64} : (tensor<2x2xf32>) -> tensor<2x4xf32>
  // CHECK: graph.pad %{{.*}} {mode = 1 : i32, pads = array<i64: 1, 1, 1, 1>, value = 0.000000e+00 : f64} : (tensor<2x2xf32>) -> tensor<4x4xf32>
  %3 = graph.pad %p {pads = array<i64: 1, 1, 1, 1>, mode = 1 : i32, value = 0.0 : f64} : (tensor<2x2xf32>) -> tensor<4x4xf32>
  // CHECK: graph.pad %{{.*}} {mode = 2 : i32, pads = array<i64: 0, 2, 0, 1>, value = 0.000000e+00 : f64} : (tensor<2x2xf32>) -> tensor<2x5xf32>
  %4 = graph.pad %p {pads = array<i64: 0, 2, 0, 1>, mode = 2 : i32, value = 0.0 : f64} : (tensor<2x2xf32>) -> tensor<2x5xf32>
  return %0, %1, %2, %3, %4 : tensor<1x128x768xf32>, tensor<4x3xf32>, tensor<2x4xf32>, tensor<4x4xf32>, tensor<2x5xf32>
}

// CHECK-LABEL: func.func @math
func.func @math(%x: tensor<2x3xf32>, %i: tensor<6xi32>, %j: tensor<1xi32>, %u: tensor<3xui8>)
    -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>,
        tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>,
        tensor<2x3xf32>, tensor<2x3xf32>, tensor<6xi32>, tensor<2x3xf32>, tensor<3xui8>, tensor<3xui8>) {
  // CHECK: graph.sin %{{.*}} : tensor<2x3xf32>
  %0 = graph.sin %x : tensor<2x3xf32>
  // CHECK: graph.cos %{{.*}} : tensor<2x3xf32>
  %1 = graph.cos %x : tensor<2x3xf32>
  // CHECK: graph.tan %{{.*}} : tensor<2x3xf32>
  %2 = graph.tan %x : tensor<2x3xf32>
  // CHECK: graph.asin %{{.*}} : tensor<2x3xf32>
  %3 = graph.asin %x : tensor<2x3xf32>
  // CHECK: graph.acos %{{.*}} : tensor<2x3xf32>
  %4 = graph.acos %x : tensor<2x3xf32>
  // CHECK: graph.atan %{{.*}} : tensor<2x3xf32>
  %5 = graph.atan %x : tensor<2x3xf32>
  // CHECK: graph.sinh %{{.*}} : tensor<2x3xf32>
  %6 = graph.sinh %x : tensor<2x3xf32>
  // CHECK: graph.cosh %{{.*}} : tensor<2x3xf32>
  %7 = graph.cosh %x : tensor<2x3xf32>
  // CHECK: graph.asinh %{{.*}} : tensor<2x3xf32>
  %8 = graph.asinh %x : tensor<2x3xf32>
  // CHECK: graph.acosh %{{.*}} : tensor<2x3xf32>
  %9 = graph.acosh %x : tensor<2x3xf32>
  // CHECK: graph.atanh %{{.*}} : tensor<2x3xf32>
  %10 = graph.atanh %x : tensor<2x3xf32>
  // CHECK: graph.round %{{.*}} : tensor<2x3xf32>
  %11 = graph.round %x : tensor<2x3xf32>
  // CHECK: graph.mod %{{.*}}, %{{.*}} {fmod = false} : (tensor<6xi32>, tensor<1xi32>) -> tensor<6xi32>
  %12 = graph.mod %i, %j {fmod = false} : (tensor<6xi32>, tensor<1xi32>) -> tensor<6xi32>
  // CHECK: graph.mod %{{.*}}, %{{.*}} {fmod = true} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %13 = graph.mod %x, %x {fmod = true} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: graph.shift_left %{{.*}}, %{{.*}} : (tensor<3xui8>, tensor<3xui8>) -> tensor<3xui8>
  %14 = graph.shift_left %u, %u : (tensor<3xui8>, tensor<3xui8>) -> tensor<3xui8>
  // CHECK: graph.shift_right %{{.*}}, %{{.*}} : (tensor<3xui8>, tensor<3xui8>) -> tensor<3xui8>
  %15 = graph.shift_right %u, %u : (tensor<3xui8>, tensor<3xui8>) -> tensor<3xui8>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15
      : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>,
        tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>,
        tensor<2x3xf32>, tensor<2x3xf32>, tensor<6xi32>, tensor<2x3xf32>, tensor<3xui8>, tensor<3xui8>
}

// CHECK-LABEL: func.func @along_axis
func.func @along_axis(%x: tensor<3x4xf32>)
    -> (tensor<3xi64>, tensor<1x4xi64>, tensor<3x2xf32>, tensor<3x2xi64>, tensor<3x4xf32>) {
  // CHECK: graph.arg_max %{{.*}} {axis = 1 : i64, keepdims = false, select_last_index = true} : (tensor<3x4xf32>) -> tensor<3xi64>
  %0 = graph.arg_max %x {axis = 1 : i64, keepdims = false, select_last_index = true} : (tensor<3x4xf32>) -> tensor<3xi64>
  // CHECK: graph.arg_min %{{.*}} {axis = 0 : i64, keepdims = true, select_last_index = false} : (tensor<3x4xf32>) -> tensor<1x4xi64>
  %1 = graph.arg_min %x {axis = 0 : i64, keepdims = true, select_last_index = false} : (tensor<3x4xf32>) -> tensor<1x4xi64>
  // CHECK: graph.top_k %{{.*}} {axis = 1 : i64, largest = true} : (tensor<3x4xf32>) -> (tensor<3x2xf32>, tensor<3x2xi64>)
  %2:2 = graph.top_k %x {axis = 1 : i64, largest = true} : (tensor<3x4xf32>) -> (tensor<3x2xf32>, tensor<3x2xi64>)
  // CHECK: graph.cumsum %{{.*}} {axis = 0 : i64, exclusive = true, reverse = false} : tensor<3x4xf32>
  %3 = graph.cumsum %x {axis = 0 : i64, exclusive = true, reverse = false} : tensor<3x4xf32>
  return %0, %1, %2#0, %2#1, %3 : tensor<3xi64>, tensor<1x4xi64>, tensor<3x2xf32>, tensor<3x2xi64>, tensor<3x4xf32>
}

// CHECK-LABEL: func.func @gather_scatter
func.func @gather_scatter(%d: tensor<2x2x2xi32>, %i: tensor<2x1xi64>, %e: tensor<2x2x2xi64>,
                          %u: tensor<2x2x2xi32>, %v: tensor<2x2x2xi32>)
    -> (tensor<2x2xi32>, tensor<2x2x2xi32>, tensor<2x2x2xi32>, tensor<2x2x2xi32>) {
  // CHECK: graph.gather_nd %{{.*}}, %{{.*}} {batch_dims = 1 : i64} : (tensor<2x2x2xi32>, tensor<2x1xi64>) -> tensor<2x2xi32>
  %0 = graph.gather_nd %d, %i {batch_dims = 1 : i64} : (tensor<2x2x2xi32>, tensor<2x1xi64>) -> tensor<2x2xi32>
  // CHECK: graph.gather_elements %{{.*}}, %{{.*}} {axis = 2 : i64} : (tensor<2x2x2xi32>, tensor<2x2x2xi64>) -> tensor<2x2x2xi32>
  %1 = graph.gather_elements %d, %e {axis = 2 : i64} : (tensor<2x2x2xi32>, tensor<2x2x2xi64>) -> tensor<2x2x2xi32>
  // CHECK: graph.scatter_elements %{{.*}}, %{{.*}}, %{{.*}} {axis = 0 : i64, reduction = 1 : i32} : (tensor<2x2x2xi32>, tensor<2x2x2xi64>, tensor<2x2x2xi32>) -> tensor<2x2x2xi32>
  %2 = graph.scatter_elements %d, %e, %u {axis = 0 : i64, reduction = 1 : i32} : (tensor<2x2x2xi32>, tensor<2x2x2xi64>, tensor<2x2x2xi32>) -> tensor<2x2x2xi32>
  // CHECK: graph.scatter_nd %{{.*}}, %{{.*}}, %{{.*}} {reduction = 0 : i32} : (tensor<2x2x2xi32>, tensor<2x1xi64>, tensor<2x2x2xi32>) -> tensor<2x2x2xi32>
  %3 = graph.scatter_nd %d, %i, %v {reduction = 0 : i32} : (tensor<2x2x2xi32>, tensor<2x1xi64>, tensor<2x2x2xi32>) -> tensor<2x2x2xi32>
  return %0, %1, %2, %3 : tensor<2x2xi32>, tensor<2x2x2xi32>, tensor<2x2x2xi32>, tensor<2x2x2xi32>
}
