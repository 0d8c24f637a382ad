//===- MemoryReport.h - What a compiled model costs in memory --*- C++ -*-===//
//
// `kiln compile --report`: weights bytes (flash), workspace bytes (RAM)
// against the planner's lower bound, the workspace plan buffer by buffer,
// code size per function and an estimate of stack use per function. The
// first half is read off the LLVM-dialect module (attributes written by
// kiln-plan-workspace), the second off the emitted ELF object.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DRIVER_MEMORYREPORT_H
#define KILN_DRIVER_MEMORYREPORT_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kiln::driver {

/// One buffer of the workspace plan: bytes [offset, offset + size), live
/// from step `first` to step `last` of @main (inclusive).
struct PlannedBufferReport {
  uint64_t offset = 0;
  uint64_t size = 0;
  int64_t first = 0;
  int64_t last = 0;
  std::string name; ///< ONNX node that produced it; may be empty.
};

/// One function of the emitted object.
struct FunctionReport {
  std::string name;
  uint64_t codeBytes = 0;
  /// Bytes of stack frame, from the object's .stack_sizes section; absent
  /// when the object has no entry for the function.
  std::optional<uint64_t> stackBytes;
};

/// Where the weights went (`--weights-section`, `--weights-file`).
struct WeightsPlacementReport {
  /// "object" (the object's read-only data), "section" or "file".
  std::string placement = "object";
  std::string section; ///< The linker section, for "section".
  std::string file;    ///< NAME.weights.bin, for "file".
  /// Bytes in the section (the weight globals left after dead-code
  /// elimination) or of the whole file; 0 for "object", whose weights are
  /// part of weightsBytes.
  uint64_t bytes = 0;
  uint64_t tensors = 0;
};

/// Everything `--report` prints and writes.
struct MemoryReport {
  std::string model;
  std::string arch; ///< The object's architecture ("x86_64", "arm").
  /// Constant data in the object: the weights (unless in a file) and the
  /// model's tables.
  uint64_t weightsBytes = 0;
  WeightsPlacementReport weights;
  uint64_t workspaceBytes = 0;
  uint64_t workspaceLowerBound = 0;
  std::vector<PlannedBufferReport> buffers;
  std::vector<FunctionReport> functions;
  /// The ONNX nodes each function computes, by function name (the NameLocs
  /// in its location, in order: a parallel-loop body's op and the ops fused
  /// into it), from the module; functions without any are absent.
  std::map<std::string, std::vector<std::string>> functionNodes;

  /// workspaceBytes / workspaceLowerBound; 1 when both are 0.
  double ratio() const;
  /// An upper estimate of the stack one call of the model needs on one
  /// thread: the frames of every function but the parallel-loop bodies
  /// (generated code is not recursive, so a call chain visits each at most
  /// once), plus the largest body frame (`<function>_parallel[_N]`: bodies
  /// are only called through kiln_parallel_for, one at a time per thread,
  /// and call no other body). The runtime's parallel-for and library calls
  /// (memcpy, memset) are not included.
  uint64_t stackEstimate() const;
};

/// Fills the module half of `report` (weights, workspace, lower bound and
/// plan) from an LLVM-dialect module after kiln-plan-workspace. Fails if the
/// plan attributes are missing or malformed.
llvm::Error collectModuleReport(mlir::ModuleOp module, MemoryReport &report);

/// Fills `report.functions` from the ELF object `object`, which must have
/// been emitted with a .stack_sizes section (TargetOptions
/// EmitStackSizeSection) for the stack estimates.
llvm::Error collectObjectReport(llvm::StringRef object, MemoryReport &report);

/// The JSON text of NAME.report.json.
std::string reportToJSON(const MemoryReport &report);

/// The short human summary printed on stdout.
void printReport(const MemoryReport &report, llvm::raw_ostream &os);

} // namespace kiln::driver

#endif // KILN_DRIVER_MEMORYREPORT_H
