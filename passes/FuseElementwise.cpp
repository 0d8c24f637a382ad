//===- FuseElementwise.cpp - The kiln-fuse-elementwise pass ---------------===//
//
// Groups maximal trees of elementwise ops into graph.fused_elementwise, which
// lowers to a single loop nest: intermediates are never written to memory.
// The op is grouping, not a local rewrite (which ops join depends on the
// whole tree), so the pass walks each block once from the end: an op not yet
// in a group roots one, and absorbs a producer when
//   - the producer is elementwise,
//   - all of its users are already in the group (else its value is needed
//     anyway and fusing it would compute it twice), and
//   - its result has the root's shape: a smaller intermediate (a per-row
//     sqrt(var + eps), say) would be recomputed for every element of the
//     root; it stays a separate, cheaper loop and enters as an operand.
// Contractions, reductions and data movement are never absorbed.
//
//===----------------------------------------------------------------------===//

#include "kiln/Passes/Passes.h"
#include "kiln/Passes/Recognize.h"

#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/SetVector.h"

using namespace mlir;
using namespace kiln::graph;

namespace kiln::passes {

#define GEN_PASS_DEF_FUSEELEMENTWISE
#include "passes/Passes.h.inc"

namespace {

/// The ops computed element by element (with numpy broadcasting), i.e. what
/// the fused lowering can emit on scalars.
bool isElementwise(Operation *op) {
  return isa<
      // Unary.
      ReluOp, SigmoidOp, TanhOp, ErfOp, SqrtOp, ExpOp, LogOp, NegOp, AbsOp,
      ReciprocalOp, FloorOp, CeilOp, HardSwishOp, LeakyReluOp, HardSigmoidOp,
      ClipOp, CastOp, GeluOp, SiluOp, ExpandOp, SinOp, CosOp, TanOp, AsinOp,
      AcosOp, AtanOp, SinhOp, CoshOp, AsinhOp, AcoshOp, AtanhOp, RoundOp,
      // Binary and ternary.
      AddOp, SubOp, MulOp, DivOp, PowOp, MaxOp, MinOp, EqualOp, LessOp,
      GreaterOp, AndOp, OrOp, ModOp, ShiftLeftOp, ShiftRightOp, WhereOp>(op);
}

ArrayRef<int64_t> getShape(Operation *op) {
  return cast<RankedTensorType>(op->getResult(0).getType()).getShape();
}

/// The group rooted at `root`: root plus every producer it can absorb.
SetVector<Operation *> growGroup(Operation *root) {
  SetVector<Operation *> group;
  group.insert(root);
  ArrayRef<int64_t> shape = getShape(root);
  // A producer with two users in the group joins only once both are in:
  // repeat until nothing changes.
  bool changed = true;
  while (changed) {
    changed = false;
    for (size_t i = 0; i < group.size(); ++i) {
      for (Value operand : group[i]->getOperands()) {
        Operation *producer = operand.getDefiningOp();
        if (!producer || group.contains(producer) ||
            producer->getBlock() != root->getBlock() ||
            !isElementwise(producer) || getShape(producer) != shape)
          continue;
        if (llvm::all_of(producer->getUsers(), [&](Operation *user) {
              return group.contains(user);
            })) {
          group.insert(producer);
          changed = true;
        }
      }
    }
  }
  return group;
}

/// Replaces the ops of `group` (root first) by one graph.fused_elementwise.
void fuseGroup(ArrayRef<Operation *> group, RewriterBase &rewriter) {
  Operation *root = group.front();
  SmallVector<Operation *> ordered(group);
  llvm::sort(ordered,
             [](Operation *a, Operation *b) { return a->isBeforeInBlock(b); });
  SetVector<Value> inputs;
  for (Operation *op : ordered)
    for (Value operand : op->getOperands())
      if (!llvm::is_contained(group, operand.getDefiningOp()))
        inputs.insert(operand);

  rewriter.setInsertionPoint(root);
  auto fused = FusedElementwiseOp::create(rewriter, root->getLoc(),
                                          root->getResult(0).getType(),
                                          inputs.getArrayRef());
  SmallVector<Type> types =
      llvm::map_to_vector(inputs, [](Value v) { return v.getType(); });
  SmallVector<Location> locs =
      llvm::map_to_vector(inputs, [](Value v) { return v.getLoc(); });
  Block *body = rewriter.createBlock(&fused.getBody(), fused.getBody().end(),
                                     types, locs);
  IRMapping mapping;
  mapping.map(inputs.getArrayRef(), body->getArguments());
  for (Operation *op : ordered)
    rewriter.clone(*op, mapping);
  YieldOp::create(rewriter, root->getLoc(), mapping.lookup(root->getResult(0)));

  rewriter.replaceOp(root, fused.getResult());
  // Every other member's users were in the group: erase users first.
  for (Operation *op : llvm::reverse(ordered))
    if (op != root)
      rewriter.eraseOp(op);
}

struct FuseElementwisePass : impl::FuseElementwiseBase<FuseElementwisePass> {
  void runOnOperation() override {
    IRRewriter rewriter(&getContext());
    for (Block &block : getOperation().getBody())
      fuseElementwiseTrees(block, rewriter);
  }
};

} // namespace

unsigned fuseElementwiseTrees(Block &block, RewriterBase &rewriter) {
  // Roots come before their producers when walking backwards, so each op is
  // either absorbed by the group of a later op or roots its own.
  SmallVector<Operation *> ops;
  for (Operation &op : llvm::reverse(block))
    ops.push_back(&op);
  DenseSet<Operation *> grouped;
  unsigned numGroups = 0;
  for (Operation *op : ops) {
    if (grouped.contains(op) || !isElementwise(op))
      continue;
    SetVector<Operation *> group = growGroup(op);
    if (group.size() < 2)
      continue;
    grouped.insert(group.begin(), group.end());
    fuseGroup(group.getArrayRef(), rewriter);
    ++numGroups;
  }
  return numGroups;
}

} // namespace kiln::passes
