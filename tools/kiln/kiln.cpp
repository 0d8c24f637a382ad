//===- kiln.cpp - The kiln command line tool ------------------------------===//
#include "kiln/Driver/Driver.h"

#include "llvm/Support/InitLLVM.h"

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  return kiln::driver::runKilnMain(argc, argv);
}
