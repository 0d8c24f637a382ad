//===- GraphImporter.h - Build @main from an ONNX graph ---------*- C++ -*-===//
//
// Walks the model's nodes in order, dispatching each to its handler. A node
// that cannot be imported is recorded with its reason and its outputs are
// marked poisoned: nodes reading them are skipped without a second report,
// so one walk lists every unsupported node. Constants (initializers,
// Constant nodes, values from ONNX's data propagation) are kept as
// attributes and only materialized as graph.constant where an op reads them.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_IMPORTER_ONNX_GRAPHIMPORTER_H
#define KILN_LIB_IMPORTER_ONNX_GRAPHIMPORTER_H

#include "ModelLoader.h"

#include "kiln/Importer/ONNXImporter.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace kiln::importer {

class NodeBinder;

class GraphImporter {
public:
  GraphImporter(mlir::MLIRContext &ctx, std::shared_ptr<LoadedModel> model,
                std::string modelName);

  /// Builds the module; null when any node or model problem was found.
  mlir::OwningOpRef<mlir::ModuleOp> run();

  /// Nodes that could not be imported, in graph order.
  const std::vector<UnsupportedNode> &nodeIssues() const { return issues; }
  /// Problems that are not about one node (inputs, outputs, initializers).
  const std::vector<std::string> &modelErrors() const { return errors; }

  /// The location of a node: its name over the model file.
  mlir::Location nodeLoc(const onnx::NodeProto &node) const;
  /// The name a node is reported under (its first output if unnamed).
  static std::string displayName(const onnx::NodeProto &node);

  //===--------------------------------------------------------------------===//
  // Value access for NodeBinder
  //===--------------------------------------------------------------------===//

  /// The value named `name`, materializing a constant at the builder's
  /// insertion point if needed.
  llvm::Expected<mlir::Value> valueOf(const std::string &name,
                                      mlir::OpBuilder &builder);
  /// The constant value of `name` if known at import time, else null.
  llvm::Expected<mlir::ElementsAttr> constantOf(const std::string &name);
  /// The type of `name` without materializing it, or null if unknown.
  mlir::RankedTensorType typeOfValue(const std::string &name);
  /// The static inferred type of `name`, or an error saying why there is
  /// none.
  llvm::Expected<mlir::RankedTensorType>
  inferredType(const std::string &name) const;

  /// Converts a tensor held by a node attribute (Constant's `value`).
  llvm::Expected<mlir::ElementsAttr>
  importAttributeTensor(const onnx::TensorProto &tensor,
                        llvm::StringRef nameHint);

  /// Imports the nodes of `graph`, a subgraph of the node being imported
  /// (an If branch, one iteration of a Loop or Scan body), at the builder's
  /// insertion point, with its formal inputs bound to `inputs`; its nodes may
  /// read the enclosing graph's values. Returns the values of its outputs;
  /// fails when one of its nodes could not be imported (reported on that
  /// node). A body imported once per iteration redefines its values each
  /// time. With `inferAlone` the subgraph's types are first inferred on
  /// their own from the types (and constant values) of what it reads, since
  /// ONNX leaves a Loop body's shapes unknown where they could change.
  llvm::Expected<llvm::SmallVector<mlir::Value>>
  importSubgraph(const onnx::GraphProto &graph, mlir::ValueRange inputs,
                 bool inferAlone, mlir::OpBuilder &builder);

  void define(const std::string &name, mlir::Value value);
  void defineConstant(const std::string &name, mlir::ElementsAttr value);
  bool isUsed(const std::string &name) const { return used.contains(name); }
  const LoadedModel &model() const { return *loaded; }
  /// The custom ops of this import (null: none); see importCustomCall.
  void setCustomOps(const CustomOpTable *table) { customOpTable = table; }
  const CustomOpTable *customOps() const { return customOpTable; }

private:
  /// What is known about one ONNX value name.
  struct Slot {
    mlir::Value value;
    mlir::ElementsAttr constant;
    const onnx::TensorProto *initializer = nullptr;
    bool poisoned = false;
  };

  void importInputs(mlir::OpBuilder &builder,
                    llvm::SmallVectorImpl<mlir::Type> &argTypes,
                    llvm::SmallVectorImpl<std::string> &argNames);
  void importNode(const onnx::NodeProto &node, mlir::OpBuilder &builder);
  bool foldFromPropagation(const onnx::NodeProto &node);
  mlir::LogicalResult checkResults(const onnx::NodeProto &node,
                                   NodeBinder &binder,
                                   llvm::ArrayRef<mlir::Operation *> created);
  void poisonOutputs(const onnx::NodeProto &node);
  void reportNode(const onnx::NodeProto &node, const std::string &reason);
  llvm::Error loadInitializer(Slot &slot);
  llvm::Expected<const onnx::GraphProto *>
  inferSubgraphAlone(const onnx::GraphProto &graph);

  mlir::MLIRContext &ctx;
  std::shared_ptr<LoadedModel> loaded;
  std::string modelName;
  mlir::Location fileLoc;
  llvm::StringMap<Slot> slots;
  llvm::StringSet<> used;
  /// Types and propagated values of subgraphs inferred on their own; they
  /// take precedence over the model's.
  std::unordered_map<std::string, onnx::TypeProto> subgraphTypes;
  std::unordered_map<std::string, onnx::TensorShapeProto> subgraphValues;
  /// The subgraphs inferred on their own, whose nodes were imported.
  std::vector<std::shared_ptr<LoadedModel>> subgraphModels;
  std::vector<UnsupportedNode> issues;
  std::vector<std::string> errors;
  const CustomOpTable *customOpTable = nullptr;
};

} // namespace kiln::importer

#endif // KILN_LIB_IMPORTER_ONNX_GRAPHIMPORTER_H
