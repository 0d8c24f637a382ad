//===- Recognize.h - Recognition and fusion of graph ops ------*- C++ -*-===//
//
// The rewrites behind kiln-recognize-activations, kiln-recognize-norms,
// kiln-recognize-attention and kiln-fuse-elementwise, for drivers that want
// them without the passes.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_PASSES_RECOGNIZE_H
#define KILN_PASSES_RECOGNIZE_H

#include "mlir/IR/PatternMatch.h"

namespace kiln::passes {

/// Decomposed GELU (erf and tanh forms) and SiLU to graph.gelu / graph.silu.
void populateRecognizeActivationsPatterns(mlir::RewritePatternSet &patterns);

/// Decomposed LayerNormalization and Softmax to graph.layer_norm /
/// graph.softmax.
void populateRecognizeNormsPatterns(mlir::RewritePatternSet &patterns);

/// MatMul -> scale -> (mask) -> Softmax -> MatMul to graph.attention.
void populateRecognizeAttentionPatterns(mlir::RewritePatternSet &patterns);

/// Groups maximal trees of elementwise ops in `block` into
/// graph.fused_elementwise ops (see kiln-fuse-elementwise); returns the
/// number of groups formed.
unsigned fuseElementwiseTrees(mlir::Block &block, mlir::RewriterBase &rewriter);

} // namespace kiln::passes

#endif // KILN_PASSES_RECOGNIZE_H
