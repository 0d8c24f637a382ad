//===- kiln-target-test.cpp - Drives lib/Target for lit tests -------------===//
//
// Takes hand-written LLVM-dialect modules (with the kiln.* signature
// attributes) and runs them through kiln::target: target selection, LLVM IR,
// object, archive, shared library, generated header, in-process loading.
// The lit tests in this directory then inspect the artifacts with llvm-nm,
// llvm-ar and a C compiler, independently of the rest of the compiler.
//
//===----------------------------------------------------------------------===//

#include "kiln/Support/ModelSignature.h"
#include "kiln/Target/Loader.h"
#include "kiln/Target/Target.h"

#include "mlir/Dialect/DLTI/DLTI.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Target/TargetMachine.h"

#include <cstdlib>
#include <cstring>
#include <vector>

namespace cl = llvm::cl;
using namespace kiln;

namespace {

int fail(const llvm::Twine &message) {
  llvm::errs() << "kiln-target-test: error: " << message << "\n";
  return 1;
}

/// Writes `bytes` to `path` ("-" is stdout).
bool writeFile(llvm::StringRef path, llvm::StringRef bytes) {
  std::error_code ec;
  llvm::ToolOutputFile out(path, ec, llvm::sys::fs::OF_None);
  if (ec) {
    fail("cannot open '" + path + "': " + ec.message());
    return false;
  }
  out.os() << bytes;
  out.keep();
  return true;
}

/// Parallel runner that splits [0, n) in two, to show that models loaded in
/// process call the host's kiln_parallel_for.
int runnerCalls = 0;
void splitInTwo(void *, int64_t n, kiln_parallel_body body, void *context) {
  ++runnerCalls;
  body(context, 0, n / 2);
  body(context, n / 2, n);
}

void printTensorInfo(llvm::StringRef role, const kiln_tensor_info &t) {
  llvm::outs() << "  " << role << " " << t.name << ": dtype " << t.dtype
               << " shape [";
  for (int32_t d = 0; d < t.rank; ++d)
    llvm::outs() << (d ? "," : "") << t.shape[d];
  llvm::outs() << "] bytes " << t.size_bytes << "\n";
}

/// Runs a loaded model through its kiln_model_info with inputs 0, 1, 2, ...
/// (f32 and i32 elements; other dtypes get byte patterns) and prints the
/// f32/i32 outputs.
bool runModel(const target::LoadedModel &model) {
  const kiln_model_info *info = model.info();
  llvm::outs() << "model " << info->name << ": abi " << info->abi_version
               << ", workspace " << info->workspace_size << " bytes, align "
               << info->workspace_align << "\n";
  std::vector<std::vector<char>> inputs, outputs;
  std::vector<const void *> inputPtrs;
  std::vector<void *> outputPtrs;
  for (uint32_t i = 0; i < info->num_inputs; ++i) {
    const kiln_tensor_info &t = info->inputs[i];
    printTensorInfo("input", t);
    std::vector<char> data(t.size_bytes);
    for (uint64_t e = 0; e * 4 < t.size_bytes; ++e) {
      if (t.dtype == KILN_DTYPE_F32) {
        float v = static_cast<float>(e);
        std::memcpy(&data[e * 4], &v, 4);
      } else if (t.dtype == KILN_DTYPE_I32) {
        int32_t v = static_cast<int32_t>(e);
        std::memcpy(&data[e * 4], &v, 4);
      }
    }
    if (t.dtype != KILN_DTYPE_F32 && t.dtype != KILN_DTYPE_I32)
      for (uint64_t b = 0; b < t.size_bytes; ++b)
        data[b] = static_cast<char>(b);
    inputs.push_back(std::move(data));
    inputPtrs.push_back(inputs.back().data());
  }
  for (uint32_t i = 0; i < info->num_outputs; ++i) {
    printTensorInfo("output", info->outputs[i]);
    outputs.emplace_back(info->outputs[i].size_bytes, '\x7f');
    outputPtrs.push_back(outputs.back().data());
  }
  uint64_t align = info->workspace_align ? info->workspace_align : 1;
  uint64_t wsBytes = (info->workspace_size + align - 1) / align * align;
  void *workspace = std::aligned_alloc(align, wsBytes ? wsBytes : align);
  int32_t status = info->run(inputPtrs.data(), outputPtrs.data(), workspace);
  std::free(workspace);
  llvm::outs() << "  status " << status << " (" << kiln_status_string(status)
               << ")\n";
  for (uint32_t i = 0; i < info->num_outputs; ++i) {
    const kiln_tensor_info &t = info->outputs[i];
    if (t.dtype != KILN_DTYPE_F32 && t.dtype != KILN_DTYPE_I32)
      continue;
    llvm::outs() << "  " << t.name << " =";
    for (uint64_t e = 0; e * 4 < t.size_bytes; ++e) {
      if (t.dtype == KILN_DTYPE_F32) {
        float v;
        std::memcpy(&v, &outputs[i][e * 4], 4);
        llvm::outs() << " " << llvm::format("%g", v);
      } else {
        int32_t v;
        std::memcpy(&v, &outputs[i][e * 4], 4);
        llvm::outs() << " " << v;
      }
    }
    llvm::outs() << "\n";
  }
  return status == KILN_STATUS_OK;
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::list<std::string> inputFiles(cl::Positional, cl::desc("<input.mlir>"),
                                   cl::OneOrMore);
  cl::opt<std::string> targetName("target", cl::desc("Triple or short name"));
  cl::opt<std::string> cpu("cpu", cl::desc("CPU name"), cl::init("native"));
  cl::opt<std::string> features("features", cl::desc("+a,-b features"));
  cl::opt<int> optLevel("O", cl::desc("Optimization level"), cl::init(2),
                        cl::Prefix);
  cl::opt<bool> printTarget("print-target",
                            cl::desc("Print the resolved triple and CPU"));
  cl::opt<std::string> llvmOut("emit-llvm", cl::desc("Write optimized IR"));
  cl::opt<std::string> objectOut("object", cl::desc("Write the object"));
  cl::opt<std::string> archiveOut(
      "archive", cl::desc("Write an archive: the object, plus the runtime "
                          "built for the target"));
  cl::opt<std::string> sharedOut("shared", cl::desc("Link a shared library"));
  cl::opt<std::string> headerOut("header",
                                 cl::desc("Write the generated header"));
  cl::opt<std::string> runtimeHeaderOut(
      "runtime-header", cl::desc("Write the embedded kiln_runtime.h"));
  cl::opt<std::string> runtimeObjectOut(
      "runtime-object",
      cl::desc("Write the core runtime object built for the target"));
  cl::opt<bool> run("run", cl::desc("Load every object in process and run "
                                    "it once per --load-count"));
  cl::opt<unsigned> loadCount("load-count", cl::init(1),
                              cl::desc("How many times to load each object"));
  cl::opt<bool> parallelRunner(
      "parallel-runner",
      cl::desc("Install a runner that splits parallel loops in two"));
  cl::ParseCommandLineOptions(argc, argv, "Kiln lib/Target test driver\n");

  if (inputFiles.size() > 1 &&
      (!llvmOut.empty() || !objectOut.empty() || !archiveOut.empty() ||
       !sharedOut.empty() || !headerOut.empty()))
    return fail("file outputs need exactly one input");
  if (!runtimeHeaderOut.empty() &&
      !writeFile(runtimeHeaderOut, target::runtimeHeaderText()))
    return 1;
  target::TargetOptions options;
  options.triple = targetName;
  options.cpu = cpu;
  options.features = features;
  options.optLevel = optLevel;
  if (!runtimeObjectOut.empty()) {
    auto rt = target::buildRuntimeObject(options);
    if (!rt)
      return fail(llvm::toString(rt.takeError()));
    if (!writeFile(runtimeObjectOut, *rt))
      return 1;
  }
  if (printTarget) {
    auto resolved = target::resolveTarget(options);
    if (!resolved)
      return fail(llvm::toString(resolved.takeError()));
    llvm::outs() << "triple: " << resolved->triple.str() << "\n"
                 << "cpu: " << resolved->cpu << "\n"
                 << "host: "
                 << (target::isHostTarget(targetName) ? "yes" : "no") << "\n";
  }

  mlir::DialectRegistry registry;
  registry.insert<mlir::LLVM::LLVMDialect, mlir::DLTIDialect>();
  mlir::MLIRContext context(registry);
  if (parallelRunner)
    kiln_set_parallel_runner(splitInTwo, nullptr);

  std::vector<std::unique_ptr<target::LoadedModel>> loaded;
  for (const std::string &inputFile : inputFiles) {
    llvm::SourceMgr sourceMgr;
    mlir::SourceMgrDiagnosticHandler diagHandler(sourceMgr, &context);
    auto module =
        mlir::parseSourceFile<mlir::ModuleOp>(inputFile, sourceMgr, &context);
    if (!module)
      return fail("cannot parse '" + inputFile + "'");
    auto signature = readModelSignature(*module);
    if (mlir::failed(signature))
      return fail("'" + inputFile + "' has no model signature");
    if (!headerOut.empty() &&
        !writeFile(headerOut, target::generateHeader(*signature)))
      return 1;
    bool wantCode = !llvmOut.empty() || !objectOut.empty() ||
                    !archiveOut.empty() || !sharedOut.empty() || run;
    if (!wantCode)
      continue;

    auto tm = target::createTargetMachine(options);
    if (!tm)
      return fail(llvm::toString(tm.takeError()));
    llvm::LLVMContext llvmContext;
    auto llvmModule = target::translateToLLVMIR(*module, llvmContext, **tm);
    if (!llvmModule)
      return fail(llvm::toString(llvmModule.takeError()));
    if (llvm::Error err = target::optimizeModule(**llvmModule, **tm, optLevel))
      return fail(llvm::toString(std::move(err)));
    if (!llvmOut.empty()) {
      std::string ir;
      llvm::raw_string_ostream os(ir);
      (*llvmModule)->print(os, nullptr);
      if (!writeFile(llvmOut, ir))
        return 1;
    }
    auto object = target::emitObject(**llvmModule, **tm);
    if (!object)
      return fail(llvm::toString(object.takeError()));
    if (!objectOut.empty() && !writeFile(objectOut, *object))
      return 1;

    std::vector<target::ArchiveMember> members = {
        {signature->name + ".o", *object}};
    auto runtime = target::buildRuntimeObject(options);
    if (!runtime)
      return fail(llvm::toString(runtime.takeError()));
    members.push_back({"kiln_rt.o", std::move(*runtime)});
    if (!archiveOut.empty())
      if (llvm::Error err = target::writeArchive(archiveOut, members))
        return fail(llvm::toString(std::move(err)));
    if (!sharedOut.empty())
      if (llvm::Error err = target::linkSharedLibrary(sharedOut, members))
        return fail(llvm::toString(std::move(err)));

    for (unsigned i = 0; run && i < loadCount; ++i) {
      auto model = target::loadObject(*object, signature->name);
      if (!model)
        return fail(llvm::toString(model.takeError()));
      loaded.push_back(std::move(*model));
    }
  }

  // All models stay loaded together before any runs, so this also checks
  // that loaded models do not disturb one another.
  bool ok = true;
  for (const auto &model : loaded)
    ok &= runModel(*model);
  if (parallelRunner)
    llvm::outs() << "runner calls: " << runnerCalls << "\n";
  return ok ? 0 : 1;
}
