//===- WriteSlicesInPlace.cpp - Producers write into their concat slice ---===//
//
// Implements kiln-write-slices-in-place. A Concat bufferizes to one buffer
// per operand, each copied into a subview of the result (memref.copy). When
// that subview is one contiguous run of the result's bytes (batch 1 and a
// channel concat in NCHW, or any slice whose leading dims are 1 and trailing
// dims whole), the operand's buffer can simply *be* those bytes: its producer
// then writes the concat result directly and the copy disappears. The result
// allocation becomes an i8 allocation with one memref.view per part, which
// kiln-plan-workspace places like any other buffer.
//
// Runs on @main before kiln-plan-workspace, on top-level ops only. A copy is
// elided only when moving the operand's writes into the result cannot be
// observed: every use of the operand buffer (and its views) comes before the
// copy, and every use of the result buffer that comes before the copy only
// touches bytes outside the slice (the sibling copies of the same concat).
//
//===----------------------------------------------------------------------===//

#include "kiln/Codegen/MemoryPasses.h"

#include "kiln/Compiler.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SetVector.h"

namespace kiln::codegen {

#define GEN_PASS_DEF_WRITESLICESINPLACE
#include "codegen/Memory/Passes.h.inc"

using namespace mlir;

namespace {

/// A copy whose source buffer becomes a view of the destination's bytes.
struct Candidate {
  memref::CopyOp copy;
  memref::AllocOp source;
  int64_t byteOffset;
};

/// A static, identity-layout, default-memory-space allocation without
/// operands: the only kind this pass rewrites.
bool isPlainAlloc(memref::AllocOp alloc) {
  MemRefType type = alloc.getType();
  if (!alloc.getDynamicSizes().empty() || !alloc.getSymbolOperands().empty() ||
      !type.hasStaticShape() || !type.getLayout().isIdentity())
    return false;
  if (Attribute space = type.getMemorySpace()) {
    auto number = dyn_cast<IntegerAttr>(space);
    if (!number || number.getInt() != 0)
      return false;
  }
  Type element = type.getElementType();
  return (isa<FloatType>(element) || isa<IntegerType>(element)) &&
         element.getIntOrFloatBitWidth() % 8 == 0;
}

/// Every value that aliases `root` through view-like ops (or any op that
/// returns a memref built from it, treated conservatively as a view).
llvm::SetVector<Value> collectAliases(Value root) {
  llvm::SetVector<Value> aliases;
  SmallVector<Value> worklist{root};
  while (!worklist.empty()) {
    Value v = worklist.pop_back_val();
    if (!aliases.insert(v))
      continue;
    for (Operation *user : v.getUsers())
      for (Value result : user->getResults())
        if (isa<BaseMemRefType>(result.getType()))
          worklist.push_back(result);
  }
  return aliases;
}

/// The half-open range of linear element indices (row-major in `base`)
/// a static unit-stride subview covers, and whether it is contiguous.
struct SliceRange {
  int64_t begin = 0, end = 0;
  bool contiguous = false;
};

std::optional<SliceRange> getSliceRange(memref::SubViewOp subview,
                                        ArrayRef<int64_t> base) {
  ArrayRef<int64_t> offsets = subview.getStaticOffsets();
  ArrayRef<int64_t> sizes = subview.getStaticSizes();
  ArrayRef<int64_t> strides = subview.getStaticStrides();
  if (offsets.size() != base.size() ||
      llvm::any_of(offsets, ShapedType::isDynamic) ||
      llvm::any_of(sizes, ShapedType::isDynamic) ||
      llvm::any_of(strides, [](int64_t s) { return s != 1; }))
    return std::nullopt;
  SliceRange range;
  int64_t stride = 1, last = 0;
  for (int64_t d = static_cast<int64_t>(base.size()) - 1; d >= 0; --d) {
    range.begin += offsets[d] * stride;
    last += (offsets[d] + sizes[d] - 1) * stride;
    stride *= base[d];
  }
  range.end = last + 1;
  // Contiguous: past the first dim of size > 1, every dim is whole.
  bool seenWide = false;
  range.contiguous = true;
  for (auto [size, full] : llvm::zip_equal(sizes, base)) {
    if (seenWide && size != full)
      range.contiguous = false;
    if (size != 1)
      seenWide = true;
  }
  return range;
}

struct WriteSlicesInPlace : impl::WriteSlicesInPlaceBase<WriteSlicesInPlace> {
  void runOnOperation() override;
};

void WriteSlicesInPlace::runOnOperation() {
  auto entry = getOperation().lookupSymbol<func::FuncOp>(kEntryFunction);
  if (!entry || entry.isExternal() || !entry.getBody().hasOneBlock())
    return;
  Block &body = entry.getBody().front();
  llvm::DenseMap<Operation *, int64_t> position;
  int64_t step = 0;
  for (Operation &op : body)
    position[&op] = step++;

  // The top-level position of every use of `root`'s aliases, or nullopt if
  // one is outside the block, is a dealloc or leaves through the return.
  auto usePositions = [&](Value root)
      -> std::optional<SmallVector<std::pair<Operation *, int64_t>>> {
    SmallVector<std::pair<Operation *, int64_t>> uses;
    for (Value alias : collectAliases(root))
      for (Operation *user : alias.getUsers()) {
        Operation *anchor = body.findAncestorOpInBlock(*user);
        if (!anchor || isa<memref::DeallocOp, func::ReturnOp>(user))
          return std::nullopt;
        uses.push_back({user, position.lookup(anchor)});
      }
    return uses;
  };

  llvm::MapVector<memref::AllocOp, SmallVector<Candidate>> byDestination;
  llvm::SetVector<Operation *> sources;
  for (Operation &op : body) {
    auto copy = dyn_cast<memref::CopyOp>(&op);
    if (!copy)
      continue;
    auto source = copy.getSource().getDefiningOp<memref::AllocOp>();
    auto subview = copy.getTarget().getDefiningOp<memref::SubViewOp>();
    if (!source || !subview || source->getBlock() != &body ||
        !isPlainAlloc(source))
      continue;
    auto dest = subview.getSource().getDefiningOp<memref::AllocOp>();
    if (!dest || dest->getBlock() != &body || !isPlainAlloc(dest) ||
        dest.getType().getElementType() != source.getType().getElementType())
      continue;
    ArrayRef<int64_t> destShape = dest.getType().getShape();
    std::optional<SliceRange> slice = getSliceRange(subview, destShape);
    if (!slice || !slice->contiguous ||
        slice->end - slice->begin != source.getType().getNumElements())
      continue;
    int64_t elementBytes =
        source.getType().getElementType().getIntOrFloatBitWidth() / 8;
    int64_t byteOffset = slice->begin * elementBytes;
    // Keeps the part as aligned as a buffer of its own would be.
    if (byteOffset % static_cast<int64_t>(kWorkspaceAlignment) != 0)
      continue;

    int64_t copyAt = position.lookup(copy);
    // The source: only used (written, read) before the copy.
    auto sourceUses = usePositions(source.getResult());
    if (!sourceUses)
      continue;
    bool ok = true;
    for (auto [user, at] : *sourceUses)
      if (user != copy.getOperation() && at >= copyAt)
        ok = false;
    // The destination: before the copy, only uses through subviews that
    // stay clear of the slice.
    for (Operation *user : dest->getUsers()) {
      if (!ok)
        break;
      auto other = dyn_cast<memref::SubViewOp>(user);
      if (other == subview)
        continue;
      std::optional<SliceRange> otherRange =
          other ? getSliceRange(other, destShape) : std::nullopt;
      bool disjoint = otherRange && (otherRange->end <= slice->begin ||
                                     slice->end <= otherRange->begin);
      if (disjoint)
        continue;
      Operation *anchor = body.findAncestorOpInBlock(*user);
      if (!anchor || isa<memref::DeallocOp, func::ReturnOp>(user) ||
          position.lookup(anchor) <= copyAt) {
        ok = false;
        break;
      }
      for (Value result : user->getResults()) {
        if (!isa<BaseMemRefType>(result.getType()))
          continue;
        auto uses = usePositions(result);
        if (!uses) {
          ok = false;
          break;
        }
        for (auto [u, at] : *uses)
          if (at <= copyAt)
            ok = false;
      }
    }
    // The subview itself feeds only this copy.
    if (ok && !subview->hasOneUse())
      ok = false;
    // A buffer copied twice moves into one destination only.
    if (ok && sources.insert(source))
      byDestination[dest].push_back({copy, source, byteOffset});
  }

  for (auto &[dest, candidates] : byDestination) {
    // A concat result that is itself a part of another concat keeps its own
    // allocation here (the outer rewrite replaces it by a view).
    if (sources.contains(dest))
      continue;
    // One i8 allocation where the earliest part was allocated, so every view
    // is dominated by it.
    Operation *first = dest;
    for (Candidate c : candidates)
      if (c.source->isBeforeInBlock(first))
        first = c.source;
    MemRefType destType = dest.getType();
    int64_t bytes = destType.getNumElements() *
                    (destType.getElementType().getIntOrFloatBitWidth() / 8);
    OpBuilder b(first);
    Location loc = dest.getLoc();
    auto storage =
        memref::AllocOp::create(b, loc, MemRefType::get({bytes}, b.getI8Type()),
                                ValueRange(), dest.getAlignmentAttr());
    auto viewAt = [&](Location at, MemRefType type, int64_t offset) {
      Value shift = arith::ConstantIndexOp::create(b, at, offset);
      return memref::ViewOp::create(b, at, type, storage, shift, ValueRange())
          .getResult();
    };
    // Every view before any erase: the builder points at one of the allocs.
    Value whole = viewAt(loc, destType, 0);
    SmallVector<Value> parts;
    for (Candidate c : candidates)
      parts.push_back(
          viewAt(c.source.getLoc(), c.source.getType(), c.byteOffset));
    dest.getResult().replaceAllUsesWith(whole);
    dest.erase();
    for (auto [c, part] : llvm::zip_equal(candidates, parts)) {
      Operation *subview = c.copy.getTarget().getDefiningOp();
      c.copy.erase();
      subview->erase();
      c.source.getResult().replaceAllUsesWith(part);
      c.source.erase();
    }
  }
}

} // namespace
} // namespace kiln::codegen
