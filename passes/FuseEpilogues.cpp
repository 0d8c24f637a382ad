//===- FuseEpilogues.cpp - Activations fused into contractions ------------===//
//
// kiln-fuse-epilogues: an activation applied to the only use of a conv, gemm
// or matmul becomes the contraction's `activation` attribute, so the
// lowering applies it while the result is still in registers (and, for
// f16/bf16, before the single rounding to the storage type):
//   relu(conv(x, w, b)) -> conv(x, w, b) {activation = relu}
// The lowering shares the activation's scalar code with the elementwise op.
// Before that, a residual connection's add of a same-typed tensor to a conv
// becomes the conv's `residual`, so the activation after it fuses too:
//   relu(add(conv(x, w, b), r)) -> conv(x, w, b) residual(r) {act = relu}
// which saves the passes over the activations that the add and the relu
// would each make.
//
//===----------------------------------------------------------------------===//

#include "kiln/Passes/Fusion.h"
#include "kiln/Passes/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

using namespace mlir;
using namespace kiln::graph;

namespace kiln::passes {

#define GEN_PASS_DEF_FUSEEPILOGUES
#include "passes/Passes.h.inc"

namespace {

/// The activation (and its parameters) an op computes, if it is one that
/// fuses.
struct ActivationInfo {
  Activation kind;
  SmallVector<float> params;
};

/// A clip bound as an activation parameter: absent bounds are infinite; a
/// bound that f32 cannot hold exactly does not fuse.
std::optional<float> toClipParam(std::optional<APFloat> bound, bool lower) {
  if (!bound)
    return lower ? -INFINITY : INFINITY;
  double value = bound->convertToDouble();
  if (std::isnan(value) || double(float(value)) != value)
    return std::nullopt;
  return float(value);
}

std::optional<ActivationInfo> getActivationInfo(Operation *op) {
  if (isa<ReluOp>(op))
    return ActivationInfo{Activation::relu, {}};
  if (auto clip = dyn_cast<ClipOp>(op)) {
    std::optional<float> lo = toClipParam(clip.getMin(), /*lower=*/true);
    std::optional<float> hi = toClipParam(clip.getMax(), /*lower=*/false);
    if (!lo || !hi)
      return std::nullopt;
    return ActivationInfo{Activation::clip, {*lo, *hi}};
  }
  if (auto leaky = dyn_cast<LeakyReluOp>(op))
    return ActivationInfo{Activation::leaky_relu,
                          {leaky.getAlpha().convertToFloat()}};
  if (isa<SigmoidOp>(op))
    return ActivationInfo{Activation::sigmoid, {}};
  if (auto hard = dyn_cast<HardSigmoidOp>(op))
    return ActivationInfo{
        Activation::hard_sigmoid,
        {hard.getAlpha().convertToFloat(), hard.getBeta().convertToFloat()}};
  if (isa<HardSwishOp>(op))
    return ActivationInfo{Activation::hard_swish, {}};
  if (isa<SiluOp>(op))
    return ActivationInfo{Activation::silu, {}};
  if (auto gelu = dyn_cast<GeluOp>(op))
    return ActivationInfo{gelu.getTanhApproximation() ? Activation::gelu_tanh
                                                      : Activation::gelu,
                          {}};
  if (isa<TanhOp>(op))
    return ActivationInfo{Activation::tanh, {}};
  return std::nullopt;
}

/// Sets the activation of a contraction `OpTy` in place; its location
/// fuses the activation's (the ONNX nodes both came from).
template <typename OpTy>
LogicalResult fuseInto(Operation *producer, const ActivationInfo &info,
                       Location activationLoc, PatternRewriter &rewriter) {
  auto op = dyn_cast<OpTy>(producer);
  if (!op)
    return failure();
  if (op.getActivation().value_or(Activation::none) != Activation::none)
    return failure();
  // Only relu and clip are defined on integers (integer matmul).
  if (!isa<FloatType>(op.getType().getElementType()) &&
      info.kind != Activation::relu && info.kind != Activation::clip)
    return failure();
  rewriter.modifyOpInPlace(op, [&] {
    op->setLoc(rewriter.getFusedLoc({op.getLoc(), activationLoc}));
    op.setActivation(info.kind);
    if (info.params.empty())
      op.removeActivationParamsAttr();
    else
      op.setActivationParams(ArrayRef<float>(info.params));
  });
  return success();
}

/// activation(contraction) -> contraction {activation}, for any op that
/// getActivationInfo knows.
class FuseActivation : public RewritePattern {
public:
  FuseActivation(MLIRContext *ctx)
      : RewritePattern(MatchAnyOpTypeTag(), /*benefit=*/1, ctx) {}

  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    std::optional<ActivationInfo> info = getActivationInfo(op);
    if (!info)
      return failure();
    Value input = op->getOperand(0);
    Operation *producer = input.getDefiningOp();
    if (!producer || !input.hasOneUse() ||
        input.getType() != op->getResult(0).getType())
      return rewriter.notifyMatchFailure(op, "input is not a single use");
    Location loc = op->getLoc();
    if (failed(fuseInto<ConvOp>(producer, *info, loc, rewriter)) &&
        failed(fuseInto<GemmOp>(producer, *info, loc, rewriter)) &&
        failed(fuseInto<MatMulOp>(producer, *info, loc, rewriter)))
      return rewriter.notifyMatchFailure(op, "no fusable contraction");
    rewriter.replaceOp(op, input);
    return success();
  }
};

/// add(conv, r) or add(r, conv) -> conv residual(r), where the conv's result
/// has no other use, it has no activation (which would apply before the add)
/// nor residual yet, and r has the result's type (no broadcasting). When
/// both operands are such convs, the lhs one takes the other as residual.
class FuseResidualAdd : public OpRewritePattern<AddOp> {
public:
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(AddOp add,
                                PatternRewriter &rewriter) const override {
    for (unsigned i = 0; i < 2; ++i) {
      auto conv = add->getOperand(i).getDefiningOp<ConvOp>();
      Value residual = add->getOperand(1 - i);
      if (!conv || !conv->hasOneUse() || conv.getResidual() ||
          conv.getActivation().value_or(Activation::none) != Activation::none ||
          conv.getType() != add.getType() ||
          residual.getType() != add.getType())
        continue;
      // At the add's position, where the residual is available.
      ConvOp fused = conv.cloneWithOperands(
          rewriter, rewriter.getFusedLoc({conv.getLoc(), add.getLoc()}),
          add.getType(), conv.getInput(), conv.getWeight(), conv.getBias(),
          residual);
      rewriter.replaceOp(add, fused.getResult());
      rewriter.eraseOp(conv);
      return success();
    }
    return rewriter.notifyMatchFailure(add, "no fusable conv operand");
  }
};

class FuseEpiloguesPass : public impl::FuseEpiloguesBase<FuseEpiloguesPass> {
public:
  using FuseEpiloguesBase::FuseEpiloguesBase;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateFuseEpiloguesPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace

void populateFuseEpiloguesPatterns(RewritePatternSet &patterns) {
  patterns.add<FuseResidualAdd, FuseActivation>(patterns.getContext());
}

} // namespace kiln::passes
