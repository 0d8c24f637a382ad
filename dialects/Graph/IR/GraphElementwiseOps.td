//===- GraphElementwiseOps.td - Elementwise graph ops ------*- tablegen -*-===//
//
// Elementwise ops: unary (one ONNX op each, or a class of them) and binary
// ops with numpy broadcasting, plus the few with extra attributes.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_GRAPH_ELEMENTWISE_OPS_TD
#define KILN_GRAPH_ELEMENTWISE_OPS_TD

include "dialects/Graph/IR/GraphBase.td"
include "mlir/IR/OpAsmInterface.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Elementwise unary ops
//===----------------------------------------------------------------------===//

class Graph_UnaryOp<string mnemonic, string onnxName, Type ty = Graph_Tensor,
                    list<Trait> traits = []>
    : Graph_Op<mnemonic, !listconcat(traits, [Pure, SameOperandsAndResultType])> {
  let summary = "elementwise " # onnxName;
  let description = [{
    Applies ONNX `}] # onnxName # [{` to every element.

    ```mlir
    %y = graph.}] # mnemonic # [{ %x : tensor<1x64xf32>
    ```
  }];
  let arguments = (ins ty:$input);
  let results = (outs ty:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def Graph_ReluOp : Graph_UnaryOp<"relu", "Relu">;
def Graph_SigmoidOp : Graph_UnaryOp<"sigmoid", "Sigmoid", Graph_FloatTensor>;
def Graph_TanhOp : Graph_UnaryOp<"tanh", "Tanh", Graph_FloatTensor>;
def Graph_ErfOp : Graph_UnaryOp<"erf", "Erf", Graph_FloatTensor>;
def Graph_SqrtOp : Graph_UnaryOp<"sqrt", "Sqrt", Graph_FloatTensor>;
def Graph_ExpOp : Graph_UnaryOp<"exp", "Exp", Graph_FloatTensor>;
def Graph_LogOp : Graph_UnaryOp<"log", "Log", Graph_FloatTensor>;
def Graph_NegOp : Graph_UnaryOp<"neg", "Neg">;
def Graph_AbsOp : Graph_UnaryOp<"abs", "Abs">;
def Graph_ReciprocalOp : Graph_UnaryOp<"reciprocal", "Reciprocal", Graph_FloatTensor>;
def Graph_FloorOp : Graph_UnaryOp<"floor", "Floor", Graph_FloatTensor>;
def Graph_CeilOp : Graph_UnaryOp<"ceil", "Ceil", Graph_FloatTensor>;
def Graph_HardSwishOp : Graph_UnaryOp<"hard_swish", "HardSwish", Graph_FloatTensor>;

// Trigonometric and hyperbolic functions; expanded into polynomials and
// exp/log by kiln-legalize-freestanding, so they never call libm.
def Graph_SinOp : Graph_UnaryOp<"sin", "Sin", Graph_FloatTensor>;
def Graph_CosOp : Graph_UnaryOp<"cos", "Cos", Graph_FloatTensor>;
def Graph_TanOp : Graph_UnaryOp<"tan", "Tan", Graph_FloatTensor>;
def Graph_AsinOp : Graph_UnaryOp<"asin", "Asin", Graph_FloatTensor>;
def Graph_AcosOp : Graph_UnaryOp<"acos", "Acos", Graph_FloatTensor>;
def Graph_AtanOp : Graph_UnaryOp<"atan", "Atan", Graph_FloatTensor>;
def Graph_SinhOp : Graph_UnaryOp<"sinh", "Sinh", Graph_FloatTensor>;
def Graph_CoshOp : Graph_UnaryOp<"cosh", "Cosh", Graph_FloatTensor>;
def Graph_AsinhOp : Graph_UnaryOp<"asinh", "Asinh", Graph_FloatTensor>;
def Graph_AcoshOp : Graph_UnaryOp<"acosh", "Acosh", Graph_FloatTensor>;
def Graph_AtanhOp : Graph_UnaryOp<"atanh", "Atanh", Graph_FloatTensor>;
/// Rounds half to even, as ONNX Round does.
def Graph_RoundOp : Graph_UnaryOp<"round", "Round (halfway cases to even)",
                                  Graph_FloatTensor>;

def Graph_LeakyReluOp : Graph_Op<"leaky_relu", [Pure, SameOperandsAndResultType]> {
  let summary = "elementwise LeakyRelu: x < 0 ? alpha * x : x";
  let description = [{
    ```mlir
    %y = graph.leaky_relu %x {alpha = 0.01 : f32} : tensor<4xf32>
    ```
  }];
  let arguments = (ins Graph_FloatTensor:$input, F32Attr:$alpha);
  let results = (outs Graph_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def Graph_HardSigmoidOp : Graph_Op<"hard_sigmoid", [Pure, SameOperandsAndResultType]> {
  let summary = "elementwise HardSigmoid: max(0, min(1, alpha * x + beta))";
  let description = [{
    ```mlir
    %y = graph.hard_sigmoid %x {alpha = 0.2 : f32, beta = 0.5 : f32} : tensor<4xf32>
    ```
  }];
  let arguments = (ins Graph_FloatTensor:$input, F32Attr:$alpha, F32Attr:$beta);
  let results = (outs Graph_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def Graph_ClipOp : Graph_Op<"clip", [Pure, SameOperandsAndResultType]> {
  let summary = "elementwise Clip to constant bounds";
  let description = [{
    Bounds are attributes: the importer turns a `Clip` whose bounds are not
    constants into `graph.max`/`graph.min`. A missing bound is unbounded.

    ```mlir
    %y = graph.clip %x {min = 0.0 : f64, max = 6.0 : f64} : tensor<4xf32>
    ```
  }];
  let arguments = (ins Graph_Tensor:$input, OptionalAttr<F64Attr>:$min,
                       OptionalAttr<F64Attr>:$max);
  let results = (outs Graph_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def Graph_CastOp : Graph_Op<"cast", [Pure, SameOperandsAndResultShape]> {
  let summary = "elementwise Cast to another element type";
  let description = [{
    Follows ONNX `Cast`: float to integer truncates toward zero, integer to
    bool is `x != 0`.

    ```mlir
    %y = graph.cast %x : tensor<4xf32> to tensor<4xi64>
    ```
  }];
  let arguments = (ins Graph_Tensor:$input);
  let results = (outs Graph_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `to` type($result)";
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Elementwise binary ops (numpy broadcasting)
//===----------------------------------------------------------------------===//

class Graph_BinaryOp<string mnemonic, string onnxName, list<Trait> traits = []>
    : Graph_Op<mnemonic, !listconcat(traits, [Pure])> {
  let summary = "elementwise " # onnxName # " with numpy broadcasting";
  let description = [{
    ONNX `}] # onnxName # [{`. Operands broadcast numpy-style to the result
    shape; operands share their element type.

    ```mlir
    %z = graph.}] # mnemonic # [{ %x, %y : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins Graph_Tensor:$lhs, Graph_Tensor:$rhs);
  let results = (outs Graph_Tensor:$result);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Graph_AddOp : Graph_BinaryOp<"add", "Add", [Commutative]>;
def Graph_SubOp : Graph_BinaryOp<"sub", "Sub">;
def Graph_MulOp : Graph_BinaryOp<"mul", "Mul", [Commutative]>;
def Graph_DivOp : Graph_BinaryOp<"div", "Div">;
def Graph_PowOp : Graph_BinaryOp<"pow", "Pow">;
def Graph_MaxOp : Graph_BinaryOp<"max", "Max", [Commutative]>;
def Graph_MinOp : Graph_BinaryOp<"min", "Min", [Commutative]>;
def Graph_EqualOp : Graph_BinaryOp<"equal", "Equal", [Commutative]>;
def Graph_LessOp : Graph_BinaryOp<"less", "Less">;
def Graph_GreaterOp : Graph_BinaryOp<"greater", "Greater">;
def Graph_AndOp : Graph_BinaryOp<"and", "And", [Commutative]>;
def Graph_OrOp : Graph_BinaryOp<"or", "Or", [Commutative]>;
def Graph_ShiftLeftOp : Graph_BinaryOp<"shift_left", "BitShift (direction LEFT)">;
def Graph_ShiftRightOp : Graph_BinaryOp<"shift_right", "BitShift (direction RIGHT)">;

def Graph_ModOp : Graph_Op<"mod", [Pure]> {
  let summary = "elementwise Mod with numpy broadcasting";
  let description = [{
    ONNX `Mod`. With `fmod` the remainder has the sign of the dividend (C
    `fmod`, truncated division); without it the sign of the divisor (numpy
    `mod`, floored division). Integer division by zero gives 0.

    ```mlir
    %z = graph.mod %x, %y {fmod = false} : (tensor<6xi32>, tensor<1xi32>) -> tensor<6xi32>
    ```
  }];
  let arguments = (ins Graph_Tensor:$lhs, Graph_Tensor:$rhs, BoolAttr:$fmod);
  let results = (outs Graph_Tensor:$result);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Graph_WhereOp : Graph_Op<"where", [Pure]> {
  let summary = "elementwise select with numpy broadcasting";
  let description = [{
    ```mlir
    %r = graph.where %c, %x, %y : (tensor<4xi1>, tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
    ```
  }];
  let arguments = (ins Graph_BoolTensor:$condition, Graph_Tensor:$lhs, Graph_Tensor:$rhs);
  let results = (outs Graph_Tensor:$result);
  let assemblyFormat = "$condition `,` $lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

#endif // KILN_GRAPH_ELEMENTWISE_OPS_TD
