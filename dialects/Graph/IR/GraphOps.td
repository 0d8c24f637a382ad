//===- GraphOps.td - Kiln graph dialect operations ---------*- tablegen -*-===//
//
// One op per ONNX concept. Shapes are static; every op's result type is the
// one ONNX shape inference gave, and the verifiers check it against operands
// and attributes.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_GRAPH_OPS_TD
#define KILN_GRAPH_OPS_TD

include "dialects/Graph/IR/GraphBase.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/IR/OpAsmInterface.td"
include "mlir/Interfaces/InferTypeOpInterface.td"

//===----------------------------------------------------------------------===//
// Constants
//===----------------------------------------------------------------------===//

def Graph_ConstantOp : Graph_Op<"constant", [ConstantLike, Pure,
    DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = "a constant tensor (weights, folded shape values)";
  let description = [{
    Holds an ONNX initializer, a `Constant` node or a value folded at import
    time (`Shape`, `ConstantOfShape`). Large weights are kept as
    `dense_resource` blobs that reference the model's bytes without copying.

    ```mlir
    %w = graph.constant dense<1.0> : tensor<16x3x3x3xf32>
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs Graph_Tensor:$result);
  let assemblyFormat = "attr-dict $value";
  let hasFolder = 1;
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// The other ops, by category
//===----------------------------------------------------------------------===//

include "dialects/Graph/IR/GraphElementwiseOps.td"
include "dialects/Graph/IR/GraphContractionOps.td"
include "dialects/Graph/IR/GraphReductionOps.td"
include "dialects/Graph/IR/GraphDataMovementOps.td"
include "dialects/Graph/IR/GraphFusedOps.td"
include "dialects/Graph/IR/GraphCustomOps.td"

#endif // KILN_GRAPH_OPS_TD
