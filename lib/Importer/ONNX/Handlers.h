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
#include "llvm/Support/Error.h"

#include <string>
#include <utility>
#include <vector>

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

  /// Documents a supported op of the default domain for docs/ops.md: the
  /// element types it accepts and what it does not support.
  void describe(llvm::StringRef opType, llvm::StringRef dtypes,
                llvm::StringRef limits);
  /// Records why Kiln refuses `domain::opType` (ops that cannot have static
  /// shapes, training, random, string and sequence ops): the importer reports
  /// this reason instead of "op not supported", and docs/ops.md lists it.
  void reject(llvm::StringRef domain, llvm::StringRef opType,
              llvm::StringRef reason);

  /// Why `domain::opType` is refused, or "" when no reason was recorded.
  llvm::StringRef rejection(llvm::StringRef domain,
                            llvm::StringRef opType) const;
  /// The since-versions registered for `domain::opType`, ascending.
  llvm::SmallVector<int64_t> sinceVersions(llvm::StringRef domain,
                                           llvm::StringRef opType) const;

  /// What the table knows about one op, for listings.
  struct Entry {
    std::string domain, opType;
    llvm::SmallVector<int64_t> sinceVersions; ///< Empty for rejected ops.
    std::string dtypes, limits, rejection;
  };
  /// Every registered or rejected op, sorted by domain then op type.
  std::vector<Entry> entriesSorted() const;

  /// All of Kiln's handlers, built on first use.
  static const HandlerTable &get();

private:
  llvm::StringMap<llvm::SmallVector<std::pair<int64_t, Handler>, 2>> entries;
  llvm::StringMap<std::pair<std::string, std::string>> docs;
  llvm::StringMap<std::string> rejections;
};

/// What one ONNX Slice reads of its input, per input dim: the first index
/// read, the step between reads and the number of elements read (the result
/// shape).
struct SliceWindow {
  llvm::SmallVector<int64_t> begin, stride, shape;
};

/// Resolves ONNX Slice's `starts` and `ends` over the dims `axes` (empty:
/// the leading dims) with `steps` (empty: all 1) against `inShape`: negative
/// starts and ends count from the end, then clamp per the sign of the step.
/// Fails, saying why, when the lists differ in length, an axis is out of
/// range or repeated, or a step is 0. Shared by the Slice handler and the
/// import-time constant folder so both slice alike.
llvm::Expected<SliceWindow> resolveSlice(llvm::ArrayRef<int64_t> inShape,
                                         llvm::ArrayRef<int64_t> starts,
                                         llvm::ArrayRef<int64_t> ends,
                                         llvm::ArrayRef<int64_t> axes,
                                         llvm::ArrayRef<int64_t> steps);

void registerElementwiseHandlers(HandlerTable &table);
void registerConvPoolHandlers(HandlerTable &table);
void registerTensorHandlers(HandlerTable &table);
void registerReductionHandlers(HandlerTable &table);
void registerCompositeHandlers(HandlerTable &table);
void registerLossHandlers(HandlerTable &table);
void registerResizeHandlers(HandlerTable &table);
void registerNormalizationHandlers(HandlerTable &table);
void registerRecurrentHandlers(HandlerTable &table);
void registerControlFlowHandlers(HandlerTable &table);
void registerSignalHandlers(HandlerTable &table);
void registerMathHandlers(HandlerTable &table);
void registerIndexingHandlers(HandlerTable &table);
void registerGeneratorHandlers(HandlerTable &table);
void registerEinsumHandlers(HandlerTable &table);
/// Documentation and rejection reasons of every op (OpCatalog.cpp); runs
/// after all handlers are registered.
void registerOpCatalog(HandlerTable &table);

} // namespace kiln::importer

#endif // KILN_LIB_IMPORTER_ONNX_HANDLERS_H
