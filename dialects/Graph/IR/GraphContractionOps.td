//===- GraphContractionOps.td - Contractions and pooling ---*- tablegen -*-===//
//
// Linear algebra, convolution and pooling: the ops with a reduction window
// or a contraction, which the scheduling layer gives kernels.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_GRAPH_CONTRACTION_OPS_TD
#define KILN_GRAPH_CONTRACTION_OPS_TD

include "dialects/Graph/IR/GraphBase.td"
include "mlir/IR/OpAsmInterface.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

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

def Graph_ConvOp : Graph_Op<"conv", [Pure, AttrSizedOperandSegments]> {
  let summary = "N-d grouped convolution (NCHW layout)";
  let description = [{
    ONNX `Conv` for 1-, 2- and 3-D inputs. `pads` holds the begin pads of
    every spatial dim, then the end pads; `auto_pad` is resolved at import.
    Depthwise convolution is `group` = input channels.

    The graph optimizer fuses what follows a convolution into it:
    `y = activation(conv(x, w) + bias + residual)`. The optional `residual`
    (a tensor of the result's type, no broadcasting) is a residual
    connection's other branch (`Add(conv, identity)` in ResNet and
    MobileNetV2 blocks); it is added after the bias and before the optional
    fused `activation` (with `activation_params`, e.g. clip's `[min, max]`).

    ```mlir
    %y = graph.conv %x, %w, %b {strides = array<i64: 2, 2>, pads = array<i64: 3, 3, 3, 3>,
                               dilations = array<i64: 1, 1>, group = 1 : i64}
        : (tensor<1x3x224x224xf32>, tensor<64x3x7x7xf32>, tensor<64xf32>) -> tensor<1x64x112x112xf32>
    %z = graph.conv %y, %w2, %b2 residual(%y) {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>,
                               dilations = array<i64: 1, 1>, group = 1 : i64, activation = 1 : i32}
        : (tensor<1x64x112x112xf32>, tensor<64x64x3x3xf32>, tensor<64xf32>, tensor<1x64x112x112xf32>) -> tensor<1x64x112x112xf32>
    ```
  }];
  let arguments = (ins Graph_FloatTensor:$input, Graph_FloatTensor:$weight,
                       Optional<Graph_FloatTensor>:$bias,
                       Optional<Graph_FloatTensor>:$residual,
                       DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
                       DenseI64ArrayAttr:$dilations, I64Attr:$group,
                       OptionalAttr<Graph_Activation>:$activation,
                       OptionalAttr<DenseF32ArrayAttr>:$activation_params);
  let results = (outs Graph_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? (`residual` `(` $residual^ `)`)? attr-dict
    `:` functional-type(operands, results)
  }];
  let builders = [
    // Without a residual (what the importer creates).
    OpBuilder<(ins "::mlir::Type":$result, "::mlir::Value":$input,
                   "::mlir::Value":$weight, "::mlir::Value":$bias,
                   "::mlir::DenseI64ArrayAttr":$strides,
                   "::mlir::DenseI64ArrayAttr":$pads,
                   "::mlir::DenseI64ArrayAttr":$dilations,
                   "::mlir::IntegerAttr":$group,
                   "::kiln::graph::ActivationAttr":$activation,
                   "::mlir::DenseF32ArrayAttr":$activation_params), [{
      build($_builder, $_state, result, input, weight, bias,
            /*residual=*/::mlir::Value(), strides, pads, dilations, group,
            activation, activation_params);
    }]>
  ];
  let extraClassDeclaration = [{
    /// A new conv at `loc` with this one's attributes (discardable ones
    /// included) and the given result type and operands; `bias` and
    /// `residual` may be null. The segment sizes follow the operands, which
    /// a generic create from getAttrs() would not.
    ConvOp cloneWithOperands(::mlir::OpBuilder &builder, ::mlir::Location loc,
                             ::mlir::Type resultType, ::mlir::Value input,
                             ::mlir::Value weight, ::mlir::Value bias,
                             ::mlir::Value residual);
  }];
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

#endif // KILN_GRAPH_CONTRACTION_OPS_TD
