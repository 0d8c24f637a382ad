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
#include <map>
#include <optional>
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
/// Where kiln-place-weights put the weights (absent: in the object's
/// read-only data): {placement = "section" | "file", entries = [{symbol,
/// type, size[, offset]}], section | size, align, checksum, format_version,
/// blob} (codegen/Weights/Passes.td).
inline constexpr llvm::StringLiteral kWeights = "kiln.weights";
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

/// Where a model's weights (its constant tensors) go: in the object's
/// read-only data, in a named linker section (`--weights-section`), or in a
/// separate NAME.weights.bin the caller loads (`--weights-file`).
enum class WeightsPlacement { Object, Section, File };

/// One constant tensor placed by kiln-place-weights.
struct WeightTensor {
  std::string symbol;     ///< The constant's symbol in the module.
  DType dtype = DType::Undefined;
  std::vector<int64_t> shape;
  uint64_t offset = 0;    ///< Byte offset in NAME.weights.bin (File only).
  uint64_t size = 0;      ///< Bytes.
};

/// The weights of a compiled model, as NAME.h describes them.
struct WeightsLayout {
  WeightsPlacement placement = WeightsPlacement::Object;
  std::string section;    ///< The linker section (Section only).
  /// File only: bytes of NAME.weights.bin, its alignment in memory, and the
  /// CRC-32 of its payload (kiln/Support/WeightsFile.h).
  uint64_t fileSize = 0;
  uint64_t align = 0;
  uint32_t checksum = 0;
  std::vector<WeightTensor> tensors; ///< Empty for Object.
};

/// The signature of a compiled model, read off the module.
struct ModelSignature {
  std::string name;       ///< C identifier prefix (`net` -> `net_run`).
  std::vector<TensorSignature> inputs;
  std::vector<TensorSignature> outputs;
  uint64_t workspaceSize = 0;
  uint64_t workspaceAlign = kWorkspaceAlignment;
  WeightsLayout weights;
};

/// Where a compile runs extra pass pipelines (`kiln compile --pass-at`), in
/// compile order. Import: right after the import, on graph IR. Graph: after
/// the graph optimizer. Schedule: after the Graph pipelines, before the
/// lowering to linalg and the schedule selection. Linalg: on linalg/tensor
/// IR, before bufferization. Bufferized: after bufferization and the
/// workspace plan, before the lowering to the LLVM dialect. LLVM: on the
/// LLVM dialect (entry point included), before translation to LLVM IR and
/// object emission.
enum class PipelineHook { Import, Graph, Schedule, Linalg, Bufferized, LLVM };

/// Parses "import", "graph", "schedule", "linalg", "bufferized", "llvm".
std::optional<PipelineHook> parsePipelineHook(llvm::StringRef name);
/// The name parsePipelineHook accepts for `hook`.
llvm::StringRef pipelineHookName(PipelineHook hook);

/// Options of one compile; the CLI flags of `kiln compile` map onto these.
struct CompileOptions {
  std::string name;          ///< Model name; empty: the file's stem.
  std::string target;        ///< LLVM triple or short name; empty: the host.
  std::string cpu = "native";
  int optLevel = 2;          ///< 0..3
  /// Cores the schedules spread work over; 0: this machine's when compiling
  /// for it, else 1 (docs/scheduling.md).
  int cores = 0;
  /// Allow graph rewrites that change floating-point results (x*0 -> 0, ...).
  bool fastMath = false;
  /// Where the weights go; `weightsSection` names the section for
  /// WeightsPlacement::Section (docs/firmware.md).
  WeightsPlacement weightsPlacement = WeightsPlacement::Object;
  std::string weightsSection;
  /// Custom-op description files: ONNX ops of user domains that compile to
  /// calls of C functions (docs/custom-ops.md).
  std::vector<std::string> customOpFiles;
  /// Pass plugins (shared libraries built with kiln/Plugin.h) to load before
  /// compiling; their passes may then appear in `extraPipelines`.
  std::vector<std::string> passPlugins;
  /// Textual pass pipelines ("canonicalize,my-pass", "func.func(cse)") run
  /// at each hook, in order (docs/writing-a-pass.md).
  std::map<PipelineHook, std::vector<std::string>> extraPipelines;
};

/// What a compile produces in memory; lib/Driver writes it to files.
struct CompiledModel {
  ModelSignature signature;
  std::string object;        ///< Relocatable object (ELF) bytes.
  std::string header;        ///< The generated NAME.h text.
  /// NAME.weights.bin for WeightsPlacement::File, else empty.
  std::string weightsFile;
};

/// Imports, optimizes, lowers and emits the model at `path` (binary .onnx or
/// ONNX text). Thread-compatible: each call uses its own MLIRContext. On
/// failure the error holds every diagnostic, one per line.
llvm::Expected<CompiledModel> compileModelFile(llvm::StringRef path,
                                               const CompileOptions &options);

/// As compileModelFile for a model held in memory (binary protobuf or ONNX
/// text); the model name defaults to "model" and messages name the model
/// "<memory>". Models with external data must be compiled from their file.
llvm::Expected<CompiledModel> compileModelBuffer(llvm::StringRef bytes,
                                                 const CompileOptions &options);

} // namespace kiln

#endif // KILN_COMPILER_H
