//===- GraphToLinalg.h - Graph dialect to linalg lowering -------*- C++ -*-===//
//
// Patterns that rewrite `graph` ops into linalg structured ops, tensor ops
// and arith/math scalar code. The pass `kiln-convert-graph-to-linalg`
// (codegen/Passes.td) drives them with the dialect conversion framework.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_CODEGEN_GRAPHTOLINALG_H
#define KILN_CODEGEN_GRAPHTOLINALG_H

#include "mlir/Transforms/DialectConversion.h"

namespace kiln::codegen {

/// Converts ranked tensors of unsigned integers (ui8..ui64) to the signless
/// integer type of the same width; every other type is left unchanged. The
/// patterns read signedness from the original graph types, so the lowered
/// arithmetic is still unsigned where it must be (divui, cmpi ult, ...).
class GraphToLinalgTypeConverter : public mlir::TypeConverter {
public:
  GraphToLinalgTypeConverter();
};

/// Adds the patterns lowering every graph op. Patterns that meet something
/// they cannot lower (an element type an op does not support, ...) emit an
/// error naming the op and fail, so a conversion that marks the graph
/// dialect illegal fails with a precise message.
void populateGraphToLinalgPatterns(mlir::TypeConverter &typeConverter,
                                   mlir::RewritePatternSet &patterns);

/// The same patterns by category, for drivers that lower a subset.
/// Unary/binary ops, where, cast, clip, activations, batch_norm, expand and
/// graph.fused_elementwise.
void populateGraphElementwiseToLinalgPatterns(
    mlir::TypeConverter &typeConverter, mlir::RewritePatternSet &patterns);
/// matmul, gemm and conv.
void populateGraphContractionToLinalgPatterns(
    mlir::TypeConverter &typeConverter, mlir::RewritePatternSet &patterns);
/// max_pool and average_pool.
void populateGraphPoolingToLinalgPatterns(mlir::TypeConverter &typeConverter,
                                          mlir::RewritePatternSet &patterns);
/// reduce_*, softmax and layer_norm.
void populateGraphReductionToLinalgPatterns(mlir::TypeConverter &typeConverter,
                                            mlir::RewritePatternSet &patterns);
/// attention (graph.attention).
void populateGraphAttentionToLinalgPatterns(mlir::TypeConverter &typeConverter,
                                            mlir::RewritePatternSet &patterns);
/// reshape, transpose, concat, slice, gather, pad and constant.
void populateGraphDataMovementToLinalgPatterns(
    mlir::TypeConverter &typeConverter, mlir::RewritePatternSet &patterns);
/// arg_max, arg_min, top_k, cumsum, gather_elements, gather_nd,
/// scatter_elements and scatter_nd.
void populateGraphIndexingToLinalgPatterns(mlir::TypeConverter &typeConverter,
                                           mlir::RewritePatternSet &patterns);

} // namespace kiln::codegen

#endif // KILN_CODEGEN_GRAPHTOLINALG_H
