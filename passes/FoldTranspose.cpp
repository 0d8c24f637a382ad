//===- FoldTranspose.cpp - Transposes folded into gemm and matmul ---------===//
//
// kiln-fold-transpose: the contractions read either operand transposed for
// free (gemm's transA/transB) or, for constant weights, the transposed
// weights can be stored instead. Transposes of other dims stay.
//
//===----------------------------------------------------------------------===//

#include "kiln/Passes/Passes.h"
#include "kiln/Passes/Simplify.h"
#include "passes/ConstantEvaluator.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

using namespace mlir;
using namespace kiln::graph;

namespace kiln::passes {

#define GEN_PASS_DEF_FOLDTRANSPOSE
#include "passes/Passes.h.inc"

namespace {

/// The transpose defining `v` when it swaps the last two dims and keeps the
/// leading ones in place.
TransposeOp getLastTwoDimsTranspose(Value v) {
  auto transpose = v.getDefiningOp<TransposeOp>();
  if (!transpose)
    return {};
  ArrayRef<int64_t> perm = transpose.getPerm();
  int64_t rank = perm.size();
  if (rank < 2 || perm[rank - 1] != rank - 2 || perm[rank - 2] != rank - 1)
    return {};
  for (int64_t d = 0; d < rank - 2; ++d)
    if (perm[d] != d)
      return {};
  return transpose;
}

/// gemm(transpose(a), b) -> gemm(a, b) with transA toggled; likewise b.
class FoldTransposeIntoGemm : public OpRewritePattern<GemmOp> {
public:
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(GemmOp op,
                                PatternRewriter &rewriter) const override {
    TransposeOp ta = getLastTwoDimsTranspose(op.getA());
    TransposeOp tb = getLastTwoDimsTranspose(op.getB());
    if (!ta && !tb)
      return rewriter.notifyMatchFailure(op, "no transposed operand");
    rewriter.modifyOpInPlace(op, [&] {
      if (ta) {
        op.getAMutable().assign(ta.getInput());
        op.setTransA(!op.getTransA());
      }
      if (tb) {
        op.getBMutable().assign(tb.getInput());
        op.setTransB(!op.getTransB());
      }
    });
    return success();
  }
};

/// matmul(x, transpose(w)) with a constant w -> matmul(x, w') where w' is
/// the transposed constant: the weights are stored the way they are read.
class FoldTransposedConstantIntoMatMul : public OpRewritePattern<MatMulOp> {
public:
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(MatMulOp op,
                                PatternRewriter &rewriter) const override {
    TransposeOp transpose = getLastTwoDimsTranspose(op.getRhs());
    ElementsAttr weights;
    if (!transpose || !matchPattern(transpose.getInput(), m_Constant(&weights)))
      return rewriter.notifyMatchFailure(op,
                                         "rhs is not a transposed constant");
    FailureOr<ElementsAttr> transposed =
        transposeConstant(weights, transpose.getPerm());
    if (failed(transposed))
      return rewriter.notifyMatchFailure(op, "constant is not readable");
    Value folded =
        ConstantOp::create(rewriter, transpose.getLoc(), *transposed);
    rewriter.modifyOpInPlace(op, [&] { op.getRhsMutable().assign(folded); });
    return success();
  }
};

/// matmul(transpose(a), b) and matmul(a, transpose(b)) on 2-D float operands
/// -> gemm {transA / transB}, carrying over the bias (as C, beta = 1) and the
/// activation.
class TransposedMatMulToGemm : public OpRewritePattern<MatMulOp> {
public:
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(MatMulOp op,
                                PatternRewriter &rewriter) const override {
    auto lhsType = op.getLhs().getType();
    auto rhsType = op.getRhs().getType();
    if (lhsType.getRank() != 2 || rhsType.getRank() != 2 ||
        !isa<FloatType>(lhsType.getElementType()))
      return rewriter.notifyMatchFailure(op, "not a 2-D float matmul");
    TransposeOp ta = getLastTwoDimsTranspose(op.getLhs());
    TransposeOp tb = getLastTwoDimsTranspose(op.getRhs());
    if (!ta && !tb)
      return rewriter.notifyMatchFailure(op, "no transposed operand");
    Value a = ta ? ta.getInput() : op.getLhs();
    Value b = tb ? tb.getInput() : op.getRhs();
    auto gemm = GemmOp::create(
        rewriter, op.getLoc(), op.getType(), a, b, op.getBias(),
        rewriter.getF32FloatAttr(1.0f), rewriter.getF32FloatAttr(1.0f),
        rewriter.getBoolAttr(bool(ta)), rewriter.getBoolAttr(bool(tb)),
        op.getActivationAttr(), op.getActivationParamsAttr());
    rewriter.replaceOp(op, gemm.getResult());
    return success();
  }
};

class FoldTransposePass : public impl::FoldTransposeBase<FoldTransposePass> {
public:
  using FoldTransposeBase::FoldTransposeBase;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateFoldTransposePatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace

void populateFoldTransposePatterns(RewritePatternSet &patterns) {
  MLIRContext *ctx = patterns.getContext();
  // Storing transposed weights keeps the matmul (and its batching); it is
  // tried before turning a 2-D matmul into a gemm.
  patterns.add<FoldTransposedConstantIntoMatMul>(ctx, /*benefit=*/2);
  patterns.add<FoldTransposeIntoGemm, TransposedMatMulToGemm>(ctx);
}

} // namespace kiln::passes
