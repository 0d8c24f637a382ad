//===- Simplify.h - Constant folding and algebraic simplification -*- C++
//-*-===//
//
// The rewrites behind kiln-fold-constants, kiln-simplify-algebra,
// kiln-fold-transpose and kiln-fold-pad, for drivers that want them without
// the passes.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_PASSES_SIMPLIFY_H
#define KILN_PASSES_SIMPLIFY_H

#include "mlir/IR/PatternMatch.h"

#include <cstdint>

namespace kiln::passes {

/// Graph ops whose operands are all constants become constants, for results
/// of at most `maxResultElements` elements.
void populateFoldConstantsPatterns(mlir::RewritePatternSet &patterns,
                                   int64_t maxResultElements);

/// Identities (x+0, x*1, ...), reshape/transpose/cast chains; with
/// `fastMath`, also rewrites that change floating-point results (x*0, x-x).
void populateSimplifyAlgebraPatterns(mlir::RewritePatternSet &patterns,
                                     bool fastMath);

/// Transposes of the last two dims folded into gemm/matmul operands.
void populateFoldTransposePatterns(mlir::RewritePatternSet &patterns);

/// Zero pads of spatial dims folded into conv and pooling.
void populateFoldPadPatterns(mlir::RewritePatternSet &patterns);

} // namespace kiln::passes

#endif // KILN_PASSES_SIMPLIFY_H
