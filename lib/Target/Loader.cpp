//===- Loader.cpp - Run a compiled model object in this process -----------===//
//
// One LLJIT per model: models are few and large, and separate JITs keep their
// symbols apart (two models may even share a name) and free each model's
// memory when it is dropped.
//
//===----------------------------------------------------------------------===//

#include "kiln/Target/Loader.h"

#include "llvm/ExecutionEngine/Orc/AbsoluteSymbols.h"
#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/TargetParser/Host.h"

#include <mutex>

using llvm::createStringError;
namespace orc = llvm::orc;

namespace kiln::target {

namespace {

void initializeNativeTarget() {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
  });
}

/// The runtime entry points generated code may call, bound to the kiln_rt
/// linked into this process. Binding them directly (rather than through
/// dlsym) works even when the executable does not export its symbols, and
/// keeps one parallel-runner setting for the host and all loaded models.
orc::SymbolMap runtimeSymbols(orc::LLJIT &jit) {
  auto def = [](auto *fn) {
    return orc::ExecutorSymbolDef(orc::ExecutorAddr::fromPtr(fn),
                                  llvm::JITSymbolFlags::Exported |
                                      llvm::JITSymbolFlags::Callable);
  };
  return {
      {jit.mangleAndIntern("kiln_status_string"), def(&kiln_status_string)},
      {jit.mangleAndIntern("kiln_dtype_size"), def(&kiln_dtype_size)},
      {jit.mangleAndIntern("kiln_parallel_for"), def(&kiln_parallel_for)},
      {jit.mangleAndIntern("kiln_set_parallel_runner"),
       def(&kiln_set_parallel_runner)},
  };
}

} // namespace

LoadedModel::LoadedModel(std::unique_ptr<orc::LLJIT> jit, std::string modelName)
    : jit(std::move(jit)), modelName(std::move(modelName)) {}

LoadedModel::~LoadedModel() = default;

llvm::Expected<void *> LoadedModel::lookup(llvm::StringRef symbol) {
  auto addr = jit->lookup(symbol);
  if (!addr)
    return addr.takeError();
  return addr->toPtr<void *>();
}

llvm::Expected<std::unique_ptr<LoadedModel>>
loadObject(std::string objectBytes, llvm::StringRef modelName) {
  initializeNativeTarget();
  if (modelName.empty())
    return createStringError("loading a model object needs the model name");

  auto object = llvm::object::ObjectFile::createObjectFile(
      llvm::MemoryBufferRef(objectBytes, modelName));
  if (!object)
    return createStringError("model '%s' is not an object file: %s",
                             modelName.str().c_str(),
                             llvm::toString(object.takeError()).c_str());
  llvm::Triple host(llvm::sys::getProcessTriple());
  if ((*object)->getArch() != host.getArch())
    return createStringError(
        "model '%s' was compiled for %s and cannot run on this %s machine",
        modelName.str().c_str(),
        llvm::Triple::getArchTypeName((*object)->getArch()).str().c_str(),
        host.getArchName().str().c_str());

  // LLJIT links a JITDylib of this process's symbols (through
  // DynamicLibrarySearchGenerator::GetForCurrentProcess) behind the main one:
  // memcpy, memset, memmove and compiler support routines such as half-float
  // conversions resolve there. The runtime is defined in the main JITDylib,
  // so it takes precedence.
  auto jit = orc::LLJITBuilder().create();
  if (!jit)
    return jit.takeError();
  orc::JITDylib &main = (*jit)->getMainJITDylib();
  if (llvm::Error err =
          main.define(orc::absoluteSymbols(runtimeSymbols(**jit))))
    return std::move(err);

  if (llvm::Error err = (*jit)->addObjectFile(
          llvm::MemoryBuffer::getMemBufferCopy(objectBytes, modelName)))
    return std::move(err);

  std::string infoSymbol = modelName.str() + "_info";
  auto infoAddr = (*jit)->lookup(infoSymbol);
  if (!infoAddr)
    return createStringError("cannot load model '%s': %s",
                             modelName.str().c_str(),
                             llvm::toString(infoAddr.takeError()).c_str());
  auto *info = infoAddr->toPtr<const kiln_model_info *>();
  if (info->abi_version != KILN_ABI_VERSION)
    return createStringError("model '%s' has ABI version %u, this process "
                             "expects %u",
                             modelName.str().c_str(), info->abi_version,
                             KILN_ABI_VERSION);
  // A model whose weights are in a file has no kiln_run_fn (it cannot pass
  // the weights): callers run it through <name>_run_with_weights.
  if (!info->run) {
    auto withWeights = (*jit)->lookup((modelName + "_run_with_weights").str());
    if (!withWeights) {
      llvm::consumeError(withWeights.takeError());
      return createStringError("model '%s' has no run function in '%s'",
                               modelName.str().c_str(), infoSymbol.c_str());
    }
  }

  std::unique_ptr<LoadedModel> model(
      new LoadedModel(std::move(*jit), modelName.str()));
  model->modelInfo = info;
  return std::move(model);
}

} // namespace kiln::target
