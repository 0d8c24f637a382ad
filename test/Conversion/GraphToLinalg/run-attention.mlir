// RUN: kiln-opt %s --kiln-convert-graph-to-linalg \
// RUN: | mlir-opt --one-shot-bufferize=bufferize-function-boundaries --convert-linalg-to-loops \
// RUN:     --expand-strided-metadata --lower-affine --convert-scf-to-cf --convert-math-to-llvm \
// RUN:     --convert-math-to-libm --convert-to-llvm --reconcile-unrealized-casts \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:     -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils \
// RUN: | FileCheck %s

// Numerical checks of the graph.attention lowering against numpy:
//   s = q @ k.swapaxes(-1, -2) * scale (+ mask); p = softmax(s, -1); p @ v

// Without a mask.
// CHECK: rank = 3 offset = 0 sizes = [2, 2, 2] strides = [4, 2, 1] data =
// CHECK-NEXT: {{\[\[\[}}2.12232,    -0.073132{{[0-9]*}}],
// CHECK-NEXT: {{\[}}1.40536,    1.01352]],
// CHECK-NEXT: {{\[\[}}0.460471,    1.56874],
// CHECK-NEXT: {{\[}}0.261185,    2.76307]]]

// With a [1, 3] additive mask broadcast over heads and queries; -1e9 hides
// key 1 entirely.
// CHECK: rank = 3 offset = 0 sizes = [2, 2, 2] strides = [4, 2, 1] data =
// CHECK-NEXT: {{\[\[\[}}0.718912,    1.15674],
// CHECK-NEXT: {{\[}}0.839589,    1.51877]],
// CHECK-NEXT: {{\[\[}}-0.394126,    {{2\.423[45][0-9]*}}],
// CHECK-NEXT: {{\[}}-0.127305,    3.49078]]]

func.func @attention(%q: tensor<2x2x3xf32>, %k: tensor<2x3x3xf32>, %v: tensor<2x3x2xf32>) -> tensor<2x2x2xf32> {
  %r = graph.attention %q, %k, %v {scale = 0.5 : f32} : (tensor<2x2x3xf32>, tensor<2x3x3xf32>, tensor<2x3x2xf32>) -> tensor<2x2x2xf32>
  return %r : tensor<2x2x2xf32>
}

func.func @attention_mask(%q: tensor<2x2x3xf32>, %k: tensor<2x3x3xf32>, %v: tensor<2x3x2xf32>, %m: tensor<1x3xf32>) -> tensor<2x2x2xf32> {
  %r = graph.attention %q, %k, %v, %m {scale = 0.5 : f32} : (tensor<2x2x3xf32>, tensor<2x3x3xf32>, tensor<2x3x2xf32>, tensor<1x3xf32>) -> tensor<2x2x2xf32>
  return %r : tensor<2x2x2xf32>
}

func.func @main() {
  %q = graph.constant dense<[[[0.5, -1.0, 2.0], [1.0, 0.0, -0.5]], [[0.2, 0.3, -0.1], [-1.5, 1.0, 0.5]]]> : tensor<2x2x3xf32>
  %k = graph.constant dense<[[[1.0, 0.5, -0.5], [0.0, 1.0, 1.0], [-1.0, 2.0, 0.5]], [[0.3, -0.2, 0.1], [1.0, 1.0, 1.0], [-0.5, 0.5, 2.0]]]> : tensor<2x3x3xf32>
  %v = graph.constant dense<[[[1.0, 2.0], [3.0, -1.0], [0.5, 0.5]], [[-1.0, 0.0], [2.0, 1.0], [0.0, 4.0]]]> : tensor<2x3x2xf32>
  %m = graph.constant dense<[[0.0, -1.0e9, 0.5]]> : tensor<1x3xf32>
  %r0 = call @attention(%q, %k, %v) : (tensor<2x2x3xf32>, tensor<2x3x3xf32>, tensor<2x3x2xf32>) -> tensor<2x2x2xf32>
  %u0 = tensor.cast %r0 : tensor<2x2x2xf32> to tensor<*xf32>
  call @printMemrefF32(%u0) : (tensor<*xf32>) -> ()
  %r1 = call @attention_mask(%q, %k, %v, %m) : (tensor<2x2x3xf32>, tensor<2x3x3xf32>, tensor<2x3x2xf32>, tensor<1x3xf32>) -> tensor<2x2x2xf32>
  %u1 = tensor.cast %r1 : tensor<2x2x2xf32> to tensor<*xf32>
  call @printMemrefF32(%u1) : (tensor<*xf32>) -> ()
  return
}
func.func private @printMemrefF32(tensor<*xf32>)
