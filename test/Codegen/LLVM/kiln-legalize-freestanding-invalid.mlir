// RUN: kiln-opt %s -split-input-file -kiln-legalize-freestanding -verify-diagnostics

func.func @quad(%x: f128) -> f128 {
  // expected-error @below {{no library-free lowering for 'math.exp' on 'f128'}}
  %y = math.exp %x : f128
  return %y : f128
}

// -----

func.func @heap(%in: memref<4xf32>) {
  // expected-error @below {{heap allocation would need malloc/free; run kiln-plan-workspace first}}
  %a = memref.alloc() : memref<4xf32>
  memref.copy %in, %a : memref<4xf32> to memref<4xf32>
  return
}
