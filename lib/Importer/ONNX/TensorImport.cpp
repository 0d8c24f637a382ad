//===- TensorImport.cpp - ONNX types and tensors as MLIR ------------------===//
//
// A TensorProto stores its elements in one of several fields. raw_data and
// the float/int64/double/uint64 fields (and int32_data for int32) are
// contiguous arrays of the element type, so large tensors are referenced in
// place through a resource blob. int32_data also carries the narrow types
// (int8, uint16, float16 bits, ...) one per 32-bit slot: those are repacked.
//
//===----------------------------------------------------------------------===//

#include "TensorImport.h"
#include "ModelLoader.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/SwapByteOrder.h"

#include <cstring>

using namespace mlir;
using llvm::Expected;

namespace kiln::importer {

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

Type elementTypeFor(int32_t dataType, MLIRContext *ctx) {
  using TP = onnx::TensorProto;
  auto signless = [&](unsigned w) { return IntegerType::get(ctx, w); };
  auto unsignedTy = [&](unsigned w) {
    return IntegerType::get(ctx, w, IntegerType::Unsigned);
  };
  switch (dataType) {
  case TP::FLOAT: return Float32Type::get(ctx);
  case TP::DOUBLE: return Float64Type::get(ctx);
  case TP::FLOAT16: return Float16Type::get(ctx);
  case TP::BFLOAT16: return BFloat16Type::get(ctx);
  case TP::BOOL: return signless(1);
  case TP::INT8: return signless(8);
  case TP::INT16: return signless(16);
  case TP::INT32: return signless(32);
  case TP::INT64: return signless(64);
  case TP::UINT8: return unsignedTy(8);
  case TP::UINT16: return unsignedTy(16);
  case TP::UINT32: return unsignedTy(32);
  case TP::UINT64: return unsignedTy(64);
  default: return {};
  }
}

std::string dtypeName(int32_t dataType) {
  if (!onnx::TensorProto_DataType_IsValid(dataType))
    return "<invalid dtype " + std::to_string(dataType) + ">";
  return llvm::StringRef(onnx::TensorProto_DataType_Name(dataType)).lower();
}

unsigned elementByteSize(int32_t dataType) {
  using TP = onnx::TensorProto;
  switch (dataType) {
  case TP::BOOL: case TP::INT8: case TP::UINT8: return 1;
  case TP::INT16: case TP::UINT16: case TP::FLOAT16: case TP::BFLOAT16:
    return 2;
  case TP::FLOAT: case TP::INT32: case TP::UINT32: return 4;
  case TP::DOUBLE: case TP::INT64: case TP::UINT64: case TP::COMPLEX64:
    return 8;
  case TP::COMPLEX128: return 16;
  default: return 0;
  }
}

Expected<uint64_t>
checkedElementCount(const google::protobuf::RepeatedField<int64_t> &dims) {
  uint64_t count = 1;
  for (int64_t d : dims) {
    if (d < 0)
      return makeError(llvm::formatv("negative dimension {0}", d));
    if (mulOverflows(count, static_cast<uint64_t>(d), count) ||
        count > static_cast<uint64_t>(INT64_MAX))
      return makeError("the element count overflows");
  }
  return count;
}

Expected<RankedTensorType> tensorTypeFor(const onnx::TypeProto &type,
                                         MLIRContext *ctx) {
  if (!type.has_tensor_type())
    return makeError("is not a tensor");
  const auto &tensor = type.tensor_type();
  Type elem = elementTypeFor(tensor.elem_type(), ctx);
  if (!elem)
    return makeError("has dtype " + dtypeName(tensor.elem_type()) +
                     ", which is not supported");
  if (!tensor.has_shape())
    return makeError("has no inferred shape");
  llvm::SmallVector<int64_t> shape;
  uint64_t count = 1;
  for (auto [i, dim] : llvm::enumerate(tensor.shape().dim())) {
    if (dim.has_dim_param())
      return makeError(llvm::formatv("has dynamic dim {0} ('{1}'); Kiln "
                                     "needs static shapes",
                                     i, dim.dim_param()));
    if (!dim.has_dim_value())
      return makeError(llvm::formatv("has unknown dim {0}; Kiln needs "
                                     "static shapes",
                                     i));
    if (dim.dim_value() < 0)
      return makeError(llvm::formatv("has negative dim {0}", i));
    if (mulOverflows(count, static_cast<uint64_t>(dim.dim_value()),
                          count) ||
        count > static_cast<uint64_t>(INT64_MAX))
      return makeError("has too many elements");
    shape.push_back(dim.dim_value());
  }
  return RankedTensorType::get(shape, elem);
}

//===----------------------------------------------------------------------===//
// importTensor
//===----------------------------------------------------------------------===//

/// A key for the resource section: readable and valid without quoting.
static std::string blobKey(llvm::StringRef name) {
  std::string key;
  for (char c : name)
    key.push_back(llvm::isAlnum(c) || c == '_' || c == '.' ? c : '_');
  if (key.empty() || !llvm::isAlpha(key[0]))
    key.insert(0, "onnx_");
  return key;
}

/// Repacks `values` (one element per slot) into `width`-byte little-endian
/// elements.
template <typename T>
static std::vector<char> repack(const google::protobuf::RepeatedField<T> &values,
                                unsigned width) {
  std::vector<char> out(values.size() * static_cast<size_t>(width));
  for (int i = 0; i < values.size(); ++i) {
    uint64_t v = static_cast<uint64_t>(values.Get(i));
    for (unsigned b = 0; b < width; ++b)
      out[i * static_cast<size_t>(width) + b] = static_cast<char>(v >> (8 * b));
  }
  return out;
}

Expected<llvm::ArrayRef<char>> tensorBytes(const onnx::TensorProto &tensor,
                                           const LoadedModel *model,
                                           std::vector<char> &owned) {
  using TP = onnx::TensorProto;
  int32_t dtype = tensor.data_type();
  unsigned width = elementByteSize(dtype);
  if (!width)
    return makeError("dtype " + dtypeName(dtype) + " is not supported");
  auto count = checkedElementCount(tensor.dims());
  if (!count)
    return count.takeError();
  uint64_t totalBytes;
  if (mulOverflows(*count, static_cast<uint64_t>(width), totalBytes))
    return makeError("the tensor's size overflows");

  auto fieldCount = [&](int64_t n, llvm::StringRef field) -> llvm::Error {
    if (static_cast<uint64_t>(n) != *count)
      return makeError(llvm::formatv("{0} has {1} values, the shape needs {2}",
                                     field, n, *count));
    return llvm::Error::success();
  };
  auto contiguous = [&](const auto &field,
                        llvm::StringRef name) -> Expected<llvm::ArrayRef<char>> {
    if (llvm::Error err = fieldCount(field.size(), name))
      return std::move(err);
    return llvm::ArrayRef<char>(reinterpret_cast<const char *>(field.data()),
                                field.size() * sizeof(field.Get(0)));
  };
  auto repacked = [&](const auto &field,
                      llvm::StringRef name) -> Expected<llvm::ArrayRef<char>> {
    if (llvm::Error err = fieldCount(field.size(), name))
      return std::move(err);
    owned = repack(field, width);
    return llvm::ArrayRef<char>(owned);
  };

  if (tensor.has_data_location() && tensor.data_location() == TP::EXTERNAL) {
    if (model) {
      auto it = model->externalData.find(&tensor);
      if (it != model->externalData.end())
        return it->second;
    }
    return makeError("external data was not loaded");
  }
  if (tensor.has_raw_data()) {
    const std::string &raw = tensor.raw_data();
    if (raw.size() != totalBytes)
      return makeError(llvm::formatv("raw_data has {0} bytes, the shape and "
                                     "dtype need {1}",
                                     raw.size(), totalBytes));
    return llvm::ArrayRef<char>(raw.data(), raw.size());
  }
  switch (dtype) {
  case TP::FLOAT: return contiguous(tensor.float_data(), "float_data");
  case TP::DOUBLE: return contiguous(tensor.double_data(), "double_data");
  case TP::INT64: return contiguous(tensor.int64_data(), "int64_data");
  case TP::UINT64: return contiguous(tensor.uint64_data(), "uint64_data");
  case TP::INT32: return contiguous(tensor.int32_data(), "int32_data");
  case TP::UINT32: return repacked(tensor.uint64_data(), "uint64_data");
  case TP::COMPLEX64: case TP::COMPLEX128:
    return makeError("dtype " + dtypeName(dtype) + " is not supported");
  default:
    // int8/16, uint8/16, bool, float16 and bfloat16 use one int32 slot per
    // element.
    return repacked(tensor.int32_data(), "int32_data");
  }
}

Expected<ElementsAttr> importTensor(const onnx::TensorProto &tensor,
                                   const std::shared_ptr<LoadedModel> &model,
                                   MLIRContext *ctx, llvm::StringRef nameHint) {
  int32_t dtype = tensor.data_type();
  Type elem = elementTypeFor(dtype, ctx);
  if (!elem)
    return makeError("dtype " + dtypeName(dtype) + " is not supported");
  unsigned width = elementByteSize(dtype);
  std::vector<char> owned;
  auto located = tensorBytes(tensor, model.get(), owned);
  if (!located)
    return located.takeError();
  llvm::ArrayRef<char> bytes = *located;
  bool isOwned = !owned.empty();
  auto type = RankedTensorType::get(
      llvm::SmallVector<int64_t>(tensor.dims().begin(), tensor.dims().end()),
      elem);
  int64_t count = type.getNumElements();
  if (width > 1 && llvm::sys::IsBigEndianHost)
    return makeError("multi-byte tensors need a little-endian host");

  if (elem.isInteger(1)) {
    // MLIR packs i1 in its own way; bool tensors are rare and small, so they
    // are always copied.
    llvm::SmallVector<bool> values(bytes.size());
    for (auto [i, b] : llvm::enumerate(bytes))
      values[i] = b != 0;
    return cast<ElementsAttr>(DenseElementsAttr::get(type, values));
  }
  if (count <= kMaxInlineElements)
    return cast<ElementsAttr>(DenseElementsAttr::getFromRawBuffer(type, bytes));

  AsmResourceBlob blob;
  if (isOwned) {
    auto *storage = new std::vector<char>(std::move(owned));
    blob = UnmanagedAsmResourceBlob::allocateWithAlign(
        llvm::ArrayRef<char>(*storage), width,
        [storage](void *, size_t, size_t) { delete storage; });
  } else if (reinterpret_cast<uintptr_t>(bytes.data()) % width != 0) {
    // An external file offset need not be aligned for the element type.
    blob = HeapAsmResourceBlob::allocateAndCopyWithAlign(bytes, width);
  } else {
    // Zero copy: the blob points into the model, which it keeps alive.
    blob = UnmanagedAsmResourceBlob::allocateWithAlign(
        bytes, width, [keepAlive = model](void *, size_t, size_t) {});
  }
  return cast<ElementsAttr>(DenseResourceElementsAttr::get(
      type, blobKey(nameHint.empty() ? tensor.name() : nameHint),
      std::move(blob)));
}

//===----------------------------------------------------------------------===//
// Reading constants
//===----------------------------------------------------------------------===//

/// The raw little-endian bytes of a resource-backed constant, or nullopt.
static std::optional<llvm::ArrayRef<char>> resourceBytes(ElementsAttr attr) {
  auto resource = dyn_cast<DenseResourceElementsAttr>(attr);
  if (!resource)
    return std::nullopt;
  AsmResourceBlob *blob = resource.getRawHandle().getBlob();
  if (!blob)
    return std::nullopt;
  return blob->getData();
}

/// The elements of a resource-backed constant as little-endian words of
/// `width` bytes each, or nullopt when it is not resource-backed or its size
/// does not match.
static std::optional<llvm::SmallVector<uint64_t>>
resourceWords(ElementsAttr attr, unsigned width) {
  auto bytes = resourceBytes(attr);
  if (!bytes ||
      bytes->size() != static_cast<size_t>(attr.getNumElements()) * width)
    return std::nullopt;
  llvm::SmallVector<uint64_t> words;
  for (size_t i = 0; i < bytes->size(); i += width) {
    uint64_t raw = 0;
    for (unsigned b = 0; b < width; ++b)
      raw |= static_cast<uint64_t>(static_cast<uint8_t>((*bytes)[i + b]))
             << (8 * b);
    words.push_back(raw);
  }
  return words;
}

std::optional<llvm::SmallVector<int64_t>> readIntElements(ElementsAttr attr) {
  auto intType = dyn_cast<IntegerType>(attr.getElementType());
  if (!intType)
    return std::nullopt;
  llvm::SmallVector<int64_t> values;
  if (auto dense = dyn_cast<DenseElementsAttr>(attr)) {
    if (intType.getWidth() == 1) {
      for (bool v : dense.getValues<bool>())
        values.push_back(v);
      return values;
    }
    for (const llvm::APInt &v : dense.getValues<llvm::APInt>())
      values.push_back(intType.isUnsigned() ? static_cast<int64_t>(v.getZExtValue())
                                            : v.getSExtValue());
    return values;
  }
  unsigned width = intType.getWidth() / 8;
  if (width == 0)
    return std::nullopt;
  auto words = resourceWords(attr, width);
  if (!words)
    return std::nullopt;
  for (uint64_t raw : *words) {
    if (!intType.isUnsigned() && width < 8)
      raw = static_cast<uint64_t>(llvm::SignExtend64(raw, width * 8));
    values.push_back(static_cast<int64_t>(raw));
  }
  return values;
}

std::optional<llvm::SmallVector<double>> readFloatElements(ElementsAttr attr) {
  Type elem = attr.getElementType();
  auto floatType = dyn_cast<FloatType>(elem);
  if (!floatType) {
    auto ints = readIntElements(attr);
    if (!ints)
      return std::nullopt;
    bool isUnsigned = elem.isUnsignedInteger();
    llvm::SmallVector<double> values;
    for (int64_t v : *ints)
      values.push_back(isUnsigned ? static_cast<double>(static_cast<uint64_t>(v))
                                  : static_cast<double>(v));
    return values;
  }
  auto toDouble = [](llvm::APFloat v) {
    bool lost;
    v.convert(llvm::APFloat::IEEEdouble(), llvm::APFloat::rmNearestTiesToEven,
              &lost);
    return v.convertToDouble();
  };
  llvm::SmallVector<double> values;
  if (auto dense = dyn_cast<DenseElementsAttr>(attr)) {
    for (const llvm::APFloat &v : dense.getValues<llvm::APFloat>())
      values.push_back(toDouble(v));
    return values;
  }
  auto words = resourceWords(attr, floatType.getWidth() / 8);
  if (!words)
    return std::nullopt;
  for (uint64_t raw : *words)
    values.push_back(toDouble(
        llvm::APFloat(floatType.getFloatSemantics(),
                      llvm::APInt(floatType.getWidth(), raw))));
  return values;
}

} // namespace kiln::importer
