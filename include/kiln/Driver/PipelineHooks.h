//===- PipelineHooks.h - Extra pass pipelines in a compile ------*- C++ -*-===//
//
// `kiln compile --load-pass-plugin=lib.so --pass-at=PHASE:PIPELINE`: the
// plugins are loaded and checked, and each pipeline runs at its hook
// (kiln::PipelineHook) inside CompileSession::importAndLower.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DRIVER_PIPELINEHOOKS_H
#define KILN_DRIVER_PIPELINEHOOKS_H

#include "kiln/Compiler.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"

namespace kiln::driver {

/// Loads `options.passPlugins`, registers the passes textual pipelines may
/// name (Kiln's, MLIR's and the plugins'), and checks that every pipeline of
/// `options.extraPipelines` parses. Errors are emitted on `ctx`, naming the
/// plugin or the `--pass-at` value.
mlir::LogicalResult preparePipelineHooks(mlir::MLIRContext &ctx,
                                         const CompileOptions &options);

/// Appends the pipelines `options` gives for `hook` to `pm` (a module pass
/// manager); preparePipelineHooks must have succeeded.
mlir::LogicalResult addPipelineHook(mlir::PassManager &pm,
                                    PipelineHook hook,
                                    const CompileOptions &options);

/// Runs the pipelines `options` gives for `hook` on `module`; nothing when
/// there are none.
mlir::LogicalResult runPipelineHook(mlir::ModuleOp module, PipelineHook hook,
                                    const CompileOptions &options);

} // namespace kiln::driver

#endif // KILN_DRIVER_PIPELINEHOOKS_H
