// RUN: kiln-opt %s -split-input-file -kiln-bufferize | FileCheck %s

// An MLP layer as GraphToLinalg emits it. After bufferization @main takes
// (inputs, outputs, workspace); the result is computed straight into the
// caller's output buffer; the matmul's accumulator lives in the workspace;
// constants are 64-byte aligned read-only globals, blobs stay blobs.
// CHECK-LABEL: module attributes
// CHECK-SAME: kiln.workspace_align = 64 : i64, kiln.workspace_lower_bound = 24 : i64
// CHECK-SAME: kiln.workspace_size = 64 : i64
// CHECK-DAG: memref.global "private" constant @[[B:.*]] : memref<3xf32> = dense_resource<bias> {alignment = 64 : i64}
// CHECK-DAG: memref.global "private" constant @[[W:.*]] : memref<4x3xf32> = dense<{{.*}}> {alignment = 64 : i64}
// CHECK: func.func @main(%[[X:.*]]: memref<2x4xf32> {kiln.name = "x"}, %[[Y:.*]]: memref<2x3xf32> {kiln.name = "y"}, %[[WS:.*]]: memref<64xi8>)
// CHECK-NOT: memref.alloc
// CHECK: %[[ACC:.*]] = memref.view %[[WS]]
// CHECK: linalg.matmul ins(%[[X]], %{{.*}} : memref<2x4xf32>, memref<4x3xf32>) outs(%[[ACC]] : memref<2x3xf32>)
// CHECK: linalg.generic
// CHECK-SAME: outs(%[[Y]] : memref<2x3xf32>)
// CHECK-NOT: memref.copy
// CHECK: return
#map = affine_map<(d0, d1) -> (d0, d1)>
#bias = affine_map<(d0, d1) -> (d1)>
module attributes {kiln.model_name = "mlp",
  kiln.inputs = [{name = "x", type = tensor<2x4xf32>}],
  kiln.outputs = [{name = "y", type = tensor<2x3xf32>}]} {
  func.func @main(%x: tensor<2x4xf32> {kiln.name = "x"}) -> (tensor<2x3xf32> {kiln.name = "y"}) {
    %w = arith.constant dense<[[1.0, 0.0, -1.0], [0.5, 1.0, 0.0], [0.0, -2.0, 1.0], [1.0, 1.0, 1.0]]> : tensor<4x3xf32>
    %b = arith.constant dense_resource<bias> : tensor<3xf32>
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<2x3xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<2x3xf32>) -> tensor<2x3xf32>
    %mm = linalg.matmul ins(%x, %w : tensor<2x4xf32>, tensor<4x3xf32>) outs(%f : tensor<2x3xf32>) -> tensor<2x3xf32>
    %e2 = tensor.empty() : tensor<2x3xf32>
    %r = linalg.generic {indexing_maps = [#map, #bias, #map], iterator_types = ["parallel", "parallel"]}
      ins(%mm, %b : tensor<2x3xf32>, tensor<3xf32>) outs(%e2 : tensor<2x3xf32>) {
    ^bb0(%a: f32, %bb: f32, %o: f32):
      %s = arith.addf %a, %bb : f32
      %m = arith.maximumf %s, %zero : f32
      linalg.yield %m : f32
    } -> tensor<2x3xf32>
    return %r : tensor<2x3xf32>
  }
}
{-#
  dialect_resources: {
    builtin: {
      bias: "0x04000000000000BF0000803F00000040"
    }
  }
#-}

// -----

// Elementwise layers fuse (the two reversals cancel out), and the
// concatenation computes its second half in place in the output; the first
// half, also read by the second, lives in the workspace and is copied.
// CHECK-LABEL: module attributes
// CHECK-SAME: kiln.workspace_size = 64 : i64
// CHECK: func.func @main(%[[X:.*]]: memref<16xf32>, %[[Y:.*]]: memref<32xf32>, %[[WS:.*]]: memref<64xi8>)
// CHECK-NOT: memref.alloc
// CHECK: %[[A:.*]] = memref.view %[[WS]]
// CHECK: linalg.generic {{.*}} ins(%[[X]] : memref<16xf32>) outs(%[[A]] : memref<16xf32>)
// CHECK: %[[LO:.*]] = memref.subview %[[Y]][0] [16] [1]
// CHECK: memref.copy %[[A]], %[[LO]]
// CHECK: %[[HI:.*]] = memref.subview %[[Y]][16] [16] [1]
// CHECK: linalg.generic {{.*}} ins(%[[A]] : memref<16xf32>) outs(%[[HI]] : {{.*}})
// CHECK: return
#id = affine_map<(d0) -> (d0)>
module attributes {kiln.model_name = "chain",
  kiln.inputs = [{name = "x", type = tensor<16xf32>}],
  kiln.outputs = [{name = "y", type = tensor<32xf32>}]} {
  func.func @main(%x: tensor<16xf32>) -> tensor<32xf32> {
    %e0 = tensor.empty() : tensor<16xf32>
    %a = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : tensor<16xf32>) outs(%e0 : tensor<16xf32>) {
    ^bb0(%v: f32, %o: f32):
      %s = arith.mulf %v, %v : f32
      linalg.yield %s : f32
    } -> tensor<16xf32>
    %e1 = tensor.empty() : tensor<16xf32>
    %sorted = linalg.generic {indexing_maps = [affine_map<(d0) -> (15 - d0)>, #id], iterator_types = ["parallel"]}
      ins(%a : tensor<16xf32>) outs(%e1 : tensor<16xf32>) {
    ^bb0(%v: f32, %o: f32):
      linalg.yield %v : f32
    } -> tensor<16xf32>
    %e2 = tensor.empty() : tensor<16xf32>
    %c = linalg.generic {indexing_maps = [affine_map<(d0) -> (15 - d0)>, #id], iterator_types = ["parallel"]}
      ins(%sorted : tensor<16xf32>) outs(%e2 : tensor<16xf32>) {
    ^bb0(%v: f32, %o: f32):
      %s = arith.addf %v, %v : f32
      linalg.yield %s : f32
    } -> tensor<16xf32>
    %e3 = tensor.empty() : tensor<32xf32>
    %y0 = tensor.insert_slice %a into %e3[0] [16] [1] : tensor<16xf32> into tensor<32xf32>
    %y1 = tensor.insert_slice %c into %y0[16] [16] [1] : tensor<16xf32> into tensor<32xf32>
    return %y1 : tensor<32xf32>
  }
}
