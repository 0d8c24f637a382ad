//===- DataMovement.cpp - Data movement graph ops to tensor/linalg --------===//
//
// Reshape, transpose, concat, slice, gather, pad and constant. Anything that
// reads at a computed position (gather, slices with negative steps, reflect
// and edge padding) is a linalg.generic over the result whose body computes
// the source index with linalg.index and arith, then tensor.extract; every
// such index is provably in bounds (gather clamps what it reads).
//
//===----------------------------------------------------------------------===//

#include "codegen/GraphToLinalg/Utils.h"
#include "dialects/Graph/IR/GraphOps.h"
#include "kiln/Codegen/GraphToLinalg.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace kiln::graph;

namespace kiln::codegen {
namespace {

/// A linalg.generic that writes every element of a new `resultType` tensor
/// from `body`, which sees the loop indices and builds its own reads.
Value buildIndexedGeneric(
    OpBuilder &b, Location loc, RankedTensorType resultType, ValueRange inputs,
    ArrayRef<AffineMap> inputMaps,
    llvm::function_ref<Value(OpBuilder &, Location, ValueRange args,
                             ArrayRef<Value> indices)>
        body) {
  return buildParallelGeneric(
      b, loc, createEmptyTensor(b, loc, resultType), inputs, inputMaps,
      [&](OpBuilder &nb, Location l, ValueRange args) {
        SmallVector<Value> indices;
        for (int64_t d = 0; d < resultType.getRank(); ++d)
          indices.push_back(linalg::IndexOp::create(nb, l, d));
        return body(nb, l, args, indices);
      });
}

Value indexConstant(OpBuilder &b, Location loc, int64_t value) {
  return arith::ConstantIndexOp::create(b, loc, value);
}

//===----------------------------------------------------------------------===//
// Reshape, transpose, concat
//===----------------------------------------------------------------------===//

class ReshapePattern : public OpConversionPattern<ReshapeOp> {
public:
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ReshapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto resultType =
        getTypeConverter()->convertType<RankedTensorType>(op.getType());
    rewriter.replaceOp(op, createReshape(rewriter, op.getLoc(),
                                         adaptor.getInput(), resultType));
    return success();
  }
};

class TransposePattern : public OpConversionPattern<TransposeOp> {
public:
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(TransposeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto resultType =
        getTypeConverter()->convertType<RankedTensorType>(op.getType());
    Value init = createEmptyTensor(rewriter, op.getLoc(), resultType);
    auto transpose = linalg::TransposeOp::create(
        rewriter, op.getLoc(), adaptor.getInput(), init, op.getPerm());
    rewriter.replaceOp(op, transpose->getResult(0));
    return success();
  }
};

class ConcatPattern : public OpConversionPattern<ConcatOp> {
public:
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ConcatOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (adaptor.getInputs().size() == 1) {
      rewriter.replaceOp(op, adaptor.getInputs().front());
      return success();
    }
    Location loc = op.getLoc();
    auto resultType =
        getTypeConverter()->convertType<RankedTensorType>(op.getType());
    int64_t axis = op.getAxis();
    Value result = createEmptyTensor(rewriter, loc, resultType);
    int64_t offset = 0;
    for (Value input : adaptor.getInputs()) {
      auto type = cast<RankedTensorType>(input.getType());
      if (type.getDimSize(axis) == 0)
        continue;
      SmallVector<OpFoldResult> offsets(type.getRank(),
                                        rewriter.getIndexAttr(0));
      offsets[axis] = rewriter.getIndexAttr(offset);
      SmallVector<OpFoldResult> sizes,
          strides(type.getRank(), rewriter.getIndexAttr(1));
      for (int64_t size : type.getShape())
        sizes.push_back(rewriter.getIndexAttr(size));
      result = tensor::InsertSliceOp::create(rewriter, loc, input, result,
                                             offsets, sizes, strides);
      offset += type.getDimSize(axis);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Slice
//===----------------------------------------------------------------------===//

/// Positive steps are a strided tensor.extract_slice; any negative step makes
/// it a generic reading input[start + i * step] per dim.
class SlicePattern : public OpConversionPattern<SliceOp> {
public:
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(SliceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType =
        getTypeConverter()->convertType<RankedTensorType>(op.getType());
    ArrayRef<int64_t> starts = op.getStarts(), steps = op.getSteps();
    ArrayRef<int64_t> outShape = resultType.getShape();
    Value input = adaptor.getInput();

    // An empty result reads nothing (and tensor.extract_slice rejects even
    // offset 0 into an empty dim).
    if (resultType.getNumElements() == 0) {
      rewriter.replaceOp(op, createEmptyTensor(rewriter, loc, resultType));
      return success();
    }

    if (llvm::all_of(steps, [](int64_t s) { return s > 0; })) {
      SmallVector<OpFoldResult> offsets, sizes, strides;
      for (size_t d = 0; d < outShape.size(); ++d) {
        // An empty dim reads nothing; offset 0 keeps the slice trivially in
        // bounds whatever the start says.
        offsets.push_back(
            rewriter.getIndexAttr(outShape[d] == 0 ? 0 : starts[d]));
        sizes.push_back(rewriter.getIndexAttr(outShape[d]));
        strides.push_back(rewriter.getIndexAttr(steps[d]));
      }
      rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(
          op, resultType, input, offsets, sizes, strides);
      return success();
    }

    Value result = buildIndexedGeneric(
        rewriter, loc, resultType, {}, {},
        [&](OpBuilder &b, Location l, ValueRange, ArrayRef<Value> indices) {
          SmallVector<Value> source;
          for (size_t d = 0; d < indices.size(); ++d) {
            Value scaled = arith::MulIOp::create(b, l, indices[d],
                                                 indexConstant(b, l, steps[d]));
            source.push_back(arith::AddIOp::create(
                b, l, scaled, indexConstant(b, l, starts[d])));
          }
          return Value(tensor::ExtractOp::create(b, l, input, source));
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Gather
//===----------------------------------------------------------------------===//

/// result[i.., j.., k..] = data[i.., idx[j..], k..] with idx wrapped when
/// negative and clamped into [0, dim) so a bad run-time index can never read
/// outside the buffer. Constant indices are checked here instead.
class GatherPattern : public OpConversionPattern<GatherOp> {
public:
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(GatherOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    int64_t axis = op.getAxis();
    ArrayRef<int64_t> dataShape = op.getData().getType().getShape();
    ArrayRef<int64_t> indexShape = op.getIndices().getType().getShape();
    int64_t dimSize = dataShape[axis];
    auto resultType =
        getTypeConverter()->convertType<RankedTensorType>(op.getType());

    if (resultType.getNumElements() != 0 && dimSize == 0)
      return emitUnsupported(op, "gathers from an empty axis");
    DenseIntElementsAttr constIndices;
    if (matchPattern(op.getIndices(), m_Constant(&constIndices))) {
      for (const APInt &index : constIndices.getValues<APInt>()) {
        int64_t value = index.getSExtValue();
        if (value < -dimSize || value >= dimSize)
          return emitUnsupported(op, Twine("index ") + Twine(value) +
                                         " is out of range for axis " +
                                         Twine(axis) + " of size " +
                                         Twine(dimSize));
      }
    }

    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    int64_t indexRank = indexShape.size();
    unsigned rank = resultType.getRank();
    SmallVector<AffineExpr> indexExprs;
    for (int64_t i = 0; i < indexRank; ++i)
      indexExprs.push_back(getAffineDimExpr(axis + i, ctx));
    AffineMap indexMap = AffineMap::get(rank, 0, indexExprs, ctx);
    Value data = adaptor.getData();

    Value result = buildIndexedGeneric(
        rewriter, loc, resultType, ValueRange{adaptor.getIndices()}, {indexMap},
        [&](OpBuilder &b, Location l, ValueRange args,
            ArrayRef<Value> indices) {
          Value index =
              arith::IndexCastOp::create(b, l, b.getIndexType(), args[0]);
          Value size = indexConstant(b, l, dimSize);
          Value zero = indexConstant(b, l, 0);
          Value isNegative = arith::CmpIOp::create(
              b, l, arith::CmpIPredicate::slt, index, zero);
          Value wrapped = arith::SelectOp::create(
              b, l, isNegative, arith::AddIOp::create(b, l, index, size),
              index);
          Value clamped = arith::MaxSIOp::create(
              b, l,
              arith::MinSIOp::create(b, l, wrapped,
                                     indexConstant(b, l, dimSize - 1)),
              zero);
          SmallVector<Value> source(indices.begin(), indices.begin() + axis);
          source.push_back(clamped);
          source.append(indices.begin() + axis + indexRank, indices.end());
          return Value(tensor::ExtractOp::create(b, l, data, source));
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Pad
//===----------------------------------------------------------------------===//

/// Constant padding is tensor.pad. Reflect and edge padding read
/// input[source(i)] with, per dim, s = i - pad_begin and source = clamp(s)
/// (edge) or the mirror of s about the first and last element, without
/// repeating them (reflect; the verifier keeps pads below the dim size so
/// one mirror suffices).
class PadPattern : public OpConversionPattern<PadOp> {
public:
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(PadOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType =
        getTypeConverter()->convertType<RankedTensorType>(op.getType());
    ArrayRef<int64_t> pads = op.getPads();
    ArrayRef<int64_t> inShape = op.getInput().getType().getShape();
    size_t rank = inShape.size();
    Value input = adaptor.getInput();
    if (llvm::all_of(pads, [](int64_t p) { return p == 0; })) {
      rewriter.replaceOp(op, input);
      return success();
    }

    if (op.getMode() == graph::PadMode::constant) {
      Value value = createPadValue(rewriter, loc, op.getType().getElementType(),
                                   resultType.getElementType(),
                                   op.getValue().convertToDouble());
      SmallVector<OpFoldResult> low, high;
      for (size_t d = 0; d < rank; ++d) {
        low.push_back(rewriter.getIndexAttr(pads[d]));
        high.push_back(rewriter.getIndexAttr(pads[d + rank]));
      }
      rewriter.replaceOpWithNewOp<tensor::PadOp>(op, resultType, input, low,
                                                 high, value);
      return success();
    }

    bool reflect = op.getMode() == graph::PadMode::reflect;
    Value result = buildIndexedGeneric(
        rewriter, loc, resultType, {}, {},
        [&](OpBuilder &b, Location l, ValueRange, ArrayRef<Value> indices) {
          SmallVector<Value> source;
          for (size_t d = 0; d < rank; ++d) {
            if (pads[d] == 0 && pads[d + rank] == 0) {
              source.push_back(indices[d]);
              continue;
            }
            Value s = arith::SubIOp::create(b, l, indices[d],
                                            indexConstant(b, l, pads[d]));
            Value zero = indexConstant(b, l, 0);
            Value last = indexConstant(b, l, inShape[d] - 1);
            if (!reflect) {
              source.push_back(arith::MaxSIOp::create(
                  b, l, arith::MinSIOp::create(b, l, s, last), zero));
              continue;
            }
            Value isBefore =
                arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, s, zero);
            Value mirroredLow = arith::SelectOp::create(
                b, l, isBefore, arith::SubIOp::create(b, l, zero, s), s);
            Value isAfter = arith::CmpIOp::create(
                b, l, arith::CmpIPredicate::sgt, mirroredLow, last);
            Value twiceLast = indexConstant(b, l, 2 * (inShape[d] - 1));
            source.push_back(arith::SelectOp::create(
                b, l, isAfter,
                arith::SubIOp::create(b, l, twiceLast, mirroredLow),
                mirroredLow));
          }
          return Value(tensor::ExtractOp::create(b, l, input, source));
        });
    rewriter.replaceOp(op, result);
    return success();
  }

private:
  /// The pad value in the element type: rounded for floats, truncated toward
  /// zero and saturated for integers, `!= 0` for bool.
  static Value createPadValue(OpBuilder &b, Location loc, Type graphType,
                              Type type, double value) {
    switch (getScalarKind(graphType)) {
    case ScalarKind::Float:
      return createFloatConstant(b, loc, type, value);
    case ScalarKind::Bool:
      return createIntConstant(b, loc, type, value != 0.0);
    case ScalarKind::Signed:
    case ScalarKind::Unsigned: {
      APSInt result(type.getIntOrFloatBitWidth(),
                    getScalarKind(graphType) == ScalarKind::Unsigned);
      bool exact = false;
      (void)APFloat(value).convertToInteger(result, APFloat::rmTowardZero,
                                            &exact);
      return arith::ConstantOp::create(b, loc, IntegerAttr::get(type, result));
    }
    }
    return createZero(b, loc, type);
  }
};

//===----------------------------------------------------------------------===//
// Constant
//===----------------------------------------------------------------------===//

/// arith.constant with the same attribute; unsigned element types are
/// retyped to signless without copying the data (dense_resource blobs keep
/// their handle).
class ConstantPattern : public OpConversionPattern<ConstantOp> {
public:
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ConstantOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto resultType =
        getTypeConverter()->convertType<RankedTensorType>(op.getType());
    Attribute value = op.getValue();
    if (resultType != op.getType()) {
      if (auto dense = dyn_cast<DenseElementsAttr>(value))
        value = dense.bitcast(resultType.getElementType());
      else if (auto resource = dyn_cast<DenseResourceElementsAttr>(value))
        value =
            DenseResourceElementsAttr::get(resultType, resource.getRawHandle());
      else
        return emitUnsupported(op, "has an unsigned constant in an "
                                   "unsupported attribute kind");
    }
    auto typed = dyn_cast<TypedAttr>(value);
    if (!typed)
      return emitUnsupported(op, "has a constant attribute without a type");
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, typed);
    return success();
  }
};

} // namespace

void populateGraphDataMovementToLinalgPatterns(TypeConverter &converter,
                                               RewritePatternSet &patterns) {
  patterns.add<ReshapePattern, TransposePattern, ConcatPattern, SlicePattern,
               GatherPattern, PadPattern, ConstantPattern>(
      converter, patterns.getContext());
}

} // namespace kiln::codegen
