//===- FuseMatMulBias.cpp - Bias adds fused into contractions -------------===//
//
// kiln-fuse-matmul-bias: a bias added to a contraction's result becomes the
// contraction's initial accumulator in the lowering, which saves a pass over
// the result:
//   add(matmul(a, b), c)      -> matmul(a, b, c)
//   add(gemm(a, b), c)        -> gemm(a, b, c) {beta = 1}
//   add(conv(x, w), c[1,C,1]) -> conv(x, w, reshape(c) : [C])
// The sum is only reassociated (bias first instead of last).
//
//===----------------------------------------------------------------------===//

#include "kiln/Passes/Fusion.h"
#include "kiln/Passes/Passes.h"
#include "passes/ConstantEvaluator.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <type_traits>

using namespace mlir;
using namespace kiln::graph;

namespace kiln::passes {

#define GEN_PASS_DEF_FUSEMATMULBIAS
#include "passes/Passes.h.inc"

namespace {

/// Whether `op` already has a fused activation (the bias would have to be
/// added after it).
template <typename OpTy> bool hasActivation(OpTy op) {
  return op.getActivation().value_or(Activation::none) != Activation::none;
}

/// Whether `bias` broadcasts to `resultType` without growing it.
bool broadcastsTo(Value bias, RankedTensorType resultType) {
  auto biasType = cast<RankedTensorType>(bias.getType());
  if (biasType.getElementType() != resultType.getElementType())
    return false;
  FailureOr<SmallVector<int64_t>> shape =
      broadcastShapes(biasType.getShape(), resultType.getShape());
  return succeeded(shape) && ArrayRef<int64_t>(*shape) == resultType.getShape();
}

/// Matches add(OpTy, c) in either operand order, where the OpTy result has
/// no other use and the add keeps its type; returns the contraction and sets
/// `bias` to the other operand.
template <typename OpTy> OpTy matchAddOf(AddOp add, Value &bias) {
  for (unsigned i = 0; i < 2; ++i) {
    auto op = add->getOperand(i).getDefiningOp<OpTy>();
    if (!op || !op->hasOneUse() || op.getType() != add.getType())
      continue;
    bias = add->getOperand(1 - i);
    return op;
  }
  return {};
}

/// Replaces `add` with a copy of the contraction `op` (same first two
/// operands and attributes) that takes `bias` as its third operand, erases
/// `op` and returns the copy.
template <typename OpTy>
OpTy replaceWithBiased(PatternRewriter &rewriter, AddOp add, OpTy op,
                       Value bias) {
  Location loc = rewriter.getFusedLoc({op.getLoc(), add.getLoc()});
  OpTy fused;
  if constexpr (std::is_same_v<OpTy, ConvOp>) {
    // Keeps a fused residual: conv + r + c == conv + c + r, reassociated.
    fused = op.cloneWithOperands(rewriter, loc, add.getType(), op.getInput(),
                                 op.getWeight(), bias, op.getResidual());
  } else {
    fused = OpTy::create(
        rewriter, loc, TypeRange{add.getType()},
        ValueRange{op->getOperand(0), op->getOperand(1), bias}, op->getAttrs());
  }
  rewriter.replaceOp(add, fused.getResult());
  rewriter.eraseOp(op);
  return fused;
}

class FuseAddIntoMatMul : public OpRewritePattern<AddOp> {
public:
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(AddOp add,
                                PatternRewriter &rewriter) const override {
    Value bias;
    MatMulOp matmul = matchAddOf<MatMulOp>(add, bias);
    if (!matmul || matmul.getBias() || hasActivation(matmul) ||
        !broadcastsTo(bias, add.getType()))
      return rewriter.notifyMatchFailure(add, "not a fusable matmul + bias");
    replaceWithBiased(rewriter, add, matmul, bias);
    return success();
  }
};

class FuseAddIntoGemm : public OpRewritePattern<AddOp> {
public:
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(AddOp add,
                                PatternRewriter &rewriter) const override {
    Value bias;
    GemmOp gemm = matchAddOf<GemmOp>(add, bias);
    // Gemm's C is unidirectionally broadcast to [M, N], so at most 2-D.
    if (!gemm || gemm.getC() || hasActivation(gemm) ||
        cast<RankedTensorType>(bias.getType()).getRank() > 2 ||
        !broadcastsTo(bias, add.getType()))
      return rewriter.notifyMatchFailure(add, "not a fusable gemm + bias");
    // alpha * A'B' + 1 * c: any alpha stays, beta (unused so far) becomes 1.
    GemmOp fused = replaceWithBiased(rewriter, add, gemm, bias);
    rewriter.modifyOpInPlace(
        fused, [&] { fused.setBetaAttr(rewriter.getF32FloatAttr(1.0f)); });
    return success();
  }
};

/// add(conv(x, w), c) where c, right-aligned with the conv result [N, C,
/// S...], has size 1 everywhere except possibly C at dim 1: a per-channel
/// bias. (A [C] vector aligns with the last spatial dim, so it is not one.)
class FuseAddIntoConv : public OpRewritePattern<AddOp> {
public:
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(AddOp add,
                                PatternRewriter &rewriter) const override {
    Value bias;
    ConvOp conv = matchAddOf<ConvOp>(add, bias);
    if (!conv || conv.getBias() || hasActivation(conv) ||
        !broadcastsTo(bias, add.getType()))
      return rewriter.notifyMatchFailure(add, "not a fusable conv + bias");
    RankedTensorType resultType = add.getType();
    int64_t channels = resultType.getDimSize(1);
    ArrayRef<int64_t> shape = cast<RankedTensorType>(bias.getType()).getShape();
    int64_t offset = resultType.getRank() - shape.size();
    for (auto [i, size] : llvm::enumerate(shape))
      if (size != 1 && int64_t(i) + offset != 1)
        return rewriter.notifyMatchFailure(add, "bias is not per-channel");

    ElementsAttr value;
    if (!matchPattern(bias, m_Constant(&value)))
      return rewriter.notifyMatchFailure(add, "bias is not a constant");
    FailureOr<ConstantTensor> tensor = ConstantTensor::read(value);
    if (failed(tensor))
      return rewriter.notifyMatchFailure(add, "bias is not readable");
    // [1, C, 1, 1] (or a single value, repeated) as the conv's [C] bias.
    ConstantTensor perChannel{
        RankedTensorType::get({channels}, resultType.getElementType()),
        std::vector<Scalar>(channels)};
    for (int64_t c = 0; c < channels; ++c)
      perChannel.values[c] = tensor->values[tensor->values.size() == 1 ? 0 : c];

    Value newBias = ConstantOp::create(
        rewriter, rewriter.getFusedLoc({conv.getLoc(), add.getLoc()}),
        perChannel.toAttr());
    replaceWithBiased(rewriter, add, conv, newBias);
    return success();
  }
};

class FuseMatMulBiasPass : public impl::FuseMatMulBiasBase<FuseMatMulBiasPass> {
public:
  using FuseMatMulBiasBase::FuseMatMulBiasBase;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateFuseMatMulBiasPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace

void populateFuseMatMulBiasPatterns(RewritePatternSet &patterns) {
  patterns.add<FuseAddIntoMatMul, FuseAddIntoGemm, FuseAddIntoConv>(
      patterns.getContext());
}

} // namespace kiln::passes
