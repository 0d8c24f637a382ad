//===- Normalization.cpp - InstanceNormalization, LRN and MVN -------------===//
//
// Both are imported as their reference formulas. InstanceNormalization
// normalizes every (sample, channel) over the spatial dims with the
// population variance, then scales and shifts per channel. LRN divides by a
// power of the sum of squares over a window of neighbouring channels; that
// windowed sum is an average pool over the channel dim (counting the zero
// padding) times the window size, so it reuses the pooling lowering.
// MeanVarianceNormalization follows ONNX's function body.
//
//===----------------------------------------------------------------------===//

#include "Composer.h"
#include "Handlers.h"
#include "NodeBinder.h"

#include "dialects/Graph/IR/GraphOps.h"

#include "llvm/Support/FormatVariadic.h"

#include <algorithm>

using namespace mlir;

namespace kiln::importer {
namespace {

/// [C] reshaped to [1, C, 1, ..., 1] so it broadcasts over an NC... tensor.
Value perChannel(Composer &c, Value v, int64_t rank) {
  SmallVector<int64_t> shape(rank, 1);
  shape[1] = Composer::shapeOf(v)[0];
  return c.reshape(v, shape);
}

/// InstanceNormalization: scale * (x - mean) / sqrt(var + epsilon) + B, with
/// mean and var over the spatial dims of each (n, c).
LogicalResult importInstanceNorm(NodeBinder &b) {
  auto x = b.input(0);
  auto scale = b.input(1);
  auto bias = b.input(2);
  auto epsilon = b.floatAttr("epsilon", 1e-5f);
  auto type = b.resultType(0);
  if (failed(x) || failed(scale) || failed(bias) || failed(epsilon) ||
      failed(type))
    return failure();
  auto xType = Composer::typeOf(*x);
  if (failed(b.requireFloat(xType, "input")))
    return failure();
  if (failed(b.channelsFirstInput(*x)))
    return failure();
  int64_t rank = xType.getRank();
  for (Value v : {*scale, *bias}) {
    auto vType = Composer::typeOf(v);
    if (vType.getRank() != 1 || vType.getDimSize(0) != xType.getDimSize(1) ||
        vType.getElementType() != xType.getElementType())
      return b.fail("scale and B must be 1-D tensors of C elements of the "
                    "input's dtype");
  }
  Composer c(b);
  Type elem = xType.getElementType();
  SmallVector<int64_t> spatial;
  for (int64_t d = 2; d < rank; ++d)
    spatial.push_back(d);
  Value mean = c.reduce<graph::ReduceMeanOp>(*x, spatial, /*keepdims=*/true);
  Value centered = c.sub(*x, mean);
  Value variance = c.reduce<graph::ReduceMeanOp>(c.mul(centered, centered),
                                                 spatial, /*keepdims=*/true);
  Value stdDev =
      c.unary<graph::SqrtOp>(c.add(variance, c.scalar(elem, *epsilon)));
  Value normalized = c.div(centered, stdDev);
  Value result = c.add(c.mul(normalized, perChannel(c, *scale, rank)),
                       perChannel(c, *bias, rank));
  b.setResult(0, c.reshape(result, *type));
  return success();
}

/// LRN: x / (bias + alpha / size * sum_window(x^2))^beta, the window over
/// channels [c - floor((size - 1) / 2), c + ceil((size - 1) / 2)].
LogicalResult importLRN(NodeBinder &b) {
  auto x = b.input(0);
  auto size = b.requiredIntAttr("size");
  auto alpha = b.floatAttr("alpha", 1e-4f);
  auto beta = b.floatAttr("beta", 0.75f);
  auto bias = b.floatAttr("bias", 1.0f);
  auto type = b.resultType(0);
  if (failed(x) || failed(size) || failed(alpha) || failed(beta) ||
      failed(bias) || failed(type))
    return failure();
  auto xType = Composer::typeOf(*x);
  if (failed(b.requireFloat(xType, "input")))
    return failure();
  if (failed(b.channelsFirstInput(*x)))
    return failure();
  int64_t rank = xType.getRank();
  int64_t channels = xType.getDimSize(1);
  if (*size < 1 || *size > (int64_t(1) << 31))
    return b.fail(llvm::formatv("size {0} is out of range", *size));
  Composer c(b);
  Type elem = xType.getElementType();
  // [N, C, D...] -> [N, 1, C, prod(D)]: the channels become a pooled dim.
  int64_t rest = 1;
  for (int64_t d = 2; d < rank; ++d)
    rest *= xType.getDimSize(d);
  Value squares = c.reshape(c.mul(*x, *x),
                            {xType.getDimSize(0), 1, channels, rest});
  int64_t before = (*size - 1) / 2, after = *size - 1 - before;
  auto pooledType = Composer::typeOf(squares);
  OpBuilder &builder = b.builder();
  Value average = graph::AveragePoolOp::create(
      builder, b.loc(), pooledType, squares,
      builder.getDenseI64ArrayAttr({*size, 1}),
      builder.getDenseI64ArrayAttr({1, 1}),
      builder.getDenseI64ArrayAttr({before, 0, after, 0}),
      builder.getBoolAttr(true));
  // alpha / size * (average * size) = alpha * average.
  Value sum = c.reshape(average, xType);
  Value base =
      c.add(c.mul(sum, c.scalar(elem, *alpha)), c.scalar(elem, *bias));
  Value denominator = c.arith<graph::PowOp>(base, c.scalar(elem, *beta));
  b.setResult(0, c.reshape(c.div(*x, denominator), *type));
  return success();
}

/// MeanVarianceNormalization, as ONNX's function body defines it:
/// (x - E[x]) / (sqrt(E[x^2] - E[x]^2) + 1e-9) over `axes`.
LogicalResult importMeanVarianceNorm(NodeBinder &b) {
  auto x = b.input(0);
  auto axesAttr = b.intsAttr("axes");
  auto type = b.resultType(0);
  if (failed(x) || failed(axesAttr) || failed(type))
    return failure();
  auto xType = Composer::typeOf(*x);
  if (failed(b.requireFloat(xType, "input")))
    return failure();
  SmallVector<int64_t> axes =
      *axesAttr ? **axesAttr : SmallVector<int64_t>{0, 2, 3};
  for (int64_t &axis : axes) {
    auto normalized = b.normalizeAxis(axis, xType.getRank(), "axis");
    if (failed(normalized))
      return failure();
    axis = *normalized;
  }
  llvm::sort(axes);
  if (std::adjacent_find(axes.begin(), axes.end()) != axes.end())
    return b.fail("axes has duplicates");
  Composer c(b);
  Type elem = xType.getElementType();
  Value mean = c.reduce<graph::ReduceMeanOp>(*x, axes, /*keepdims=*/true);
  Value meanOfSquares = c.reduce<graph::ReduceMeanOp>(c.mul(*x, *x), axes,
                                                      /*keepdims=*/true);
  Value variance = c.sub(meanOfSquares, c.mul(mean, mean));
  Value stdDev = c.add(c.unary<graph::SqrtOp>(variance), c.scalar(elem, 1e-9));
  b.setResult(0, c.reshape(c.div(c.sub(*x, mean), stdDev), *type));
  return success();
}

} // namespace

void registerNormalizationHandlers(HandlerTable &t) {
  t.add("InstanceNormalization", 6, importInstanceNorm);
  t.add("LRN", 1, importLRN);
  t.add("MeanVarianceNormalization", 9, importMeanVarianceNorm);
}

} // namespace kiln::importer
