//===- PipelineHooks.cpp - Extra pass pipelines in a compile --------------===//
//
// Plugins register their passes in MLIR's global registry, so pipelines are
// plain textual pass pipelines parsed against it. Every pipeline is parsed
// once before the import, so a typo fails before any expensive work.
//
//===----------------------------------------------------------------------===//

#include "kiln/Driver/PipelineHooks.h"

#include "kiln/InitAll.h"
#include "kiln/Plugins/PassPlugins.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/raw_ostream.h"

#include <mutex>

using namespace mlir;

namespace kiln {

std::optional<PipelineHook> parsePipelineHook(llvm::StringRef name) {
  return llvm::StringSwitch<std::optional<PipelineHook>>(name)
      .Case("import", PipelineHook::Import)
      .Case("graph", PipelineHook::Graph)
      .Case("schedule", PipelineHook::Schedule)
      .Case("linalg", PipelineHook::Linalg)
      .Case("bufferized", PipelineHook::Bufferized)
      .Case("llvm", PipelineHook::LLVM)
      .Default(std::nullopt);
}

llvm::StringRef pipelineHookName(PipelineHook hook) {
  switch (hook) {
  case PipelineHook::Import: return "import";
  case PipelineHook::Graph: return "graph";
  case PipelineHook::Schedule: return "schedule";
  case PipelineHook::Linalg: return "linalg";
  case PipelineHook::Bufferized: return "bufferized";
  case PipelineHook::LLVM: return "llvm";
  }
  return "?";
}

namespace driver {

/// `pipeline` without a `builtin.module( )` wrapper, which the pass
/// managers the hooks use already are.
static llvm::StringRef stripModuleAnchor(llvm::StringRef pipeline) {
  llvm::StringRef text = pipeline.trim();
  if (text.consume_front("builtin.module(") && text.consume_back(")"))
    return text.trim();
  return pipeline.trim();
}

/// Parses `pipeline` into `pm`; on failure emits an error naming the hook.
static LogicalResult parseInto(OpPassManager &pm, PipelineHook hook,
                               llvm::StringRef pipeline, MLIRContext *ctx) {
  std::string message;
  llvm::raw_string_ostream os(message);
  if (succeeded(parsePassPipeline(stripModuleAnchor(pipeline), pm, os)))
    return success();
  while (!message.empty() && message.back() == '\n')
    message.pop_back();
  return emitError(UnknownLoc::get(ctx))
         << "--pass-at=" << pipelineHookName(hook) << ":" << pipeline
         << ": invalid pass pipeline: " << message;
}

LogicalResult preparePipelineHooks(MLIRContext &ctx,
                                   const CompileOptions &options) {
  for (const std::string &path : options.passPlugins)
    if (llvm::Error err = plugins::loadPassPlugin(path))
      return emitError(UnknownLoc::get(&ctx)) << llvm::toString(std::move(err));
  if (options.extraPipelines.empty())
    return success();
  // Textual pipelines name passes through the global registry, which the
  // compile itself does not need.
  static std::once_flag registered;
  std::call_once(registered, [] { registerAllPasses(); });
  for (const auto &[hook, pipelines] : options.extraPipelines) {
    for (const std::string &pipeline : pipelines) {
      OpPassManager scratch("builtin.module");
      if (failed(parseInto(scratch, hook, pipeline, &ctx)))
        return failure();
    }
  }
  return success();
}

LogicalResult addPipelineHook(PassManager &pm, PipelineHook hook,
                              const CompileOptions &options) {
  auto it = options.extraPipelines.find(hook);
  if (it == options.extraPipelines.end())
    return success();
  for (const std::string &pipeline : it->second)
    if (failed(parseInto(pm, hook, pipeline, pm.getContext())))
      return failure();
  return success();
}

LogicalResult runPipelineHook(ModuleOp module, PipelineHook hook,
                              const CompileOptions &options) {
  if (!options.extraPipelines.count(hook))
    return success();
  PassManager pm(module.getContext());
  if (failed(addPipelineHook(pm, hook, options)))
    return failure();
  return pm.run(module);
}

} // namespace driver
} // namespace kiln
