//===- Activations.cpp - Scalar builders of the activation functions ------===//
//
// The single definition of every activation's math (declared in Utils.h):
// the elementwise ops and the epilogues fused into contractions both call
// these, so a fused graph computes exactly what the unfused one did.
//
//===----------------------------------------------------------------------===//

#include "codegen/GraphToLinalg/Utils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "llvm/Support/MathExtras.h"

#include <cmath>

using namespace mlir;
using kiln::graph::Activation;

namespace kiln::codegen {

//===----------------------------------------------------------------------===//
// Piecewise-linear activations
//===----------------------------------------------------------------------===//

Value createRelu(OpBuilder &b, Location loc, ScalarKind kind, Value x) {
  Value zero = createZero(b, loc, x.getType());
  switch (kind) {
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

/// Rounds a float bound into the integer range of `type`: toward the inside
/// of the clip interval (ceil for the lower bound, floor for the upper one),
/// saturating at the type's limits.
static APInt integerBound(double bound, IntegerType type, bool isSigned,
                          bool lower) {
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

Value createClip(OpBuilder &b, Location loc, ScalarKind kind, Value x,
                 std::optional<double> min, std::optional<double> max) {
  Type type = x.getType();
  auto makeBound = [&](double value, bool lower) -> Value {
    if (kind == ScalarKind::Float)
      return createFloatConstant(b, loc, type, value);
    APInt bits = integerBound(value, cast<IntegerType>(type),
                              kind == ScalarKind::Signed, lower);
    return arith::ConstantOp::create(b, loc, IntegerAttr::get(type, bits));
  };
  // max then min: with min > max every element becomes max.
  if (min)
    x = createMax(b, loc, kind, x, makeBound(*min, /*lower=*/true));
  if (max)
    x = createMin(b, loc, kind, x, makeBound(*max, /*lower=*/false));
  return x;
}

Value createLeakyRelu(OpBuilder &b, Location loc, Value x, double alpha) {
  Type type = x.getType();
  Value isNegative = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, x,
                                           createZero(b, loc, type));
  Value scaled = arith::MulFOp::create(
      b, loc, x, createFloatConstant(b, loc, type, alpha));
  // NaN is not < 0, so it passes through unchanged.
  return arith::SelectOp::create(b, loc, isNegative, scaled, x);
}

Value createHardSigmoid(OpBuilder &b, Location loc, Value x, double alpha,
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

Value createHardSwish(OpBuilder &b, Location loc, Value x) {
  Value gate = createHardSigmoid(b, loc, x, 1.0 / 6.0, 0.5);
  return arith::MulFOp::create(b, loc, x, gate);
}

//===----------------------------------------------------------------------===//
// Smooth activations
//===----------------------------------------------------------------------===//

Value createSigmoid(OpBuilder &b, Location loc, Value x) {
  Value one = createOne(b, loc, x.getType());
  Value exp = math::ExpOp::create(b, loc, arith::NegFOp::create(b, loc, x));
  Value denom = arith::AddFOp::create(b, loc, one, exp);
  return arith::DivFOp::create(b, loc, one, denom);
}

Value createSilu(OpBuilder &b, Location loc, Value x) {
  return arith::MulFOp::create(b, loc, x, createSigmoid(b, loc, x));
}

Value createGelu(OpBuilder &b, Location loc, Value x, bool tanhApproximation) {
  Type type = x.getType();
  auto constant = [&](double value) {
    return createFloatConstant(b, loc, type, value);
  };
  Value gate;
  if (tanhApproximation) {
    // Evaluated in the reference's order (x^3 first, then the sum) rather
    // than as x * (c0 + c1 * x^2), so results match PyTorch's closely.
    Value square = arith::MulFOp::create(b, loc, x, x);
    Value cube = arith::MulFOp::create(b, loc, square, x);
    Value inner = arith::AddFOp::create(
        b, loc, x, arith::MulFOp::create(b, loc, constant(0.044715), cube));
    Value scaled = arith::MulFOp::create(
        b, loc, constant(std::sqrt(2.0 / llvm::numbers::pi)), inner);
    gate = math::TanhOp::create(b, loc, scaled);
  } else {
    Value scaled =
        arith::MulFOp::create(b, loc, x, constant(llvm::numbers::inv_sqrt2));
    gate = math::ErfOp::create(b, loc, scaled);
  }
  Value onePlus = arith::AddFOp::create(b, loc, constant(1.0), gate);
  Value half = arith::MulFOp::create(b, loc, constant(0.5), x);
  return arith::MulFOp::create(b, loc, half, onePlus);
}

//===----------------------------------------------------------------------===//
// Fused activations
//===----------------------------------------------------------------------===//

LogicalResult checkActivation(Operation *op, Activation activation,
                              ArrayRef<float> params, Type elementType) {
  ScalarKind kind = getScalarKind(elementType);
  if (kind == ScalarKind::Bool)
    return emitUnsupportedType(op, elementType);
  switch (activation) {
  case Activation::none:
  case Activation::relu:
    return success();
  case Activation::clip:
    if (llvm::any_of(params, [](float p) { return std::isnan(p); }))
      return emitUnsupported(op, "has a NaN clip bound");
    return success();
  default:
    if (kind != ScalarKind::Float)
      return emitUnsupported(op, "with activation '" +
                                     graph::stringifyActivation(activation) +
                                     "' on integer tensors is not supported");
    return success();
  }
}

Value applyActivation(OpBuilder &b, Location loc, ScalarKind kind,
                      Activation activation, ArrayRef<float> params, Value x) {
  // The op verifiers guarantee the parameter counts read below.
  switch (activation) {
  case Activation::none:
    return x;
  case Activation::relu:
    return createRelu(b, loc, kind, x);
  case Activation::clip: {
    // -inf / +inf bounds stand for Clip's absent min / max.
    std::optional<double> min, max;
    if (!(std::isinf(params[0]) && params[0] < 0))
      min = params[0];
    if (!(std::isinf(params[1]) && params[1] > 0))
      max = params[1];
    return createClip(b, loc, kind, x, min, max);
  }
  case Activation::leaky_relu:
    return createLeakyRelu(b, loc, x, params[0]);
  case Activation::sigmoid:
    return createSigmoid(b, loc, x);
  case Activation::hard_sigmoid:
    return createHardSigmoid(b, loc, x, params[0], params[1]);
  case Activation::hard_swish:
    return createHardSwish(b, loc, x);
  case Activation::silu:
    return createSilu(b, loc, x);
  case Activation::gelu:
    return createGelu(b, loc, x, /*tanhApproximation=*/false);
  case Activation::gelu_tanh:
    return createGelu(b, loc, x, /*tanhApproximation=*/true);
  case Activation::tanh:
    return math::TanhOp::create(b, loc, x);
  }
  return x;
}

} // namespace kiln::codegen
