//===- FusedElementwise.cpp - graph.fused_elementwise to linalg.generic ---===//
//
// A fused region becomes ONE all-parallel linalg.generic over the result
// shape. Each fused operand is read through its numpy broadcast map against
// the result; every op of the region is then emitted on scalars, in order,
// by the same emitters the single-op patterns use. An intermediate that is a
// broadcast of smaller operands needs no map of its own: its value at a
// result element is computed from its operands' elements at that result
// element, which is what broadcasting means.
//
//===----------------------------------------------------------------------===//

#include "codegen/GraphToLinalg/ScalarEmitters.h"
#include "codegen/GraphToLinalg/Utils.h"
#include "dialects/Graph/IR/GraphOps.h"

#include "mlir/IR/IRMapping.h"

using namespace mlir;
using namespace kiln::graph;

namespace kiln::codegen {

//===----------------------------------------------------------------------===//
// ScalarEmitterTable
//===----------------------------------------------------------------------===//

void ScalarEmitterTable::add(TypeID id, CheckFn check, EmitFn emit) {
  entries[id] = Entry{std::move(check), std::move(emit)};
}

bool ScalarEmitterTable::contains(Operation *op) const {
  std::optional<RegisteredOperationName> name = op->getRegisteredInfo();
  return name && entries.count(name->getTypeID());
}

LogicalResult ScalarEmitterTable::check(Operation *op) const {
  if (!contains(op))
    return emitUnsupported(op, "is not an elementwise op");
  return entries.find(op->getRegisteredInfo()->getTypeID())->second.check(op);
}

Value ScalarEmitterTable::emitScalar(Operation *op,
                                     ArrayRef<Value> scalarOperands,
                                     OpBuilder &b) const {
  return entries.find(op->getRegisteredInfo()->getTypeID())
      ->second.emit(op, scalarOperands, b);
}

namespace {

//===----------------------------------------------------------------------===//
// The fused pattern
//===----------------------------------------------------------------------===//

class FusedElementwisePattern : public OpConversionPattern<FusedElementwiseOp> {
public:
  FusedElementwisePattern(const TypeConverter &converter, MLIRContext *ctx,
                          std::shared_ptr<const ScalarEmitterTable> table)
      : OpConversionPattern(converter, ctx), table(std::move(table)) {}

  LogicalResult
  matchAndRewrite(FusedElementwiseOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Block &body = op.getBody().front();
    // Everything is checked before any IR is created, so an op the lowering
    // cannot handle fails the conversion with that op's own message.
    for (Operation &inner : body.without_terminator()) {
      if (inner.getNumResults() != 1 || inner.getNumRegions() != 0)
        return emitUnsupported(op, Twine("cannot fuse '") +
                                       inner.getName().getStringRef() + "'");
      if (failed(table->check(&inner)))
        return failure();
    }

    auto resultType =
        getTypeConverter()->convertType<RankedTensorType>(op.getType());
    Value result = buildElementwise(
        rewriter, op.getLoc(), resultType, adaptor.getInputs(),
        [&](OpBuilder &b, Location, ValueRange args) -> Value {
          IRMapping scalars;
          scalars.map(body.getArguments(), args);
          for (Operation &inner : body.without_terminator()) {
            SmallVector<Value> operands =
                llvm::map_to_vector(inner.getOperands(),
                                    [&](Value v) { return scalars.lookup(v); });
            scalars.map(inner.getResult(0),
                        table->emitScalar(&inner, operands, b));
          }
          return scalars.lookup(body.getTerminator()->getOperand(0));
        });
    rewriter.replaceOp(op, result);
    return success();
  }

private:
  std::shared_ptr<const ScalarEmitterTable> table;
};

} // namespace

void populateFusedElementwiseToLinalgPatterns(
    TypeConverter &converter, RewritePatternSet &patterns,
    std::shared_ptr<const ScalarEmitterTable> table) {
  patterns.add<FusedElementwisePattern>(converter, patterns.getContext(),
                                        std::move(table));
}

} // namespace kiln::codegen
