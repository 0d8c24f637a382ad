// RUN: kiln-opt %s -split-input-file -kiln-outline-parallel | FileCheck %s

// Captures, in order of first use: memrefs (an argument and a workspace
// view) travel as their descriptors, an index as i64, an f32 as is; constants and the global are
// recreated in the body. The loop runs [begin, end) of the body function.

// CHECK-LABEL: llvm.func @kiln_parallel_for(i64, !llvm.ptr, !llvm.ptr)
// CHECK-LABEL: func.func @captures(
// CHECK-SAME:      %[[X:[^:]+]]: memref<8x4xf32>, %[[WS:[^:]+]]: memref<256xi8>, %[[S:[^:]+]]: f32, %[[K:[^:]+]]: index)
// CHECK:         %[[ONE:.*]] = llvm.mlir.constant(1 : i64) : i64
// CHECK:         %[[CTX:.*]] = llvm.alloca %[[ONE]] x !llvm.struct<(struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>, i64, f32, struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>)>
// CHECK:         %[[VIEW:.*]] = memref.view %[[WS]]
// CHECK-NOT:     scf.parallel
// CHECK:         %[[XD:.*]] = builtin.unrealized_conversion_cast %[[X]] : memref<8x4xf32> to !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK:         %[[SLOT0:.*]] = llvm.getelementptr %[[CTX]][0, 0]
// CHECK:         llvm.store %[[XD]], %[[SLOT0]]
// CHECK:         %[[K64:.*]] = arith.index_cast %[[K]] : index to i64
// CHECK:         %[[SLOT1:.*]] = llvm.getelementptr %[[CTX]][0, 1]
// CHECK:         llvm.store %[[K64]], %[[SLOT1]] : i64, !llvm.ptr
// CHECK:         %[[SLOT2:.*]] = llvm.getelementptr %[[CTX]][0, 2]
// CHECK:         llvm.store %[[S]], %[[SLOT2]] : f32, !llvm.ptr
// CHECK:         %[[VD:.*]] = builtin.unrealized_conversion_cast %[[VIEW]] : memref<8x4xf32> to
// CHECK:         %[[SLOT3:.*]] = llvm.getelementptr %[[CTX]][0, 3]
// CHECK:         llvm.store %[[VD]], %[[SLOT3]]
// CHECK:         %[[F:.*]] = constant @captures_parallel : (!llvm.ptr, i64, i64) -> ()
// CHECK:         %[[FP:.*]] = builtin.unrealized_conversion_cast %[[F]] : (!llvm.ptr, i64, i64) -> () to !llvm.ptr
// CHECK:         %[[N:.*]] = llvm.mlir.constant(8 : i64) : i64
// CHECK:         llvm.call @kiln_parallel_for(%[[N]], %[[FP]], %[[CTX]]) : (i64, !llvm.ptr, !llvm.ptr) -> ()
// CHECK-NEXT:    return

// CHECK-LABEL: func.func private @captures_parallel(
// CHECK-SAME:      %[[C:[^:]+]]: !llvm.ptr, %[[BEGIN:[^:]+]]: i64, %[[END:[^:]+]]: i64) {
// CHECK:         %[[P0:.*]] = llvm.getelementptr %[[C]][0, 0]
// CHECK:         %[[D0:.*]] = llvm.load %[[P0]] : !llvm.ptr -> !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK:         %[[BX:.*]] = builtin.unrealized_conversion_cast %[[D0]] : {{.*}} to memref<8x4xf32>
// CHECK:         %[[P1:.*]] = llvm.getelementptr %[[C]][0, 1]
// CHECK:         %[[BK64:.*]] = llvm.load %[[P1]] : !llvm.ptr -> i64
// CHECK:         %[[BK:.*]] = arith.index_cast %[[BK64]] : i64 to index
// CHECK:         %[[P2:.*]] = llvm.getelementptr %[[C]][0, 2]
// CHECK:         %[[BS:.*]] = llvm.load %[[P2]] : !llvm.ptr -> f32
// CHECK:         %[[P3:.*]] = llvm.getelementptr %[[C]][0, 3]
// CHECK:         %[[D3:.*]] = llvm.load %[[P3]]
// CHECK:         %[[BT:.*]] = builtin.unrealized_conversion_cast %[[D3]] : {{.*}} to memref<8x4xf32>
// CHECK-DAG:     %[[G:.*]] = memref.get_global @bias : memref<4xf32>
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[LO:.*]] = arith.index_cast %[[BEGIN]] : i64 to index
// CHECK-DAG:     %[[HI:.*]] = arith.index_cast %[[END]] : i64 to index
// CHECK:         scf.for %[[I:.*]] = %[[LO]] to %[[HI]] step
// CHECK:           %[[V:.*]] = memref.load %[[BX]][%[[I]], %[[BK]]]
// CHECK:           %[[B:.*]] = memref.load %[[G]][%[[C0]]]
// CHECK:           %[[M:.*]] = arith.mulf %[[V]], %[[BS]]
// CHECK:           %[[A:.*]] = arith.addf %[[M]], %[[B]]
// CHECK:           memref.store %[[A]], %[[BT]][%[[I]], %[[C0]]]
// CHECK-NOT:       scf.reduce
// CHECK:         return

memref.global "private" constant @bias : memref<4xf32> = dense<1.0>
func.func @captures(%x: memref<8x4xf32>, %ws: memref<256xi8>, %s: f32, %k: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %t = memref.view %ws[%c0][] : memref<256xi8> to memref<8x4xf32>
  %b = memref.get_global @bias : memref<4xf32>
  scf.parallel (%i) = (%c0) to (%c8) step (%c1) {
    %v = memref.load %x[%i, %k] : memref<8x4xf32>
    %bv = memref.load %b[%c0] : memref<4xf32>
    %m = arith.mulf %v, %s : f32
    %a = arith.addf %m, %bv : f32
    memref.store %a, %t[%i, %c0] : memref<8x4xf32>
    scf.reduce
  } {kiln.parallel}
  return
}

// -----

// A strided view keeps its layout through the context; a loop that uses
// nothing from above gets a null context.

// CHECK-LABEL: func.func @strided(
// CHECK:         builtin.unrealized_conversion_cast %{{.*}} : memref<4x2xf32, strided<[4, 1], offset: 2>> to !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK:         llvm.call @kiln_parallel_for
// CHECK:         %[[NULL:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK:         llvm.call @kiln_parallel_for(%{{.*}}, %{{.*}}, %[[NULL]])
// CHECK-LABEL: func.func private @strided_parallel(
// CHECK:         builtin.unrealized_conversion_cast %{{.*}} to memref<4x2xf32, strided<[4, 1], offset: 2>>
// CHECK-LABEL: func.func private @strided_parallel_0(
// CHECK-NOT:     llvm.load
// CHECK:         scf.for

func.func @strided(%x: memref<4x4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %zero = arith.constant 0.0 : f32
  %sub = memref.subview %x[0, 2] [4, 2] [1, 1] : memref<4x4xf32> to memref<4x2xf32, strided<[4, 1], offset: 2>>
  scf.parallel (%i) = (%c0) to (%c4) step (%c1) {
    memref.store %zero, %sub[%i, %c0] : memref<4x2xf32, strided<[4, 1], offset: 2>>
    scf.reduce
  } {kiln.parallel}
  scf.parallel (%i) = (%c0) to (%c4) step (%c1) {
    %scratch = memref.alloca() : memref<4xf32>
    memref.store %zero, %scratch[%i] : memref<4xf32>
    scf.reduce
  } {kiln.parallel}
  return
}

// -----

// Static allocas move to the body function's entry block and the scopes
// that held them disappear; a dynamically sized one stays in its scope.

// CHECK-LABEL: func.func private @scratch_parallel(
// CHECK-NEXT:    %[[A:.*]] = memref.alloca() {alignment = 64 : i64} : memref<16xf32>
// CHECK-NOT:     memref.alloca_scope
// CHECK:         scf.for
// CHECK:           memref.store %{{.*}}, %[[A]]
// CHECK:           memref.alloca_scope
// CHECK-NEXT:        memref.alloca(%{{.*}}) : memref<?xf32>

func.func @scratch(%y: memref<4x16xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %one = arith.constant 1.0 : f32
  scf.parallel (%i) = (%c0) to (%c4) step (%c1) {
    memref.alloca_scope {
      %s = memref.alloca() {alignment = 64 : i64} : memref<16xf32>
      memref.store %one, %s[%c0] : memref<16xf32>
      %v = memref.load %s[%c0] : memref<16xf32>
      memref.store %v, %y[%i, %c0] : memref<4x16xf32>
    }
    memref.alloca_scope {
      %d = memref.alloca(%n) : memref<?xf32>
      memref.store %one, %d[%c0] : memref<?xf32>
    }
    scf.reduce
  } {kiln.parallel}
  return
}

// -----

// A marked loop inside an outlined one runs serially: it loses the
// attribute and the runtime is called once.

// CHECK-LABEL: func.func @nested(
// CHECK-COUNT-1: llvm.call @kiln_parallel_for
// CHECK-NOT:     llvm.call
// CHECK-LABEL: func.func private @nested_parallel(
// CHECK:         scf.parallel
// CHECK-NOT:     kiln.parallel
// CHECK-NOT:     llvm.call

func.func @nested(%y: memref<4x4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %one = arith.constant 1.0 : f32
  scf.parallel (%i) = (%c0) to (%c4) step (%c1) {
    scf.parallel (%j) = (%c0) to (%c4) step (%c1) {
      memref.store %one, %y[%i, %j] : memref<4x4xf32>
      scf.reduce
    } {kiln.parallel}
    scf.reduce
  } {kiln.parallel}
  return
}

// -----

// Not outlined: a loop of one iteration (no call, no attribute left, its
// scratch hoisted to the function's entry) and a loop without the attribute.
// No runtime declaration is added.

// CHECK-NOT:   llvm.func @kiln_parallel_for
// CHECK-LABEL: func.func @not_outlined(
// CHECK-NEXT:    memref.alloca() : memref<4xf32>
// CHECK:         scf.parallel
// CHECK-NOT:     memref.alloca_scope
// CHECK-NOT:     kiln.parallel
// CHECK:         scf.parallel
// CHECK-NOT:     kiln.parallel
// CHECK-NOT:     llvm.call
// CHECK-NOT:   func.func private

func.func @not_outlined(%y: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %one = arith.constant 1.0 : f32
  scf.parallel (%i) = (%c0) to (%c1) step (%c1) {
    memref.alloca_scope {
      %s = memref.alloca() : memref<4xf32>
      memref.store %one, %s[%i] : memref<4xf32>
      memref.copy %s, %y : memref<4xf32> to memref<4xf32>
    }
    scf.reduce
  } {kiln.parallel}
  scf.parallel (%i) = (%c0) to (%c4) step (%c1) {
    memref.store %one, %y[%i] : memref<4xf32>
    scf.reduce
  }
  return
}
