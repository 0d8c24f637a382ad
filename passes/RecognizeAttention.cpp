//===- RecognizeAttention.cpp - The kiln-recognize-attention pass ---------===//
//
// Scaled dot-product attention, as exporters decompose it:
//   matmul(q, kT) -> scale -> (+ mask) -> softmax(last axis) -> matmul(., v)
// becomes graph.attention {scale}, which codegen lowers without writing the
// scaled and masked scores twice. The scale may be applied to the scores (mul
// by s or div by d), to q before the product, or to both q and k (torch's
// sqrt-scale export): all scalar factors multiply into `scale`. K is wanted
// as [.., Sk, D]: when kT is a transpose, the transpose is composed with the
// swap of the last two dims (often cancelling); otherwise one is inserted.
//
//===----------------------------------------------------------------------===//

#include "kiln/Passes/Passes.h"
#include "kiln/Passes/Recognize.h"
#include "passes/RecognizeUtils.h"

#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <numeric>

using namespace mlir;
using namespace kiln::graph;

namespace kiln::passes {

#define GEN_PASS_DEF_RECOGNIZEATTENTION
#include "passes/Passes.h.inc"

namespace {

/// Peels scalar scales off `v` into `scale`; each peeled op must have one
/// use when `requireOneUse` (the ops the rewrite makes dead).
Value peelScales(Value v, double &scale, bool requireOneUse) {
  while (true) {
    if (requireOneUse && !v.hasOneUse())
      return v;
    double factor = 1.0;
    Value inner = peelScalarScale(v, factor);
    if (!inner)
      return v;
    scale *= factor;
    v = inner;
  }
}

/// A plain (no bias, no activation) matmul with one use.
MatMulOp getPlainMatMul(Value v) {
  auto matmul = v.getDefiningOp<MatMulOp>();
  if (!matmul || matmul.getBias() || matmul.getActivation() ||
      !matmul->hasOneUse())
    return {};
  return matmul;
}

/// `perm` followed by the swap of the last two dims.
SmallVector<int64_t> swapLastTwo(ArrayRef<int64_t> perm) {
  SmallVector<int64_t> result(perm);
  std::swap(result[result.size() - 2], result.back());
  return result;
}

/// The key as [.., Sk, D] from the matmul's right operand kT = [.., D, Sk].
Value buildKey(PatternRewriter &rewriter, Location loc, Value keyT,
               double &scale) {
  Value source = peelScales(keyT, scale, /*requireOneUse=*/false);
  int64_t rank = cast<RankedTensorType>(source.getType()).getRank();
  SmallVector<int64_t> perm(rank);
  std::iota(perm.begin(), perm.end(), 0);
  if (auto transpose = source.getDefiningOp<TransposeOp>()) {
    perm.assign(transpose.getPerm().begin(), transpose.getPerm().end());
    source = peelScales(transpose.getInput(), scale, /*requireOneUse=*/false);
  }
  perm = swapLastTwo(perm);
  if (llvm::equal(perm, llvm::seq<int64_t>(0, rank)))
    return source;
  auto sourceType = cast<RankedTensorType>(source.getType());
  SmallVector<int64_t> shape = llvm::map_to_vector(
      perm, [&](int64_t d) { return sourceType.getDimSize(d); });
  return TransposeOp::create(rewriter, loc, sourceType.clone(shape), source,
                             rewriter.getDenseI64ArrayAttr(perm));
}

/// Whether q [.., Sq, D], kT [.., D, Sk] and v [.., Sk, Dv] have one rank,
/// equal leading dims and one float element type (graph.attention does not
/// broadcast).
bool haveAttentionShapes(Value q, Value keyT, Value v) {
  auto qt = cast<RankedTensorType>(q.getType());
  auto kt = cast<RankedTensorType>(keyT.getType());
  auto vt = cast<RankedTensorType>(v.getType());
  int64_t rank = qt.getRank();
  return rank >= 2 && kt.getRank() == rank && vt.getRank() == rank &&
         isa<FloatType>(qt.getElementType()) &&
         kt.getElementType() == qt.getElementType() &&
         vt.getElementType() == qt.getElementType() &&
         qt.getShape().drop_back(2) == kt.getShape().drop_back(2) &&
         qt.getShape().drop_back(2) == vt.getShape().drop_back(2) &&
         qt.getShape().back() == kt.getDimSize(rank - 2) &&
         kt.getShape().back() == vt.getDimSize(rank - 2);
}

struct AttentionPattern : OpRewritePattern<MatMulOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(MatMulOp root,
                                PatternRewriter &rewriter) const override {
    if (root.getBias() || root.getActivation())
      return rewriter.notifyMatchFailure(root, "has an epilogue");
    auto softmax = root.getLhs().getDefiningOp<SoftmaxOp>();
    if (!softmax || !softmax->hasOneUse() ||
        softmax.getAxis() != softmax.getType().getRank() - 1)
      return rewriter.notifyMatchFailure(root, "no softmax over the last dim");

    // Scores, possibly with an additive mask on either side.
    Value scores = softmax.getInput();
    Value mask;
    double scale = 1.0;
    MatMulOp qk = getPlainMatMul(peelScales(scores, scale, true));
    if (!qk && scores.hasOneUse()) {
      if (auto add = scores.getDefiningOp<AddOp>()) {
        for (auto [chain, other] : {std::pair(add.getLhs(), add.getRhs()),
                                    std::pair(add.getRhs(), add.getLhs())}) {
          scale = 1.0;
          qk = chain.getType() == scores.getType()
                   ? getPlainMatMul(peelScales(chain, scale, true))
                   : MatMulOp();
          if (qk) {
            mask = other;
            break;
          }
        }
      }
    }
    if (!qk)
      return rewriter.notifyMatchFailure(root, "no q x kT before softmax");
    if (mask && getElementTypeOrSelf(mask.getType()) !=
                    getElementTypeOrSelf(scores.getType()))
      return rewriter.notifyMatchFailure(root, "mask of another type");

    Value query = peelScales(qk.getLhs(), scale, /*requireOneUse=*/false);
    Value value = root.getRhs();
    if (!haveAttentionShapes(query, qk.getRhs(), value) ||
        query.getType() != qk.getLhs().getType())
      return rewriter.notifyMatchFailure(root, "shapes need broadcasting");
    Value key = buildKey(rewriter, root.getLoc(), qk.getRhs(), scale);
    rewriter.replaceOpWithNewOp<AttentionOp>(
        root, root.getType(), query, key, value, mask,
        rewriter.getF32FloatAttr(static_cast<float>(scale)));
    return success();
  }
};

struct RecognizeAttentionPass
    : impl::RecognizeAttentionBase<RecognizeAttentionPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateRecognizeAttentionPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

void populateRecognizeAttentionPatterns(RewritePatternSet &patterns) {
  patterns.add<AttentionPattern>(patterns.getContext());
}

} // namespace kiln::passes
