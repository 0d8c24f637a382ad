//===- Loader.h - Run a compiled model object in this process --*- C++ -*-===//
//
// Tests and the Python package run models without writing a shared library
// or calling a system linker: the object Kiln emitted is linked into the
// process by LLVM's ORC JIT, and the model is then used through the same C
// ABI (kiln_model_info) a firmware or C host would use.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_TARGET_LOADER_H
#define KILN_TARGET_LOADER_H

#include "kiln_runtime.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <string>

namespace llvm::orc {
class LLJIT;
} // namespace llvm::orc

namespace kiln::target {

/// A model object linked into this process. Its code and data stay valid
/// until the LoadedModel is destroyed. Any number may be alive at once.
class LoadedModel {
public:
  ~LoadedModel();
  LoadedModel(const LoadedModel &) = delete;
  LoadedModel &operator=(const LoadedModel &) = delete;

  /// The model's `<name>_info`; `info()->run` runs it (NULL for a model
  /// whose weights are in a file: lookup `<name>_run_with_weights`).
  const kiln_model_info *info() const { return modelInfo; }

  /// The model name the object was loaded with.
  llvm::StringRef name() const { return modelName; }

  /// The address of another symbol the object defines (e.g. "net_run").
  llvm::Expected<void *> lookup(llvm::StringRef symbol);

private:
  friend llvm::Expected<std::unique_ptr<LoadedModel>>
  loadObject(std::string objectBytes, llvm::StringRef modelName);
  LoadedModel(std::unique_ptr<llvm::orc::LLJIT> jit, std::string modelName);

  std::unique_ptr<llvm::orc::LLJIT> jit;
  std::string modelName;
  const kiln_model_info *modelInfo = nullptr;
};

/// Links the host object `objectBytes` (as emitObject returns it) into this
/// process and finds `<modelName>_info` in it. The runtime functions it calls
/// resolve to the kiln_rt linked into this process, so a runner installed
/// with kiln_set_parallel_runner applies to loaded models too; memcpy and
/// friends resolve to the process's C library. Fails if the object is not for
/// this machine, has unresolved symbols, was built for another ABI version, or
/// has neither a run function nor `<modelName>_run_with_weights`.
llvm::Expected<std::unique_ptr<LoadedModel>>
loadObject(std::string objectBytes, llvm::StringRef modelName);

} // namespace kiln::target

#endif // KILN_TARGET_LOADER_H
