//===- OutlineParallel.cpp - kiln.parallel loops to kiln_parallel_for -----===//
//
// Implements kiln-outline-parallel: each outermost scf.parallel marked
// kiln.parallel becomes a private body function with the C signature of
// kiln_parallel_body, called through the runtime's kiln_parallel_for with the
// values it captures in a context struct on the caller's stack.
//
//===----------------------------------------------------------------------===//

#include "kiln/Codegen/ParallelPasses.h"
#include "kiln/Support/ParallelBody.h"

#include "mlir/Conversion/LLVMCommon/TypeConverter.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/DataLayoutInterfaces.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/SetVector.h"

namespace kiln::codegen {

#define GEN_PASS_DEF_OUTLINEPARALLEL
#include "codegen/Parallel/Passes.h.inc"

using namespace mlir;

namespace {

/// Values that are cheaper to recreate in the body than to pass: they have
/// no operands, so the clone is the same value.
bool isRematerializable(Value value) {
  Operation *def = value.getDefiningOp();
  return def && def->getNumOperands() == 0 && def->getNumRegions() == 0 &&
         (def->hasTrait<OpTrait::ConstantLike>() ||
          isa<memref::GetGlobalOp>(def));
}

/// Checks that `loop` is one the runtime can split; returns its trip count.
FailureOr<int64_t> checkedTripCount(scf::ParallelOp loop) {
  if (loop.getNumLoops() != 1) {
    loop.emitError("a 'kiln.parallel' loop must have one dimension, got ")
        << loop.getNumLoops();
    return failure();
  }
  if (!loop.getInitVals().empty()) {
    loop.emitError("a 'kiln.parallel' loop cannot have reductions");
    return failure();
  }
  std::optional<int64_t> lb = getConstantIntValue(loop.getLowerBound()[0]);
  std::optional<int64_t> ub = getConstantIntValue(loop.getUpperBound()[0]);
  std::optional<int64_t> step = getConstantIntValue(loop.getStep()[0]);
  if (lb != 0 || step != 1 || !ub) {
    loop.emitError("a 'kiln.parallel' loop must run from 0 to a constant "
                   "with step 1");
    return failure();
  }
  return *ub;
}

/// Moves the static allocas in `region` to the start of `entry` (a block
/// that runs once before everything in `region`) and inlines the alloca
/// scopes in `region` that no longer allocate.
void hoistAllocas(Region &region, Block &entry) {
  // Iterations that share a buffer run one after the other (each thread's
  // call has its own stack frame), so one buffer is enough; in the loop, an
  // alloca would grow the stack per iteration, or save and restore it.
  SmallVector<memref::AllocaOp> allocas;
  region.walk([&](memref::AllocaOp alloca) {
    if (alloca->getBlock() != &entry && alloca->getNumOperands() == 0 &&
        alloca.getType().hasStaticShape())
      allocas.push_back(alloca);
  });
  for (memref::AllocaOp alloca : allocas)
    alloca->moveBefore(&entry, entry.begin());

  // Post-order: inner scopes are inlined before their parents are checked.
  // A scope of several blocks (after SCF lowering) would not verify, so the
  // ones left empty must go.
  SmallVector<memref::AllocaScopeOp> scopes;
  region.walk([&](memref::AllocaScopeOp scope) { scopes.push_back(scope); });
  IRRewriter rewriter(region.getContext());
  for (memref::AllocaScopeOp scope : scopes) {
    bool allocates = scope
                         ->walk([](Operation *op) {
                           return isa<memref::AllocaOp, LLVM::AllocaOp>(op)
                                      ? WalkResult::interrupt()
                                      : WalkResult::advance();
                         })
                         .wasInterrupted();
    if (allocates)
      continue;
    Block *block = &scope.getBodyRegion().front();
    Operation *ret = block->getTerminator();
    SmallVector<Value> results(ret->getOperands());
    rewriter.eraseOp(ret);
    rewriter.inlineBlockBefore(block, scope);
    rewriter.replaceOp(scope, results);
  }
}

/// Outlines the loops of one module, sharing the type converter and the
/// kiln_parallel_for declaration.
class Outliner {
public:
  explicit Outliner(ModuleOp module)
      : module(module), ctx(module.getContext()), symbols(module),
        converter(ctx, LowerToLLVMOptions(ctx, DataLayout(module))),
        ptrType(LLVM::LLVMPointerType::get(ctx)),
        i64(IntegerType::get(ctx, 64)) {}

  /// Replaces `loop` (checked, trip count `n`) by a kiln_parallel_for call.
  LogicalResult outline(scf::ParallelOp loop, int64_t n);

private:
  /// The field type that carries a value of `type`, null if none can.
  Type fieldType(Type type) const;
  /// The kiln_parallel_for declaration, created on first use.
  FailureOr<LLVM::LLVMFuncOp> parallelFor();

  ModuleOp module;
  MLIRContext *ctx;
  SymbolTable symbols;
  LLVMTypeConverter converter;
  Type ptrType, i64;
  LLVM::LLVMFuncOp parallelForDecl;
  /// The last body function outlined from each caller.
  llvm::DenseMap<Operation *, Operation *> lastBody;
};

Type Outliner::fieldType(Type type) const {
  if (isa<IndexType>(type))
    return i64;
  // A descriptor, exactly as the memref-to-LLVM conversion types it, so that
  // the bridging casts reconcile after the conversion.
  if (isa<MemRefType>(type))
    return dyn_cast_or_null<LLVM::LLVMStructType>(converter.convertType(type));
  if (LLVM::isCompatibleType(type))
    return type;
  return {};
}

FailureOr<LLVM::LLVMFuncOp> Outliner::parallelFor() {
  if (parallelForDecl)
    return parallelForDecl;
  auto type = LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(ctx),
                                          {i64, ptrType, ptrType});
  if (Operation *existing = symbols.lookup(kParallelForSymbol)) {
    auto func = dyn_cast<LLVM::LLVMFuncOp>(existing);
    if (!func || func.getFunctionType() != type) {
      existing->emitError("'@")
          << kParallelForSymbol
          << "' must be the runtime's llvm.func void (i64, ptr, ptr)";
      return failure();
    }
    return parallelForDecl = func;
  }
  OpBuilder b = OpBuilder::atBlockBegin(module.getBody());
  parallelForDecl =
      LLVM::LLVMFuncOp::create(b, module.getLoc(), kParallelForSymbol, type);
  return parallelForDecl;
}

LogicalResult Outliner::outline(scf::ParallelOp loop, int64_t n) {
  auto caller = loop->getParentOfType<func::FuncOp>();
  if (!caller)
    return loop.emitError("a 'kiln.parallel' loop must be inside a func.func");
  Location loc = loop.getLoc();

  // What the body uses from above: recreated inside, or passed by context.
  llvm::SetVector<Value> above;
  getUsedValuesDefinedAbove(loop.getRegion(), above);
  SmallVector<Value> passed, cloned;
  SmallVector<Type> fields;
  for (Value value : above) {
    if (isRematerializable(value)) {
      cloned.push_back(value);
      continue;
    }
    Type field = fieldType(value.getType());
    if (!field)
      return loop.emitError("cannot pass a value of type ")
             << value.getType() << " into the body of a 'kiln.parallel' loop";
    passed.push_back(value);
    fields.push_back(field);
  }
  FailureOr<LLVM::LLVMFuncOp> runtimeFor = parallelFor();
  if (failed(runtimeFor))
    return failure();
  auto contextType = fields.empty()
                         ? LLVM::LLVMStructType()
                         : LLVM::LLVMStructType::getLiteral(ctx, fields);
  auto slot = [&](OpBuilder &b, Value context, size_t index) -> Value {
    return LLVM::GEPOp::create(
        b, loc, ptrType, contextType, context,
        ArrayRef<LLVM::GEPArg>{0, static_cast<int32_t>(index)});
  };

  // void body(void *context, int64_t begin, int64_t end), next to its caller.
  auto bodyType = FunctionType::get(ctx, {ptrType, i64, i64}, {});
  auto body = func::FuncOp::create(
      loc, getParallelBodyName(caller.getSymName()), bodyType);
  body.setPrivate();
  // After the caller's earlier bodies: source order, stable names.
  Operation *&previous = lastBody[caller];
  if (!previous)
    previous = caller;
  symbols.insert(body, std::next(Block::iterator(previous)));
  previous = body;
  Block *entry = body.addEntryBlock();
  OpBuilder b = OpBuilder::atBlockBegin(entry);
  Value contextArg = entry->getArgument(0);
  IRMapping inside;
  for (auto [index, value] : llvm::enumerate(passed)) {
    Value field =
        LLVM::LoadOp::create(b, loc, fields[index], slot(b, contextArg, index));
    Type type = value.getType();
    if (isa<IndexType>(type))
      field = arith::IndexCastOp::create(b, loc, type, field);
    else if (isa<MemRefType>(type))
      field = UnrealizedConversionCastOp::create(b, loc, type, field)
                  .getResult(0);
    inside.map(value, field);
  }
  for (Value value : cloned) {
    Operation *clone = b.clone(*value.getDefiningOp());
    unsigned number = cast<OpResult>(value).getResultNumber();
    inside.map(value, clone->getResult(number));
  }
  Value begin = arith::IndexCastOp::create(b, loc, b.getIndexType(),
                                           entry->getArgument(1));
  Value end = arith::IndexCastOp::create(b, loc, b.getIndexType(),
                                         entry->getArgument(2));
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  auto serial = scf::ForOp::create(b, loc, begin, end, one);
  func::ReturnOp::create(b, loc);

  // The original body, minus its scf.reduce, runs for each iteration.
  Block *from = loop.getBody();
  Block *to = serial.getBody();
  from->getArgument(0).replaceAllUsesWith(serial.getInductionVar());
  to->getOperations().splice(to->getTerminator()->getIterator(),
                             from->getOperations(), from->begin(),
                             from->getTerminator()->getIterator());
  for (Value value : above)
    value.replaceUsesWithIf(inside.lookup(value), [&](OpOperand &use) {
      return serial->isProperAncestor(use.getOwner());
    });
  hoistAllocas(body.getBody(), *entry);

  // The caller fills the context (allocated once, in its entry block: the
  // loop may sit in another loop) and hands it to the runtime.
  OpBuilder c(loop);
  Value context;
  if (fields.empty()) {
    context = LLVM::ZeroOp::create(c, loc, ptrType);
  } else {
    OpBuilder e = OpBuilder::atBlockBegin(&caller.front());
    Value count = LLVM::ConstantOp::create(e, loc, i64, 1);
    context = LLVM::AllocaOp::create(e, loc, ptrType, contextType, count);
  }
  for (auto [index, value] : llvm::enumerate(passed)) {
    Value field = value;
    if (isa<IndexType>(value.getType()))
      field = arith::IndexCastOp::create(c, loc, i64, value);
    else if (isa<MemRefType>(value.getType()))
      field = UnrealizedConversionCastOp::create(c, loc, fields[index], value)
                  .getResult(0);
    LLVM::StoreOp::create(c, loc, field, slot(c, context, index));
  }
  Value function = func::ConstantOp::create(
      c, loc, bodyType, FlatSymbolRefAttr::get(body.getSymNameAttr()));
  Value functionPtr =
      UnrealizedConversionCastOp::create(c, loc, ptrType, function)
          .getResult(0);
  Value count = LLVM::ConstantOp::create(c, loc, i64, n);
  LLVM::CallOp::create(c, loc, *runtimeFor,
                       ValueRange{count, functionPtr, context});
  loop.erase();
  return success();
}

struct OutlineParallel : impl::OutlineParallelBase<OutlineParallel> {
  void runOnOperation() override;
};

void OutlineParallel::runOnOperation() {
  ModuleOp module = getOperation();
  SmallVector<scf::ParallelOp> marked;
  bool misplaced = false;
  module.walk([&](Operation *op) {
    if (!op->hasAttr(kParallelAttrName))
      return;
    if (auto loop = dyn_cast<scf::ParallelOp>(op)) {
      marked.push_back(loop);
      return;
    }
    op->emitError("'") << kParallelAttrName
                       << "' is only allowed on scf.parallel";
    misplaced = true;
  });
  if (misplaced)
    return signalPassFailure();

  // Only outermost loops go to the runtime, which is not reentrant: marked
  // loops inside them become plain serial loops.
  SmallVector<scf::ParallelOp> outermost, nested;
  for (scf::ParallelOp loop : marked) {
    bool inMarked = false;
    for (Operation *p = loop->getParentOp(); p && !inMarked;
         p = p->getParentOp())
      inMarked = isa<scf::ParallelOp>(p) && p->hasAttr(kParallelAttrName);
    (inMarked ? nested : outermost).push_back(loop);
  }
  for (scf::ParallelOp loop : nested)
    loop->removeAttr(kParallelAttrName);

  Outliner outliner(module);
  for (scf::ParallelOp loop : outermost) {
    FailureOr<int64_t> n = checkedTripCount(loop);
    if (failed(n))
      return signalPassFailure();
    loop->removeAttr(kParallelAttrName);
    // Nothing to split: a call would only add overhead. The loop stays, its
    // scratch hoisted all the same.
    if (*n <= 1) {
      if (auto func = loop->getParentOfType<func::FuncOp>())
        hoistAllocas(loop.getRegion(), func.front());
      continue;
    }
    if (failed(outliner.outline(loop, *n)))
      return signalPassFailure();
  }
}

} // namespace
} // namespace kiln::codegen
