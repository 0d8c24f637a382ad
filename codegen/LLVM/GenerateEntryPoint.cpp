//===- GenerateEntryPoint.cpp - NAME_run and NAME_info --------------------===//
//
// Implements kiln-generate-entry-point: the C ABI of runtime/include/
// kiln_runtime.h on top of the bare-pointer @main
//   void @main(ptr inputs..., ptr outputs..., ptr workspace)
// which becomes internal NAME_main. The structs are built from !llvm.ptr,
// i32 and i64 in the C field order, so LLVM's data layout gives them the C
// layout of whatever target (4- or 8-byte pointers, uint64_t alignment).
//
// A model compiled with --weights-file (kiln.weights placement "file") has
// one more @main argument, the loaded NAME.weights.bin: its entry point is
// NAME_run_with_weights(in, out, workspace, weights), which also checks the
// blob's alignment and header (kiln/Support/WeightsFile.h), and NAME_info's
// `run` is NULL since a kiln_run_fn cannot pass the weights.
//
//===----------------------------------------------------------------------===//

#include "kiln/Codegen/Passes.h"

#include "kiln/Support/ModelSignature.h"
#include "kiln/Support/WeightsFile.h"
#include "kiln_runtime.h"
#include "mlir/IR/SymbolTable.h"

namespace kiln::codegen {

#define GEN_PASS_DEF_GENERATEENTRYPOINT
#include "codegen/Passes.h.inc"

using namespace mlir;

namespace {

/// Builds the entry point and info constants of one module.
class EntryPointBuilder {
public:
  EntryPointBuilder(ModuleOp module, const ModelSignature &signature)
      : module(module), sig(signature), ctx(module.getContext()),
        b(module.getBodyRegion()), loc(module.getLoc()),
        ptrType(LLVM::LLVMPointerType::get(ctx)), i1(b.getI1Type()),
        i32(b.getI32Type()), i64(b.getI64Type()),
        tensorInfoType(LLVM::LLVMStructType::getLiteral(
            ctx, {ptrType, i32, i32, ptrType, i64})),
        modelInfoType(LLVM::LLVMStructType::getLiteral(
            ctx, {i32, i32, i32, i32, ptrType, ptrType, ptrType, i64, i64,
                  ptrType})) {
    b.setInsertionPointToEnd(module.getBody());
  }

  /// Emits NAME_run (NAME_run_with_weights for external weights) calling
  /// `main`, returns it.
  LLVM::LLVMFuncOp buildRun(LLVM::LLVMFuncOp main);
  /// Emits the NAME_info constant pointing at `run` (NULL if null).
  void buildInfo(LLVM::LLVMFuncOp run);

private:
  Value constI32(OpBuilder &builder, int64_t v) {
    return LLVM::ConstantOp::create(builder, loc, i32, v);
  }
  Value constI64(OpBuilder &builder, int64_t v) {
    return LLVM::ConstantOp::create(builder, loc, i64, v);
  }
  /// A private NUL-terminated string constant.
  LLVM::GlobalOp buildString(StringRef symbol, StringRef text);
  /// The private kiln_tensor_info array of `tensors` (null if empty).
  LLVM::GlobalOp buildTensorInfos(StringRef kind,
                                  ArrayRef<TensorSignature> tensors);
  /// Branches to `good` if the external weights at `weights` carry the
  /// header this model was compiled with, else to `bad`; `weights` is
  /// aligned to weights::kAlignment.
  void checkWeightsHeader(OpBuilder &builder, Value weights, Block *good,
                          Block *bad);
  /// Address of `global`, or a null pointer if there is none.
  Value addressOrNull(OpBuilder &builder, LLVM::GlobalOp global) {
    if (!global)
      return LLVM::ZeroOp::create(builder, loc, ptrType);
    return LLVM::AddressOfOp::create(builder, loc, global);
  }
  /// An initializer region for `global` filled by `fill(builder)`.
  template <typename Fn> void initialize(LLVM::GlobalOp global, Fn fill) {
    Block *block = b.createBlock(&global.getInitializer());
    OpBuilder inner = OpBuilder::atBlockBegin(block);
    LLVM::ReturnOp::create(inner, loc, fill(inner));
    b.setInsertionPointToEnd(module.getBody());
  }

  ModuleOp module;
  const ModelSignature &sig;
  MLIRContext *ctx;
  OpBuilder b;
  Location loc;
  Type ptrType, i1, i32, i64;
  LLVM::LLVMStructType tensorInfoType, modelInfoType;
};

void EntryPointBuilder::checkWeightsHeader(OpBuilder &builder, Value weights,
                                           Block *good, Block *bad) {
  Value matches = LLVM::ConstantOp::create(builder, loc, i1, 1);
  auto expect = [&](uint64_t offset, Type type, uint64_t value) {
    Value field = LLVM::GEPOp::create(
        builder, loc, ptrType, builder.getI8Type(), weights,
        ArrayRef<LLVM::GEPArg>{static_cast<int32_t>(offset)});
    Value loaded = LLVM::LoadOp::create(builder, loc, type, field);
    Value wanted = LLVM::ConstantOp::create(
        builder, loc, type,
        builder.getIntegerAttr(
            type, llvm::APInt(type.getIntOrFloatBitWidth(), value)));
    Value same = LLVM::ICmpOp::create(builder, loc, LLVM::ICmpPredicate::eq,
                                      loaded, wanted);
    matches = LLVM::AndOp::create(builder, loc, matches, same);
  };
  const WeightsLayout &layout = sig.weights;
  expect(0, i64, weights::magicAsUInt64());
  expect(weights::kVersionOffset, i32, weights::kFormatVersion);
  expect(weights::kPayloadOffsetOffset, i32, weights::kHeaderSize);
  expect(weights::kPayloadSizeOffset, i64,
         layout.fileSize - weights::kHeaderSize);
  expect(weights::kChecksumOffset, i32, layout.checksum);
  LLVM::CondBrOp::create(builder, loc, matches, good, bad);
}

LLVM::LLVMFuncOp EntryPointBuilder::buildRun(LLVM::LLVMFuncOp main) {
  bool externalWeights = sig.weights.placement == WeightsPlacement::File;
  SmallVector<Type> params = {ptrType, ptrType, ptrType};
  if (externalWeights)
    params.push_back(ptrType);
  auto runType = LLVM::LLVMFunctionType::get(i32, params);
  auto run = LLVM::LLVMFuncOp::create(
      b, loc, sig.name + (externalWeights ? "_run_with_weights" : "_run"),
      runType);
  run.setNoUnwind(true);
  Block *entry = run.addEntryBlock(b);
  Region &body = run.getBody();
  // A model without workspace needs neither its checks nor their blocks.
  bool usesWorkspace = sig.workspaceSize > 0;
  Block *loads = new Block(), *call = new Block(), *invalid = new Block();
  Block *alignment = usesWorkspace ? new Block() : nullptr;
  Block *misaligned = usesWorkspace || externalWeights ? new Block() : nullptr;
  Block *weightsAlignment = externalWeights ? new Block() : nullptr;
  Block *weightsHeader = externalWeights ? new Block() : nullptr;
  Block *badWeights = externalWeights ? new Block() : nullptr;
  for (Block *block : {loads, alignment, weightsAlignment, weightsHeader, call,
                       invalid, misaligned, badWeights})
    if (block)
      body.push_back(block);
  // Where the workspace checks lead: the weights checks, if any.
  Block *afterWorkspace = externalWeights ? weightsAlignment : call;
  Value in = entry->getArgument(0), out = entry->getArgument(1),
        workspace = entry->getArgument(2);
  Value weightsBlob = externalWeights ? entry->getArgument(3) : Value();

  // The structs themselves must exist before their fields are read.
  OpBuilder e = OpBuilder::atBlockBegin(entry);
  Value null = LLVM::ZeroOp::create(e, loc, ptrType);
  auto isNull = [&](OpBuilder &builder, Value p) -> Value {
    return LLVM::ICmpOp::create(builder, loc, LLVM::ICmpPredicate::eq, p, null);
  };
  Value bad = LLVM::ConstantOp::create(e, loc, i1, 0);
  if (!sig.inputs.empty())
    bad = LLVM::OrOp::create(e, loc, bad, isNull(e, in));
  if (!sig.outputs.empty())
    bad = LLVM::OrOp::create(e, loc, bad, isNull(e, out));
  if (externalWeights)
    bad = LLVM::OrOp::create(e, loc, bad, isNull(e, weightsBlob));
  LLVM::CondBrOp::create(e, loc, bad, invalid, loads);

  // Each struct is an array of data pointers, one per tensor, in order.
  OpBuilder l = OpBuilder::atBlockBegin(loads);
  SmallVector<Value> args;
  Value badPointer = LLVM::ConstantOp::create(l, loc, i1, 0);
  auto loadPointers = [&](Value base, size_t count) {
    for (size_t i = 0; i < count; ++i) {
      Value slot =
          LLVM::GEPOp::create(l, loc, ptrType, ptrType, base,
                              ArrayRef<LLVM::GEPArg>{static_cast<int32_t>(i)});
      Value p = LLVM::LoadOp::create(l, loc, ptrType, slot);
      badPointer = LLVM::OrOp::create(l, loc, badPointer, isNull(l, p));
      args.push_back(p);
    }
  };
  loadPointers(in, sig.inputs.size());
  loadPointers(out, sig.outputs.size());
  args.push_back(workspace);
  if (externalWeights)
    args.push_back(weightsBlob);
  // A model that needs no workspace accepts any pointer, NULL included.
  if (usesWorkspace)
    badPointer = LLVM::OrOp::create(l, loc, badPointer, isNull(l, workspace));
  LLVM::CondBrOp::create(l, loc, badPointer, invalid,
                         usesWorkspace ? alignment : afterWorkspace);

  // Branches to `next` if `pointer` is a multiple of `align`.
  auto checkAlignment = [&](Block *block, Value pointer, uint64_t align,
                            Block *next) {
    OpBuilder a = OpBuilder::atBlockBegin(block);
    Value address = LLVM::PtrToIntOp::create(a, loc, i64, pointer);
    Value low = LLVM::AndOp::create(
        a, loc, address, constI64(a, static_cast<int64_t>(align) - 1));
    Value isMisaligned = LLVM::ICmpOp::create(a, loc, LLVM::ICmpPredicate::ne,
                                              low, constI64(a, 0));
    LLVM::CondBrOp::create(a, loc, isMisaligned, misaligned, next);
  };
  if (usesWorkspace)
    checkAlignment(alignment, workspace, sig.workspaceAlign, afterWorkspace);
  if (misaligned) {
    OpBuilder m = OpBuilder::atBlockBegin(misaligned);
    LLVM::ReturnOp::create(m, loc, constI32(m, KILN_STATUS_MISALIGNED));
  }
  if (externalWeights) {
    // The header is read with 8-byte loads: alignment first.
    checkAlignment(weightsAlignment, weightsBlob, weights::kAlignment,
                   weightsHeader);
    OpBuilder h = OpBuilder::atBlockBegin(weightsHeader);
    checkWeightsHeader(h, weightsBlob, call, badWeights);
    OpBuilder w = OpBuilder::atBlockBegin(badWeights);
    LLVM::ReturnOp::create(w, loc, constI32(w, KILN_STATUS_BAD_WEIGHTS));
  }

  OpBuilder c = OpBuilder::atBlockBegin(call);
  auto status = LLVM::CallOp::create(c, loc, main, args);
  // A @main with custom calls returns their status (kiln-lower-custom-calls).
  LLVM::ReturnOp::create(c, loc,
                         status.getNumResults() == 1
                             ? status.getResult()
                             : constI32(c, KILN_STATUS_OK));
  OpBuilder i = OpBuilder::atBlockBegin(invalid);
  LLVM::ReturnOp::create(i, loc, constI32(i, KILN_STATUS_INVALID_ARGUMENT));
  b.setInsertionPointToEnd(module.getBody());
  return run;
}

LLVM::GlobalOp EntryPointBuilder::buildString(StringRef symbol,
                                              StringRef text) {
  std::string bytes = text.str();
  bytes.push_back('\0');
  auto type = LLVM::LLVMArrayType::get(b.getI8Type(), bytes.size());
  return LLVM::GlobalOp::create(b, loc, type, /*isConstant=*/true,
                                LLVM::Linkage::Private, symbol,
                                b.getStringAttr(bytes));
}

LLVM::GlobalOp
EntryPointBuilder::buildTensorInfos(StringRef kind,
                                    ArrayRef<TensorSignature> tensors) {
  if (tensors.empty())
    return {};
  std::string prefix = sig.name + "__kiln_" + kind.str();
  SmallVector<LLVM::GlobalOp> names, shapes;
  for (auto [index, t] : llvm::enumerate(tensors)) {
    std::string base = prefix + std::to_string(index);
    names.push_back(buildString(base + "_name", t.name));
    if (t.shape.empty()) {
      shapes.push_back({});
      continue;
    }
    auto shapeType =
        RankedTensorType::get({static_cast<int64_t>(t.shape.size())}, i64);
    shapes.push_back(LLVM::GlobalOp::create(
        b, loc, LLVM::LLVMArrayType::get(i64, t.shape.size()),
        /*isConstant=*/true, LLVM::Linkage::Private, base + "_shape",
        DenseElementsAttr::get(shapeType, ArrayRef<int64_t>(t.shape)),
        /*alignment=*/8));
  }
  auto arrayType = LLVM::LLVMArrayType::get(tensorInfoType, tensors.size());
  auto array =
      LLVM::GlobalOp::create(b, loc, arrayType, /*isConstant=*/true,
                             LLVM::Linkage::Private, prefix + "s", Attribute());
  initialize(array, [&](OpBuilder &ib) -> Value {
    Value result = LLVM::UndefOp::create(ib, loc, arrayType);
    for (auto [index, t] : llvm::enumerate(tensors)) {
      int64_t i = static_cast<int64_t>(index);
      Value info = LLVM::UndefOp::create(ib, loc, tensorInfoType);
      Value fields[] = {LLVM::AddressOfOp::create(ib, loc, names[index]),
                        constI32(ib, static_cast<int32_t>(t.dtype)),
                        constI32(ib, static_cast<int64_t>(t.shape.size())),
                        addressOrNull(ib, shapes[index]),
                        constI64(ib, static_cast<int64_t>(t.sizeBytes))};
      for (auto [pos, field] : llvm::enumerate(fields))
        info = LLVM::InsertValueOp::create(ib, loc, info, field,
                                           static_cast<int64_t>(pos));
      result = LLVM::InsertValueOp::create(ib, loc, result, info, i);
    }
    return result;
  });
  return array;
}

void EntryPointBuilder::buildInfo(LLVM::LLVMFuncOp run) {
  LLVM::GlobalOp name = buildString(sig.name + "__kiln_model_name", sig.name);
  LLVM::GlobalOp inputs = buildTensorInfos("input", sig.inputs);
  LLVM::GlobalOp outputs = buildTensorInfos("output", sig.outputs);
  auto info =
      LLVM::GlobalOp::create(b, loc, modelInfoType,
                             /*isConstant=*/true, LLVM::Linkage::External,
                             sig.name + "_info", Attribute());
  initialize(info, [&](OpBuilder &ib) -> Value {
    Value fields[] = {constI32(ib, KILN_ABI_VERSION),
                      constI32(ib, static_cast<int64_t>(sig.inputs.size())),
                      constI32(ib, static_cast<int64_t>(sig.outputs.size())),
                      constI32(ib, 0),
                      LLVM::AddressOfOp::create(ib, loc, name),
                      addressOrNull(ib, inputs),
                      addressOrNull(ib, outputs),
                      constI64(ib, static_cast<int64_t>(sig.workspaceSize)),
                      constI64(ib, static_cast<int64_t>(sig.workspaceAlign)),
                      run ? Value(LLVM::AddressOfOp::create(ib, loc, run))
                          : Value(LLVM::ZeroOp::create(ib, loc, ptrType))};
    Value result = LLVM::UndefOp::create(ib, loc, modelInfoType);
    for (auto [pos, field] : llvm::enumerate(fields))
      result = LLVM::InsertValueOp::create(ib, loc, result, field,
                                           static_cast<int64_t>(pos));
    return result;
  });
}

struct GenerateEntryPoint : impl::GenerateEntryPointBase<GenerateEntryPoint> {
  void runOnOperation() override;
};

void GenerateEntryPoint::runOnOperation() {
  ModuleOp module = getOperation();
  FailureOr<ModelSignature> sig = readModelSignature(module);
  if (failed(sig))
    return signalPassFailure();
  // The runtime masks the address with align - 1.
  if (!llvm::isPowerOf2_64(sig->workspaceAlign)) {
    module.emitError("workspace alignment ")
        << sig->workspaceAlign << " is not a power of two";
    return signalPassFailure();
  }

  auto main = module.lookupSymbol<LLVM::LLVMFuncOp>(kEntryFunction);
  if (!main || main.isExternal()) {
    module.emitError("expected a defined LLVM function '@")
        << kEntryFunction << "'";
    return signalPassFailure();
  }
  LLVM::LLVMFunctionType type = main.getFunctionType();
  // Inputs, outputs, the workspace and, for --weights-file, the weights.
  bool externalWeights = sig->weights.placement == WeightsPlacement::File;
  size_t expected =
      sig->inputs.size() + sig->outputs.size() + 1 + (externalWeights ? 1 : 0);
  bool allPointers = llvm::all_of(
      type.getParams(), [](Type t) { return isa<LLVM::LLVMPointerType>(t); });
  Type returnType = type.getReturnType();
  bool returnsStatus = returnType.isInteger(32);
  if (type.getNumParams() != expected || !allPointers ||
      (!isa<LLVM::LLVMVoidType>(returnType) && !returnsStatus) ||
      type.isVarArg()) {
    main.emitError("expected @")
        << kEntryFunction << " to take " << expected
        << " pointers (inputs, outputs, workspace"
        << (externalWeights ? ", weights" : "")
        << ") and return nothing or an i32 status, got " << type;
    return signalPassFailure();
  }

  // Reentrancy: two threads with two workspaces may run the same model.
  bool writable = false;
  for (auto global : module.getOps<LLVM::GlobalOp>()) {
    if (!global.getConstant()) {
      global.emitError("writable global in generated code");
      writable = true;
    }
  }
  if (writable)
    return signalPassFailure();

  std::string mainName = sig->name + "_main";
  std::string runName =
      sig->name + (externalWeights ? "_run_with_weights" : "_run");
  for (const std::string &symbol : {mainName, runName, sig->name + "_info"}) {
    if (module.lookupSymbol(symbol)) {
      module.emitError("symbol '") << symbol << "' is already defined";
      return signalPassFailure();
    }
  }
  if (failed(SymbolTable::replaceAllSymbolUses(
          main, StringAttr::get(&getContext(), mainName), module))) {
    main.emitError("cannot rename @") << kEntryFunction;
    return signalPassFailure();
  }
  main.setSymName(mainName);
  // Inputs, outputs and workspace are distinct buffers by contract.
  for (unsigned i = 0; i < type.getNumParams(); ++i)
    main.setArgAttr(i, LLVM::LLVMDialect::getNoAliasAttrName(),
                    UnitAttr::get(&getContext()));

  // Only the run function and NAME_info are exported, so two models link
  // together.
  // Nothing throws: nounwind keeps unwind tables (and, on ARM, references to
  // the __aeabi_unwind_cpp personality routines) out of firmware objects.
  for (auto func : module.getOps<LLVM::LLVMFuncOp>()) {
    if (func.isExternal())
      continue;
    func.setLinkage(LLVM::Linkage::Internal);
    func.setNoUnwind(true);
  }
  for (auto global : module.getOps<LLVM::GlobalOp>()) {
    bool defined = global.getValueAttr() || !global.getInitializer().empty();
    if (defined && global.getLinkage() != LLVM::Linkage::Private)
      global.setLinkage(LLVM::Linkage::Internal);
  }

  EntryPointBuilder builder(module, *sig);
  LLVM::LLVMFuncOp run = builder.buildRun(main);
  builder.buildInfo(externalWeights ? LLVM::LLVMFuncOp() : run);
}

} // namespace
} // namespace kiln::codegen
