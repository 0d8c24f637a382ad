//===- GraphReport.h - Op counts and Graphviz dumps of graph IR -*- C++ -*-===//
//
// What `kiln compile --stats` and `--dump-graph=before|after` show: graph op
// counts before and after the graph optimizer and after each of its passes,
// and the model graph in Graphviz dot syntax.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DRIVER_GRAPHREPORT_H
#define KILN_DRIVER_GRAPHREPORT_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassInstrumentation.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <string>
#include <vector>

namespace kiln::driver {

/// Graph op counts by op name ("graph.conv"), sorted by name. Ops nested in
/// graph.fused_elementwise bodies are not counted: the fused op is one op.
using GraphOpCounts = std::map<std::string, int64_t>;

/// Counts the graph ops of the functions in `root` (a module or a function).
GraphOpCounts countGraphOps(mlir::Operation *root);

/// The sum of all counts.
int64_t totalCount(const GraphOpCounts &counts);

/// What to report about the graph stage of a compile.
struct GraphReportOptions {
  bool stats = false;     ///< Print op count tables to stderr.
  std::string dumpBefore; ///< Dot file of the imported graph, if not empty.
  std::string dumpAfter;  ///< Dot file of the optimized graph, if not empty.

  bool any() const {
    return stats || !dumpBefore.empty() || !dumpAfter.empty();
  }
};

/// Records the number of graph ops after every pass it sees (summed over
/// the functions a nested pass runs on), in pipeline order.
class GraphOpCountInstrumentation : public mlir::PassInstrumentation {
public:
  void runAfterPass(mlir::Pass *pass, mlir::Operation *op) override;

  /// (pass argument, graph ops after it) in the order the passes first ran.
  std::vector<std::pair<std::string, int64_t>> perPass() const;

private:
  llvm::MapVector<mlir::Pass *, int64_t> counts;
};

/// Prints the before/after table and the per-pass table.
void printGraphStats(
    llvm::raw_ostream &os, const GraphOpCounts &before,
    const GraphOpCounts &after,
    const std::vector<std::pair<std::string, int64_t>> &perPass);

/// Writes the functions of `module` as a Graphviz digraph: one node per op
/// (node name, op name, result shape), edges along values; constants are
/// listed in their users' labels instead of being nodes.
void printGraphDot(mlir::ModuleOp module, llvm::raw_ostream &os);

} // namespace kiln::driver

#endif // KILN_DRIVER_GRAPHREPORT_H
