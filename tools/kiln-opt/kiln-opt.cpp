//===- kiln-opt.cpp - MlirOptMain with Kiln's dialects and passes ---------===//
#include "kiln/InitAll.h"
#include "kiln/Plugins/PassPlugins.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  // MlirOptMain loads --load-pass-plugin libraries itself; Kiln's version
  // check runs first so a plugin for another Kiln or LLVM is refused cleanly.
  if (int rc = kiln::plugins::checkPassPluginArguments(argc, argv, "kiln-opt"))
    return rc;
  mlir::DialectRegistry registry;
  kiln::registerAllDialects(registry);
  kiln::registerAllPasses();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "Kiln optimizer driver\n", registry));
}
