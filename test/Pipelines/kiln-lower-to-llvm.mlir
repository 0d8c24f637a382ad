// RUN: kiln-opt %s -kiln-lower-to-llvm | FileCheck %s
// RUN: kiln-opt %s -kiln-lower-to-llvm | mlir-translate --mlir-to-llvmir > %t.ll
// RUN: FileCheck %s --check-prefix=IR < %t.ll
// RUN: FileCheck %s --check-prefix=CLEAN < %t.ll

// A bufferized MLP layer with tanh (as kiln-bufferize leaves it) down to
// the LLVM dialect: bare pointers, no libm, flat read-only constants, the
// ABI entry point and info.
#map = affine_map<(d0, d1) -> (d0, d1)>
#bias = affine_map<(d0, d1) -> (d1)>
module attributes {kiln.model_name = "mlp",
  kiln.inputs = [{name = "x", type = tensor<2x4xf32>}],
  kiln.outputs = [{name = "y", type = tensor<2x3xf32>}],
  kiln.workspace_align = 64 : i64, kiln.workspace_size = 64 : i64} {
  memref.global "private" constant @bias : memref<3xf32> = dense_resource<bias> {alignment = 64 : i64}
  memref.global "private" constant @weights : memref<4x3xf32> = dense<[[1.0, 0.0, -1.0], [0.5, 1.0, 0.0], [0.0, -2.0, 1.0], [1.0, 1.0, 1.0]]> {alignment = 64 : i64}
  func.func @main(%x: memref<2x4xf32> {kiln.name = "x"}, %y: memref<2x3xf32> {kiln.name = "y"}, %ws: memref<64xi8>) {
    %c0 = arith.constant 0 : index
    %zero = arith.constant 0.0 : f32
    %w = memref.get_global @weights : memref<4x3xf32>
    %b = memref.get_global @bias : memref<3xf32>
    %acc = memref.view %ws[%c0][] : memref<64xi8> to memref<2x3xf32>
    linalg.fill ins(%zero : f32) outs(%acc : memref<2x3xf32>)
    linalg.matmul ins(%x, %w : memref<2x4xf32>, memref<4x3xf32>) outs(%acc : memref<2x3xf32>)
    linalg.generic {indexing_maps = [#map, #bias, #map], iterator_types = ["parallel", "parallel"]}
      ins(%acc, %b : memref<2x3xf32>, memref<3xf32>) outs(%y : memref<2x3xf32>) {
    ^bb0(%a: f32, %bb: f32, %o: f32):
      %s = arith.addf %a, %bb : f32
      %t = math.tanh %s : f32
      linalg.yield %t : f32
    }
    return
  }
}
{-#
  dialect_resources: {
    builtin: {
      bias: "0x04000000000000BF0000803F00000040"
    }
  }
#-}

// CHECK-DAG: llvm.mlir.global private constant @bias(dense_resource<bias> : tensor<3xf32>) {{.*}}alignment = 64 : i64{{.*}} : !llvm.array<3 x f32>
// CHECK-DAG: llvm.mlir.global private constant @weights(dense<{{.*}}> : tensor<12xf32>) {{.*}}alignment = 64 : i64{{.*}} : !llvm.array<12 x f32>
// CHECK: llvm.func internal @mlp_main(%{{.*}}: !llvm.ptr {kiln.name = "x", llvm.noalias}, %{{.*}}: !llvm.ptr {kiln.name = "y", llvm.noalias}, %{{.*}}: !llvm.ptr {llvm.noalias})
// CHECK-NOT: llvm.call
// CHECK-NOT: math.
// CHECK: llvm.func @mlp_run(
// CHECK: llvm.call @mlp_main
// CHECK: llvm.mlir.global external constant @mlp_info()

// IR-DAG: @bias = private constant [3 x float] [float -5.000000e-01, float 1.000000e+00, float 2.000000e+00], align 64
// IR-DAG: @weights = private constant [12 x float] {{.*}}, align 64
// IR-DAG: @mlp_info = constant { i32, i32, i32, i32, ptr, ptr, ptr, i64, i64, ptr } { i32 1, i32 1, i32 1, i32 0, ptr @mlp__kiln_model_name, ptr @mlp__kiln_inputs, ptr @mlp__kiln_outputs, i64 64, i64 64, ptr @mlp_run }
// IR-DAG: define internal void @mlp_main(ptr noalias %0, ptr noalias %1, ptr noalias %2)
// IR-DAG: define i32 @mlp_run(ptr %0, ptr %1, ptr %2)

// Nothing writable, nothing to link but LLVM intrinsics.
// CLEAN-NOT: {{^@[^ ]* = (internal |private )?global}}
// CLEAN-NOT: declare {{.*}}@{{[^l]}}
// CLEAN-NOT: declare {{.*}}@l{{[^l]}}
