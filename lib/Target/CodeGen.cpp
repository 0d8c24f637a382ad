//===- CodeGen.cpp - LLVM dialect -> LLVM IR -> object file ---------------===//
//
// Generated code must be freestanding: the only external symbols a model
// object may need are memcpy, memset and memmove (see the ABI contract). LLVM
// is told so through TargetLibraryInfo, both for the IR optimizer (which
// would otherwise turn code into calls to bcmp, sincos or ldexp) and for the
// code generator, and optimizeModule() checks the result.
//
//===----------------------------------------------------------------------===//

#include "kiln/Target/Target.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"

using llvm::createStringError;
using llvm::Expected;

namespace kiln::target {

namespace {

/// Library functions generated code may call: the optimizer turns copy and
/// fill loops into these, and every C environment, firmware included, has
/// them.
constexpr llvm::LibFunc kAllowedLibFuncs[] = {
    llvm::LibFunc_memcpy, llvm::LibFunc_memset, llvm::LibFunc_memmove};

llvm::TargetLibraryInfoImpl freestandingLibraryInfo(const llvm::Triple &t) {
  llvm::TargetLibraryInfoImpl tlii(t);
  tlii.disableAllFunctions();
  for (llvm::LibFunc f : kAllowedLibFuncs)
    tlii.setAvailable(f);
  return tlii;
}

/// Names of the external functions `module` declares, intrinsics excluded.
llvm::StringSet<> declaredFunctions(const llvm::Module &module) {
  llvm::StringSet<> names;
  for (const llvm::Function &f : module)
    if (f.isDeclaration() && !f.isIntrinsic())
      names.insert(f.getName());
  return names;
}

/// Generated code is C-ABI code that never throws: marking it nounwind keeps
/// the ARM EHABI backend from referencing __aeabi_unwind_cpp_pr0, which would
/// drag libgcc's unwinder into firmware. Hosted targets keep unwind tables
/// (as C compilers do by default) so debuggers and profilers can walk
/// through model code.
void setFunctionAttributes(llvm::Module &module, const llvm::Triple &triple) {
  bool bareMetal = triple.getOS() == llvm::Triple::UnknownOS;
  for (llvm::Function &f : module) {
    if (f.isIntrinsic())
      continue;
    f.setDoesNotThrow();
    if (!f.isDeclaration())
      f.setUWTableKind(bareMetal ? llvm::UWTableKind::None
                                 : llvm::UWTableKind::Async);
  }
}

} // namespace

Expected<std::unique_ptr<llvm::Module>>
translateToLLVMIR(mlir::ModuleOp module, llvm::LLVMContext &context,
                  llvm::TargetMachine &tm) {
  mlir::MLIRContext *mlirContext = module.getContext();
  mlir::registerBuiltinDialectTranslation(*mlirContext);
  mlir::registerLLVMDialectTranslation(*mlirContext);

  // Translation failures are reported as MLIR diagnostics; collect them so
  // the error says what failed instead of only that something did.
  std::string diagnostics;
  llvm::raw_string_ostream os(diagnostics);
  mlir::ScopedDiagnosticHandler handler(mlirContext, [&](mlir::Diagnostic &d) {
    if (d.getSeverity() == mlir::DiagnosticSeverity::Error)
      os << "\n  " << d.getLocation() << ": " << d.str();
    return mlir::success();
  });
  llvm::StringRef name = "kiln_model";
  if (auto modelName =
          module->getAttrOfType<mlir::StringAttr>(attrs::kModelName))
    name = modelName.getValue();
  std::unique_ptr<llvm::Module> llvmModule =
      mlir::translateModuleToLLVMIR(module, context, name);
  if (!llvmModule)
    return createStringError("cannot translate the LLVM dialect to LLVM IR%s",
                             diagnostics.c_str());
  // The TargetMachine is the authority on layout; a triple or data layout
  // left on the MLIR module by an earlier phase must not override it.
  llvmModule->setTargetTriple(tm.getTargetTriple());
  llvmModule->setDataLayout(tm.createDataLayout());
  setFunctionAttributes(*llvmModule, tm.getTargetTriple());
  return std::move(llvmModule);
}

llvm::Error optimizeModule(llvm::Module &module, llvm::TargetMachine &tm,
                           int optLevel) {
  if (optLevel < 0 || optLevel > 3)
    return createStringError("optimization level %d is not in 0..3", optLevel);
  llvm::StringSet<> declaredBefore = declaredFunctions(module);

  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PipelineTuningOptions tuning;
  llvm::PassBuilder pb(&tm, tuning);
  // Registered before the defaults so ours wins.
  llvm::TargetLibraryInfoImpl tlii =
      freestandingLibraryInfo(module.getTargetTriple());
  fam.registerPass([&] { return llvm::TargetLibraryAnalysis(tlii); });
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);

  static const llvm::OptimizationLevel levels[] = {
      llvm::OptimizationLevel::O0, llvm::OptimizationLevel::O1,
      llvm::OptimizationLevel::O2, llvm::OptimizationLevel::O3};
  llvm::ModulePassManager mpm =
      optLevel == 0 ? pb.buildO0DefaultPipeline(levels[0])
                    : pb.buildPerModuleDefaultPipeline(levels[optLevel]);
  mpm.run(module, mam);

  std::string broken;
  llvm::raw_string_ostream brokenOS(broken);
  if (llvm::verifyModule(module, &brokenOS))
    return createStringError("LLVM IR is invalid after optimization: %s",
                             broken.c_str());

  // A new declaration means the optimizer introduced a library call. With
  // the TargetLibraryInfo above only the allowed ones can appear; anything
  // else would break freestanding builds at link time, so fail here.
  for (const llvm::Function &f : module) {
    if (!f.isDeclaration() || f.isIntrinsic() ||
        declaredBefore.contains(f.getName()) || f.use_empty())
      continue;
    llvm::StringRef fname = f.getName();
    if (fname != "memcpy" && fname != "memset" && fname != "memmove")
      return createStringError("LLVM's optimizer introduced a call to '%s', "
                               "which freestanding code cannot rely on",
                               fname.str().c_str());
  }
  return llvm::Error::success();
}

Expected<std::string> emitObject(llvm::Module &module,
                                 llvm::TargetMachine &tm) {
  if (module.getTargetTriple() != tm.getTargetTriple())
    return createStringError("module triple '%s' does not match the target "
                             "machine's '%s'",
                             module.getTargetTriple().str().c_str(),
                             tm.getTargetTriple().str().c_str());
  llvm::SmallVector<char, 0> object;
  {
    // Scoped so the MC layer's copy of the sections is freed before the
    // bytes are copied out: with large weights each copy is their size.
    llvm::raw_svector_ostream out(object);
    llvm::legacy::PassManager pm;
    pm.add(new llvm::TargetLibraryInfoWrapperPass(
        freestandingLibraryInfo(module.getTargetTriple())));
    if (tm.addPassesToEmitFile(pm, out, nullptr,
                               llvm::CodeGenFileType::ObjectFile))
      return createStringError("target '%s' cannot emit object files",
                               tm.getTargetTriple().str().c_str());
    pm.run(module);
  }
  return std::string(object.begin(), object.end());
}

} // namespace kiln::target
