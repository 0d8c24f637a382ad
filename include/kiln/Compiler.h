//===- Compiler.h - Kiln's C++ compiler API ---------------------*- C++ -*-===//
//
// The contract between Kiln's phases. The importer produces a module in the
// `graph` dialect whose entry function carries the model's signature; the
// pipelines lower it; lib/Target turns the LLVM dialect into artifacts.
//
// Module conventions after import (kept through every phase):
//   module attributes {kiln.model_name = "net"} {
//     func.func @main(%arg0: tensor<1x3x224x224xf32> {kiln.name = "image"})
//         -> (tensor<1x1000xf32> {kiln.name = "logits"})
//   }
// After bufferization @main becomes
//   func.func @main(<inputs as memrefs>, <outputs as memrefs>,
//                   %workspace: memref<Nxi8>)
// with `kiln.workspace_size` (i64, bytes) set on the module.
// After LLVM lowering the module also defines the ABI entry point
// `<name>_run` and the constant `<name>_info` (see runtime/include/kiln_runtime.h).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_H
#define KILN_COMPILER_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <cstdint>
#include <string>
#include <vector>

namespace kiln {

/// Attribute names shared by every phase.
namespace attrs {
inline constexpr llvm::StringLiteral kModelName = "kiln.model_name";
inline constexpr llvm::StringLiteral kName = "kiln.name";
inline constexpr llvm::StringLiteral kWorkspaceSize = "kiln.workspace_size";
inline constexpr llvm::StringLiteral kWorkspaceAlign = "kiln.workspace_align";
/// The most bytes live at once in the workspace (i64): what any plan needs.
inline constexpr llvm::StringLiteral kWorkspaceLowerBound =
    "kiln.workspace_lower_bound";
/// The workspace plan, one dictionary per buffer: {offset, size, first,
/// last[, name]} (first/last: live steps of @main); read by --report.
inline constexpr llvm::StringLiteral kWorkspacePlan = "kiln.workspace_plan";
} // namespace attrs

/// Name of the model's entry function in every phase before the ABI wrapper.
inline constexpr llvm::StringLiteral kEntryFunction = "main";

/// The alignment, in bytes, of the workspace and of every buffer in it.
inline constexpr uint64_t kWorkspaceAlignment = 64;

/// Data types, numbered as ONNX's TensorProto.DataType (and kiln_dtype).
enum class DType : int32_t {
  Undefined = 0, F32 = 1, U8 = 2, I8 = 3, U16 = 4, I16 = 5, I32 = 6, I64 = 7,
  Bool = 9, F16 = 10, F64 = 11, U32 = 12, U64 = 13, BF16 = 16,
};

/// One input or output of a compiled model.
struct TensorSignature {
  std::string name;       ///< ONNX tensor name.
  std::string cName;      ///< C identifier used in the generated header.
  DType dtype = DType::Undefined;
  std::vector<int64_t> shape;
  uint64_t sizeBytes = 0;
};

/// The signature of a compiled model, read off the module.
struct ModelSignature {
  std::string name;       ///< C identifier prefix (`net` -> `net_run`).
  std::vector<TensorSignature> inputs;
  std::vector<TensorSignature> outputs;
  uint64_t workspaceSize = 0;
  uint64_t workspaceAlign = kWorkspaceAlignment;
};

/// Options of one compile; the CLI flags of `kiln compile` map onto these.
struct CompileOptions {
  std::string name;          ///< Model name; empty: the file's stem.
  std::string target;        ///< LLVM triple or short name; empty: the host.
  std::string cpu = "native";
  int optLevel = 2;          ///< 0..3
  /// Allow graph rewrites that change floating-point results (x*0 -> 0, ...).
  bool fastMath = false;
};

/// What a compile produces in memory; lib/Driver writes it to files.
struct CompiledModel {
  ModelSignature signature;
  std::string object;        ///< Relocatable object (ELF) bytes.
  std::string header;        ///< The generated NAME.h text.
};

/// Imports, optimizes, lowers and emits the model at `path` (binary .onnx or
/// ONNX text). Thread-compatible: each call uses its own MLIRContext. On
/// failure the error holds every diagnostic, one per line.
llvm::Expected<CompiledModel> compileModelFile(llvm::StringRef path,
                                               const CompileOptions &options);

} // namespace kiln

#endif // KILN_COMPILER_H
