// RUN: kiln-opt %s --kiln-fold-batch-norm --kiln-fuse-matmul-bias --kiln-fuse-epilogues \
// RUN: | FileCheck %s --check-prefix=FUSED
// RUN: kiln-opt %s --kiln-fold-batch-norm --kiln-fuse-matmul-bias --kiln-fuse-epilogues \
// RUN:     --kiln-convert-graph-to-linalg \
// RUN: | mlir-opt --one-shot-bufferize=bufferize-function-boundaries --convert-linalg-to-loops \
// RUN:     --expand-strided-metadata --lower-affine --convert-scf-to-cf --convert-math-to-llvm \
// RUN:     --convert-math-to-libm --convert-to-llvm --reconcile-unrealized-casts \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:     -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils \
// RUN: | FileCheck %s
// RUN: kiln-opt %s --kiln-convert-graph-to-linalg \
// RUN: | mlir-opt --one-shot-bufferize=bufferize-function-boundaries --convert-linalg-to-loops \
// RUN:     --expand-strided-metadata --lower-affine --convert-scf-to-cf --convert-math-to-llvm \
// RUN:     --convert-math-to-libm --convert-to-llvm --reconcile-unrealized-casts \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:     -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils \
// RUN: | FileCheck %s

// The folding and fusion passes keep results: the same program is run with
// kiln-fold-batch-norm, kiln-fuse-matmul-bias and kiln-fuse-epilogues and
// without them, and both must print the values of a float64 Python
// reference. Inputs are binary fractions, so both runs are exact.

// The first RUN line checks that every rewrite fired.
// FUSED-LABEL: func.func @conv_batch_norm
// FUSED-NOT: graph.batch_norm
// FUSED-LABEL: func.func @conv_add_relu
// FUSED: graph.conv {{.*}}activation = 1 : i32
// FUSED-NOT: graph.add
// FUSED-LABEL: func.func @matmul_bias_leaky_relu
// FUSED: graph.matmul {{.*}}activation = 3 : i32
// FUSED-NOT: graph.add
// FUSED-LABEL: func.func @gemm_add_clip
// FUSED: graph.gemm {{.*}}activation = 2 : i32
// FUSED-NOT: graph.add
// FUSED-LABEL: func.func @main

// batch_norm(conv(x, w, b)), s = [1, -2].
// CHECK: rank = 4 offset = 0 sizes = [1, 2, 2, 2] strides = [8, 4, 2, 1] data =
// CHECK-NEXT: {{\[\[\[\[}}7.75,     0.25],
// CHECK-NEXT: {{\[}}5.25,     10.25]],
// CHECK-NEXT: {{\[\[}}8,     -3],
// CHECK-NEXT: {{\[}}9,     11]]]]

// relu(conv(x, w) + c[1, 2, 1, 1]).
// CHECK: rank = 4 offset = 0 sizes = [1, 2, 2, 2] strides = [8, 4, 2, 1] data =
// CHECK-NEXT: {{\[\[\[\[}}8.5,     1],
// CHECK-NEXT: {{\[}}6,     11]],
// CHECK-NEXT: {{\[\[}}0,     3.5],
// CHECK-NEXT: {{\[}}0,     0]]]]

// leaky_relu(matmul(a, b) + bias[2], 0.125).
// CHECK: rank = 2 offset = 0 sizes = [2, 2] strides = [2, 1] data =
// CHECK-NEXT: {{\[\[}}-0.09375,   0.125],
// CHECK-NEXT: {{\[}}3,   -0.71875]]

// clip(gemm(a, b) + c[2, 1], -1, 2).
// CHECK: rank = 2 offset = 0 sizes = [2, 2] strides = [2, 1] data =
// CHECK-NEXT: {{\[\[}}0,   2],
// CHECK-NEXT: {{\[}}2,   -1]]

func.func @conv_batch_norm(%x: tensor<1x1x3x3xf32>) -> tensor<1x2x2x2xf32> {
  %w = graph.constant dense<[[[[1.0, 0.5], [-1.0, 2.0]]], [[[-1.0, 0.5], [2.0, -1.0]]]]> : tensor<2x1x2x2xf32>
  %b = graph.constant dense<[0.5, -1.0]> : tensor<2xf32>
  %scale = graph.constant dense<[2.0, -1.0]> : tensor<2xf32>
  %beta = graph.constant dense<[0.25, 1.0]> : tensor<2xf32>
  %mean = graph.constant dense<[1.0, -0.5]> : tensor<2xf32>
  %var = graph.constant dense<[3.75, 0.0]> : tensor<2xf32>
  %c = graph.conv %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x3x3xf32>, tensor<2x1x2x2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %y = graph.batch_norm %c, %scale, %beta, %mean, %var {epsilon = 0.25 : f32} : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

func.func @conv_add_relu(%x: tensor<1x1x3x3xf32>) -> tensor<1x2x2x2xf32> {
  %w = graph.constant dense<[[[[1.0, 0.5], [-1.0, 2.0]]], [[[-1.0, 0.5], [2.0, -1.0]]]]> : tensor<2x1x2x2xf32>
  %add = graph.constant dense<[[[[0.5]], [[1.0]]]]> : tensor<1x2x1x1xf32>
  %c = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x3x3xf32>, tensor<2x1x2x2xf32>) -> tensor<1x2x2x2xf32>
  %s = graph.add %c, %add : (tensor<1x2x2x2xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %r = graph.relu %s : tensor<1x2x2x2xf32>
  return %r : tensor<1x2x2x2xf32>
}

func.func @matmul_bias_leaky_relu(%a: tensor<2x3xf32>, %b: tensor<3x2xf32>, %bias: tensor<2xf32>) -> tensor<2x2xf32> {
  %m = graph.matmul %a, %b : (tensor<2x3xf32>, tensor<3x2xf32>) -> tensor<2x2xf32>
  %s = graph.add %bias, %m : (tensor<2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  %r = graph.leaky_relu %s {alpha = 0.125 : f32} : tensor<2x2xf32>
  return %r : tensor<2x2xf32>
}

func.func @gemm_add_clip(%a: tensor<2x3xf32>, %b: tensor<3x2xf32>, %c: tensor<2x1xf32>) -> tensor<2x2xf32> {
  %g = graph.gemm %a, %b {alpha = 1.0 : f32, beta = 1.0 : f32, transA = false, transB = false} : (tensor<2x3xf32>, tensor<3x2xf32>) -> tensor<2x2xf32>
  %s = graph.add %g, %c : (tensor<2x2xf32>, tensor<2x1xf32>) -> tensor<2x2xf32>
  %r = graph.clip %s {min = -1.0 : f64, max = 2.0 : f64} : tensor<2x2xf32>
  return %r : tensor<2x2xf32>
}

func.func @main() {
  %x = graph.constant dense<[[[[1.0, 2.0, -1.0], [0.0, 3.0, 1.0], [-2.0, 1.0, 4.0]]]]> : tensor<1x1x3x3xf32>
  %a = graph.constant dense<[[1.0, -2.0, 0.5], [0.0, 1.5, -1.0]]> : tensor<2x3xf32>
  %b = graph.constant dense<[[1.0, 2.0], [0.5, -1.0], [-2.0, 0.25]]> : tensor<3x2xf32>
  %bias = graph.constant dense<[0.25, -4.0]> : tensor<2xf32>
  %c = graph.constant dense<[[1.0], [-0.5]]> : tensor<2x1xf32>
  %r0 = call @conv_batch_norm(%x) : (tensor<1x1x3x3xf32>) -> tensor<1x2x2x2xf32>
  %u0 = tensor.cast %r0 : tensor<1x2x2x2xf32> to tensor<*xf32>
  call @printMemrefF32(%u0) : (tensor<*xf32>) -> ()
  %r1 = call @conv_add_relu(%x) : (tensor<1x1x3x3xf32>) -> tensor<1x2x2x2xf32>
  %u1 = tensor.cast %r1 : tensor<1x2x2x2xf32> to tensor<*xf32>
  call @printMemrefF32(%u1) : (tensor<*xf32>) -> ()
  %r2 = call @matmul_bias_leaky_relu(%a, %b, %bias) : (tensor<2x3xf32>, tensor<3x2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  %u2 = tensor.cast %r2 : tensor<2x2xf32> to tensor<*xf32>
  call @printMemrefF32(%u2) : (tensor<*xf32>) -> ()
  %r3 = call @gemm_add_clip(%a, %b, %c) : (tensor<2x3xf32>, tensor<3x2xf32>, tensor<2x1xf32>) -> tensor<2x2xf32>
  %u3 = tensor.cast %r3 : tensor<2x2xf32> to tensor<*xf32>
  call @printMemrefF32(%u3) : (tensor<*xf32>) -> ()
  return
}
func.func private @printMemrefF32(tensor<*xf32>)
