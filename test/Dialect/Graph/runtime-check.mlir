// RUN: kiln-opt %s -split-input-file | kiln-opt -split-input-file | FileCheck %s --check-prefix=ROUNDTRIP
// RUN: kiln-opt %s -split-input-file -canonicalize | FileCheck %s --check-prefix=CANON

// graph.runtime_check round-trips in both forms; the canonicalizer keeps a
// check on a run-time value (it writes the run status, so it is never dead)
// and one on a constant with a false element, and drops a constant-true one.

// ROUNDTRIP-LABEL: func.func @forms
// ROUNDTRIP: graph.runtime_check %arg0 {message = "k agrees"} : tensor<2xi1>
// ROUNDTRIP: graph.runtime_check %arg1 {message = "reduced"} : memref<i1>
// CANON-LABEL: func.func @forms
// CANON: graph.runtime_check %arg0 {message = "k agrees"} : tensor<2xi1>
// CANON: graph.runtime_check %arg1 {message = "reduced"} : memref<i1>
func.func @forms(%c: tensor<2xi1>, %m: memref<i1>) {
  graph.runtime_check %c {message = "k agrees"} : tensor<2xi1>
  graph.runtime_check %m {message = "reduced"} : memref<i1>
  return
}

// -----

// CANON-LABEL: func.func @constants
// CANON-NOT: "always holds"
// CANON: graph.runtime_check %{{.*}} {message = "never holds"} : tensor<2xi1>
// CANON-NOT: "always holds"
func.func @constants() {
  %t = graph.constant dense<true> : tensor<2xi1>
  graph.runtime_check %t {message = "always holds"} : tensor<2xi1>
  %f = graph.constant dense<[true, false]> : tensor<2xi1>
  graph.runtime_check %f {message = "never holds"} : tensor<2xi1>
  return
}
