// kiln-opt loads a Kiln pass plugin and runs its pass by name.
// RUN: kiln-opt --load-pass-plugin=%kiln_test_plugin \
// RUN:   --pass-pipeline='builtin.module(kiln-test-mark{tag=opt})' %s \
// RUN:   | FileCheck %s

// CHECK: module attributes {kiln.test.marks = ["opt:graph:relu=2"]}
func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = graph.relu %x : tensor<4xf32>
  %1 = graph.relu %0 : tensor<4xf32>
  return %1 : tensor<4xf32>
}
