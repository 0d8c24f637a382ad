//===- Indexing.cpp - Position-computing graph ops to linalg --------------===//
//
// arg_max/arg_min are one reduction with two outputs (the best value and its
// index). top_k ranks every element against its whole axis, then finds the
// element of each rank; cumsum is a masked reduction over the axis. Gathers
// read through computed, clamped indices (tensor.extract). Scatters are
// driven by the output: every output element folds, in row-major order, the
// updates that land on it, so duplicates and reductions follow ONNX's
// sequential semantics without any write conflict. The reductions over the
// axis (top_k, cumsum) and the scatters cost the output size times the axis
// length or the number of updates.
//
//===----------------------------------------------------------------------===//

#include "codegen/GraphToLinalg/Utils.h"
#include "dialects/Graph/IR/GraphOps.h"
#include "kiln/Codegen/GraphToLinalg.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace kiln::graph;

namespace kiln::codegen {
namespace {

Value indexConstant(OpBuilder &b, Location loc, int64_t value) {
  return arith::ConstantIndexOp::create(b, loc, value);
}

/// `index` (any integer type) as an index wrapped when negative
/// (index + size) and clamped into [0, size - 1], so reads stay in bounds.
Value wrapAndClamp(OpBuilder &b, Location loc, Value index, int64_t size) {
  Value i = arith::IndexCastOp::create(b, loc, b.getIndexType(), index);
  Value zero = indexConstant(b, loc, 0);
  Value isNegative =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, i, zero);
  Value wrapped = arith::SelectOp::create(
      b, loc, isNegative,
      arith::AddIOp::create(b, loc, i, indexConstant(b, loc, size)), i);
  return arith::MaxSIOp::create(
      b, loc,
      arith::MinSIOp::create(b, loc, wrapped, indexConstant(b, loc, size - 1)),
      zero);
}

/// `index` as an index wrapped when negative, not clamped: an out-of-range
/// value then matches no position (scatters skip it).
Value wrapIndex(OpBuilder &b, Location loc, Value index, int64_t size) {
  Value i = arith::IndexCastOp::create(b, loc, b.getIndexType(), index);
  Value zero = indexConstant(b, loc, 0);
  Value isNegative =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, i, zero);
  return arith::SelectOp::create(
      b, loc, isNegative,
      arith::AddIOp::create(b, loc, i, indexConstant(b, loc, size)), i);
}

Value isNaN(OpBuilder &b, Location loc, Value x) {
  return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, x, x);
}

/// A total order in which NaN is above every number and equal to NaN:
/// `a > b` and `a == b`.
std::pair<Value, Value> orderedCompare(OpBuilder &b, Location loc,
                                       ScalarKind kind, Value lhs, Value rhs) {
  Value greater = createCompare(b, loc, kind, CompareKind::Greater, lhs, rhs);
  Value equal = createCompare(b, loc, kind, CompareKind::Equal, lhs, rhs);
  if (kind != ScalarKind::Float)
    return {greater, equal};
  Value lhsNaN = isNaN(b, loc, lhs), rhsNaN = isNaN(b, loc, rhs);
  Value notRhsNaN = arith::XOrIOp::create(
      b, loc, rhsNaN, arith::ConstantIntOp::create(b, loc, 1, 1));
  greater = arith::OrIOp::create(
      b, loc, greater, arith::AndIOp::create(b, loc, lhsNaN, notRhsNaN));
  equal = arith::OrIOp::create(b, loc, equal,
                               arith::AndIOp::create(b, loc, lhsNaN, rhsNaN));
  return {greater, equal};
}

/// The loop dims of `rank` loops with dim `axis` replaced by loop `with`.
AffineMap replaceDim(unsigned numLoops, unsigned rank, int64_t axis,
                     unsigned with, MLIRContext *ctx) {
  SmallVector<AffineExpr> exprs;
  for (unsigned d = 0; d < rank; ++d)
    exprs.push_back(getAffineDimExpr(d == axis ? with : d, ctx));
  return AffineMap::get(numLoops, 0, exprs, ctx);
}

/// The first `rank` of `numLoops` loop dims.
AffineMap leadingDims(unsigned numLoops, unsigned rank, MLIRContext *ctx) {
  SmallVector<AffineExpr> exprs;
  for (unsigned d = 0; d < rank; ++d)
    exprs.push_back(getAffineDimExpr(d, ctx));
  return AffineMap::get(numLoops, 0, exprs, ctx);
}

Value indexToI64(OpBuilder &b, Location loc, Value index) {
  return arith::IndexCastOp::create(b, loc, b.getI64Type(), index);
}

//===----------------------------------------------------------------------===//
// arg_max, arg_min
//===----------------------------------------------------------------------===//

/// One reduction over the axis carrying (best value, its index). A new
/// element wins when it is strictly better (the first of equals is kept)
/// or, with select_last_index, better or equal. NaN counts as the best, as
/// numpy's argmax/argmin count it.
template <typename OpTy, bool IsMax>
class ArgReducePattern : public OpConversionPattern<OpTy> {
public:
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type graphType = op.getInput().getType().getElementType();
    ScalarKind kind = getScalarKind(graphType);
    if (kind == ScalarKind::Bool)
      return emitUnsupportedType(op, graphType);
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    ArrayRef<int64_t> inShape = op.getInput().getType().getShape();
    int64_t axis = op.getAxis();
    bool last = op.getSelectLastIndex();
    unsigned rank = inShape.size();
    Type accType = getComputeType(
        cast<RankedTensorType>(adaptor.getInput().getType()).getElementType());

    Value initValue = createReductionInit(
        rewriter, loc, inShape, {axis},
        IsMax ? createLowest(rewriter, loc, graphType, accType)
              : createHighest(rewriter, loc, graphType, accType));
    Value initIndex = createReductionInit(
        rewriter, loc, inShape, {axis},
        createIntConstant(rewriter, loc, rewriter.getI64Type(), 0));
    AffineMap reducedMap = getProjectionMap(rank, {axis}, ctx);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{initValue.getType(), initIndex.getType()},
        ValueRange{adaptor.getInput()}, ValueRange{initValue, initIndex},
        {rewriter.getMultiDimIdentityMap(rank), reducedMap, reducedMap},
        getReductionIterators(rank, {axis}),
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value x = promoteToCompute(b, l, args[0]);
          Value acc = args[1];
          Value better, equal;
          if (kind == ScalarKind::Float) {
            Value xNaN = isNaN(b, l, x), accNaN = isNaN(b, l, acc);
            Value notAccNaN = arith::XOrIOp::create(
                b, l, accNaN, arith::ConstantIntOp::create(b, l, 1, 1));
            Value strict = createCompare(
                b, l, kind, IsMax ? CompareKind::Greater : CompareKind::Less, x,
                acc);
            better = arith::OrIOp::create(
                b, l, strict, arith::AndIOp::create(b, l, xNaN, notAccNaN));
            equal = arith::OrIOp::create(
                b, l, createCompare(b, l, kind, CompareKind::Equal, x, acc),
                arith::AndIOp::create(b, l, xNaN, accNaN));
          } else {
            better = createCompare(
                b, l, kind, IsMax ? CompareKind::Greater : CompareKind::Less, x,
                acc);
            equal = createCompare(b, l, kind, CompareKind::Equal, x, acc);
          }
          Value wins =
              last ? arith::OrIOp::create(b, l, better, equal) : better;
          Value index = indexToI64(b, l, linalg::IndexOp::create(b, l, axis));
          linalg::YieldOp::create(
              b, l,
              ValueRange{arith::SelectOp::create(b, l, wins, x, acc),
                         arith::SelectOp::create(b, l, wins, index, args[2])});
        });
    replaceWithReduced(
        rewriter, op, generic.getResult(1),
        this->getTypeConverter()->template convertType<RankedTensorType>(
            op.getType()),
        {axis});
    return success();
  }
};

//===----------------------------------------------------------------------===//
// top_k
//===----------------------------------------------------------------------===//

/// rank[i] = #{j : x[j] comes before x[i]} along the axis (before: larger,
/// or smaller without `largest`; equal elements by index), then
/// index[p] = the i with rank[i] == p, and values[p] = x[index[p]].
class TopKPattern : public OpConversionPattern<TopKOp> {
public:
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(TopKOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type graphType = op.getInput().getType().getElementType();
    ScalarKind kind = getScalarKind(graphType);
    if (kind == ScalarKind::Bool)
      return emitUnsupportedType(op, graphType);
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    auto inType = cast<RankedTensorType>(adaptor.getInput().getType());
    auto valuesType = getTypeConverter()->convertType<RankedTensorType>(
        op.getValues().getType());
    auto indicesType = cast<RankedTensorType>(op.getIndices().getType());
    int64_t axis = op.getAxis();
    bool largest = op.getLargest();
    unsigned rank = inType.getRank();
    int64_t n = inType.getDimSize(axis);
    Type i64 = rewriter.getI64Type();
    Value x = adaptor.getInput();

    // Ranks: loops (input dims..., j), j a reduction over the axis.
    auto rankType = RankedTensorType::get(inType.getShape(), i64);
    Value zero64 = createIntConstant(rewriter, loc, i64, 0);
    SmallVector<utils::IteratorType> iterators(rank + 1,
                                               utils::IteratorType::parallel);
    iterators[rank] = utils::IteratorType::reduction;
    Value ranks =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{rankType}, ValueRange{x, x},
            ValueRange{createFilledTensor(rewriter, loc, rankType, zero64)},
            {leadingDims(rank + 1, rank, ctx),
             replaceDim(rank + 1, rank, axis, rank, ctx),
             leadingDims(rank + 1, rank, ctx)},
            iterators,
            [&](OpBuilder &b, Location l, ValueRange args) {
              Value self = promoteToCompute(b, l, args[0]);
              Value other = promoteToCompute(b, l, args[1]);
              auto [before, equal] =
                  largest ? orderedCompare(b, l, kind, other, self)
                          : orderedCompare(b, l, kind, self, other);
              Value j = linalg::IndexOp::create(b, l, rank);
              Value i = linalg::IndexOp::create(b, l, axis);
              Value earlier =
                  arith::CmpIOp::create(b, l, arith::CmpIPredicate::ult, j, i);
              Value counts = arith::OrIOp::create(
                  b, l, before, arith::AndIOp::create(b, l, equal, earlier));
              Value one = createIntConstant(b, l, b.getI64Type(), 1);
              Value add = arith::SelectOp::create(
                  b, l, counts, one,
                  createIntConstant(b, l, b.getI64Type(), 0));
              linalg::YieldOp::create(
                  b, l, ValueRange{arith::AddIOp::create(b, l, args[2], add)});
            })
            .getResult(0);

    // Indices: loops (output dims..., i), i a reduction over the axis.
    auto outIndexType = indicesType;
    Value indices =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{outIndexType}, ValueRange{ranks},
            ValueRange{createFilledTensor(rewriter, loc, outIndexType, zero64)},
            {replaceDim(rank + 1, rank, axis, rank, ctx),
             leadingDims(rank + 1, rank, ctx)},
            iterators,
            [&](OpBuilder &b, Location l, ValueRange args) {
              Value p = indexToI64(b, l, linalg::IndexOp::create(b, l, axis));
              Value i = indexToI64(b, l, linalg::IndexOp::create(b, l, rank));
              Value hit = arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq,
                                                args[0], p);
              Value add = arith::SelectOp::create(
                  b, l, hit, i, createIntConstant(b, l, b.getI64Type(), 0));
              linalg::YieldOp::create(
                  b, l, ValueRange{arith::AddIOp::create(b, l, args[1], add)});
            })
            .getResult(0);

    // Values: read x at the found index (a permutation, clamped anyway).
    Value values = buildParallelGeneric(
        rewriter, loc, createEmptyTensor(rewriter, loc, valuesType),
        ValueRange{indices}, {rewriter.getMultiDimIdentityMap(rank)},
        [&](OpBuilder &b, Location l, ValueRange args) {
          SmallVector<Value> source;
          for (unsigned d = 0; d < rank; ++d)
            source.push_back(d == axis
                                 ? wrapAndClamp(b, l, args[0], n)
                                 : Value(linalg::IndexOp::create(b, l, d)));
          return Value(tensor::ExtractOp::create(b, l, x, source));
        });
    rewriter.replaceOp(op, {values, indices});
    return success();
  }
};

//===----------------------------------------------------------------------===//
// cumsum
//===----------------------------------------------------------------------===//

/// out[.., i, ..] = sum of x[.., t, ..] over the t the mode includes
/// (t <= i; t < i when exclusive; mirrored when reverse), accumulated in
/// the compute type.
class CumSumPattern : public OpConversionPattern<CumSumOp> {
public:
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(CumSumOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type graphType = op.getType().getElementType();
    ScalarKind kind = getScalarKind(graphType);
    if (kind == ScalarKind::Bool)
      return emitUnsupportedType(op, graphType);
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    auto resultType =
        getTypeConverter()->convertType<RankedTensorType>(op.getType());
    Type storageType = resultType.getElementType();
    Type accType = getComputeType(storageType);
    auto accTensor = resultType.clone(accType);
    int64_t axis = op.getAxis();
    unsigned rank = resultType.getRank();
    bool exclusive = op.getExclusive(), reverse = op.getReverse();
    SmallVector<utils::IteratorType> iterators(rank + 1,
                                               utils::IteratorType::parallel);
    iterators[rank] = utils::IteratorType::reduction;
    Value sums =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{accTensor}, ValueRange{adaptor.getInput()},
            ValueRange{createFilledTensor(rewriter, loc, accTensor,
                                          createZero(rewriter, loc, accType))},
            {replaceDim(rank + 1, rank, axis, rank, ctx),
             leadingDims(rank + 1, rank, ctx)},
            iterators,
            [&](OpBuilder &b, Location l, ValueRange args) {
              Value t = linalg::IndexOp::create(b, l, rank);
              Value i = linalg::IndexOp::create(b, l, axis);
              arith::CmpIPredicate predicate =
                  reverse ? (exclusive ? arith::CmpIPredicate::ugt
                                       : arith::CmpIPredicate::uge)
                          : (exclusive ? arith::CmpIPredicate::ult
                                       : arith::CmpIPredicate::ule);
              Value included = arith::CmpIOp::create(b, l, predicate, t, i);
              Value sum = createAdd(b, l, kind, args[1],
                                    promoteToCompute(b, l, args[0]));
              linalg::YieldOp::create(b, l,
                                      ValueRange{arith::SelectOp::create(
                                          b, l, included, sum, args[1])});
            })
            .getResult(0);
    if (accType != storageType)
      sums = buildElementwise(rewriter, loc, resultType, ValueRange{sums},
                              [&](OpBuilder &b, Location l, ValueRange args) {
                                return demoteFromCompute(b, l, args[0],
                                                         storageType);
                              });
    rewriter.replaceOp(op, sums);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// gather_elements, gather_nd
//===----------------------------------------------------------------------===//

/// result[i] = data[i with i[axis] = indices[i]].
class GatherElementsPattern : public OpConversionPattern<GatherElementsOp> {
public:
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(GatherElementsOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto resultType =
        getTypeConverter()->convertType<RankedTensorType>(op.getType());
    int64_t axis = op.getAxis();
    int64_t dim = op.getData().getType().getDimSize(axis);
    unsigned rank = resultType.getRank();
    Value data = adaptor.getData();
    Value result = buildParallelGeneric(
        rewriter, op.getLoc(),
        createEmptyTensor(rewriter, op.getLoc(), resultType),
        ValueRange{adaptor.getIndices()},
        {rewriter.getMultiDimIdentityMap(rank)},
        [&](OpBuilder &b, Location l, ValueRange args) {
          SmallVector<Value> source;
          for (unsigned d = 0; d < rank; ++d)
            source.push_back(d == axis
                                 ? wrapAndClamp(b, l, args[0], dim)
                                 : Value(linalg::IndexOp::create(b, l, d)));
          return Value(tensor::ExtractOp::create(b, l, data, source));
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// result[b.., i.., r..] = data[b.., indices[b.., i.., :].., r..].
class GatherNDPattern : public OpConversionPattern<GatherNDOp> {
public:
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(GatherNDOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto resultType =
        getTypeConverter()->convertType<RankedTensorType>(op.getType());
    ArrayRef<int64_t> dataShape = op.getData().getType().getShape();
    auto indicesType = cast<RankedTensorType>(op.getIndices().getType());
    int64_t batch = op.getBatchDims();
    int64_t q = indicesType.getRank();
    int64_t m = indicesType.getDimSize(q - 1);
    Value data = adaptor.getData(), indices = adaptor.getIndices();
    Value result = buildParallelGeneric(
        rewriter, op.getLoc(),
        createEmptyTensor(rewriter, op.getLoc(), resultType), {}, {},
        [&](OpBuilder &b, Location l, ValueRange) {
          SmallVector<Value> loops;
          for (int64_t d = 0; d < resultType.getRank(); ++d)
            loops.push_back(linalg::IndexOp::create(b, l, d));
          SmallVector<Value> source(loops.begin(), loops.begin() + batch);
          SmallVector<Value> tuple(loops.begin(), loops.begin() + q - 1);
          tuple.push_back(Value());
          for (int64_t k = 0; k < m; ++k) {
            tuple.back() = indexConstant(b, l, k);
            Value index = tensor::ExtractOp::create(b, l, indices, tuple);
            source.push_back(wrapAndClamp(b, l, index, dataShape[batch + k]));
          }
          source.append(loops.begin() + q - 1, loops.end());
          return Value(tensor::ExtractOp::create(b, l, data, source));
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// scatter_elements, scatter_nd
//===----------------------------------------------------------------------===//

LogicalResult checkScatter(Operation *op, Type graphType,
                           ScatterReduction reduction) {
  if (getScalarKind(graphType) == ScalarKind::Bool &&
      (reduction == ScatterReduction::add ||
       reduction == ScatterReduction::mul))
    return emitUnsupportedType(op, graphType);
  return success();
}

/// The value an update leaves at its target: the update itself, or the
/// reduction of the current value with it.
Value combineUpdate(OpBuilder &b, Location loc, ScalarKind kind,
                    ScatterReduction reduction, Value current, Value update) {
  auto compute = [&](Value x, Value y) -> Value {
    switch (reduction) {
    case ScatterReduction::none:
      return y;
    case ScatterReduction::add:
      return createAdd(b, loc, kind, x, y);
    case ScatterReduction::mul:
      return createMul(b, loc, kind, x, y);
    case ScatterReduction::max:
      return createMax(b, loc, kind, x, y);
    case ScatterReduction::min:
      return createMin(b, loc, kind, x, y);
    }
    return y;
  };
  if (kind != ScalarKind::Float || reduction == ScatterReduction::none)
    return compute(current, update);
  Value result = compute(promoteToCompute(b, loc, current),
                         promoteToCompute(b, loc, update));
  return demoteFromCompute(b, loc, result, current.getType());
}

/// What both scatters share: the reduction check, the pass-through when no
/// update is given, and a linalg.generic over (output dims..., update dims...)
/// with the update dims reductions in row-major order, which lowerScatter
/// builds from the subclass's operands and body.
template <typename OpTy>
class ScatterPatternBase : public OpConversionPattern<OpTy> {
public:
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const final {
    Type graphType = op.getType().getElementType();
    ScatterReduction reduction = op.getReduction();
    if (failed(checkScatter(op, graphType, reduction)))
      return failure();
    if (op.getIndices().getType().getNumElements() == 0 ||
        op.getUpdates().getType().getNumElements() == 0) {
      rewriter.replaceOp(op, adaptor.getData());
      return success();
    }
    auto resultType =
        this->getTypeConverter()->template convertType<RankedTensorType>(
            op.getType());
    rewriter.replaceOp(op, lowerScatter(op, adaptor, rewriter, resultType,
                                        getScalarKind(graphType), reduction));
    return success();
  }

protected:
  /// Builds the scatter of `op`'s updates into its data, of `resultType`.
  virtual Value lowerScatter(OpTy op, typename OpTy::Adaptor adaptor,
                             OpBuilder &rewriter, RankedTensorType resultType,
                             ScalarKind kind,
                             ScatterReduction reduction) const = 0;

  /// The generic over `numLoops` loops, the first resultType.getRank() of
  /// them the output's (parallel), the rest reductions; `inputs` are read
  /// through `inputMaps` and the data is the init.
  static Value buildScatterGeneric(
      OpBuilder &b, Location loc, RankedTensorType resultType, Value data,
      ValueRange inputs, SmallVector<AffineMap> inputMaps, unsigned numLoops,
      function_ref<void(OpBuilder &, Location, ValueRange)> body) {
    unsigned rank = resultType.getRank();
    inputMaps.push_back(leadingDims(numLoops, rank, b.getContext()));
    return linalg::GenericOp::create(
               b, loc, TypeRange{resultType}, inputs, ValueRange{data},
               inputMaps,
               getReductionIterators(
                   numLoops,
                   llvm::to_vector(llvm::seq<int64_t>(rank, numLoops))),
               body)
        .getResult(0);
  }
};

/// An output element takes update u when u's position with the axis
/// coordinate replaced by the (wrapped) index equals it.
class ScatterElementsPattern : public ScatterPatternBase<ScatterElementsOp> {
public:
  using ScatterPatternBase::ScatterPatternBase;

protected:
  Value lowerScatter(ScatterElementsOp op, OpAdaptor adaptor,
                     OpBuilder &rewriter, RankedTensorType resultType,
                     ScalarKind kind,
                     ScatterReduction reduction) const override {
    MLIRContext *ctx = rewriter.getContext();
    unsigned rank = resultType.getRank();
    int64_t axis = op.getAxis();
    int64_t dim = resultType.getDimSize(axis);
    SmallVector<AffineExpr> updateExprs;
    for (unsigned d = 0; d < rank; ++d)
      updateExprs.push_back(getAffineDimExpr(rank + d, ctx));
    AffineMap updateMap = AffineMap::get(2 * rank, 0, updateExprs, ctx);
    return buildScatterGeneric(
        rewriter, op.getLoc(), resultType, adaptor.getData(),
        ValueRange{adaptor.getIndices(), adaptor.getUpdates()},
        {updateMap, updateMap}, 2 * rank,
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value target = wrapIndex(b, l, args[0], dim);
          Value match = arith::CmpIOp::create(
              b, l, arith::CmpIPredicate::eq,
              linalg::IndexOp::create(b, l, axis), target);
          for (unsigned d = 0; d < rank; ++d) {
            if (d == axis)
              continue;
            Value same =
                arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq,
                                      linalg::IndexOp::create(b, l, d),
                                      linalg::IndexOp::create(b, l, rank + d));
            match = arith::AndIOp::create(b, l, match, same);
          }
          Value updated =
              combineUpdate(b, l, kind, reduction, args[2], args[1]);
          linalg::YieldOp::create(b, l,
                                  ValueRange{arith::SelectOp::create(
                                      b, l, match, updated, args[2])});
        });
  }
};

/// The update dims are the index tuple dims. The tuple's m components come
/// in as m inputs (one constant-column map each); output element o takes
/// the update at (tuple, o[m:]) when o[:m] equals the (wrapped) tuple.
class ScatterNDPattern : public ScatterPatternBase<ScatterNDOp> {
public:
  using ScatterPatternBase::ScatterPatternBase;

protected:
  Value lowerScatter(ScatterNDOp op, OpAdaptor adaptor, OpBuilder &rewriter,
                     RankedTensorType resultType, ScalarKind kind,
                     ScatterReduction reduction) const override {
    MLIRContext *ctx = rewriter.getContext();
    auto indicesType = cast<RankedTensorType>(op.getIndices().getType());
    unsigned rank = resultType.getRank();
    unsigned tupleRank = indicesType.getRank() - 1;
    int64_t m = indicesType.getDimSize(tupleRank);
    unsigned numLoops = rank + tupleRank;
    SmallVector<AffineExpr> tupleExprs;
    for (unsigned d = 0; d < tupleRank; ++d)
      tupleExprs.push_back(getAffineDimExpr(rank + d, ctx));
    SmallVector<Value> inputs;
    SmallVector<AffineMap> maps;
    for (int64_t k = 0; k < m; ++k) {
      SmallVector<AffineExpr> exprs(tupleExprs);
      exprs.push_back(getAffineConstantExpr(k, ctx));
      inputs.push_back(adaptor.getIndices());
      maps.push_back(AffineMap::get(numLoops, 0, exprs, ctx));
    }
    SmallVector<AffineExpr> updateExprs(tupleExprs);
    for (unsigned d = m; d < rank; ++d)
      updateExprs.push_back(getAffineDimExpr(d, ctx));
    inputs.push_back(adaptor.getUpdates());
    maps.push_back(AffineMap::get(numLoops, 0, updateExprs, ctx));
    return buildScatterGeneric(
        rewriter, op.getLoc(), resultType, adaptor.getData(), inputs, maps,
        numLoops, [&](OpBuilder &b, Location l, ValueRange args) {
          Value match;
          for (int64_t k = 0; k < m; ++k) {
            Value target = wrapIndex(b, l, args[k], resultType.getDimSize(k));
            Value same =
                arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq,
                                      linalg::IndexOp::create(b, l, k), target);
            match = match ? arith::AndIOp::create(b, l, match, same) : same;
          }
          Value current = args[m + 1];
          Value updated =
              combineUpdate(b, l, kind, reduction, current, args[m]);
          linalg::YieldOp::create(b, l,
                                  ValueRange{arith::SelectOp::create(
                                      b, l, match, updated, current)});
        });
  }
};

} // namespace

void populateGraphIndexingToLinalgPatterns(TypeConverter &converter,
                                           RewritePatternSet &patterns) {
  patterns
      .add<ArgReducePattern<ArgMaxOp, true>, ArgReducePattern<ArgMinOp, false>,
           TopKPattern, CumSumPattern, GatherElementsPattern, GatherNDPattern,
           ScatterElementsPattern, ScatterNDPattern>(converter,
                                                     patterns.getContext());
}

} // namespace kiln::codegen
