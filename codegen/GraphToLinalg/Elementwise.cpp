//===- Elementwise.cpp - Elementwise graph ops to linalg.generic ----------===//
//
// Every elementwise op becomes one all-parallel linalg.generic over the result
// shape, reading broadcast operands through numpy indexing maps (size-1 and
// missing leading dims read index 0). Float math on f16/bf16 runs in f32.
//
//===----------------------------------------------------------------------===//

#include "codegen/GraphToLinalg/Utils.h"
#include "dialects/Graph/IR/GraphOps.h"
#include "kiln/Codegen/GraphToLinalg.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <cmath>
#include <type_traits>

using namespace mlir;
using namespace kiln::graph;

namespace kiln::codegen {
namespace {

//===----------------------------------------------------------------------===//
// The generic elementwise pattern
//===----------------------------------------------------------------------===//

/// Lowers `OpTy` to buildElementwise over all its operands. `check` rejects
/// what cannot be lowered (before any IR is created); `body` computes one
/// result element from the signless operand elements. The op itself is
/// passed to both so they can read attributes and original element types.
template <typename OpTy>
class ElementwisePattern : public OpConversionPattern<OpTy> {
public:
  using CheckFn = LogicalResult (*)(OpTy);
  using BodyFn = Value (*)(OpBuilder &, Location, OpTy, ValueRange);

  ElementwisePattern(const TypeConverter &converter, MLIRContext *ctx,
                     CheckFn check, BodyFn body)
      : OpConversionPattern<OpTy>(converter, ctx), check(check), body(body) {}

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(check(op)))
      return failure();
    auto resultType =
        this->getTypeConverter()->template convertType<RankedTensorType>(
            op.getType());
    Value result = buildElementwise(
        rewriter, op.getLoc(), resultType, adaptor.getOperands(),
        [&](OpBuilder &b, Location loc, ValueRange args) {
          return body(b, loc, op, args);
        });
    rewriter.replaceOp(op, result);
    return success();
  }

private:
  CheckFn check;
  BodyFn body;
};

template <typename OpTy>
void addElementwise(const TypeConverter &converter, RewritePatternSet &patterns,
                    typename ElementwisePattern<OpTy>::CheckFn check,
                    typename ElementwisePattern<OpTy>::BodyFn body) {
  patterns.add<ElementwisePattern<OpTy>>(converter, patterns.getContext(),
                                         check, body);
}

/// The graph element type of an op's first operand.
template <typename OpTy> Type firstElementType(OpTy op) {
  return getElementType(op->getOperand(0));
}

template <typename OpTy> ScalarKind firstKind(OpTy op) {
  return getScalarKind(firstElementType(op));
}

template <typename OpTy> LogicalResult acceptAll(OpTy) { return success(); }

/// Rejects bool operands (arithmetic on i1 has no ONNX meaning).
template <typename OpTy> LogicalResult rejectBool(OpTy op) {
  if (firstKind(op) == ScalarKind::Bool)
    return emitUnsupportedType(op, firstElementType(op));
  return success();
}

/// Applies `fn` to `x` in the compute type (f32 for f16/bf16) and rounds the
/// result back to x's type.
Value computeFloat(OpBuilder &b, Location loc, Value x,
                   llvm::function_ref<Value(Value)> fn) {
  return demoteFromCompute(b, loc, fn(promoteToCompute(b, loc, x)),
                           x.getType());
}

/// Binary form of computeFloat.
Value computeFloat(OpBuilder &b, Location loc, Value x, Value y,
                   llvm::function_ref<Value(Value, Value)> fn) {
  return demoteFromCompute(
      b, loc, fn(promoteToCompute(b, loc, x), promoteToCompute(b, loc, y)),
      x.getType());
}

//===----------------------------------------------------------------------===//
// Unary float math
//===----------------------------------------------------------------------===//

template <typename OpTy, typename MathOp>
Value mathUnary(OpBuilder &b, Location loc, OpTy, ValueRange args) {
  return computeFloat(b, loc, args[0],
                      [&](Value x) { return MathOp::create(b, loc, x); });
}

Value sigmoidBody(OpBuilder &b, Location loc, SigmoidOp, ValueRange args) {
  return computeFloat(b, loc, args[0], [&](Value x) -> Value {
    Value one = createOne(b, loc, x.getType());
    Value negX = arith::NegFOp::create(b, loc, x);
    Value exp = math::ExpOp::create(b, loc, negX);
    Value denom = arith::AddFOp::create(b, loc, one, exp);
    return arith::DivFOp::create(b, loc, one, denom);
  });
}

Value reciprocalBody(OpBuilder &b, Location loc, ReciprocalOp,
                     ValueRange args) {
  return computeFloat(b, loc, args[0], [&](Value x) -> Value {
    return arith::DivFOp::create(b, loc, createOne(b, loc, x.getType()), x);
  });
}

/// max(0, min(1, alpha * x + beta)), NaN-propagating.
Value hardSigmoid(OpBuilder &b, Location loc, Value x, double alpha,
                  double beta) {
  Type type = x.getType();
  Value scaled = arith::MulFOp::create(
      b, loc, x, createFloatConstant(b, loc, type, alpha));
  Value shifted = arith::AddFOp::create(
      b, loc, scaled, createFloatConstant(b, loc, type, beta));
  Value upper =
      arith::MinimumFOp::create(b, loc, shifted, createOne(b, loc, type));
  return arith::MaximumFOp::create(b, loc, upper, createZero(b, loc, type));
}

Value hardSigmoidBody(OpBuilder &b, Location loc, HardSigmoidOp op,
                      ValueRange args) {
  double alpha = op.getAlpha().convertToDouble();
  double beta = op.getBeta().convertToDouble();
  return computeFloat(b, loc, args[0], [&](Value x) {
    return hardSigmoid(b, loc, x, alpha, beta);
  });
}

Value hardSwishBody(OpBuilder &b, Location loc, HardSwishOp, ValueRange args) {
  // ONNX HardSwish: x * HardSigmoid(x) with alpha = 1/6, beta = 0.5.
  return computeFloat(b, loc, args[0], [&](Value x) -> Value {
    Value gate = hardSigmoid(b, loc, x, 1.0 / 6.0, 0.5);
    return arith::MulFOp::create(b, loc, x, gate);
  });
}

Value leakyReluBody(OpBuilder &b, Location loc, LeakyReluOp op,
                    ValueRange args) {
  double alpha = op.getAlpha().convertToDouble();
  return computeFloat(b, loc, args[0], [&](Value x) -> Value {
    Type type = x.getType();
    Value isNegative = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT,
                                             x, createZero(b, loc, type));
    Value scaled = arith::MulFOp::create(
        b, loc, x, createFloatConstant(b, loc, type, alpha));
    // NaN is not < 0, so it passes through unchanged.
    return arith::SelectOp::create(b, loc, isNegative, scaled, x);
  });
}

//===----------------------------------------------------------------------===//
// Unary ops on any number type
//===----------------------------------------------------------------------===//

Value reluBody(OpBuilder &b, Location loc, ReluOp op, ValueRange args) {
  Value x = args[0];
  Value zero = createZero(b, loc, x.getType());
  switch (firstKind(op)) {
  case ScalarKind::Float: {
    // ugt keeps NaN (Relu(NaN) = NaN) and maps -0.0 to +0.0.
    Value keep =
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UGT, x, zero);
    return arith::SelectOp::create(b, loc, keep, x, zero);
  }
  case ScalarKind::Signed:
    return arith::MaxSIOp::create(b, loc, x, zero);
  case ScalarKind::Unsigned:
  case ScalarKind::Bool:
    return x;
  }
  return x;
}

LogicalResult checkNeg(NegOp op) {
  ScalarKind kind = firstKind(op);
  if (kind == ScalarKind::Unsigned || kind == ScalarKind::Bool)
    return emitUnsupportedType(op, firstElementType(op));
  return success();
}

Value negBody(OpBuilder &b, Location loc, NegOp op, ValueRange args) {
  Value x = args[0];
  if (firstKind(op) == ScalarKind::Float)
    return arith::NegFOp::create(b, loc, x);
  return arith::SubIOp::create(b, loc, createZero(b, loc, x.getType()), x);
}

Value absBody(OpBuilder &b, Location loc, AbsOp op, ValueRange args) {
  Value x = args[0];
  switch (firstKind(op)) {
  case ScalarKind::Float:
    return math::AbsFOp::create(b, loc, x);
  case ScalarKind::Signed:
    return math::AbsIOp::create(b, loc, x);
  case ScalarKind::Unsigned:
  case ScalarKind::Bool:
    return x;
  }
  return x;
}

//===----------------------------------------------------------------------===//
// Clip
//===----------------------------------------------------------------------===//

/// Rounds a float bound into the integer range of `type`: toward the inside
/// of the clip interval (ceil for the lower bound, floor for the upper one),
/// saturating at the type's limits.
APInt integerBound(double bound, IntegerType type, bool isSigned, bool lower) {
  unsigned width = type.getWidth();
  double rounded = lower ? std::ceil(bound) : std::floor(bound);
  APInt minValue =
      isSigned ? APInt::getSignedMinValue(width) : APInt::getZero(width);
  APInt maxValue =
      isSigned ? APInt::getSignedMaxValue(width) : APInt::getMaxValue(width);
  double minDouble =
      isSigned ? minValue.signedRoundToDouble() : minValue.roundToDouble();
  double maxDouble =
      isSigned ? maxValue.signedRoundToDouble() : maxValue.roundToDouble();
  if (rounded <= minDouble)
    return minValue;
  if (rounded >= maxDouble)
    return maxValue;
  if (isSigned)
    return APInt(width, static_cast<int64_t>(rounded), /*isSigned=*/true);
  return APInt(width, static_cast<uint64_t>(rounded));
}

LogicalResult checkClip(ClipOp op) {
  if (firstKind(op) == ScalarKind::Bool)
    return emitUnsupportedType(op, firstElementType(op));
  for (std::optional<APFloat> bound : {op.getMin(), op.getMax()})
    if (bound && bound->isNaN())
      return emitUnsupported(op, "has a NaN bound");
  return success();
}

Value clipBody(OpBuilder &b, Location loc, ClipOp op, ValueRange args) {
  Value x = args[0];
  Type type = x.getType();
  ScalarKind kind = firstKind(op);
  auto makeBound = [&](APFloat bound, bool lower) -> Value {
    double value = bound.convertToDouble();
    if (kind == ScalarKind::Float)
      return createFloatConstant(b, loc, type, value);
    APInt bits = integerBound(value, cast<IntegerType>(type),
                              kind == ScalarKind::Signed, lower);
    return arith::ConstantOp::create(b, loc, IntegerAttr::get(type, bits));
  };
  // max then min: with min > max every element becomes max, as in ONNX.
  if (std::optional<APFloat> lo = op.getMin())
    x = createMax(b, loc, kind, x, makeBound(*lo, /*lower=*/true));
  if (std::optional<APFloat> hi = op.getMax())
    x = createMin(b, loc, kind, x, makeBound(*hi, /*lower=*/false));
  return x;
}

//===----------------------------------------------------------------------===//
// Cast and broadcast
//===----------------------------------------------------------------------===//

Value castBody(OpBuilder &b, Location loc, CastOp op, ValueRange args) {
  return createCast(b, loc, args[0], op.getInput().getType().getElementType(),
                    op.getType().getElementType());
}

Value expandBody(OpBuilder &, Location, ExpandOp, ValueRange args) {
  return args[0];
}

//===----------------------------------------------------------------------===//
// Binary ops
//===----------------------------------------------------------------------===//

template <typename OpTy>
Value arithmeticBody(OpBuilder &b, Location loc, OpTy op, ValueRange args) {
  ScalarKind kind = firstKind(op);
  auto compute = [&](Value x, Value y) -> Value {
    if constexpr (std::is_same_v<OpTy, AddOp>)
      return createAdd(b, loc, kind, x, y);
    else if constexpr (std::is_same_v<OpTy, SubOp>)
      return createSub(b, loc, kind, x, y);
    else if constexpr (std::is_same_v<OpTy, MulOp>)
      return createMul(b, loc, kind, x, y);
    else if constexpr (std::is_same_v<OpTy, DivOp>)
      return createDiv(b, loc, kind, x, y);
    else if constexpr (std::is_same_v<OpTy, MaxOp>)
      return createMax(b, loc, kind, x, y);
    else if constexpr (std::is_same_v<OpTy, MinOp>)
      return createMin(b, loc, kind, x, y);
    else
      return math::PowFOp::create(b, loc, x, y);
  };
  if (kind == ScalarKind::Float)
    return computeFloat(b, loc, args[0], args[1], compute);
  return compute(args[0], args[1]);
}

LogicalResult checkPow(PowOp op) {
  if (firstKind(op) != ScalarKind::Float)
    return emitUnsupportedType(op, firstElementType(op));
  return success();
}

template <typename OpTy, CompareKind cmp>
Value compareBody(OpBuilder &b, Location loc, OpTy op, ValueRange args) {
  return createCompare(b, loc, firstKind(op), cmp, args[0], args[1]);
}

Value andBody(OpBuilder &b, Location loc, AndOp, ValueRange args) {
  return arith::AndIOp::create(b, loc, args[0], args[1]);
}

Value orBody(OpBuilder &b, Location loc, OrOp, ValueRange args) {
  return arith::OrIOp::create(b, loc, args[0], args[1]);
}

Value whereBody(OpBuilder &b, Location loc, WhereOp, ValueRange args) {
  return arith::SelectOp::create(b, loc, args[0], args[1], args[2]);
}

//===----------------------------------------------------------------------===//
// BatchNorm
//===----------------------------------------------------------------------===//

/// y = x * s + t per channel (dim 1), with s = scale / sqrt(var + eps) and
/// t = bias - mean * s computed first by a small generic over the channels,
/// so the big elementwise loop does one multiply-add per element.
class BatchNormPattern : public OpConversionPattern<BatchNormOp> {
public:
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(BatchNormOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType =
        getTypeConverter()->convertType<RankedTensorType>(op.getType());
    Type storageType = resultType.getElementType();
    Type computeType = getComputeType(storageType);
    int64_t channels = resultType.getDimSize(1);
    auto channelType = RankedTensorType::get({channels}, computeType);
    double epsilon = op.getEpsilon().convertToDouble();

    MLIRContext *ctx = rewriter.getContext();
    AffineMap id1 = rewriter.getMultiDimIdentityMap(1);
    Value emptyScale = createEmptyTensor(rewriter, loc, channelType);
    Value emptyShift = createEmptyTensor(rewriter, loc, channelType);
    auto folded = linalg::GenericOp::create(
        rewriter, loc, TypeRange{channelType, channelType},
        ValueRange{adaptor.getScale(), adaptor.getBias(), adaptor.getMean(),
                   adaptor.getVariance()},
        ValueRange{emptyScale, emptyShift}, SmallVector<AffineMap>(6, id1),
        SmallVector<utils::IteratorType>(1, utils::IteratorType::parallel),
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value scale = promoteToCompute(b, l, args[0]);
          Value bias = promoteToCompute(b, l, args[1]);
          Value mean = promoteToCompute(b, l, args[2]);
          Value var = promoteToCompute(b, l, args[3]);
          Value eps = createFloatConstant(b, l, computeType, epsilon);
          Value stddev =
              math::SqrtOp::create(b, l, arith::AddFOp::create(b, l, var, eps));
          Value s = arith::DivFOp::create(b, l, scale, stddev);
          Value t = arith::SubFOp::create(b, l, bias,
                                          arith::MulFOp::create(b, l, mean, s));
          linalg::YieldOp::create(b, l, ValueRange{s, t});
        });

    unsigned rank = resultType.getRank();
    AffineMap channelMap =
        AffineMap::get(rank, 0, {getAffineDimExpr(1, ctx)}, ctx);
    Value init = createEmptyTensor(rewriter, loc, resultType);
    Value result = buildParallelGeneric(
        rewriter, loc, init,
        ValueRange{adaptor.getInput(), folded.getResult(0),
                   folded.getResult(1)},
        {rewriter.getMultiDimIdentityMap(rank), channelMap, channelMap},
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value x = promoteToCompute(b, l, args[0]);
          Value scaled = arith::MulFOp::create(b, l, x, args[1]);
          Value y = arith::AddFOp::create(b, l, scaled, args[2]);
          return demoteFromCompute(b, l, y, storageType);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void populateGraphElementwiseToLinalgPatterns(TypeConverter &converter,
                                              RewritePatternSet &patterns) {
  // Float-only unary math (the op definitions only admit float tensors).
  addElementwise<TanhOp>(converter, patterns, acceptAll,
                         mathUnary<TanhOp, math::TanhOp>);
  addElementwise<ErfOp>(converter, patterns, acceptAll,
                        mathUnary<ErfOp, math::ErfOp>);
  addElementwise<SqrtOp>(converter, patterns, acceptAll,
                         mathUnary<SqrtOp, math::SqrtOp>);
  addElementwise<ExpOp>(converter, patterns, acceptAll,
                        mathUnary<ExpOp, math::ExpOp>);
  addElementwise<LogOp>(converter, patterns, acceptAll,
                        mathUnary<LogOp, math::LogOp>);
  addElementwise<FloorOp>(converter, patterns, acceptAll,
                          mathUnary<FloorOp, math::FloorOp>);
  addElementwise<CeilOp>(converter, patterns, acceptAll,
                         mathUnary<CeilOp, math::CeilOp>);
  addElementwise<SigmoidOp>(converter, patterns, acceptAll, sigmoidBody);
  addElementwise<ReciprocalOp>(converter, patterns, acceptAll, reciprocalBody);
  addElementwise<HardSigmoidOp>(converter, patterns, acceptAll,
                                hardSigmoidBody);
  addElementwise<HardSwishOp>(converter, patterns, acceptAll, hardSwishBody);
  addElementwise<LeakyReluOp>(converter, patterns, acceptAll, leakyReluBody);

  // Unary ops on numbers.
  addElementwise<ReluOp>(converter, patterns, rejectBool<ReluOp>, reluBody);
  addElementwise<NegOp>(converter, patterns, checkNeg, negBody);
  addElementwise<AbsOp>(converter, patterns, rejectBool<AbsOp>, absBody);
  addElementwise<ClipOp>(converter, patterns, checkClip, clipBody);
  addElementwise<CastOp>(converter, patterns, acceptAll, castBody);
  addElementwise<ExpandOp>(converter, patterns, acceptAll, expandBody);

  // Binary ops.
  addElementwise<AddOp>(converter, patterns, rejectBool<AddOp>,
                        arithmeticBody<AddOp>);
  addElementwise<SubOp>(converter, patterns, rejectBool<SubOp>,
                        arithmeticBody<SubOp>);
  addElementwise<MulOp>(converter, patterns, rejectBool<MulOp>,
                        arithmeticBody<MulOp>);
  addElementwise<DivOp>(converter, patterns, rejectBool<DivOp>,
                        arithmeticBody<DivOp>);
  addElementwise<PowOp>(converter, patterns, checkPow, arithmeticBody<PowOp>);
  addElementwise<MaxOp>(converter, patterns, acceptAll, arithmeticBody<MaxOp>);
  addElementwise<MinOp>(converter, patterns, acceptAll, arithmeticBody<MinOp>);
  addElementwise<EqualOp>(converter, patterns, acceptAll,
                          compareBody<EqualOp, CompareKind::Equal>);
  addElementwise<LessOp>(converter, patterns, acceptAll,
                         compareBody<LessOp, CompareKind::Less>);
  addElementwise<GreaterOp>(converter, patterns, acceptAll,
                            compareBody<GreaterOp, CompareKind::Greater>);
  addElementwise<AndOp>(converter, patterns, acceptAll, andBody);
  addElementwise<OrOp>(converter, patterns, acceptAll, orBody);
  addElementwise<WhereOp>(converter, patterns, acceptAll, whereBody);

  patterns.add<BatchNormPattern>(converter, patterns.getContext());
}

} // namespace kiln::codegen
