//===- DictionaryReader.h - Validated reads of a dictionary --*- C++ -*-===//
//
// Reads the fields of a dictionary attribute that configures the compiler
// (`kiln.target`, `kiln.schedule`) one by one, with a uniform message for
// the first problem:
//   malformed 'kiln.schedule': key 'mr' must be at least 1, got 0
// Every read after the first failure is skipped and returns a neutral value,
// so a caller reads all its fields straight through and checks failed() once.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_SUPPORT_DICTIONARYREADER_H
#define KILN_SUPPORT_DICTIONARYREADER_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/Twine.h"

#include <cstdint>
#include <optional>
#include <string>

namespace kiln {

class DictionaryReader {
public:
  /// `attrName` names the dictionary in messages (e.g. "kiln.target").
  DictionaryReader(mlir::DictionaryAttr dict, llvm::StringRef attrName,
                   llvm::function_ref<mlir::InFlightDiagnostic()> emitError)
      : dict(dict), attrName(attrName), emitError(emitError) {}

  bool failed() const { return hasFailed; }

  /// Reports `message` about `key` (the first report wins).
  void fail(llvm::StringRef key, const llvm::Twine &message);

  /// Fails on the first key of the dictionary that is not in `known`, with
  /// "is not <what>" (e.g. "a target property").
  void rejectUnknownKeys(llvm::ArrayRef<llvm::StringRef> known,
                         llvm::StringRef what);

  /// Required fields: a missing key fails with "is missing".
  std::string getString(llvm::StringRef key);
  bool getBool(llvm::StringRef key);
  /// An i64 integer of at least `min`.
  int64_t getInt(llvm::StringRef key, int64_t min);

  /// An optional field: nullopt when absent (or after a failure).
  std::optional<bool> getOptionalBool(llvm::StringRef key);
  /// An optional i64 integer of at least `min`.
  std::optional<int64_t> getOptionalInt(llvm::StringRef key, int64_t min);
  std::optional<std::string> getOptionalString(llvm::StringRef key);

private:
  /// The field `key` as an `AttrTy`; null (having failed) when it is
  /// missing and `required`, or of another kind.
  template <typename AttrTy>
  AttrTy lookup(llvm::StringRef key, llvm::StringRef what, bool required);

  mlir::DictionaryAttr dict;
  llvm::StringRef attrName;
  llvm::function_ref<mlir::InFlightDiagnostic()> emitError;
  bool hasFailed = false;
};

} // namespace kiln

#endif // KILN_SUPPORT_DICTIONARYREADER_H
