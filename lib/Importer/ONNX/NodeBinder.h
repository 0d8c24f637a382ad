//===- NodeBinder.h - What an op handler sees of one ONNX node --*- C++ -*-===//
//
// Handlers read a node through a NodeBinder: attributes with defaults and
// type checks, required and optional inputs, input values known at import
// time (initializers, Constant nodes, ONNX's data propagation) and the static
// result types from shape inference. Every accessor that fails records why on
// the node, so a handler only returns failure() after a failed call; the
// importer reports the first reason as "node '<name>' (<domain>::<op>, opset
// <N>): <reason>".
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_IMPORTER_ONNX_NODEBINDER_H
#define KILN_LIB_IMPORTER_ONNX_NODEBINDER_H

#include "onnx/onnx_pb.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributeInterfaces.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"

#include <optional>
#include <string>

namespace kiln::importer {

class GraphImporter;

class NodeBinder {
public:
  NodeBinder(GraphImporter &importer, const onnx::NodeProto &node,
             int64_t opset, mlir::OpBuilder &builder, mlir::Location loc);

  const onnx::NodeProto &node() const { return nodeProto; }
  /// The import this node is part of.
  GraphImporter &graphImporter() const { return importer; }
  llvm::StringRef opType() const { return nodeProto.op_type(); }
  /// The model's opset version for the node's domain.
  int64_t opset() const { return opsetVersion; }
  mlir::OpBuilder &builder() { return opBuilder; }
  mlir::Location loc() const { return location; }
  mlir::MLIRContext *context() const { return opBuilder.getContext(); }

  //===--------------------------------------------------------------------===//
  // Failure reporting
  //===--------------------------------------------------------------------===//

  /// Records `reason` as why the node cannot be imported; returns failure().
  mlir::LogicalResult fail(const llvm::Twine &reason);
  bool hasFailed() const { return !failure.empty(); }
  const std::string &failureReason() const { return failure; }

  //===--------------------------------------------------------------------===//
  // Attributes
  //===--------------------------------------------------------------------===//

  const onnx::AttributeProto *findAttr(llvm::StringRef name) const;
  bool hasAttr(llvm::StringRef name) const { return findAttr(name); }
  mlir::FailureOr<int64_t> intAttr(llvm::StringRef name, int64_t defaultValue);
  mlir::FailureOr<int64_t> requiredIntAttr(llvm::StringRef name);
  mlir::FailureOr<float> floatAttr(llvm::StringRef name, float defaultValue);
  mlir::FailureOr<std::string> stringAttr(llvm::StringRef name,
                                          llvm::StringRef defaultValue);
  /// The values of an `ints` attribute, nullopt when it is absent.
  mlir::FailureOr<std::optional<llvm::SmallVector<int64_t>>>
  intsAttr(llvm::StringRef name);
  /// A `tensor` attribute, null when absent.
  mlir::FailureOr<const onnx::TensorProto *> tensorAttr(llvm::StringRef name);
  /// The value of a tensor attribute, as an initializer would be imported.
  mlir::FailureOr<mlir::ElementsAttr>
  tensorValue(const onnx::TensorProto &tensor, llvm::StringRef what);

  //===--------------------------------------------------------------------===//
  // Inputs
  //===--------------------------------------------------------------------===//

  unsigned numInputs() const { return nodeProto.input_size(); }
  /// True when input `i` is given (ONNX marks a skipped optional input by an
  /// empty name).
  bool hasInput(unsigned i) const;
  /// Input `i`; fails when it is missing.
  mlir::FailureOr<mlir::Value> input(unsigned i);
  /// Input `i`, or a null Value when it is not given.
  mlir::FailureOr<mlir::Value> optionalInput(unsigned i);
  /// All given inputs in order (variadic ops).
  mlir::FailureOr<llvm::SmallVector<mlir::Value>> inputs();
  /// The type of input `i` without materializing a constant.
  mlir::FailureOr<mlir::RankedTensorType> inputType(unsigned i);

  /// The value of input `i` if it is known at import time, else null.
  mlir::ElementsAttr constantInput(unsigned i);
  /// The integer values of constant input `i`; `what` names it in errors.
  mlir::FailureOr<llvm::SmallVector<int64_t>>
  constantInts(unsigned i, llvm::StringRef what);
  /// As constantInts, nullopt when the input is not given.
  mlir::FailureOr<std::optional<llvm::SmallVector<int64_t>>>
  optionalConstantInts(unsigned i, llvm::StringRef what);
  /// The single value of constant input `i`, nullopt when not given.
  mlir::FailureOr<std::optional<double>>
  optionalConstantScalar(unsigned i, llvm::StringRef what);

  /// Imports the graph held by attribute `name` (an If branch, a Loop or
  /// Scan body) inline with its inputs bound to `inputs`, and returns its
  /// output values; fails, saying why, when the attribute is missing or a
  /// node of the graph is not supported.
  /// `inferAlone`: see GraphImporter::importSubgraph.
  mlir::FailureOr<llvm::SmallVector<mlir::Value>>
  importSubgraph(llvm::StringRef name, mlir::ValueRange inputs = {},
                 bool inferAlone = false);
  /// The graph held by attribute `name`, or null (after failing) when there
  /// is none.
  const onnx::GraphProto *graphAttr(llvm::StringRef name);

  //===--------------------------------------------------------------------===//
  // Outputs
  //===--------------------------------------------------------------------===//

  unsigned numOutputs() const { return nodeProto.output_size(); }
  /// True when output `i` exists and has a name.
  bool hasOutput(unsigned i) const;
  /// True when a later node or the graph's outputs read output `i`.
  bool outputUsed(unsigned i) const;
  /// Fails when any output from `first` on is used; `what` says why those
  /// outputs are not supported.
  mlir::LogicalResult requireUnusedOutputs(unsigned first,
                                           llvm::StringRef what);
  /// The static type ONNX shape inference gave output `i`, or null.
  mlir::RankedTensorType inferredType(unsigned i) const;
  /// As inferredType, failing with the reason when it is not static.
  mlir::FailureOr<mlir::RankedTensorType> resultType(unsigned i);
  void setResult(unsigned i, mlir::Value value);
  /// Defines output `i` as a constant, materialized where it is used.
  void setConstantResult(unsigned i, mlir::ElementsAttr value);
  bool resultSet(unsigned i) const {
    return i < resultsSet.size() && resultsSet[i];
  }

  //===--------------------------------------------------------------------===//
  // Helpers
  //===--------------------------------------------------------------------===//

  /// Normalizes `axis` of attribute/input `what` into [0, rank).
  mlir::FailureOr<int64_t> normalizeAxis(int64_t axis, int64_t rank,
                                         llvm::StringRef what);
  /// Fails unless `type` has a floating-point element type.
  mlir::LogicalResult requireFloat(mlir::RankedTensorType type,
                                   llvm::StringRef what);
  /// The type of `x`, an N x C x spatial-dims input (rank >= 3) of a
  /// window or per-channel normalization op; fails naming the rank.
  mlir::FailureOr<mlir::RankedTensorType> channelsFirstInput(mlir::Value x);

private:
  const onnx::AttributeProto *
  typedAttr(llvm::StringRef name, onnx::AttributeProto::AttributeType type,
            bool &wrongType);

  GraphImporter &importer;
  const onnx::NodeProto &nodeProto;
  int64_t opsetVersion;
  mlir::OpBuilder &opBuilder;
  mlir::Location location;
  std::string failure;
  llvm::SmallVector<bool> resultsSet;
};

/// Shorthand for handlers: the printed form of an MLIR type, for messages.
std::string typeString(mlir::Type type);

} // namespace kiln::importer

#endif // KILN_LIB_IMPORTER_ONNX_NODEBINDER_H
