//===- CustomOpSupport.h - Custom ops inside the importer -------*- C++ -*-===//
//
// What the loader and the graph importer need for custom ops: schemas that
// let ONNX's shape inference type a custom op's outputs (so the nodes after
// it are inferred too), and the handler that imports a described node as
// graph.custom_call.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_IMPORTER_ONNX_CUSTOMOPSUPPORT_H
#define KILN_LIB_IMPORTER_ONNX_CUSTOMOPSUPPORT_H

#include "kiln/Importer/CustomOps.h"

#include "onnx/defs/schema.h"

#include "mlir/Support/LLVM.h"

#include <memory>

namespace kiln::importer {

class NodeBinder;

/// A schema registry that answers ONNX's registry for every op but those in
/// `table`, for which it returns a schema whose inference function applies
/// the description's output rules. `table` must outlive the registry.
std::unique_ptr<onnx::ISchemaRegistry>
makeCustomOpSchemaRegistry(const CustomOpTable &table);

/// Imports a node that the compile's CustomOpTable describes as one
/// graph.custom_call (a Handler, see Handlers.h).
mlir::LogicalResult importCustomCall(NodeBinder &binder);

} // namespace kiln::importer

#endif // KILN_LIB_IMPORTER_ONNX_CUSTOMOPSUPPORT_H
