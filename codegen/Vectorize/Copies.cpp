//===- Copies.cpp - Large memref.copy ops as parallel vector loops --------===//
//
// A memref.copy between contiguous buffers (a concat writing its inputs
// into slices of its output, a copy into a model output) lowers to one
// memcpy on the calling thread: with several cores, a few hundred KB copied
// serially between two parallel layers is time every other core waits.
// Copies the vectorizer would split over the cores become linalg.copy and
// are planned like every other op.
//
//===----------------------------------------------------------------------===//

#include "codegen/Vectorize/VectorPlan.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

using namespace mlir;

namespace kiln::codegen::vectorize {

void copiesToLinalg(ModuleOp module, const VectorTarget &target) {
  if (target.cores <= 1)
    return;
  int64_t threshold = parallelThreshold(target);
  SmallVector<memref::CopyOp> copies;
  module.walk([&](memref::CopyOp copy) {
    auto source = dyn_cast<MemRefType>(copy.getSource().getType());
    auto dest = dyn_cast<MemRefType>(copy.getTarget().getType());
    if (source && dest && source.hasStaticShape() && dest.hasStaticShape() &&
        source.getNumElements() >= threshold)
      copies.push_back(copy);
  });
  OpBuilder b(module.getContext());
  for (memref::CopyOp copy : copies) {
    b.setInsertionPoint(copy);
    auto linalgCopy =
        linalg::CopyOp::create(b, copy.getLoc(), ValueRange{copy.getSource()},
                               ValueRange{copy.getTarget()});
    // Only where the plan is a parallel one: anything else is better served
    // by memcpy.
    std::string why;
    FailureOr<VectorPlan> plan = analyzeLinalgOp(
        cast<linalg::LinalgOp>(linalgCopy.getOperation()), target, why);
    if (succeeded(plan) && plan->parallelLoops != 0)
      copy.erase();
    else
      linalgCopy.erase();
  }
}

} // namespace kiln::codegen::vectorize
