//===- Driver.cpp - The kiln command line ---------------------------------===//
//
// `kiln compile` and `kiln inspect`: argument parsing, phase selection and
// artifact writing. Errors are reported once, on stderr, with exit code 1.
//
//===----------------------------------------------------------------------===//

#include "kiln/Driver/Driver.h"
#include "kiln/Driver/MemoryReport.h"
#include "kiln/Importer/CustomOps.h"
#include "kiln/Importer/ONNXImporter.h"
#include "kiln/Support/ModelSignature.h"
#include "kiln/Support/WeightsFile.h"
#include "kiln/Target/Target.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OperationSupport.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <set>

using namespace mlir;

namespace kiln::driver {
namespace {

enum class Emit { Lib, Obj, Shared, Header, MLIR, LLVM };

constexpr const char *kUsage =
    R"(kiln - ahead-of-time compiler from ONNX to native code

Usage:
  kiln compile MODEL.onnx [options]   compile a model into a library and a C header
  kiln inspect MODEL.onnx [--json] [--custom-ops FILE]...
                                      describe a model: inputs, outputs, operators,
                                      parameters, MACs, custom ops and
                                      unsupported nodes; --custom-ops as for
                                      'kiln compile'
  kiln --version | --help

Options of 'kiln compile':
  -o, --output DIR      directory for the artifacts (default: .); with --emit of
                        mlir, llvm or header alone, '-' writes to stdout
  --name NAME           model name: prefix of NAME_run, NAME.h, NAME.a
                        (default: the file name without extension)
  --target TARGET       LLVM triple or short name (x86-64, aarch64-linux-gnu,
                        riscv64-linux-gnu, cortex-m4, cortex-m7, cortex-m55);
                        default: this host
  --cpu CPU             CPU to tune and select instructions for (default: native
                        on the host, the target's generic CPU otherwise)
  --cores N             cores the generated code may split work over (default:
                        this machine's when compiling for it, else 1; bare-
                        metal targets always have 1)
  --emit KIND[,KIND]    what to write (default: lib):
                          lib     NAME.a (model object + runtime core), NAME.h,
                                  kiln_runtime.h
                          obj     NAME.o, NAME.h, kiln_runtime.h
                          shared  libNAME.so, NAME.h, kiln_runtime.h (host only)
                          header  NAME.h and kiln_runtime.h
                          mlir    NAME.mlir, the IR after --compile-to
                          llvm    NAME.ll, the optimized LLVM IR
  --compile-to PHASE    last phase for --emit mlir: import, graph, linalg,
                        bufferized, llvm (default: llvm)
  --fast-math           allow graph rewrites that change floating-point
                        results (x*0 -> 0, x-x -> 0)
  -O0 .. -O3            optimization level (default: -O2); -O0 also disables
                        the graph optimizer
  --weights-section NAME
                        put the weights (constant tensors) in the linker
                        section NAME (e.g. .ext_flash) instead of the object's
                        read-only data
  --weights-file        leave the weights out of the library and write them to
                        DIR/NAME.weights.bin (layout in NAME.h); the program
                        loads it and calls NAME_run_with_weights
  --report              print a memory report (weights, workspace against its
                        lower bound, code and stack size per function) and
                        write it to DIR/NAME.report.json
  --stats               print graph op counts (by op name) before and after the
                        graph optimizer, and after each of its passes, on stderr
  --dump-graph=before FILE.dot, --dump-graph=after FILE.dot
                        write the graph before / after the graph optimizer in
                        Graphviz dot syntax (both may be given)
  --custom-ops FILE     a custom-op description: ONNX ops of user domains that
                        compile to calls of your C functions (repeatable;
                        docs/custom-ops.md)
  --load-pass-plugin LIB
                        load a pass plugin built with kiln/Plugin.h
                        (repeatable; docs/writing-a-pass.md)
  --pass-at PHASE:PIPELINE
                        run a textual pass pipeline at PHASE: import (after
                        the import), graph (after the graph optimizer),
                        schedule (before the lowering to linalg), linalg,
                        bufferized, llvm (before LLVM IR emission);
                        repeatable, run in the order given

Exit status: 0 on success, 1 on any error (every unsupported node is listed).
)";

struct CompileArgs {
  std::string model;
  std::string outputDir = ".";
  std::set<Emit> emit;
  std::optional<Phase> compileTo;
  CompileOptions options;
  GraphReportOptions report;
  bool memoryReport = false;
};

int fail(const llvm::Twine &message) {
  llvm::errs() << "kiln: error: " << message << "\n";
  return 1;
}

/// Reads the value of `--flag VALUE` or `--flag=VALUE`.
bool takeValue(llvm::ArrayRef<const char *> args, size_t &i,
               llvm::StringRef flag, std::string &value, std::string &error) {
  llvm::StringRef arg = args[i];
  if (arg.consume_front(flag)) {
    if (arg.consume_front("=")) {
      value = arg.str();
      return true;
    }
    if (arg.empty()) {
      if (i + 1 >= args.size()) {
        error = "option '" + flag.str() + "' needs a value";
        return true;
      }
      value = args[++i];
      return true;
    }
  }
  return false;
}

int parseCompileArgs(llvm::ArrayRef<const char *> args, CompileArgs &out) {
  std::string error;
  for (size_t i = 0; i < args.size(); ++i) {
    llvm::StringRef arg = args[i];
    std::string value;
    if (arg == "-h" || arg == "--help") {
      llvm::outs() << kUsage;
      return -1;
    }
    if (takeValue(args, i, "--output", value, error) ||
        (arg == "-o" && takeValue(args, i, "-o", value, error))) {
      out.outputDir = value;
    } else if (takeValue(args, i, "--name", value, error)) {
      if (value.empty() || sanitizeCIdentifier(value) != value)
        return fail("--name '" + value + "' is not a C identifier");
      out.options.name = value;
    } else if (takeValue(args, i, "--target", value, error)) {
      out.options.target = value;
    } else if (takeValue(args, i, "--cpu", value, error)) {
      out.options.cpu = value;
    } else if (takeValue(args, i, "--cores", value, error)) {
      if (!error.empty())
        return fail(error);
      unsigned cores = 0;
      if (llvm::StringRef(value).getAsInteger(10, cores) || cores < 1 ||
          cores > 4096)
        return fail("--cores expects a number of cores from 1 to 4096, got '" +
                    value + "'");
      out.options.cores = static_cast<int>(cores);
    } else if (takeValue(args, i, "--emit", value, error)) {
      llvm::SmallVector<llvm::StringRef> kinds;
      llvm::StringRef(value).split(kinds, ',');
      for (llvm::StringRef k : kinds) {
        auto kind = llvm::StringSwitch<std::optional<Emit>>(k)
                        .Case("lib", Emit::Lib)
                        .Case("obj", Emit::Obj)
                        .Case("shared", Emit::Shared)
                        .Case("header", Emit::Header)
                        .Case("mlir", Emit::MLIR)
                        .Case("llvm", Emit::LLVM)
                        .Default(std::nullopt);
        if (!kind)
          return fail("unknown --emit kind '" + k +
                      "' (expected lib, obj, shared, header, mlir or llvm)");
        out.emit.insert(*kind);
      }
    } else if (takeValue(args, i, "--compile-to", value, error)) {
      out.compileTo = parsePhase(value);
      if (!out.compileTo)
        return fail("unknown --compile-to phase '" + value +
                    "' (expected import, graph, linalg, bufferized or llvm)");
    } else if (takeValue(args, i, "--custom-ops", value, error)) {
      out.options.customOpFiles.push_back(value);
    } else if (takeValue(args, i, "--load-pass-plugin", value, error)) {
      out.options.passPlugins.push_back(value);
    } else if (takeValue(args, i, "--pass-at", value, error)) {
      auto [phaseName, pipeline] = llvm::StringRef(value).split(':');
      auto hook = parsePipelineHook(phaseName);
      if (error.empty() && (!hook || pipeline.trim().empty()))
        return fail("--pass-at expects PHASE:PIPELINE with PHASE one of "
                    "import, graph, schedule, linalg, bufferized, llvm, got '" +
                    value + "'");
      if (hook)
        out.options.extraPipelines[*hook].push_back(pipeline.str());
    } else if (takeValue(args, i, "--weights-section", value, error)) {
      if (error.empty() && !weights::isValidSectionName(value))
        return fail("--weights-section '" + value +
                    "' is not a section name: use letters, digits and "
                    "'._$-' (e.g. .ext_flash)");
      if (out.options.weightsPlacement == WeightsPlacement::File)
        return fail("--weights-section and --weights-file exclude each other");
      out.options.weightsPlacement = WeightsPlacement::Section;
      out.options.weightsSection = value;
    } else if (arg == "--weights-file") {
      if (out.options.weightsPlacement == WeightsPlacement::Section)
        return fail("--weights-section and --weights-file exclude each other");
      out.options.weightsPlacement = WeightsPlacement::File;
    } else if (arg == "--fast-math") {
      out.options.fastMath = true;
    } else if (arg == "--report") {
      out.memoryReport = true;
    } else if (arg == "--stats") {
      out.report.stats = true;
    } else if (takeValue(args, i, "--dump-graph", value, error)) {
      if (!error.empty())
        return fail(error);
      if (value != "before" && value != "after")
        return fail("--dump-graph expects 'before' or 'after' and a file, as "
                    "in --dump-graph=after graph.dot");
      if (i + 1 >= args.size())
        return fail("--dump-graph=" + value + " needs a file name");
      (value == "before" ? out.report.dumpBefore : out.report.dumpAfter) =
          args[++i];
    } else if (arg.size() == 3 && arg.starts_with("-O") && arg[2] >= '0' &&
               arg[2] <= '3') {
      out.options.optLevel = arg[2] - '0';
    } else if (!error.empty()) {
      break;
    } else if (arg.starts_with("-") && arg != "-") {
      return fail("unknown option '" + arg + "' (see kiln compile --help)");
    } else if (out.model.empty()) {
      out.model = arg.str();
    } else {
      return fail("more than one model given: '" + out.model + "' and '" +
                  arg + "'");
    }
    if (!error.empty())
      return fail(error);
  }
  if (!error.empty())
    return fail(error);
  if (out.model.empty())
    return fail("no model given (usage: kiln compile MODEL.onnx [options])");
  if (out.emit.empty())
    out.emit.insert(Emit::Lib);
  if (out.emit.count(Emit::Shared) && !target::isHostTarget(out.options.target))
    return fail("--emit shared is only supported for the host target");
  if (out.memoryReport && (out.outputDir == "-" || out.compileTo))
    return fail("--report needs an output directory and a full compile "
                "(not '-o -' or --compile-to)");
  if (out.options.weightsPlacement == WeightsPlacement::File &&
      out.outputDir == "-")
    return fail("--weights-file writes NAME.weights.bin: it needs an output "
                "directory, not '-o -'");
  if (out.compileTo && !out.emit.count(Emit::MLIR))
    return fail("--compile-to only applies to --emit mlir");
  if (out.report.any() && out.compileTo == Phase::Import)
    return fail("--stats and --dump-graph need the graph phase, not "
                "--compile-to import");
  if (out.options.name.empty()) {
    llvm::StringRef stem = llvm::sys::path::stem(out.model);
    out.options.name = sanitizeCIdentifier(stem);
  }
  return 0;
}

/// Writes `bytes` to DIR/FILE, or to stdout when DIR is "-".
int writeOutput(const CompileArgs &args, llvm::StringRef file,
                llvm::StringRef bytes) {
  if (args.outputDir == "-") {
    llvm::outs() << bytes;
    return 0;
  }
  llvm::SmallString<256> path(args.outputDir);
  llvm::sys::path::append(path, file);
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec, llvm::sys::fs::OF_None);
  if (ec)
    return fail("cannot write '" + path + "': " + ec.message());
  os << bytes;
  os.close();
  if (os.has_error())
    return fail("cannot write '" + path + "': " + os.error().message());
  return 0;
}

int runCompile(llvm::ArrayRef<const char *> argv) {
  CompileArgs args;
  if (int rc = parseCompileArgs(argv, args))
    return rc < 0 ? 0 : rc;
  bool toStdout = args.outputDir == "-";
  bool wantsBinary = args.emit.count(Emit::Lib) || args.emit.count(Emit::Obj) ||
                     args.emit.count(Emit::Shared);
  if (toStdout && (wantsBinary || args.emit.size() != 1))
    return fail("'-o -' needs exactly one of --emit mlir, llvm or header");
  if (!toStdout) {
    if (std::error_code ec = llvm::sys::fs::create_directories(args.outputDir))
      return fail("cannot create '" + args.outputDir + "': " + ec.message());
  }
  const std::string &name = args.options.name;

  CompileSession session;
  Phase phase = Phase::LLVMDialect;
  bool onlyEarlyMLIR = args.emit.size() == 1 && args.emit.count(Emit::MLIR) &&
                       args.compileTo;
  if (onlyEarlyMLIR)
    phase = *args.compileTo;
  auto module =
      session.importAndLower(args.model, args.options, phase, args.report);
  if (failed(module)) {
    llvm::errs() << session.diagnostics();
    return fail("cannot compile '" + args.model + "'");
  }
  // Warnings (none are errors) still reach the user.
  llvm::errs() << session.diagnostics();

  if (args.emit.count(Emit::MLIR)) {
    std::string text;
    llvm::raw_string_ostream os(text);
    (*module)->print(os, OpPrintingFlags().elideLargeElementsAttrs(16)
                             .elideLargeResourceString(64));
    if (int rc = writeOutput(args, name + ".mlir", text))
      return rc;
  }
  if (onlyEarlyMLIR)
    return 0;

  auto signature = readModelSignature(**module);
  if (failed(signature)) {
    llvm::errs() << session.diagnostics();
    return fail("'" + args.model + "' has no usable signature");
  }
  std::string header = target::generateHeader(*signature);
  if (args.emit.count(Emit::Header) || wantsBinary) {
    if (int rc = writeOutput(args, name + ".h", header))
      return rc;
    if (!toStdout)
      if (int rc = writeOutput(args, "kiln_runtime.h",
                               target::runtimeHeaderText()))
        return rc;
    // The header describes the weights file, so they come together.
    if (signature->weights.placement == WeightsPlacement::File) {
      llvm::ArrayRef<char> weights = weightsFileBytes(**module);
      if (int rc = writeOutput(args, name + ".weights.bin",
                               llvm::StringRef(weights.data(), weights.size())))
        return rc;
    }
  }
  MemoryReport memoryReport;
  if (args.memoryReport) {
    memoryReport.model = name;
    if (llvm::Error err = collectModuleReport(**module, memoryReport))
      return fail(llvm::toString(std::move(err)));
  }
  if (!wantsBinary && !args.emit.count(Emit::LLVM) && !args.memoryReport)
    return 0;

  // The report reads code and stack sizes off the object, so it needs one
  // even when only the header or the IR was asked for.
  auto code = emitCode(std::move(*module), args.options,
                       args.emit.count(Emit::LLVM),
                       wantsBinary || args.memoryReport, args.memoryReport);
  if (!code)
    return fail(llvm::toString(code.takeError()));
  if (args.memoryReport) {
    if (llvm::Error err = collectObjectReport(code->object, memoryReport))
      return fail(llvm::toString(std::move(err)));
    printReport(memoryReport, llvm::outs());
    if (int rc = writeOutput(args, name + ".report.json",
                             reportToJSON(memoryReport)))
      return rc;
  }
  if (args.emit.count(Emit::LLVM))
    if (int rc = writeOutput(args, name + ".ll", code->llvmIR))
      return rc;
  if (args.emit.count(Emit::Obj))
    if (int rc = writeOutput(args, name + ".o", code->object))
      return rc;
  if (!args.emit.count(Emit::Lib) && !args.emit.count(Emit::Shared))
    return 0;

  // The model object plus the runtime core built for the same target, so
  // `cc app.c NAME.a` (or a firmware link) needs nothing else.
  std::vector<target::ArchiveMember> objects;
  objects.push_back({name + ".o", std::move(code->object)});
  auto runtime = target::buildRuntimeObject(targetOptionsFor(args.options));
  if (!runtime)
    return fail(llvm::toString(runtime.takeError()));
  objects.push_back({"kiln_rt.o", std::move(*runtime)});
  if (args.emit.count(Emit::Lib)) {
    llvm::SmallString<256> path(args.outputDir);
    llvm::sys::path::append(path, name + ".a");
    if (llvm::Error err = target::writeArchive(path, objects))
      return fail(llvm::toString(std::move(err)));
  }
  if (args.emit.count(Emit::Shared)) {
    llvm::SmallString<256> path(args.outputDir);
    llvm::sys::path::append(path, "lib" + name + ".so");
    if (llvm::Error err = target::linkSharedLibrary(path, objects))
      return fail(llvm::toString(std::move(err)));
  }
  return 0;
}

int runInspect(llvm::ArrayRef<const char *> args) {
  std::string model;
  bool json = false;
  importer::CustomOpTable customOps;
  for (size_t i = 0; i < args.size(); ++i) {
    llvm::StringRef arg = args[i];
    std::string value, error;
    if (arg == "-h" || arg == "--help") {
      llvm::outs() << kUsage;
      return 0;
    }
    if (arg == "--json") {
      json = true;
    } else if (takeValue(args, i, "--custom-ops", value, error)) {
      if (!error.empty())
        return fail(error);
      // The same table `kiln compile --custom-ops` builds, so inspect and
      // compile agree on what is supported.
      if (llvm::Error err = customOps.addFromFile(value))
        return fail(llvm::toString(std::move(err)));
    } else if (arg.starts_with("-")) {
      return fail("unknown option '" + arg + "' (see kiln --help)");
    } else if (model.empty()) {
      model = arg.str();
    } else {
      return fail("more than one model given");
    }
  }
  if (model.empty())
    return fail("no model given (usage: kiln inspect MODEL.onnx [--json])");
  auto summary = importer::inspectONNXFile(model, &customOps);
  if (!summary)
    return fail(llvm::toString(summary.takeError()));
  llvm::outs() << (json ? summary->toJSON() : summary->toText());
  return 0;
}

} // namespace

int runKilnMain(int argc, char **argv) {
  llvm::ArrayRef<const char *> args(const_cast<const char **>(argv) + 1,
                                    argc > 0 ? argc - 1 : 0);
  if (args.empty()) {
    llvm::errs() << kUsage;
    return 1;
  }
  llvm::StringRef command = args.front();
  if (command == "-h" || command == "--help" || command == "help") {
    llvm::outs() << kUsage;
    return 0;
  }
  if (command == "--version" || command == "version") {
    llvm::outs() << "kiln " KILN_VERSION " (MLIR/LLVM " LLVM_VERSION_STRING
                    ")\n";
    return 0;
  }
  if (command == "compile")
    return runCompile(args.drop_front());
  if (command == "inspect")
    return runInspect(args.drop_front());
  return fail("unknown command '" + command +
              "' (expected compile or inspect; see kiln --help)");
}

} // namespace kiln::driver
