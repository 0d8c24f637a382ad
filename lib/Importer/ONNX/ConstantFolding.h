//===- ConstantFolding.h - Evaluate shape arithmetic at load ----*- C++ -*-===//
//
// Exporters compute shapes with small integer subgraphs (Shape -> Gather ->
// Div -> Mul -> Slice, Equal/Where around Expand, ...). ONNX's data
// propagation covers only part of them. The loader evaluates the rest on
// the host: every node whose inputs are small integer constants is replaced
// by a Constant node holding its value, and shape inference runs again so
// that the shapes downstream become static.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_IMPORTER_ONNX_CONSTANTFOLDING_H
#define KILN_LIB_IMPORTER_ONNX_CONSTANTFOLDING_H

#include "onnx/onnx_pb.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>

namespace kiln::importer {

struct LoadedModel;

/// Folding is limited to tensors this small.
inline constexpr int64_t kMaxFoldElements = 4096;

/// A small integer or bool tensor held on the host, row-major.
struct HostTensor {
  int32_t dtype; ///< ONNX TensorProto data type (an integer type or bool).
  llvm::SmallVector<int64_t> shape;
  llvm::SmallVector<int64_t> values;
};

/// Evaluates a default-domain `node` of opset `opset` on constant inputs
/// (nullopt entries are absent optional inputs). Returns one tensor per
/// output, or nullopt when the op, its attributes or its values are outside
/// what folding covers; the node is then imported as usual.
std::optional<llvm::SmallVector<HostTensor>>
foldIntegerNode(const onnx::NodeProto &node, int64_t opset,
                llvm::ArrayRef<std::optional<HostTensor>> inputs);

/// Replaces every foldable node of the model's graph whose inputs are known
/// small integer constants (initializers, Constant nodes, ONNX's propagated
/// values, static shapes for Shape and Size) by a Constant node, in one pass
/// in graph order. Returns how many nodes were replaced.
unsigned foldShapeSubgraphs(LoadedModel &model);

} // namespace kiln::importer

#endif // KILN_LIB_IMPORTER_ONNX_CONSTANTFOLDING_H
