//===- Pooling.cpp - max_pool and average_pool to linalg ------------------===//
//
// Pooling is a linalg.generic over (n, c, o...) x (k...) that reads the
// padded input at o * stride + k * dilation and takes the window's extent from
// a shape-only tensor.empty operand, as linalg's named pooling ops do.
//
// ceil_mode results can need more end padding than `pads` gives so that the
// last window fits; that implicit padding is added to the tensor.pad but never
// wins a max (it holds the lowest value) and never counts in an average.
//
//===----------------------------------------------------------------------===//

#include "codegen/GraphToLinalg/Utils.h"
#include "dialects/Graph/IR/GraphOps.h"
#include "kiln/Codegen/GraphToLinalg.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <algorithm>

using namespace mlir;
using namespace kiln::graph;

namespace kiln::codegen {
namespace {

/// The attributes of a pooling window, with the end padding actually needed.
struct Window {
  SmallVector<int64_t> kernel, strides, dilations;
  SmallVector<int64_t> padBegin, padEnd; ///< Explicit pads from the op.
  SmallVector<int64_t> extraEnd;         ///< Implicit ceil_mode padding.
};

Window getWindow(ArrayRef<int64_t> inShape, ArrayRef<int64_t> outShape,
                 ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides,
                 ArrayRef<int64_t> pads, ArrayRef<int64_t> dilations) {
  size_t numSpatial = kernel.size();
  Window w;
  w.kernel.assign(kernel.begin(), kernel.end());
  w.strides.assign(strides.begin(), strides.end());
  w.dilations.assign(dilations.begin(), dilations.end());
  w.padBegin.assign(pads.begin(), pads.begin() + numSpatial);
  w.padEnd.assign(pads.begin() + numSpatial, pads.end());
  for (size_t i = 0; i < numSpatial; ++i) {
    int64_t out = outShape[i + 2];
    int64_t available = inShape[i + 2] + w.padBegin[i] + w.padEnd[i];
    int64_t needed =
        out == 0 ? 0
                 : (out - 1) * strides[i] + dilations[i] * (kernel[i] - 1) + 1;
    w.extraEnd.push_back(std::max<int64_t>(0, needed - available));
  }
  return w;
}

/// Pads the spatial dims of `input` with `value` by the explicit plus the
/// implicit pads.
Value padSpatial(OpBuilder &b, Location loc, Value input, const Window &w,
                 Value value) {
  auto type = cast<RankedTensorType>(input.getType());
  size_t numSpatial = w.kernel.size();
  SmallVector<int64_t> shape(type.getShape());
  SmallVector<OpFoldResult> low(2, b.getIndexAttr(0)),
      high(2, b.getIndexAttr(0));
  bool any = false;
  for (size_t i = 0; i < numSpatial; ++i) {
    int64_t end = w.padEnd[i] + w.extraEnd[i];
    any |= w.padBegin[i] != 0 || end != 0;
    shape[i + 2] += w.padBegin[i] + end;
    low.push_back(b.getIndexAttr(w.padBegin[i]));
    high.push_back(b.getIndexAttr(end));
  }
  if (!any)
    return input;
  return tensor::PadOp::create(b, loc, type.clone(shape), input, low, high,
                               value);
}

/// Reduces each window of `padded` into `init` ([N, C, O...]) with `combine`.
Value buildWindowReduction(OpBuilder &b, Location loc, Value padded, Value init,
                           const Window &w, CombineFn combine) {
  MLIRContext *ctx = b.getContext();
  int64_t numSpatial = w.kernel.size();
  unsigned numLoops = 2 + 2 * numSpatial;
  auto dim = [&](int64_t i) { return getAffineDimExpr(i, ctx); };
  SmallVector<AffineExpr> inExprs = {dim(0), dim(1)}, windowExprs,
                          outExprs = {dim(0), dim(1)};
  for (int64_t i = 0; i < numSpatial; ++i) {
    AffineExpr o = dim(2 + i), k = dim(2 + numSpatial + i);
    inExprs.push_back(o * w.strides[i] + k * w.dilations[i]);
    windowExprs.push_back(k);
    outExprs.push_back(o);
  }
  SmallVector<AffineMap> maps = {AffineMap::get(numLoops, 0, inExprs, ctx),
                                 AffineMap::get(numLoops, 0, windowExprs, ctx),
                                 AffineMap::get(numLoops, 0, outExprs, ctx)};
  SmallVector<utils::IteratorType> iterators(2 + numSpatial,
                                             utils::IteratorType::parallel);
  iterators.append(numSpatial, utils::IteratorType::reduction);
  // Only the window operand's shape matters: it gives the k loops' extent.
  Value window = tensor::EmptyOp::create(
      b, loc, w.kernel,
      cast<RankedTensorType>(padded.getType()).getElementType());
  return linalg::GenericOp::create(
             b, loc, TypeRange{init.getType()}, ValueRange{padded, window},
             ValueRange{init}, maps, iterators,
             [&](OpBuilder &nb, Location l, ValueRange args) {
               linalg::YieldOp::create(nb, l, combine(nb, l, args[0], args[2]));
             })
      .getResult(0);
}

//===----------------------------------------------------------------------===//
// MaxPool
//===----------------------------------------------------------------------===//

class MaxPoolPattern : public OpConversionPattern<MaxPoolOp> {
public:
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(MaxPoolOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType =
        getTypeConverter()->convertType<RankedTensorType>(op.getType());
    Type graphType = op.getType().getElementType();
    Type elementType = resultType.getElementType();
    ScalarKind kind = getScalarKind(graphType);
    Window w = getWindow(op.getInput().getType().getShape(),
                         resultType.getShape(), op.getKernelShape(),
                         op.getStrides(), op.getPads(), op.getDilations());

    // Padding holds the max's identity, so it never wins; maximumf makes a
    // NaN in the window the result, as numpy and PyTorch do.
    Value lowest = createLowest(rewriter, loc, graphType, elementType);
    Value padded = padSpatial(rewriter, loc, adaptor.getInput(), w, lowest);
    Value init = createFilledTensor(rewriter, loc, resultType, lowest);
    Value result =
        buildWindowReduction(rewriter, loc, padded, init, w,
                             [&](OpBuilder &b, Location l, Value x, Value acc) {
                               return createMax(b, l, kind, acc, x);
                             });
    rewriter.replaceOp(op, result);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// AveragePool
//===----------------------------------------------------------------------===//

/// Sums each zero-padded window, then divides by the number of elements the
/// window counts: the kernel size when that is the same for every output,
/// else a per-position count computed here into a dense constant over the
/// spatial dims (broadcast over N and C).
class AveragePoolPattern : public OpConversionPattern<AveragePoolOp> {
public:
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(AveragePoolOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    auto resultType =
        getTypeConverter()->convertType<RankedTensorType>(op.getType());
    Type storageType = resultType.getElementType();
    Type computeType = getComputeType(storageType);
    ArrayRef<int64_t> inShape = op.getInput().getType().getShape();
    ArrayRef<int64_t> outShape = resultType.getShape();
    SmallVector<int64_t> unitDilations(op.getKernelShape().size(), 1);
    Window w = getWindow(inShape, outShape, op.getKernelShape(),
                         op.getStrides(), op.getPads(), unitDilations);
    size_t numSpatial = w.kernel.size();

    SmallVector<int64_t> counts =
        countWindowElements(inShape, outShape, w, op.getCountIncludePad());
    int64_t kernelSize = getNumElements(w.kernel);
    bool uniform =
        llvm::all_of(counts, [&](int64_t c) { return c == kernelSize; });

    Value padded = padSpatial(rewriter, loc, adaptor.getInput(), w,
                              createZero(rewriter, loc, storageType));
    auto sumType = resultType.clone(computeType);
    Value sumInit = createFilledTensor(rewriter, loc, sumType,
                                       createZero(rewriter, loc, computeType));
    Value sum = buildWindowReduction(
        rewriter, loc, padded, sumInit, w,
        [&](OpBuilder &b, Location l, Value x, Value acc) -> Value {
          return arith::AddFOp::create(b, l, acc, promoteToCompute(b, l, x));
        });

    Value result;
    if (uniform) {
      result = buildElementwise(
          rewriter, loc, resultType, ValueRange{sum},
          [&](OpBuilder &b, Location l, ValueRange args) {
            Value divisor = createFloatConstant(
                b, l, computeType, static_cast<double>(kernelSize));
            Value avg = arith::DivFOp::create(b, l, args[0], divisor);
            return demoteFromCompute(b, l, avg, storageType);
          });
    } else {
      SmallVector<int64_t> spatialShape(outShape.drop_front(2));
      auto countType = RankedTensorType::get(spatialShape, computeType);
      DenseElementsAttr countAttr;
      if (computeType.isF64()) {
        SmallVector<double> values(counts.begin(), counts.end());
        countAttr = DenseElementsAttr::get(countType, ArrayRef(values));
      } else {
        SmallVector<float> values(counts.begin(), counts.end());
        countAttr = DenseElementsAttr::get(countType, ArrayRef(values));
      }
      Value countTensor = arith::ConstantOp::create(rewriter, loc, countAttr);
      unsigned rank = resultType.getRank();
      SmallVector<AffineExpr> spatialExprs;
      for (size_t i = 0; i < numSpatial; ++i)
        spatialExprs.push_back(getAffineDimExpr(2 + i, ctx));
      result = buildParallelGeneric(
          rewriter, loc, createEmptyTensor(rewriter, loc, resultType),
          ValueRange{sum, countTensor},
          {rewriter.getMultiDimIdentityMap(rank),
           AffineMap::get(rank, 0, spatialExprs, ctx)},
          [&](OpBuilder &b, Location l, ValueRange args) {
            Value avg = arith::DivFOp::create(b, l, args[0], args[1]);
            return demoteFromCompute(b, l, avg, storageType);
          });
    }
    rewriter.replaceOp(op, result);
    return success();
  }

private:
  /// The number of elements each output's window counts, row-major over the
  /// output's spatial dims. With count_include_pad the explicit pads count,
  /// otherwise only input elements do; implicit ceil_mode padding never
  /// does. A window that counts nothing divides by 1 (its sum is 0).
  static SmallVector<int64_t> countWindowElements(ArrayRef<int64_t> inShape,
                                                  ArrayRef<int64_t> outShape,
                                                  const Window &w,
                                                  bool includePad) {
    size_t numSpatial = w.kernel.size();
    // Per-dim counts; the window is a box, so the count is their product.
    SmallVector<SmallVector<int64_t>> perDim(numSpatial);
    for (size_t i = 0; i < numSpatial; ++i) {
      int64_t lo = includePad ? -w.padBegin[i] : 0;
      int64_t hi = inShape[i + 2] + (includePad ? w.padEnd[i] : 0);
      for (int64_t o = 0; o < outShape[i + 2]; ++o) {
        int64_t start = o * w.strides[i] - w.padBegin[i];
        int64_t begin = std::max(start, lo);
        int64_t end = std::min(start + w.kernel[i], hi);
        perDim[i].push_back(std::max<int64_t>(end - begin, 0));
      }
    }
    SmallVector<int64_t> counts;
    int64_t total = getNumElements(outShape.drop_front(2));
    counts.reserve(total);
    SmallVector<int64_t> index(numSpatial, 0);
    for (int64_t flat = 0; flat < total; ++flat) {
      int64_t count = 1;
      for (size_t i = 0; i < numSpatial; ++i)
        count *= perDim[i][index[i]];
      counts.push_back(std::max<int64_t>(count, 1));
      // Row-major increment of the multi-index.
      for (size_t i = numSpatial; i-- > 0;) {
        if (++index[i] < outShape[i + 2])
          break;
        index[i] = 0;
      }
    }
    return counts;
  }
};

} // namespace

void populateGraphPoolingToLinalgPatterns(TypeConverter &converter,
                                          RewritePatternSet &patterns) {
  patterns.add<MaxPoolPattern, AveragePoolPattern>(converter,
                                                   patterns.getContext());
}

} // namespace kiln::codegen
