// RUN: kiln-opt --kiln-lower-custom-calls --split-input-file --verify-diagnostics %s | FileCheck %s

// Descriptors on the stack, constants as private globals, and an early
// return of KILN_STATUS_RUNTIME_ERROR (3) when the call fails; @main now
// returns its status.
// CHECK-LABEL: llvm.func @acme_swizzle(!llvm.ptr, i32, !llvm.ptr, i32, !llvm.ptr) -> i32
// CHECK:       func.func @main({{.*}}) -> i32
// CHECK-DAG:     %[[OUTS:.*]] = llvm.alloca %{{.*}} x !llvm.array<1 x struct<(ptr, i32, i32, ptr)>>
// CHECK-DAG:     %[[INS:.*]] = llvm.alloca %{{.*}} x !llvm.array<2 x struct<(ptr, i32, i32, ptr)>>
// CHECK:         %[[X:.*]] = memref.extract_aligned_pointer_as_index %arg0
// CHECK:         %[[XI:.*]] = arith.index_cast %[[X]] : index to i64
// CHECK:         %[[XP:.*]] = llvm.inttoptr %[[XI]] : i64 to !llvm.ptr
// CHECK:         %[[F32:.*]] = llvm.mlir.constant(1 : i32) : i32
// CHECK:         %[[RANK:.*]] = llvm.mlir.constant(2 : i32) : i32
// CHECK:         %[[SHAPE:.*]] = llvm.mlir.addressof @__kiln_custom_call0_in_shape0
// CHECK:         %[[SLOT:.*]] = llvm.getelementptr %[[INS]][0, 0, 0]
// CHECK:         llvm.store %[[XP]], %[[SLOT]]
// The recorded dtype (uint64, 13) wins over the signless element type.
// CHECK:         memref.extract_aligned_pointer_as_index %arg1
// CHECK:         llvm.mlir.constant(13 : i32) : i32
// CHECK:         memref.extract_aligned_pointer_as_index %arg2
// CHECK:         %[[ATTRS:.*]] = llvm.mlir.addressof @__kiln_custom_call0_attrs
// CHECK:         %[[STATUS:.*]] = llvm.call @acme_swizzle(%[[INS]], %{{.*}}, %[[OUTS]], %{{.*}}, %[[ATTRS]])
// CHECK:         %[[FAILED:.*]] = llvm.icmp "ne" %[[STATUS]], %{{.*}} : i32
// CHECK:         cf.cond_br %[[FAILED]], ^[[ERROR:bb[0-9]+]], ^[[NEXT:bb[0-9]+]]
// CHECK:       ^[[NEXT]]:
// CHECK:         %[[OK:.*]] = arith.constant 0 : i32
// CHECK:         return %[[OK]] : i32
// CHECK:       ^[[ERROR]]:
// CHECK:         %[[ERR:.*]] = arith.constant 3 : i32
// CHECK:         return %[[ERR]] : i32
// CHECK-DAG:   llvm.mlir.global private constant @__kiln_custom_call0_in_shape0(dense<[2, 4]> : tensor<2xi64>)
// CHECK-DAG:   llvm.mlir.global private constant @__kiln_custom_call0_attr0_name("mode\00")
// CHECK-DAG:   llvm.mlir.global private constant @__kiln_custom_call0_attr0_string("rot\00")
// CHECK-DAG:   llvm.mlir.global private constant @__kiln_custom_call0_attr1_ints(dense<1> : tensor<1xi64>)
// CHECK-DAG:   llvm.mlir.global private constant @__kiln_custom_call0_attr2_floats(dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>)
// CHECK:       llvm.mlir.global private constant @__kiln_custom_call0_attrs() {{.*}} : !llvm.struct<(i32, ptr)>
// CHECK:         llvm.mlir.constant(3 : i32) : i32
// CHECK:         llvm.mlir.addressof @__kiln_custom_call0_attr_list
func.func @main(%x: memref<2x4xf32>, %i: memref<3xi64>, %y: memref<2x4xf32>,
                %ws: memref<64xi8>) {
  graph.custom_call @acme_swizzle(%x, %i) outs(%y : memref<2x4xf32>)
      {domain = "com.acme", op_type = "Swizzle",
       op_attrs = {shift = 1 : i64, mode = "rot", w = array<f32: 1.0, 2.0>},
       kiln.dtypes = array<i32: 1, 13, 1>}
      : (memref<2x4xf32>, memref<3xi64>) -> ()
  return
}

// -----

// Without attributes the call still gets a kiln_custom_attrs, empty.
// CHECK-LABEL: llvm.func @no_attrs
// CHECK:       llvm.call @no_attrs(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}})
// CHECK:       llvm.mlir.global private constant @__kiln_custom_call0_attrs()
// CHECK:         llvm.mlir.constant(0 : i32) : i32
// CHECK:         llvm.mlir.zero : !llvm.ptr
func.func @main(%x: memref<4xi8>, %y: memref<4xi8>, %ws: memref<0xi8>) {
  graph.custom_call @no_attrs(%x) outs(%y : memref<4xi8>)
      {domain = "com.acme", op_type = "Copy"} : (memref<4xi8>) -> ()
  return
}

// -----

// not_lowered: a module without custom calls keeps a @main returning nothing.
// CHECK-LABEL: func.func @main(%{{.*}}: memref<4xf32>) {
// CHECK-NOT:   llvm.call
func.func @main(%x: memref<4xf32>) {
  return
}

// -----

func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @below {{must be bufferized before kiln-lower-custom-calls}}
  %0 = graph.custom_call @f(%x) {domain = "com.acme", op_type = "F"}
      : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @helper(%x: memref<4xf32>, %y: memref<4xf32>) {
  // expected-error @below {{must be at the top level of @main to be lowered}}
  graph.custom_call @f(%x) outs(%y : memref<4xf32>)
      {domain = "com.acme", op_type = "F"} : (memref<4xf32>) -> ()
  return
}
func.func @main(%x: memref<4xf32>, %y: memref<4xf32>) {
  return
}

// -----

func.func @main(%x: memref<4xf32>, %y: memref<4xf32>) {
  // expected-error @below {{custom op function 'main' has the name of another symbol of the model}}
  graph.custom_call @main(%x) outs(%y : memref<4xf32>)
      {domain = "com.acme", op_type = "F"} : (memref<4xf32>) -> ()
  return
}
