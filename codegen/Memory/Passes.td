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

def WriteSlicesInPlace : Pass<"kiln-write-slices-in-place", "mlir::ModuleOp"> {
  let summary = "Let the parts of a concat write their slice of the result";
  let description = [{
    Runs on `@main` after bufferization, before `kiln-plan-workspace`. For a
    top-level `memref.copy %part, subview(%result)` whose subview is one
    contiguous run of `%result` (a channel concat at batch 1 in NCHW, or any
    slice whose leading dims are 1 and trailing dims whole) at an offset that
    is a multiple of the workspace alignment, where `%part` and `%result` are
    static allocations of `@main`, every use of `%part` comes before the copy
    and every earlier use of `%result` touches only other slices: `%result`
    becomes an i8 allocation with one `memref.view` per part, the producer of
    `%part` writes straight into the result, and the copy is gone.

    Before:
    ```mlir
    %a = memref.alloc() : memref<1x16x4xf32>
    %b = memref.alloc() : memref<1x16x4xf32>
    %c = memref.alloc() : memref<1x32x4xf32>
    (write %a, write %b)
    %s0 = memref.subview %c[0, 0, 0] [1, 16, 4] [1, 1, 1]
    memref.copy %a, %s0
    %s1 = memref.subview %c[0, 16, 0] [1, 16, 4] [1, 1, 1]
    memref.copy %b, %s1
    ```
    After:
    ```mlir
    %m = memref.alloc() : memref<512xi8>
    %c = memref.view %m[%c0][] : memref<512xi8> to memref<1x32x4xf32>
    %a = memref.view %m[%c0][] : memref<512xi8> to memref<1x16x4xf32>
    %b = memref.view %m[%c256][] : memref<512xi8> to memref<1x16x4xf32>
    (write %a, write %b)
    ```
  }];
  let dependentDialects = ["mlir::memref::MemRefDialect",
                           "mlir::arith::ArithDialect"];
}

#endif // KILN_CODEGEN_MEMORY_PASSES_TD
