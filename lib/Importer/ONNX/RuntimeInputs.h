//===- RuntimeInputs.h - Shape-fixing inputs given at run time --*- C++ -*-===//
//
// Some ONNX inputs usually hold constants that fix a result's shape (Slice's
// starts, Split's sizes, ReduceSum's axes). When a model passes them as
// run-time values but declares the static result shapes, these helpers
// import the node anyway: what the shapes pin down is read from them, and
// what they leave open is computed at run time from the input's values.
// Run-time values must agree with the declared shapes: Kiln compiles static
// shapes, so a disagreeing value cannot change them. Every such import emits
// a graph.runtime_check that the value agrees, so a disagreeing one makes
// NAME_run return KILN_STATUS_RUNTIME_ERROR rather than a wrong answer
// (generated code never reads outside a buffer either way).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_IMPORTER_ONNX_RUNTIMEINPUTS_H
#define KILN_LIB_IMPORTER_ONNX_RUNTIMEINPUTS_H

#include "NodeBinder.h"

#include "mlir/IR/Value.h"
#include "llvm/ADT/STLFunctionalExtras.h"

namespace kiln::importer {

class Composer;

/// Emits a graph.runtime_check that every element of the i1 tensor
/// `condition` holds; its message names the node and says that `what` must
/// hold.
void checkAtRunTime(NodeBinder &b, Composer &c, mlir::Value condition,
                    const llvm::Twine &what);

/// Checks at run time that the integer tensor `value` (as int64, row-major)
/// equals `expected`, skipping the elements whose `checked` entry is false
/// (all are checked when `checked` is empty). Fails when the element counts
/// differ.
mlir::LogicalResult checkEqualsAtRunTime(NodeBinder &b, Composer &c,
                                         mlir::Value value,
                                         llvm::ArrayRef<int64_t> expected,
                                         const llvm::Twine &what,
                                         llvm::ArrayRef<bool> checked = {});

/// True when input `i` is given but not known at import time (and reading
/// it recorded no failure).
bool isRuntimeInput(NodeBinder &b, unsigned i);

/// Imports Slice (opset >= 10) of `x` when some of starts, ends, axes and
/// steps are run-time values: every possibly sliced dim becomes a
/// graph.gather of start + i * step (start clamped as ONNX clamps it), with
/// i below the size of the static result dim. Each sliced dim's ONNX count
/// (from the clamped start and end) is checked against the static size.
mlir::LogicalResult importRuntimeSlice(NodeBinder &b, mlir::Value x);

/// The sizes of Split's parts along `axis`, read from the static types of
/// its outputs (for a run-time `split` input, which the caller checks
/// against them).
mlir::FailureOr<llvm::SmallVector<int64_t>> splitSizesFromResults(NodeBinder &b,
                                                                  int64_t axis);

/// Reduces `x` over the axes held by run-time input `axesInput` (a 1-D
/// integer tensor with at least one element). The axis sets whose reduction
/// has the static result shape are the candidates; sets that differ only in
/// size-1 dims give the same values, so when one distinct set remains it is
/// used alone, else each candidate is reduced and the one matching the
/// run-time axes selected. A run-time check requires the axes to be one of
/// the candidates (up to size-1 dims). `reduce(c, x, axes, keepdims)`
/// builds one reduction over sorted non-negative `axes`.
mlir::FailureOr<mlir::Value> reduceOverRuntimeAxes(
    NodeBinder &b, mlir::Value x, unsigned axesInput, bool keepdims,
    llvm::function_ref<mlir::Value(Composer &, mlir::Value,
                                   llvm::ArrayRef<int64_t>, bool)>
        reduce);

} // namespace kiln::importer

#endif // KILN_LIB_IMPORTER_ONNX_RUNTIMEINPUTS_H
