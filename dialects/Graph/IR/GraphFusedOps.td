//===- GraphFusedOps.td - Optimizer-formed ops -------------*- tablegen -*-===//
//
// Ops no ONNX node imports to directly: the pattern recognizers and
// kiln-fuse-elementwise form them.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_GRAPH_FUSED_OPS_TD
#define KILN_GRAPH_FUSED_OPS_TD

include "dialects/Graph/IR/GraphBase.td"
include "dialects/Graph/IR/GraphElementwiseOps.td"
include "mlir/IR/OpAsmInterface.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Ops formed by the graph optimizer
//===----------------------------------------------------------------------===//

def Graph_GeluOp : Graph_Op<"gelu", [Pure, SameOperandsAndResultType]> {
  let summary = "GELU activation (erf form, or its tanh approximation)";
  let description = [{
    `x * 0.5 * (1 + erf(x / sqrt(2)))`, or with `tanh_approximation`
    `0.5 * x * (1 + tanh(sqrt(2/pi) * (x + 0.044715 * x^3)))`. Formed by the
    pattern recognizer from its decomposed ONNX form.

    ```mlir
    %y = graph.gelu %x {tanh_approximation = false} : tensor<1x128x3072xf32>
    ```
  }];
  let arguments = (ins Graph_FloatTensor:$input, BoolAttr:$tanh_approximation);
  let results = (outs Graph_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def Graph_SiluOp : Graph_UnaryOp<"silu", "SiLU (x * sigmoid(x))", Graph_FloatTensor>;

def Graph_AttentionOp : Graph_Op<"attention", [Pure]> {
  let summary = "scaled dot-product attention";
  let description = [{
    `softmax(scale * query x key^T + mask) x value` over the last two dims;
    leading (batch, head) dims of query, key and value are equal. `mask` is
    optional, additive, and broadcasts to `[..., Sq, Sk]`. Formed by the
    pattern recognizer from MatMul -> scale -> (mask) -> Softmax -> MatMul.

    ```mlir
    %o = graph.attention %q, %k, %v {scale = 0.125 : f32}
        : (tensor<1x12x128x64xf32>, tensor<1x12x128x64xf32>, tensor<1x12x128x64xf32>) -> tensor<1x12x128x64xf32>
    ```
  }];
  let arguments = (ins Graph_FloatTensor:$query, Graph_FloatTensor:$key,
                       Graph_FloatTensor:$value, Optional<Graph_FloatTensor>:$mask,
                       F32Attr:$scale);
  let results = (outs Graph_FloatTensor:$result);
  let assemblyFormat = "$query `,` $key `,` $value (`,` $mask^)? attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Graph_FusedElementwiseOp : Graph_Op<"fused_elementwise", [
    Pure, IsolatedFromAbove, SingleBlock]> {
  let summary = "a tree of elementwise ops that lowers to one loop nest";
  let description = [{
    The body computes the result from the block arguments (one per operand,
    same types) with elementwise and broadcasting graph ops only, and yields
    it. Formed by `kiln-fuse-elementwise`; the lowering emits a single
    `linalg.generic` for the whole body.

    ```mlir
    %r = graph.fused_elementwise %x, %b : (tensor<1x64xf32>, tensor<64xf32>) -> tensor<1x64xf32> {
    ^bb0(%a: tensor<1x64xf32>, %c: tensor<64xf32>):
      %s = graph.add %a, %c : (tensor<1x64xf32>, tensor<64xf32>) -> tensor<1x64xf32>
      %t = graph.relu %s : tensor<1x64xf32>
      graph.yield %t : tensor<1x64xf32>
    }
    ```
  }];
  let arguments = (ins Variadic<Graph_Tensor>:$inputs);
  let results = (outs Graph_Tensor:$result);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = "$inputs attr-dict `:` functional-type(operands, results) $body";
  let hasVerifier = 1;
}

def Graph_YieldOp : Graph_Op<"yield", [Pure, Terminator,
    HasParent<"FusedElementwiseOp">]> {
  let summary = "yields the result of a fused_elementwise body";
  let description = [{
    ```mlir
    graph.yield %t : tensor<1x64xf32>
    ```
  }];
  let arguments = (ins Graph_Tensor:$value);
  let assemblyFormat = "$value attr-dict `:` type($value)";
}

#endif // KILN_GRAPH_FUSED_OPS_TD
