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

#endif // KILN_GRAPH_OPS_TD
