//===- Passes.td - Kiln parallel-loop passes ---------------*- tablegen -*-===//
//
// Passes that make the loops the schedule marks parallel run on threads,
// through the runtime's kiln_parallel_for hook (runtime/include/
// kiln_runtime.h).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_CODEGEN_PARALLEL_PASSES_TD
#define KILN_CODEGEN_PARALLEL_PASSES_TD

include "mlir/Pass/PassBase.td"

def OutlineParallel : Pass<"kiln-outline-parallel", "mlir::ModuleOp"> {
  let summary = "Outline kiln.parallel loops into kiln_parallel_for calls";
  let description = [{
    Runs on bufferized IR after the workspace plan, before the LLVM
    conversion. Every outermost `scf.parallel` carrying the unit attribute
    `kiln.parallel` (one dimension, lower bound 0, step 1, a constant trip
    count n, no reductions) becomes a call
    `kiln_parallel_for(n, @body, context)`. The body function is a private
    `func.func` with the C signature
    `void (void *context, int64_t begin, int64_t end)` that loops over
    `[begin, end)` running the original body.

    The values the body uses from above travel in a context struct on the
    caller's stack (one `llvm.alloca` in the caller's entry block per loop):
    memrefs as their LLVM descriptors (bridged with
    `builtin.unrealized_conversion_cast`, which the LLVM conversion
    reconciles), `index` values as i64, LLVM-compatible scalars and vectors
    as they are. Constants and `memref.get_global` are cloned into the body
    instead. The function pointer is a `func.constant` cast to `!llvm.ptr`.

    Static `memref.alloca`s in the body move to the body function's entry
    block, so a scratch buffer costs nothing per iteration (each thread's
    call has its own stack, and iterations within a call run one after the
    other); `memref.alloca_scope`s left without allocations are inlined.
    Nested `kiln.parallel` loops lose the attribute and run serially inside
    the outlined body (the runtime is not reentrant). Loops with a trip
    count of 0 or 1 stay serial loops, their static allocas moved to the
    function's entry block all the same.

    Errors, naming the op: `kiln.parallel` on anything but `scf.parallel`,
    or on a loop that is not of the form above, or a captured value of a
    type that cannot be passed (e.g. a tensor).

    Before:
    ```mlir
    scf.parallel (%i) = (%c0) to (%c4) step (%c1) {
      %v = memref.load %x[%i] : memref<4xf32>
      memref.store %v, %y[%i] : memref<4xf32>
      scf.reduce
    } {kiln.parallel}
    ```
    After:
    ```mlir
    %ctx = llvm.alloca %one x !llvm.struct<(desc, desc)> : (i64) -> !llvm.ptr
    ... (stores of %x's and %y's descriptors)
    %f = func.constant @main_parallel : (!llvm.ptr, i64, i64) -> ()
    %fp = builtin.unrealized_conversion_cast %f : ... to !llvm.ptr
    llvm.call @kiln_parallel_for(%n, %fp, %ctx)
    ...
    func.func private @main_parallel(%ctx: !llvm.ptr, %begin: i64,
                                     %end: i64) {
      ... (loads of the descriptors)
      scf.for %i = %b to %e step %c1 { ... }
      return
    }
    ```
  }];
  let dependentDialects = ["mlir::LLVM::LLVMDialect",
                           "mlir::arith::ArithDialect",
                           "mlir::func::FuncDialect",
                           "mlir::memref::MemRefDialect",
                           "mlir::scf::SCFDialect"];
}

#endif // KILN_CODEGEN_PARALLEL_PASSES_TD
