//===- Reduction.cpp - Handlers of reductions and normalizations ----------===//
//
// Reduce* axes are normalized to sorted non-negative values. Softmax before
// opset 13 flattens its input to 2-D at `axis`; unless that axis is the last
// one (where both semantics agree) it is imported as
// reshape -> softmax(axis = 1) -> reshape. LayerNormalization's Mean and
// InvStdDev outputs, when read, are computed from reductions beside the
// graph.layer_norm.
//
//===----------------------------------------------------------------------===//

#include "Composer.h"
#include "Handlers.h"
#include "NodeBinder.h"
#include "RuntimeInputs.h"

#include "dialects/Graph/IR/GraphOps.h"

#include "llvm/Support/FormatVariadic.h"

using namespace mlir;

namespace kiln::importer {
namespace {

//===----------------------------------------------------------------------===//
// Reduce*
//===----------------------------------------------------------------------===//

/// Reduce ops; `AxesInput` is true for ReduceSum from opset 13, whose axes
/// are an optional input and which honours `noop_with_empty_axes`.
template <typename OpTy, bool AxesInput>
LogicalResult importReduce(NodeBinder &b) {
  auto x = b.input(0);
  auto keepdims = b.intAttr("keepdims", 1);
  if (failed(x) || failed(keepdims))
    return failure();
  SmallVector<int64_t> axes;
  bool noopWithEmptyAxes = false;
  if (AxesInput) {
    if (isRuntimeInput(b, 1)) {
      auto reduced = reduceOverRuntimeAxes(
          b, *x, 1, *keepdims != 0,
          [](Composer &c, Value in, ArrayRef<int64_t> axes, bool keep) {
            return c.reduce<OpTy>(in, axes, keep);
          });
      if (failed(reduced))
        return failure();
      b.setResult(0, *reduced);
      return success();
    }
    auto given = b.optionalConstantInts(1, "axes");
    auto noop = b.intAttr("noop_with_empty_axes", 0);
    if (failed(given) || failed(noop))
      return failure();
    if (*given)
      axes = **given;
    noopWithEmptyAxes = *noop != 0;
  } else {
    auto given = b.intsAttr("axes");
    if (failed(given))
      return failure();
    if (*given)
      axes = **given;
  }
  if (axes.empty() && noopWithEmptyAxes) {
    b.setResult(0, *x);
    return success();
  }
  int64_t rank = cast<RankedTensorType>(x->getType()).getRank();
  for (int64_t &axis : axes) {
    auto normalized = b.normalizeAxis(axis, rank, "axis");
    if (failed(normalized))
      return failure();
    axis = *normalized;
  }
  llvm::sort(axes);
  if (std::adjacent_find(axes.begin(), axes.end()) != axes.end())
    return b.fail("axes has duplicates");
  auto type = b.resultType(0);
  if (failed(type))
    return failure();
  OpBuilder &builder = b.builder();
  b.setResult(0, OpTy::create(builder, b.loc(), *type, *x,
                              builder.getDenseI64ArrayAttr(axes),
                              builder.getBoolAttr(*keepdims != 0)));
  return success();
}

//===----------------------------------------------------------------------===//
// Softmax
//===----------------------------------------------------------------------===//

LogicalResult importSoftmax(NodeBinder &b) {
  auto x = b.input(0);
  bool legacy = b.opset() < 13;
  auto axisAttr = b.intAttr("axis", legacy ? 1 : -1);
  if (failed(x) || failed(axisAttr))
    return failure();
  auto type = cast<RankedTensorType>(x->getType());
  if (failed(b.requireFloat(type, "input")))
    return failure();
  auto axis = b.normalizeAxis(*axisAttr, type.getRank(), "axis");
  if (failed(axis))
    return failure();
  OpBuilder &builder = b.builder();
  if (!legacy || *axis == type.getRank() - 1) {
    b.setResult(0, graph::SoftmaxOp::create(builder, b.loc(), *x,
                                            builder.getI64IntegerAttr(*axis)));
    return success();
  }
  // Opsets 1-12 normalize over all dims from `axis` on, as one row.
  int64_t rows = 1, cols = 1;
  for (int64_t d = 0; d < type.getRank(); ++d)
    (d < *axis ? rows : cols) *= type.getDimSize(d);
  auto flatType = type.clone({rows, cols});
  Value flat = graph::ReshapeOp::create(builder, b.loc(), flatType, *x);
  Value softmax = graph::SoftmaxOp::create(builder, b.loc(), flat,
                                           builder.getI64IntegerAttr(1));
  b.setResult(0, graph::ReshapeOp::create(builder, b.loc(), type, softmax));
  return success();
}

//===----------------------------------------------------------------------===//
// LayerNormalization
//===----------------------------------------------------------------------===//

/// LayerNormalization's optional Mean and InvStdDev outputs, computed as the
/// reference does: over the dims from `axis` on, kept as size-1 dims,
/// mean = sum(x) / n and inv_std_dev = 1 / sqrt(mean((x - mean)^2) + eps).
/// Y itself stays one graph.layer_norm.
LogicalResult importLayerNormStatistics(NodeBinder &b, Value x, int64_t axis,
                                        float epsilon) {
  bool wantMean = b.outputUsed(1);
  bool wantInvStdDev = b.outputUsed(2);
  if (!wantMean && !wantInvStdDev)
    return success();
  auto xType = cast<RankedTensorType>(x.getType());
  OpBuilder &builder = b.builder();
  SmallVector<int64_t> axes, shape(xType.getShape());
  for (int64_t d = axis; d < xType.getRank(); ++d) {
    axes.push_back(d);
    shape[d] = 1;
  }
  auto statType = xType.clone(shape);
  for (unsigned i = 1; i <= 2; ++i) {
    if (!b.outputUsed(i))
      continue;
    auto type = b.resultType(i);
    if (failed(type))
      return failure();
    if (*type != statType)
      return b.fail(llvm::formatv(
          "output #{0} must have the input's dtype and the shape with the "
          "normalized dims kept as 1",
          i));
  }
  auto axesAttr = builder.getDenseI64ArrayAttr(axes);
  auto keep = builder.getBoolAttr(true);
  Value mean =
      graph::ReduceMeanOp::create(builder, b.loc(), statType, x, axesAttr, keep);
  if (wantMean)
    b.setResult(1, mean);
  if (!wantInvStdDev)
    return success();
  Value diff = graph::SubOp::create(builder, b.loc(), xType, x, mean);
  Value square = graph::MulOp::create(builder, b.loc(), xType, diff, diff);
  Value variance = graph::ReduceMeanOp::create(builder, b.loc(), statType,
                                               square, axesAttr, keep);
  auto scalarType = RankedTensorType::get({}, xType.getElementType());
  Value eps = graph::ConstantOp::create(
      builder, b.loc(),
      DenseElementsAttr::get(
          scalarType, FloatAttr::get(xType.getElementType(), epsilon)));
  Value shifted =
      graph::AddOp::create(builder, b.loc(), statType, variance, eps);
  Value stdDev = graph::SqrtOp::create(builder, b.loc(), shifted);
  b.setResult(2, graph::ReciprocalOp::create(builder, b.loc(), stdDev));
  return success();
}

LogicalResult importLayerNorm(NodeBinder &b) {
  auto x = b.input(0);
  auto scale = b.input(1);
  auto bias = b.optionalInput(2);
  auto axisAttr = b.intAttr("axis", -1);
  auto epsilon = b.floatAttr("epsilon", 1e-5f);
  auto type = b.resultType(0);
  if (failed(x) || failed(scale) || failed(bias) || failed(axisAttr) ||
      failed(epsilon) || failed(type) ||
      failed(b.requireFloat(*type, "input")))
    return failure();
  auto axis = b.normalizeAxis(*axisAttr, type->getRank(), "axis");
  if (failed(axis))
    return failure();
  OpBuilder &builder = b.builder();
  b.setResult(0, graph::LayerNormOp::create(
                     builder, b.loc(), *type, *x, *scale, *bias,
                     builder.getI64IntegerAttr(*axis),
                     builder.getF32FloatAttr(*epsilon)));
  return importLayerNormStatistics(b, *x, *axis, *epsilon);
}

} // namespace

void registerReductionHandlers(HandlerTable &t) {
  t.add("ReduceSum", 1, importReduce<graph::ReduceSumOp, false>);
  t.add("ReduceSum", 13, importReduce<graph::ReduceSumOp, true>);
  t.add("ReduceMean", 1, importReduce<graph::ReduceMeanOp, false>);
  t.add("ReduceMax", 1, importReduce<graph::ReduceMaxOp, false>);
  t.add("ReduceMin", 1, importReduce<graph::ReduceMinOp, false>);
  t.add("ReduceProd", 1, importReduce<graph::ReduceProdOp, false>);
  t.add("Softmax", 1, importSoftmax);
  t.add("LayerNormalization", 17, importLayerNorm);
}

} // namespace kiln::importer
