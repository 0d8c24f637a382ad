//===- FoldBatchNorm.cpp - Inference batch norm folded into conv ----------===//
//
// kiln-fold-batch-norm: an inference BatchNormalization is a per-channel
// affine map, so after a conv it folds into the conv's weights and bias:
//   s  = scale / sqrt(var + eps)
//   w' = w * s          (per output channel)
//   b' = (b - mean) * s + beta
// Everything is computed in double and rounded once to the weight type, so
// the folded model differs from the original only by reassociation.
//
//===----------------------------------------------------------------------===//

#include "kiln/Passes/Fusion.h"
#include "kiln/Passes/Passes.h"
#include "passes/ConstantEvaluator.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

using namespace mlir;
using namespace kiln::graph;

namespace kiln::passes {

#define GEN_PASS_DEF_FOLDBATCHNORM
#include "passes/Passes.h.inc"

namespace {

/// The unpacked elements of `v` when it is a readable graph.constant.
FailureOr<ConstantTensor> readConstant(Value v) {
  ElementsAttr attr;
  if (!matchPattern(v, m_Constant(&attr)))
    return failure();
  return ConstantTensor::read(attr);
}

/// batch_norm(conv(x, w, b?)) -> conv(x, w', b').
class FoldBatchNormIntoConv : public OpRewritePattern<BatchNormOp> {
public:
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(BatchNormOp bn,
                                PatternRewriter &rewriter) const override {
    auto conv = bn.getInput().getDefiningOp<ConvOp>();
    if (!conv || !conv->hasOneUse())
      return rewriter.notifyMatchFailure(bn, "input is not a single-use conv");
    // The activation would apply before the normalization.
    if (conv.getActivation().value_or(Activation::none) != Activation::none)
      return rewriter.notifyMatchFailure(bn, "conv has a fused activation");
    // The normalization would have to scale the residual too.
    if (conv.getResidual())
      return rewriter.notifyMatchFailure(bn, "conv has a fused residual");

    FailureOr<ConstantTensor> weight = readConstant(conv.getWeight());
    FailureOr<ConstantTensor> scale = readConstant(bn.getScale());
    FailureOr<ConstantTensor> beta = readConstant(bn.getBias());
    FailureOr<ConstantTensor> mean = readConstant(bn.getMean());
    FailureOr<ConstantTensor> var = readConstant(bn.getVariance());
    if (failed(weight) || failed(scale) || failed(beta) || failed(mean) ||
        failed(var))
      return rewriter.notifyMatchFailure(bn, "weights or statistics are not "
                                             "readable constants");
    std::optional<ConstantTensor> bias;
    if (Value b = conv.getBias()) {
      FailureOr<ConstantTensor> read = readConstant(b);
      if (failed(read))
        return rewriter.notifyMatchFailure(bn, "conv bias is not a constant");
      bias = std::move(*read);
    }

    int64_t filters = weight->type.getDimSize(0);
    for (const ConstantTensor *t : {&*scale, &*beta, &*mean, &*var})
      if (int64_t(t->values.size()) != filters)
        return rewriter.notifyMatchFailure(bn, "parameter size mismatch");
    if (bias && int64_t(bias->values.size()) != filters)
      return rewriter.notifyMatchFailure(bn, "bias size mismatch");
    if (filters == 0)
      return rewriter.notifyMatchFailure(bn, "conv has no filters");

    double eps = bn.getEpsilon().convertToDouble();
    std::vector<double> s(filters);
    for (int64_t f = 0; f < filters; ++f)
      s[f] = scale->values[f].f / std::sqrt(var->values[f].f + eps);

    // Weights are [F, C/group, k...]: channel f owns a contiguous block.
    ConstantTensor newWeight = std::move(*weight);
    size_t block = newWeight.values.size() / filters;
    for (size_t i = 0, e = newWeight.values.size(); i < e; ++i)
      newWeight.values[i].f *= s[i / block];

    ConstantTensor newBias{
        RankedTensorType::get({filters}, newWeight.type.getElementType()),
        std::vector<Scalar>(filters)};
    for (int64_t f = 0; f < filters; ++f) {
      double b = bias ? bias->values[f].f : 0.0;
      newBias.values[f].f = (b - mean->values[f].f) * s[f] + beta->values[f].f;
    }

    Location loc = rewriter.getFusedLoc({conv.getLoc(), bn.getLoc()});
    Value w = ConstantOp::create(rewriter, loc, newWeight.toAttr());
    Value b = ConstantOp::create(rewriter, loc, newBias.toAttr());
    ConvOp folded = conv.cloneWithOperands(rewriter, loc, bn.getType(),
                                           conv.getInput(), w, b,
                                           /*residual=*/Value());
    rewriter.replaceOp(bn, folded.getResult());
    rewriter.eraseOp(conv);
    return success();
  }
};

class FoldBatchNormPass : public impl::FoldBatchNormBase<FoldBatchNormPass> {
public:
  using FoldBatchNormBase::FoldBatchNormBase;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateFoldBatchNormPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace

void populateFoldBatchNormPatterns(RewritePatternSet &patterns) {
  patterns.add<FoldBatchNormIntoConv>(patterns.getContext());
}

} // namespace kiln::passes
