//===- GraphReductionOps.td - Reductions, normalizations ---*- tablegen -*-===//
//
// Reductions along axes, arg-reductions, top_k, cumsum and the
// normalizations (softmax, layer_norm).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_GRAPH_REDUCTION_OPS_TD
#define KILN_GRAPH_REDUCTION_OPS_TD

include "dialects/Graph/IR/GraphBase.td"
include "mlir/IR/OpAsmInterface.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Reductions and normalizations
//===----------------------------------------------------------------------===//

class Graph_ReduceOp<string mnemonic, string onnxName>
    : Graph_Op<mnemonic, [Pure]> {
  let summary = "ONNX " # onnxName # " over constant axes";
  let description = [{
    Reduces `axes` (non-negative, sorted, unique; empty means all axes);
    `keepdims` keeps reduced dims as size 1.

    ```mlir
    %y = graph.}] # mnemonic # [{ %x {axes = array<i64: 1>, keepdims = true}
        : (tensor<2x3xf32>) -> tensor<2x1xf32>
    ```
  }];
  let arguments = (ins Graph_Tensor:$input, DenseI64ArrayAttr:$axes, BoolAttr:$keepdims);
  let results = (outs Graph_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Graph_ReduceSumOp : Graph_ReduceOp<"reduce_sum", "ReduceSum">;
def Graph_ReduceMeanOp : Graph_ReduceOp<"reduce_mean", "ReduceMean">;
def Graph_ReduceMaxOp : Graph_ReduceOp<"reduce_max", "ReduceMax">;
def Graph_ReduceMinOp : Graph_ReduceOp<"reduce_min", "ReduceMin">;
def Graph_ReduceProdOp : Graph_ReduceOp<"reduce_prod", "ReduceProd">;

class Graph_ArgReduceOp<string mnemonic, string onnxName, string extreme>
    : Graph_Op<mnemonic, [Pure]> {
  let summary = "ONNX " # onnxName # ": index of the " # extreme # " along an axis";
  let description = [{
    The int64 index of the }] # extreme # [{ element along `axis` (in
    [0, rank)); among equal elements the first, or the last with
    `select_last_index`. NaN counts as the }] # extreme # [{, as in numpy.
    `keepdims` keeps the reduced dim as size 1.

    ```mlir
    %i = graph.}] # mnemonic # [{ %x {axis = 1 : i64, keepdims = false, select_last_index = false}
        : (tensor<2x3xf32>) -> tensor<2xi64>
    ```
  }];
  let arguments = (ins Graph_Tensor:$input, I64Attr:$axis, BoolAttr:$keepdims,
                       BoolAttr:$select_last_index);
  let results = (outs RankedTensorOf<[I64]>:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Graph_ArgMaxOp : Graph_ArgReduceOp<"arg_max", "ArgMax", "maximum">;
def Graph_ArgMinOp : Graph_ArgReduceOp<"arg_min", "ArgMin", "minimum">;

def Graph_TopKOp : Graph_Op<"top_k", [Pure]> {
  let summary = "ONNX TopK: the k largest or smallest elements along an axis";
  let description = [{
    `k` is the size of the results along `axis`. Results are sorted (largest
    first, or smallest first without `largest`); equal elements keep their
    input order. NaN orders above every number.

    ```mlir
    %v, %i = graph.top_k %x {axis = 1 : i64, largest = true}
        : (tensor<3x4xf32>) -> (tensor<3x2xf32>, tensor<3x2xi64>)
    ```
  }];
  let arguments = (ins Graph_Tensor:$input, I64Attr:$axis, BoolAttr:$largest);
  let results = (outs Graph_Tensor:$values, RankedTensorOf<[I64]>:$indices);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Graph_CumSumOp : Graph_Op<"cumsum", [Pure, SameOperandsAndResultType]> {
  let summary = "ONNX CumSum along a (non-negative) axis";
  let description = [{
    Element `i` is the sum of the elements up to and including `i` along
    `axis`; `exclusive` leaves element `i` out, `reverse` sums from the end.

    ```mlir
    %y = graph.cumsum %x {axis = 0 : i64, exclusive = false, reverse = false} : tensor<5xf64>
    ```
  }];
  let arguments = (ins Graph_Tensor:$input, I64Attr:$axis, BoolAttr:$exclusive,
                       BoolAttr:$reverse);
  let results = (outs Graph_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasVerifier = 1;
}

def Graph_SoftmaxOp : Graph_Op<"softmax", [Pure, SameOperandsAndResultType]> {
  let summary = "softmax along one axis (ONNX opset 13 semantics)";
  let description = [{
    Older opsets' flatten-to-2-D semantics are rewritten by the importer.

    ```mlir
    %y = graph.softmax %x {axis = 1 : i64} : tensor<1x1000xf32>
    ```
  }];
  let arguments = (ins Graph_FloatTensor:$input, I64Attr:$axis);
  let results = (outs Graph_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasVerifier = 1;
}

def Graph_LayerNormOp : Graph_Op<"layer_norm", [Pure]> {
  let summary = "LayerNormalization over the trailing dims from `axis`";
  let description = [{
    ```mlir
    %y = graph.layer_norm %x, %g, %b {axis = 2 : i64, epsilon = 1.0e-05 : f32}
        : (tensor<1x128x768xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<1x128x768xf32>
    ```
  }];
  let arguments = (ins Graph_FloatTensor:$input, Graph_FloatTensor:$scale,
                       Optional<Graph_FloatTensor>:$bias, I64Attr:$axis, F32Attr:$epsilon);
  let results = (outs Graph_FloatTensor:$result);
  let assemblyFormat = "$input `,` $scale (`,` $bias^)? attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

#endif // KILN_GRAPH_REDUCTION_OPS_TD
