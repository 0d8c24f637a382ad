//===- RuntimeCore.cpp - The core runtime, generated for any target -------===//
//
// Every model archive carries the core runtime (kiln_status_string,
// kiln_dtype_size, kiln_parallel_for, kiln_set_parallel_runner) built for its
// own target, so a cross or firmware build links with nothing but the C
// library and no one cross-builds Kiln's runtime by hand. Debian guarantees
// no C cross compiler (nor clang) next to Kiln, so the runtime is written
// here as LLVM IR and compiled by the same TargetMachine as the model.
//
// This is a second implementation of runtime/src/status.c, dtype.c and
// parallel.c, which stay the reference (the compiler process links them,
// and users may build them by hand): the two must behave identically, and
// test/target-run/runtime-core.test compares them call by call on the host
// and on AArch64 and RISC-V under emulation. Change both together.
//
//===----------------------------------------------------------------------===//

#include "kiln/Target/Target.h"

#include "kiln_runtime.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"

using llvm::BasicBlock;
using llvm::Function;
using llvm::FunctionType;
using llvm::GlobalValue;
using llvm::GlobalVariable;
using llvm::IRBuilder;

namespace kiln::target {

namespace {

/// The names kiln_status_string returns, exactly as runtime/src/status.c.
struct StatusName {
  int32_t status;
  const char *name;
};
constexpr StatusName kStatusNames[] = {
    {KILN_STATUS_OK, "ok"},
    {KILN_STATUS_INVALID_ARGUMENT,
     "invalid argument (a NULL input, output or workspace)"},
    {KILN_STATUS_MISALIGNED, "misaligned workspace"},
    {KILN_STATUS_RUNTIME_ERROR, "runtime error (a check in the model failed)"},
    {KILN_STATUS_BAD_WEIGHTS,
     "weights blob does not match the model (magic, format version, size or "
     "checksum)"},
};
constexpr const char *kUnknownStatus = "unknown status";

/// Element sizes as runtime/src/dtype.c; every other value gives 0.
struct DtypeSize {
  int32_t dtype;
  uint64_t size;
};
constexpr DtypeSize kDtypeSizes[] = {
    {KILN_DTYPE_U8, 1},   {KILN_DTYPE_I8, 1},  {KILN_DTYPE_BOOL, 1},
    {KILN_DTYPE_U16, 2},  {KILN_DTYPE_I16, 2}, {KILN_DTYPE_F16, 2},
    {KILN_DTYPE_BF16, 2}, {KILN_DTYPE_F32, 4}, {KILN_DTYPE_I32, 4},
    {KILN_DTYPE_U32, 4},  {KILN_DTYPE_I64, 8}, {KILN_DTYPE_F64, 8},
    {KILN_DTYPE_U64, 8},
};

/// Builds the runtime functions into one module.
class RuntimeBuilder {
public:
  RuntimeBuilder(llvm::Module &module, bool hosted)
      : module(module), ctx(module.getContext()), hosted(hosted),
        ptrType(llvm::PointerType::getUnqual(ctx)),
        i32(llvm::Type::getInt32Ty(ctx)), i64(llvm::Type::getInt64Ty(ctx)),
        sizeType(module.getDataLayout().getIntPtrType(ctx)) {}

  void build() {
    buildStatusString();
    buildDtypeSize();
    buildParallel();
  }

private:
  /// An external C function, with the attributes the C compiler would give
  /// it: nothing throws, and hosted targets keep unwind tables as
  /// translateToLLVMIR gives model code.
  Function *define(llvm::StringRef name, llvm::Type *result,
                   llvm::ArrayRef<llvm::Type *> params) {
    auto *f = Function::Create(FunctionType::get(result, params, false),
                               GlobalValue::ExternalLinkage, name, module);
    f->setDoesNotThrow();
    f->setUWTableKind(hosted ? llvm::UWTableKind::Async
                             : llvm::UWTableKind::None);
    return f;
  }

  /// A private NUL-terminated string constant.
  GlobalVariable *string(llvm::StringRef text) {
    llvm::Constant *init = llvm::ConstantDataArray::getString(ctx, text);
    auto *global =
        new GlobalVariable(module, init->getType(),
                           /*isConstant=*/true, GlobalValue::PrivateLinkage,
                           init, ".str." + llvm::Twine(strings++));
    global->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
    global->setAlignment(llvm::Align(1));
    return global;
  }

  /// A file-scope `static void *NAME = 0;` of parallel.c.
  GlobalVariable *staticPointer(llvm::StringRef name) {
    auto *global = new GlobalVariable(
        module, ptrType, /*isConstant=*/false, GlobalValue::InternalLinkage,
        llvm::ConstantPointerNull::get(ptrType), name);
    global->setAlignment(module.getDataLayout().getPointerABIAlignment(0));
    return global;
  }

  /// const char *kiln_status_string(int32_t status): a switch, so any code
  /// is safe (never an index into a table).
  void buildStatusString() {
    Function *f = define("kiln_status_string", ptrType, {i32});
    BasicBlock *entry = BasicBlock::Create(ctx, "entry", f);
    BasicBlock *unknown = BasicBlock::Create(ctx, "unknown", f);
    IRBuilder<> b(entry);
    auto *dispatch =
        b.CreateSwitch(f->getArg(0), unknown, std::size(kStatusNames));
    for (const StatusName &s : kStatusNames) {
      BasicBlock *named = BasicBlock::Create(ctx, "status", f);
      IRBuilder<>(named).CreateRet(string(s.name));
      dispatch->addCase(b.getInt32(s.status), named);
    }
    IRBuilder<>(unknown).CreateRet(string(kUnknownStatus));
  }

  /// size_t kiln_dtype_size(int32_t dtype).
  void buildDtypeSize() {
    Function *f = define("kiln_dtype_size", sizeType, {i32});
    BasicBlock *entry = BasicBlock::Create(ctx, "entry", f);
    BasicBlock *unknown = BasicBlock::Create(ctx, "unknown", f);
    IRBuilder<> b(entry);
    auto *dispatch =
        b.CreateSwitch(f->getArg(0), unknown, std::size(kDtypeSizes));
    for (const DtypeSize &d : kDtypeSizes) {
      BasicBlock *known = BasicBlock::Create(ctx, "size", f);
      IRBuilder<>(known).CreateRet(llvm::ConstantInt::get(sizeType, d.size));
      dispatch->addCase(b.getInt32(d.dtype), known);
    }
    IRBuilder<>(unknown).CreateRet(llvm::ConstantInt::get(sizeType, 0));
  }

  /// kiln_parallel_for and kiln_set_parallel_runner over the runtime's only
  /// writable state, the installed runner and its context.
  void buildParallel() {
    GlobalVariable *runner = staticPointer("kiln_installed_runner");
    GlobalVariable *runnerContext =
        staticPointer("kiln_installed_runner_context");
    // void body(void *context, int64_t begin, int64_t end)
    auto *bodyType = FunctionType::get(llvm::Type::getVoidTy(ctx),
                                       {ptrType, i64, i64}, false);
    // void runner(void *runner_context, int64_t n, body, void *context)
    auto *runnerType = FunctionType::get(
        llvm::Type::getVoidTy(ctx), {ptrType, i64, ptrType, ptrType}, false);

    // void kiln_parallel_for(int64_t n, kiln_parallel_body body, void *ctx)
    {
      Function *f = define("kiln_parallel_for", llvm::Type::getVoidTy(ctx),
                           {i64, ptrType, ptrType});
      llvm::Value *n = f->getArg(0), *body = f->getArg(1),
                  *context = f->getArg(2);
      BasicBlock *entry = BasicBlock::Create(ctx, "entry", f);
      BasicBlock *check = BasicBlock::Create(ctx, "check", f);
      BasicBlock *installed = BasicBlock::Create(ctx, "installed", f);
      BasicBlock *serial = BasicBlock::Create(ctx, "serial", f);
      BasicBlock *done = BasicBlock::Create(ctx, "done", f);
      IRBuilder<> b(entry);
      llvm::Value *nothing =
          b.CreateOr(b.CreateICmpSLE(n, b.getInt64(0)), b.CreateIsNull(body));
      b.CreateCondBr(nothing, done, check);

      b.SetInsertPoint(check);
      llvm::Value *current = b.CreateLoad(ptrType, runner);
      b.CreateCondBr(b.CreateIsNotNull(current), installed, serial);

      b.SetInsertPoint(installed);
      llvm::Value *currentContext = b.CreateLoad(ptrType, runnerContext);
      b.CreateCall(runnerType, current, {currentContext, n, body, context});
      b.CreateBr(done);

      b.SetInsertPoint(serial);
      b.CreateCall(bodyType, body, {context, b.getInt64(0), n});
      b.CreateBr(done);

      b.SetInsertPoint(done);
      b.CreateRetVoid();
    }

    // void kiln_set_parallel_runner(kiln_parallel_runner runner, void *rc)
    {
      Function *f = define("kiln_set_parallel_runner",
                           llvm::Type::getVoidTy(ctx), {ptrType, ptrType});
      IRBuilder<> b(BasicBlock::Create(ctx, "entry", f));
      llvm::Value *newRunner = f->getArg(0);
      b.CreateStore(newRunner, runner);
      // The serial default has no context: dropping it keeps a stale
      // pointer from outliving the runner it belonged to.
      b.CreateStore(b.CreateSelect(b.CreateIsNotNull(newRunner), f->getArg(1),
                                   llvm::ConstantPointerNull::get(ptrType)),
                    runnerContext);
      b.CreateRetVoid();
    }
  }

  llvm::Module &module;
  llvm::LLVMContext &ctx;
  bool hosted;
  llvm::PointerType *ptrType;
  llvm::IntegerType *i32, *i64, *sizeType;
  unsigned strings = 0;
};

} // namespace

std::unique_ptr<llvm::Module> buildRuntimeModule(llvm::LLVMContext &context,
                                                 llvm::TargetMachine &tm) {
  auto module = std::make_unique<llvm::Module>("kiln_rt", context);
  module->setTargetTriple(tm.getTargetTriple());
  module->setDataLayout(tm.createDataLayout());
  bool hosted = tm.getTargetTriple().getOS() != llvm::Triple::UnknownOS;
  RuntimeBuilder(*module, hosted).build();
  return module;
}

llvm::Expected<std::string> buildRuntimeObject(const TargetOptions &options) {
  auto tm = createTargetMachine(options);
  if (!tm)
    return tm.takeError();
  llvm::LLVMContext context;
  std::unique_ptr<llvm::Module> module = buildRuntimeModule(context, **tm);
  if (llvm::Error err = optimizeModule(*module, **tm, options.optLevel))
    return std::move(err);
  return emitObject(*module, **tm);
}

} // namespace kiln::target
