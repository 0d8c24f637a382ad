//===- GraphRuntimeCheck.cpp - graph.runtime_check ------------------------===//
//
// graph.runtime_check guards a run-time value that a static shape assumed.
// Its only effect is on the run's status, modelled as a write to its own
// resource so that no pass treats it as dead or reorders it past another
// check; in the buffer form it also reads its condition buffer, which keeps
// that buffer alive (kiln-plan-workspace) until the check.
//
//===----------------------------------------------------------------------===//

#include "dialects/Graph/IR/GraphOps.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace kiln::graph;

namespace {
/// The run's status, which a failing check sets.
struct RunStatusResource
    : public SideEffects::Resource::Base<RunStatusResource> {
  StringRef getName() final { return "kiln.run_status"; }
};
} // namespace

LogicalResult RuntimeCheckOp::verify() {
  if (getMessage().empty())
    return emitOpError("needs a message saying what it checks");
  if (auto type = dyn_cast<MemRefType>(getCondition().getType());
      type && !type.hasStaticShape())
    return emitOpError("condition buffer must have a static shape");
  return success();
}

LogicalResult RuntimeCheckOp::canonicalize(RuntimeCheckOp op,
                                           PatternRewriter &rewriter) {
  // Only a condition known to hold goes; a known failure stays for the
  // lowering to report as a compile error.
  DenseElementsAttr value;
  if (!matchPattern(op.getCondition(), m_Constant(&value)))
    return failure();
  if (!llvm::all_of(value.getValues<bool>(), [](bool b) { return b; }))
    return failure();
  rewriter.eraseOp(op);
  return success();
}

void RuntimeCheckOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>>
        &effects) {
  if (isa<MemRefType>(getCondition().getType()))
    effects.emplace_back(MemoryEffects::Read::get(), &getConditionMutable(),
                         SideEffects::DefaultResource::get());
  effects.emplace_back(MemoryEffects::Write::get(), RunStatusResource::get());
}
