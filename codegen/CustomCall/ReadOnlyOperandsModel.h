//===- ReadOnlyOperandsModel.h - Read-only bufferization -------*- C++ -*-===//
//
// graph.custom_call and graph.runtime_check bufferize alike with respect to
// their tensor operands: each operand is read in place, never written, and
// no result aliases it. This base gives both external models those answers.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_CODEGEN_CUSTOMCALL_READONLYOPERANDSMODEL_H
#define KILN_CODEGEN_CUSTOMCALL_READONLYOPERANDSMODEL_H

#include "mlir/Dialect/Bufferization/IR/BufferizableOpInterface.h"

namespace kiln::codegen {

/// An ExternalModel of BufferizableOpInterface for an op that only reads its
/// tensor operands; `Concrete` adds `bufferize` (and anything else).
template <typename Concrete, typename Op>
struct ReadOnlyOperandsModel
    : public mlir::bufferization::BufferizableOpInterface::ExternalModel<
          Concrete, Op> {
  bool
  bufferizesToMemoryRead(mlir::Operation *, mlir::OpOperand &,
                         const mlir::bufferization::AnalysisState &) const {
    return true;
  }

  bool
  bufferizesToMemoryWrite(mlir::Operation *, mlir::OpOperand &,
                          const mlir::bufferization::AnalysisState &) const {
    return false;
  }

  mlir::bufferization::AliasingValueList
  getAliasingValues(mlir::Operation *, mlir::OpOperand &,
                    const mlir::bufferization::AnalysisState &) const {
    return {};
  }
};

} // namespace kiln::codegen

#endif // KILN_CODEGEN_CUSTOMCALL_READONLYOPERANDSMODEL_H
