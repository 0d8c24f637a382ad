// RUN: kiln-opt %s --kiln-convert-graph-to-linalg \
// RUN: | mlir-opt --one-shot-bufferize=bufferize-function-boundaries --convert-linalg-to-loops \
// RUN:     --expand-strided-metadata --lower-affine --convert-scf-to-cf --convert-math-to-llvm \
// RUN:     --convert-math-to-libm --convert-to-llvm --reconcile-unrealized-casts \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:     -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils \
// RUN: | FileCheck %s

// Numerical checks of the graph.fused_elementwise lowering (expected values
// from numpy). The same trees also go through kiln-fuse-elementwise first:
// RUN: kiln-opt %s --kiln-fuse-elementwise --kiln-convert-graph-to-linalg \
// RUN: | mlir-opt --one-shot-bufferize=bufferize-function-boundaries --convert-linalg-to-loops \
// RUN:     --expand-strided-metadata --lower-affine --convert-scf-to-cf --convert-math-to-llvm \
// RUN:     --convert-math-to-libm --convert-to-llvm --reconcile-unrealized-casts \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:     -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils \
// RUN: | FileCheck %s

// t = x * 2 + b (b: [3] broadcast over rows); tanh(relu(t)) + sqrt(|t|).
// CHECK: rank = 2 offset = 0 sizes = [2, 3] strides = [3, 1] data =
// CHECK-NEXT: {{\[\[}}2.56775,   1.73205,   1],
// CHECK-NEXT: {{\[}}0.707107,   2.12989,   1.76159]]

// Mixed element types: x > 0 ? trunc(x) : -trunc(x) in i32.
// CHECK: rank = 2 offset = 0 sizes = [2, 3] strides = [3, 1] data =
// CHECK-NEXT: {{\[\[}}1,   2,   3],
// CHECK-NEXT: {{\[}}0,   0,   4]]

// The plain ops of the first tree, unfused here; fused by the second RUN.
// CHECK: rank = 2 offset = 0 sizes = [2, 3] strides = [3, 1] data =
// CHECK-NEXT: {{\[\[}}2.56775,   1.73205,   1],
// CHECK-NEXT: {{\[}}0.707107,   2.12989,   1.76159]]

func.func @fused_float(%x: tensor<2x3xf32>, %b: tensor<3xf32>, %two: tensor<f32>) -> tensor<2x3xf32> {
  %r = graph.fused_elementwise %x, %b, %two : (tensor<2x3xf32>, tensor<3xf32>, tensor<f32>) -> tensor<2x3xf32> {
  ^bb0(%a0: tensor<2x3xf32>, %a1: tensor<3xf32>, %a2: tensor<f32>):
    %m = graph.mul %a0, %a2 : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
    %t = graph.add %m, %a1 : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
    %relu = graph.relu %t : tensor<2x3xf32>
    %th = graph.tanh %relu : tensor<2x3xf32>
    %abs = graph.abs %t : tensor<2x3xf32>
    %sq = graph.sqrt %abs : tensor<2x3xf32>
    %y = graph.add %th, %sq : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
    graph.yield %y : tensor<2x3xf32>
  }
  return %r : tensor<2x3xf32>
}

func.func @fused_mixed(%x: tensor<2x3xf32>, %zero: tensor<f32>) -> tensor<2x3xi32> {
  %r = graph.fused_elementwise %x, %zero : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xi32> {
  ^bb0(%a0: tensor<2x3xf32>, %a1: tensor<f32>):
    %c = graph.greater %a0, %a1 : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xi1>
    %i = graph.cast %a0 : tensor<2x3xf32> to tensor<2x3xi32>
    %n = graph.neg %i : tensor<2x3xi32>
    %w = graph.where %c, %i, %n : (tensor<2x3xi1>, tensor<2x3xi32>, tensor<2x3xi32>) -> tensor<2x3xi32>
    graph.yield %w : tensor<2x3xi32>
  }
  return %r : tensor<2x3xi32>
}

func.func @unfused_float(%x: tensor<2x3xf32>, %b: tensor<3xf32>, %two: tensor<f32>) -> tensor<2x3xf32> {
  %m = graph.mul %x, %two : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  %t = graph.add %m, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %relu = graph.relu %t : tensor<2x3xf32>
  %th = graph.tanh %relu : tensor<2x3xf32>
  %abs = graph.abs %t : tensor<2x3xf32>
  %sq = graph.sqrt %abs : tensor<2x3xf32>
  %y = graph.add %th, %sq : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

func.func @main() {
  %x = graph.constant dense<[[1.0, -2.0, 3.0], [-0.5, 0.25, 4.0]]> : tensor<2x3xf32>
  %b = graph.constant dense<[0.5, 1.0, -7.0]> : tensor<3xf32>
  %two = graph.constant dense<2.0> : tensor<f32>
  %zero = graph.constant dense<0.0> : tensor<f32>
  %r0 = call @fused_float(%x, %b, %two) : (tensor<2x3xf32>, tensor<3xf32>, tensor<f32>) -> tensor<2x3xf32>
  %u0 = tensor.cast %r0 : tensor<2x3xf32> to tensor<*xf32>
  call @printMemrefF32(%u0) : (tensor<*xf32>) -> ()
  %r1 = call @fused_mixed(%x, %zero) : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xi32>
  %u1 = tensor.cast %r1 : tensor<2x3xi32> to tensor<*xi32>
  call @printMemrefI32(%u1) : (tensor<*xi32>) -> ()
  %r2 = call @unfused_float(%x, %b, %two) : (tensor<2x3xf32>, tensor<3xf32>, tensor<f32>) -> tensor<2x3xf32>
  %u2 = tensor.cast %r2 : tensor<2x3xf32> to tensor<*xf32>
  call @printMemrefF32(%u2) : (tensor<*xf32>) -> ()
  return
}
func.func private @printMemrefF32(tensor<*xf32>)
func.func private @printMemrefI32(tensor<*xi32>)
