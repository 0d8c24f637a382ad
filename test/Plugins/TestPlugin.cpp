//===- TestPlugin.cpp - A pass plugin for Kiln's plugin tests -------------===//
//
// Built like a user's plugin (a shared module linking only MLIR, with the
// graph dialect's classes resolved against the loading executable) and
// loaded by the tests in this directory. Its pass, kiln-test-mark, appends
// "<tag>:<level>:relu=<N>" to the module's `kiln.test.marks`, which shows
// where in the compile each --pass-at pipeline ran.
//
//===----------------------------------------------------------------------===//

#include "kiln/Plugin.h"

#include "dialects/Graph/IR/GraphOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

using namespace mlir;

namespace {
struct MarkPass : PassWrapper<MarkPass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(MarkPass)

  MarkPass() = default;
  MarkPass(const MarkPass &other) : PassWrapper(other) {}

  StringRef getArgument() const final { return "kiln-test-mark"; }
  StringRef getDescription() const final {
    return "Record the IR level this pass runs at (Kiln plugin tests)";
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    // isa<> on a graph op class needs the TypeID defined in the executable
    // that loaded the plugin: this checks that kiln exports its symbols.
    int relus = 0;
    bool graph = false, llvm = false;
    module.walk([&](Operation *op) {
      relus += isa<kiln::graph::ReluOp>(op);
      graph |= op->getDialect() &&
               op->getDialect()->getNamespace() == "graph";
      llvm |= isa<LLVM::LLVMFuncOp>(op);
    });
    std::string level = graph ? "graph" : llvm ? "llvm" : "tensors";
    if (!graph && !llvm) {
      auto main = module.lookupSymbol<func::FuncOp>("main");
      if (main && llvm::any_of(main.getArgumentTypes(), [](Type t) {
            return isa<MemRefType>(t);
          }))
        level = "buffers";
    }
    SmallVector<Attribute> marks;
    if (auto old = module->getAttrOfType<ArrayAttr>("kiln.test.marks"))
      llvm::append_range(marks, old.getValue());
    marks.push_back(StringAttr::get(
        &getContext(),
        tag + ":" + level + ":relu=" + std::to_string(relus)));
    module->setAttr("kiln.test.marks", ArrayAttr::get(&getContext(), marks));
  }

  Option<std::string> tag{*this, "tag", llvm::cl::desc("Name of the mark"),
                          llvm::cl::init("mark")};
};
} // namespace

KILN_PASS_PLUGIN("kiln-test-plugin", [] { PassRegistration<MarkPass>(); })
