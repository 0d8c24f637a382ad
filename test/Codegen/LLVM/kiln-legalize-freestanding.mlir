// RUN: kiln-opt %s -split-input-file -kiln-legalize-freestanding | FileCheck %s

// Transcendental functions become polynomials: only arith ops, absf and
// fmuladd remain.
// CHECK-LABEL: func.func @tanh
// CHECK-NOT: math.tanh
// CHECK-NOT: math.fma
// CHECK: llvm.intr.fmuladd
// CHECK: arith.divf
// CHECK: return
func.func @tanh(%x: f32) -> f32 {
  %y = math.tanh %x : f32
  return %y : f32
}

// -----

// Everything that would call libm, in a linalg body as GraphToLinalg emits.
// CHECK-LABEL: func.func @libm_zoo
// CHECK-NOT: math.{{exp|log|erf|powf|sin|cos|atan|floor|ceil|round|trunc|tanh|rsqrt|fma}}
// CHECK-NOT: arith.remf
// CHECK: linalg.yield
#id = affine_map<(d0) -> (d0)>
func.func @libm_zoo(%in: memref<8xf32>, %out: memref<8xf32>) {
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%in : memref<8xf32>) outs(%out : memref<8xf32>) {
  ^bb0(%x: f32, %o: f32):
    %one = arith.constant 1.0 : f32
    %e = math.exp %x : f32
    %l = math.log %e : f32
    %l2 = math.log2 %e : f32
    %l10 = math.log10 %e : f32
    %p = math.powf %e, %x : f32
    %er = math.erf %x : f32
    %s = math.sin %x : f32
    %c = math.cos %x : f32
    %a = math.atan2 %s, %c : f32
    %sh = math.sinh %x : f32
    %r = math.rsqrt %e : f32
    %f = math.floor %x : f32
    %ce = math.ceil %x : f32
    %ro = math.round %x : f32
    %re = math.roundeven %x : f32
    %t = math.trunc %x : f32
    %m = arith.remf %x, %one : f32
    %sum0 = arith.addf %l, %l2 : f32
    %sum1 = arith.addf %sum0, %l10 : f32
    %sum2 = arith.addf %sum1, %p : f32
    %sum3 = arith.addf %sum2, %er : f32
    %sum4 = arith.addf %sum3, %a : f32
    %sum5 = arith.addf %sum4, %sh : f32
    %sum6 = arith.addf %sum5, %r : f32
    %sum7 = arith.addf %sum6, %f : f32
    %sum8 = arith.addf %sum7, %ce : f32
    %sum9 = arith.addf %sum8, %ro : f32
    %sum10 = arith.addf %sum9, %re : f32
    %sum11 = arith.addf %sum10, %t : f32
    %sum12 = arith.addf %sum11, %m : f32
    linalg.yield %sum12 : f32
  }
  return
}

// -----

// floor through an integer conversion, kept for |x| >= 2^23 (and NaN).
// CHECK-LABEL: func.func @floor
// CHECK-SAME: (%[[X:.*]]: f32)
// CHECK-DAG: %[[LIMIT:.*]] = arith.constant 0x4B000000 : f32
// CHECK-DAG: %[[MINUS1:.*]] = arith.constant -1.000000e+00 : f32
// CHECK: %[[ABS:.*]] = math.absf %[[X]]
// CHECK: %[[SMALL:.*]] = arith.cmpf olt, %[[ABS]], %[[LIMIT]]
// CHECK: %[[I:.*]] = arith.fptosi %[[X]] : f32 to i32
// CHECK: %[[T:.*]] = arith.sitofp %[[I]] : i32 to f32
// CHECK: %[[LT:.*]] = arith.cmpf olt, %[[X]], %[[T]]
// CHECK: %[[STEP:.*]] = arith.select %[[LT]], %[[MINUS1]]
// CHECK: %[[R:.*]] = arith.addf %[[T]], %[[STEP]]
// CHECK: %[[SIGNED:.*]] = math.copysign %[[R]], %[[X]]
// CHECK: %[[RES:.*]] = arith.select %[[SMALL]], %[[SIGNED]], %[[X]]
// CHECK: return %[[RES]]
func.func @floor(%x: f32) -> f32 {
  %y = math.floor %x : f32
  return %y : f32
}

// -----

// f64 rounds through i64 below 2^52; f16 vectors through f32.
// CHECK-LABEL: func.func @trunc64
// CHECK: arith.constant 0x4330000000000000 : f64
// CHECK: arith.fptosi %{{.*}} : f64 to i64
// CHECK-LABEL: func.func @roundeven16
// CHECK: arith.extf %{{.*}} : vector<4xf16> to vector<4xf32>
// CHECK: arith.fptosi %{{.*}} : vector<4xf32> to vector<4xi32>
// CHECK: arith.truncf %{{.*}} : vector<4xf32> to vector<4xf16>
func.func @trunc64(%x: f64) -> f64 {
  %y = math.trunc %x : f64
  return %y : f64
}
func.func @roundeven16(%x: vector<4xf16>) -> vector<4xf16> {
  %y = math.roundeven %x : vector<4xf16>
  return %y : vector<4xf16>
}

// -----

// The approximations are f32-only: f64 computes in f32.
// CHECK-LABEL: func.func @exp64
// CHECK: arith.truncf %{{.*}} : f64 to f32
// CHECK-NOT: math.exp
// CHECK: arith.extf %{{.*}} : f32 to f64
func.func @exp64(%x: f64) -> f64 {
  %y = math.exp %x : f64
  return %y : f64
}

// -----

// CHECK-LABEL: func.func @fma
// CHECK: %[[R:.*]] = llvm.intr.fmuladd(%arg0, %arg1, %arg2) : (f32, f32, f32) -> f32
// CHECK: return %[[R]]
func.func @fma(%a: f32, %b: f32, %c: f32) -> f32 {
  %y = math.fma %a, %b, %c : f32
  return %y : f32
}

// -----

// A strided copy would call memrefCopy: it becomes a linalg.copy.
// CHECK-LABEL: func.func @strided_copy
// CHECK: %[[S:.*]] = memref.subview
// CHECK: linalg.copy ins(%[[S]] : memref<2x2xf32, strided<[4, 1], offset: 5>>) outs(%arg1 : memref<2x2xf32>)
// CHECK-NOT: memref.copy
func.func @strided_copy(%a: memref<4x4xf32>, %b: memref<2x2xf32>) {
  %s = memref.subview %a[1, 1] [2, 2] [1, 1] : memref<4x4xf32> to memref<2x2xf32, strided<[4, 1], offset: 5>>
  memref.copy %s, %b : memref<2x2xf32, strided<[4, 1], offset: 5>> to memref<2x2xf32>
  return
}

// -----

// not_ case: ops that lower to instructions everywhere are left alone, and
// so are contiguous copies (memcpy), strided-typed but contiguous ones too.
// CHECK-LABEL: func.func @not_rewritten
// CHECK: math.sqrt
// CHECK: math.absf
// CHECK: math.copysign
// CHECK: math.ctlz
// CHECK: math.ipowi
// CHECK: memref.copy %arg2, %arg3
// CHECK: memref.copy %{{.*}}, %arg3
// CHECK-NOT: linalg.copy
func.func @not_rewritten(%x: f32, %i: i32, %a: memref<8xf32>, %b: memref<8xf32>, %c: memref<2x8xf32>) -> (f32, i32) {
  %s = math.sqrt %x : f32
  %ab = math.absf %s : f32
  %cs = math.copysign %ab, %x : f32
  %z = math.ctlz %i : i32
  %p = math.ipowi %z, %i : i32
  memref.copy %a, %b : memref<8xf32> to memref<8xf32>
  %row = memref.subview %c[1, 0] [1, 8] [1, 1] : memref<2x8xf32> to memref<8xf32, strided<[1], offset: 8>>
  memref.copy %row, %b : memref<8xf32, strided<[1], offset: 8>> to memref<8xf32>
  return %cs, %p : f32, i32
}
