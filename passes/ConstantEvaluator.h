//===- ConstantEvaluator.h - Evaluate graph ops on constants ----*- C++ -*-===//
//
// A small interpreter for graph ops whose operands are constants, shared by
// the constant folding pass and the passes that rewrite constant weights.
// It follows the semantics of the graph -> linalg lowering (integer division
// by zero gives 0, f16/bf16 results are rounded to their type, ...) so that
// folding never changes what a model computes beyond float rounding.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_PASSES_CONSTANTEVALUATOR_H
#define KILN_PASSES_CONSTANTEVALUATOR_H

#include "mlir/IR/BuiltinAttributeInterfaces.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Operation.h"
#include "mlir/Support/LLVM.h"

#include <cstdint>
#include <vector>

namespace kiln::passes {

/// One element of a ConstantTensor: floats are held as doubles (every
/// f16/bf16/f32/f64 value is exact in a double), integers as their bits
/// truncated to the element width; the element type says which.
union Scalar {
  double f;
  uint64_t i;
};

/// A constant tensor unpacked into one Scalar per element, in row-major
/// order.
struct ConstantTensor {
  mlir::RankedTensorType type;
  std::vector<Scalar> values;

  /// Unpacks a DenseElementsAttr or a DenseResourceElementsAttr; fails for
  /// other attributes and for resources whose blob is missing or has the
  /// wrong size.
  static mlir::FailureOr<ConstantTensor> read(mlir::ElementsAttr attr);

  /// Packs the values into an attribute of `type`: a splat when all values
  /// are equal, a DenseElementsAttr when small, a new dense_resource blob
  /// otherwise.
  mlir::ElementsAttr toAttr() const;
};

/// Evaluates the single-result graph op `op` with the constant `operands`.
/// Fails (without diagnostics) for ops it does not evaluate, for results with
/// more than `maxResultElements` elements, and for inputs whose result the
/// generated code leaves undefined (out-of-range float to int casts,
/// out-of-range gather indices).
mlir::FailureOr<mlir::ElementsAttr>
evaluateConstantOp(mlir::Operation *op,
                   mlir::ArrayRef<mlir::ElementsAttr> operands,
                   int64_t maxResultElements);

/// Permutes the dims of a constant: result dim i is `value` dim perm[i].
mlir::FailureOr<mlir::ElementsAttr>
transposeConstant(mlir::ElementsAttr value, mlir::ArrayRef<int64_t> perm);

/// Whether every element of the constant `value` equals `expected` (read as
/// the element type: 0 and 1 are exact in every type). False for
/// unreadable constants.
bool isConstantAllEqualTo(mlir::ElementsAttr value, double expected);

} // namespace kiln::passes

#endif // KILN_PASSES_CONSTANTEVALUATOR_H
