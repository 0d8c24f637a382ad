// RUN: kiln-opt %s -split-input-file -verify-diagnostics -kiln-place-weights=placement=file
// RUN: not kiln-opt %s -split-input-file -kiln-place-weights=placement=file 2>/dev/null | FileCheck %s
// RUN: not kiln-opt %s -split-input-file -kiln-place-weights=placement=rom 2>&1 | FileCheck %s --check-prefix=PLACEMENT
// RUN: not kiln-opt %s -split-input-file -kiln-place-weights="placement=section section=a/b" 2>&1 | FileCheck %s --check-prefix=SECTION

// PLACEMENT: unknown weights placement 'rom' (expected object, section or file)
// SECTION: invalid weights section name 'a/b': expected letters, digits and '._$-'

// A constant read outside @main cannot reach the file argument: it stays in
// the object, with a warning; the one read in @main moves.
// CHECK-LABEL: module attributes {kiln.weights = {{.*}}entries = [{offset = 64 : i64, size = 8 : i64, symbol = "moves"
// CHECK: memref.global "private" constant @stays
// CHECK-NOT: memref.global "private" constant @moves
module {
  // expected-warning @+1 {{constant stays in the object, not the weights file: it is used outside @main}}
  memref.global "private" constant @stays : memref<2xf32> = dense<1.0> {alignment = 64 : i64}
  memref.global "private" constant @moves : memref<2xf32> = dense<2.0> {alignment = 64 : i64}
  func.func @helper(%y: memref<2xf32>) {
    %g = memref.get_global @stays : memref<2xf32>
    memref.copy %g, %y : memref<2xf32> to memref<2xf32>
    return
  }
  func.func @main(%y: memref<2xf32>, %ws: memref<0xi8>) {
    %g = memref.get_global @moves : memref<2xf32>
    memref.copy %g, %y : memref<2xf32> to memref<2xf32>
    return
  }
}

// -----

// Index constants have no fixed size in bytes across targets.
module {
  // expected-warning @+1 {{constant stays in the object, not the weights file: its element type has no fixed size in bytes}}
  memref.global "private" constant @shape : memref<2xindex> = dense<[3, 4]> {alignment = 64 : i64}
  func.func @main(%y: memref<2xindex>, %ws: memref<0xi8>) {
    %g = memref.get_global @shape : memref<2xindex>
    memref.copy %g, %y : memref<2xindex> to memref<2xindex>
    return
  }
}

// -----

// A big-endian target would read the little-endian file wrongly.
// expected-error @+1 {{--weights-file needs a little-endian target, not 'armebv7-unknown-none-eabi'}}
module attributes {kiln.target = {triple = "armebv7-unknown-none-eabi", cpu = "", isa = "scalar", vector_bits = 0 : i64, vector_registers = 16 : i64, fma = false, l1d_bytes = 0 : i64, l2_bytes = 0 : i64, l3_bytes = 0 : i64, cores = 1 : i64}} {
  func.func @main(%ws: memref<0xi8>) {
    return
  }
}
