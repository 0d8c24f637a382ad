//===- PlanWorkspace.cpp - Place transient buffers in one workspace -------===//
//
// Implements kiln-plan-workspace. Generated code never allocates: every
// static memref.alloc/alloca of @main becomes a memref.view at a fixed offset
// of a caller-provided workspace, appended as @main's last argument. Offsets
// come from planWorkspace() (kiln/Codegen/MemoryPlan.h) over live intervals
// measured on @main's top-level op order.
//
// A zero-byte plan still appends the workspace argument, as memref<0xi8>: the
// signature of @main (inputs, outputs, workspace) never depends on the model,
// and the ABI lets the caller pass NULL when NAME_WORKSPACE_SIZE is 0.
//
// Buffers allocated inside a parallel loop (scf.forall, scf.parallel) exist
// once per iteration, and iterations may run at the same time on different
// threads: one workspace offset cannot hold them. They become (or stay)
// stack allocations, which are private to each thread.
//
//===----------------------------------------------------------------------===//

#include "kiln/Codegen/MemoryPlan.h"
#include "kiln/Codegen/Passes.h"

#include "kiln/Compiler.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Bufferization/Transforms/BufferViewFlowAnalysis.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Interfaces/DataLayoutInterfaces.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/MathExtras.h"
#include <algorithm>
#include <limits>

namespace kiln::codegen {

#define GEN_PASS_DEF_PLANWORKSPACE
#include "codegen/Passes.h.inc"

using namespace mlir;

namespace {

/// A buffer to move into the workspace, with its live interval.
struct PlannedBuffer {
  Operation *alloc;
  MemRefType type;
  BufferInterval interval;
  /// memref.dealloc ops of the buffer or its views: nothing left to free.
  SmallVector<Operation *> deallocs;
};

/// Bytes per element as the LLVM lowering strides them: the size rounded up
/// to the ABI alignment (a vector<3xf32> element occupies 16 bytes).
uint64_t elementStride(const DataLayout &layout, Type elementType) {
  uint64_t size = layout.getTypeSize(elementType).getFixedValue();
  uint64_t align = layout.getTypeABIAlignment(elementType);
  return llvm::alignTo(size, std::max<uint64_t>(align, 1));
}

/// Every value that may alias `root`: its views, and anything derived from
/// them (BufferViewFlowAnalysis), closed under ops that return memrefs built
/// from one of them (conservatively treated as views too).
llvm::SetVector<Value> collectAliases(Value root,
                                      const BufferViewFlowAnalysis &flow) {
  llvm::SetVector<Value> aliases;
  SmallVector<Value> worklist{root};
  while (!worklist.empty()) {
    Value v = worklist.pop_back_val();
    for (Value alias : flow.resolve(v)) {
      if (!aliases.insert(alias))
        continue;
      worklist.push_back(alias);
      for (Operation *user : alias.getUsers())
        for (Value result : user->getResults())
          if (isa<BaseMemRefType>(result.getType()) &&
              !aliases.contains(result))
            worklist.push_back(result);
    }
  }
  return aliases;
}

/// True if `op` runs once per iteration of a parallel loop.
bool isInParallelLoop(Operation *op) {
  return op->getParentOfType<scf::ForallOp>() ||
         op->getParentOfType<scf::ParallelOp>();
}

/// The plan as a module attribute for `kiln compile --report`: one small
/// dictionary per buffer, named after the ONNX node that produced it when its
/// location says so. Computed before the allocs are replaced, which is why
/// it takes the analyzed buffers rather than reading the IR afterwards.
ArrayAttr describePlan(Builder &b, ArrayRef<PlannedBuffer> buffers,
                       ArrayRef<uint64_t> offsets) {
  SmallVector<Attribute> entries;
  for (auto [planned, offset] : llvm::zip_equal(buffers, offsets)) {
    SmallVector<NamedAttribute, 5> fields{
        b.getNamedAttr("offset",
                       b.getI64IntegerAttr(static_cast<int64_t>(offset))),
        b.getNamedAttr("size", b.getI64IntegerAttr(static_cast<int64_t>(
                                   planned.interval.size))),
        b.getNamedAttr("first", b.getI64IntegerAttr(planned.interval.start)),
        b.getNamedAttr("last", b.getI64IntegerAttr(planned.interval.end))};
    if (auto name = planned.alloc->getLoc()->findInstanceOf<NameLoc>())
      fields.push_back(b.getNamedAttr("name", name.getName()));
    entries.push_back(b.getDictionaryAttr(fields));
  }
  return b.getArrayAttr(entries);
}

struct PlanWorkspace : impl::PlanWorkspaceBase<PlanWorkspace> {
  void runOnOperation() override;

private:
  /// Checks `alloc` and computes its size and live interval.
  FailureOr<PlannedBuffer>
  analyze(Operation *alloc, Block &body,
          const llvm::DenseMap<Operation *, int64_t> &position,
          const BufferViewFlowAnalysis &flow, const DataLayout &layout);
};

FailureOr<PlannedBuffer>
PlanWorkspace::analyze(Operation *alloc, Block &body,
                       const llvm::DenseMap<Operation *, int64_t> &position,
                       const BufferViewFlowAnalysis &flow,
                       const DataLayout &layout) {
  Value buffer = alloc->getResult(0);
  auto type = cast<MemRefType>(buffer.getType());
  if (!type.hasStaticShape() || alloc->getNumOperands() != 0)
    return alloc->emitError("cannot place a dynamically sized buffer ")
           << type << " in the static workspace";
  if (!type.getLayout().isIdentity())
    return alloc->emitError("cannot place buffer ")
           << type << " with a non-identity layout in the workspace";
  if (Attribute space = type.getMemorySpace()) {
    auto number = dyn_cast<IntegerAttr>(space);
    if (!number || number.getInt() != 0)
      return alloc->emitError("cannot place buffer ")
             << type << " of a non-default memory space in the workspace";
  }
  if (auto align = alloc->getAttrOfType<IntegerAttr>("alignment");
      align && align.getInt() > static_cast<int64_t>(kWorkspaceAlignment))
    return alloc->emitError("buffer alignment ")
           << align.getInt() << " exceeds the workspace alignment "
           << kWorkspaceAlignment;

  // Sizes come from the model: check the multiplication.
  uint64_t bytes = elementStride(layout, type.getElementType());
  for (int64_t dim : type.getShape()) {
    std::optional<uint64_t> product =
        llvm::checkedMulUnsigned(bytes, static_cast<uint64_t>(dim));
    if (!product)
      return alloc->emitError("buffer ") << type << " is too large";
    bytes = *product;
  }

  PlannedBuffer planned{alloc, type, {bytes, 0, 0}, {}};
  int64_t self = position.lookup(body.findAncestorOpInBlock(*alloc));
  int64_t first = std::numeric_limits<int64_t>::max(), last = -1;
  for (Value alias : collectAliases(buffer, flow)) {
    for (Operation *user : alias.getUsers()) {
      if (isa<memref::DeallocOp>(user)) {
        planned.deallocs.push_back(user);
        continue;
      }
      if (isa<func::ReturnOp>(user) &&
          user->getParentOp() == body.getParentOp())
        return alloc->emitError("buffer escapes @main through its return; run "
                                "kiln-results-to-out-params first");
      Operation *anchor = body.findAncestorOpInBlock(*user);
      if (!anchor)
        return user->emitError("use of a workspace buffer outside @main");
      int64_t step = position.lookup(anchor);
      first = std::min(first, step);
      last = std::max(last, step);
    }
  }
  // An unused buffer still gets a (trivial) interval at its own position.
  planned.interval.start = last < 0 ? self : first;
  planned.interval.end = last < 0 ? self : last;
  return planned;
}

void PlanWorkspace::runOnOperation() {
  ModuleOp module = getOperation();
  auto entry = module.lookupSymbol<func::FuncOp>(kEntryFunction);
  if (!entry || entry.isExternal()) {
    module.emitError("expected a defined '@")
        << kEntryFunction << "' entry function";
    return signalPassFailure();
  }
  if (!entry.getBody().hasOneBlock()) {
    entry.emitError("expected a single-block '@")
        << kEntryFunction << "' (structured control flow) to plan buffers";
    return signalPassFailure();
  }

  // Heap allocations anywhere else would reach malloc: reject them.
  bool failedElsewhere = false;
  module.walk([&](memref::AllocOp alloc) {
    if (alloc->getParentOfType<func::FuncOp>() != entry) {
      alloc.emitError("heap allocation outside '@")
          << kEntryFunction << "' cannot be placed in the workspace";
      failedElsewhere = true;
    }
  });
  if (failedElsewhere)
    return signalPassFailure();

  Block &body = entry.getBody().front();
  llvm::DenseMap<Operation *, int64_t> position;
  int64_t step = 0;
  for (Operation &op : body)
    position[&op] = step++;

  SmallVector<Operation *> allocs;
  SmallVector<memref::AllocOp> threadPrivate;
  bool ownershipDeallocs = false;
  entry.walk([&](Operation *op) {
    if (isa<memref::AllocOp, memref::AllocaOp>(op)) {
      if (!isInParallelLoop(op))
        allocs.push_back(op);
      else if (auto alloc = dyn_cast<memref::AllocOp>(op))
        threadPrivate.push_back(alloc);
    } else if (isa<bufferization::DeallocOp>(op)) {
      op->emitError("unexpected bufferization.dealloc: the workspace plan "
                    "replaces buffer deallocation");
      ownershipDeallocs = true;
    }
  });
  if (ownershipDeallocs)
    return signalPassFailure();
  for (memref::AllocOp alloc : threadPrivate) {
    OpBuilder b(alloc);
    auto alloca = memref::AllocaOp::create(
        b, alloc.getLoc(), alloc.getType(), alloc.getDynamicSizes(),
        alloc.getSymbolOperands(), alloc.getAlignmentAttr());
    for (Operation *user : llvm::make_early_inc_range(alloc->getUsers()))
      if (isa<memref::DeallocOp>(user))
        user->erase();
    alloc.replaceAllUsesWith(alloca.getResult());
    alloc.erase();
  }
  BufferViewFlowAnalysis flow(entry);
  DataLayout layout = DataLayout::closest(entry);
  SmallVector<PlannedBuffer> buffers;
  SmallVector<BufferInterval> intervals;
  uint64_t alignedSum = 0;
  for (Operation *alloc : allocs) {
    FailureOr<PlannedBuffer> planned =
        analyze(alloc, body, position, flow, layout);
    if (failed(planned))
      return signalPassFailure();
    std::optional<uint64_t> sum = llvm::checkedAddUnsigned(
        alignedSum, llvm::alignTo(planned->interval.size, kWorkspaceAlignment));
    if (!sum ||
        *sum > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      alloc->emitError("the workspace exceeds the addressable size");
      return signalPassFailure();
    }
    alignedSum = *sum;
    buffers.push_back(*planned);
    intervals.push_back(planned->interval);
  }

  WorkspacePlan plan = planWorkspace(intervals, kWorkspaceAlignment);

  MLIRContext *ctx = &getContext();
  Builder attrBuilder(ctx);
  // Before the allocs (and their locations) are replaced by views.
  ArrayAttr planAttr = describePlan(attrBuilder, buffers, plan.offsets);
  auto workspaceType = MemRefType::get({static_cast<int64_t>(plan.totalSize)},
                                       IntegerType::get(ctx, 8));
  unsigned wsIndex = entry.getNumArguments();
  if (failed(entry.insertArgument(wsIndex, workspaceType,
                                  attrBuilder.getDictionaryAttr({}),
                                  entry.getLoc()))) {
    entry.emitError("cannot append the workspace argument");
    return signalPassFailure();
  }
  Value workspace = entry.getArgument(wsIndex);

  llvm::SmallPtrSet<Operation *, 8> deallocs;
  for (const PlannedBuffer &planned : buffers)
    deallocs.insert(planned.deallocs.begin(), planned.deallocs.end());
  for (Operation *dealloc : deallocs)
    dealloc->erase();

  // One constant per distinct offset, at the top of @main, so views in
  // nested regions can use them too.
  llvm::DenseMap<uint64_t, Value> offsetConstants;
  OpBuilder top = OpBuilder::atBlockBegin(&body);
  for (uint64_t offset : plan.offsets)
    if (!offsetConstants.count(offset))
      offsetConstants[offset] = arith::ConstantIndexOp::create(
          top, entry.getLoc(), static_cast<int64_t>(offset));

  for (auto [planned, offset] : llvm::zip_equal(buffers, plan.offsets)) {
    Operation *alloc = planned.alloc;
    OpBuilder b(alloc);
    Value byteShift = offsetConstants[offset];
    Value view = memref::ViewOp::create(b, alloc->getLoc(), planned.type,
                                        workspace, byteShift, ValueRange());
    alloc->getResult(0).replaceAllUsesWith(view);
    alloc->erase();
  }

  module->setAttr(
      attrs::kWorkspaceSize,
      attrBuilder.getI64IntegerAttr(static_cast<int64_t>(plan.totalSize)));
  module->setAttr(
      attrs::kWorkspaceAlign,
      attrBuilder.getI64IntegerAttr(static_cast<int64_t>(kWorkspaceAlignment)));
  module->setAttr(
      attrs::kWorkspaceLowerBound,
      attrBuilder.getI64IntegerAttr(static_cast<int64_t>(plan.lowerBound)));
  module->setAttr(attrs::kWorkspacePlan, planAttr);
}

} // namespace
} // namespace kiln::codegen
