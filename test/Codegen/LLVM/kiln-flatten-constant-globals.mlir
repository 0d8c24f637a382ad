// RUN: kiln-opt %s -kiln-flatten-constant-globals | FileCheck %s

// A blob keeps its handle: only the types change.
// CHECK: llvm.mlir.global private constant @w(dense_resource<blob> : tensor<6xf32>) {{.*}} : !llvm.array<6 x f32>
llvm.mlir.global private constant @w(dense_resource<blob> : tensor<2x3xf32>) {alignment = 64 : i64} : !llvm.array<2 x array<3 x f32>>

// Dense values are reshaped, elements in the same row-major order.
// CHECK: llvm.mlir.global private constant @d(dense<[1, 2, 3, 4, 5, 6, 7, 8]> : tensor<8xi32>) {{.*}} : !llvm.array<8 x i32>
llvm.mlir.global private constant @d(dense<[[[1, 2], [3, 4]], [[5, 6], [7, 8]]]> : tensor<2x2x2xi32>) : !llvm.array<2 x array<2 x array<2 x i32>>>

// Boolean blobs hold one byte per element: they become i8 arrays.
// CHECK: llvm.mlir.global private constant @b(dense_resource<flags> : tensor<4xi8>) {{.*}} : !llvm.array<4 x i8>
llvm.mlir.global private constant @b(dense_resource<flags> : tensor<4xi1>) : !llvm.array<4 x i1>

// not_ cases: 1-D arrays, bit-packed i1 dense values, vectors of arrays,
// and globals without a value stay as they are.
// CHECK: llvm.mlir.global private constant @flat(dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>) {{.*}} : !llvm.array<2 x f32>
// CHECK: llvm.mlir.global private constant @bits(dense<{{.*}}> : tensor<2x2xi1>) {{.*}} : !llvm.array<2 x array<2 x i1>>
// CHECK: llvm.mlir.global private constant @vecs(dense<1.000000e+00> : tensor<2x4xf32>) {{.*}} : !llvm.array<2 x vector<4xf32>>
// CHECK: llvm.mlir.global external constant @ext() {{.*}} : !llvm.array<2 x array<2 x f32>>
llvm.mlir.global private constant @flat(dense<[1.0, 2.0]> : tensor<2xf32>) : !llvm.array<2 x f32>
llvm.mlir.global private constant @bits(dense<[[true, false], [false, true]]> : tensor<2x2xi1>) : !llvm.array<2 x array<2 x i1>>
llvm.mlir.global private constant @vecs(dense<1.0> : tensor<2x4xf32>) : !llvm.array<2 x vector<4xf32>>
llvm.mlir.global external constant @ext() : !llvm.array<2 x array<2 x f32>> {
  %0 = llvm.mlir.zero : !llvm.array<2 x array<2 x f32>>
  llvm.return %0 : !llvm.array<2 x array<2 x f32>>
}

{-#
  dialect_resources: {
    builtin: {
      blob: "0x040000000000803F0000004000004040000080400000A0400000C040",
      flags: "0x0100000001000100"
    }
  }
#-}
