// RUN: kiln-opt %s -split-input-file -verify-diagnostics

// The verifier of graph.runtime_check: a message and an i1 condition.

func.func @no_message(%c: tensor<2xi1>) {
  // expected-error @below {{needs a message saying what it checks}}
  graph.runtime_check %c {message = ""} : tensor<2xi1>
  return
}

// -----

func.func @not_bool(%c: tensor<2xi8>) {
  // expected-error @below {{operand #0 must be}}
  graph.runtime_check %c {message = "m"} : tensor<2xi8>
  return
}
