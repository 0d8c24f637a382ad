//===- InitAll.cpp - Register Kiln's dialects and passes ------------------===//
#include "kiln/InitAll.h"

#include "dialects/Graph/IR/GraphOps.h"

#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"

// Kiln pass and pipeline registrations (one include per component).
// [kiln-register-includes]
#include "kiln/Codegen/WeightsPasses.h"
#include "kiln/Codegen/CustomCall.h"
#include "kiln/Codegen/CustomCallPasses.h"
#include "kiln/Codegen/VectorizePasses.h"
#include "kiln/Codegen/SchedulePasses.h"
#include "kiln/Codegen/ParallelPasses.h"
#include "kiln/Passes/Passes.h"
#include "kiln/Codegen/LLVMPasses.h"
#include "kiln/Codegen/Passes.h"
#include "kiln/Codegen/MemoryPasses.h"
#include "kiln/Pipelines/Pipelines.h"

namespace kiln {

void registerAllDialects(mlir::DialectRegistry &registry) {
  registry.insert<graph::GraphDialect>();
  codegen::registerCustomCallBufferization(registry);
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
}

void registerAllPasses() {
  mlir::registerAllPasses();
  // [kiln-register-passes]
  codegen::registerKilnWeightsPasses();
  codegen::registerKilnCustomCallPasses();
  codegen::registerKilnVectorizePasses();
  codegen::registerKilnSchedulePasses();
  codegen::registerKilnParallelPasses();
  kiln::passes::registerFoldBatchNorm();
  kiln::passes::registerFuseMatMulBias();
  kiln::passes::registerFuseEpilogues();
  kiln::passes::registerFoldConstants();
  kiln::passes::registerSimplifyAlgebra();
  kiln::passes::registerFoldTranspose();
  kiln::passes::registerFoldPad();
  kiln::passes::registerRecognizeActivations();
  kiln::passes::registerRecognizeNorms();
  kiln::passes::registerRecognizeAttention();
  kiln::passes::registerFuseElementwise();
  kiln::codegen::registerConvertGraphToLinalg();
  codegen::registerKilnMemoryPasses();
  codegen::registerKilnCodegenLLVMPasses();
  codegen::registerPlanWorkspace();
  codegen::registerGenerateEntryPoint();
  registerPipelines();
}

} // namespace kiln
