//===- Driver.h - The kiln command line ------------------------*- C++ -*-===//
//
// Option parsing, phase selection and artifact writing for `kiln`; the tool's
// main() only forwards here so tests and other front ends share the logic.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DRIVER_DRIVER_H
#define KILN_DRIVER_DRIVER_H

#include "kiln/Compiler.h"
#include "kiln/Driver/GraphReport.h"
#include "kiln/Pipelines/Pipelines.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"

#include <memory>

namespace llvm {
class Module;
class LLVMContext;
} // namespace llvm

namespace mlir {
class MLIRContext;
class ScopedDiagnosticHandler;
} // namespace mlir

namespace kiln::importer {
struct ImportOptions;
} // namespace kiln::importer

namespace kiln::target {
struct TargetOptions;
} // namespace kiln::target

namespace kiln::driver {

/// Runs `kiln <subcommand> ...`; returns the process exit code.
int runKilnMain(int argc, char **argv);

/// The target `options` compile for, as lib/Target takes it (the model
/// object and the runtime object of an archive are built for the same).
target::TargetOptions targetOptionsFor(const CompileOptions &options);

/// An MLIR context with every dialect Kiln uses, and a diagnostic handler
/// that collects error text instead of printing it.
class CompileSession {
public:
  CompileSession();
  ~CompileSession();
  mlir::MLIRContext &context() { return *ctx; }
  /// Collected diagnostics, one per line ("error: <loc>: <message>").
  const std::string &diagnostics() const { return diags; }
  /// Returns an llvm::Error carrying the collected diagnostics (or `fallback`).
  llvm::Error takeError(llvm::StringRef fallback);

  /// Imports `path` and runs the pipelines up to `phase` (inclusive);
  /// `report` asks for op counts (on stderr) and dot dumps of the graph
  /// stage.
  mlir::FailureOr<mlir::OwningOpRef<mlir::ModuleOp>>
  importAndLower(llvm::StringRef path, const CompileOptions &options,
                 Phase phase, const GraphReportOptions &report = {});
  /// As importAndLower for a model held in memory (binary or text ONNX);
  /// `bufferName` stands for its file in messages.
  mlir::FailureOr<mlir::OwningOpRef<mlir::ModuleOp>>
  importAndLowerBuffer(llvm::StringRef bytes, llvm::StringRef bufferName,
                       const CompileOptions &options, Phase phase);

private:
  using Importer = llvm::function_ref<mlir::OwningOpRef<mlir::ModuleOp>(
      const importer::ImportOptions &)>;
  mlir::FailureOr<mlir::OwningOpRef<mlir::ModuleOp>>
  importAndLowerWith(Importer import, const CompileOptions &options,
                     Phase phase, const GraphReportOptions &report);

  std::unique_ptr<mlir::MLIRContext> ctx;
  std::string diags;
  std::unique_ptr<mlir::ScopedDiagnosticHandler> handler;
};

/// Translates an LLVM-dialect module to optimized LLVM IR for the target and
/// returns the IR text (`--emit llvm`) and/or the object bytes.
struct EmittedCode {
  std::string llvmIR;
  std::string object;
};
/// Consumes `module`: it is freed as soon as the LLVM IR exists.
/// `stackSizes` adds a .stack_sizes section to the object (ELF), which
/// `--report` reads.
llvm::Expected<EmittedCode> emitCode(mlir::OwningOpRef<mlir::ModuleOp> module,
                                     const CompileOptions &options,
                                     bool wantIR, bool wantObject,
                                     bool stackSizes = false);

} // namespace kiln::driver

#endif // KILN_DRIVER_DRIVER_H
