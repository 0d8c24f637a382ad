//===- Passes.td - Kiln post-bufferization vectorization ---*- tablegen -*-===//
//
// The vectorizer of the scheduling layer: rewrites the linalg ops that no
// contraction kernel took into explicit vector loops.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_CODEGEN_VECTORIZE_PASSES_TD
#define KILN_CODEGEN_VECTORIZE_PASSES_TD

include "mlir/Pass/PassBase.td"

def Vectorize : Pass<"kiln-vectorize", "mlir::ModuleOp"> {
  let summary = "Rewrite linalg ops on static memrefs into vector loops";
  let description = [{
    Runs on bufferized IR, after the workspace plan and before
    linalg-to-loops. Reads the vector width from the module's `kiln.target`
    (lanes = vector_bits / the widest element type in the op); without a
    `kiln.target`, or on a scalar target, it does nothing.

    Every linalg op (named or generic) whose operands are static memrefs,
    whose indexing expressions are affine sums of loop dims and whose payload
    is elementwise-mappable (arith, math, `llvm.intr.fmuladd`) is viewed as a
    loop nest over 1-D views of its operands, each operand addressed by a
    linear form of the loop indices. Loops whose coefficients chain in every
    operand are merged first, so a 1x64x56x56 add is one loop of
    200704 / lanes iterations. Then one of two forms:
    - **lanes**: the vector runs along a parallel dim in which every output
      is contiguous. Inputs are contiguous (`vector.load`), invariant
      (scalar load + broadcast), stride 2 (a load of 2 x lanes and a
      deinterleaving `vector.shuffle`) or strided (`vector.gather`).
      Reduction loops run inside the vector tile with the outputs held in
      registers, so each output element is computed in the scalar order
      (bit-identical results). Elementwise ops, broadcasts, transposes that
      keep the innermost dim, fill/copy, depthwise convolution and pooling
      (vectorized along the output row), reductions over outer dims and
      matmuls with a contiguous right-hand side take this form.
    - **horizontal**: the vector runs along a reduction dim in which every
      input is contiguous (softmax and LayerNorm rows, ReduceSum/Mean over
      the last axes, GlobalAveragePool, dot products); the payload must end
      in a recognized combiner (add, mul, min/max, and/or/xor) of the
      output. Vector accumulators, then one shuffle-tree reduction per
      output.
    The extent left after full vectors is one static masked tile
    (`vector.constant_mask`, `vector.maskedload/maskedstore`); no vector
    has a dynamic size. With `kiln.target` cores > 1, ops of at least
    cores x l1d_bytes / 4 iterations (65536 without an L1D size) run their
    outer loops (or their vector loop when no outer loop is left) as an
    `scf.parallel {kiln.parallel}`; memref.copy ops of that many elements
    become linalg.copy first when that makes them parallel.
    Anything else (gathers through `linalg.index`, transposes of the
    innermost dim, i1 memrefs, dynamic shapes) is left to linalg-to-loops.

    Before:
    ```mlir
    linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]}
        ins(%a, %b : memref<100xf32>, memref<100xf32>) outs(%c : memref<100xf32>) {
    ^bb0(%x: f32, %y: f32, %o: f32):
      %s = arith.addf %x, %y : f32
      linalg.yield %s : f32
    }
    ```
    After (16 lanes): an `scf.for` over 6 full vectors of `vector.load`,
    `arith.addf : vector<16xf32>`, `vector.store`, then one tile of 4 lanes
    with `vector.maskedload` and `vector.maskedstore`.
  }];
  let options = [
    Option<"remarks", "remarks", "bool", /*default=*/"false",
           "Emit a remark naming the reason on every linalg op left to "
           "linalg-to-loops">
  ];
  let dependentDialects = [
    "mlir::affine::AffineDialect", "mlir::arith::ArithDialect",
    "mlir::LLVM::LLVMDialect",
    "mlir::memref::MemRefDialect", "mlir::scf::SCFDialect",
    "mlir::vector::VectorDialect"
  ];
}

def WindowKernels : Pass<"kiln-window-kernels", "mlir::ModuleOp"> {
  let summary = "Lower depthwise convolutions and 2-D max pooling to vector "
                "kernels that read the unpadded input";
  let description = [{
    Runs on tensors right after kiln-convert-graph-to-linalg. Every
    `linalg.depthwise_conv_2d_nchw_chw` and every 2-D max-pool
    `linalg.generic` (Pooling.cpp's form: loops (n, c, oy, ox, ky, kx),
    input [n, c, oy * sh + ky * dh, ox * sw + kx * dw], a shape-only
    [KH, KW] window, `arith.maximumf` of the output and the input) on static
    f32 tensors (strides 1 to 4, any dilation and window size) becomes a
    vector kernel on buffers (`bufferization.to_buffer` of its inputs, a
    `memref.alloc` result returned through `bufferization.to_tensor`, like
    the contraction kernels), absorbing:
    - the `tensor.pad` of its input (zero for a convolution; -inf, or the
      max pool's initial value, for a max pool): the kernel reads the
      unpadded input; taps in the padding rows are skipped, taps crossing
      the left or right border use a masked load and a constant
      `vector.shuffle` that shifts the padding value in, so the padded copy
      and its border fills disappear;
    - its initializer when it broadcasts a per-channel bias (or is a
      `linalg.fill`); any other initial output is read;
    - an elementwise f32 `linalg.generic` that is the only user of the
      result (ReLU6), cloned on the accumulators before the store.
    The grid is batch x channels (an `scf.parallel {kiln.parallel}` with
    `kiln.target` cores > 1 and enough work). Depthwise: per channel the
    weights are broadcast once, and a register tile of R output rows x T
    vectors of an output row (all rows of a small image) accumulates the
    taps with `math.fma`; rows of the tile share their input loads, column
    taps of one stride phase share a span load. Max pool: per output row and
    vector, the maximum of its input rows' spans first, then one shuffle per
    column tap (`llvm.intr.maximum` with `nsz`: NaNs propagate like
    `arith.maximumf`, but max(-0, +0) may be -0). Vectors have `kiln.target` vector_bits / 32 lanes;
    the row tail is a static masked tile. Without `kiln.target`, on targets
    with vectors narrower than 64 bits, or when a channel would unroll more
    than 32K vector taps, it does nothing.
  }];
  let dependentDialects = [
    "mlir::arith::ArithDialect", "mlir::bufferization::BufferizationDialect",
    "mlir::LLVM::LLVMDialect", "mlir::math::MathDialect", "mlir::memref::MemRefDialect",
    "mlir::scf::SCFDialect", "mlir::vector::VectorDialect"
  ];
}

#endif // KILN_CODEGEN_VECTORIZE_PASSES_TD
