//===- Passes.td - Kiln weights placement passes -----------*- tablegen -*-===//
//
// Where a model's weights (its constant tensors) end up: in the object's
// read-only data (the default; these passes do nothing), in a named linker
// section, or in a separate file the caller loads (docs/firmware.md).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_CODEGEN_WEIGHTS_PASSES_TD
#define KILN_CODEGEN_WEIGHTS_PASSES_TD

include "mlir/Pass/PassBase.td"

def PlaceWeights : Pass<"kiln-place-weights", "mlir::ModuleOp"> {
  let summary = "Put the weights in a linker section or a separate file";
  let description = [{
    Runs on bufferized IR after the workspace plan. The weights are the
    constant `memref.global`s with an initial value.

    `placement=object` (the default) leaves everything as it is.

    `placement=section section=NAME` records the weights in the module
    attribute `kiln.weights = {placement = "section", section = NAME,
    entries = [ {symbol, type, size} ]}`; kiln-apply-weights-section puts
    their LLVM globals in that section once they exist.

    `placement=file` lays the weights out as NAME.weights.bin
    (kiln/Support/WeightsFile.h: a 64-byte header, then each tensor at a
    64-byte aligned offset), appends an argument `memref<Sxi8>` for the
    whole file to `@main` (after the workspace), replaces every
    `memref.get_global` of a weight by a `memref.view` of that argument at
    its offset, and erases the globals. The module attribute then holds the
    layout and the file itself: `kiln.weights = {placement = "file",
    size = S, align = 64, checksum = CRC-32 of the payload,
    format_version = 1, entries = [ {symbol, type, size, offset} ],
    blob = dense_resource<...> : tensor<Sxi8>}`. A constant that cannot
    move (used outside `@main`, with a layout, or of an element type with
    no fixed byte size) stays in the object, with a warning.

    Errors: an unknown placement, an invalid section name, weights whose
    data is not available (elided resources), a big-endian target.

    Before (`placement=file`):
    ```mlir
    memref.global "private" constant @w : memref<4xf32> = dense<...>
    func.func @main(%x: memref<4xf32>, %y: memref<4xf32>, %ws: memref<0xi8>) {
      %w = memref.get_global @w : memref<4xf32>
      ...
    }
    ```
    After:
    ```mlir
    func.func @main(%x: memref<4xf32>, %y: memref<4xf32>, %ws: memref<0xi8>,
                    %weights: memref<80xi8>) {
      %c64 = arith.constant 64 : index
      %w = memref.view %weights[%c64][] : memref<80xi8> to memref<4xf32>
      ...
    }
    ```
  }];
  let options = [
    Option<"placement", "placement", "std::string", "\"object\"",
           "object, section or file">,
    Option<"section", "section", "std::string", "\"\"",
           "the linker section for placement=section">,
  ];
  let dependentDialects = ["mlir::arith::ArithDialect",
                           "mlir::memref::MemRefDialect"];
}

def ApplyWeightsSection : Pass<"kiln-apply-weights-section",
                               "mlir::ModuleOp"> {
  let summary = "Put the weight globals in the section kiln.weights names";
  let description = [{
    Runs on the LLVM dialect, after the memref lowering made the weights
    `llvm.mlir.global`s (same symbols). When the module's `kiln.weights`
    says `placement = "section"`, sets the `section` of every global its
    entries name (entries whose global was removed as unused are skipped);
    otherwise does nothing. The generated code reaches them the same way
    wherever the linker places the section.
  }];
}

#endif // KILN_CODEGEN_WEIGHTS_PASSES_TD
