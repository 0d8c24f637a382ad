//===- Compiler.cpp - Import, lower and emit a model in process -----------===//
//
// The library behind `kiln compile`, the node-test runner and the Python
// package: one MLIRContext per compile, diagnostics collected as text.
//
//===----------------------------------------------------------------------===//

#include "kiln/Compiler.h"
#include "kiln/Driver/Driver.h"
#include "kiln/Driver/PipelineHooks.h"
#include "kiln/Importer/CustomOps.h"
#include "kiln/Importer/ONNXImporter.h"
#include "kiln/InitAll.h"
#include "kiln/Support/ModelSignature.h"
#include "kiln/Target/Target.h"

#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace kiln::driver {

CompileSession::CompileSession() {
  DialectRegistry registry;
  registerAllDialects(registry);
  ctx = std::make_unique<MLIRContext>(registry,
                                      MLIRContext::Threading::DISABLED);
  ctx->loadAllAvailableDialects();
  // Users see the failing node and op named in the message; the op dump is
  // noise for them (kiln-opt keeps it for compiler developers).
  ctx->printOpOnDiagnostic(false);
  handler = std::make_unique<ScopedDiagnosticHandler>(
      ctx.get(), [this](Diagnostic &diag) {
        // Importer errors already name the node; errors from later phases
        // carry the node in their location (NameLoc), so name it here.
        std::string text = importer::formatDiagnostic(diag);
        if (auto nameLoc = diag.getLocation()->findInstanceOf<NameLoc>()) {
          std::string node = "node '" + nameLoc.getName().str() + "'";
          if (diag.str().find(node) == std::string::npos) {
            std::string message = diag.str();
            size_t at = text.find(message);
            if (at != std::string::npos)
              text.insert(at, node + ": ");
          }
        }
        diags += text;
        diags += '\n';
        return success();
      });
}

CompileSession::~CompileSession() = default;

llvm::Error CompileSession::takeError(llvm::StringRef fallback) {
  std::string text = diags.empty() ? fallback.str() : diags;
  diags.clear();
  while (!text.empty() && text.back() == '\n')
    text.pop_back();
  return llvm::createStringError(llvm::inconvertibleErrorCode(), text);
}

/// Writes the dot graph of `module` to `path`.
static LogicalResult writeGraphDot(ModuleOp module, llvm::StringRef path) {
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec, llvm::sys::fs::OF_Text);
  if (ec)
    return emitError(module.getLoc())
           << "cannot write '" << path << "': " << ec.message();
  printGraphDot(module, os);
  return success();
}

target::TargetOptions targetOptionsFor(const CompileOptions &options) {
  target::TargetOptions targetOptions;
  targetOptions.triple = options.target;
  targetOptions.cpu = options.cpu;
  targetOptions.optLevel = options.optLevel;
  targetOptions.cores = options.cores;
  return targetOptions;
}

FailureOr<OwningOpRef<ModuleOp>>
CompileSession::importAndLower(llvm::StringRef path,
                               const CompileOptions &options, Phase phase,
                               const GraphReportOptions &report) {
  return importAndLowerWith(
      [&](const importer::ImportOptions &importOptions) {
        return importer::importONNXFile(*ctx, path, importOptions);
      },
      options, phase, report);
}

FailureOr<OwningOpRef<ModuleOp>> CompileSession::importAndLowerBuffer(
    llvm::StringRef bytes, llvm::StringRef bufferName,
    const CompileOptions &options, Phase phase) {
  return importAndLowerWith(
      [&](const importer::ImportOptions &importOptions) {
        return importer::importONNXBuffer(*ctx, bytes, bufferName,
                                          importOptions);
      },
      options, phase, GraphReportOptions());
}

FailureOr<OwningOpRef<ModuleOp>>
CompileSession::importAndLowerWith(Importer import,
                                   const CompileOptions &options, Phase phase,
                                   const GraphReportOptions &report) {
  // Checked before the import so a bad --target fails fast; recorded on the
  // module from the start so every phase's IR says what it is built for.
  auto description = target::describeTarget(targetOptionsFor(options));
  if (!description) {
    emitError(UnknownLoc::get(ctx.get()))
        << llvm::toString(description.takeError());
    return failure();
  }
  if (failed(preparePipelineHooks(*ctx, options)))
    return failure();
  importer::CustomOpTable customOps;
  if (llvm::Error err = customOps.addFromFiles(options.customOpFiles)) {
    emitError(UnknownLoc::get(ctx.get())) << llvm::toString(std::move(err));
    return failure();
  }
  importer::ImportOptions importOptions;
  importOptions.modelName = options.name;
  importOptions.customOps = &customOps;
  OwningOpRef<ModuleOp> module = import(importOptions);
  if (!module)
    return failure();
  description->attachTo(*module);
  if (failed(runPipelineHook(*module, PipelineHook::Import, options)))
    return failure();
  if (phase == Phase::Import)
    return module;
  PipelineOptions pipelineOptions;
  pipelineOptions.optLevel = options.optLevel;
  pipelineOptions.fastMath = options.fastMath;
  switch (options.weightsPlacement) {
  case WeightsPlacement::Object:
    pipelineOptions.weightsPlacement = "object";
    break;
  case WeightsPlacement::Section:
    pipelineOptions.weightsPlacement = "section";
    break;
  case WeightsPlacement::File:
    pipelineOptions.weightsPlacement = "file";
    break;
  }
  pipelineOptions.weightsSection = options.weightsSection;

  // The graph stage runs on its own so that its input and output (and the
  // graph after each of its passes) can be reported.
  GraphOpCounts before;
  if (report.stats)
    before = countGraphOps(*module);
  if (!report.dumpBefore.empty() &&
      failed(writeGraphDot(*module, report.dumpBefore)))
    return failure();
  PassManager graphPm(ctx.get());
  buildGraphOptimizationPipeline(graphPm, pipelineOptions);
  GraphOpCountInstrumentation *counter = nullptr;
  if (report.stats) {
    auto instrumentation = std::make_unique<GraphOpCountInstrumentation>();
    counter = instrumentation.get();
    graphPm.addInstrumentation(std::move(instrumentation));
  }
  if (failed(graphPm.run(*module)))
    return failure();
  if (report.stats)
    printGraphStats(llvm::errs(), before, countGraphOps(*module),
                    counter->perPass());
  if (!report.dumpAfter.empty() &&
      failed(writeGraphDot(*module, report.dumpAfter)))
    return failure();
  if (failed(runPipelineHook(*module, PipelineHook::Graph, options)))
    return failure();
  if (phase == Phase::Graph)
    return module;

  // One pass manager for the rest, with each phase's extra pipelines after
  // it (--pass-at).
  PassManager pm(ctx.get());
  if (failed(addPipelineHook(pm, PipelineHook::Schedule, options)))
    return failure();
  const std::pair<Phase, PipelineHook> laterPhases[] = {
      {Phase::Linalg, PipelineHook::Linalg},
      {Phase::Bufferized, PipelineHook::Bufferized},
      {Phase::LLVMDialect, PipelineHook::LLVM}};
  Phase done = Phase::Graph;
  for (auto [next, hook] : laterPhases) {
    if (next > phase)
      break;
    buildPipelineBetween(pm, done, next, pipelineOptions);
    if (failed(addPipelineHook(pm, hook, options)))
      return failure();
    done = next;
  }
  if (failed(pm.run(*module)))
    return failure();
  return module;
}

/// Frees the data of every dense_resource blob in `context`.
static void releaseResourceBlobs(MLIRContext *context) {
  auto &manager =
      DenseResourceElementsHandle::getManagerInterface(context).getBlobManager();
  std::vector<std::string> names;
  manager.getBlobMap([&](const llvm::StringMap<
                         DialectResourceBlobManager::BlobEntry> &map) {
    for (const auto &entry : map)
      names.push_back(entry.getKey().str());
  });
  for (const std::string &name : names)
    if (auto *entry = manager.lookup(name))
      entry->setBlob(AsmResourceBlob());
}

llvm::Expected<EmittedCode> emitCode(OwningOpRef<ModuleOp> module,
                                     const CompileOptions &options,
                                     bool wantIR, bool wantObject,
                                     bool stackSizes) {
  auto tm = target::createTargetMachine(targetOptionsFor(options));
  if (!tm)
    return tm.takeError();
  (*tm)->Options.EmitStackSizeSection = stackSizes;
  llvm::LLVMContext llvmContext;
  auto llvmModule = target::translateToLLVMIR(*module, llvmContext, **tm);
  if (!llvmModule)
    return llvmModule.takeError();
  // LLVM IR now holds its own copy of the weights. The blobs live in the
  // context (and reference the imported model's bytes), so drop the module
  // and release the blobs: peak memory then stays near three times the
  // weights (IR, machine code layer, object) instead of four or five.
  MLIRContext *context = module->getContext();
  module = nullptr;
  releaseResourceBlobs(context);
  if (llvm::Error err =
          target::optimizeModule(**llvmModule, **tm, options.optLevel))
    return std::move(err);
  EmittedCode code;
  if (wantIR) {
    llvm::raw_string_ostream os(code.llvmIR);
    (*llvmModule)->print(os, nullptr);
  }
  if (wantObject) {
    auto object = target::emitObject(**llvmModule, **tm);
    if (!object)
      return object.takeError();
    code.object = std::move(*object);
  }
  return code;
}

} // namespace kiln::driver

namespace kiln {

/// Reads the signature of the lowered `module` and emits its object.
static llvm::Expected<CompiledModel>
finishCompile(driver::CompileSession &session, OwningOpRef<ModuleOp> module,
              const CompileOptions &options) {
  auto signature = readModelSignature(*module);
  if (failed(signature))
    return session.takeError("model signature missing");
  CompiledModel result;
  // Copied before emitCode releases the module's blobs.
  llvm::ArrayRef<char> weights = weightsFileBytes(*module);
  result.weightsFile.assign(weights.begin(), weights.end());
  auto code = driver::emitCode(std::move(module), options, /*wantIR=*/false,
                               /*wantObject=*/true);
  if (!code)
    return code.takeError();
  result.signature = std::move(*signature);
  result.object = std::move(code->object);
  result.header = target::generateHeader(result.signature);
  return result;
}

llvm::Expected<CompiledModel> compileModelFile(llvm::StringRef path,
                                               const CompileOptions &options) {
  driver::CompileSession session;
  auto module = session.importAndLower(path, options, Phase::LLVMDialect);
  if (failed(module))
    return session.takeError("compilation of '" + path.str() + "' failed");
  return finishCompile(session, std::move(*module), options);
}

llvm::Expected<CompiledModel> compileModelBuffer(llvm::StringRef bytes,
                                                 const CompileOptions &options) {
  CompileOptions withName = options;
  if (withName.name.empty())
    withName.name = "model";
  driver::CompileSession session;
  auto module = session.importAndLowerBuffer(bytes, "<memory>", withName,
                                             Phase::LLVMDialect);
  if (failed(module))
    return session.takeError("compilation of the model in memory failed");
  return finishCompile(session, std::move(*module), withName);
}

} // namespace kiln
