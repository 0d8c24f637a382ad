//===- RecognizeNorms.cpp - The kiln-recognize-norms pass -----------------===//
//
// Decomposed LayerNormalization (torch exports before opset 17) and Softmax
// become graph.layer_norm / graph.softmax: two passes over the data instead
// of nine loops and their temporaries. Both patterns start at the Div that
// normalizes; the LayerNorm one then takes in the Mul by gamma and the Add
// of beta that follow when they broadcast over the normalized dims only.
//
//===----------------------------------------------------------------------===//

#include "kiln/Passes/Passes.h"
#include "kiln/Passes/Recognize.h"
#include "passes/RecognizeUtils.h"

#include "mlir/Dialect/Traits.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

using namespace mlir;
using namespace kiln::graph;

namespace kiln::passes {

#define GEN_PASS_DEF_RECOGNIZENORMS
#include "passes/Passes.h.inc"

namespace {

/// Whether `axes` are the trailing dims of a rank-`rank` tensor.
bool areTrailingAxes(ArrayRef<int64_t> axes, int64_t rank) {
  if (axes.empty())
    return false;
  for (auto [i, axis] : llvm::enumerate(axes))
    if (axis != rank - static_cast<int64_t>(axes.size()) + int64_t(i))
      return false;
  return true;
}

/// Whether `v`'s shape broadcasts onto the trailing `normalized` dims.
bool broadcastsOnto(Value v, ArrayRef<int64_t> normalized) {
  ArrayRef<int64_t> shape = cast<RankedTensorType>(v.getType()).getShape();
  SmallVector<int64_t> result;
  return shape.size() <= normalized.size() &&
         OpTrait::util::getBroadcastedShape(shape, normalized, result) &&
         ArrayRef<int64_t>(result) == normalized;
}

/// Of a binary op `user` applied to `v`, the other operand when `user` is an
/// `OpTy` that is v's only user, keeps v's type, and whose other operand
/// broadcasts onto `normalized`.
template <typename OpTy>
Value matchAffineOperand(Value v, ArrayRef<int64_t> normalized) {
  if (!v.hasOneUse())
    return {};
  auto user = dyn_cast<OpTy>(*v.getUsers().begin());
  if (!user || user.getType() != v.getType() || user.getLhs() == user.getRhs())
    return {};
  Value other = user.getLhs() == v ? user.getRhs() : user.getLhs();
  if (getElementTypeOrSelf(other.getType()) !=
          getElementTypeOrSelf(v.getType()) ||
      !broadcastsOnto(other, normalized))
    return {};
  return other;
}

/// (x - mean(x)) / sqrt(mean((x - mean(x))^2) + eps) [* gamma] [+ beta],
/// the means over the same trailing axes with keepdims.
struct LayerNormPattern : OpRewritePattern<DivOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(DivOp div,
                                PatternRewriter &rewriter) const override {
    Value centered = div.getLhs();
    auto sub = centered.getDefiningOp<SubOp>();
    auto sqrt = div.getRhs().getDefiningOp<SqrtOp>();
    if (!sub || !sqrt || !sqrt->hasOneUse())
      return rewriter.notifyMatchFailure(div, "not (x - m) / sqrt(...)");
    Value x = sub.getLhs();
    auto mean = sub.getRhs().getDefiningOp<ReduceMeanOp>();
    auto type = cast<RankedTensorType>(x.getType());
    if (!mean || !isa<FloatType>(type.getElementType()) ||
        mean.getInput() != x || !mean.getKeepdims() || !mean->hasOneUse() ||
        !areTrailingAxes(mean.getAxes(), type.getRank()) ||
        sub.getType() != type || div.getType() != type)
      return rewriter.notifyMatchFailure(div, "no x - mean(x) over the tail");

    // eps + mean(centered^2) over the same axes.
    auto addEps = sqrt.getInput().getDefiningOp<AddOp>();
    if (!addEps || !addEps->hasOneUse())
      return rewriter.notifyMatchFailure(div, "no variance + eps");
    Value varianceValue = addEps.getLhs();
    std::optional<double> eps = getScalarConstant(addEps.getRhs());
    if (!eps) {
      varianceValue = addEps.getRhs();
      eps = getScalarConstant(addEps.getLhs());
    }
    auto variance = varianceValue.getDefiningOp<ReduceMeanOp>();
    if (!eps || *eps < 0 || !variance || !variance->hasOneUse() ||
        addEps.getType() != variance.getType() ||
        variance.getAxes() != mean.getAxes() || !variance.getKeepdims())
      return rewriter.notifyMatchFailure(div, "no mean(...) + eps");
    Operation *square = variance.getInput().getDefiningOp();
    bool isSquare = false;
    if (auto pow = dyn_cast_or_null<PowOp>(square))
      isSquare = pow.getLhs() == centered && pow.getType() == type &&
                 isConstantCloseTo(pow.getRhs(), 2.0);
    else if (auto mul = dyn_cast_or_null<MulOp>(square))
      isSquare = mul.getLhs() == centered && mul.getRhs() == centered;
    if (!isSquare || !square->hasOneUse() ||
        !onlyUsedBy(centered, {square, div}))
      return rewriter.notifyMatchFailure(div, "variance is not of (x - m)^2");

    // Gamma and beta when they scale and shift per normalized element.
    int64_t axis = mean.getAxes().front();
    ArrayRef<int64_t> normalized = type.getShape().drop_front(axis);
    Operation *last = div;
    Value gamma = matchAffineOperand<MulOp>(div.getResult(), normalized);
    Value beta;
    if (gamma) {
      last = *div->getUsers().begin();
      beta = matchAffineOperand<AddOp>(last->getResult(0), normalized);
      if (beta)
        last = *last->getUsers().begin();
    } else {
      // graph.layer_norm needs a scale: ones of the normalized shape.
      auto onesType = RankedTensorType::get(normalized, type.getElementType());
      gamma = ConstantOp::create(
          rewriter, div.getLoc(),
          DenseElementsAttr::get(
              onesType, rewriter.getFloatAttr(type.getElementType(), 1.0)));
    }
    rewriter.replaceOpWithNewOp<LayerNormOp>(
        last, type, x, gamma, beta, rewriter.getI64IntegerAttr(axis),
        rewriter.getF32FloatAttr(static_cast<float>(*eps)));
    return success();
  }
};

/// exp(x - max(x)) / sum(exp(x - max(x))), or without the max (the same
/// function; the softmax lowering subtracts the max anyway), over one axis
/// with keepdims.
struct SoftmaxPattern : OpRewritePattern<DivOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(DivOp div,
                                PatternRewriter &rewriter) const override {
    auto exp = div.getLhs().getDefiningOp<ExpOp>();
    auto sum = div.getRhs().getDefiningOp<ReduceSumOp>();
    if (!exp || !sum || sum.getInput() != exp.getResult() ||
        !sum.getKeepdims() || sum.getAxes().size() != 1 || !sum->hasOneUse() ||
        !onlyUsedBy(exp.getResult(), {div, sum}) ||
        div.getType() != exp.getType())
      return rewriter.notifyMatchFailure(div, "not exp(t) / sum(exp(t))");
    int64_t axis = sum.getAxes().front();
    Value x = exp.getInput();
    if (auto sub = x.getDefiningOp<SubOp>()) {
      auto max = sub.getRhs().getDefiningOp<ReduceMaxOp>();
      if (max && max.getInput() == sub.getLhs() && max.getKeepdims() &&
          max.getAxes() == sum.getAxes() && max->hasOneUse() &&
          sub->hasOneUse() && sub.getType() == sub.getLhs().getType())
        x = sub.getLhs();
    }
    rewriter.replaceOpWithNewOp<SoftmaxOp>(div, div.getType(), x,
                                           rewriter.getI64IntegerAttr(axis));
    return success();
  }
};

struct RecognizeNormsPass : impl::RecognizeNormsBase<RecognizeNormsPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateRecognizeNormsPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

void populateRecognizeNormsPatterns(RewritePatternSet &patterns) {
  patterns.add<LayerNormPattern, SoftmaxPattern>(patterns.getContext());
}

} // namespace kiln::passes
