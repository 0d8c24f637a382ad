// RUN: kiln-opt %s -split-input-file -kiln-plan-workspace -verify-diagnostics

func.func @main(%in: memref<?xf32>, %n: index) {
  // expected-error @below {{cannot place a dynamically sized buffer 'memref<?xf32>' in the static workspace}}
  %a = memref.alloc(%n) : memref<?xf32>
  memref.copy %in, %a : memref<?xf32> to memref<?xf32>
  return
}

// -----

func.func @main(%in: memref<4xf32>) -> memref<4xf32> {
  // expected-error @below {{buffer escapes @main through its return}}
  %a = memref.alloc() : memref<4xf32>
  memref.copy %in, %a : memref<4xf32> to memref<4xf32>
  return %a : memref<4xf32>
}

// -----

func.func @main(%in: memref<4xf32>) {
  // expected-error @below {{buffer alignment 128 exceeds the workspace alignment 64}}
  %a = memref.alloc() {alignment = 128 : i64} : memref<4xf32>
  memref.copy %in, %a : memref<4xf32> to memref<4xf32>
  return
}

// -----

func.func private @helper() {
  // expected-error @below {{heap allocation outside '@main' cannot be placed in the workspace}}
  %a = memref.alloc() : memref<4xf32>
  return
}
func.func @main() {
  func.call @helper() : () -> ()
  return
}

// -----

// expected-error @below {{expected a defined '@main' entry function}}
module {
  func.func @not_main() {
    return
  }
}
