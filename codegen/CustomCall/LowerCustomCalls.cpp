//===- LowerCustomCalls.cpp - graph.custom_call to a C call ---------------===//
//
// Implements kiln-lower-custom-calls. The descriptors a call passes live on
// the stack (they hold this run's buffer addresses); everything constant
// (shapes, attributes, their names) is a private read-only global, so the
// model keeps no writable globals. A failing call returns its status from
// @main at once, which kiln-generate-entry-point passes on from NAME_run;
// a graph.runtime_check whose (reduced, memref<i1>) condition is false does
// the same, through the same error block.
//
//===----------------------------------------------------------------------===//

#include "kiln/Codegen/CustomCall.h"
#include "kiln/Codegen/CustomCallPasses.h"

#include "dialects/Graph/IR/GraphOps.h"
#include "kiln/Compiler.h"
#include "kiln/Support/ModelSignature.h"
#include "kiln_runtime.h"

#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/SymbolTable.h"

namespace kiln::codegen {

#define GEN_PASS_DEF_LOWERCUSTOMCALLS
#include "codegen/CustomCall/Passes.h.inc"

using namespace mlir;

namespace {

/// kiln_custom_attr_kind of runtime/include/kiln_custom_op.h.
enum AttrKind : int32_t { Int = 1, Float = 2, String = 3, Ints = 4, Floats = 5 };

/// Lowers the custom calls of one module.
class CallLowering {
public:
  explicit CallLowering(ModuleOp module)
      : module(module), symbols(module), ctx(module.getContext()),
        loc(module.getLoc()), ptrType(LLVM::LLVMPointerType::get(ctx)),
        i32(IntegerType::get(ctx, 32)), i64(IntegerType::get(ctx, 64)),
        tensorType(LLVM::LLVMStructType::getLiteral(
            ctx, {ptrType, i32, i32, ptrType})),
        attrType(LLVM::LLVMStructType::getLiteral(
            ctx, {ptrType, i32, i32, ptrType, ptrType, ptrType})),
        attrsType(LLVM::LLVMStructType::getLiteral(ctx, {i32, ptrType})) {}

  /// Rewrites every call and check in `main`, which then returns an i32
  /// status.
  LogicalResult run(func::FuncOp main, ArrayRef<graph::CustomCallOp> calls,
                    ArrayRef<graph::RuntimeCheckOp> checks);

private:
  LogicalResult lowerCall(graph::CustomCallOp call, func::FuncOp main,
                          Block *errorBlock, unsigned index);
  void lowerCheck(graph::RuntimeCheckOp check, Block *errorBlock);
  /// Ends `op`'s block after `op` with a branch to `errorBlock` when
  /// `failed` holds, else to the rest of the block.
  void branchOnFailure(Operation *op, Value failed, Block *errorBlock);
  FailureOr<LLVM::LLVMFuncOp> declareCallee(graph::CustomCallOp call);
  /// A stack array of kiln_custom_tensor for `buffers`, or a null pointer.
  Value buildDescriptors(OpBuilder &b, Block *entryBlock, ValueRange buffers,
                         ArrayRef<int32_t> dtypes, const std::string &prefix);
  LLVM::GlobalOp buildAttrs(graph::CustomCallOp call,
                            const std::string &prefix);

  /// Adds `global` to the module under a name no other symbol has.
  LLVM::GlobalOp addGlobal(Type type, StringRef name, Attribute value) {
    OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
    auto global =
        LLVM::GlobalOp::create(b, loc, type, /*isConstant=*/true,
                               LLVM::Linkage::Private, name, value,
                               /*alignment=*/8);
    symbols.insert(global);
    return global;
  }
  /// A NUL-terminated string constant.
  LLVM::GlobalOp addString(StringRef name, StringRef text) {
    std::string bytes = text.str();
    bytes.push_back('\0');
    return addGlobal(LLVM::LLVMArrayType::get(IntegerType::get(ctx, 8),
                                              bytes.size()),
                     name, StringAttr::get(ctx, bytes));
  }
  /// A constant array global of `values`, or null when empty.
  template <typename T>
  LLVM::GlobalOp addArray(StringRef name, Type elementType,
                          ArrayRef<T> values) {
    if (values.empty())
      return {};
    auto type = RankedTensorType::get({static_cast<int64_t>(values.size())},
                                      elementType);
    return addGlobal(LLVM::LLVMArrayType::get(elementType, values.size()),
                     name, DenseElementsAttr::get(type, values));
  }
  Value addressOrNull(OpBuilder &b, LLVM::GlobalOp global) {
    if (!global)
      return LLVM::ZeroOp::create(b, loc, ptrType);
    return LLVM::AddressOfOp::create(b, loc, global);
  }
  Value constI32(OpBuilder &b, int64_t v) {
    return LLVM::ConstantOp::create(b, loc, i32, v);
  }

  ModuleOp module;
  SymbolTable symbols;
  MLIRContext *ctx;
  Location loc;
  Type ptrType, i32, i64;
  LLVM::LLVMStructType tensorType, attrType, attrsType;
};

FailureOr<LLVM::LLVMFuncOp>
CallLowering::declareCallee(graph::CustomCallOp call) {
  StringRef name = call.getCallee();
  auto type =
      LLVM::LLVMFunctionType::get(i32, {ptrType, i32, ptrType, i32, ptrType});
  if (Operation *existing = symbols.lookup(name)) {
    auto func = dyn_cast<LLVM::LLVMFuncOp>(existing);
    if (func && func.isExternal() && func.getFunctionType() == type)
      return func;
    return call.emitOpError("custom op function '")
           << name << "' has the name of another symbol of the model";
  }
  OpBuilder b = OpBuilder::atBlockBegin(module.getBody());
  auto func = LLVM::LLVMFuncOp::create(b, loc, name, type);
  symbols.insert(func);
  return func;
}

Value CallLowering::buildDescriptors(OpBuilder &b, Block *entryBlock,
                                     ValueRange buffers,
                                     ArrayRef<int32_t> dtypes,
                                     const std::string &prefix) {
  if (buffers.empty())
    return LLVM::ZeroOp::create(b, loc, ptrType);
  auto arrayType = LLVM::LLVMArrayType::get(tensorType, buffers.size());
  // At the top of @main: one stack slot per call, however often it runs.
  OpBuilder entry = OpBuilder::atBlockBegin(entryBlock);
  Value one = LLVM::ConstantOp::create(entry, loc, i64, 1);
  Value array = LLVM::AllocaOp::create(entry, loc, ptrType, arrayType, one,
                                       /*alignment=*/8);
  for (auto [i, buffer] : llvm::enumerate(buffers)) {
    auto type = cast<MemRefType>(buffer.getType());
    Value address =
        memref::ExtractAlignedPointerAsIndexOp::create(b, loc, buffer);
    Value asInteger = arith::IndexCastOp::create(b, loc, i64, address);
    Value data = LLVM::IntToPtrOp::create(b, loc, ptrType, asInteger);
    LLVM::GlobalOp shape = addArray<int64_t>(
        prefix + "_shape" + std::to_string(i), i64, type.getShape());
    Value fields[] = {data, constI32(b, dtypes[i]),
                      constI32(b, type.getRank()), addressOrNull(b, shape)};
    for (auto [f, field] : llvm::enumerate(fields)) {
      Value slot = LLVM::GEPOp::create(
          b, loc, ptrType, arrayType, array,
          ArrayRef<LLVM::GEPArg>{0, static_cast<int32_t>(i),
                                 static_cast<int32_t>(f)});
      LLVM::StoreOp::create(b, loc, field, slot);
    }
  }
  return array;
}

LLVM::GlobalOp CallLowering::buildAttrs(graph::CustomCallOp call,
                                        const std::string &prefix) {
  // One entry per attribute: its name, kind, count and value arrays.
  struct Entry {
    LLVM::GlobalOp name, ints, floats, string;
    int32_t kind = 0, count = 0;
  };
  SmallVector<Entry> entries;
  DictionaryAttr attrs = call.getOpAttrsAttr();
  for (auto [j, attr] : llvm::enumerate(attrs ? attrs.getValue()
                                              : ArrayRef<NamedAttribute>())) {
    Entry e;
    std::string base = prefix + "_attr" + std::to_string(j);
    e.name = addString(base + "_name", attr.getName().getValue());
    Attribute value = attr.getValue();
    if (auto integer = dyn_cast<IntegerAttr>(value)) {
      e.kind = Int;
      e.count = 1;
      e.ints = addArray<int64_t>(base + "_ints", i64, {integer.getInt()});
    } else if (auto real = dyn_cast<FloatAttr>(value)) {
      e.kind = Float;
      e.count = 1;
      float f = real.getValue().convertToFloat();
      e.floats = addArray<float>(base + "_floats", Float32Type::get(ctx), {f});
    } else if (auto text = dyn_cast<StringAttr>(value)) {
      e.kind = String;
      e.count = static_cast<int32_t>(text.size());
      e.string = addString(base + "_string", text.getValue());
    } else if (auto ints = dyn_cast<DenseI64ArrayAttr>(value)) {
      e.kind = Ints;
      e.count = static_cast<int32_t>(ints.size());
      e.ints = addArray<int64_t>(base + "_ints", i64, ints.asArrayRef());
    } else {
      auto floats = cast<DenseF32ArrayAttr>(value);
      e.kind = Floats;
      e.count = static_cast<int32_t>(floats.size());
      e.floats = addArray<float>(base + "_floats", Float32Type::get(ctx),
                                 floats.asArrayRef());
    }
    entries.push_back(e);
  }

  auto initialize = [&](LLVM::GlobalOp global, auto fill) {
    Block *block = new Block();
    global.getInitializerRegion().push_back(block);
    OpBuilder b = OpBuilder::atBlockBegin(block);
    LLVM::ReturnOp::create(b, loc, fill(b));
  };
  LLVM::GlobalOp list;
  if (!entries.empty()) {
    auto listType = LLVM::LLVMArrayType::get(attrType, entries.size());
    list = addGlobal(listType, prefix + "_attr_list", Attribute());
    initialize(list, [&](OpBuilder &b) -> Value {
      Value result = LLVM::UndefOp::create(b, loc, listType);
      for (auto [j, e] : llvm::enumerate(entries)) {
        Value fields[] = {addressOrNull(b, e.name), constI32(b, e.kind),
                          constI32(b, e.count),    addressOrNull(b, e.ints),
                          addressOrNull(b, e.floats),
                          addressOrNull(b, e.string)};
        Value entry = LLVM::UndefOp::create(b, loc, attrType);
        for (auto [f, field] : llvm::enumerate(fields))
          entry = LLVM::InsertValueOp::create(b, loc, entry, field,
                                              static_cast<int64_t>(f));
        result = LLVM::InsertValueOp::create(b, loc, result, entry,
                                             static_cast<int64_t>(j));
      }
      return result;
    });
  }
  LLVM::GlobalOp header = addGlobal(attrsType, prefix + "_attrs", Attribute());
  initialize(header, [&](OpBuilder &b) -> Value {
    Value result = LLVM::UndefOp::create(b, loc, attrsType);
    result = LLVM::InsertValueOp::create(
        b, loc, result, constI32(b, static_cast<int64_t>(entries.size())),
        ArrayRef<int64_t>{0});
    return LLVM::InsertValueOp::create(b, loc, result, addressOrNull(b, list),
                                       ArrayRef<int64_t>{1});
  });
  return header;
}

LogicalResult CallLowering::lowerCall(graph::CustomCallOp call,
                                      func::FuncOp main, Block *errorBlock,
                                      unsigned index) {
  FailureOr<LLVM::LLVMFuncOp> callee = declareCallee(call);
  if (failed(callee))
    return failure();
  size_t numInputs = call.getInputs().size();
  size_t numOutputs = call.getOutputs().size();
  SmallVector<int32_t> dtypes;
  if (auto recorded =
          call->getAttrOfType<DenseI32ArrayAttr>(kCustomCallDTypesAttr)) {
    if (recorded.size() != static_cast<int64_t>(numInputs + numOutputs))
      return call.emitOpError("'")
             << kCustomCallDTypesAttr << "' has " << recorded.size()
             << " entries, expected one per input and output";
    llvm::append_range(dtypes, recorded.asArrayRef());
  } else {
    for (Value buffer : llvm::concat<Value>(call.getInputs(),
                                            call.getOutputs())) {
      Type element = cast<MemRefType>(buffer.getType()).getElementType();
      DType dtype = dtypeOf(element);
      if (dtype == DType::Undefined)
        return call.emitOpError("element type ")
               << element << " has no kiln_dtype";
      dtypes.push_back(static_cast<int32_t>(dtype));
    }
  }

  std::string prefix = "__kiln_custom_call" + std::to_string(index);
  OpBuilder b(call);
  Block *entry = &main.getBody().front();
  Value inputs = buildDescriptors(b, entry, call.getInputs(),
                                  ArrayRef(dtypes).take_front(numInputs),
                                  prefix + "_in");
  Value outputs = buildDescriptors(b, entry, call.getOutputs(),
                                   ArrayRef(dtypes).drop_front(numInputs),
                                   prefix + "_out");
  LLVM::GlobalOp attrs = buildAttrs(call, prefix);
  Value args[] = {inputs, constI32(b, static_cast<int64_t>(numInputs)),
                  outputs, constI32(b, static_cast<int64_t>(numOutputs)),
                  LLVM::AddressOfOp::create(b, loc, attrs)};
  auto status = LLVM::CallOp::create(b, call.getLoc(), *callee, args);
  Value failedCall =
      LLVM::ICmpOp::create(b, call.getLoc(), LLVM::ICmpPredicate::ne,
                           status.getResult(), constI32(b, 0));
  branchOnFailure(call, failedCall, errorBlock);
  call.erase();
  return success();
}

void CallLowering::branchOnFailure(Operation *op, Value failed,
                                   Block *errorBlock) {
  Block *block = op->getBlock();
  Block *rest = block->splitBlock(std::next(op->getIterator()));
  OpBuilder b = OpBuilder::atBlockEnd(block);
  cf::CondBranchOp::create(b, op->getLoc(), failed, errorBlock, ValueRange(),
                           rest, ValueRange());
}

void CallLowering::lowerCheck(graph::RuntimeCheckOp check, Block *errorBlock) {
  OpBuilder b(check);
  Location checkLoc = check.getLoc();
  Value holds = memref::LoadOp::create(b, checkLoc, check.getCondition(),
                                       ValueRange());
  Value yes = arith::ConstantIntOp::create(b, checkLoc, b.getI1Type(), 1);
  Value failedCheck = arith::XOrIOp::create(b, checkLoc, holds, yes);
  branchOnFailure(check, failedCheck, errorBlock);
  check.erase();
}

LogicalResult CallLowering::run(func::FuncOp main,
                                ArrayRef<graph::CustomCallOp> calls,
                                ArrayRef<graph::RuntimeCheckOp> checks) {
  if (main.getNumResults() != 0)
    return main.emitOpError("expected @")
           << kEntryFunction << " to return nothing before its status";
  // @main reports a failed call or check by returning its status early.
  main.setFunctionType(FunctionType::get(
      ctx, main.getFunctionType().getInputs(), TypeRange{i32}));
  SmallVector<func::ReturnOp> returns;
  main.walk([&](func::ReturnOp ret) { returns.push_back(ret); });
  for (func::ReturnOp ret : returns) {
    OpBuilder b(ret);
    Value ok = arith::ConstantIntOp::create(b, ret.getLoc(), i32,
                                            KILN_STATUS_OK);
    func::ReturnOp::create(b, ret.getLoc(), ValueRange{ok});
    ret.erase();
  }
  Block *errorBlock = new Block();
  main.getBody().push_back(errorBlock);
  OpBuilder e = OpBuilder::atBlockBegin(errorBlock);
  Value error = arith::ConstantIntOp::create(e, loc, i32,
                                             KILN_STATUS_RUNTIME_ERROR);
  func::ReturnOp::create(e, loc, ValueRange{error});

  for (auto [index, call] : llvm::enumerate(calls))
    if (failed(lowerCall(call, main, errorBlock, index)))
      return failure();
  for (graph::RuntimeCheckOp check : checks)
    lowerCheck(check, errorBlock);
  return success();
}

struct LowerCustomCalls : impl::LowerCustomCallsBase<LowerCustomCalls> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<graph::CustomCallOp> calls;
    bool invalid = false;
    module.walk([&](graph::CustomCallOp call) {
      if (!call.hasBufferSemantics()) {
        call.emitOpError("must be bufferized before kiln-lower-custom-calls");
        invalid = true;
        return;
      }
      calls.push_back(call);
    });
    SmallVector<graph::RuntimeCheckOp> checks;
    module.walk([&](graph::RuntimeCheckOp check) {
      auto type = dyn_cast<MemRefType>(check.getCondition().getType());
      if (!type || type.getRank() != 0) {
        check.emitOpError("must be bufferized to a memref<i1> condition "
                          "before kiln-lower-custom-calls");
        invalid = true;
        return;
      }
      checks.push_back(check);
    });
    if (invalid)
      return signalPassFailure();
    if (calls.empty() && checks.empty())
      return;
    auto main = module.lookupSymbol<func::FuncOp>(kEntryFunction);
    auto outsideMain = [&](Operation *op) {
      if (main && op->getParentOp() == main)
        return false;
      op->emitOpError("must be at the top level of @")
          << kEntryFunction << " to be lowered";
      return true;
    };
    if (llvm::any_of(calls, outsideMain) || llvm::any_of(checks, outsideMain))
      return signalPassFailure();
    CallLowering lowering(module);
    if (failed(lowering.run(main, calls, checks)))
      signalPassFailure();
  }
};

} // namespace
} // namespace kiln::codegen
