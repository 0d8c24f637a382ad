//===- GraphCustomOps.td - Custom calls, checks ------------*- tablegen -*-===//
//
// Ops with side effects on the run: user C functions and run-time guards.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_GRAPH_CUSTOM_OPS_TD
#define KILN_GRAPH_CUSTOM_OPS_TD

include "dialects/Graph/IR/GraphBase.td"
include "mlir/IR/OpAsmInterface.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Custom operators
//===----------------------------------------------------------------------===//

def Graph_CustomCallOp : Graph_Op<"custom_call", [AttrSizedOperandSegments,
    DeclareOpInterfaceMethods<MemoryEffectsOpInterface>]> {
  let summary = "a call to a user-provided C function (custom operator)";
  let description = [{
    An ONNX node of a user domain (`com.acme::Swizzle`) that a custom-op
    description maps to a C function (docs/custom-ops.md). `callee` is the C
    symbol, `domain` and `op_type` name the ONNX op, and `op_attrs` holds the
    node's attributes (i64 integers, f32 floats, strings, and
    `array<i64: ...>` / `array<f32: ...>` lists), which the function receives
    as `kiln_custom_attrs`.

    The op has two forms. On tensors, as imported, it has results and no
    `outs`; the function must compute its outputs from its inputs and
    attributes alone, so an unused call may be removed. Bufferization gives
    the buffer form: memref inputs, the output buffers as `outs`, no
    results; `kiln-lower-custom-calls` turns it into a call of
    `int32_t callee(const kiln_custom_tensor *inputs, int32_t num_inputs,
    kiln_custom_tensor *outputs, int32_t num_outputs,
    const kiln_custom_attrs *attrs)` (runtime/include/kiln_custom_op.h),
    and a non-zero return makes `NAME_run` return
    `KILN_STATUS_RUNTIME_ERROR`.

    ```mlir
    %y = graph.custom_call @acme_swizzle(%x)
        {domain = "com.acme", op_type = "Swizzle", op_attrs = {shift = 1 : i64}}
        : (tensor<1x8xf32>) -> tensor<1x8xf32>
    graph.custom_call @acme_swizzle(%xb) outs(%yb : memref<1x8xf32>)
        {domain = "com.acme", op_type = "Swizzle"} : (memref<1x8xf32>) -> ()
    ```
  }];
  let arguments = (ins
      Variadic<AnyTypeOf<[Graph_Tensor, AnyStaticShapeMemRef]>>:$inputs,
      Variadic<AnyStaticShapeMemRef>:$outputs,
      FlatSymbolRefAttr:$callee, StrAttr:$domain, StrAttr:$op_type,
      OptionalAttr<DictionaryAttr>:$op_attrs);
  let results = (outs Variadic<Graph_Tensor>:$results);
  let assemblyFormat = [{
    $callee `(` $inputs `)` (`outs` `(` $outputs^ `:` type($outputs) `)`)?
    attr-dict `:` functional-type($inputs, $results)
  }];
  let extraClassDeclaration = [{
    /// True in the buffer form (memref operands, `outs`, no results).
    bool hasBufferSemantics() { return !getOutputs().empty(); }
  }];
  let hasVerifier = 1;
}

def Graph_RuntimeCheckOp : Graph_Op<"runtime_check",
    [DeclareOpInterfaceMethods<MemoryEffectsOpInterface>]> {
  let summary = "fail the run unless every element of a condition is true";
  let description = [{
    Guards a value the model gives at run time that Kiln's static shapes
    assumed (a TopK `K`, Split sizes, ...). It writes the run's status, so
    it is never dead; a constant-true condition folds away, a constant-false
    one is a compile error carrying `message`. The lowering to linalg
    reduces the condition to a `tensor<i1>`, bufferization gives a
    `memref<i1>`, and `kiln-lower-custom-calls` makes `@main` return
    KILN_STATUS_RUNTIME_ERROR there when it is false (the rest is skipped).

    ```mlir
    graph.runtime_check %ok {message = "TopK 'k': K differs"} : tensor<1xi1>
    ```
  }];
  let arguments = (ins
      AnyTypeOf<[RankedTensorOf<[I1]>, MemRefOf<[I1]>]>:$condition,
      StrAttr:$message);
  let assemblyFormat = "$condition attr-dict `:` type($condition)";
  let hasVerifier = 1;
  let hasCanonicalizeMethod = 1;
}

#endif // KILN_GRAPH_CUSTOM_OPS_TD
