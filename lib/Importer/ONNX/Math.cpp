//===- Math.cpp - Handlers of ONNX math ops beyond arithmetic -------------===//
//
// Trigonometric and hyperbolic functions and Round map one to one onto graph
// ops; Mod and BitShift onto graph.mod and the shift ops. Sign, IsNaN and
// IsInf are compositions of comparisons and selects, written so NaN gives
// what ONNX's numpy reference gives (sign(NaN) = NaN, isinf(NaN) = false).
//
//===----------------------------------------------------------------------===//

#include "Composer.h"
#include "Handlers.h"
#include "NodeBinder.h"

#include "dialects/Graph/IR/GraphOps.h"

#include <limits>

using namespace mlir;

namespace kiln::importer {
namespace {

/// A float-only unary op with a graph op of its own.
template <typename OpTy> LogicalResult importFloatUnary(NodeBinder &b) {
  auto x = b.input(0);
  if (failed(x) ||
      failed(b.requireFloat(cast<RankedTensorType>(x->getType()), "input")))
    return failure();
  b.setResult(0, OpTy::create(b.builder(), b.loc(), *x));
  return success();
}

/// Sign: 1 for positive, -1 for negative, else x * 0, which is 0 for zero
/// and keeps NaN as NaN (infinities took one of the first two branches).
LogicalResult importSign(NodeBinder &b) {
  auto x = b.input(0);
  if (failed(x))
    return failure();
  Type elem = Composer::elementType(*x);
  if (elem.isInteger(1))
    return b.fail("bool input is not supported");
  Composer c(b);
  Value zero = c.scalar(elem, 0.0);
  Value isPositive = c.predicate<graph::GreaterOp>(*x, zero);
  Value isNegative = c.predicate<graph::LessOp>(*x, zero);
  Value result = c.where(isPositive, c.scalar(elem, 1.0), c.mul(*x, zero));
  // Never true for unsigned types, whose -1 constant is then unused.
  b.setResult(0, c.where(isNegative, c.scalar(elem, -1.0), result));
  return success();
}

/// IsNaN: x != x, i.e. not (x == x).
LogicalResult importIsNaN(NodeBinder &b) {
  auto x = b.input(0);
  if (failed(x) ||
      failed(b.requireFloat(cast<RankedTensorType>(x->getType()), "input")))
    return failure();
  Composer c(b);
  b.setResult(0, c.logicalNot(c.predicate<graph::EqualOp>(*x, *x)));
  return success();
}

/// IsInf: comparisons with +inf and -inf, as the detect_* attributes ask.
LogicalResult importIsInf(NodeBinder &b) {
  auto x = b.input(0);
  auto positive = b.intAttr("detect_positive", 1);
  auto negative = b.intAttr("detect_negative", 1);
  if (failed(x) || failed(positive) || failed(negative) ||
      failed(b.requireFloat(cast<RankedTensorType>(x->getType()), "input")))
    return failure();
  Composer c(b);
  Type elem = Composer::elementType(*x);
  double inf = std::numeric_limits<double>::infinity();
  Value result;
  if (*positive && *negative)
    result = c.predicate<graph::EqualOp>(c.unary<graph::AbsOp>(*x),
                                         c.scalar(elem, inf));
  else if (*positive)
    result = c.predicate<graph::EqualOp>(*x, c.scalar(elem, inf));
  else if (*negative)
    result = c.predicate<graph::EqualOp>(*x, c.scalar(elem, -inf));
  else
    result = c.splat(Composer::shapeOf(*x), b.builder().getI1Type(), 0.0);
  b.setResult(0, result);
  return success();
}

/// Mod; ONNX requires fmod = 1 for floats (numpy's mod of floats is not an
/// ONNX operation), graph.mod computes both for every number type.
LogicalResult importMod(NodeBinder &b) {
  auto lhs = b.input(0);
  auto rhs = b.input(1);
  auto fmod = b.intAttr("fmod", 0);
  auto type = b.resultType(0);
  if (failed(lhs) || failed(rhs) || failed(fmod) || failed(type))
    return failure();
  Type elem = Composer::elementType(*lhs);
  if (elem != Composer::elementType(*rhs))
    return b.fail("operands have different dtypes");
  if (elem.isInteger(1))
    return b.fail("bool inputs are not supported");
  if (isa<FloatType>(elem) && *fmod == 0)
    return b.fail("fmod must be 1 for floating-point inputs");
  b.setResult(0, graph::ModOp::create(b.builder(), b.loc(), *type, *lhs, *rhs,
                                      b.builder().getBoolAttr(*fmod != 0)));
  return success();
}

LogicalResult importBitShift(NodeBinder &b) {
  auto lhs = b.input(0);
  auto rhs = b.input(1);
  auto direction = b.stringAttr("direction", "");
  auto type = b.resultType(0);
  if (failed(lhs) || failed(rhs) || failed(direction) || failed(type))
    return failure();
  Type elem = Composer::elementType(*lhs);
  if (elem != Composer::elementType(*rhs))
    return b.fail("operands have different dtypes");
  if (!elem.isUnsignedInteger())
    return b.fail("inputs must be unsigned integers");
  if (*direction == "LEFT")
    b.setResult(
        0, graph::ShiftLeftOp::create(b.builder(), b.loc(), *type, *lhs, *rhs));
  else if (*direction == "RIGHT")
    b.setResult(0, graph::ShiftRightOp::create(b.builder(), b.loc(), *type,
                                               *lhs, *rhs));
  else
    return b.fail("direction must be \"LEFT\" or \"RIGHT\", got \"" +
                  *direction + "\"");
  return success();
}

} // namespace

void registerMathHandlers(HandlerTable &t) {
  t.add("Sin", 7, importFloatUnary<graph::SinOp>);
  t.add("Cos", 7, importFloatUnary<graph::CosOp>);
  t.add("Tan", 7, importFloatUnary<graph::TanOp>);
  t.add("Asin", 7, importFloatUnary<graph::AsinOp>);
  t.add("Acos", 7, importFloatUnary<graph::AcosOp>);
  t.add("Atan", 7, importFloatUnary<graph::AtanOp>);
  t.add("Sinh", 9, importFloatUnary<graph::SinhOp>);
  t.add("Cosh", 9, importFloatUnary<graph::CoshOp>);
  t.add("Asinh", 9, importFloatUnary<graph::AsinhOp>);
  t.add("Acosh", 9, importFloatUnary<graph::AcoshOp>);
  t.add("Atanh", 9, importFloatUnary<graph::AtanhOp>);
  t.add("Round", 11, importFloatUnary<graph::RoundOp>);
  t.add("Sign", 9, importSign);
  t.add("IsNaN", 9, importIsNaN);
  t.add("IsInf", 10, importIsInf);
  t.add("Mod", 10, importMod);
  t.add("BitShift", 11, importBitShift);
}

} // namespace kiln::importer
