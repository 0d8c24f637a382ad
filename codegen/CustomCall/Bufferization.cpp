//===- Bufferization.cpp - graph.custom_call's BufferizableOpInterface ----===//
//
// A custom call reads its inputs and writes fresh outputs: no result aliases
// an operand, so one-shot bufferization never needs a copy for it. Each
// result gets its own allocation, which kiln-plan-workspace then places in
// the workspace (or ResultsToOutParams turns into an output buffer).
//
//===----------------------------------------------------------------------===//

#include "kiln/Codegen/CustomCall.h"
#include "ReadOnlyOperandsModel.h"

#include "dialects/Graph/IR/GraphOps.h"

#include "mlir/Dialect/Bufferization/IR/BufferizableOpInterface.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/IR/DialectRegistry.h"

using namespace mlir;
using namespace mlir::bufferization;

namespace kiln::codegen {

namespace {
struct CustomCallBufferization
    : public ReadOnlyOperandsModel<CustomCallBufferization,
                                   graph::CustomCallOp> {
  bool bufferizesToAllocation(Operation *, Value value) const {
    return isa<OpResult>(value);
  }

  FailureOr<BufferLikeType>
  getBufferType(Operation *op, Value value, const BufferizationOptions &,
                const BufferizationState &, SmallVector<Value> &) const {
    auto type = dyn_cast<RankedTensorType>(value.getType());
    if (!type)
      return op->emitOpError("expected a ranked tensor, got ")
             << value.getType();
    return cast<BufferLikeType>(
        MemRefType::get(type.getShape(), type.getElementType()));
  }

  LogicalResult bufferize(Operation *op, RewriterBase &rewriter,
                          const BufferizationOptions &options,
                          BufferizationState &state) const {
    auto call = cast<graph::CustomCallOp>(op);
    Location loc = call.getLoc();
    rewriter.setInsertionPoint(call);
    // The C function sees plain row-major buffers: a strided view (a slice
    // of another tensor) is copied into one first.
    SmallVector<Value> inputs;
    for (Value input : call.getInputs()) {
      FailureOr<Value> buffer = getBuffer(rewriter, input, options, state);
      if (failed(buffer))
        return failure();
      auto type = cast<MemRefType>(buffer->getType());
      if (!type.getLayout().isIdentity()) {
        auto plain = MemRefType::get(type.getShape(), type.getElementType());
        FailureOr<Value> copy = options.createAlloc(rewriter, loc, plain, {});
        if (failed(copy) ||
            failed(options.createMemCpy(rewriter, loc, *buffer, *copy)))
          return failure();
        buffer = copy;
      }
      inputs.push_back(*buffer);
    }
    SmallVector<Value> outputs;
    for (Type type : call.getResultTypes()) {
      auto tensor = cast<RankedTensorType>(type);
      FailureOr<Value> alloc = options.createAlloc(
          rewriter, loc,
          MemRefType::get(tensor.getShape(), tensor.getElementType()), {});
      if (failed(alloc))
        return failure();
      outputs.push_back(*alloc);
    }
    auto bufferCall = graph::CustomCallOp::create(
        rewriter, loc, TypeRange(), inputs, outputs, call.getCalleeAttr(),
        call.getDomainAttr(), call.getOpTypeAttr(), call.getOpAttrsAttr());
    if (Attribute dtypes = call->getAttr(kCustomCallDTypesAttr))
      bufferCall->setAttr(kCustomCallDTypesAttr, dtypes);
    replaceOpWithBufferizedValues(rewriter, op, outputs);
    return success();
  }
};
} // namespace

void registerCustomCallBufferization(DialectRegistry &registry) {
  registry.addExtension(
      +[](MLIRContext *ctx, graph::GraphDialect *dialect) {
        graph::CustomCallOp::attachInterface<CustomCallBufferization>(*ctx);
        registerRuntimeCheckBufferization(dialect, ctx);
      });
}

} // namespace kiln::codegen
