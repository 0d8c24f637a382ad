//===- ConvertGraphToLinalg.cpp - The kiln-convert-graph-to-linalg pass ---===//
//
// A thin driver: a partial dialect conversion with the graph dialect illegal,
// the type converter that makes unsigned tensors signless, and the function
// signature patterns so `@main`'s interface follows (argument and result
// attributes such as kiln.name stay where they are).
//
//===----------------------------------------------------------------------===//

#include "kiln/Codegen/GraphToLinalg.h"
#include "kiln/Codegen/Passes.h"

#include "dialects/Graph/IR/GraphOps.h"
#include "kiln/Codegen/CustomCall.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/Transforms/FuncConversions.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Diagnostics.h"

using namespace mlir;

namespace kiln::codegen {

#define GEN_PASS_DEF_CONVERTGRAPHTOLINALG
#include "codegen/Passes.h.inc"

GraphToLinalgTypeConverter::GraphToLinalgTypeConverter() {
  addConversion([](Type type) { return type; });
  addConversion([](RankedTensorType type) -> Type {
    auto intType = dyn_cast<IntegerType>(type.getElementType());
    if (!intType || !intType.isUnsigned())
      return type;
    return type.clone(IntegerType::get(type.getContext(), intType.getWidth()));
  });
}

void populateGraphToLinalgPatterns(TypeConverter &typeConverter,
                                   RewritePatternSet &patterns) {
  populateGraphElementwiseToLinalgPatterns(typeConverter, patterns);
  populateGraphContractionToLinalgPatterns(typeConverter, patterns);
  populateGraphPoolingToLinalgPatterns(typeConverter, patterns);
  populateGraphReductionToLinalgPatterns(typeConverter, patterns);
  populateGraphDataMovementToLinalgPatterns(typeConverter, patterns);
  populateGraphIndexingToLinalgPatterns(typeConverter, patterns);
  populateGraphAttentionToLinalgPatterns(typeConverter, patterns);
}

namespace {

struct ConvertGraphToLinalgPass
    : impl::ConvertGraphToLinalgBase<ConvertGraphToLinalgPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    GraphToLinalgTypeConverter converter;

    ConversionTarget target(*ctx);
    target.addIllegalDialect<graph::GraphDialect>();
    target.addLegalDialect<linalg::LinalgDialect, tensor::TensorDialect,
                           arith::ArithDialect, math::MathDialect>();
    // What the scheduled contraction kernels emit.
    target.addLegalDialect<bufferization::BufferizationDialect,
                           memref::MemRefDialect, scf::SCFDialect,
                           vector::VectorDialect>();
    target.addDynamicallyLegalOp<func::FuncOp>([&](func::FuncOp op) {
      return converter.isSignatureLegal(op.getFunctionType()) &&
             converter.isLegal(&op.getBody());
    });
    target.addDynamicallyLegalOp<func::ReturnOp, func::CallOp>(
        [&](Operation *op) { return converter.isLegal(op); });

    RewritePatternSet patterns(ctx);
    populateGraphToLinalgPatterns(converter, patterns);
    // graph.custom_call stays (as a C call), with converted types.
    populateCustomCallConversion(converter, patterns, target);
    populateFunctionOpInterfaceTypeConversionPattern<func::FuncOp>(patterns,
                                                                   converter);
    populateReturnOpTypeConversionPattern(patterns, converter);
    populateCallOpTypeConversionPattern(patterns, converter);

    // A pattern that cannot lower its op has already said why, naming the
    // op; the driver's generic "failed to legalize" that follows adds
    // nothing, so it is dropped. Any other error passes through.
    bool patternReported = false;
    ScopedDiagnosticHandler handler(ctx, [&](Diagnostic &diag) {
      if (diag.getSeverity() != DiagnosticSeverity::Error)
        return failure();
      if (patternReported &&
          StringRef(diag.str()).starts_with("failed to legalize operation"))
        return success();
      patternReported = true;
      return failure();
    });

    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
} // namespace kiln::codegen
