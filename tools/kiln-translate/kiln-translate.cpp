//===- kiln-translate.cpp - ONNX -> graph dialect at the command line -----===//
//
//   kiln-translate --import-onnx model.onnx [-o out.mlir] [--mlir-print-...]
//   kiln-translate --inspect-onnx model.onnx [--json]
//   kiln-translate --onnx-to-binary model.onnxtxt -o model.onnx
//                  [--external-data-file F --external-data-location L]
//
// Importer errors are printed as "<file>: node '<name>' (<domain>::<op>,
// opset <N>): <reason>", one line per unsupported node.
//
//===----------------------------------------------------------------------===//

#include "kiln/Importer/ONNXImporter.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OperationSupport.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

namespace cl = llvm::cl;
using namespace kiln::importer;

static cl::OptionCategory category("kiln-translate options");

static cl::opt<std::string> importPath("import-onnx",
                                       cl::desc("Import an ONNX model"),
                                       cl::value_desc("file"),
                                       cl::cat(category));
static cl::opt<std::string> inspectPath(
    "inspect-onnx", cl::desc("Summarize an ONNX model"),
    cl::value_desc("file"), cl::cat(category));
static cl::opt<std::string> toBinaryPath(
    "onnx-to-binary",
    cl::desc("Rewrite an ONNX model (text or binary) as binary protobuf"),
    cl::value_desc("file"), cl::cat(category));
static cl::opt<std::string> outputPath("o", cl::desc("Output file"),
                                       cl::value_desc("file"), cl::init("-"),
                                       cl::cat(category));
static cl::opt<std::string> modelName(
    "model-name", cl::desc("Model name (default: the file's stem)"),
    cl::cat(category));
static cl::opt<bool> noChecker("no-onnx-checker",
                               cl::desc("Skip ONNX's model checker"),
                               cl::cat(category));
static cl::opt<bool> json("json", cl::desc("Print --inspect-onnx as JSON"),
                          cl::cat(category));
static cl::opt<std::string> externalDataFile(
    "external-data-file",
    cl::desc("With --onnx-to-binary: write large initializers to this file"),
    cl::cat(category));
static cl::opt<std::string> externalDataLocation(
    "external-data-location",
    cl::desc("With --onnx-to-binary: the location recorded in the model "
             "(default: the external data file's name)"),
    cl::cat(category));
static cl::opt<uint64_t> externalThreshold(
    "external-data-threshold",
    cl::desc("With --onnx-to-binary: initializers with more elements than "
             "this go to the external data file"),
    cl::init(64), cl::cat(category));

static int fail(const llvm::Twine &message) {
  llvm::errs() << "kiln-translate: " << message << "\n";
  return 1;
}

static std::unique_ptr<llvm::ToolOutputFile> openOutput() {
  std::string error;
  auto out = mlir::openOutputFile(outputPath, &error);
  if (!out)
    llvm::errs() << "kiln-translate: " << error << "\n";
  return out;
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  mlir::registerAsmPrinterCLOptions();
  mlir::registerMLIRContextCLOptions();
  cl::ParseCommandLineOptions(argc, argv, "Kiln ONNX translation tool\n");

  int modes = !importPath.empty() + !inspectPath.empty() + !toBinaryPath.empty();
  if (modes != 1)
    return fail("give exactly one of --import-onnx, --inspect-onnx and "
                "--onnx-to-binary");

  if (!toBinaryPath.empty()) {
    if (outputPath == "-")
      return fail("--onnx-to-binary needs -o");
    BinaryWriteOptions options;
    options.externalDataFile = externalDataFile;
    options.externalDataLocation =
        externalDataLocation.getNumOccurrences()
            ? externalDataLocation.getValue()
            : llvm::sys::path::filename(externalDataFile).str();
    options.externalThreshold = externalThreshold;
    if (llvm::Error err = writeONNXBinary(toBinaryPath, outputPath, options))
      return fail(toString(std::move(err)));
    return 0;
  }

  if (!inspectPath.empty()) {
    auto summary = inspectONNXFile(inspectPath);
    if (!summary)
      return fail(inspectPath + ": " + toString(summary.takeError()));
    auto out = openOutput();
    if (!out)
      return 1;
    out->os() << (json ? summary->toJSON() : summary->toText());
    out->keep();
    return 0;
  }

  mlir::MLIRContext context;
  mlir::ScopedDiagnosticHandler handler(&context, [](mlir::Diagnostic &diag) {
    llvm::errs() << formatDiagnostic(diag) << "\n";
    return mlir::success();
  });
  ImportOptions options;
  options.modelName = modelName;
  options.runChecker = !noChecker;
  mlir::OwningOpRef<mlir::ModuleOp> module =
      importONNXFile(context, importPath, options);
  if (!module)
    return 1;
  auto out = openOutput();
  if (!out)
    return 1;
  module->print(out->os(), mlir::OpPrintingFlags());
  out->os() << "\n";
  out->keep();
  return 0;
}
