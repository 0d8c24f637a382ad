// RUN: kiln-opt %s -kiln-compile | FileCheck %s
// RUN: kiln-opt %s -kiln-compile -o %t.mlir
// RUN: kiln-target-test %t.mlir --run | FileCheck %s --check-prefix=EXEC

// Every phase after import, from the graph dialect: a dense layer with a
// blob weight, a bias, relu, and an unsigned output. kiln-target-test runs
// it with inputs 0, 1, 2, ...
module attributes {kiln.model_name = "dense",
  kiln.inputs = [{name = "x", type = tensor<2x3xf32>}],
  kiln.outputs = [{name = "y", type = tensor<2x2xf32>},
                  {name = "half", type = tensor<2x2xi32>}]} {
  func.func @main(%x: tensor<2x3xf32> {kiln.name = "x"})
      -> (tensor<2x2xf32> {kiln.name = "y"}, tensor<2x2xi32> {kiln.name = "half"}) {
    %w = graph.constant dense_resource<w> : tensor<3x2xf32>
    %b = graph.constant dense<[-4.0, 1.0]> : tensor<2xf32>
    %mm = graph.matmul %x, %w : (tensor<2x3xf32>, tensor<3x2xf32>) -> tensor<2x2xf32>
    %s = graph.add %mm, %b : (tensor<2x2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
    %y = graph.relu %s : tensor<2x2xf32>
    %h = graph.cast %y : tensor<2x2xf32> to tensor<2x2xi32>
    return %y, %h : tensor<2x2xf32>, tensor<2x2xi32>
  }
}
{-#
  dialect_resources: {
    builtin: {
      w: "0x040000000000803F000000000000803F0000803F00000000000000C0"
    }
  }
#-}

// CHECK-NOT: graph.
// CHECK-NOT: linalg.
// CHECK-NOT: memref.
// CHECK: llvm.mlir.global private constant @{{.*}}(dense_resource<w> : tensor<6xf32>)
// CHECK: llvm.func internal @dense_main(
// CHECK: llvm.func @dense_run(
// CHECK: llvm.mlir.global external constant @dense_info()

// w = [[1, 0], [1, 1], [0, -2]]; x = [[0, 1, 2], [3, 4, 5]]
// x.w = [[1, -3], [7, -6]]; + b = [[-3, -2], [3, -5]]; relu = [[0, 0], [3, 0]]
// EXEC: model dense: abi 1
// EXEC: status 0 (ok)
// EXEC-NEXT: y = 0 0 3 0
// EXEC-NEXT: half = 0 0 3 0
