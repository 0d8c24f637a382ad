//===- GraphBase.td - Kiln graph dialect base definitions --*- tablegen -*-===//
//
// The `graph` dialect holds an imported model: one op per ONNX concept, on
// statically shaped tensors. Element types follow ONNX: signed integers and
// bool are signless (`i64`, `i1`), unsigned integers are `ui8`..`ui64`.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_GRAPH_BASE_TD
#define KILN_GRAPH_BASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

def Graph_Dialect : Dialect {
  let name = "graph";
  let cppNamespace = "::kiln::graph";
  let summary = "Kiln's model-level dialect: one op per ONNX concept";
  let description = [{
    The `graph` dialect is what the ONNX importer produces and what the graph
    optimizer rewrites. Every value is a statically shaped tensor; attributes
    that ONNX passes as constant inputs (Reshape's shape, Slice's starts, ...)
    are resolved at import time into op attributes or result types, so the
    dialect carries no shape arithmetic. Ops are lowered to linalg, tensor and
    arith by `kiln-convert-graph-to-linalg`.
  }];
  let hasConstantMaterializer = 1;
  let useDefaultAttributePrinterParser = 0;
}

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

def Graph_Float : AnyTypeOf<[F16, BF16, F32, F64]>;
def Graph_Int : AnyTypeOf<[I1, I8, I16, I32, I64, UI8, UI16, UI32, UI64]>;
def Graph_Element : AnyTypeOf<[Graph_Float, Graph_Int]>;

def Graph_Tensor : RankedTensorOf<[Graph_Element]>;
def Graph_FloatTensor : RankedTensorOf<[Graph_Float]>;
def Graph_IndexTensor : RankedTensorOf<[I32, I64]>;
def Graph_BoolTensor : RankedTensorOf<[I1]>;

//===----------------------------------------------------------------------===//
// Enums
//===----------------------------------------------------------------------===//

def Graph_PadMode : I32EnumAttr<"PadMode", "padding mode", [
    I32EnumAttrCase<"constant", 0>,
    I32EnumAttrCase<"reflect", 1>,
    I32EnumAttrCase<"edge", 2>]> {
  let cppNamespace = "::kiln::graph";
}

def Graph_Activation : I32EnumAttr<"Activation",
    "activation fused into a contraction's epilogue", [
    I32EnumAttrCase<"none", 0>,
    I32EnumAttrCase<"relu", 1>,
    I32EnumAttrCase<"clip", 2>,         // params: [min, max]
    I32EnumAttrCase<"leaky_relu", 3>,   // params: [alpha]
    I32EnumAttrCase<"sigmoid", 4>,
    I32EnumAttrCase<"hard_sigmoid", 5>, // params: [alpha, beta]
    I32EnumAttrCase<"hard_swish", 6>,
    I32EnumAttrCase<"silu", 7>,
    I32EnumAttrCase<"gelu", 8>,         // erf form
    I32EnumAttrCase<"gelu_tanh", 9>,
    I32EnumAttrCase<"tanh", 10>]> {
  let cppNamespace = "::kiln::graph";
}

//===----------------------------------------------------------------------===//
// Base op class
//===----------------------------------------------------------------------===//

class Graph_Op<string mnemonic, list<Trait> traits = []>
    : Op<Graph_Dialect, mnemonic, traits>;

#endif // KILN_GRAPH_BASE_TD
