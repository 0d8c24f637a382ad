//===- ResultsToOutParams.cpp - @main's results become out-params ---------===//
//
// Implements kiln-results-to-out-params: upstream's buffer-results-to-out-
// params on @main only, with static allocations hoisted to the caller, made
// safe for results that repeat the same allocation.
//
//===----------------------------------------------------------------------===//

#include "kiln/Codegen/MemoryPasses.h"

#include "kiln/Compiler.h"
#include "mlir/Dialect/Bufferization/IR/AllocationOpInterface.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace kiln::codegen {

#define GEN_PASS_DEF_RESULTSTOOUTPARAMS
#include "codegen/Memory/Passes.h.inc"

using namespace mlir;

namespace {

/// Gives every repeated allocation among `ret`'s operands a buffer of its
/// own, filled by a copy just before the return. After hoisting, the first
/// position writes the caller's buffer directly and the repeats copy from it.
LogicalResult splitRepeatedResults(func::ReturnOp ret) {
  llvm::SmallPtrSet<Value, 8> seen;
  OpBuilder b(ret);
  for (OpOperand &operand : ret->getOpOperands()) {
    Value value = operand.get();
    auto type = dyn_cast<MemRefType>(value.getType());
    if (!type || seen.insert(value).second)
      continue;
    if (!isa_and_nonnull<bufferization::AllocationOpInterface>(
            value.getDefiningOp()))
      continue;
    if (!type.hasStaticShape() || !type.getLayout().isIdentity())
      return ret.emitError("result #")
             << operand.getOperandNumber() << " of type " << type
             << " must have a static shape and an identity layout";
    auto copy = memref::AllocOp::create(
        b, ret.getLoc(), type, ValueRange(),
        b.getI64IntegerAttr(static_cast<int64_t>(kWorkspaceAlignment)));
    memref::CopyOp::create(b, ret.getLoc(), value, copy);
    operand.set(copy);
  }
  return success();
}

struct ResultsToOutParams : impl::ResultsToOutParamsBase<ResultsToOutParams> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto entry = module.lookupSymbol<func::FuncOp>(kEntryFunction);
    if (!entry || entry.isExternal()) {
      module.emitError("expected a defined '@")
          << kEntryFunction << "' entry function";
      return signalPassFailure();
    }
    for (Type type : entry.getResultTypes()) {
      if (!isa<MemRefType>(type)) {
        entry.emitError("expected only memref results after bufferization, "
                        "found ")
            << type;
        return signalPassFailure();
      }
    }
    auto walk = entry.walk([](func::ReturnOp ret) {
      return failed(splitRepeatedResults(ret)) ? WalkResult::interrupt()
                                               : WalkResult::advance();
    });
    if (walk.wasInterrupted())
      return signalPassFailure();

    bufferization::BufferResultsToOutParamsOpts options;
    options.filterFn = [&](func::FuncOp *func) { return *func == entry; };
    options.hoistStaticAllocs = true;
    options.modifyPublicFunctions = true;
    if (failed(bufferization::promoteBufferResultsToOutParams(module, options)))
      return signalPassFailure();
  }
};

} // namespace
} // namespace kiln::codegen
