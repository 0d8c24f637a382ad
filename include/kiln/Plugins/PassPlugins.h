//===- PassPlugins.h - Load and check pass plugins --------------*- C++ -*-===//
//
// The host side of kiln/Plugin.h: loading a plugin library with MLIR's
// PassPlugin, refusing one built for another Kiln or LLVM, and registering
// its passes once per process.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_PLUGINS_PASSPLUGINS_H
#define KILN_PLUGINS_PASSPLUGINS_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

namespace kiln::plugins {

/// The `pluginVersion` a plugin must report: KILN_PLUGIN_VERSION as this
/// Kiln was built ("kiln-0.1.0-llvm-22.1.0").
llvm::StringRef hostPluginVersion();

/// Loads the plugin library at `path` and checks that it is a Kiln pass
/// plugin of this Kiln and LLVM version, without registering anything.
/// Fails with a message naming the file and both versions.
llvm::Error checkPassPlugin(llvm::StringRef path);

/// checkPassPlugin, then registers the plugin's passes with MLIR's global
/// registry. A library already loaded by this process (same real path) is
/// not registered twice. Thread-safe.
llvm::Error loadPassPlugin(llvm::StringRef path);

/// For tools that hand `--load-pass-plugin` to MlirOptMain (kiln-opt):
/// checks every plugin named on the command line (`--load-pass-plugin=P`,
/// `--load-pass-plugin P`, one or two dashes) and prints the first problem
/// as "<tool>: error: ..." on stderr. Returns the exit code: 0 when all
/// plugins may be loaded, 1 otherwise.
int checkPassPluginArguments(int argc, char **argv, llvm::StringRef tool);

} // namespace kiln::plugins

#endif // KILN_PLUGINS_PASSPLUGINS_H
