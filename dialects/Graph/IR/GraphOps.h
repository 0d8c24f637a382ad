//===- GraphOps.h - Kiln graph dialect operations ---------------*- C++ -*-===//
#ifndef KILN_DIALECTS_GRAPH_IR_GRAPHOPS_H
#define KILN_DIALECTS_GRAPH_IR_GRAPHOPS_H

#include "dialects/Graph/IR/GraphDialect.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "dialects/Graph/IR/GraphEnums.h.inc"

#define GET_OP_CLASSES
#include "dialects/Graph/IR/GraphOps.h.inc"

namespace kiln::graph {
/// Returns the numpy broadcast of two static shapes, or failure when they are
/// not broadcast-compatible.
mlir::FailureOr<llvm::SmallVector<int64_t>>
broadcastShapes(llvm::ArrayRef<int64_t> lhs, llvm::ArrayRef<int64_t> rhs);
} // namespace kiln::graph

#endif // KILN_DIALECTS_GRAPH_IR_GRAPHOPS_H
