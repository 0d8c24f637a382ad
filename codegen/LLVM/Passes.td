//===- Passes.td - Kiln LLVM back-end passes ---------------*- tablegen -*-===//
//
// Passes of the LLVM component besides kiln-generate-entry-point (declared
// with the other codegen passes in codegen/Passes.td).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_CODEGEN_LLVM_PASSES_TD
#define KILN_CODEGEN_LLVM_PASSES_TD

include "mlir/Pass/PassBase.td"

def LegalizeFreestanding
    : Pass<"kiln-legalize-freestanding", "mlir::ModuleOp"> {
  let summary = "Rewrite ops that would lower to libm or MLIR runtime calls";
  let description = [{
    Runs on bufferized IR before the LLVM conversion so the object needs no
    library beyond memcpy/memset/memmove:
    - transcendental `math` ops become polynomial approximations (upstream
      patterns), after expanding the ones without one (powf, exp2, sinh,
      cosh, tan, asinh, acosh, atanh, log10, rsqrt, fpowi, clampf) into
      ops that have one; f16/bf16 and f64 compute in f32;
    - floor, ceil, trunc, round and roundeven become integer conversions and
      selects (their LLVM intrinsics are libm calls on targets without a
      rounding instruction);
    - `math.fma` becomes `llvm.intr.fmuladd` (fused only where the target
      has an FMA instruction, never a call to fmaf);
    - `arith.remf` becomes `x - trunc(x / y) * y`;
    - `memref.copy` between non-contiguous memrefs becomes `linalg.copy`
      (the LLVM lowering would call the runtime's memrefCopy).
    Fails, naming the op, if a math op or a heap allocation remains that
    would still need a library.

    Before:
    ```mlir
    %y = math.tanh %x : f32
    %z = math.floor %y : f32
    ```
    After: only arith ops, `math.absf`/`math.copysign` and
    `llvm.intr.fmuladd`.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect",
                           "mlir::math::MathDialect",
                           "mlir::linalg::LinalgDialect",
                           "mlir::LLVM::LLVMDialect"];
}

def FlattenConstantGlobals
    : Pass<"kiln-flatten-constant-globals", "mlir::ModuleOp"> {
  let summary = "Give multi-dimensional constant globals a flat array type";
  let description = [{
    Runs on the LLVM dialect. A `memref.global` of rank > 1 lowers to a
    nested `!llvm.array`, which translation to LLVM IR builds as one
    constant per innermost row: millions of small constants for a large
    weight. This pass retypes every such global whose value is a dense or
    `dense_resource` elements attribute to a 1-D array of its scalar element
    type, with the same value reshaped (a `dense_resource` keeps its blob,
    nothing is copied), so translation builds one constant from the raw
    bytes. Users only take the global's address (`llvm.mlir.addressof`, an
    opaque pointer) and nested arrays of scalars have no padding, so no
    user changes. Boolean `dense_resource` globals (one byte per element in
    the blob) become i8 arrays, which LLVM cannot build from i1 blobs.

    Before:
    ```mlir
    llvm.mlir.global private constant @w(dense_resource<w> : tensor<4x3xf32>)
        : !llvm.array<4 x array<3 x f32>>
    ```
    After:
    ```mlir
    llvm.mlir.global private constant @w(dense_resource<w> : tensor<12xf32>)
        : !llvm.array<12 x f32>
    ```
  }];
  let dependentDialects = ["mlir::LLVM::LLVMDialect"];
}

#endif // KILN_CODEGEN_LLVM_PASSES_TD
