//===- PaddingFills.cpp - Fill only the border of a padded buffer ---------===//
//
// tensor.pad bufferizes to a fill of the whole padded buffer followed by a
// copy of the input into its interior: the interior is written twice. When
// the copy follows the fill directly, the fill only needs to write the
// border, at most two slabs per dim (top and bottom rows, then the left and
// right columns of the interior rows, ...).
//
//===----------------------------------------------------------------------===//

#include "codegen/Vectorize/VectorPlan.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

using namespace mlir;

namespace kiln::codegen::vectorize {
namespace {

/// The value a linalg.fill, or a linalg.map without inputs that yields a
/// value from outside, writes into every element of its output.
Value getFillValue(linalg::LinalgOp op) {
  if (auto fill = dyn_cast<linalg::FillOp>(op.getOperation()))
    return fill.value();
  auto map = dyn_cast<linalg::MapOp>(op.getOperation());
  if (!map || map.getNumDpsInputs() != 0)
    return nullptr;
  Block *body = map.getBlock();
  Value yielded = body->getTerminator()->getOperand(0);
  if (yielded.getParentBlock() == body)
    return nullptr;
  return yielded;
}

/// The destination of a copy (linalg.copy or memref.copy), or null.
Value getCopyTarget(Operation *op) {
  if (auto copy = dyn_cast<linalg::CopyOp>(op))
    return copy.hasPureBufferSemantics() ? copy.getDpsInits()[0] : nullptr;
  if (auto copy = dyn_cast<memref::CopyOp>(op))
    return copy.getTarget();
  return nullptr;
}

struct FillOnlyBorder : OpInterfaceRewritePattern<linalg::LinalgOp> {
  using OpInterfaceRewritePattern::OpInterfaceRewritePattern;

  LogicalResult matchAndRewrite(linalg::LinalgOp op,
                                PatternRewriter &rewriter) const override {
    Value value = getFillValue(op);
    if (!value || !op.hasPureBufferSemantics())
      return failure();
    Value buffer = op.getDpsInits()[0];
    auto type = dyn_cast<MemRefType>(buffer.getType());
    if (!type || !type.hasStaticShape())
      return failure();
    // The next op that may touch memory must copy into a box of the buffer.
    Operation *next = op->getNextNode();
    while (next && next->getNumRegions() == 0 && isMemoryEffectFree(next))
      next = next->getNextNode();
    Value target = next ? getCopyTarget(next) : nullptr;
    auto box = target ? target.getDefiningOp<memref::SubViewOp>() : nullptr;
    if (!box || box.getSource() != buffer ||
        box.getType().getRank() != type.getRank() ||
        llvm::any_of(box.getStaticStrides(),
                     [](int64_t s) { return s != 1; }) ||
        ShapedType::isDynamicShape(box.getStaticOffsets()) ||
        ShapedType::isDynamicShape(box.getStaticSizes()))
      return failure();
    ArrayRef<int64_t> shape = type.getShape(), offsets = box.getStaticOffsets(),
                      sizes = box.getStaticSizes();
    if (llvm::equal(offsets, SmallVector<int64_t>(shape.size(), 0)) &&
        sizes == shape)
      return failure(); // Nothing but the box: the copy writes everything.

    // Slab i: dims before i inside the box, dim i before or after it, dims
    // after i whole.
    Location loc = op.getLoc();
    rewriter.setInsertionPoint(op);
    int64_t rank = shape.size();
    auto fillSlab = [&](int64_t dim, int64_t begin, int64_t extent) {
      if (extent == 0)
        return;
      SmallVector<int64_t> slabOffsets, slabSizes;
      for (int64_t d = 0; d < rank; ++d) {
        if (d < dim) {
          slabOffsets.push_back(offsets[d]);
          slabSizes.push_back(sizes[d]);
        } else if (d == dim) {
          slabOffsets.push_back(begin);
          slabSizes.push_back(extent);
        } else {
          slabOffsets.push_back(0);
          slabSizes.push_back(shape[d]);
        }
      }
      Value slab =
          memref::SubViewOp::create(rewriter, loc, buffer, slabOffsets,
                                    slabSizes, SmallVector<int64_t>(rank, 1));
      linalg::FillOp::create(rewriter, loc, ValueRange{value},
                             ValueRange{slab});
    };
    for (int64_t d = 0; d < rank; ++d) {
      fillSlab(d, 0, offsets[d]);
      fillSlab(d, offsets[d] + sizes[d], shape[d] - offsets[d] - sizes[d]);
    }
    rewriter.eraseOp(op);
    return success();
  }
};

} // namespace

void populateFillOnlyBorderPatterns(RewritePatternSet &patterns) {
  patterns.add<FillOnlyBorder>(patterns.getContext());
}

} // namespace kiln::codegen::vectorize
