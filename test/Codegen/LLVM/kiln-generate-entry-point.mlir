// RUN: kiln-opt %s -split-input-file -kiln-generate-entry-point | FileCheck %s

module attributes {
    kiln.model_name = "net",
    kiln.inputs = [{name = "image", type = tensor<1x3xf32>},
                   {name = "ids.0", type = tensor<i64>}],
    kiln.outputs = [{name = "logits", type = tensor<2x5xf32>}],
    kiln.workspace_size = 128 : i64, kiln.workspace_align = 64 : i64} {
  llvm.mlir.global private constant @__constant_2xf32(dense<1.0> : tensor<2xf32>) {alignment = 64 : i64} : !llvm.array<2 x f32>
  llvm.func @main(%a: !llvm.ptr, %b: !llvm.ptr, %c: !llvm.ptr, %ws: !llvm.ptr) {
    llvm.return
  }
  llvm.func @helper() {
    llvm.return
  }
  llvm.func @memcpy(!llvm.ptr, !llvm.ptr, i64) -> !llvm.ptr
}

// @main is now internal NAME_main; every definition but NAME_run/NAME_info
// is internal; declarations stay external.
// CHECK-LABEL: llvm.func internal @net_main(
// CHECK-SAME: %{{.*}}: !llvm.ptr {llvm.noalias}, %{{.*}}: !llvm.ptr {llvm.noalias}, %{{.*}}: !llvm.ptr {llvm.noalias}, %{{.*}}: !llvm.ptr {llvm.noalias})
// CHECK-SAME: no_unwind
// CHECK: llvm.func internal @helper()
// CHECK: llvm.func @memcpy(!llvm.ptr, !llvm.ptr, i64) -> !llvm.ptr

// CHECK-LABEL: llvm.func @net_run(
// CHECK-SAME: %[[IN:.*]]: !llvm.ptr, %[[OUT:.*]]: !llvm.ptr, %[[WS:.*]]: !llvm.ptr) -> i32
// CHECK: %[[NULL:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK: llvm.icmp "eq" %[[IN]], %[[NULL]]
// CHECK: llvm.icmp "eq" %[[OUT]], %[[NULL]]
// CHECK: llvm.cond_br %{{.*}}, ^[[INVALID:.*]], ^[[LOAD:.*]]
// CHECK: ^[[LOAD]]:
// CHECK: %[[S0:.*]] = llvm.getelementptr %[[IN]][0] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
// CHECK: %[[P0:.*]] = llvm.load %[[S0]] : !llvm.ptr -> !llvm.ptr
// CHECK: %[[S1:.*]] = llvm.getelementptr %[[IN]][1] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
// CHECK: %[[P1:.*]] = llvm.load %[[S1]] : !llvm.ptr -> !llvm.ptr
// CHECK: %[[S2:.*]] = llvm.getelementptr %[[OUT]][0] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
// CHECK: %[[P2:.*]] = llvm.load %[[S2]] : !llvm.ptr -> !llvm.ptr
// CHECK: llvm.icmp "eq" %[[WS]], %[[NULL]]
// CHECK: llvm.cond_br %{{.*}}, ^[[INVALID]], ^[[ALIGN:.*]]
// CHECK: ^[[ALIGN]]:
// CHECK: %[[ADDR:.*]] = llvm.ptrtoint %[[WS]] : !llvm.ptr to i64
// CHECK: %[[MASK:.*]] = llvm.mlir.constant(63 : i64)
// CHECK: llvm.and %[[ADDR]], %[[MASK]]
// CHECK: llvm.cond_br %{{.*}}, ^[[MISALIGNED:.*]], ^[[CALL:.*]]
// CHECK: ^[[CALL]]:
// CHECK: llvm.call @net_main(%[[P0]], %[[P1]], %[[P2]], %[[WS]])
// CHECK: %[[OK:.*]] = llvm.mlir.constant(0 : i32)
// CHECK: llvm.return %[[OK]]
// CHECK: ^[[INVALID]]:
// CHECK: %[[E1:.*]] = llvm.mlir.constant(1 : i32)
// CHECK: llvm.return %[[E1]]
// CHECK: ^[[MISALIGNED]]:
// CHECK: %[[E2:.*]] = llvm.mlir.constant(2 : i32)
// CHECK: llvm.return %[[E2]]

// The info constant and what it points to, all read-only.
// CHECK-DAG: llvm.mlir.global private constant @net__kiln_model_name("net\00")
// CHECK-DAG: llvm.mlir.global private constant @net__kiln_input0_name("image\00")
// CHECK-DAG: llvm.mlir.global private constant @net__kiln_input0_shape(dense<[1, 3]> : tensor<2xi64>)
// CHECK-DAG: llvm.mlir.global private constant @net__kiln_input1_name("ids.0\00")
// CHECK-NOT: @net__kiln_input1_shape
// CHECK-LABEL: llvm.mlir.global private constant @net__kiln_inputs()
// CHECK-SAME: !llvm.array<2 x struct<(ptr, i32, i32, ptr, i64)>>
// Second input: i64 (dtype 7), rank 0, no shape array, 8 bytes.
// CHECK: llvm.mlir.addressof @net__kiln_input1_name
// CHECK: llvm.mlir.constant(7 : i32)
// CHECK: llvm.mlir.constant(0 : i32)
// CHECK: llvm.mlir.zero : !llvm.ptr
// CHECK: llvm.mlir.constant(8 : i64)
// CHECK: llvm.mlir.global private constant @net__kiln_output0_shape(dense<[2, 5]> : tensor<2xi64>)
// CHECK-LABEL: llvm.mlir.global external constant @net_info()
// CHECK-SAME: !llvm.struct<(i32, i32, i32, i32, ptr, ptr, ptr, i64, i64, ptr)>
// CHECK: %[[V:.*]] = llvm.mlir.constant(1 : i32)
// CHECK: %[[NIN:.*]] = llvm.mlir.constant(2 : i32)
// CHECK: %[[NOUT:.*]] = llvm.mlir.constant(1 : i32)
// CHECK: %[[RES:.*]] = llvm.mlir.constant(0 : i32)
// CHECK: %[[NAME:.*]] = llvm.mlir.addressof @net__kiln_model_name
// CHECK: %[[INS:.*]] = llvm.mlir.addressof @net__kiln_inputs
// CHECK: %[[OUTS:.*]] = llvm.mlir.addressof @net__kiln_outputs
// CHECK: %[[SIZE:.*]] = llvm.mlir.constant(128 : i64)
// CHECK: %[[ALIGNV:.*]] = llvm.mlir.constant(64 : i64)
// CHECK: %[[RUNFN:.*]] = llvm.mlir.addressof @net_run
// CHECK: llvm.insertvalue %[[V]], %{{.*}}[0]
// CHECK: llvm.insertvalue %[[RUNFN]], %{{.*}}[9]

// -----

// not_ case: a model that needs no workspace accepts a NULL one and never
// checks its alignment; a model without inputs does not check `in`.
module attributes {
    kiln.model_name = "fixed", kiln.inputs = [],
    kiln.outputs = [{name = "y", type = tensor<4xi32>}],
    kiln.workspace_size = 0 : i64} {
  llvm.func @main(%y: !llvm.ptr, %ws: !llvm.ptr) {
    llvm.return
  }
}
// CHECK-LABEL: llvm.func @fixed_run(
// CHECK-SAME: %[[IN:.*]]: !llvm.ptr, %[[OUT:.*]]: !llvm.ptr, %[[WS:.*]]: !llvm.ptr
// CHECK-NOT: llvm.icmp "eq" %[[IN]]
// CHECK: llvm.icmp "eq" %[[OUT]]
// CHECK-NOT: llvm.icmp "eq" %[[WS]]
// CHECK-NOT: llvm.ptrtoint
// CHECK: llvm.call @fixed_main
// CHECK-LABEL: llvm.mlir.global external constant @fixed_info()
// CHECK: llvm.mlir.zero : !llvm.ptr
// CHECK: llvm.mlir.addressof @fixed__kiln_outputs
