//===- CustomOps.h - Custom-op descriptions ---------------------*- C++ -*-===//
//
// A custom-op description file tells Kiln how an ONNX op of a user domain
// compiles: which C function implements it and the dtype and shape of each
// output (docs/custom-ops.md):
//
//   {"custom_ops": [
//     {"domain": "com.acme", "op_type": "Swizzle", "function": "acme_swizzle",
//      "inputs": 1, "outputs": [{"like_input": 0}]}]}
//
// An output rule takes the dtype and shape of input `like_input`, and/or
// gives `dtype` (an ONNX type name: "float32", "int64", ...) and `shape` (a
// list of dims) explicitly; explicit fields override the copied ones.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_IMPORTER_CUSTOMOPS_H
#define KILN_IMPORTER_CUSTOMOPS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kiln::importer {

/// How one output's dtype and shape are derived.
struct CustomOutputRule {
  /// Copy dtype and shape from this input (0-based).
  std::optional<unsigned> likeInput;
  /// ONNX TensorProto.DataType of the output.
  std::optional<int32_t> dtype;
  /// Static dims of the output.
  std::optional<std::vector<int64_t>> shape;
};

/// One custom op: an ONNX (domain, op type) and the C function for it.
struct CustomOpDescription {
  std::string domain;
  std::string opType;
  /// The C symbol the compiled model calls.
  std::string function;
  /// The number of inputs nodes must have; any when absent.
  std::optional<unsigned> numInputs;
  /// One rule per output, in order.
  std::vector<CustomOutputRule> outputs;
  /// The file (or other source) the description came from, for messages.
  std::string source;
};

/// The custom ops of one compile, from any number of description files.
class CustomOpTable {
public:
  /// Adds the ops described by the JSON `text`; `source` names it in errors.
  /// Fails on malformed descriptions, unknown keys, ONNX's own domains and
  /// ops already described.
  llvm::Error addFromJSON(llvm::StringRef text, llvm::StringRef source);
  /// Reads the file at `path` and adds its ops (see addFromJSON).
  llvm::Error addFromFile(llvm::StringRef path);
  /// addFromFile for each of `paths`, in order; stops at the first error.
  llvm::Error addFromFiles(llvm::ArrayRef<std::string> paths);

  /// The description of `domain::opType`, or null.
  const CustomOpDescription *lookup(llvm::StringRef domain,
                                    llvm::StringRef opType) const;
  const std::vector<CustomOpDescription> &ops() const { return entries; }
  bool empty() const { return entries.empty(); }

private:
  std::vector<CustomOpDescription> entries;
};

/// The ONNX TensorProto.DataType named `name` ("float32" or "float",
/// "float16", "bfloat16", "float64" or "double", "int8".."int64",
/// "uint8".."uint64", "bool"), or nullopt.
std::optional<int32_t> parseDTypeName(llvm::StringRef name);

} // namespace kiln::importer

#endif // KILN_IMPORTER_CUSTOMOPS_H
