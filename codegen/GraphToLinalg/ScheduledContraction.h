//===- ScheduledContraction.h - Contractions with a kiln.schedule -*- C++
//-*-===//
//
// The bridge from graph.matmul / graph.gemm / graph.conv carrying a
// `kiln.schedule` to the kernel emitters of codegen/Schedule: it reads the
// graph op (constant weights, bias broadcasting, Gemm's alpha/beta/transA,
// the fused activation) and hands the emitter plain operands. Contraction.cpp
// calls it first thing when the attribute is present.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_CODEGEN_GRAPHTOLINALG_SCHEDULEDCONTRACTION_H
#define KILN_CODEGEN_GRAPHTOLINALG_SCHEDULEDCONTRACTION_H

#include "dialects/Graph/IR/GraphOps.h"

#include "mlir/Transforms/DialectConversion.h"

namespace kiln::codegen {

/// True if `op` carries a `kiln.schedule` (then it must be lowered by the
/// scheduled path, which reports whatever it cannot do).
bool hasKernelSchedule(mlir::Operation *op);

/// Replaces `op` with its scheduled kernel. The Value arguments are the
/// converted operands (adaptor values); failures are reported on the op.
mlir::LogicalResult
lowerScheduledMatMul(graph::MatMulOp op, mlir::Value lhs, mlir::Value bias,
                     mlir::ConversionPatternRewriter &rewriter);
mlir::LogicalResult
lowerScheduledGemm(graph::GemmOp op, mlir::Value a, mlir::Value c,
                   mlir::ConversionPatternRewriter &rewriter);
mlir::LogicalResult
lowerScheduledConv(graph::ConvOp op, mlir::Value input, mlir::Value bias,
                   mlir::Value residual,
                   mlir::ConversionPatternRewriter &rewriter);

} // namespace kiln::codegen

#endif // KILN_CODEGEN_GRAPHTOLINALG_SCHEDULEDCONTRACTION_H
