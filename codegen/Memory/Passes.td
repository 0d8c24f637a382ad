//===- Passes.td - Kiln memory planning passes -------------*- tablegen -*-===//
//
// Passes of the memory component besides kiln-plan-workspace (declared with
// the other codegen passes in codegen/Passes.td).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_CODEGEN_MEMORY_PASSES_TD
#define KILN_CODEGEN_MEMORY_PASSES_TD

include "mlir/Pass/PassBase.td"

def ResultsToOutParams : Pass<"kiln-results-to-out-params", "mlir::ModuleOp"> {
  let summary = "Turn @main's memref results into caller-provided outputs";
  let description = [{
    Runs right after one-shot bufferization. Appends one out-parameter per
    memref result of `@main` (keeping each result's `kiln.name`), and where a
    result is a static allocation made in `@main` that allocation is replaced
    by the out-parameter, so the model writes its outputs straight into the
    caller's buffers; other results (inputs, constants, views) are copied.
    Wraps upstream `promoteBufferResultsToOutParams`, after giving every
    repeated result its own buffer: upstream replaces a returned allocation at
    its first position and would leave the repeats dangling.

    Before:
    ```mlir
    func.func @main(%x: memref<4xf32>) -> (memref<4xf32>, memref<4xf32>) {
      %a = memref.alloc() : memref<4xf32>
      ...
      return %a, %a : memref<4xf32>, memref<4xf32>
    }
    ```
    After:
    ```mlir
    func.func @main(%x: memref<4xf32>, %y0: memref<4xf32>, %y1: memref<4xf32>) {
      ... (writes %y0)
      memref.copy %y0, %y1 : memref<4xf32> to memref<4xf32>
      return
    }
    ```
  }];
  let dependentDialects = ["mlir::memref::MemRefDialect"];
}

#endif // KILN_CODEGEN_MEMORY_PASSES_TD
