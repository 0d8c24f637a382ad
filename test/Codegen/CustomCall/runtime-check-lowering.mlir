// RUN: kiln-opt %s -split-input-file -kiln-convert-graph-to-linalg | FileCheck %s --check-prefix=LINALG
// RUN: kiln-opt %s -split-input-file -kiln-convert-graph-to-linalg -kiln-bufferize | FileCheck %s --check-prefix=BUFFERS
// RUN: kiln-opt %s -split-input-file -kiln-convert-graph-to-linalg -kiln-bufferize -kiln-lower-to-llvm | FileCheck %s --check-prefix=LLVM

// graph.runtime_check through the lowering to linalg (its condition reduced
// to one i1 with andi), bufferization (a memref<i1> read by the check) and
// kiln-lower-custom-calls (a load, then an early return of
// KILN_STATUS_RUNTIME_ERROR = 3 when false, before the dependent add).

// LINALG-LABEL: func.func @main
// LINALG: %[[EQ:.*]] = linalg.generic
// LINALG: %[[FILL:.*]] = linalg.fill ins(%true{{.*}} : i1) outs(%{{.*}} : tensor<i1>)
// LINALG: %[[ALL:.*]] = linalg.reduce ins(%[[EQ]] : tensor<2xi1>) outs(%[[FILL]] : tensor<i1>) dimensions = [0]
// LINALG: arith.andi
// LINALG: graph.runtime_check %[[ALL]] {message = "k differs"} : tensor<i1>
// LINALG: linalg.generic

// BUFFERS-LABEL: func.func @main
// BUFFERS: graph.runtime_check %{{.*}} {message = "k differs"} : memref<i1

// LLVM-LABEL: llvm.func internal @c_main
// LLVM-SAME: -> i32
// LLVM: %[[ERR:.*]] = llvm.mlir.constant(3 : i32) : i32
// LLVM: llvm.and %{{.*}}, %{{.*}} : i1
// LLVM: %[[V:.*]] = llvm.load %{{.*}} : !llvm.ptr -> i1
// LLVM: %[[NOT:.*]] = llvm.xor %[[V]], %{{.*}} : i1
// LLVM: llvm.cond_br %[[NOT]], ^[[RET:bb[0-9]+]](%[[ERR]] : i32), ^[[NEXT:bb[0-9]+]]
// LLVM: ^[[NEXT]]:
// LLVM: llvm.fadd
// LLVM: ^[[RET]](%[[S:.*]]: i32):
// LLVM: llvm.return %[[S]] : i32
module attributes {kiln.model_name = "c",
  kiln.inputs = [{name = "k", type = tensor<2xi64>}, {name = "x", type = tensor<2xf32>}],
  kiln.outputs = [{name = "y", type = tensor<2xf32>}]} {
  func.func @main(%k: tensor<2xi64> {kiln.name = "k"}, %x: tensor<2xf32> {kiln.name = "x"}) -> (tensor<2xf32> {kiln.name = "y"}) {
    %c = graph.constant dense<[1, 2]> : tensor<2xi64>
    %eq = graph.equal %k, %c : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi1>
    graph.runtime_check %eq {message = "k differs"} : tensor<2xi1>
    %y = graph.add %x, %x : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    return %y : tensor<2xf32>
  }
}
