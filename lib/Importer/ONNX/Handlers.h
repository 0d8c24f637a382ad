//===- Handlers.h - The table of ONNX op handlers ---------------*- C++ -*-===//
//
// One small handler per ONNX op, keyed by (domain, op type, since-version):
// a node uses the handler with the greatest since-version not above the
// model's opset for the node's domain. Handlers are grouped by category,
// each category registering its own entries.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_IMPORTER_ONNX_HANDLERS_H
#define KILN_LIB_IMPORTER_ONNX_HANDLERS_H

#include "mlir/Support/LLVM.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

#include <utility>

namespace kiln::importer {

class NodeBinder;

/// Imports one node: reads it through the binder, creates graph ops and sets
/// the node's results. Returns failure after the binder recorded why.
using Handler = mlir::LogicalResult (*)(NodeBinder &);

class HandlerTable {
public:
  /// Registers `handler` for `opType` of `domain` ("" is the default domain)
  /// from opset `sinceVersion` on.
  void add(llvm::StringRef domain, llvm::StringRef opType,
           int64_t sinceVersion, Handler handler);
  /// Registers `handler` for `opType` of the default domain.
  void add(llvm::StringRef opType, int64_t sinceVersion, Handler handler) {
    add("", opType, sinceVersion, handler);
  }

  /// The handler for a node of `domain::opType` in a model with `opset` for
  /// that domain, or null.
  Handler lookup(llvm::StringRef domain, llvm::StringRef opType,
                 int64_t opset) const;

  /// All of Kiln's handlers, built on first use.
  static const HandlerTable &get();

private:
  llvm::StringMap<llvm::SmallVector<std::pair<int64_t, Handler>, 2>> entries;
};

/// ONNX Slice's clamping of one axis of size `dim` (negative starts and ends
/// count from the end, then clamp per the sign of `step`): returns the first
/// index read and the number of elements read.
std::pair<int64_t, int64_t> clampSlice(int64_t start, int64_t end, int64_t step,
                                       int64_t dim);

void registerElementwiseHandlers(HandlerTable &table);
void registerConvPoolHandlers(HandlerTable &table);
void registerTensorHandlers(HandlerTable &table);
void registerReductionHandlers(HandlerTable &table);

} // namespace kiln::importer

#endif // KILN_LIB_IMPORTER_ONNX_HANDLERS_H
