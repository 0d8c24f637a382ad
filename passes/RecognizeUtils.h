//===- RecognizeUtils.h - Matchers shared by the recognizers ----*- C++ -*-===//
//
// Small matchers over graph IR for the pattern recognizers: scalar
// constants compared with a tolerance, products flattened into factors, and
// multiplications/divisions by scalar constants peeled off a value. They
// only look: a failed match leaves the IR untouched.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_PASSES_RECOGNIZEUTILS_H
#define KILN_PASSES_RECOGNIZEUTILS_H

#include "dialects/Graph/IR/GraphOps.h"

#include "llvm/ADT/SmallVector.h"

#include <optional>

namespace kiln::passes {

/// The value of `v` when it is a graph.constant of floats whose elements are
/// all equal (a splat or a single element); nullopt otherwise, including for
/// constants whose bytes are not in a dense attribute.
std::optional<double> getScalarConstant(mlir::Value v);

/// Whether `value` is within `relTolerance` (relative) of `expected`.
bool isCloseTo(double value, double expected, double relTolerance = 1e-6);

/// Whether `v` is a scalar constant close to `expected`.
bool isConstantCloseTo(mlir::Value v, double expected);

/// The factors of a product: `v` itself when it is not a graph.mul, else
/// the factors of its operands, descending into muls that have one use and
/// the type of `v` (so no factor hides a broadcast). `interior` receives the
/// muls visited.
void collectFactors(
    mlir::Value v, llvm::SmallVectorImpl<mlir::Value> &factors,
    llvm::SmallVectorImpl<mlir::Operation *> *interior = nullptr);

/// When `v` is `x * c`, `c * x` or `x / c` with `c` a scalar constant and
/// the result of x's type, returns x and multiplies `scale` by c (or 1/c).
mlir::Value peelScalarScale(mlir::Value v, double &scale);

/// Whether every user of `v` is one of `users`.
bool onlyUsedBy(mlir::Value v, llvm::ArrayRef<mlir::Operation *> users);

} // namespace kiln::passes

#endif // KILN_PASSES_RECOGNIZEUTILS_H
