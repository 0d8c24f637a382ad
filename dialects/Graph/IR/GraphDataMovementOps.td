//===- GraphDataMovementOps.td - Data movement ops ---------*- tablegen -*-===//
//
// Ops that only move or select elements.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_GRAPH_DATAMOVEMENT_OPS_TD
#define KILN_GRAPH_DATAMOVEMENT_OPS_TD

include "dialects/Graph/IR/GraphBase.td"
include "mlir/IR/OpAsmInterface.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

def Graph_ReshapeOp : Graph_Op<"reshape", [Pure]> {
  let summary = "reshape to the static result type (Reshape, Flatten, Squeeze, Unsqueeze)";
  let description = [{
    The element count is preserved; the target shape is the result type.

    ```mlir
    %y = graph.reshape %x : (tensor<1x512x1x1xf32>) -> tensor<1x512xf32>
    ```
  }];
  let arguments = (ins Graph_Tensor:$input);
  let results = (outs Graph_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Graph_TransposeOp : Graph_Op<"transpose", [Pure]> {
  let summary = "permute dims: result dim i is input dim perm[i]";
  let description = [{
    ```mlir
    %y = graph.transpose %x {perm = array<i64: 0, 2, 1>} : (tensor<1x2x3xf32>) -> tensor<1x3x2xf32>
    ```
  }];
  let arguments = (ins Graph_Tensor:$input, DenseI64ArrayAttr:$perm);
  let results = (outs Graph_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Graph_ConcatOp : Graph_Op<"concat", [Pure]> {
  let summary = "concatenate along a (non-negative) axis";
  let description = [{
    ```mlir
    %y = graph.concat %a, %b {axis = 1 : i64} : (tensor<1x2xf32>, tensor<1x3xf32>) -> tensor<1x5xf32>
    ```
  }];
  let arguments = (ins Variadic<Graph_Tensor>:$inputs, I64Attr:$axis);
  let results = (outs Graph_Tensor:$result);
  let assemblyFormat = "$inputs attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Graph_SliceOp : Graph_Op<"slice", [Pure]> {
  let summary = "strided slice with one start and step per dim (Slice, Split)";
  let description = [{
    Result element `i` along dim `d` is input element `starts[d] + i * steps[d]`;
    the result type gives the sizes. Steps may be negative.

    ```mlir
    %y = graph.slice %x {starts = array<i64: 0, 2>, steps = array<i64: 1, 2>}
        : (tensor<4x8xf32>) -> tensor<4x3xf32>
    ```
  }];
  let arguments = (ins Graph_Tensor:$input, DenseI64ArrayAttr:$starts,
                       DenseI64ArrayAttr:$steps);
  let results = (outs Graph_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Graph_GatherOp : Graph_Op<"gather", [Pure]> {
  let summary = "ONNX Gather along an axis";
  let description = [{
    Negative indices count from the end. Out-of-range indices read a clamped
    element at run time (generated code never reads outside a buffer) and are
    rejected at compile time when the indices are constants.

    ```mlir
    %y = graph.gather %data, %idx {axis = 0 : i64}
        : (tensor<30522x768xf32>, tensor<1x128xi64>) -> tensor<1x128x768xf32>
    ```
  }];
  let arguments = (ins Graph_Tensor:$data, Graph_IndexTensor:$indices, I64Attr:$axis);
  let results = (outs Graph_Tensor:$result);
  let assemblyFormat = "$data `,` $indices attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Graph_GatherElementsOp : Graph_Op<"gather_elements", [Pure]> {
  let summary = "ONNX GatherElements along an axis";
  let description = [{
    `result[i0, .., ik, ..] = data[i0, .., indices[i0, .., ik, ..], ..]` with
    `ik` at `axis`; the result has the shape of `indices`. Negative indices
    count from the end; out-of-range ones read a clamped element.

    ```mlir
    %y = graph.gather_elements %data, %idx {axis = 1 : i64}
        : (tensor<2x2xf32>, tensor<2x2xi64>) -> tensor<2x2xf32>
    ```
  }];
  let arguments = (ins Graph_Tensor:$data, Graph_IndexTensor:$indices, I64Attr:$axis);
  let results = (outs Graph_Tensor:$result);
  let assemblyFormat = "$data `,` $indices attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Graph_GatherNDOp : Graph_Op<"gather_nd", [Pure]> {
  let summary = "ONNX GatherND";
  let description = [{
    The last dim of `indices` (size `m`) indexes dims `batch_dims` to
    `batch_dims + m - 1` of `data`; the first `batch_dims` dims of both are
    shared batch dims. The result is `indices.shape[:-1] ++
    data.shape[batch_dims + m:]`. Negative indices count from the end;
    out-of-range ones read a clamped element.

    ```mlir
    %y = graph.gather_nd %data, %idx {batch_dims = 0 : i64}
        : (tensor<2x2xi32>, tensor<2x2xi64>) -> tensor<2xi32>
    ```
  }];
  let arguments = (ins Graph_Tensor:$data, Graph_IndexTensor:$indices, I64Attr:$batch_dims);
  let results = (outs Graph_Tensor:$result);
  let assemblyFormat = "$data `,` $indices attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Graph_ScatterReduction : I32EnumAttr<"ScatterReduction",
    "how a scatter combines an update with the element it lands on", [
    I32EnumAttrCase<"none", 0>,
    I32EnumAttrCase<"add", 1>,
    I32EnumAttrCase<"mul", 2>,
    I32EnumAttrCase<"max", 3>,
    I32EnumAttrCase<"min", 4>]> {
  let cppNamespace = "::kiln::graph";
}

def Graph_ScatterElementsOp : Graph_Op<"scatter_elements", [Pure]> {
  let summary = "ONNX ScatterElements (and the deprecated Scatter)";
  let description = [{
    A copy of `data` where, for every element of `updates`, the element at
    its own position with the `axis` coordinate replaced by the matching
    element of `indices` is combined with the update by `reduction` (`none`
    replaces). Updates apply in row-major order, so with duplicate indices
    the last one wins. Negative indices count from the end; out-of-range
    ones update nothing.

    ```mlir
    %y = graph.scatter_elements %data, %idx, %upd {axis = 1 : i64, reduction = 0 : i32}
        : (tensor<1x5xf32>, tensor<1x2xi64>, tensor<1x2xf32>) -> tensor<1x5xf32>
    ```
  }];
  let arguments = (ins Graph_Tensor:$data, Graph_IndexTensor:$indices,
                       Graph_Tensor:$updates, I64Attr:$axis,
                       Graph_ScatterReduction:$reduction);
  let results = (outs Graph_Tensor:$result);
  let assemblyFormat = "$data `,` $indices `,` $updates attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Graph_ScatterNDOp : Graph_Op<"scatter_nd", [Pure]> {
  let summary = "ONNX ScatterND";
  let description = [{
    A copy of `data` where each index tuple (the last dim of `indices`,
    size `m`) selects a slice `data[idx]` of shape `data.shape[m:]` that is
    combined with the matching slice of `updates` by `reduction`. Updates
    apply in row-major order of the tuples; negative indices count from the
    end and out-of-range tuples update nothing.

    ```mlir
    %y = graph.scatter_nd %data, %idx, %upd {reduction = 1 : i32}
        : (tensor<4x4xf32>, tensor<2x1xi64>, tensor<2x4xf32>) -> tensor<4x4xf32>
    ```
  }];
  let arguments = (ins Graph_Tensor:$data, Graph_IndexTensor:$indices,
                       Graph_Tensor:$updates, Graph_ScatterReduction:$reduction);
  let results = (outs Graph_Tensor:$result);
  let assemblyFormat = "$data `,` $indices `,` $updates attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Graph_ExpandOp : Graph_Op<"expand", [Pure]> {
  let summary = "broadcast to the static result shape (ONNX Expand)";
  let description = [{
    ```mlir
    %y = graph.expand %x : (tensor<1x3xf32>) -> tensor<4x3xf32>
    ```
  }];
  let arguments = (ins Graph_Tensor:$input);
  let results = (outs Graph_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Graph_PadOp : Graph_Op<"pad", [Pure]> {
  let summary = "pad with a constant, by reflection or by edge replication";
  let description = [{
    `pads` holds the begin pads of every dim, then the end pads (non-negative).

    ```mlir
    %y = graph.pad %x {pads = array<i64: 0, 1, 0, 1>, mode = 0 : i32, value = 0.0 : f64}
        : (tensor<2x2xf32>) -> tensor<2x4xf32>
    ```
  }];
  let arguments = (ins Graph_Tensor:$input, DenseI64ArrayAttr:$pads,
                       Graph_PadMode:$mode, F64Attr:$value);
  let results = (outs Graph_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

#endif // KILN_GRAPH_DATAMOVEMENT_OPS_TD
