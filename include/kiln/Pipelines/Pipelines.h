//===- Pipelines.h - Kiln's named pass pipelines ----------------*- C++ -*-===//
//
// Each phase of `kiln compile` is a named pipeline function taking an options
// struct; each is registered so kiln-opt and lit can run it alone.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_PIPELINES_PIPELINES_H
#define KILN_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>

namespace kiln {

/// The phases of a compile, in order; `--compile-to=` names one.
enum class Phase { Import, Graph, Linalg, Bufferized, LLVMDialect };

/// Parses "import", "graph", "linalg", "bufferized", "llvm".
std::optional<Phase> parsePhase(llvm::StringRef name);

struct PipelineOptions {
  /// 0 disables the graph optimizer and code-level optimizations.
  int optLevel = 2;
  /// Allow graph rewrites that change floating-point results.
  bool fastMath = false;
  /// Constant folding skips results with more elements than this.
  int64_t foldLimit = int64_t(1) << 22;
  /// Where kiln-place-weights puts the weights: "object" (the object's
  /// read-only data), "section" (`weightsSection`) or "file".
  std::string weightsPlacement = "object";
  std::string weightsSection;
};

/// Graph optimizer: canonicalization (folders), CSE, DCE. Runs on graph IR.
void buildGraphOptimizationPipeline(mlir::OpPassManager &pm,
                                    const PipelineOptions &options);
/// graph -> linalg/tensor/arith/math.
void buildLowerToLinalgPipeline(mlir::OpPassManager &pm,
                                const PipelineOptions &options);
/// One-shot bufferization, results to out-params, static workspace plan.
void buildBufferizePipeline(mlir::OpPassManager &pm,
                            const PipelineOptions &options);
/// Loops, math approximations, LLVM dialect, ABI entry point.
void buildLowerToLLVMPipeline(mlir::OpPassManager &pm,
                              const PipelineOptions &options);
/// The phases after `after` up to `upTo` (inclusive).
void buildPipelineBetween(mlir::OpPassManager &pm, Phase after, Phase upTo,
                          const PipelineOptions &options);
/// Everything after import up to `phase` (inclusive).
void buildPipelineUpTo(mlir::OpPassManager &pm, Phase phase,
                       const PipelineOptions &options);

/// Registers the pipelines above as kiln-graph-optimize, kiln-lower-to-linalg,
/// kiln-bufferize, kiln-lower-to-llvm and kiln-compile (all of them).
void registerPipelines();

} // namespace kiln

#endif // KILN_PIPELINES_PIPELINES_H
