//===- Runtime.cpp - The C runtime a model archive carries ----------------===//
//
// kiln_runtime.h is embedded in the compiler as a byte array (see
// EmbedFile.cmake), so `kiln compile` writes it next to NAME.h; the runtime
// object itself is generated for each target (RuntimeCore.cpp).
//
//===----------------------------------------------------------------------===//

#include "kiln/Target/Target.h"

namespace kiln::target {

namespace embedded {
extern const char runtimeHeader[];
extern const unsigned long runtimeHeader_size;
} // namespace embedded

llvm::StringRef runtimeHeaderText() {
  return {embedded::runtimeHeader, embedded::runtimeHeader_size};
}

} // namespace kiln::target
