//===- LegalizeFreestanding.cpp - No libm, no runtime library -------------===//
//
// Implements kiln-legalize-freestanding. Generated objects must link with
// nothing but memcpy/memset/memmove (ARCHITECTURE.md, "Freestanding"), yet
// the upstream LLVM lowering maps most math ops to intrinsics that become
// libm calls (expf, tanhf, floorf on cores without a rounding instruction,
// fmaf without an FMA unit, fmodf for frem) and strided copies to the
// runtime's memrefCopy. This pass rewrites all of them into plain arithmetic
// and then checks that nothing needing a library is left.
//
//===----------------------------------------------------------------------===//

#include "kiln/Codegen/LLVMPasses.h"

#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/MemRef/Utils/MemRefUtils.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace kiln::codegen {

#define GEN_PASS_DEF_LEGALIZEFREESTANDING
#include "codegen/LLVM/Passes.h.inc"

using namespace mlir;

namespace {

/// `elementType` in the shape of `like` (scalar or vector/tensor).
Type withElementType(Type like, Type elementType) {
  if (auto shaped = dyn_cast<ShapedType>(like))
    return shaped.clone(elementType);
  return elementType;
}

/// A scalar or splat constant of type `type` (float or int elements).
Value constantOf(OpBuilder &b, Location loc, Type type, double value) {
  Type element = getElementTypeOrSelf(type);
  TypedAttr scalar =
      isa<FloatType>(element)
          ? TypedAttr(b.getFloatAttr(element, value))
          : TypedAttr(b.getIntegerAttr(element, static_cast<int64_t>(value)));
  if (auto shaped = dyn_cast<ShapedType>(type))
    return arith::ConstantOp::create(b, loc,
                                     DenseElementsAttr::get(shaped, scalar));
  return arith::ConstantOp::create(b, loc, scalar);
}

bool hasStaticShapeOrIsScalar(Type type) {
  auto shaped = dyn_cast<ShapedType>(type);
  return !shaped || shaped.hasStaticShape();
}

//===----------------------------------------------------------------------===//
// floor / ceil / trunc / round / roundeven
//===----------------------------------------------------------------------===//

enum class Rounding { Trunc, Floor, Ceil, Round, RoundEven };

/// Rounds through an integer conversion: any |x| >= 2^mantissa-bits is
/// already integral (NaN and infinities included, via the unordered compare),
/// and below that bound fptosi/sitofp is exact. Every result carries the sign
/// of x, which keeps -0.0 where IEEE rounding gives it.
template <typename OpTy, Rounding mode>
struct ExpandRounding : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    Type type = op.getType();
    auto element = dyn_cast<FloatType>(getElementTypeOrSelf(type));
    if (!element || element.getWidth() > 64 || !hasStaticShapeOrIsScalar(type))
      return rewriter.notifyMatchFailure(op, "unsupported type");
    Location loc = op.getLoc();
    Value x = op.getOperand();
    // Narrow formats round exactly in f32.
    Type workType = type;
    if (element.getWidth() < 32) {
      workType = withElementType(type, rewriter.getF32Type());
      x = arith::ExtFOp::create(rewriter, loc, workType, x);
    }
    bool wide = getElementTypeOrSelf(workType).isF64();
    Type intType =
        withElementType(workType, rewriter.getIntegerType(wide ? 64 : 32));
    double limit = wide ? 4503599627370496.0 /*2^52*/ : 8388608.0 /*2^23*/;

    Value zero = constantOf(rewriter, loc, workType, 0.0);
    Value one = constantOf(rewriter, loc, workType, 1.0);
    Value small =
        arith::CmpFOp::create(rewriter, loc, arith::CmpFPredicate::OLT,
                              math::AbsFOp::create(rewriter, loc, x),
                              constantOf(rewriter, loc, workType, limit));
    Value asInt = arith::FPToSIOp::create(rewriter, loc, intType, x);
    Value t = arith::SIToFPOp::create(rewriter, loc, workType, asInt);
    auto step = [&](Value condition, Value amount) -> Value {
      return arith::AddFOp::create(
          rewriter, loc, t,
          arith::SelectOp::create(rewriter, loc, condition, amount, zero));
    };
    Value r = t;
    switch (mode) {
    case Rounding::Trunc:
      break;
    case Rounding::Floor:
      r = step(
          arith::CmpFOp::create(rewriter, loc, arith::CmpFPredicate::OLT, x, t),
          constantOf(rewriter, loc, workType, -1.0));
      break;
    case Rounding::Ceil:
      r = step(
          arith::CmpFOp::create(rewriter, loc, arith::CmpFPredicate::OGT, x, t),
          one);
      break;
    case Rounding::Round:
    case Rounding::RoundEven: {
      // x - t is exact here; |x - t| < 1.
      Value fraction = math::AbsFOp::create(
          rewriter, loc, arith::SubFOp::create(rewriter, loc, x, t));
      Value half = constantOf(rewriter, loc, workType, 0.5);
      Value bump;
      if (mode == Rounding::Round) {
        bump = arith::CmpFOp::create(rewriter, loc, arith::CmpFPredicate::OGE,
                                     fraction, half);
      } else {
        Value above = arith::CmpFOp::create(
            rewriter, loc, arith::CmpFPredicate::OGT, fraction, half);
        Value tie = arith::CmpFOp::create(
            rewriter, loc, arith::CmpFPredicate::OEQ, fraction, half);
        Value odd = arith::CmpIOp::create(
            rewriter, loc, arith::CmpIPredicate::ne,
            arith::AndIOp::create(rewriter, loc, asInt,
                                  constantOf(rewriter, loc, intType, 1)),
            constantOf(rewriter, loc, intType, 0));
        bump = arith::OrIOp::create(
            rewriter, loc, above,
            arith::AndIOp::create(rewriter, loc, tie, odd));
      }
      r = step(bump, math::CopySignOp::create(rewriter, loc, one, x));
      break;
    }
    }
    r = math::CopySignOp::create(rewriter, loc, r, x);
    Value result = arith::SelectOp::create(rewriter, loc, small, r, x);
    if (workType != type)
      result = arith::TruncFOp::create(rewriter, loc, type, result);
    rewriter.replaceOp(op, result);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Other expansions
//===----------------------------------------------------------------------===//

/// The upstream polynomial approximations exist for f32 only: compute other
/// float types in f32 (f64 loses precision, to about 1e-7 relative).
template <typename OpTy> struct ComputeInF32 : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    Type type = op->getResult(0).getType();
    auto element = dyn_cast<FloatType>(getElementTypeOrSelf(type));
    if (!element || element.isF32() || element.getWidth() > 64)
      return rewriter.notifyMatchFailure(op, "not a non-f32 float");
    Type f32Type = withElementType(type, rewriter.getF32Type());
    Location loc = op.getLoc();
    SmallVector<Value> operands;
    for (Value operand : op->getOperands()) {
      if (element.getWidth() > 32)
        operands.push_back(
            arith::TruncFOp::create(rewriter, loc, f32Type, operand));
      else
        operands.push_back(
            arith::ExtFOp::create(rewriter, loc, f32Type, operand));
    }
    auto narrow = OpTy::create(rewriter, loc, TypeRange{f32Type}, operands,
                               op->getAttrs());
    Value result = narrow->getResult(0);
    if (element.getWidth() > 32)
      result = arith::ExtFOp::create(rewriter, loc, type, result);
    else
      result = arith::TruncFOp::create(rewriter, loc, type, result);
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// log10(x) = log(x) * log10(e).
struct ExpandLog10 : OpRewritePattern<math::Log10Op> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(math::Log10Op op,
                                PatternRewriter &rewriter) const override {
    if (!hasStaticShapeOrIsScalar(op.getType()))
      return failure();
    Value log = math::LogOp::create(rewriter, op.getLoc(), op.getOperand());
    rewriter.replaceOpWithNewOp<arith::MulFOp>(
        op, log,
        constantOf(rewriter, op.getLoc(), op.getType(),
                   0.43429448190325182765 /*log10(e)*/));
    return success();
  }
};

/// sincos -> sin, cos (each approximated on its own).
struct ExpandSincos : OpRewritePattern<math::SincosOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(math::SincosOp op,
                                PatternRewriter &rewriter) const override {
    Value sin = math::SinOp::create(rewriter, op.getLoc(), op.getOperand());
    Value cos = math::CosOp::create(rewriter, op.getLoc(), op.getOperand());
    rewriter.replaceOp(op, {sin, cos});
    return success();
  }
};

/// fmod semantics, x - trunc(x / y) * y; exact while the quotient is exactly
/// representable, which covers the integral-quotient cases ONNX Mod tests.
struct ExpandRemF : OpRewritePattern<arith::RemFOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(arith::RemFOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value quotient =
        arith::DivFOp::create(rewriter, loc, op.getLhs(), op.getRhs());
    Value whole = math::TruncOp::create(rewriter, loc, quotient);
    Value product = arith::MulFOp::create(rewriter, loc, whole, op.getRhs());
    rewriter.replaceOpWithNewOp<arith::SubFOp>(op, op.getLhs(), product);
    return success();
  }
};

/// math.fma -> llvm.intr.fmuladd: fused where the target can, a multiply and
/// an add otherwise; llvm.fma would call fmaf on cores without FMA.
struct FmaToFMulAdd : OpRewritePattern<math::FmaOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(math::FmaOp op,
                                PatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<LLVM::FMulAddOp>(
        op, op.getA(), op.getB(), op.getC(),
        LLVM::FastmathFlagsAttr::get(op.getContext(),
                                     LLVM::FastmathFlags::none));
    return success();
  }
};

bool isContiguous(Type type) {
  auto memref = dyn_cast<MemRefType>(type);
  return memref && (memref.getLayout().isIdentity() ||
                    memref::isStaticShapeAndContiguousRowMajor(memref));
}

/// A strided memref.copy would call memrefCopy; linalg.copy becomes loops.
struct StridedCopyToLinalg : OpRewritePattern<memref::CopyOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(memref::CopyOp op,
                                PatternRewriter &rewriter) const override {
    if ((isContiguous(op.getSource().getType()) &&
         isContiguous(op.getTarget().getType())) ||
        !isa<MemRefType>(op.getSource().getType()) ||
        !isa<MemRefType>(op.getTarget().getType()))
      return failure();
    linalg::CopyOp::create(rewriter, op.getLoc(), ValueRange{op.getSource()},
                           ValueRange{op.getTarget()});
    rewriter.eraseOp(op);
    return success();
  }
};

/// Math ops whose LLVM lowering is an instruction (or an outlined function,
/// for ipowi via convert-math-to-funcs) on every target Kiln supports.
bool isFreestandingMathOp(Operation *op) {
  return isa<math::AbsFOp, math::AbsIOp, math::SqrtOp, math::CopySignOp,
             math::CountLeadingZerosOp, math::CountTrailingZerosOp,
             math::CtPopOp, math::IsNaNOp, math::IsInfOp, math::IsFiniteOp,
             math::IsNormalOp, math::IPowIOp>(op);
}

void populateFreestandingPatterns(RewritePatternSet &patterns) {
  MLIRContext *ctx = patterns.getContext();
  math::populateExpansionPatterns(patterns, {"sinh", "cosh", "tan", "asinh",
                                             "acosh", "atanh", "exp2", "powf",
                                             "fpowi", "rsqrt", "clampf"});
  auto approximated = [](StringRef name) {
    return llvm::is_contained(
        {math::AtanOp::getOperationName(), math::Atan2Op::getOperationName(),
         math::TanhOp::getOperationName(), math::LogOp::getOperationName(),
         math::Log2Op::getOperationName(), math::Log1pOp::getOperationName(),
         math::ErfOp::getOperationName(), math::ErfcOp::getOperationName(),
         math::AsinOp::getOperationName(), math::AcosOp::getOperationName(),
         math::ExpOp::getOperationName(), math::ExpM1Op::getOperationName(),
         math::CbrtOp::getOperationName(), math::SinOp::getOperationName(),
         math::CosOp::getOperationName()},
        name);
  };
  populateMathPolynomialApproximationPatterns(patterns, approximated);
  patterns.add<ComputeInF32<math::AtanOp>, ComputeInF32<math::Atan2Op>,
               ComputeInF32<math::TanhOp>, ComputeInF32<math::LogOp>,
               ComputeInF32<math::Log2Op>, ComputeInF32<math::Log1pOp>,
               ComputeInF32<math::ErfOp>, ComputeInF32<math::ErfcOp>,
               ComputeInF32<math::AsinOp>, ComputeInF32<math::AcosOp>,
               ComputeInF32<math::ExpOp>, ComputeInF32<math::ExpM1Op>,
               ComputeInF32<math::CbrtOp>, ComputeInF32<math::SinOp>,
               ComputeInF32<math::CosOp>>(ctx);
  patterns.add<ExpandRounding<math::TruncOp, Rounding::Trunc>,
               ExpandRounding<math::FloorOp, Rounding::Floor>,
               ExpandRounding<math::CeilOp, Rounding::Ceil>,
               ExpandRounding<math::RoundOp, Rounding::Round>,
               ExpandRounding<math::RoundEvenOp, Rounding::RoundEven>>(ctx);
  patterns.add<ExpandLog10, ExpandSincos, ExpandRemF, FmaToFMulAdd,
               StridedCopyToLinalg>(ctx);
}

struct LegalizeFreestanding
    : impl::LegalizeFreestandingBase<LegalizeFreestanding> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    RewritePatternSet patterns(&getContext());
    populateFreestandingPatterns(patterns);
    if (failed(applyPatternsGreedily(module, std::move(patterns)))) {
      module.emitError("rewriting library calls did not converge");
      return signalPassFailure();
    }

    bool clean = true;
    module.walk([&](Operation *op) {
      if (isa_and_nonnull<math::MathDialect>(op->getDialect()) &&
          !isFreestandingMathOp(op)) {
        op->emitError("no library-free lowering for '")
            << op->getName() << "' on " << op->getOperandTypes();
        clean = false;
      } else if (isa<arith::RemFOp>(op)) {
        op->emitError("no library-free lowering for '")
            << op->getName() << "' on " << op->getOperandTypes();
        clean = false;
      } else if (isa<memref::AllocOp, memref::ReallocOp, memref::DeallocOp>(
                     op)) {
        op->emitError("heap allocation would need malloc/free; run "
                      "kiln-plan-workspace first");
        clean = false;
      } else if (auto copy = dyn_cast<memref::CopyOp>(op);
                 copy && !(isContiguous(copy.getSource().getType()) &&
                           isContiguous(copy.getTarget().getType()))) {
        op->emitError("copy between unranked memrefs would need the MLIR "
                      "runtime library");
        clean = false;
      }
    });
    if (!clean)
      signalPassFailure();
  }
};

} // namespace
} // namespace kiln::codegen
