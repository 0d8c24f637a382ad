//===- Relu6.cpp - A Kiln pass plugin: Relu becomes ReLU6 -----------------===//
//
// The pass `example-relu6` replaces every graph.relu by graph.clip with
// bounds [0, max] (max = 6 by default): the ReLU6 that quantization-friendly
// networks use. Run it right after the import, so that the graph optimizer
// then treats the clip like any other activation (fusing it into a matmul or
// conv epilogue, for instance):
//
//   kiln compile net.onnx --load-pass-plugin=libkiln_relu6.so \
//       --pass-at=import:func.func(example-relu6{max=6})
//
//===----------------------------------------------------------------------===//

#include "kiln/Plugin.h"

#include "dialects/Graph/IR/GraphOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

using namespace mlir;
namespace graph = kiln::graph;

namespace {

/// graph.relu %x  ->  graph.clip %x {min = 0, max = <max>}
struct ReluToClip : OpRewritePattern<graph::ReluOp> {
  ReluToClip(MLIRContext *ctx, double max)
      : OpRewritePattern(ctx), max(max) {}

  LogicalResult matchAndRewrite(graph::ReluOp relu,
                                PatternRewriter &rewriter) const override {
    // Integer tensors have no use for a cap at 6.0.
    if (!isa<FloatType>(relu.getType().getElementType()))
      return rewriter.notifyMatchFailure(relu, "not a float tensor");
    rewriter.replaceOpWithNewOp<graph::ClipOp>(
        relu, relu.getType(), relu.getInput(), rewriter.getF64FloatAttr(0.0),
        rewriter.getF64FloatAttr(max));
    return success();
  }

  double max;
};

struct Relu6Pass : PassWrapper<Relu6Pass, OperationPass<func::FuncOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(Relu6Pass)

  Relu6Pass() = default;
  Relu6Pass(const Relu6Pass &other) : PassWrapper(other) {}

  StringRef getArgument() const final { return "example-relu6"; }
  StringRef getDescription() const final {
    return "Replace graph.relu by graph.clip [0, max] (ReLU6)";
  }

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<ReluToClip>(&getContext(), max);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }

  Option<double> max{*this, "max", llvm::cl::desc("Upper bound of the clip"),
                     llvm::cl::init(6.0)};
};

} // namespace

// The entry point Kiln loads; it also carries the Kiln and LLVM versions this
// plugin was built against, which Kiln checks before registering anything.
KILN_PASS_PLUGIN("example-relu6", [] { PassRegistration<Relu6Pass>(); })
