//===- RecognizeActivations.cpp - The kiln-recognize-activations pass -----===//
//
// Finds GELU and SiLU in the decomposed forms exporters write and replaces
// them with graph.gelu / graph.silu, which lower to one loop and fuse into
// contraction epilogues. Products are matched as multisets of factors, so
// every order of the multiplications torch produces (0.5 first or last,
// x * 0.5 or 0.5 * x) is one pattern; constants match within 1e-6 relative.
//
//===----------------------------------------------------------------------===//

#include "kiln/Passes/Passes.h"
#include "kiln/Passes/Recognize.h"
#include "passes/RecognizeUtils.h"

#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

using namespace mlir;
using namespace kiln::graph;

namespace kiln::passes {

#define GEN_PASS_DEF_RECOGNIZEACTIVATIONS
#include "passes/Passes.h.inc"

namespace {

/// A product split into the product of its scalar-constant factors and the
/// other factors; `pow(y, 2|3)` with one use counts as y repeated.
struct Product {
  double coefficient = 1.0;
  SmallVector<Value> factors;
};

Product splitProduct(Value v) {
  SmallVector<Value> all;
  collectFactors(v, all);
  Product product;
  for (Value f : all) {
    if (std::optional<double> c = getScalarConstant(f)) {
      product.coefficient *= *c;
      continue;
    }
    auto pow = f.getDefiningOp<PowOp>();
    std::optional<double> exponent =
        pow ? getScalarConstant(pow.getRhs()) : std::nullopt;
    if (pow && pow->hasOneUse() && pow.getType() == pow.getLhs().getType() &&
        exponent && (*exponent == 2.0 || *exponent == 3.0)) {
      product.factors.append(static_cast<size_t>(*exponent), pow.getLhs());
      continue;
    }
    product.factors.push_back(f);
  }
  return product;
}

/// `1 + inner` (either order) with one use: returns the op defining inner
/// when it is an `OpTy` with one use.
template <typename OpTy> OpTy matchOnePlus(Value v) {
  auto add = v.getDefiningOp<AddOp>();
  if (!add || !add->hasOneUse() || add.getType() != v.getType())
    return {};
  for (auto [one, other] : {std::pair(add.getLhs(), add.getRhs()),
                            std::pair(add.getRhs(), add.getLhs())}) {
    auto inner = other.template getDefiningOp<OpTy>();
    if (isConstantCloseTo(one, 1.0) && inner && inner->hasOneUse() &&
        other.getType() == v.getType())
      return inner;
  }
  return {};
}

/// The root of `0.5 * x * (1 + f(...))`: returns x and the f op, or nulls.
template <typename OpTy> std::pair<Value, OpTy> matchHalfXOnePlus(MulOp root) {
  Product product = splitProduct(root.getResult());
  if (!isCloseTo(product.coefficient, 0.5) || product.factors.size() != 2)
    return {};
  for (auto [x, gate] : {std::pair(product.factors[0], product.factors[1]),
                         std::pair(product.factors[1], product.factors[0])})
    if (OpTy inner = matchOnePlus<OpTy>(gate);
        inner && x.getType() == root.getType())
      return {x, inner};
  return {};
}

/// x * 0.5 * (1 + erf(x / sqrt(2))), the erf argument also as x * (1/sqrt2).
struct GeluErfPattern : OpRewritePattern<MulOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(MulOp root,
                                PatternRewriter &rewriter) const override {
    auto [x, erf] = matchHalfXOnePlus<ErfOp>(root);
    if (!x)
      return rewriter.notifyMatchFailure(root, "not 0.5 * x * (1 + erf)");
    double scale = 1.0;
    Value scaled = erf.getInput();
    if (!scaled.hasOneUse() || peelScalarScale(scaled, scale) != x ||
        !isCloseTo(scale, M_SQRT1_2))
      return rewriter.notifyMatchFailure(root, "erf argument is not x/sqrt2");
    rewriter.replaceOpWithNewOp<GeluOp>(root, root.getType(), x,
                                        rewriter.getBoolAttr(false));
    return success();
  }
};

/// 0.5 * x * (1 + tanh(sqrt(2/pi) * (x + 0.044715 * x^3))), x^3 as
/// pow(x, 3) or x * x * x.
struct GeluTanhPattern : OpRewritePattern<MulOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(MulOp root,
                                PatternRewriter &rewriter) const override {
    auto [x, tanh] = matchHalfXOnePlus<TanhOp>(root);
    if (!x)
      return rewriter.notifyMatchFailure(root, "not 0.5 * x * (1 + tanh)");
    Value arg = tanh.getInput();
    Product outer = splitProduct(arg);
    if (!arg.hasOneUse() ||
        !isCloseTo(outer.coefficient, std::sqrt(2 / M_PI)) ||
        outer.factors.size() != 1)
      return rewriter.notifyMatchFailure(root, "tanh scale is not sqrt(2/pi)");
    auto sum = outer.factors[0].getDefiningOp<AddOp>();
    if (!sum || !sum->hasOneUse() || sum.getType() != x.getType())
      return rewriter.notifyMatchFailure(root, "no x + 0.044715 x^3");
    Value cube = sum.getLhs() == x ? sum.getRhs() : sum.getLhs();
    if (cube == sum.getLhs() && sum.getRhs() != x)
      return rewriter.notifyMatchFailure(root, "no x + 0.044715 x^3");
    Product cubic = splitProduct(cube);
    if (!cube.hasOneUse() || !isCloseTo(cubic.coefficient, 0.044715) ||
        cubic.factors.size() != 3 ||
        !llvm::all_of(cubic.factors, [&](Value f) { return f == x; }))
      return rewriter.notifyMatchFailure(root, "no 0.044715 * x^3 term");
    rewriter.replaceOpWithNewOp<GeluOp>(root, root.getType(), x,
                                        rewriter.getBoolAttr(true));
    return success();
  }
};

/// x * sigmoid(x), either order.
struct SiluPattern : OpRewritePattern<MulOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(MulOp root,
                                PatternRewriter &rewriter) const override {
    for (auto [x, gate] : {std::pair(root.getLhs(), root.getRhs()),
                           std::pair(root.getRhs(), root.getLhs())}) {
      auto sigmoid = gate.getDefiningOp<SigmoidOp>();
      if (sigmoid && sigmoid->hasOneUse() && sigmoid.getInput() == x &&
          x.getType() == root.getType()) {
        rewriter.replaceOpWithNewOp<SiluOp>(root, root.getType(), x);
        return success();
      }
    }
    return rewriter.notifyMatchFailure(root, "not x * sigmoid(x)");
  }
};

struct RecognizeActivationsPass
    : impl::RecognizeActivationsBase<RecognizeActivationsPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateRecognizeActivationsPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

void populateRecognizeActivationsPatterns(RewritePatternSet &patterns) {
  patterns.add<GeluErfPattern, GeluTanhPattern, SiluPattern>(
      patterns.getContext());
}

} // namespace kiln::passes
