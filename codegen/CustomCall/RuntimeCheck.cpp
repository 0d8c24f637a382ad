//===- RuntimeCheck.cpp - graph.runtime_check to its buffer form ----------===//
//
// graph.runtime_check survives the lowering to linalg like graph.custom_call
// does: the conversion reduces its condition to one i1 (a linalg.reduce
// with andi, "all elements true") so that bufferization gives a memref<i1>,
// which kiln-lower-custom-calls loads and branches on. A condition that is
// a constant with a false element is a compile error: the model can never
// run successfully.
//
//===----------------------------------------------------------------------===//

#include "kiln/Codegen/CustomCall.h"
#include "ReadOnlyOperandsModel.h"

#include "dialects/Graph/IR/GraphOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/BufferizableOpInterface.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace mlir::bufferization;

namespace kiln::codegen {

namespace {

/// True when `op`'s condition is a constant with a false element.
bool alwaysFails(graph::RuntimeCheckOp op) {
  DenseElementsAttr constant;
  return matchPattern(op.getCondition(), m_Constant(&constant)) &&
         !llvm::all_of(constant.getValues<bool>(), [](bool b) { return b; });
}

/// True once the condition is the single i1 the later lowering expects
/// (and not one known to be false, which the pattern reports).
bool isReduced(graph::RuntimeCheckOp op) {
  auto type = dyn_cast<RankedTensorType>(op.getCondition().getType());
  return !type || (type.getRank() == 0 && !alwaysFails(op));
}

struct ReduceRuntimeCheck : public OpConversionPattern<graph::RuntimeCheckOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(graph::RuntimeCheckOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (alwaysFails(op))
      return op.emitError("run-time check always fails: ") << op.getMessage();
    Location loc = op.getLoc();
    Value condition = adaptor.getCondition();
    auto type = cast<RankedTensorType>(condition.getType());
    Type i1 = rewriter.getI1Type();
    Value init =
        tensor::EmptyOp::create(rewriter, loc, ArrayRef<int64_t>(), i1);
    Value allTrue = arith::ConstantIntOp::create(rewriter, loc, i1, 1);
    init = linalg::FillOp::create(rewriter, loc, allTrue, init).getResult(0);
    auto dims = llvm::to_vector(llvm::seq<int64_t>(0, type.getRank()));
    auto reduce = linalg::ReduceOp::create(
        rewriter, loc, condition, init, dims,
        [](OpBuilder &b, Location l, ValueRange args) {
          Value both = arith::AndIOp::create(b, l, args[0], args[1]);
          linalg::YieldOp::create(b, l, both);
        });
    graph::RuntimeCheckOp::create(rewriter, loc, reduce.getResult(0),
                                  op.getMessageAttr());
    rewriter.eraseOp(op);
    return success();
  }
};

struct RuntimeCheckBufferization
    : public ReadOnlyOperandsModel<RuntimeCheckBufferization,
                                   graph::RuntimeCheckOp> {
  LogicalResult bufferize(Operation *op, RewriterBase &rewriter,
                          const BufferizationOptions &options,
                          BufferizationState &state) const {
    auto check = cast<graph::RuntimeCheckOp>(op);
    FailureOr<Value> buffer =
        getBuffer(rewriter, check.getCondition(), options, state);
    if (failed(buffer))
      return failure();
    rewriter.setInsertionPoint(check);
    graph::RuntimeCheckOp::create(rewriter, check.getLoc(), *buffer,
                                  check.getMessageAttr());
    rewriter.eraseOp(check);
    return success();
  }
};

} // namespace

void populateRuntimeCheckConversion(RewritePatternSet &patterns,
                                    ConversionTarget &target) {
  target.addDynamicallyLegalOp<graph::RuntimeCheckOp>(isReduced);
  patterns.add<ReduceRuntimeCheck>(patterns.getContext());
}

void registerRuntimeCheckBufferization(graph::GraphDialect *,
                                       MLIRContext *ctx) {
  graph::RuntimeCheckOp::attachInterface<RuntimeCheckBufferization>(*ctx);
}

} // namespace kiln::codegen
