//===- Compiler.cpp - Import, lower and emit a model in process -----------===//
//
// The library behind `kiln compile`, the node-test runner and the Python
// package: one MLIRContext per compile, diagnostics collected as text.
//
//===----------------------------------------------------------------------===//

#include "kiln/Compiler.h"
#include "kiln/Driver/Driver.h"
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

FailureOr<OwningOpRef<ModuleOp>>
CompileSession::importAndLower(llvm::StringRef path,
                               const CompileOptions &options, Phase phase,
                               const GraphReportOptions &report) {
  importer::ImportOptions importOptions;
  importOptions.modelName = options.name;
  OwningOpRef<ModuleOp> module =
      importer::importONNXFile(*ctx, path, importOptions);
  if (!module)
    return failure();
  if (phase == Phase::Import)
    return module;
  PipelineOptions pipelineOptions;
  pipelineOptions.optLevel = options.optLevel;
  pipelineOptions.fastMath = options.fastMath;

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
  if (phase == Phase::Graph)
    return module;

  PassManager pm(ctx.get());
  buildPipelineBetween(pm, Phase::Graph, phase, pipelineOptions);
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
  target::TargetOptions targetOptions;
  targetOptions.triple = options.target;
  targetOptions.cpu = options.cpu;
  targetOptions.optLevel = options.optLevel;
  auto tm = target::createTargetMachine(targetOptions);
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

llvm::Expected<CompiledModel> compileModelFile(llvm::StringRef path,
                                               const CompileOptions &options) {
  driver::CompileSession session;
  auto module = session.importAndLower(path, options, Phase::LLVMDialect);
  if (failed(module))
    return session.takeError("compilation of '" + path.str() + "' failed");
  auto signature = readModelSignature(**module);
  if (failed(signature))
    return session.takeError("model signature missing");
  auto code = driver::emitCode(std::move(*module), options, /*wantIR=*/false,
                               /*wantObject=*/true);
  if (!code)
    return code.takeError();
  CompiledModel result;
  result.signature = std::move(*signature);
  result.object = std::move(code->object);
  result.header = target::generateHeader(result.signature);
  return result;
}

} // namespace kiln
