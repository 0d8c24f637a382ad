// RUN: kiln-opt %s -split-input-file -kiln-outline-parallel -verify-diagnostics

func.func @two_dims(%y: memref<4x4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %one = arith.constant 1.0 : f32
  // expected-error @below {{a 'kiln.parallel' loop must have one dimension, got 2}}
  scf.parallel (%i, %j) = (%c0, %c0) to (%c4, %c4) step (%c1, %c1) {
    memref.store %one, %y[%i, %j] : memref<4x4xf32>
    scf.reduce
  } {kiln.parallel}
  return
}

// -----

func.func @offset(%y: memref<4xf32>) {
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %one = arith.constant 1.0 : f32
  // expected-error @below {{a 'kiln.parallel' loop must run from 0 to a constant with step 1}}
  scf.parallel (%i) = (%c1) to (%c4) step (%c1) {
    memref.store %one, %y[%i] : memref<4xf32>
    scf.reduce
  } {kiln.parallel}
  return
}

// -----

func.func @dynamic(%y: memref<?xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %one = arith.constant 1.0 : f32
  // expected-error @below {{a 'kiln.parallel' loop must run from 0 to a constant with step 1}}
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    memref.store %one, %y[%i] : memref<?xf32>
    scf.reduce
  } {kiln.parallel}
  return
}

// -----

func.func @reduction(%x: memref<4xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %zero = arith.constant 0.0 : f32
  // expected-error @below {{a 'kiln.parallel' loop cannot have reductions}}
  %sum = scf.parallel (%i) = (%c0) to (%c4) step (%c1) init (%zero) -> f32 {
    %v = memref.load %x[%i] : memref<4xf32>
    scf.reduce(%v : f32) {
    ^bb0(%a: f32, %b: f32):
      %s = arith.addf %a, %b : f32
      scf.reduce.return %s : f32
    }
  } {kiln.parallel}
  return %sum : f32
}

// -----

func.func @not_a_parallel_loop(%y: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %one = arith.constant 1.0 : f32
  // expected-error @below {{'kiln.parallel' is only allowed on scf.parallel}}
  scf.for %i = %c0 to %c4 step %c1 {
    memref.store %one, %y[%i] : memref<4xf32>
  } {kiln.parallel}
  return
}

// -----

func.func @tensor_capture(%t: tensor<4xf32>, %y: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  // expected-error @below {{cannot pass a value of type 'tensor<4xf32>' into the body of a 'kiln.parallel' loop}}
  scf.parallel (%i) = (%c0) to (%c4) step (%c1) {
    %v = tensor.extract %t[%i] : tensor<4xf32>
    memref.store %v, %y[%i] : memref<4xf32>
    scf.reduce
  } {kiln.parallel}
  return
}

// -----

// expected-error @below {{'@kiln_parallel_for' must be the runtime's llvm.func void (i64, ptr, ptr)}}
func.func private @kiln_parallel_for(i64)

func.func @clash(%y: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %one = arith.constant 1.0 : f32
  scf.parallel (%i) = (%c0) to (%c4) step (%c1) {
    memref.store %one, %y[%i] : memref<4xf32>
    scf.reduce
  } {kiln.parallel}
  return
}
