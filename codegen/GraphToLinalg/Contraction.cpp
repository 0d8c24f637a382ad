//===- Contraction.cpp - matmul, gemm and conv to linalg ------------------===//
//
// Named linalg ops where one fits (matmul, batch_matmul, conv_2d_nchw_fchw,
// depthwise_conv_2d_nchw_chw), so later scheduling can recognize them; a
// linalg.generic contraction with broadcasting or grouped indexing maps for
// the rest. Biases and Gemm's beta*C become the accumulator's initial value;
// f16/bf16 accumulate in f32 and are rounded once at the end, in the same
// elementwise epilogue that applies a fused activation. Ops carrying a
// kiln.schedule go to the scheduled kernels instead (ScheduledContraction.h).
//
//===----------------------------------------------------------------------===//

#include "codegen/GraphToLinalg/ScheduledContraction.h"
#include "codegen/GraphToLinalg/Utils.h"
#include "dialects/Graph/IR/GraphOps.h"
#include "kiln/Codegen/GraphToLinalg.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"

using namespace mlir;
using namespace kiln::graph;

namespace kiln::codegen {
namespace {

/// acc + x * y in the compute type of the storage type of `acc`.
Value multiplyAccumulate(OpBuilder &b, Location loc, ScalarKind kind, Value x,
                         Value y, Value acc) {
  Type storageType = acc.getType();
  Value product = createMul(b, loc, kind, promoteToCompute(b, loc, x),
                            promoteToCompute(b, loc, y));
  Value sum = createAdd(b, loc, kind, promoteToCompute(b, loc, acc), product);
  return demoteFromCompute(b, loc, sum, storageType);
}

RankedTensorType getTensorType(Value value) {
  return cast<RankedTensorType>(value.getType());
}

/// A contraction's fused activation and its parameters.
struct FusedActivation {
  Activation activation = Activation::none;
  ArrayRef<float> params;
};

/// The fused activation of `op`, after checkActivation accepted it for the
/// op's result element type (failure: the error was emitted).
template <typename OpTy>
FailureOr<FusedActivation> getCheckedActivation(OpTy op) {
  FusedActivation fused{op.getActivation().value_or(Activation::none),
                        op.getActivationParams().value_or(ArrayRef<float>())};
  if (failed(checkActivation(op, fused.activation, fused.params,
                             op.getType().getElementType())))
    return failure();
  return fused;
}

/// The epilogue of a contraction: applies the fused activation to the
/// accumulator tensor (f32 for f16/bf16 storage) and rounds it to
/// `resultType`, in one elementwise generic; returns `acc` unchanged when
/// there is nothing to do.
Value buildEpilogue(OpBuilder &b, Location loc, ScalarKind kind, Value acc,
                    RankedTensorType resultType, FusedActivation fused) {
  if (acc.getType() == resultType && fused.activation == Activation::none)
    return acc;
  Type storageType = resultType.getElementType();
  return buildElementwise(b, loc, resultType, ValueRange{acc},
                          [&](OpBuilder &nb, Location l, ValueRange args) {
                            Value y =
                                applyActivation(nb, l, kind, fused.activation,
                                                fused.params, args[0]);
                            return demoteFromCompute(nb, l, y, storageType);
                          });
}

/// The broadcast bias in `accType` (f32 for f16/bf16 storage), shaped like
/// the result, to start the accumulation from.
Value broadcastBias(OpBuilder &b, Location loc, Value bias,
                    RankedTensorType accType) {
  return buildElementwise(b, loc, accType, ValueRange{bias},
                          [](OpBuilder &nb, Location l, ValueRange args) {
                            return promoteToCompute(nb, l, args[0]);
                          });
}

//===----------------------------------------------------------------------===//
// MatMul
//===----------------------------------------------------------------------===//

/// numpy matmul: 1-D operands are promoted to matrices (the promoted dim is
/// then dropped from the result) and batch dims broadcast. A fused bias,
/// broadcast to the result, is the accumulator's initial value.
class MatMulPattern : public OpConversionPattern<MatMulOp> {
public:
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(MatMulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (hasKernelSchedule(op))
      return lowerScheduledMatMul(op, adaptor.getLhs(), adaptor.getBias(),
                                  rewriter);
    Type graphElementType = op.getType().getElementType();
    ScalarKind kind = getScalarKind(graphElementType);
    if (kind == ScalarKind::Bool)
      return emitUnsupportedType(op, graphElementType);
    FailureOr<FusedActivation> fused = getCheckedActivation(op);
    if (failed(fused))
      return failure();

    Location loc = op.getLoc();
    auto resultType =
        getTypeConverter()->convertType<RankedTensorType>(op.getType());
    Type elementType = resultType.getElementType();
    // f16/bf16 products accumulate in f32 (the named ops extend their
    // inputs to the output type) and are rounded once at the end.
    Type accType = getComputeType(elementType);
    auto accResultType = resultType.clone(accType);
    Value lhs = adaptor.getLhs(), rhs = adaptor.getRhs();
    ArrayRef<int64_t> a = getTensorType(lhs).getShape();
    ArrayRef<int64_t> b = getTensorType(rhs).getShape();
    Value zero = createZero(rewriter, loc, accType);
    Value bias =
        adaptor.getBias()
            ? broadcastBias(rewriter, loc, adaptor.getBias(), accResultType)
            : Value();
    // The accumulator in the loop nest's own shape: the bias reshaped, or 0.
    auto createInit = [&](RankedTensorType outType) {
      if (bias)
        return createReshape(rewriter, loc, bias, outType);
      return createFilledTensor(rewriter, loc, outType, zero);
    };

    Value result;
    if (a.size() >= 2 && b.size() == 2) {
      // [..., M, K] x [K, N]: the leading dims fold into M, giving one 2-D
      // matmul (the common shape of a linear layer applied to a sequence).
      auto lhsType = RankedTensorType::get(
          {getNumElements(a.drop_back()), a.back()}, elementType);
      auto outType =
          RankedTensorType::get({lhsType.getDimSize(0), b[1]}, accType);
      Value lhs2d = createReshape(rewriter, loc, lhs, lhsType);
      Value init = createInit(outType);
      Value product =
          linalg::MatmulOp::create(rewriter, loc, TypeRange{outType},
                                   ValueRange{lhs2d, rhs}, ValueRange{init})
              .getResult(0);
      result = createReshape(rewriter, loc, product, accResultType);
    } else if (a.size() >= 3 && a.size() == b.size() &&
               a.drop_back(2) == b.drop_back(2)) {
      // Equal batch dims: one batch_matmul over the flattened batch.
      int64_t batch = getNumElements(a.drop_back(2));
      int64_t m = a[a.size() - 2], k = a.back(), n = b.back();
      auto lhsType = RankedTensorType::get({batch, m, k}, elementType);
      auto rhsType = RankedTensorType::get({batch, k, n}, elementType);
      auto outType = RankedTensorType::get({batch, m, n}, accType);
      Value lhs3d = createReshape(rewriter, loc, lhs, lhsType);
      Value rhs3d = createReshape(rewriter, loc, rhs, rhsType);
      Value init = createInit(outType);
      Value product = linalg::BatchMatmulOp::create(
                          rewriter, loc, TypeRange{outType},
                          ValueRange{lhs3d, rhs3d}, ValueRange{init})
                          .getResult(0);
      result = createReshape(rewriter, loc, product, accResultType);
    } else {
      result = buildBroadcastMatmul(rewriter, loc, kind, lhs, rhs,
                                    createInit(accResultType));
    }
    rewriter.replaceOp(
        op, buildEpilogue(rewriter, loc, kind, result, resultType, *fused));
    return success();
  }

private:
  /// A linalg.generic contraction over the result dims plus k, reading
  /// operands through broadcasting maps.
  static Value buildBroadcastMatmul(OpBuilder &rewriter, Location loc,
                                    ScalarKind kind, Value lhs, Value rhs,
                                    Value init) {
    MLIRContext *ctx = rewriter.getContext();
    ArrayRef<int64_t> a = getTensorType(lhs).getShape();
    ArrayRef<int64_t> b = getTensorType(rhs).getShape();
    auto resultType = getTensorType(init);
    ArrayRef<int64_t> out = resultType.getShape();
    unsigned rank = out.size();
    bool hasM = a.size() >= 2, hasN = b.size() >= 2;
    unsigned numBatch = rank - hasM - hasN;
    unsigned numLoops = rank + 1;
    AffineExpr k = getAffineDimExpr(rank, ctx);

    // The batch dims of an operand, right-aligned with the result's batch.
    auto batchExprs = [&](ArrayRef<int64_t> shape) {
      SmallVector<AffineExpr> exprs;
      size_t operandBatch = shape.size() - 2;
      for (size_t i = 0; i < operandBatch; ++i) {
        unsigned j = numBatch - operandBatch + i;
        exprs.push_back(shape[i] == 1 && out[j] != 1
                            ? getAffineConstantExpr(0, ctx)
                            : getAffineDimExpr(j, ctx));
      }
      return exprs;
    };
    SmallVector<AffineExpr> lhsExprs, rhsExprs;
    if (hasM) {
      lhsExprs = batchExprs(a);
      lhsExprs.push_back(getAffineDimExpr(numBatch, ctx));
    }
    lhsExprs.push_back(k);
    if (hasN) {
      rhsExprs = batchExprs(b);
      rhsExprs.push_back(k);
      rhsExprs.push_back(getAffineDimExpr(numBatch + hasM, ctx));
    } else {
      rhsExprs.push_back(k);
    }
    SmallVector<AffineMap> maps = {AffineMap::get(numLoops, 0, lhsExprs, ctx),
                                   AffineMap::get(numLoops, 0, rhsExprs, ctx),
                                   getProjectionMap(numLoops, {rank}, ctx)};
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    iterators.push_back(utils::IteratorType::reduction);

    return linalg::GenericOp::create(
               rewriter, loc, TypeRange{resultType}, ValueRange{lhs, rhs},
               ValueRange{init}, maps, iterators,
               [&](OpBuilder &nb, Location l, ValueRange args) {
                 linalg::YieldOp::create(nb, l,
                                         multiplyAccumulate(nb, l, kind,
                                                            args[0], args[1],
                                                            args[2]));
               })
        .getResult(0);
  }
};

//===----------------------------------------------------------------------===//
// Gemm
//===----------------------------------------------------------------------===//

/// alpha * A' * B' + beta * C as a linalg.matmul whose indexing maps apply
/// the transposes. With alpha = 1 the broadcast beta*C is the matmul's
/// initial accumulator; otherwise one elementwise epilogue scales and adds
/// (it also applies the fused activation and rounds f16/bf16 results, which
/// accumulate in f32).
class GemmPattern : public OpConversionPattern<GemmOp> {
public:
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(GemmOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (hasKernelSchedule(op))
      return lowerScheduledGemm(op, adaptor.getA(), adaptor.getC(), rewriter);
    FailureOr<FusedActivation> fused = getCheckedActivation(op);
    if (failed(fused))
      return failure();
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    auto resultType =
        getTypeConverter()->convertType<RankedTensorType>(op.getType());
    Type storageType = resultType.getElementType();
    Type accType = getComputeType(storageType);
    auto accResultType = resultType.clone(accType);
    double alpha = op.getAlpha().convertToDouble();
    double beta = op.getBeta().convertToDouble();
    // beta = 0 drops C entirely, as ONNX Runtime does.
    Value c = beta != 0.0 ? adaptor.getC() : Value();
    bool cIsInit = c && alpha == 1.0;

    auto scaled = [&](OpBuilder &b, Location l, Value x, double factor) {
      if (factor == 1.0)
        return x;
      return Value(arith::MulFOp::create(
          b, l, x, createFloatConstant(b, l, x.getType(), factor)));
    };

    Value init;
    if (cIsInit) {
      init = buildElementwise(
          rewriter, loc, accResultType, ValueRange{c},
          [&](OpBuilder &b, Location l, ValueRange args) {
            return scaled(b, l, promoteToCompute(b, l, args[0]), beta);
          });
    } else {
      init = createFilledTensor(rewriter, loc, accResultType,
                                createZero(rewriter, loc, accType));
    }

    auto matmul = linalg::MatmulOp::create(
        rewriter, loc, TypeRange{accResultType},
        ValueRange{adaptor.getA(), adaptor.getB()}, ValueRange{init});
    if (op.getTransA() || op.getTransB()) {
      AffineExpr m = getAffineDimExpr(0, ctx), n = getAffineDimExpr(1, ctx),
                 k = getAffineDimExpr(2, ctx);
      auto map = [&](AffineExpr x, AffineExpr y) {
        return AffineMapAttr::get(AffineMap::get(3, 0, {x, y}, ctx));
      };
      matmul.setIndexingMapsAttr(rewriter.getArrayAttr(
          {op.getTransA() ? map(k, m) : map(m, k),
           op.getTransB() ? map(n, k) : map(k, n), map(m, n)}));
    }
    Value result = matmul.getResult(0);

    if (alpha != 1.0 || accType != storageType ||
        fused->activation != Activation::none) {
      SmallVector<Value> inputs = {result};
      if (c && !cIsInit)
        inputs.push_back(c);
      result = buildElementwise(
          rewriter, loc, resultType, inputs,
          [&](OpBuilder &b, Location l, ValueRange args) {
            Value y = scaled(b, l, args[0], alpha);
            if (args.size() > 1)
              y = arith::AddFOp::create(
                  b, l, y, scaled(b, l, promoteToCompute(b, l, args[1]), beta));
            y = applyActivation(b, l, ScalarKind::Float, fused->activation,
                                fused->params, y);
            return demoteFromCompute(b, l, y, storageType);
          });
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Conv
//===----------------------------------------------------------------------===//

/// N-d grouped convolution. The input is zero-padded with tensor.pad, the
/// accumulator starts as the broadcast bias plus the residual (or zeros),
/// then: 2-D with one group is linalg.conv_2d_nchw_fchw, 2-D depthwise with
/// channel multiplier 1 is linalg.depthwise_conv_2d_nchw_chw, and everything
/// else a generic over (n, g, f, o..., c, k...) with the group dim split out
/// of the channel dims by expand_shape. A fused activation runs in the
/// epilogue.
class ConvPattern : public OpConversionPattern<ConvOp> {
public:
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ConvOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (hasKernelSchedule(op))
      return lowerScheduledConv(op, adaptor.getInput(), adaptor.getBias(),
                                adaptor.getResidual(), rewriter);
    FailureOr<FusedActivation> fused = getCheckedActivation(op);
    if (failed(fused))
      return failure();
    Location loc = op.getLoc();
    auto resultType =
        getTypeConverter()->convertType<RankedTensorType>(op.getType());
    Type elementType = resultType.getElementType();
    Type accType = getComputeType(elementType);
    auto accResultType = resultType.clone(accType);
    Value input = adaptor.getInput(), weight = adaptor.getWeight();
    ArrayRef<int64_t> inShape = getTensorType(input).getShape();
    ArrayRef<int64_t> wShape = getTensorType(weight).getShape();
    int64_t numSpatial = inShape.size() - 2;
    int64_t group = op.getGroup();
    int64_t channels = inShape[1], filters = wShape[0];
    ArrayRef<int64_t> strides = op.getStrides(), pads = op.getPads(),
                      dilations = op.getDilations();
    Value padded = padInput(rewriter, loc, input, pads);

    // The accumulator starts as bias + residual: the sum is only
    // reassociated, and the convolution's output is written once.
    Value init;
    Value bias = adaptor.getBias(), residual = adaptor.getResidual();
    if (bias || residual) {
      MLIRContext *ctx = rewriter.getContext();
      int64_t rank = resultType.getRank();
      SmallVector<Value> inputs;
      SmallVector<AffineMap> maps;
      if (bias) {
        inputs.push_back(bias);
        maps.push_back(
            AffineMap::get(rank, 0, {getAffineDimExpr(1, ctx)}, ctx));
      }
      if (residual) {
        inputs.push_back(residual);
        maps.push_back(AffineMap::getMultiDimIdentityMap(rank, ctx));
      }
      init = buildParallelGeneric(
          rewriter, loc, createEmptyTensor(rewriter, loc, accResultType),
          inputs, maps, [](OpBuilder &b, Location l, ValueRange args) {
            Value sum = promoteToCompute(b, l, args[0]);
            for (Value arg : args.drop_front())
              sum =
                  arith::AddFOp::create(b, l, sum, promoteToCompute(b, l, arg));
            return sum;
          });
    } else {
      init = createFilledTensor(rewriter, loc, accResultType,
                                createZero(rewriter, loc, accType));
    }

    Value result;
    auto stridesAttr = rewriter.getI64TensorAttr(strides);
    auto dilationsAttr = rewriter.getI64TensorAttr(dilations);
    if (numSpatial == 2 && group == 1) {
      result = linalg::Conv2DNchwFchwOp::create(
                   rewriter, loc, TypeRange{accResultType},
                   ValueRange{padded, weight}, ValueRange{init}, stridesAttr,
                   dilationsAttr)
                   .getResult(0);
    } else if (numSpatial == 2 && group == channels && filters == channels) {
      // Weight [C, 1, KH, KW] -> [C, KH, KW].
      auto depthwiseType =
          RankedTensorType::get({channels, wShape[2], wShape[3]}, elementType);
      Value depthwiseWeight = tensor::CollapseShapeOp::create(
          rewriter, loc, depthwiseType, weight,
          ArrayRef<ReassociationIndices>{{0, 1}, {2}, {3}});
      result = linalg::DepthwiseConv2DNchwChwOp::create(
                   rewriter, loc, TypeRange{accResultType},
                   ValueRange{padded, depthwiseWeight}, ValueRange{init},
                   stridesAttr, dilationsAttr)
                   .getResult(0);
    } else {
      result = buildGroupedConv(rewriter, loc, padded, weight, init, group,
                                strides, dilations);
    }
    rewriter.replaceOp(op, buildEpilogue(rewriter, loc, ScalarKind::Float,
                                         result, resultType, *fused));
    return success();
  }

private:
  static Value padInput(OpBuilder &b, Location loc, Value input,
                        ArrayRef<int64_t> pads) {
    if (llvm::all_of(pads, [](int64_t p) { return p == 0; }))
      return input;
    auto type = getTensorType(input);
    Value zero = createZero(b, loc, type.getElementType());
    size_t numSpatial = type.getRank() - 2;
    SmallVector<int64_t> shape(type.getShape());
    SmallVector<OpFoldResult> low(2, b.getIndexAttr(0)),
        high(2, b.getIndexAttr(0));
    for (size_t i = 0; i < numSpatial; ++i) {
      shape[i + 2] += pads[i] + pads[i + numSpatial];
      low.push_back(b.getIndexAttr(pads[i]));
      high.push_back(b.getIndexAttr(pads[i + numSpatial]));
    }
    return tensor::PadOp::create(b, loc, type.clone(shape), input, low, high,
                                 zero);
  }

  /// Splits dim `dim` of `value` into (outer, size / outer).
  static Value splitDim(OpBuilder &b, Location loc, Value value, int64_t dim,
                        int64_t outer) {
    auto type = getTensorType(value);
    SmallVector<int64_t> shape;
    SmallVector<ReassociationIndices> groups;
    for (int64_t d = 0; d < type.getRank(); ++d) {
      int64_t next = shape.size();
      if (d == dim) {
        shape.push_back(outer);
        shape.push_back(type.getDimSize(d) / outer);
        groups.push_back({next, next + 1});
      } else {
        shape.push_back(type.getDimSize(d));
        groups.push_back({next});
      }
    }
    return tensor::ExpandShapeOp::create(b, loc, type.clone(shape), value,
                                         groups);
  }

  static Value buildGroupedConv(OpBuilder &b, Location loc, Value padded,
                                Value weight, Value init, int64_t group,
                                ArrayRef<int64_t> strides,
                                ArrayRef<int64_t> dilations) {
    MLIRContext *ctx = b.getContext();
    auto resultType = getTensorType(init);
    int64_t numSpatial = resultType.getRank() - 2;
    // [N, C, S...] -> [N, G, C/G, S...]; [F, C/G, K...] -> [G, F/G, C/G, K...];
    // [N, F, O...] -> [N, G, F/G, O...].
    Value groupedInput = splitDim(b, loc, padded, 1, group);
    Value groupedWeight = splitDim(b, loc, weight, 0, group);
    Value groupedInit = splitDim(b, loc, init, 1, group);

    // Loops: n, g, f, o_0..o_{d-1} (parallel), c, k_0..k_{d-1} (reduction).
    unsigned numLoops = 4 + 2 * numSpatial;
    auto dim = [&](int64_t i) { return getAffineDimExpr(i, ctx); };
    AffineExpr n = dim(0), g = dim(1), f = dim(2), c = dim(3 + numSpatial);
    SmallVector<AffineExpr> inExprs = {n, g, c}, wExprs = {g, f, c},
                            outExprs = {n, g, f};
    for (int64_t i = 0; i < numSpatial; ++i) {
      AffineExpr o = dim(3 + i), k = dim(4 + numSpatial + i);
      inExprs.push_back(o * strides[i] + k * dilations[i]);
      wExprs.push_back(k);
      outExprs.push_back(o);
    }
    SmallVector<AffineMap> maps = {AffineMap::get(numLoops, 0, inExprs, ctx),
                                   AffineMap::get(numLoops, 0, wExprs, ctx),
                                   AffineMap::get(numLoops, 0, outExprs, ctx)};
    SmallVector<utils::IteratorType> iterators(3 + numSpatial,
                                               utils::IteratorType::parallel);
    iterators.append(1 + numSpatial, utils::IteratorType::reduction);

    Value grouped = linalg::GenericOp::create(
                        b, loc, TypeRange{groupedInit.getType()},
                        ValueRange{groupedInput, groupedWeight},
                        ValueRange{groupedInit}, maps, iterators,
                        [&](OpBuilder &nb, Location l, ValueRange args) {
                          linalg::YieldOp::create(
                              nb, l,
                              multiplyAccumulate(nb, l, ScalarKind::Float,
                                                 args[0], args[1], args[2]));
                        })
                        .getResult(0);
    SmallVector<ReassociationIndices> groups = {{0}, {1, 2}};
    for (int64_t i = 0; i < numSpatial; ++i)
      groups.push_back({3 + i});
    return tensor::CollapseShapeOp::create(b, loc, resultType, grouped, groups);
  }
};

} // namespace

void populateGraphContractionToLinalgPatterns(TypeConverter &converter,
                                              RewritePatternSet &patterns) {
  patterns.add<MatMulPattern, GemmPattern, ConvPattern>(converter,
                                                        patterns.getContext());
}

} // namespace kiln::codegen
