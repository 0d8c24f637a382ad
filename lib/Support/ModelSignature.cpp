//===- ModelSignature.cpp - A model's I/O signature on the module ---------===//
#include "kiln/Support/ModelSignature.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
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

/// Reads `kiln.weights` (kiln-place-weights) into `layout`.
static LogicalResult readWeights(ModuleOp module, WeightsLayout &layout) {
  auto dict = module->getAttrOfType<DictionaryAttr>(attrs::kWeights);
  if (!dict)
    return success();
  auto malformed = [&]() {
    return module.emitError("malformed '") << attrs::kWeights << "': " << dict;
  };
  auto placement = dict.getAs<StringAttr>("placement");
  auto entries = dict.getAs<ArrayAttr>("entries");
  if (!placement || !entries)
    return malformed();
  auto intField = [](DictionaryAttr d,
                     StringRef name) -> std::optional<int64_t> {
    auto value = d.getAs<IntegerAttr>(name);
    if (!value || value.getInt() < 0)
      return std::nullopt;
    return value.getInt();
  };
  if (placement.getValue() == "section") {
    auto section = dict.getAs<StringAttr>("section");
    if (!section)
      return malformed();
    layout.placement = WeightsPlacement::Section;
    layout.section = section.str();
  } else if (placement.getValue() == "file") {
    auto size = intField(dict, "size");
    auto align = intField(dict, "align");
    auto checksum = intField(dict, "checksum");
    if (!size || !align || !checksum || *checksum > 0xffffffffll)
      return malformed();
    layout.placement = WeightsPlacement::File;
    layout.fileSize = static_cast<uint64_t>(*size);
    layout.align = static_cast<uint64_t>(*align);
    layout.checksum = static_cast<uint32_t>(*checksum);
  } else {
    return malformed();
  }
  for (Attribute a : entries) {
    auto entry = dyn_cast<DictionaryAttr>(a);
    auto symbol = entry ? entry.getAs<StringAttr>("symbol") : StringAttr();
    auto typeAttr = entry ? entry.getAs<TypeAttr>("type") : TypeAttr();
    auto type = typeAttr ? dyn_cast<RankedTensorType>(typeAttr.getValue())
                         : RankedTensorType();
    auto size = entry ? intField(entry, "size") : std::nullopt;
    auto offset = entry ? intField(entry, "offset") : std::nullopt;
    bool needsOffset = layout.placement == WeightsPlacement::File;
    if (!symbol || !type || !size || (needsOffset && !offset))
      return module.emitError("malformed '")
             << attrs::kWeights << "' entry " << a;
    WeightTensor tensor;
    tensor.symbol = symbol.str();
    tensor.dtype = dtypeOf(type.getElementType());
    tensor.shape.assign(type.getShape().begin(), type.getShape().end());
    tensor.size = static_cast<uint64_t>(*size);
    tensor.offset = offset ? static_cast<uint64_t>(*offset) : 0;
    layout.tensors.push_back(std::move(tensor));
  }
  return success();
}

llvm::ArrayRef<char> weightsFileBytes(ModuleOp module) {
  auto dict = module->getAttrOfType<DictionaryAttr>(attrs::kWeights);
  auto blob = dict ? dict.getAs<DenseResourceElementsAttr>("blob")
                   : DenseResourceElementsAttr();
  if (!blob)
    return {};
  if (AsmResourceBlob *data = blob.getRawHandle().getBlob())
    return data->getData();
  return {};
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
  if (failed(readWeights(module, sig.weights)))
    return failure();
  return sig;
}

} // namespace kiln
