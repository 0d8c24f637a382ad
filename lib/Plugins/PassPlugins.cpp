//===- PassPlugins.cpp - Load and check pass plugins ----------------------===//
//
// MLIR's PassPlugin checks the plugin API version; Kiln adds the version of
// Kiln and LLVM the plugin was compiled against, because a plugin links
// against Kiln's dialect classes and MLIR's C++ API, whose ABI changes with
// every release and is not checked by the dynamic linker.
//
//===----------------------------------------------------------------------===//

#include "kiln/Plugins/PassPlugins.h"

#include "kiln/Plugin.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <mutex>

namespace kiln::plugins {

llvm::StringRef hostPluginVersion() { return KILN_PLUGIN_VERSION; }

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// Loads `path` with MLIR's loader and checks Kiln's version string.
static llvm::Expected<mlir::PassPlugin> loadChecked(llvm::StringRef path) {
  if (!llvm::sys::fs::exists(path))
    return makeError("pass plugin '" + path + "' does not exist");
  auto plugin = mlir::PassPlugin::load(path.str());
  if (!plugin)
    return makeError("cannot load pass plugin '" + path +
                     "': " + llvm::toString(plugin.takeError()));
  llvm::StringRef version = plugin->getPluginVersion();
  if (version == hostPluginVersion())
    return std::move(*plugin);
  if (!version.starts_with("kiln-"))
    return makeError("pass plugin '" + path + "' ('" +
                     plugin->getPluginName() +
                     "') is not a Kiln plugin: it reports version '" +
                     version + "'; Kiln plugins define their entry point "
                               "with KILN_PASS_PLUGIN from kiln/Plugin.h");
  return makeError("pass plugin '" + path + "' ('" + plugin->getPluginName() +
                   "') was built for " + version + ", but this is " +
                   hostPluginVersion() +
                   "; rebuild the plugin against this Kiln");
}

llvm::Error checkPassPlugin(llvm::StringRef path) {
  auto plugin = loadChecked(path);
  if (!plugin)
    return plugin.takeError();
  return llvm::Error::success();
}

llvm::Error loadPassPlugin(llvm::StringRef path) {
  static std::mutex mutex;
  static llvm::StringSet<> registered;
  std::lock_guard<std::mutex> lock(mutex);
  // MLIR aborts on a pass registered twice, so each library registers once,
  // however it is spelled.
  llvm::SmallString<256> realPath;
  if (llvm::sys::fs::real_path(path, realPath))
    realPath = path;
  if (registered.contains(realPath))
    return llvm::Error::success();
  auto plugin = loadChecked(path);
  if (!plugin)
    return plugin.takeError();
  plugin->registerPassRegistryCallbacks();
  registered.insert(realPath);
  return llvm::Error::success();
}

int checkPassPluginArguments(int argc, char **argv, llvm::StringRef tool) {
  for (int i = 1; i < argc; ++i) {
    llvm::StringRef arg = argv[i];
    if (arg == "--")
      break;
    if (!arg.consume_front("--") && !arg.consume_front("-"))
      continue;
    if (!arg.consume_front("load-pass-plugin"))
      continue;
    std::string path;
    if (arg.consume_front("="))
      path = arg.str();
    else if (arg.empty() && i + 1 < argc)
      path = argv[++i];
    else
      continue;
    if (llvm::Error err = checkPassPlugin(path)) {
      llvm::errs() << tool << ": error: " << llvm::toString(std::move(err))
                   << "\n";
      return 1;
    }
  }
  return 0;
}

} // namespace kiln::plugins
