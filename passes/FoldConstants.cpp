//===- FoldConstants.cpp - Evaluate graph ops on constant operands --------===//
//
// kiln-fold-constants: any single-result graph op whose operands are all
// graph.constant is replaced by a constant holding its result. The
// evaluation itself is ConstantEvaluator's; this file is the pattern and the
// greedy driver. Because the driver revisits users of new constants, whole
// shape subgraphs (Shape -> Gather -> Unsqueeze -> Concat -> Reshape) fold in
// one run.
//
//===----------------------------------------------------------------------===//

#include "kiln/Passes/Passes.h"
#include "kiln/Passes/Simplify.h"
#include "passes/ConstantEvaluator.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

using namespace mlir;

namespace kiln::passes {

#define GEN_PASS_DEF_FOLDCONSTANTS
#include "passes/Passes.h.inc"

namespace {

/// Replaces a graph op whose operands are constants by its value.
class FoldConstantOperands : public RewritePattern {
public:
  FoldConstantOperands(MLIRContext *ctx, int64_t maxResultElements)
      : RewritePattern(MatchAnyOpTypeTag(), /*benefit=*/1, ctx),
        maxResultElements(maxResultElements) {}

  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    if (!isa<graph::GraphDialect>(op->getDialect()) ||
        isa<graph::ConstantOp>(op) || op->getNumResults() != 1 ||
        op->getNumOperands() == 0)
      return failure();
    SmallVector<ElementsAttr> operands;
    for (Value operand : op->getOperands()) {
      ElementsAttr value;
      if (!matchPattern(operand, m_Constant(&value)))
        return rewriter.notifyMatchFailure(op, "operand is not a constant");
      operands.push_back(value);
    }
    FailureOr<ElementsAttr> result =
        evaluateConstantOp(op, operands, maxResultElements);
    if (failed(result))
      return rewriter.notifyMatchFailure(op, "not evaluated");
    rewriter.replaceOpWithNewOp<graph::ConstantOp>(op, *result);
    return success();
  }

private:
  int64_t maxResultElements;
};

class FoldConstantsPass : public impl::FoldConstantsBase<FoldConstantsPass> {
public:
  using FoldConstantsBase::FoldConstantsBase;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateFoldConstantsPatterns(patterns, maxResultElements);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace

void populateFoldConstantsPatterns(RewritePatternSet &patterns,
                                   int64_t maxResultElements) {
  patterns.add<FoldConstantOperands>(patterns.getContext(), maxResultElements);
}

} // namespace kiln::passes
