//===- VectorizePass.cpp - kiln-vectorize ---------------------------------===//
//
// Implements kiln-vectorize: analyzes every linalg op of the module against
// the `kiln.target` vector width and rewrites those it can into vector
// loops (codegen/Vectorize/VectorPlan.h); the others are left for
// linalg-to-loops.
//
//===----------------------------------------------------------------------===//

#include "codegen/Vectorize/VectorPlan.h"
#include "kiln/Codegen/VectorizePasses.h"
#include "kiln/Support/TargetDescription.h"

#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace kiln::codegen {

#define GEN_PASS_DEF_VECTORIZE
#include "codegen/Vectorize/Passes.h.inc"

using namespace mlir;

namespace {

struct Vectorize : impl::VectorizeBase<Vectorize> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    FailureOr<std::optional<TargetDescription>> description =
        vectorize::lookupVectorTarget(module, /*minVectorBits=*/1);
    if (failed(description))
      return signalPassFailure();
    if (!*description)
      return;
    vectorize::VectorTarget target;
    target.vectorBits = (*description)->vectorBits;
    target.vectorRegisters = (*description)->vectorRegisters;
    target.cores = (*description)->cores;
    target.l1dBytes = (*description)->l1dBytes;

    // Padded buffers: only the border needs the fill (before planning, so
    // that the border fills are vectorized too).
    RewritePatternSet patterns(&getContext());
    vectorize::populateFillOnlyBorderPatterns(patterns);
    GreedyRewriteConfig config;
    config.enableFolding(false);
    if (failed(applyPatternsGreedily(module, std::move(patterns), config))) {
      module.emitError("shrinking padding fills did not converge");
      return signalPassFailure();
    }

    // Large copies become linalg.copy, to be planned (and split over the
    // cores) like every other op.
    vectorize::copiesToLinalg(module, target);

    SmallVector<linalg::LinalgOp> ops;
    module.walk([&](linalg::LinalgOp op) { ops.push_back(op); });
    // Plan everything first: a plan may take in its neighbours, which must
    // then not be rewritten on their own.
    llvm::SmallPtrSet<Operation *, 16> claimed;
    std::vector<vectorize::VectorPlan> plans;
    for (linalg::LinalgOp op : ops) {
      if (claimed.contains(op))
        continue;
      std::string why;
      FailureOr<vectorize::VectorPlan> plan =
          vectorize::analyzeLinalgOp(op, target, why, &claimed);
      if (failed(plan)) {
        if (remarks)
          op->emitRemark("not vectorized: ") << why;
        continue;
      }
      plans.push_back(std::move(*plan));
    }
    OpBuilder builder(&getContext());
    for (const vectorize::VectorPlan &plan : plans)
      if (!claimed.contains(plan.op))
        vectorize::emitVectorPlan(builder, plan);
  }
};

} // namespace
} // namespace kiln::codegen
