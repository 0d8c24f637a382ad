//===- Elementwise.cpp - Elementwise graph ops to linalg.generic ----------===//
//
// Every elementwise op becomes one all-parallel linalg.generic over the result
// shape, reading broadcast operands through numpy indexing maps (size-1 and
// missing leading dims read index 0). Float math on f16/bf16 runs in f32.
//
//===----------------------------------------------------------------------===//

#include "codegen/GraphToLinalg/ScalarEmitters.h"
#include "codegen/GraphToLinalg/Utils.h"
#include "dialects/Graph/IR/GraphOps.h"
#include "kiln/Codegen/GraphToLinalg.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <memory>
#include <type_traits>

#include <limits>

using namespace mlir;
using namespace kiln::graph;

namespace kiln::codegen {
namespace {

//===----------------------------------------------------------------------===//
// The generic elementwise pattern
//===----------------------------------------------------------------------===//

/// Lowers `OpTy` to buildElementwise over all its operands. The op's check
/// and scalar body come from the shared table (see ScalarEmitters.h), which
/// the graph.fused_elementwise lowering uses as well.
template <typename OpTy>
class ElementwisePattern : public OpConversionPattern<OpTy> {
public:
  ElementwisePattern(const TypeConverter &converter, MLIRContext *ctx,
                     std::shared_ptr<const ScalarEmitterTable> table)
      : OpConversionPattern<OpTy>(converter, ctx), table(std::move(table)) {}

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(table->check(op)))
      return failure();
    auto resultType =
        this->getTypeConverter()->template convertType<RankedTensorType>(
            op.getType());
    Value result = buildElementwise(
        rewriter, op.getLoc(), resultType, adaptor.getOperands(),
        [&](OpBuilder &b, Location, ValueRange args) {
          return table->emitScalar(op, llvm::to_vector(args), b);
        });
    rewriter.replaceOp(op, result);
    return success();
  }

private:
  std::shared_ptr<const ScalarEmitterTable> table;
};

/// Registers `OpTy`'s scalar semantics in `table` and its single-op pattern.
/// `check` rejects what cannot be lowered (before any IR is created); `body`
/// computes one result element from the signless operand elements. The op
/// itself is passed to both so they can read attributes and original
/// element types.
template <typename OpTy>
void addElementwise(const TypeConverter &converter, RewritePatternSet &patterns,
                    const std::shared_ptr<ScalarEmitterTable> &table,
                    LogicalResult (*check)(OpTy),
                    Value (*body)(OpBuilder &, Location, OpTy, ValueRange)) {
  table->add(
      TypeID::get<OpTy>(),
      [check](Operation *op) { return check(cast<OpTy>(op)); },
      [body](Operation *op, ArrayRef<Value> args, OpBuilder &b) {
        return body(b, op->getLoc(), cast<OpTy>(op), args);
      });
  patterns.add<ElementwisePattern<OpTy>>(converter, patterns.getContext(),
                                         table);
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
  return computeFloat(b, loc, args[0],
                      [&](Value x) { return createSigmoid(b, loc, x); });
}

Value siluBody(OpBuilder &b, Location loc, SiluOp, ValueRange args) {
  return computeFloat(b, loc, args[0],
                      [&](Value x) { return createSilu(b, loc, x); });
}

Value geluBody(OpBuilder &b, Location loc, GeluOp op, ValueRange args) {
  bool tanhApproximation = op.getTanhApproximation();
  return computeFloat(b, loc, args[0], [&](Value x) {
    return createGelu(b, loc, x, tanhApproximation);
  });
}

Value reciprocalBody(OpBuilder &b, Location loc, ReciprocalOp,
                     ValueRange args) {
  return computeFloat(b, loc, args[0], [&](Value x) -> Value {
    return arith::DivFOp::create(b, loc, createOne(b, loc, x.getType()), x);
  });
}

Value hardSigmoidBody(OpBuilder &b, Location loc, HardSigmoidOp op,
                      ValueRange args) {
  double alpha = op.getAlpha().convertToDouble();
  double beta = op.getBeta().convertToDouble();
  return computeFloat(b, loc, args[0], [&](Value x) {
    return createHardSigmoid(b, loc, x, alpha, beta);
  });
}

Value hardSwishBody(OpBuilder &b, Location loc, HardSwishOp, ValueRange args) {
  return computeFloat(b, loc, args[0],
                      [&](Value x) { return createHardSwish(b, loc, x); });
}

Value leakyReluBody(OpBuilder &b, Location loc, LeakyReluOp op,
                    ValueRange args) {
  double alpha = op.getAlpha().convertToDouble();
  return computeFloat(b, loc, args[0], [&](Value x) {
    return createLeakyRelu(b, loc, x, alpha);
  });
}

//===----------------------------------------------------------------------===//
// Unary ops on any number type
//===----------------------------------------------------------------------===//

Value reluBody(OpBuilder &b, Location loc, ReluOp op, ValueRange args) {
  // No f32 promotion: max with 0 is exact in every float type.
  return createRelu(b, loc, firstKind(op), args[0]);
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

LogicalResult checkClip(ClipOp op) {
  if (firstKind(op) == ScalarKind::Bool)
    return emitUnsupportedType(op, firstElementType(op));
  for (std::optional<APFloat> bound : {op.getMin(), op.getMax()})
    if (bound && bound->isNaN())
      return emitUnsupported(op, "has a NaN bound");
  return success();
}

Value clipBody(OpBuilder &b, Location loc, ClipOp op, ValueRange args) {
  auto toDouble = [](std::optional<APFloat> bound) -> std::optional<double> {
    if (!bound)
      return std::nullopt;
    return bound->convertToDouble();
  };
  return createClip(b, loc, firstKind(op), args[0], toDouble(op.getMin()),
                    toDouble(op.getMax()));
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

/// ONNX (and C) pow on floats. math.powf is lowered to exp(y * log(x)),
/// which is NaN for every negative base; here a negative base with an integer
/// exponent gets the sign of (-1)^y, a non-integer exponent NaN, and x^0 = 1.
Value createPow(OpBuilder &b, Location loc, Value x, Value y) {
  Type type = x.getType();
  Value zero = createZero(b, loc, type);
  Value one = createOne(b, loc, type);
  Value magnitude =
      math::PowFOp::create(b, loc, math::AbsFOp::create(b, loc, x), y);
  Value yInt = math::TruncOp::create(b, loc, y);
  Value isInt =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, y, yInt);
  Value half = arith::MulFOp::create(
      b, loc, y, createFloatConstant(b, loc, type, 0.5));
  Value isOdd = arith::AndIOp::create(
      b, loc, isInt,
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::ONE, half,
                            math::TruncOp::create(b, loc, half)));
  Value negated = arith::NegFOp::create(b, loc, magnitude);
  Value nan = createFloatConstant(b, loc, type,
                                  std::numeric_limits<double>::quiet_NaN());
  Value negativeResult = arith::SelectOp::create(
      b, loc, isInt, arith::SelectOp::create(b, loc, isOdd, negated, magnitude),
      nan);
  Value isNegative =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, x, zero);
  Value result =
      arith::SelectOp::create(b, loc, isNegative, negativeResult, magnitude);
  Value yIsZero =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, y, zero);
  return arith::SelectOp::create(b, loc, yIsZero, one, result);
}

/// ONNX Mod on one element. Floats: fmod is arith.remf (x - trunc(x/y)*y
/// once legalized); without fmod a non-zero remainder whose sign differs
/// from the divisor's moves by one divisor (numpy's floored mod). Integers:
/// division by 0 gives 0 and by -1 is computed as by 1 (the remainder is 0
/// either way), so the hardware never faults.
Value modBody(OpBuilder &b, Location loc, ModOp op, ValueRange args) {
  ScalarKind kind = firstKind(op);
  bool fmod = op.getFmod();
  if (kind == ScalarKind::Float) {
    return computeFloat(b, loc, args[0], args[1], [&](Value x, Value y) {
      Value r = arith::RemFOp::create(b, loc, x, y);
      if (fmod)
        return r;
      Value zero = createZero(b, loc, r.getType());
      Value rNonZero =
          arith::CmpFOp::create(b, loc, arith::CmpFPredicate::ONE, r, zero);
      Value signsDiffer = arith::XOrIOp::create(
          b, loc,
          arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, r, zero),
          arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, y, zero));
      Value adjust = arith::AndIOp::create(b, loc, rNonZero, signsDiffer);
      return Value(arith::SelectOp::create(
          b, loc, adjust, arith::AddFOp::create(b, loc, r, y), r));
    });
  }
  Value x = args[0], y = args[1];
  Type type = x.getType();
  Value zero = createZero(b, loc, type);
  Value one = createOne(b, loc, type);
  Value isZero = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, y,
                                       zero);
  if (kind == ScalarKind::Unsigned) {
    Value safe = arith::SelectOp::create(b, loc, isZero, one, y);
    return arith::RemUIOp::create(b, loc, x, safe);
  }
  Value isMinusOne = arith::CmpIOp::create(
      b, loc, arith::CmpIPredicate::eq, y, createIntConstant(b, loc, type, -1));
  Value safe = arith::SelectOp::create(
      b, loc, arith::OrIOp::create(b, loc, isZero, isMinusOne), one, y);
  Value r = arith::RemSIOp::create(b, loc, x, safe);
  if (fmod)
    return r;
  Value rNonZero =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, r, zero);
  Value signsDiffer = arith::XOrIOp::create(
      b, loc,
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, r, zero),
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, y, zero));
  Value adjust = arith::AndIOp::create(b, loc, rNonZero, signsDiffer);
  return arith::SelectOp::create(b, loc, adjust,
                                 arith::AddIOp::create(b, loc, r, y), r);
}

LogicalResult checkMod(ModOp op) { return rejectBool(op); }

/// ONNX BitShift is defined on unsigned integers only.
template <typename OpTy> LogicalResult checkShift(OpTy op) {
  if (firstKind(op) != ScalarKind::Unsigned)
    return emitUnsupportedType(op, firstElementType(op));
  return success();
}

/// x << y or x >> y (logical); a shift by the bit width or more gives 0,
/// where LLVM's shifts would give poison.
template <typename OpTy>
Value shiftBody(OpBuilder &b, Location loc, OpTy, ValueRange args) {
  Value x = args[0], y = args[1];
  Type type = x.getType();
  Value shifted;
  if constexpr (std::is_same_v<OpTy, ShiftLeftOp>)
    shifted = arith::ShLIOp::create(b, loc, x, y);
  else
    shifted = arith::ShRUIOp::create(b, loc, x, y);
  Value inRange = arith::CmpIOp::create(
      b, loc, arith::CmpIPredicate::ult, y,
      createIntConstant(b, loc, type, type.getIntOrFloatBitWidth()));
  return arith::SelectOp::create(b, loc, inRange, shifted,
                                 createZero(b, loc, type));
}

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
    else if (kind == ScalarKind::Float)
      return createPow(b, loc, x, y);
    else
      return math::IPowIOp::create(b, loc, x, y);
  };
  if (kind == ScalarKind::Float)
    return computeFloat(b, loc, args[0], args[1], compute);
  return compute(args[0], args[1]);
}

/// Floats, and signed integers through math.ipowi (repeated squaring,
/// wrapping like numpy's integer power); an unsigned exponent would be read
/// as signed there, so unsigned types are refused.
LogicalResult checkPow(PowOp op) {
  ScalarKind kind = firstKind(op);
  if (kind != ScalarKind::Float && kind != ScalarKind::Signed)
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
  // Filled by every addElementwise below, then shared with the fused
  // lowering so both emit the same scalar code for an op.
  auto table = std::make_shared<ScalarEmitterTable>();
  // Float-only unary math (the op definitions only admit float tensors).
  addElementwise<TanhOp>(converter, patterns, table, acceptAll,
                         mathUnary<TanhOp, math::TanhOp>);
  addElementwise<ErfOp>(converter, patterns, table, acceptAll,
                        mathUnary<ErfOp, math::ErfOp>);
  addElementwise<SqrtOp>(converter, patterns, table, acceptAll,
                         mathUnary<SqrtOp, math::SqrtOp>);
  addElementwise<ExpOp>(converter, patterns, table, acceptAll,
                        mathUnary<ExpOp, math::ExpOp>);
  addElementwise<LogOp>(converter, patterns, table, acceptAll,
                        mathUnary<LogOp, math::LogOp>);
  addElementwise<FloorOp>(converter, patterns, table, acceptAll,
                          mathUnary<FloorOp, math::FloorOp>);
  addElementwise<CeilOp>(converter, patterns, table, acceptAll,
                         mathUnary<CeilOp, math::CeilOp>);
  addElementwise<SigmoidOp>(converter, patterns, table, acceptAll, sigmoidBody);
  addElementwise<ReciprocalOp>(converter, patterns, table, acceptAll,
                               reciprocalBody);
  addElementwise<HardSigmoidOp>(converter, patterns, table, acceptAll,
                                hardSigmoidBody);
  addElementwise<HardSwishOp>(converter, patterns, table, acceptAll,
                              hardSwishBody);
  addElementwise<LeakyReluOp>(converter, patterns, table, acceptAll,
                              leakyReluBody);
  addElementwise<SiluOp>(converter, patterns, table, acceptAll, siluBody);
  addElementwise<GeluOp>(converter, patterns, table, acceptAll, geluBody);
  addElementwise<SinOp>(converter, patterns, table, acceptAll,
                        mathUnary<SinOp, math::SinOp>);
  addElementwise<CosOp>(converter, patterns, table, acceptAll,
                        mathUnary<CosOp, math::CosOp>);
  addElementwise<TanOp>(converter, patterns, table, acceptAll,
                        mathUnary<TanOp, math::TanOp>);
  addElementwise<AsinOp>(converter, patterns, table, acceptAll,
                         mathUnary<AsinOp, math::AsinOp>);
  addElementwise<AcosOp>(converter, patterns, table, acceptAll,
                         mathUnary<AcosOp, math::AcosOp>);
  addElementwise<AtanOp>(converter, patterns, table, acceptAll,
                         mathUnary<AtanOp, math::AtanOp>);
  addElementwise<SinhOp>(converter, patterns, table, acceptAll,
                         mathUnary<SinhOp, math::SinhOp>);
  addElementwise<CoshOp>(converter, patterns, table, acceptAll,
                         mathUnary<CoshOp, math::CoshOp>);
  addElementwise<AsinhOp>(converter, patterns, table, acceptAll,
                          mathUnary<AsinhOp, math::AsinhOp>);
  addElementwise<AcoshOp>(converter, patterns, table, acceptAll,
                          mathUnary<AcoshOp, math::AcoshOp>);
  addElementwise<AtanhOp>(converter, patterns, table, acceptAll,
                          mathUnary<AtanhOp, math::AtanhOp>);
  addElementwise<RoundOp>(converter, patterns, table, acceptAll,
                          mathUnary<RoundOp, math::RoundEvenOp>);

  // Unary ops on numbers.
  addElementwise<ReluOp>(converter, patterns, table, rejectBool<ReluOp>,
                         reluBody);
  addElementwise<NegOp>(converter, patterns, table, checkNeg, negBody);
  addElementwise<AbsOp>(converter, patterns, table, rejectBool<AbsOp>, absBody);
  addElementwise<ClipOp>(converter, patterns, table, checkClip, clipBody);
  addElementwise<CastOp>(converter, patterns, table, acceptAll, castBody);
  addElementwise<ExpandOp>(converter, patterns, table, acceptAll, expandBody);

  // Binary ops.
  addElementwise<AddOp>(converter, patterns, table, rejectBool<AddOp>,
                        arithmeticBody<AddOp>);
  addElementwise<SubOp>(converter, patterns, table, rejectBool<SubOp>,
                        arithmeticBody<SubOp>);
  addElementwise<MulOp>(converter, patterns, table, rejectBool<MulOp>,
                        arithmeticBody<MulOp>);
  addElementwise<DivOp>(converter, patterns, table, rejectBool<DivOp>,
                        arithmeticBody<DivOp>);
  addElementwise<PowOp>(converter, patterns, table, checkPow,
                        arithmeticBody<PowOp>);
  addElementwise<MaxOp>(converter, patterns, table, acceptAll,
                        arithmeticBody<MaxOp>);
  addElementwise<MinOp>(converter, patterns, table, acceptAll,
                        arithmeticBody<MinOp>);
  addElementwise<EqualOp>(converter, patterns, table, acceptAll,
                          compareBody<EqualOp, CompareKind::Equal>);
  addElementwise<LessOp>(converter, patterns, table, acceptAll,
                         compareBody<LessOp, CompareKind::Less>);
  addElementwise<GreaterOp>(converter, patterns, table, acceptAll,
                            compareBody<GreaterOp, CompareKind::Greater>);
  addElementwise<AndOp>(converter, patterns, table, acceptAll, andBody);
  addElementwise<OrOp>(converter, patterns, table, acceptAll, orBody);
  addElementwise<ModOp>(converter, patterns, table, checkMod, modBody);
  addElementwise<ShiftLeftOp>(converter, patterns, table,
                              checkShift<ShiftLeftOp>, shiftBody<ShiftLeftOp>);
  addElementwise<ShiftRightOp>(converter, patterns, table,
                               checkShift<ShiftRightOp>,
                               shiftBody<ShiftRightOp>);
  addElementwise<WhereOp>(converter, patterns, table, acceptAll, whereBody);

  patterns.add<BatchNormPattern>(converter, patterns.getContext());
  populateFusedElementwiseToLinalgPatterns(converter, patterns,
                                           std::move(table));
}

} // namespace kiln::codegen
