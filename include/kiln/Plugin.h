//===- Plugin.h - Write a Kiln pass plugin ----------------------*- C++ -*-===//
//
// The one header a pass plugin needs besides MLIR's and the dialect headers
// it uses. A plugin is a shared library that MLIR's pass-plugin mechanism
// loads (`kiln compile --load-pass-plugin=lib.so`, `kiln-opt
// --load-pass-plugin=lib.so`); its passes then run where `--pass-at`
// says. Kiln refuses a plugin built against another Kiln or LLVM version
// before running any of its code but the info function:
//
//   #include "kiln/Plugin.h"
//   KILN_PASS_PLUGIN("my-passes", [] { mlir::PassRegistration<MyPass>(); })
//
// docs/writing-a-pass.md walks through a complete plugin.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_PLUGIN_H
#define KILN_PLUGIN_H

#include "kiln/Version.h"

#include "mlir/Tools/Plugins/PassPlugin.h"
#include "llvm/Config/llvm-config.h"

/// The version a plugin reports as `pluginVersion`: the Kiln and LLVM
/// versions its headers came from. Kiln loads only plugins whose string
/// equals its own, because a plugin shares Kiln's and MLIR's C++ ABI
/// (dialect classes, pass registry) and nothing checks that at link time.
#define KILN_PLUGIN_VERSION                                                    \
  "kiln-" KILN_VERSION_STRING "-llvm-" LLVM_VERSION_STRING

/// Defines the plugin's entry point, `mlirGetPassPluginInfo`. NAME is a
/// string naming the plugin in messages; REGISTER is a function or
/// captureless lambda `void()` that registers the plugin's passes (and
/// pipelines) with MLIR's registry, e.g. with mlir::PassRegistration.
#define KILN_PASS_PLUGIN(NAME, REGISTER)                                       \
  extern "C" LLVM_ATTRIBUTE_WEAK ::mlir::PassPluginLibraryInfo                 \
  mlirGetPassPluginInfo() {                                                    \
    return {MLIR_PLUGIN_API_VERSION, NAME, KILN_PLUGIN_VERSION, REGISTER};     \
  }

#endif // KILN_PLUGIN_H
