//===- Reduction.cpp - reduce_*, softmax and layer_norm to linalg ---------===//
//
// Reductions are linalg.generic ops with reduction iterators over the reduced
// dims, writing a tensor without those dims (filled with the reduction's
// identity); keepdims re-inserts them with tensor.expand_shape. Float
// reductions of f16/bf16 accumulate in f32.
//
//===----------------------------------------------------------------------===//

#include "codegen/GraphToLinalg/Utils.h"
#include "dialects/Graph/IR/GraphOps.h"
#include "kiln/Codegen/GraphToLinalg.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include "llvm/ADT/Sequence.h"

using namespace mlir;
using namespace kiln::graph;

namespace kiln::codegen {
namespace {

//===----------------------------------------------------------------------===//
// reduce_*
//===----------------------------------------------------------------------===//

enum class ReduceKind { Sum, Mean, Max, Min, Prod };

template <typename OpTy, ReduceKind reduceKind>
class ReducePattern : public OpConversionPattern<OpTy> {
public:
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type graphType = op.getInput().getType().getElementType();
    ScalarKind kind = getScalarKind(graphType);
    ArrayRef<int64_t> inShape = op.getInput().getType().getShape();
    SmallVector<int64_t> dims(op.getAxes());
    if (dims.empty())
      dims = llvm::to_vector(llvm::seq<int64_t>(0, inShape.size()));
    int64_t count = 1;
    for (int64_t d : dims)
      count *= inShape[d];

    bool arithmetic = reduceKind == ReduceKind::Sum ||
                      reduceKind == ReduceKind::Mean ||
                      reduceKind == ReduceKind::Prod;
    if (kind == ScalarKind::Bool && arithmetic)
      return emitUnsupportedType(op, graphType);
    if (reduceKind == ReduceKind::Mean && kind != ScalarKind::Float) {
      // The integer mean divides by the count in the element type.
      unsigned width = graphType.getIntOrFloatBitWidth();
      if (count == 0 || (width < 64 && count > (int64_t(1) << (width - 1)) - 1))
        return emitUnsupported(op, Twine("averages ") + Twine(count) +
                                       " elements, which the integer element "
                                       "type cannot divide by");
    }

    Location loc = op.getLoc();
    auto resultType =
        this->getTypeConverter()->template convertType<RankedTensorType>(
            op.getType());
    Type storageType = resultType.getElementType();
    Type accType = getComputeType(storageType);

    Value identity;
    switch (reduceKind) {
    case ReduceKind::Sum:
    case ReduceKind::Mean:
      identity = createZero(rewriter, loc, accType);
      break;
    case ReduceKind::Prod:
      identity = createOne(rewriter, loc, accType);
      break;
    case ReduceKind::Max:
      identity = createLowest(rewriter, loc, graphType, accType);
      break;
    case ReduceKind::Min:
      identity = createHighest(rewriter, loc, graphType, accType);
      break;
    }
    Value init = createReductionInit(rewriter, loc, inShape, dims, identity);
    auto reducedType = cast<RankedTensorType>(init.getType());
    Value reduced =
        buildReduction(rewriter, loc, adaptor.getInput(), dims, init,
                       [&](OpBuilder &b, Location l, Value x, Value acc) {
                         x = promoteToCompute(b, l, x);
                         switch (reduceKind) {
                         case ReduceKind::Sum:
                         case ReduceKind::Mean:
                           return createAdd(b, l, kind, acc, x);
                         case ReduceKind::Prod:
                           return createMul(b, l, kind, acc, x);
                         case ReduceKind::Max:
                           return createMax(b, l, kind, acc, x);
                         case ReduceKind::Min:
                           return createMin(b, l, kind, acc, x);
                         }
                         return acc;
                       });

    if (reduceKind == ReduceKind::Mean || accType != storageType) {
      reduced = buildElementwise(
          rewriter, loc, reducedType.clone(storageType), ValueRange{reduced},
          [&](OpBuilder &b, Location l, ValueRange args) {
            Value v = args[0];
            if (reduceKind == ReduceKind::Mean) {
              if (kind == ScalarKind::Float)
                v = arith::MulFOp::create(
                    b, l, v,
                    createFloatConstant(b, l, accType, 1.0 / double(count)));
              else
                v = createDiv(b, l, kind, v,
                              createIntConstant(b, l, accType, count));
            }
            return demoteFromCompute(b, l, v, storageType);
          });
    }
    replaceWithReduced(rewriter, op, reduced, resultType, dims);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Softmax
//===----------------------------------------------------------------------===//

/// Lowers graph.softmax with buildSoftmax.
class SoftmaxPattern : public OpConversionPattern<SoftmaxOp> {
public:
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(SoftmaxOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto resultType =
        getTypeConverter()->convertType<RankedTensorType>(op.getType());
    rewriter.replaceOp(op, buildSoftmax(rewriter, op.getLoc(),
                                        adaptor.getInput(), op.getAxis(),
                                        resultType));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// LayerNorm
//===----------------------------------------------------------------------===//

/// Two-pass LayerNormalization over dims [axis, rank): mean, then the mean of
/// squared differences, then (x - mean) / sqrt(var + eps) * scale + bias.
class LayerNormPattern : public OpConversionPattern<LayerNormOp> {
public:
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(LayerNormOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    ArrayRef<int64_t> shape = op.getType().getShape();
    int64_t axis = op.getAxis();
    unsigned rank = shape.size();
    ArrayRef<int64_t> normalized = shape.drop_front(axis);
    // ONNX wants scale and bias to broadcast to the normalized dims; the
    // verifier accepts more (shape compatibility only), reject the rest here.
    for (Value v : {op.getScale(), op.getBias()}) {
      if (!v)
        continue;
      ArrayRef<int64_t> s = cast<RankedTensorType>(v.getType()).getShape();
      auto b = broadcastShapes(s, normalized);
      if (s.size() > normalized.size() || failed(b) ||
          ArrayRef<int64_t>(*b) != normalized)
        return emitUnsupported(op, "needs scale and bias that broadcast to "
                                   "the normalized dims");
    }

    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    auto resultType =
        getTypeConverter()->convertType<RankedTensorType>(op.getType());
    Type storageType = resultType.getElementType();
    Type computeType = getComputeType(storageType);
    SmallVector<int64_t> dims = llvm::to_vector(llvm::seq<int64_t>(axis, rank));
    double invCount = 1.0 / double(getNumElements(normalized));
    double epsilon = op.getEpsilon().convertToDouble();
    auto outerType = RankedTensorType::get(shape.take_front(axis), computeType);
    AffineMap identity = rewriter.getMultiDimIdentityMap(rank);
    AffineMap outerMap = getProjectionMap(rank, dims, ctx);
    Value x = adaptor.getInput();
    Value zero = createZero(rewriter, loc, computeType);

    Value sum = buildReduction(
        rewriter, loc, x, dims,
        createFilledTensor(rewriter, loc, outerType, zero),
        [](OpBuilder &b, Location l, Value v, Value acc) -> Value {
          return arith::AddFOp::create(b, l, acc, promoteToCompute(b, l, v));
        });
    Value mean = buildElementwise(
        rewriter, loc, outerType, ValueRange{sum},
        [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          return arith::MulFOp::create(
              b, l, args[0], createFloatConstant(b, l, computeType, invCount));
        });

    Value squares =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{outerType}, ValueRange{x, mean},
            ValueRange{createFilledTensor(rewriter, loc, outerType, zero)},
            SmallVector<AffineMap>{identity, outerMap, outerMap},
            getReductionIterators(rank, dims),
            [](OpBuilder &b, Location l, ValueRange args) {
              Value diff = arith::SubFOp::create(
                  b, l, promoteToCompute(b, l, args[0]), args[1]);
              Value square = arith::MulFOp::create(b, l, diff, diff);
              linalg::YieldOp::create(
                  b, l,
                  ValueRange{arith::AddFOp::create(b, l, args[2], square)});
            })
            .getResult(0);
    Value invStddev = buildElementwise(
        rewriter, loc, outerType, ValueRange{squares},
        [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          Value var = arith::MulFOp::create(
              b, l, args[0], createFloatConstant(b, l, computeType, invCount));
          Value shifted = arith::AddFOp::create(
              b, l, var, createFloatConstant(b, l, computeType, epsilon));
          Value stddev = math::SqrtOp::create(b, l, shifted);
          return arith::DivFOp::create(b, l, createOne(b, l, computeType),
                                       stddev);
        });

    SmallVector<Value> inputs = {x, mean, invStddev, adaptor.getScale()};
    SmallVector<AffineMap> maps = {
        identity, outerMap, outerMap,
        getBroadcastMap(op.getScale().getType().getShape(), shape, ctx)};
    if (Value bias = adaptor.getBias()) {
      inputs.push_back(bias);
      maps.push_back(
          getBroadcastMap(op.getBias().getType().getShape(), shape, ctx));
    }
    Value result = buildParallelGeneric(
        rewriter, loc, createEmptyTensor(rewriter, loc, resultType), inputs,
        maps, [&](OpBuilder &b, Location l, ValueRange args) {
          Value centered = arith::SubFOp::create(
              b, l, promoteToCompute(b, l, args[0]), args[1]);
          Value normalizedValue =
              arith::MulFOp::create(b, l, centered, args[2]);
          Value y = arith::MulFOp::create(b, l, normalizedValue,
                                          promoteToCompute(b, l, args[3]));
          if (args.size() > 4)
            y = arith::AddFOp::create(b, l, y, promoteToCompute(b, l, args[4]));
          return demoteFromCompute(b, l, y, storageType);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

Value buildSoftmax(OpBuilder &b, Location loc, Value x, int64_t axis,
                   RankedTensorType resultType) {
  MLIRContext *ctx = b.getContext();
  Type storageType = resultType.getElementType();
  Type computeType = getComputeType(storageType);
  unsigned rank = resultType.getRank();
  auto reducedType = RankedTensorType::get(
      dropDims(resultType.getShape(), {axis}), computeType);
  AffineMap identity = b.getMultiDimIdentityMap(rank);
  AffineMap reducedMap = getProjectionMap(rank, {axis}, ctx);

  Value maxInit = createFilledTensor(
      b, loc, reducedType, createLowest(b, loc, computeType, computeType));
  Value max = buildReduction(
      b, loc, x, {axis}, maxInit,
      [](OpBuilder &nb, Location l, Value v, Value acc) -> Value {
        return arith::MaximumFOp::create(nb, l, acc,
                                         promoteToCompute(nb, l, v));
      });
  Value exps = buildParallelGeneric(
      b, loc, createEmptyTensor(b, loc, resultType.clone(computeType)),
      ValueRange{x, max}, {identity, reducedMap},
      [](OpBuilder &nb, Location l, ValueRange args) -> Value {
        Value shifted = arith::SubFOp::create(
            nb, l, promoteToCompute(nb, l, args[0]), args[1]);
        return math::ExpOp::create(nb, l, shifted);
      });
  Value sumInit =
      createFilledTensor(b, loc, reducedType, createZero(b, loc, computeType));
  Value sum = buildReduction(
      b, loc, exps, {axis}, sumInit,
      [](OpBuilder &nb, Location l, Value v, Value acc) -> Value {
        return arith::AddFOp::create(nb, l, acc, v);
      });
  return buildParallelGeneric(
      b, loc, createEmptyTensor(b, loc, resultType), ValueRange{exps, sum},
      {identity, reducedMap}, [&](OpBuilder &nb, Location l, ValueRange args) {
        Value y = arith::DivFOp::create(nb, l, args[0], args[1]);
        return demoteFromCompute(nb, l, y, storageType);
      });
}

void populateGraphReductionToLinalgPatterns(TypeConverter &converter,
                                            RewritePatternSet &patterns) {
  MLIRContext *ctx = patterns.getContext();
  patterns.add<ReducePattern<ReduceSumOp, ReduceKind::Sum>,
               ReducePattern<ReduceMeanOp, ReduceKind::Mean>,
               ReducePattern<ReduceMaxOp, ReduceKind::Max>,
               ReducePattern<ReduceMinOp, ReduceKind::Min>,
               ReducePattern<ReduceProdOp, ReduceKind::Prod>>(converter, ctx);
  patterns.add<SoftmaxPattern, LayerNormPattern>(converter, ctx);
}

} // namespace kiln::codegen
