//===- Passes.td - Kiln code generation passes -------------*- tablegen -*-===//
#ifndef KILN_CODEGEN_PASSES_TD
#define KILN_CODEGEN_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertGraphToLinalg : Pass<"kiln-convert-graph-to-linalg", "mlir::ModuleOp"> {
  let summary = "Lower the graph dialect to linalg, tensor, arith and math";
  let description = [{
    Rewrites every `graph` op into linalg structured ops (named where a named
    op fits, `linalg.generic` otherwise), tensor ops for data movement and
    arith/math for scalar bodies. Unsigned integer tensors become signless;
    the function signature is converted accordingly. Fails, naming the op,
    on anything it cannot lower. Contractions carrying a `kiln.schedule`
    become the scheduled kernels of codegen/Schedule instead: vector code on
    memrefs between `bufferization.to_buffer` and `bufferization.to_tensor`.

    Before:
    ```mlir
    %0 = graph.relu %x : tensor<4xf32>
    ```
    After:
    ```mlir
    %e = tensor.empty() : tensor<4xf32>
    %0 = linalg.generic {...} ins(%x) outs(%e) { arith.maximumf ... }
    ```
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect",
                           "mlir::tensor::TensorDialect",
                           "mlir::arith::ArithDialect",
                           "mlir::math::MathDialect",
                           "mlir::func::FuncDialect",
                           // The scheduled contraction kernels.
                           "mlir::bufferization::BufferizationDialect",
                           "mlir::memref::MemRefDialect",
                           "mlir::scf::SCFDialect",
                           "mlir::vector::VectorDialect"];
}

def PlanWorkspace : Pass<"kiln-plan-workspace", "mlir::ModuleOp"> {
  let summary = "Place every transient buffer at a fixed offset in one workspace";
  let description = [{
    Runs after bufferization on the entry function `@main`. Every
    `memref.alloc` (static shape) gets an offset, aligned to 64 bytes, in a
    single `memref<Nxi8>` workspace appended as the last argument of
    `@main`; buffers whose lifetimes (first to last use, aliases included)
    do not overlap share bytes. The allocs become `memref.view`s of the
    workspace, deallocs are erased, and the module gets
    `kiln.workspace_size`. A dynamic alloc is an error.
  }];
  let dependentDialects = ["mlir::memref::MemRefDialect",
                           "mlir::arith::ArithDialect"];
}

def GenerateEntryPoint : Pass<"kiln-generate-entry-point", "mlir::ModuleOp"> {
  let summary = "Emit the C ABI entry point NAME_run and the NAME_info constant";
  let description = [{
    Runs on the LLVM dialect, after `@main` was lowered with the bare-pointer
    calling convention. Adds `int32_t NAME_run(const NAME_inputs *,
    NAME_outputs *, void *workspace)` that checks its pointers (NULL gives
    KILN_STATUS_INVALID_ARGUMENT, a misaligned workspace
    KILN_STATUS_MISALIGNED), loads the tensor pointers from the two structs
    and calls `@main`, now private (returning its i32 status when it has one,
    as kiln-lower-custom-calls makes it); and the read-only `NAME_info`
    (kiln_model_info of runtime/include/kiln_runtime.h).
  }];
  let dependentDialects = ["mlir::LLVM::LLVMDialect"];
}

#endif // KILN_CODEGEN_PASSES_TD
