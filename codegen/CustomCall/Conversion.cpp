//===- Conversion.cpp - graph.custom_call in the lowering to linalg -------===//
//
// The op itself survives the lowering to linalg; only its types change
// (unsigned integers become signless). The C side must still be told
// uint8 rather than int8, so the ONNX dtypes are recorded first.
//
//===----------------------------------------------------------------------===//

#include "kiln/Codegen/CustomCall.h"

#include "dialects/Graph/IR/GraphOps.h"
#include "kiln/Support/ModelSignature.h"

using namespace mlir;

namespace kiln::codegen {

namespace {
struct ConvertCustomCallTypes
    : public OpConversionPattern<graph::CustomCallOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(graph::CustomCallOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (op.hasBufferSemantics())
      return rewriter.notifyMatchFailure(op, "already in buffer form");
    SmallVector<int32_t> dtypes;
    for (Type type : llvm::concat<const Type>(op.getInputs().getTypes(),
                                              op.getResultTypes())) {
      auto shaped = cast<ShapedType>(type);
      DType dtype = dtypeOf(shaped.getElementType());
      if (dtype == DType::Undefined)
        return op.emitOpError("element type ")
               << shaped.getElementType() << " has no kiln_dtype";
      dtypes.push_back(static_cast<int32_t>(dtype));
    }
    SmallVector<Type> resultTypes;
    if (failed(getTypeConverter()->convertTypes(op.getResultTypes(),
                                                resultTypes)))
      return rewriter.notifyMatchFailure(op, "cannot convert result types");
    auto converted = graph::CustomCallOp::create(
        rewriter, op.getLoc(), resultTypes, adaptor.getInputs(), ValueRange(),
        op.getCalleeAttr(), op.getDomainAttr(), op.getOpTypeAttr(),
        op.getOpAttrsAttr());
    converted->setAttr(kCustomCallDTypesAttr,
                       rewriter.getDenseI32ArrayAttr(dtypes));
    rewriter.replaceOp(op, converted.getResults());
    return success();
  }
};
} // namespace

void populateCustomCallConversion(TypeConverter &typeConverter,
                                  RewritePatternSet &patterns,
                                  ConversionTarget &target) {
  target.addDynamicallyLegalOp<graph::CustomCallOp>(
      [](graph::CustomCallOp op) {
        return op.hasBufferSemantics() || op->hasAttr(kCustomCallDTypesAttr);
      });
  patterns.add<ConvertCustomCallTypes>(typeConverter, patterns.getContext());
  populateRuntimeCheckConversion(patterns, target);
}

} // namespace kiln::codegen
