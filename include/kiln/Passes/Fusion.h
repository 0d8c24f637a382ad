//===- Fusion.h - Folding and fusion into contractions ----------*- C++ -*-===//
//
// The rewrites behind kiln-fold-batch-norm, kiln-fuse-matmul-bias and
// kiln-fuse-epilogues, for drivers that want them without the passes.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_PASSES_FUSION_H
#define KILN_PASSES_FUSION_H

#include "mlir/IR/PatternMatch.h"

namespace kiln::passes {

/// Inference batch_norm of a conv with constant weights and parameters
/// folded into the conv's weights and bias.
void populateFoldBatchNormPatterns(mlir::RewritePatternSet &patterns);

/// An add of a broadcast bias folded into matmul (bias operand), gemm (C)
/// and conv (per-channel constant bias).
void populateFuseMatMulBiasPatterns(mlir::RewritePatternSet &patterns);

/// Activations of a contraction's only use folded into its `activation`
/// attribute, after a same-typed add to a single-use conv became the conv's
/// `residual`.
void populateFuseEpiloguesPatterns(mlir::RewritePatternSet &patterns);

} // namespace kiln::passes

#endif // KILN_PASSES_FUSION_H
