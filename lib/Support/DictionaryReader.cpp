//===- DictionaryReader.cpp - Validated reads of an attribute dictionary --===//

#include "kiln/Support/DictionaryReader.h"

#include "llvm/ADT/STLExtras.h"

using namespace mlir;

namespace kiln {

void DictionaryReader::fail(llvm::StringRef key, const llvm::Twine &message) {
  if (hasFailed)
    return;
  hasFailed = true;
  emitError() << "malformed '" << attrName << "': key '" << key << "' "
              << message;
}

void DictionaryReader::rejectUnknownKeys(llvm::ArrayRef<llvm::StringRef> known,
                                         llvm::StringRef what) {
  for (NamedAttribute field : dict)
    if (!llvm::is_contained(known, field.getName().getValue())) {
      fail(field.getName().getValue(), "is not " + what);
      return;
    }
}

template <typename AttrTy>
AttrTy DictionaryReader::lookup(llvm::StringRef key, llvm::StringRef what,
                                bool required) {
  if (hasFailed)
    return {};
  Attribute attr = dict.get(key);
  if (!attr) {
    if (required)
      fail(key, "is missing");
    return {};
  }
  auto typed = dyn_cast<AttrTy>(attr);
  if (!typed)
    fail(key, "must be " + what);
  return typed;
}

std::string DictionaryReader::getString(llvm::StringRef key) {
  auto attr = lookup<StringAttr>(key, "a string", /*required=*/true);
  return attr ? attr.getValue().str() : std::string();
}

bool DictionaryReader::getBool(llvm::StringRef key) {
  auto attr = lookup<BoolAttr>(key, "a bool", /*required=*/true);
  return attr && attr.getValue();
}

int64_t DictionaryReader::getInt(llvm::StringRef key, int64_t min) {
  auto attr = lookup<IntegerAttr>(key, "an i64 integer", /*required=*/true);
  if (!attr)
    return 0;
  if (!attr.getType().isSignlessInteger(64)) {
    fail(key, "must be an i64 integer");
    return 0;
  }
  int64_t value = attr.getInt();
  if (value < min) {
    fail(key, "must be at least " + llvm::Twine(min) + ", got " +
                  llvm::Twine(value));
    return 0;
  }
  return value;
}

std::optional<bool> DictionaryReader::getOptionalBool(llvm::StringRef key) {
  if (auto attr = lookup<BoolAttr>(key, "a bool", /*required=*/false))
    return attr.getValue();
  return std::nullopt;
}

std::optional<int64_t> DictionaryReader::getOptionalInt(llvm::StringRef key,
                                                        int64_t min) {
  if (hasFailed || !dict.get(key))
    return std::nullopt;
  int64_t value = getInt(key, min);
  if (hasFailed)
    return std::nullopt;
  return value;
}

std::optional<std::string>
DictionaryReader::getOptionalString(llvm::StringRef key) {
  if (auto attr = lookup<StringAttr>(key, "a string", /*required=*/false))
    return attr.getValue().str();
  return std::nullopt;
}

} // namespace kiln
