//===- SimplifyAlgebra.cpp - Identities and chains of graph ops -----------===//
//
// kiln-simplify-algebra: x+0, x-0, x*1, x/1, reshape and transpose chains,
// cast chains whose intermediate type holds every source value. With
// fast-math also x*0 -> 0 and x-x -> 0 for floats (NaN and infinity would
// give NaN); for integers these are exact and always on.
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

#define GEN_PASS_DEF_SIMPLIFYALGEBRA
#include "passes/Passes.h.inc"

namespace {

/// Whether `v` is a constant all of whose elements equal `expected`.
bool isConstantEqualTo(Value v, double expected) {
  ElementsAttr value;
  return matchPattern(v, m_Constant(&value)) &&
         isConstantAllEqualTo(value, expected);
}

/// Replaces `op` by `x`, broadcast through graph.expand when the op's result
/// is larger than x (the other operand broadcast it).
void replaceByOperand(Operation *op, Value x, PatternRewriter &rewriter) {
  Type resultType = op->getResult(0).getType();
  if (x.getType() == resultType) {
    rewriter.replaceOp(op, x);
    return;
  }
  rewriter.replaceOpWithNewOp<ExpandOp>(op, resultType, x);
}

//===----------------------------------------------------------------------===//
// Arithmetic identities
//===----------------------------------------------------------------------===//

/// x+0, 0+x, x-0, x*1, 1*x, x/1.
template <typename OpTy> class NeutralOperand : public OpRewritePattern<OpTy> {
public:
  using OpRewritePattern<OpTy>::OpRewritePattern;

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    constexpr bool isAdditive =
        std::is_same_v<OpTy, AddOp> || std::is_same_v<OpTy, SubOp>;
    constexpr bool isCommutative =
        std::is_same_v<OpTy, AddOp> || std::is_same_v<OpTy, MulOp>;
    double neutral = isAdditive ? 0.0 : 1.0;
    Value lhs = op.getLhs(), rhs = op.getRhs();
    if (isConstantEqualTo(rhs, neutral)) {
      replaceByOperand(op, lhs, rewriter);
      return success();
    }
    if (isCommutative && isConstantEqualTo(lhs, neutral)) {
      replaceByOperand(op, rhs, rewriter);
      return success();
    }
    return rewriter.notifyMatchFailure(op, "no neutral constant operand");
  }
};

/// A splat zero constant of `type`.
Value createZeros(PatternRewriter &rewriter, Location loc,
                  RankedTensorType type) {
  auto zeros =
      DenseElementsAttr::get(type, rewriter.getZeroAttr(type.getElementType()));
  return ConstantOp::create(rewriter, loc, type, zeros);
}

/// x*0 and 0*x -> 0: exact for integers; for floats only with fast-math
/// (inf*0 and NaN*0 are NaN, -x*0 is -0).
class MulByZero : public OpRewritePattern<MulOp> {
public:
  MulByZero(MLIRContext *ctx, bool fastMath)
      : OpRewritePattern(ctx), fastMath(fastMath) {}

  LogicalResult matchAndRewrite(MulOp op,
                                PatternRewriter &rewriter) const override {
    if (isa<FloatType>(op.getType().getElementType()) && !fastMath)
      return rewriter.notifyMatchFailure(op, "needs fast-math for floats");
    if (!isConstantEqualTo(op.getLhs(), 0.0) &&
        !isConstantEqualTo(op.getRhs(), 0.0))
      return rewriter.notifyMatchFailure(op, "no zero operand");
    rewriter.replaceOp(op, createZeros(rewriter, op.getLoc(), op.getType()));
    return success();
  }

private:
  bool fastMath;
};

/// x-x -> 0: exact for integers; for floats only with fast-math (inf-inf is
/// NaN).
class SubSelf : public OpRewritePattern<SubOp> {
public:
  SubSelf(MLIRContext *ctx, bool fastMath)
      : OpRewritePattern(ctx), fastMath(fastMath) {}

  LogicalResult matchAndRewrite(SubOp op,
                                PatternRewriter &rewriter) const override {
    if (op.getLhs() != op.getRhs())
      return rewriter.notifyMatchFailure(op, "operands differ");
    if (isa<FloatType>(op.getType().getElementType()) && !fastMath)
      return rewriter.notifyMatchFailure(op, "needs fast-math for floats");
    rewriter.replaceOp(op, createZeros(rewriter, op.getLoc(), op.getType()));
    return success();
  }

private:
  bool fastMath;
};

//===----------------------------------------------------------------------===//
// Reshape and transpose chains
//===----------------------------------------------------------------------===//

/// reshape(reshape(x)) -> reshape(x); a reshape to x's own type -> x.
class ComposeReshapes : public OpRewritePattern<ReshapeOp> {
public:
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ReshapeOp op,
                                PatternRewriter &rewriter) const override {
    auto inner = op.getInput().getDefiningOp<ReshapeOp>();
    if (!inner)
      return rewriter.notifyMatchFailure(op, "input is not a reshape");
    Value x = inner.getInput();
    if (x.getType() == op.getType())
      rewriter.replaceOp(op, x);
    else
      rewriter.replaceOpWithNewOp<ReshapeOp>(op, op.getType(), x);
    return success();
  }
};

/// transpose(transpose(x)) -> one transpose with the composed permutation,
/// or x when it is the identity; a lone identity transpose -> x.
class ComposeTransposes : public OpRewritePattern<TransposeOp> {
public:
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(TransposeOp op,
                                PatternRewriter &rewriter) const override {
    auto isIdentity = [](ArrayRef<int64_t> perm) {
      for (auto [i, p] : llvm::enumerate(perm))
        if (p != int64_t(i))
          return false;
      return true;
    };
    if (isIdentity(op.getPerm())) {
      rewriter.replaceOp(op, op.getInput());
      return success();
    }
    auto inner = op.getInput().getDefiningOp<TransposeOp>();
    if (!inner)
      return rewriter.notifyMatchFailure(op, "input is not a transpose");
    // Result dim i is inner dim perm[i], which is x dim innerPerm[perm[i]].
    ArrayRef<int64_t> innerPerm = inner.getPerm();
    SmallVector<int64_t> perm;
    for (int64_t p : op.getPerm())
      perm.push_back(innerPerm[p]);
    if (isIdentity(perm))
      rewriter.replaceOp(op, inner.getInput());
    else
      rewriter.replaceOpWithNewOp<TransposeOp>(op, op.getType(),
                                               inner.getInput(), perm);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Cast chains
//===----------------------------------------------------------------------===//

/// The number of significand bits of a float type (with the implicit bit).
unsigned precisionOf(FloatType type) {
  return APFloat::semanticsPrecision(type.getFloatSemantics());
}

/// Whether every value of element type `from` is exactly a value of `mid`,
/// so that cast(cast(x, mid), to) == cast(x, to) for every `to`: all ONNX
/// casts depend only on the value cast (for integer truncation, on its low
/// bits, which an exact widening keeps).
bool holdsEveryValue(Type from, Type mid) {
  if (from == mid)
    return true;
  auto fromFloat = dyn_cast<FloatType>(from);
  auto midFloat = dyn_cast<FloatType>(mid);
  if (fromFloat && midFloat) {
    const llvm::fltSemantics &f = fromFloat.getFloatSemantics();
    const llvm::fltSemantics &m = midFloat.getFloatSemantics();
    return APFloat::semanticsPrecision(f) <= APFloat::semanticsPrecision(m) &&
           APFloat::semanticsMaxExponent(f) <=
               APFloat::semanticsMaxExponent(m) &&
           APFloat::semanticsMinExponent(f) >= APFloat::semanticsMinExponent(m);
  }
  if (fromFloat)
    return false; // Float to integer drops fractions.
  auto fromInt = cast<IntegerType>(from);
  unsigned fromWidth = fromInt.getWidth();
  bool fromSigned = fromWidth > 1 && !fromInt.isUnsigned();
  // Magnitude bits of the source: i8 spans [-128, 127], ui8 [0, 255].
  unsigned magnitude = fromSigned ? fromWidth - 1 : fromWidth;
  if (midFloat)
    return magnitude <= precisionOf(midFloat);
  auto midInt = cast<IntegerType>(mid);
  unsigned midWidth = midInt.getWidth();
  if (midWidth == 1)
    return false;
  bool midSigned = !midInt.isUnsigned();
  if (fromSigned && !midSigned)
    return false; // Negative values.
  return (midSigned ? midWidth - 1 : midWidth) >= magnitude;
}

/// cast(cast(x, mid), to) -> cast(x, to) when mid holds every value of x's
/// type; casts to x's own type disappear.
class ComposeCasts : public OpRewritePattern<CastOp> {
public:
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(CastOp op,
                                PatternRewriter &rewriter) const override {
    auto inner = op.getInput().getDefiningOp<CastOp>();
    if (!inner)
      return rewriter.notifyMatchFailure(op, "input is not a cast");
    TypedValue<RankedTensorType> x = inner.getInput();
    if (!holdsEveryValue(x.getType().getElementType(),
                         inner.getType().getElementType()))
      return rewriter.notifyMatchFailure(op, "intermediate type is lossy");
    if (x.getType() == op.getType())
      rewriter.replaceOp(op, x);
    else
      rewriter.replaceOpWithNewOp<CastOp>(op, op.getType(), x);
    return success();
  }
};

class SimplifyAlgebraPass
    : public impl::SimplifyAlgebraBase<SimplifyAlgebraPass> {
public:
  using SimplifyAlgebraBase::SimplifyAlgebraBase;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateSimplifyAlgebraPatterns(patterns, fastMath);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace

void populateSimplifyAlgebraPatterns(RewritePatternSet &patterns,
                                     bool fastMath) {
  MLIRContext *ctx = patterns.getContext();
  patterns.add<NeutralOperand<AddOp>, NeutralOperand<SubOp>,
               NeutralOperand<MulOp>, NeutralOperand<DivOp>, ComposeReshapes,
               ComposeTransposes, ComposeCasts>(ctx);
  patterns.add<MulByZero, SubSelf>(ctx, fastMath);
}

} // namespace kiln::passes
