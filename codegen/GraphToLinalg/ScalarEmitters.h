//===- ScalarEmitters.h - Scalar code of elementwise graph ops -*- C++ -*-===//
//
// The one place that says what an elementwise graph op computes on one
// element. Elementwise.cpp fills the table while it registers its single-op
// patterns; those patterns and the graph.fused_elementwise lowering both emit
// their loop bodies through it, so fusing ops never changes their semantics.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_CODEGEN_GRAPHTOLINALG_SCALAREMITTERS_H
#define KILN_CODEGEN_GRAPHTOLINALG_SCALAREMITTERS_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/Operation.h"
#include "mlir/Support/TypeID.h"
#include "mlir/Transforms/DialectConversion.h"
#include "llvm/ADT/DenseMap.h"

#include <functional>
#include <memory>

namespace kiln::codegen {

/// Scalar semantics of the elementwise graph ops, keyed by op type.
class ScalarEmitterTable {
public:
  /// Rejects (with a diagnostic naming the op) what cannot be lowered.
  using CheckFn = std::function<mlir::LogicalResult(mlir::Operation *)>;
  /// Computes one result element from the signless operand elements.
  using EmitFn = std::function<mlir::Value(
      mlir::Operation *, llvm::ArrayRef<mlir::Value>, mlir::OpBuilder &)>;

  /// Registers the scalar semantics of ops of type `id`.
  void add(mlir::TypeID id, CheckFn check, EmitFn emit);

  /// Whether `op` is an elementwise op with registered semantics.
  bool contains(mlir::Operation *op) const;

  /// Runs the op's check; fails with a diagnostic for unregistered ops.
  mlir::LogicalResult check(mlir::Operation *op) const;

  /// Emits the scalar computation of `op` at the builder's insertion point
  /// from one element of each operand (in operand order). The op must have
  /// passed check(). The op is only read (attributes and original graph
  /// element types), never modified.
  mlir::Value emitScalar(mlir::Operation *op,
                         llvm::ArrayRef<mlir::Value> scalarOperands,
                         mlir::OpBuilder &b) const;

private:
  struct Entry {
    CheckFn check;
    EmitFn emit;
  };
  llvm::DenseMap<mlir::TypeID, Entry> entries;
};

/// Adds the lowering of graph.fused_elementwise to one linalg.generic whose
/// body emits every op of the fused region through `table`.
void populateFusedElementwiseToLinalgPatterns(
    mlir::TypeConverter &typeConverter, mlir::RewritePatternSet &patterns,
    std::shared_ptr<const ScalarEmitterTable> table);

} // namespace kiln::codegen

#endif // KILN_CODEGEN_GRAPHTOLINALG_SCALAREMITTERS_H
