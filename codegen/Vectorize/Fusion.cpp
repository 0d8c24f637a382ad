//===- Fusion.cpp - Take an initializer and an epilogue into a plan -------===//
//
// A depthwise convolution or pooling lowered to linalg writes its output
// three times: a generic broadcasts the bias into it (or a fill zeroes it),
// the convolution accumulates into it, and an elementwise generic maps it
// (ReLU6, a residual add) into the next buffer. A vectorized reduction
// holds a tile of the output in registers anyway, so the initializer's
// payload can compute the tile's start and the epilogue's payload can map
// it before the one store: two passes over memory fewer, and one buffer
// less read. This file decides when that is safe; the emitter does it.
//
// Safe means: the ops are neighbours (only ops without memory effects in
// between), the initializer writes every element of the output and reads
// nothing it writes, the output is not read after the epilogue, and the
// epilogue's output shares no memory with anything read before it would
// have been written. Buffers are compared by their byte ranges from the
// same root (a workspace view's offset, an argument, a global); distinct
// roots never overlap (inputs, outputs and workspace must not).
//
//===----------------------------------------------------------------------===//

#include "codegen/Vectorize/VectorPlan.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

using namespace mlir;

namespace kiln::codegen::vectorize {
namespace {

/// The bytes a memref can address, relative to its root buffer.
struct ByteRange {
  Value root;
  int64_t begin = 0, end = 0;
};

/// Follows views down to the buffer they alias. memref.view moves the
/// aligned pointer by its byte shift; the other views keep it and carry
/// their offset in their layout.
std::optional<ByteRange> getByteRange(Value value) {
  auto type = dyn_cast<MemRefType>(value.getType());
  if (!type || !type.hasStaticShape())
    return std::nullopt;
  SmallVector<int64_t> strides;
  int64_t offset;
  if (failed(type.getStridesAndOffset(strides, offset)) ||
      ShapedType::isDynamic(offset) ||
      llvm::any_of(strides, ShapedType::isDynamic))
    return std::nullopt;
  int64_t span = 1;
  for (auto [size, stride] : llvm::zip(type.getShape(), strides))
    span += (size - 1) * stride;
  int64_t bytes = type.getElementTypeBitWidth() / 8;
  int64_t shift = 0;
  Value root = value;
  while (Operation *def = root.getDefiningOp()) {
    if (auto view = dyn_cast<memref::ViewOp>(def)) {
      APInt byteShift;
      if (!matchPattern(view.getByteShift(), m_ConstantInt(&byteShift)))
        return std::nullopt;
      shift += byteShift.getSExtValue();
      root = view.getSource();
      continue;
    }
    auto viewLike = dyn_cast<ViewLikeOpInterface>(def);
    if (!viewLike)
      break;
    root = viewLike.getViewSource();
  }
  return ByteRange{root, shift + offset * bytes,
                   shift + (offset + span) * bytes};
}

/// Whether two memrefs may share bytes (conservatively true if unknown).
bool mayOverlap(Value a, Value b) {
  if (!isa<MemRefType>(a.getType()) || !isa<MemRefType>(b.getType()))
    return false;
  std::optional<ByteRange> ra = getByteRange(a), rb = getByteRange(b);
  if (!ra || !rb)
    return true;
  if (ra->root != rb->root)
    return false;
  return ra->begin < rb->end && rb->begin < ra->end;
}

/// The closest op before (`forward` false) or after `op` in its block that
/// may touch memory; views, constants and casts in between are skipped.
Operation *neighbour(Operation *op, bool forward) {
  Operation *next = forward ? op->getNextNode() : op->getPrevNode();
  while (next && next->getNumRegions() == 0 && isMemoryEffectFree(next))
    next = forward ? next->getNextNode() : next->getPrevNode();
  return next;
}

/// A linalg op the emitter can inline as an elementwise map over the
/// output's shape: buffers, no loop indices, all loops parallel, its single
/// output indexed by the identity over loops of `shape`, not read.
linalg::LinalgOp getElementwiseMap(Operation *op, ArrayRef<int64_t> shape,
                                   unsigned &maxBits) {
  auto linalgOp = dyn_cast_or_null<linalg::LinalgOp>(op);
  if (!linalgOp || !linalgOp.hasPureBufferSemantics() ||
      linalgOp.hasIndexSemantics() || linalgOp.getNumDpsInits() != 1 ||
      linalgOp.getNumLoops() != linalgOp.getNumParallelLoops() ||
      linalgOp.getStaticLoopRanges() != SmallVector<int64_t>(shape))
    return nullptr;
  OpOperand *init = linalgOp.getDpsInitOperand(0);
  if (!linalgOp.getMatchingIndexingMap(init).isIdentity() ||
      !linalgOp.getMatchingBlockArgument(init).use_empty())
    return nullptr;
  std::string why;
  if (failed(checkPayload(linalgOp, maxBits, why)))
    return nullptr;
  return linalgOp;
}

/// Plans `operand` of the fused `op` over the loops of the plan's op: the
/// fused op's loop k is dim k of the output, which the output's indexing map
/// (plain dims or constants) ties to a loop of the plan's op.
FailureOr<OperandPlan> planFusedOperand(linalg::LinalgOp op, OpOperand &operand,
                                        Role role, AffineMap outputMap,
                                        unsigned numLoops, unsigned &maxBits) {
  std::string why;
  FailureOr<OperandPlan> p = planOperand(op, operand, why);
  if (failed(p))
    return failure();
  SmallVector<int64_t> coefficients(numLoops, 0);
  for (auto [k, coefficient] : llvm::enumerate(p->coefficients)) {
    if (coefficient == 0)
      continue;
    auto dim = dyn_cast<AffineDimExpr>(outputMap.getResult(k));
    if (!dim)
      return failure();
    coefficients[dim.getPosition()] += coefficient;
  }
  p->coefficients = std::move(coefficients);
  p->role = role;
  p->isOutput = false;
  if (p->kind != AccessKind::Scalar || p->read)
    maxBits = std::max(maxBits, p->elementType.getIntOrFloatBitWidth());
  return p;
}

/// Every user of `value` and of the views made of it.
void collectUsers(Value value, SmallVectorImpl<Operation *> &users) {
  for (Operation *user : value.getUsers()) {
    users.push_back(user);
    if (auto view = dyn_cast<ViewLikeOpInterface>(user))
      if (view.getViewSource() == value)
        for (Value result : user->getResults())
          collectUsers(result, users);
  }
}

} // namespace

void fuseNeighbors(VectorPlan &plan, unsigned vectorDim, unsigned &maxBits,
                   int64_t vectorBits,
                   llvm::SmallPtrSetImpl<Operation *> &claimed) {
  linalg::LinalgOp op = plan.op;
  if (op.getNumDpsInits() != 1)
    return;
  OpOperand *outputOperand = op.getDpsInitOperand(0);
  Value output = outputOperand->get();
  auto outputType = dyn_cast<MemRefType>(output.getType());
  if (!outputType)
    return;
  AffineMap outputMap = op.getMatchingIndexingMap(outputOperand);
  if (llvm::any_of(outputMap.getResults(), [](AffineExpr e) {
        return !isa<AffineDimExpr, AffineConstantExpr>(e);
      }))
    return;
  unsigned numLoops = op.getNumLoops();
  ArrayRef<int64_t> shape = outputType.getShape();

  // The initializer: writes the whole output right before, reads nothing
  // that overlaps it.
  unsigned initBits = maxBits;
  linalg::LinalgOp init =
      getElementwiseMap(neighbour(op, /*forward=*/false), shape, initBits);
  if (init && !claimed.contains(init) &&
      init.getDpsInitOperand(0)->get() == output &&
      vectorBits / initBits >= 2) {
    SmallVector<OperandPlan> fused;
    bool ok = true;
    for (OpOperand *input : init.getDpsInputOperands()) {
      FailureOr<OperandPlan> p = planFusedOperand(
          init, *input, Role::Init, outputMap, numLoops, initBits);
      if (failed(p) || mayOverlap(input->get(), output)) {
        ok = false;
        break;
      }
      fused.push_back(std::move(*p));
    }
    if (ok && vectorBits / initBits >= 2) {
      plan.init = init;
      claimed.insert(init);
      maxBits = initBits;
      plan.operands.append(fused.begin(), fused.end());
    }
  }

  // The epilogue: reads the output right after (as its only use of it) and
  // writes a buffer that nothing read earlier in the fused loop overlaps.
  unsigned epilogueBits = maxBits;
  linalg::LinalgOp epilogue =
      getElementwiseMap(neighbour(op, /*forward=*/true), shape, epilogueBits);
  if (!epilogue || claimed.contains(epilogue) || vectorBits / epilogueBits < 2)
    return;
  OpOperand *result = epilogue.getDpsInitOperand(0);
  if (result->get() == output)
    return;
  OpOperand *consumed = nullptr;
  for (OpOperand *input : epilogue.getDpsInputOperands()) {
    if (input->get() != output)
      continue;
    if (consumed || !epilogue.getMatchingIndexingMap(input).isIdentity())
      return;
    consumed = input;
  }
  if (!consumed)
    return;
  // The op's output is dead once the epilogue has read it.
  SmallVector<Operation *> users;
  collectUsers(output, users);
  for (Operation *user : users) {
    if (user == op || user == epilogue || user == init ||
        isa<ViewLikeOpInterface>(user))
      continue;
    if (user->getBlock() != op->getBlock() || !user->isBeforeInBlock(op))
      return;
  }
  // What the fused loop reads must survive the epilogue's stores.
  Value written = result->get();
  for (const OperandPlan &p : plan.operands)
    if (mayOverlap(p.operand->get(), written))
      return;
  SmallVector<OperandPlan> fused;
  for (OpOperand &operand : epilogue->getOpOperands()) {
    if (&operand == consumed)
      continue;
    bool isResult = &operand == result;
    if (!isResult && mayOverlap(operand.get(), written))
      return;
    FailureOr<OperandPlan> p = planFusedOperand(
        epilogue, operand, isResult ? Role::Result : Role::Epilogue, outputMap,
        numLoops, epilogueBits);
    if (failed(p))
      return;
    // The fused result is stored where the op's output would have been.
    if (isResult && p->coefficients[vectorDim] != 1)
      return;
    fused.push_back(std::move(*p));
  }
  if (vectorBits / epilogueBits < 2)
    return;
  plan.epilogue = epilogue;
  plan.epilogueArg = epilogue.getMatchingBlockArgument(consumed);
  claimed.insert(epilogue);
  maxBits = epilogueBits;
  plan.operands.append(fused.begin(), fused.end());
}

} // namespace kiln::codegen::vectorize
