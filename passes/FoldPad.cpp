//===- FoldPad.cpp - Explicit pads folded into conv and pooling -----------===//
//
// kiln-fold-pad: TF and some torch exports pad explicitly before a conv or a
// pool. The window ops pad for free, so a pad of the spatial dims only, with
// the value the window op pads with, becomes part of the window op's `pads`:
// 0 for conv and for average_pool counting pads, -inf (or the lowest
// integer) for max_pool, whose own padding never wins.
//
//===----------------------------------------------------------------------===//

#include "kiln/Passes/Passes.h"
#include "kiln/Passes/Simplify.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

using namespace mlir;
using namespace kiln::graph;

namespace kiln::passes {

#define GEN_PASS_DEF_FOLDPAD
#include "passes/Passes.h.inc"

namespace {

/// Whether the pad value is what `windowOp` pads with.
bool padsWithWindowValue(PadOp pad, Operation *windowOp) {
  double value = pad.getValue().convertToDouble();
  if (isa<ConvOp>(windowOp))
    return value == 0.0;
  if (auto avg = dyn_cast<AveragePoolOp>(windowOp)) {
    // Without count_include_pad the pool divides by the covered elements
    // only; that is still exact when the pool has no padding of its own, as
    // the folded pool then counts the pad.
    bool noOwnPads = llvm::all_of(avg.getPads(), [](int64_t p) { return !p; });
    return value == 0.0 && (avg.getCountIncludePad() || noOwnPads);
  }
  if (!isa<MaxPoolOp>(windowOp))
    return false;
  Type type = pad.getType().getElementType();
  if (isa<FloatType>(type))
    return std::isinf(value) && value < 0;
  auto intType = cast<IntegerType>(type);
  if (intType.isUnsigned() || intType.getWidth() == 1)
    return value == 0.0;
  APInt lowest = APInt::getSignedMinValue(intType.getWidth());
  return value == lowest.signedRoundToDouble();
}

/// Whether `pad` is a constant-mode pad of the spatial dims (>= 2) only,
/// whose every user is a window op it can fold into (so the pad vanishes).
bool isFoldablePad(PadOp pad) {
  if (!pad || pad.getMode() != PadMode::constant)
    return false;
  ArrayRef<int64_t> pads = pad.getPads();
  size_t rank = pad.getType().getRank();
  if (rank < 3 || pads[0] || pads[1] || pads[rank] || pads[rank + 1])
    return false;
  for (Operation *user : pad->getUsers()) {
    if (!isa<ConvOp, MaxPoolOp, AveragePoolOp>(user) ||
        user->getOperand(0) != pad.getResult() ||
        !padsWithWindowValue(pad, user))
      return false;
  }
  return true;
}

/// The window op's pads plus the spatial pads of `pad` (both laid out as
/// all begins, then all ends).
SmallVector<int64_t> addPads(ArrayRef<int64_t> windowPads, PadOp pad) {
  ArrayRef<int64_t> pads = pad.getPads();
  size_t rank = pad.getType().getRank(), spatial = rank - 2;
  SmallVector<int64_t> result(windowPads);
  for (size_t i = 0; i < spatial; ++i) {
    result[i] += pads[2 + i];
    result[spatial + i] += pads[rank + 2 + i];
  }
  return result;
}

template <typename OpTy>
class FoldPadIntoWindow : public OpRewritePattern<OpTy> {
public:
  using OpRewritePattern<OpTy>::OpRewritePattern;

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    auto pad = op->getOperand(0).template getDefiningOp<PadOp>();
    if (!isFoldablePad(pad))
      return rewriter.notifyMatchFailure(op, "input is not a foldable pad");
    SmallVector<int64_t> pads = addPads(op.getPads(), pad);
    rewriter.modifyOpInPlace(op, [&] {
      op->setOperand(0, pad.getInput());
      op.setPads(pads);
      if constexpr (std::is_same_v<OpTy, AveragePoolOp>)
        op.setCountIncludePad(true);
    });
    return success();
  }
};

class FoldPadPass : public impl::FoldPadBase<FoldPadPass> {
public:
  using FoldPadBase::FoldPadBase;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateFoldPadPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace

void populateFoldPadPatterns(RewritePatternSet &patterns) {
  patterns.add<FoldPadIntoWindow<ConvOp>, FoldPadIntoWindow<MaxPoolOp>,
               FoldPadIntoWindow<AveragePoolOp>>(patterns.getContext());
}

} // namespace kiln::passes
