//===- ONNXImporter.h - ONNX model -> graph dialect -------------*- C++ -*-===//
//
// The entry points of Kiln's ONNX importer. ONNX's own C++ library parses,
// checks and shape-infers the model; the importer then builds a module whose
// `func.func @main` holds one graph-dialect op per ONNX node (see the module
// conventions in kiln/Compiler.h). Large initializers stay in the parsed
// model's memory: they become `dense_resource` blobs that keep the model alive
// for as long as the MLIRContext holds them.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_IMPORTER_ONNXIMPORTER_H
#define KILN_IMPORTER_ONNXIMPORTER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mlir {
class Diagnostic;
} // namespace mlir

namespace kiln::importer {

class CustomOpTable;

/// Options of one import.
struct ImportOptions {
  /// The model name recorded as `kiln.model_name`; empty: the file's stem.
  std::string modelName;
  /// Runs ONNX's model checker before importing.
  bool runChecker = true;
  /// Ops of user domains that import as graph.custom_call
  /// (kiln/Importer/CustomOps.h); must outlive the import. Null: none.
  const CustomOpTable *customOps = nullptr;
};

/// Parses the model at `path` (binary .onnx, or ONNX text format when the file
/// ends in .onnxtxt or is not a valid binary protobuf), checks it, infers
/// shapes (with data propagation) and builds a module with `func.func @main`
/// in the graph dialect. Loads the graph and func dialects into `ctx`.
/// Problems are reported as error diagnostics on `ctx`, one per unsupported
/// node, located at the node (NameLoc over the file); returns null on failure.
mlir::OwningOpRef<mlir::ModuleOp> importONNXFile(mlir::MLIRContext &ctx,
                                                 llvm::StringRef path,
                                                 const ImportOptions &options);

/// As importONNXFile for a model held in memory (binary protobuf or ONNX
/// text); `bufferName` stands for the file in messages and, with no
/// `modelName`, gives the model name (its stem). External data is refused.
mlir::OwningOpRef<mlir::ModuleOp>
importONNXBuffer(mlir::MLIRContext &ctx, llvm::StringRef bytes,
                 llvm::StringRef bufferName, const ImportOptions &options);

/// Formats an importer diagnostic as `<file>: <message>` (`<file>:<line>:<col>`
/// when the location has a line), with `warning: `/`note: ` before the
/// message for those severities. Tools print importer errors with this.
std::string formatDiagnostic(const mlir::Diagnostic &diag);

/// One graph input or output as declared in the model.
struct TensorSummary {
  std::string name;
  std::string dtype;             ///< ONNX type name, lower case ("float").
  std::vector<std::string> dims; ///< "3", a symbolic name, or "?".
  bool hasShape = false;         ///< False when the model gives no shape.
};

/// A node Kiln cannot compile, with the reason.
struct UnsupportedNode {
  std::string name;   ///< Node name (its first output's name if unnamed).
  std::string domain; ///< "ai.onnx" for the default domain.
  std::string opType;
  int64_t opset = 0;  ///< The model's opset version for `domain`.
  std::string reason;
};

/// A custom op (kiln/Importer/CustomOps.h) the model uses.
struct CustomOpUse {
  std::string domain;
  std::string opType;
  std::string function; ///< The C function its nodes compile to calls of.
  uint64_t count = 0;   ///< Nodes of this op, in subgraphs too.
};

/// What `kiln inspect` prints about a model.
struct ModelSummary {
  std::string path;
  std::string graphName;
  std::string producerName, producerVersion;
  int64_t irVersion = 0;
  /// (domain, version), the default domain spelled "ai.onnx".
  std::vector<std::pair<std::string, int64_t>> opsetImports;
  std::vector<TensorSummary> inputs, outputs;
  uint64_t nodeCount = 0;
  /// (op type, count), most frequent first; non-default domains prefix the
  /// op type with `domain::`.
  std::vector<std::pair<std::string, uint64_t>> opHistogram;
  /// Elements and bytes of all initializers (graph inputs with an
  /// initializer included).
  uint64_t parameterCount = 0, parameterBytes = 0;
  /// Multiply-accumulates of Conv, ConvTranspose, Gemm and MatMul nodes.
  uint64_t macs = 0;
  /// False when some of those nodes had no static inferred shapes, so `macs`
  /// is a lower bound.
  bool macsComplete = true;
  std::vector<UnsupportedNode> unsupported;
  /// The described custom ops the model uses, in op-histogram order.
  std::vector<CustomOpUse> customOps;
  /// Model-level problems that stop a compile (checker or shape-inference
  /// failures, dynamic input shapes, ...).
  std::vector<std::string> errors;

  /// Human-readable report, one item per line.
  std::string toText() const;
  /// The same as a JSON object (pretty-printed, newline-terminated).
  std::string toJSON() const;
};

/// Loads the model at `path` and summarizes it. Fails only when the file
/// cannot be read or parsed; model problems that stop a compile are listed in
/// `errors` and `unsupported`. Ops in `customOps` (as `kiln compile
/// --custom-ops` gives them) are supported and listed in `customOps`.
llvm::Expected<ModelSummary>
inspectONNXFile(llvm::StringRef path, const CustomOpTable *customOps = nullptr);

/// One operator the importer knows: one it imports, or one it refuses on
/// purpose. Read from the importer's own handler table, so listings (kiln-ops-
/// doc's docs/ops.md) cannot disagree with what `kiln compile` does.
struct OperatorSupport {
  std::string domain; ///< "ai.onnx" for the default domain.
  std::string opType;
  /// The opsets a model may import the op at: from the first handler's
  /// since-version (or the oldest opset Kiln reads) to the newest Kiln
  /// reads. Both 0 for refused ops.
  int64_t firstOpset = 0, lastOpset = 0;
  /// Since-versions of the handlers (an op whose semantics changed has one
  /// per version).
  std::vector<int64_t> sinceVersions;
  std::string dtypes; ///< Element types accepted, e.g. "float16, float".
  std::string limits; ///< What is not supported; empty when nothing is.
  /// Why Kiln refuses the op (training, random, sequence ops, ...); empty for
  /// imported ops.
  std::string rejection;
};

/// Every operator of the importer's table, sorted by domain and op type.
std::vector<OperatorSupport> listOperators();

/// Where `writeONNXBinary` puts initializer data.
struct BinaryWriteOptions {
  /// When non-empty, every initializer with more than `externalThreshold`
  /// elements is written to `externalDataFile` and referenced from the model
  /// as external data with location `externalDataLocation` (verbatim, so
  /// tests can write hostile locations).
  std::string externalDataFile;
  std::string externalDataLocation;
  uint64_t externalThreshold = 64;
};

/// Reads the model at `inputPath` (binary or text), without checking it, and
/// writes it as a binary protobuf to `outputPath`. Used by tests to build
/// binary models and external-data layouts from textual ones.
llvm::Error writeONNXBinary(llvm::StringRef inputPath,
                            llvm::StringRef outputPath,
                            const BinaryWriteOptions &options);

} // namespace kiln::importer

#endif // KILN_IMPORTER_ONNXIMPORTER_H
