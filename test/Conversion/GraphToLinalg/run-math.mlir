// RUN: kiln-opt %s --kiln-convert-graph-to-linalg \
// RUN: | mlir-opt --one-shot-bufferize=bufferize-function-boundaries --convert-linalg-to-loops \
// RUN:     --expand-strided-metadata --lower-affine --convert-scf-to-cf --convert-math-to-funcs \
// RUN:     --convert-math-to-llvm --convert-math-to-libm --convert-to-llvm --reconcile-unrealized-casts \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:     -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils \
// RUN: | FileCheck %s

// Numerical checks of mod, the bit shifts, integer pow and round (expected
// values from numpy). The trigonometric and hyperbolic ops are checked
// against ONNX's data by the node tests, through Kiln's own libm-free
// expansions.

// Integer mod: numpy's floored mod, then C's truncated fmod. Division by 0
// gives 0 and INT_MIN by -1 does not fault.
// CHECK: data =
// CHECK-NEXT: [1,  2,  -2,  -1,  0,  0,  0,  0]
// CHECK: data =
// CHECK-NEXT: [1,  -1,  1,  -1,  0,  0,  0,  0]
// Unsigned mod (250 is not -6).
// CHECK: data =
// CHECK-NEXT: [5,  0,  9]
// Float fmod, then floored mod.
// CHECK: data =
// CHECK-NEXT: [-0.5,  1.5,  5,  0]
// CHECK: data =
// CHECK-NEXT: [1.5,  -0.5,  5,  0]

// Shifts wrap to the width; shifting by the width or more gives 0.
// CHECK: data =
// CHECK-NEXT: [8,  254,  0,  0]
// CHECK: data =
// CHECK-NEXT: [0,  127,  0,  0]

// Integer pow.
// CHECK: data =
// CHECK-NEXT: [81,  -8,  1,  7]

// Round: halfway cases to even, keeping the sign of zero.
// CHECK: data =
// CHECK-NEXT: [0,  2,  2,  -0,  -2,  2]

func.func @mod_floor(%a0: tensor<8xi32>, %a1: tensor<8xi32>) -> tensor<8xi32> {
  %r = graph.mod %a0, %a1 {fmod = false} : (tensor<8xi32>, tensor<8xi32>) -> tensor<8xi32>
  return %r : tensor<8xi32>
}

func.func @mod_trunc(%a0: tensor<8xi32>, %a1: tensor<8xi32>) -> tensor<8xi32> {
  %r = graph.mod %a0, %a1 {fmod = true} : (tensor<8xi32>, tensor<8xi32>) -> tensor<8xi32>
  return %r : tensor<8xi32>
}

func.func @mod_unsigned(%a0: tensor<3xui8>, %a1: tensor<3xui8>) -> tensor<3xi32> {
  %r = graph.mod %a0, %a1 {fmod = false} : (tensor<3xui8>, tensor<3xui8>) -> tensor<3xui8>
  %w = graph.cast %r : tensor<3xui8> to tensor<3xi32>
  return %w : tensor<3xi32>
}

func.func @mod_float(%a0: tensor<4xf32>, %a1: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %r = graph.mod %a0, %a1 {fmod = true} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %s = graph.mod %a0, %a1 {fmod = false} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %r, %s : tensor<4xf32>, tensor<4xf32>
}

func.func @shifts(%a0: tensor<4xui8>, %a1: tensor<4xui8>) -> (tensor<4xi32>, tensor<4xi32>) {
  %l = graph.shift_left %a0, %a1 : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  %r = graph.shift_right %a0, %a1 : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  %wl = graph.cast %l : tensor<4xui8> to tensor<4xi32>
  %wr = graph.cast %r : tensor<4xui8> to tensor<4xi32>
  return %wl, %wr : tensor<4xi32>, tensor<4xi32>
}

func.func @pow_int(%a0: tensor<4xi64>, %a1: tensor<4xi64>) -> tensor<4xi64> {
  %r = graph.pow %a0, %a1 : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  return %r : tensor<4xi64>
}

func.func @round(%a0: tensor<6xf32>) -> tensor<6xf32> {
  %r = graph.round %a0 : tensor<6xf32>
  return %r : tensor<6xf32>
}

func.func @main() {
  %m0 = graph.constant dense<[7, -7, 7, -7, 5, -2147483648, 6, 0]> : tensor<8xi32>
  %m1 = graph.constant dense<[3, 3, -3, -3, 0, -1, 3, 5]> : tensor<8xi32>
  %mf = call @mod_floor(%m0, %m1) : (tensor<8xi32>, tensor<8xi32>) -> tensor<8xi32>
  %mf_u = tensor.cast %mf : tensor<8xi32> to tensor<*xi32>
  call @printMemrefI32(%mf_u) : (tensor<*xi32>) -> ()
  %mt = call @mod_trunc(%m0, %m1) : (tensor<8xi32>, tensor<8xi32>) -> tensor<8xi32>
  %mt_u = tensor.cast %mt : tensor<8xi32> to tensor<*xi32>
  call @printMemrefI32(%mt_u) : (tensor<*xi32>) -> ()
  %u0 = graph.constant dense<[250, 7, 9]> : tensor<3xui8>
  %u1 = graph.constant dense<[7, 0, 200]> : tensor<3xui8>
  %mu = call @mod_unsigned(%u0, %u1) : (tensor<3xui8>, tensor<3xui8>) -> tensor<3xi32>
  %mu_u = tensor.cast %mu : tensor<3xi32> to tensor<*xi32>
  call @printMemrefI32(%mu_u) : (tensor<*xi32>) -> ()
  %f0 = graph.constant dense<[-4.5, 7.5, 5.0, 6.0]> : tensor<4xf32>
  %f1 = graph.constant dense<[2.0, -2.0, 8.0, 3.0]> : tensor<4xf32>
  %mff:2 = call @mod_float(%f0, %f1) : (tensor<4xf32>, tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>)
  %mff_a = tensor.cast %mff#0 : tensor<4xf32> to tensor<*xf32>
  call @printMemrefF32(%mff_a) : (tensor<*xf32>) -> ()
  %mff_b = tensor.cast %mff#1 : tensor<4xf32> to tensor<*xf32>
  call @printMemrefF32(%mff_b) : (tensor<*xf32>) -> ()
  %s0 = graph.constant dense<[1, 255, 128, 3]> : tensor<4xui8>
  %s1 = graph.constant dense<[3, 1, 8, 200]> : tensor<4xui8>
  %sh:2 = call @shifts(%s0, %s1) : (tensor<4xui8>, tensor<4xui8>) -> (tensor<4xi32>, tensor<4xi32>)
  %shl_u = tensor.cast %sh#0 : tensor<4xi32> to tensor<*xi32>
  call @printMemrefI32(%shl_u) : (tensor<*xi32>) -> ()
  %shr_u = tensor.cast %sh#1 : tensor<4xi32> to tensor<*xi32>
  call @printMemrefI32(%shr_u) : (tensor<*xi32>) -> ()
  %p0 = graph.constant dense<[3, -2, 5, 7]> : tensor<4xi64>
  %p1 = graph.constant dense<[4, 3, 0, 1]> : tensor<4xi64>
  %pw = call @pow_int(%p0, %p1) : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  %pw_u = tensor.cast %pw : tensor<4xi64> to tensor<*xi64>
  call @printMemrefI64(%pw_u) : (tensor<*xi64>) -> ()
  %r0 = graph.constant dense<[0.5, 1.5, 2.5, -0.5, -1.5, 2.4]> : tensor<6xf32>
  %rd = call @round(%r0) : (tensor<6xf32>) -> tensor<6xf32>
  %rd_u = tensor.cast %rd : tensor<6xf32> to tensor<*xf32>
  call @printMemrefF32(%rd_u) : (tensor<*xf32>) -> ()
  return
}
func.func private @printMemrefF32(tensor<*xf32>)
func.func private @printMemrefI32(tensor<*xi32>)
func.func private @printMemrefI64(tensor<*xi64>)
