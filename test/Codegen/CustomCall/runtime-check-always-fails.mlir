// RUN: kiln-opt %s -kiln-convert-graph-to-linalg -verify-diagnostics

// A check whose condition is known to fail at compile time stops the
// compilation, naming the node (its location) and what it checks.
module attributes {kiln.model_name = "f",
  kiln.inputs = [{name = "x", type = tensor<2xf32>}],
  kiln.outputs = [{name = "y", type = tensor<2xf32>}]} {
  func.func @main(%x: tensor<2xf32> {kiln.name = "x"}) -> (tensor<2xf32> {kiln.name = "y"}) {
    %f = graph.constant dense<[true, false]> : tensor<2xi1>
    // expected-error @below {{run-time check always fails: TopK 'k': K differs from the declared 3}}
    graph.runtime_check %f {message = "TopK 'k': K differs from the declared 3"} : tensor<2xi1>
    return %x : tensor<2xf32>
  }
}
