//===- ModelSignature.cpp - A model's I/O signature on the module ---------===//
#include "kiln/Support/ModelSignature.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;

namespace kiln {

void recordModelSignature(ModuleOp module, func::FuncOp func,
                          llvm::StringRef modelName) {
  Builder b(module.getContext());
  auto entries = [&](TypeRange types, auto nameAt) {
    SmallVector<Attribute> list;
    for (auto [i, type] : llvm::enumerate(types)) {
      NamedAttribute fields[] = {b.getNamedAttr("name", nameAt(i)),
                                 b.getNamedAttr("type", TypeAttr::get(type))};
      list.push_back(b.getDictionaryAttr(fields));
    }
    return b.getArrayAttr(list);
  };
  auto argName = [&](unsigned i) -> Attribute {
    if (auto n = func.getArgAttrOfType<StringAttr>(i, attrs::kName))
      return n;
    return b.getStringAttr("input" + std::to_string(i));
  };
  auto resName = [&](unsigned i) -> Attribute {
    if (auto n = func.getResultAttrOfType<StringAttr>(i, attrs::kName))
      return n;
    return b.getStringAttr("output" + std::to_string(i));
  };
  module->setAttr(kInputsAttr, entries(func.getArgumentTypes(), argName));
  module->setAttr(kOutputsAttr, entries(func.getResultTypes(), resName));
  module->setAttr(attrs::kModelName, b.getStringAttr(modelName));
}

DType dtypeOf(Type t) {
  if (t.isF32()) return DType::F32;
  if (t.isF64()) return DType::F64;
  if (t.isF16()) return DType::F16;
  if (t.isBF16()) return DType::BF16;
  auto i = dyn_cast<IntegerType>(t);
  if (!i)
    return DType::Undefined;
  bool u = i.isUnsigned();
  switch (i.getWidth()) {
  case 1: return DType::Bool;
  case 8: return u ? DType::U8 : DType::I8;
  case 16: return u ? DType::U16 : DType::I16;
  case 32: return u ? DType::U32 : DType::I32;
  case 64: return u ? DType::U64 : DType::I64;
  default: return DType::Undefined;
  }
}

std::string sanitizeCIdentifier(llvm::StringRef name) {
  std::string out;
  for (char c : name)
    out.push_back(llvm::isAlnum(c) ? c : '_');
  if (out.empty() || llvm::isDigit(out[0]))
    out.insert(out.begin(), '_');
  static const char *const keywords[] = {
      "auto", "break", "case", "char", "const", "continue", "default", "do",
      "double", "else", "enum", "extern", "float", "for", "goto", "if",
      "inline", "int", "long", "register", "restrict", "return", "short",
      "signed", "sizeof", "static", "struct", "switch", "typedef", "union",
      "unsigned", "void", "volatile", "while", "_Bool", "bool", "true",
      "false", "class", "new", "delete", "this", "template", "namespace"};
  for (const char *k : keywords)
    if (out == k)
      out.push_back('_');
  return out;
}

static FailureOr<std::vector<TensorSignature>>
readTensors(ModuleOp module, StringRef attrName, llvm::StringSet<> &used) {
  auto list = module->getAttrOfType<ArrayAttr>(attrName);
  if (!list)
    return module.emitError("missing '") << attrName << "' model signature";
  std::vector<TensorSignature> tensors;
  for (Attribute a : list) {
    auto dict = dyn_cast<DictionaryAttr>(a);
    auto name = dict ? dict.getAs<StringAttr>("name") : StringAttr();
    auto typeAttr = dict ? dict.getAs<TypeAttr>("type") : TypeAttr();
    auto type = typeAttr ? dyn_cast<RankedTensorType>(typeAttr.getValue())
                         : RankedTensorType();
    if (!name || !type || !type.hasStaticShape())
      return module.emitError("malformed '") << attrName << "' entry " << a;
    TensorSignature t;
    t.name = name.str();
    t.dtype = dtypeOf(type.getElementType());
    if (t.dtype == DType::Undefined)
      return module.emitError("tensor '")
             << t.name << "' has unsupported element type "
             << type.getElementType();
    t.shape.assign(type.getShape().begin(), type.getShape().end());
    unsigned bits = type.getElementTypeBitWidth();
    t.sizeBytes = type.getNumElements() * (bits == 1 ? 1 : bits / 8);
    // Unique C names: suffix _2, _3, ... on collision.
    std::string base = sanitizeCIdentifier(t.name), c = base;
    for (int n = 2; used.contains(c); ++n)
      c = base + "_" + std::to_string(n);
    used.insert(c);
    t.cName = c;
    tensors.push_back(std::move(t));
  }
  return tensors;
}

FailureOr<ModelSignature> readModelSignature(ModuleOp module) {
  ModelSignature sig;
  auto name = module->getAttrOfType<StringAttr>(attrs::kModelName);
  if (!name)
    return module.emitError("missing '") << attrs::kModelName << "'";
  sig.name = sanitizeCIdentifier(name.getValue());
  llvm::StringSet<> used;
  auto inputs = readTensors(module, kInputsAttr, used);
  if (failed(inputs))
    return failure();
  auto outputs = readTensors(module, kOutputsAttr, used);
  if (failed(outputs))
    return failure();
  sig.inputs = std::move(*inputs);
  sig.outputs = std::move(*outputs);
  if (auto ws = module->getAttrOfType<IntegerAttr>(attrs::kWorkspaceSize))
    sig.workspaceSize = ws.getInt();
  if (auto al = module->getAttrOfType<IntegerAttr>(attrs::kWorkspaceAlign))
    sig.workspaceAlign = al.getInt();
  return sig;
}

} // namespace kiln
