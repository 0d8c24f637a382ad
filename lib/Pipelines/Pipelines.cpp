//===- Pipelines.cpp - Kiln's named pass pipelines ------------------------===//
//
// Every phase of a compile as one function over an OpPassManager, plus their
// registrations for kiln-opt (kiln-graph-optimize, kiln-lower-to-linalg,
// kiln-bufferize, kiln-lower-to-llvm, kiln-compile).
//
//===----------------------------------------------------------------------===//

#include "kiln/Pipelines/Pipelines.h"

#include "kiln/Codegen/CustomCallPasses.h"
#include "kiln/Codegen/LLVMPasses.h"
#include "kiln/Codegen/MemoryPasses.h"
#include "kiln/Codegen/ParallelPasses.h"
#include "kiln/Codegen/SchedulePasses.h"
#include "kiln/Codegen/VectorizePasses.h"
#include "kiln/Codegen/WeightsPasses.h"
#include "kiln/Codegen/Passes.h"
#include "kiln/Passes/Passes.h"
#include "kiln/Compiler.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Arith/Transforms/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/ADT/StringSwitch.h"

using namespace mlir;

namespace kiln {

std::optional<Phase> parsePhase(llvm::StringRef name) {
  return llvm::StringSwitch<std::optional<Phase>>(name)
      .Case("import", Phase::Import)
      .Case("graph", Phase::Graph)
      .Case("linalg", Phase::Linalg)
      .Case("bufferized", Phase::Bufferized)
      .Case("llvm", Phase::LLVMDialect)
      .Default(std::nullopt);
}

void buildGraphOptimizationPipeline(OpPassManager &pm,
                                    const PipelineOptions &options) {
  if (options.optLevel <= 0)
    return;
  // Each stage's passes are added in the order below; the canonicalizer runs
  // the dialect's folders and removes dead pure ops (DCE), CSE merges
  // duplicates.
  OpPassManager &fpm = pm.nest<func::FuncOp>();
  // [graph-opt: cleanup]
  fpm.addPass(passes::createFoldConstants({options.foldLimit}));
  fpm.addPass(passes::createSimplifyAlgebra({options.fastMath}));
  fpm.addPass(createCanonicalizerPass());
  fpm.addPass(createCSEPass());
  // [graph-opt: recognize]
  fpm.addPass(passes::createRecognizeActivations());
  fpm.addPass(passes::createRecognizeNorms());
  fpm.addPass(passes::createRecognizeAttention());
  // [graph-opt: fold-into-contractions]
  fpm.addPass(passes::createFoldBatchNorm());
  fpm.addPass(passes::createFoldTranspose());
  fpm.addPass(passes::createFoldPad());
  // [graph-opt: fuse]
  fpm.addPass(passes::createFuseMatMulBias());
  fpm.addPass(passes::createFuseEpilogues());
  fpm.addPass(createCanonicalizerPass());
  fpm.addPass(createCSEPass());
  // [graph-opt: fuse-elementwise]
  fpm.addPass(passes::createFuseElementwise());
}

void buildLowerToLinalgPipeline(OpPassManager &pm,
                                const PipelineOptions &options) {
  // [schedule: select] the strategy pass annotates root ops with schedules.
  if (options.optLevel >= 2)
    pm.addPass(codegen::createSelectSchedules());
  pm.addPass(codegen::createConvertGraphToLinalg());
  // [schedule: window] depthwise convolutions and max pools read their
  // unpadded input.
  if (options.optLevel >= 2)
    pm.addPass(codegen::createWindowKernels());
  pm.addPass(createCanonicalizerPass());
}

void buildBufferizePipeline(OpPassManager &pm, const PipelineOptions &options) {
  // Fewer, larger elementwise loops mean fewer transient buffers to place.
  if (options.optLevel >= 1)
    pm.addNestedPass<func::FuncOp>(createLinalgElementwiseOpFusionPass());
  // Lets tensor.insert_slice destinations (concat, pad) be written in place.
  pm.addPass(bufferization::createEmptyTensorEliminationPass());

  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  // Also the alignment of the constant globals (memref.global).
  bufferize.bufferAlignment = kWorkspaceAlignment;
  bufferize.allowReturnAllocsFromLoops = true;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));

  // Outputs are written straight into the caller's buffers.
  pm.addPass(codegen::createResultsToOutParams());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  // Concat parts are written in their slice of the result, not copied.
  if (options.optLevel >= 2)
    pm.addPass(codegen::createWriteSlicesInPlace());
  pm.addPass(codegen::createPlanWorkspace());
  pm.addPass(createCanonicalizerPass());
  // [weights: place] a linker section or NAME.weights.bin (docs/firmware.md).
  if (options.weightsPlacement != "object")
    pm.addPass(codegen::createPlaceWeights(
        {options.weightsPlacement, options.weightsSection}));
}

void buildLowerToLLVMPipeline(OpPassManager &pm,
                              const PipelineOptions &options) {
  // No libm, no MLIR runtime library: before anything maps ops to calls.
  pm.addPass(codegen::createLegalizeFreestanding());
  pm.addPass(createConvertMathToFuncs());

  // [schedule: vectorize] vectorize the linalg ops that have no kernel yet.
  if (options.optLevel >= 2)
    pm.addPass(codegen::createVectorize());
  // [schedule: parallel] outline parallel loops into kiln_parallel_for calls.
  if (options.optLevel >= 1)
    pm.addPass(codegen::createOutlineParallel());
  pm.addPass(createConvertLinalgToLoopsPass());
  if (options.optLevel >= 2) {
    pm.addPass(createCanonicalizerPass());
    pm.addPass(createLoopInvariantCodeMotionPass());
    pm.addPass(createCSEPass());
  }
  pm.addPass(createLowerAffinePass());
  pm.addPass(createConvertVectorToSCFPass());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());

  arith::ArithExpandOpsPassOptions expand;
  // bf16 conversions as integer ops rather than compiler-rt calls.
  expand.includeBf16 = true;
  pm.addPass(arith::createArithExpandOpsPass(expand));
  // Custom ops become C calls; @main then returns their status.
  pm.addPass(codegen::createLowerCustomCalls());

  pm.addPass(createConvertVectorToLLVMPass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  // The vectorizer pads with ub.poison (CODEGEN-NOTES.md, pitfall 1).
  pm.addPass(createUBToLLVMConversionPass());
  ConvertFuncToLLVMPassOptions func;
  // @main takes plain data pointers, which is what NAME_run passes.
  func.useBarePtrCallConv = true;
  pm.addPass(createConvertFuncToLLVMPass(func));
  pm.addPass(createReconcileUnrealizedCastsPass());
  if (options.optLevel >= 1)
    pm.addPass(createCanonicalizerPass());

  pm.addPass(codegen::createFlattenConstantGlobals());
  pm.addPass(codegen::createApplyWeightsSection());
  pm.addPass(codegen::createGenerateEntryPoint());
}

void buildPipelineBetween(OpPassManager &pm, Phase after, Phase upTo,
                          const PipelineOptions &options) {
  auto wanted = [&](Phase p) { return p > after && p <= upTo; };
  if (wanted(Phase::Graph))
    buildGraphOptimizationPipeline(pm, options);
  if (wanted(Phase::Linalg))
    buildLowerToLinalgPipeline(pm, options);
  if (wanted(Phase::Bufferized))
    buildBufferizePipeline(pm, options);
  if (wanted(Phase::LLVMDialect))
    buildLowerToLLVMPipeline(pm, options);
}

void buildPipelineUpTo(OpPassManager &pm, Phase phase,
                       const PipelineOptions &options) {
  buildPipelineBetween(pm, Phase::Import, phase, options);
}

namespace {
/// The textual options of the registered pipelines.
struct PipelineCLOptions : PassPipelineOptions<PipelineCLOptions> {
  Option<int> optLevel{*this, "opt-level",
                       llvm::cl::desc("0 disables optimizations (0..3)"),
                       llvm::cl::init(2)};

  PipelineOptions get() const {
    PipelineOptions options;
    options.optLevel = optLevel;
    return options;
  }
};

template <void (*Build)(OpPassManager &, const PipelineOptions &)>
void registerPipeline(llvm::StringRef name, llvm::StringRef description) {
  PassPipelineRegistration<PipelineCLOptions>(
      name, description,
      [](OpPassManager &pm, const PipelineCLOptions &options) {
        Build(pm, options.get());
      });
}

void buildCompilePipeline(OpPassManager &pm, const PipelineOptions &options) {
  buildPipelineUpTo(pm, Phase::LLVMDialect, options);
}
} // namespace

void registerPipelines() {
  registerPipeline<buildGraphOptimizationPipeline>(
      "kiln-graph-optimize", "Kiln graph optimizer (canonicalize, CSE)");
  registerPipeline<buildLowerToLinalgPipeline>(
      "kiln-lower-to-linalg", "Lower the graph dialect to linalg/tensor");
  registerPipeline<buildBufferizePipeline>(
      "kiln-bufferize",
      "Bufferize, write outputs in place, plan the static workspace");
  registerPipeline<buildLowerToLLVMPipeline>(
      "kiln-lower-to-llvm",
      "Lower bufferized IR to the LLVM dialect with the C ABI entry point");
  registerPipeline<buildCompilePipeline>(
      "kiln-compile", "Every phase after import, graph to LLVM dialect");
}

} // namespace kiln
