// A bufferized model with one kiln.parallel loop, shaped like what the
// contraction kernels emit (parallel-threads.test): over the 64 rows of x,
// each iteration fills a scratch row in an alloca scope, then writes it,
// rotated by k, to a workspace view and from there to y:
//   s = x[0][0], k = int(s), scratch[j] = x[i][j] * s + w[j],
//   y[i][j] = scratch[(j + k) % 16].
// The body captures memrefs (an input, an output, a workspace view), an f32
// and an index, and uses a constant global.
module attributes {
  kiln.model_name = "par",
  kiln.inputs = [{name = "x", type = tensor<64x16xf32>}],
  kiln.outputs = [{name = "y", type = tensor<64x16xf32>}],
  kiln.workspace_align = 64 : i64, kiln.workspace_size = 4096 : i64
} {
  memref.global "private" constant @w : memref<16xf32> = dense<[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0]> {alignment = 64 : i64}
  func.func @main(%x: memref<64x16xf32> {kiln.name = "x"},
                  %y: memref<64x16xf32> {kiln.name = "y"},
                  %ws: memref<4096xi8>) {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c16 = arith.constant 16 : index
    %c64 = arith.constant 64 : index
    %t = memref.view %ws[%c0][] : memref<4096xi8> to memref<64x16xf32>
    %s = memref.load %x[%c0, %c0] : memref<64x16xf32>
    %si = arith.fptosi %s : f32 to i32
    %k = arith.index_cast %si : i32 to index
    %w = memref.get_global @w : memref<16xf32>
    scf.parallel (%i) = (%c0) to (%c64) step (%c1) {
      memref.alloca_scope {
        %scratch = memref.alloca() {alignment = 64 : i64} : memref<16xf32>
        scf.for %j = %c0 to %c16 step %c1 {
          %v = memref.load %x[%i, %j] : memref<64x16xf32>
          %wv = memref.load %w[%j] : memref<16xf32>
          %m = arith.mulf %v, %s : f32
          %a = arith.addf %m, %wv : f32
          memref.store %a, %scratch[%j] : memref<16xf32>
        }
        scf.for %j = %c0 to %c16 step %c1 {
          %jk = arith.addi %j, %k : index
          %jm = arith.remui %jk, %c16 : index
          %v = memref.load %scratch[%jm] : memref<16xf32>
          memref.store %v, %t[%i, %j] : memref<64x16xf32>
          %u = memref.load %t[%i, %j] : memref<64x16xf32>
          memref.store %u, %y[%i, %j] : memref<64x16xf32>
        }
      }
      scf.reduce
    } {kiln.parallel}
    return
  }
}
