//===- ModelLoader.h - Read, check and shape-infer an ONNX model -*- C++ -*-===//
//
// Everything the importer needs from ONNX's C++ library happens here: parsing
// (binary or text), opset upgrade, external data, the checker and shape
// inference with data propagation. The result is shared: every large
// constant the importer builds keeps a reference to it.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_IMPORTER_ONNX_MODELLOADER_H
#define KILN_LIB_IMPORTER_ONNX_MODELLOADER_H

#include "onnx/onnx_pb.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"

#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace kiln::importer {

/// The oldest and newest opsets of the default domain Kiln imports; older
/// models are upgraded with ONNX's version converter.
inline constexpr int64_t kMinOpset = 7;
inline constexpr int64_t kMaxOpset = 17;

/// Shape inference and shape-subgraph folding alternate at most this often.
inline constexpr int kMaxFoldRounds = 8;

/// External tensors up to this many bytes are copied into `raw_data` so that
/// the checker and shape inference see their values (shape constants).
inline constexpr uint64_t kInlineExternalBytes = 512;

class CustomOpTable;

struct LoadOptions {
  bool runChecker = true;
  /// Custom ops whose output types shape inference derives from their
  /// descriptions; null: none.
  const CustomOpTable *customOps = nullptr;
  /// Record checker and shape-inference failures in `problems` and go on
  /// (for `inspect`) instead of failing.
  bool tolerateInvalidModel = false;
};

/// A parsed, checked and shape-inferred model plus the storage its tensors'
/// bytes live in. Held by std::shared_ptr: constants imported from it keep it
/// alive.
struct LoadedModel {
  onnx::ModelProto proto;
  std::string path;
  /// The directory external data is resolved against.
  std::string directory;
  /// Bytes of tensors that stay external (mapped files), by tensor address.
  llvm::DenseMap<const onnx::TensorProto *, llvm::ArrayRef<char>> externalData;
  std::vector<std::unique_ptr<llvm::MemoryBuffer>> mappedFiles;
  /// Values of small integer tensors computed by ONNX's data propagation
  /// (Shape -> Gather -> Concat chains), by tensor name.
  std::unordered_map<std::string, onnx::TensorShapeProto> propagatedValues;
  /// Opset version by domain; the default domain is "".
  std::map<std::string, int64_t> opsets;
  /// Type of every named value after shape inference.
  std::unordered_map<std::string, const onnx::TypeProto *> valueTypes;
  /// The op type of every node as parsed (`domain::op` outside the default
  /// domain), before shape subgraphs were folded into Constant nodes.
  std::vector<std::string> originalOps;
  /// Checker or shape-inference failures kept with `tolerateInvalidModel`.
  std::vector<std::string> problems;

  /// The opset version of `domain` ("" or "ai.onnx" for the default), or 0.
  int64_t opsetFor(llvm::StringRef domain) const;
  /// The inferred or declared type of `name`, or null.
  const onnx::TypeProto *typeOf(const std::string &name) const;
};

/// Parses the file at `path` as a binary ModelProto, or as ONNX text when the
/// name ends in .onnxtxt or the file is text that is not a valid binary model.
llvm::Error parseModelFile(llvm::StringRef path, onnx::ModelProto &proto);

/// Parses `bytes` as a binary ModelProto, or else as ONNX text.
llvm::Error parseModelBytes(llvm::StringRef bytes, onnx::ModelProto &proto);

/// Reads, upgrades, resolves external data for, checks and shape-infers the
/// model at `path`.
llvm::Expected<std::shared_ptr<LoadedModel>>
loadModel(llvm::StringRef path, const LoadOptions &options);

/// As loadModel for a model held in memory; `name` stands for its path in
/// messages. External data is refused (there is no directory to read from).
llvm::Expected<std::shared_ptr<LoadedModel>>
loadModelFromBuffer(llvm::StringRef bytes, llvm::StringRef name,
                    const LoadOptions &options);

/// Makes `graph`, a subgraph of `model` imported on its own (one iteration
/// of a Loop or Scan body, whose types ONNX cannot infer in place since they
/// may change between iterations), a model of its own and prepares it as
/// loadModel does: shape inference with data propagation, alternating with
/// shape-subgraph folding. `reads` gives the type of every value the graph
/// reads from outside itself (its formal inputs, the enclosing graphs'
/// values), `constants` the values of those known at import time; they
/// become the model's inputs and initializers. The result's graph holds the
/// subgraph's nodes, folded.
llvm::Expected<std::shared_ptr<LoadedModel>>
inferSubgraph(const LoadedModel &model, const onnx::GraphProto &graph,
              const std::map<std::string, onnx::TypeProto> &reads,
              const std::map<std::string, onnx::TensorProto> &constants);

/// "ai.onnx" for the default domain, `domain` otherwise.
llvm::StringRef displayDomain(llvm::StringRef domain);

/// True for "" and "ai.onnx".
bool isDefaultDomain(llvm::StringRef domain);

} // namespace kiln::importer

#endif // KILN_LIB_IMPORTER_ONNX_MODELLOADER_H
