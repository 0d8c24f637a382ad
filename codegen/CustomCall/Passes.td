//===- Passes.td - Kiln custom-op calls --------------------*- tablegen -*-===//
//
// The lowering of graph.custom_call's buffer form to a C call.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_CODEGEN_CUSTOMCALL_PASSES_TD
#define KILN_CODEGEN_CUSTOMCALL_PASSES_TD

include "mlir/Pass/PassBase.td"

def LowerCustomCalls : Pass<"kiln-lower-custom-calls", "mlir::ModuleOp"> {
  let summary = "Turn buffer-form custom calls into C calls and run-time "
                "checks into early status returns";
  let description = [{
    Runs on bufferized IR whose `@main` may already be in CFG form (it is
    part of `kiln-lower-to-llvm`, before the conversion to the LLVM
    dialect). Each `graph.custom_call` in its buffer form becomes a call of
    `int32_t callee(const kiln_custom_tensor *, int32_t,
    kiln_custom_tensor *, int32_t, const kiln_custom_attrs *)`
    (runtime/include/kiln_custom_op.h): the tensor descriptors are built on
    the stack from the buffers' aligned pointers, dtypes (from `kiln.dtypes`
    when the lowering to linalg recorded them, else from the element types)
    and constant shape arrays; the attributes are one read-only constant.
    When the module has such calls, `@main` returns an i32 status: 0, or
    KILN_STATUS_RUNTIME_ERROR as soon as a call returns non-zero (the rest
    of the model is skipped); `kiln-generate-entry-point` returns it from
    `NAME_run`. A `graph.runtime_check` on a `memref<i1>` (the reduced
    condition) becomes a load and a branch to the same error return when it
    is false. Fails on calls outside `@main`'s top level and on a callee
    whose name another symbol of the module already uses.

    Before:
    ```mlir
    graph.custom_call @acme_swizzle(%x) outs(%y : memref<8xf32>)
        {domain = "com.acme", op_type = "Swizzle"} : (memref<8xf32>) -> ()
    ```
    After (schematically):
    ```mlir
    %status = llvm.call @acme_swizzle(%ins, %c1, %outs, %c1, %attrs)
        : (!llvm.ptr, i32, !llvm.ptr, i32, !llvm.ptr) -> i32
    %failed = llvm.icmp "ne" %status, %c0 : i32
    cf.cond_br %failed, ^error, ^continue
    ```
  }];
  let dependentDialects = ["mlir::LLVM::LLVMDialect",
                           "mlir::arith::ArithDialect",
                           "mlir::cf::ControlFlowDialect",
                           "mlir::memref::MemRefDialect"];
}

#endif // KILN_CODEGEN_CUSTOMCALL_PASSES_TD
