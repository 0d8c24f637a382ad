//===- Runtime.cpp - The C runtime embedded in the compiler ---------------===//
//
// The build compiles runtime/ for the host and EmbedFile.cmake turns the
// object and kiln_runtime.h into byte arrays linked into this library, so a
// `kiln` binary is self-contained: host archives get the runtime as a member
// and `kiln compile` writes the header next to NAME.h.
//
//===----------------------------------------------------------------------===//

#include "kiln/Target/Target.h"

namespace kiln::target {

namespace embedded {
extern const char hostRuntimeObject[];
extern const unsigned long hostRuntimeObject_size;
extern const char runtimeHeader[];
extern const unsigned long runtimeHeader_size;
} // namespace embedded

llvm::ArrayRef<char> hostRuntimeObject() {
  return {embedded::hostRuntimeObject, embedded::hostRuntimeObject_size};
}

llvm::ArrayRef<char> runtimeObjectFor(const llvm::Triple &triple) {
  if (!isHostTarget(triple.str()))
    return {};
  return hostRuntimeObject();
}

llvm::StringRef runtimeHeaderText() {
  return {embedded::runtimeHeader, embedded::runtimeHeader_size};
}

} // namespace kiln::target
