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

//===----------------------------------------------------------------------===//
// Linear algebra and convolution
//===----------------------------------------------------------------------===//

def Graph_MatMulOp : Graph_Op<"matmul", [Pure]> {
  let summary = "numpy-style matrix product (batched, broadcast)";
  let description = [{
    ONNX `MatMul`: 1-D operands are promoted to matrices as in numpy, batch
    dimensions broadcast. The graph optimizer may fuse an `Add` of a bias
    (broadcast to the result) and an activation into the op's epilogue:
    `result = activation(lhs x rhs + bias)`.

    ```mlir
    %c = graph.matmul %a, %b : (tensor<2x128x64xf32>, tensor<64x32xf32>) -> tensor<2x128x32xf32>
    ```
  }];
  let arguments = (ins Graph_Tensor:$lhs, Graph_Tensor:$rhs,
                       Optional<Graph_Tensor>:$bias,
                       OptionalAttr<Graph_Activation>:$activation,
                       OptionalAttr<DenseF32ArrayAttr>:$activation_params);
  let results = (outs Graph_Tensor:$result);
  let assemblyFormat = "$lhs `,` $rhs (`,` $bias^)? attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Graph_GemmOp : Graph_Op<"gemm", [Pure]> {
  let summary = "general matrix multiply: alpha * A' * B' + beta * C";
  let description = [{
    ONNX `Gemm` on 2-D operands; `C` is optional and broadcasts to the result.
    An optional fused `activation` (with `activation_params`) applies last.

    ```mlir
    %y = graph.gemm %a, %b, %c {alpha = 1.0 : f32, beta = 1.0 : f32, transA = false, transB = true}
        : (tensor<1x512xf32>, tensor<10x512xf32>, tensor<10xf32>) -> tensor<1x10xf32>
    ```
  }];
  let arguments = (ins Graph_FloatTensor:$a, Graph_FloatTensor:$b,
                       Optional<Graph_FloatTensor>:$c,
                       F32Attr:$alpha, F32Attr:$beta, BoolAttr:$transA, BoolAttr:$transB,
                       OptionalAttr<Graph_Activation>:$activation,
                       OptionalAttr<DenseF32ArrayAttr>:$activation_params);
  let results = (outs Graph_FloatTensor:$result);
  let assemblyFormat = "$a `,` $b (`,` $c^)? attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Graph_ConvOp : Graph_Op<"conv", [Pure]> {
  let summary = "N-d grouped convolution (NCHW layout)";
  let description = [{
    ONNX `Conv` for 1-, 2- and 3-D inputs. `pads` holds the begin pads of
    every spatial dim, then the end pads; `auto_pad` is resolved at import.
    Depthwise convolution is `group` = input channels. An optional fused
    `activation` (with `activation_params`, e.g. clip's `[min, max]`)
    applies after the bias.

    ```mlir
    %y = graph.conv %x, %w, %b {strides = array<i64: 2, 2>, pads = array<i64: 3, 3, 3, 3>,
                               dilations = array<i64: 1, 1>, group = 1 : i64}
        : (tensor<1x3x224x224xf32>, tensor<64x3x7x7xf32>, tensor<64xf32>) -> tensor<1x64x112x112xf32>
    ```
  }];
  let arguments = (ins Graph_FloatTensor:$input, Graph_FloatTensor:$weight,
                       Optional<Graph_FloatTensor>:$bias,
                       DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
                       DenseI64ArrayAttr:$dilations, I64Attr:$group,
                       OptionalAttr<Graph_Activation>:$activation,
                       OptionalAttr<DenseF32ArrayAttr>:$activation_params);
  let results = (outs Graph_FloatTensor:$result);
  let assemblyFormat = "$input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Graph_BatchNormOp : Graph_Op<"batch_norm", [Pure]> {
  let summary = "inference BatchNormalization over dim 1";
  let description = [{
    `y = scale * (x - mean) / sqrt(var + epsilon) + bias`, per channel.

    ```mlir
    %y = graph.batch_norm %x, %s, %b, %m, %v {epsilon = 1.0e-05 : f32}
        : (tensor<1x64x8x8xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<1x64x8x8xf32>
    ```
  }];
  let arguments = (ins Graph_FloatTensor:$input, Graph_FloatTensor:$scale,
                       Graph_FloatTensor:$bias, Graph_FloatTensor:$mean,
                       Graph_FloatTensor:$variance, F32Attr:$epsilon);
  let results = (outs Graph_FloatTensor:$result);
  let assemblyFormat = "$input `,` $scale `,` $bias `,` $mean `,` $variance attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

def Graph_MaxPoolOp : Graph_Op<"max_pool", [Pure]> {
  let summary = "N-d max pooling (NCHW)";
  let description = [{
    ONNX `MaxPool`; `ceil_mode` is already reflected in the result shape.
    Padded positions never win.

    ```mlir
    %y = graph.max_pool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>,
                           pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>}
        : (tensor<1x64x112x112xf32>) -> tensor<1x64x56x56xf32>
    ```
  }];
  let arguments = (ins Graph_Tensor:$input, DenseI64ArrayAttr:$kernel_shape,
                       DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
                       DenseI64ArrayAttr:$dilations);
  let results = (outs Graph_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Graph_AveragePoolOp : Graph_Op<"average_pool", [Pure]> {
  let summary = "N-d average pooling (NCHW)";
  let description = [{
    ONNX `AveragePool`. With `count_include_pad = false` each output divides
    by the number of input elements its window covers.

    ```mlir
    %y = graph.average_pool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>,
                               pads = array<i64: 0, 0, 0, 0>, count_include_pad = false}
        : (tensor<1x8x4x4xf32>) -> tensor<1x8x2x2xf32>
    ```
  }];
  let arguments = (ins Graph_FloatTensor:$input, DenseI64ArrayAttr:$kernel_shape,
                       DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
                       BoolAttr:$count_include_pad);
  let results = (outs Graph_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

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

#endif // KILN_GRAPH_OPS_TD
