//===- Composite.cpp - ONNX ops imported as compositions of graph ops -----===//
//
// Ops that ONNX defines by a short formula over ops the graph dialect already
// has: activations (Elu, Selu, Celu, ThresholdedRelu, Softsign, Softplus,
// PRelu, Shrink), logic (Not, Xor, LessOrEqual, GreaterOrEqual), the derived
// reductions (ReduceL1/L2/SumSquare/LogSum/LogSumExp), LogSoftmax and
// CastLike. Each is written so NaN and infinities come out as ONNX's numpy
// reference gives them: selects test the condition under which NaN must take
// the branch that keeps it, and the log-sum-exp forms subtract a finite
// maximum.
//
//===----------------------------------------------------------------------===//

#include "Composer.h"
#include "Handlers.h"
#include "NodeBinder.h"

#include "dialects/Graph/IR/GraphOps.h"

#include "mlir/IR/BuiltinAttributes.h"

#include <limits>

using namespace mlir;

namespace kiln::importer {
namespace {

//===----------------------------------------------------------------------===//
// Building blocks
//===----------------------------------------------------------------------===//

/// Input 0 as a float tensor; fails (saying why) otherwise.
FailureOr<Value> floatInput(NodeBinder &b) {
  auto x = b.input(0);
  if (failed(x) ||
      failed(b.requireFloat(cast<RankedTensorType>(x->getType()), "input")))
    return failure();
  return *x;
}

Type elementType(Value x) {
  return cast<RankedTensorType>(x.getType()).getElementType();
}

/// Builds an activation from its float input `x` (of element type `elem`)
/// and its float attributes, in the order they were asked for; returns the
/// result, or fails having said why.
using FloatActivationFn = llvm::function_ref<FailureOr<Value>(
    Composer &c, Value x, Type elem, ArrayRef<float> attrs)>;

/// Imports an activation of a float input 0 and the float attributes
/// `attrs` (name, default): all are read before failing, so that every
/// problem is reported, then `build` gives result 0.
LogicalResult importFloatActivation(NodeBinder &b,
                                    ArrayRef<std::pair<StringRef, float>> attrs,
                                    FloatActivationFn build) {
  auto x = floatInput(b);
  SmallVector<float, 2> values;
  bool ok = succeeded(x);
  for (auto [name, defaultValue] : attrs) {
    auto value = b.floatAttr(name, defaultValue);
    ok &= succeeded(value);
    values.push_back(succeeded(value) ? *value : defaultValue);
  }
  if (!ok)
    return failure();
  Composer c(b);
  FailureOr<Value> result = build(c, *x, elementType(*x), values);
  if (failed(result))
    return failure();
  b.setResult(0, *result);
  return success();
}

//===----------------------------------------------------------------------===//
// Activations
//===----------------------------------------------------------------------===//

/// alpha * (exp(t) - 1): the non-positive branch shared by Elu, Celu and Selu.
Value eluBranch(Composer &c, Type elem, Value t, Value alpha) {
  Value expm1 =
      c.arith<graph::SubOp>(c.unary<graph::ExpOp>(t), c.scalar(elem, 1.0));
  return c.arith<graph::MulOp>(expm1, alpha);
}

/// Elu: x < 0 ? alpha * (exp(x) - 1) : x. NaN fails the test and stays NaN.
LogicalResult importElu(NodeBinder &b) {
  return importFloatActivation(
      b, {{"alpha", 1.0f}},
      [](Composer &c, Value x, Type elem,
         ArrayRef<float> attrs) -> FailureOr<Value> {
        float alpha = attrs[0];
        Value negative = eluBranch(c, elem, x, c.scalar(elem, alpha));
        Value isNegative = c.predicate<graph::LessOp>(x, c.scalar(elem, 0.0));
        return c.where(isNegative, negative, x);
      });
}

/// Celu: x > 0 ? x : alpha * (exp(x / alpha) - 1), which equals ONNX's
/// max(0, x) + min(0, alpha * (exp(x / alpha) - 1)); NaN takes the second
/// branch and stays NaN.
LogicalResult importCelu(NodeBinder &b) {
  return importFloatActivation(
      b, {{"alpha", 1.0f}},
      [&](Composer &c, Value x, Type elem,
          ArrayRef<float> attrs) -> FailureOr<Value> {
        float alpha = attrs[0];
        if (alpha == 0.0f)
          return b.fail("alpha must not be 0");
        Value alphaValue = c.scalar(elem, alpha);
        Value scaled = c.arith<graph::DivOp>(x, alphaValue);
        Value negative = eluBranch(c, elem, scaled, alphaValue);
        Value isPositive =
            c.predicate<graph::GreaterOp>(x, c.scalar(elem, 0.0));
        return c.where(isPositive, x, negative);
      });
}

/// Selu: gamma * (x > 0 ? x : alpha * (exp(x) - 1)).
LogicalResult importSelu(NodeBinder &b) {
  return importFloatActivation(
      b,
      {{"alpha", 1.67326319217681884765625f},
       {"gamma", 1.05070102214813232421875f}},
      [](Composer &c, Value x, Type elem,
         ArrayRef<float> attrs) -> FailureOr<Value> {
        float alpha = attrs[0], gamma = attrs[1];
        Value negative = eluBranch(c, elem, x, c.scalar(elem, alpha));
        Value isPositive =
            c.predicate<graph::GreaterOp>(x, c.scalar(elem, 0.0));
        Value selected = c.where(isPositive, x, negative);
        return c.arith<graph::MulOp>(selected, c.scalar(elem, gamma));
      });
}

/// ThresholdedRelu: x <= alpha ? 0 : x, with <= as (less or equal) so that
/// NaN, which compares false, passes through as numpy's clip passes it.
LogicalResult importThresholdedRelu(NodeBinder &b) {
  return importFloatActivation(
      b, {{"alpha", 1.0f}},
      [](Composer &c, Value x, Type elem,
         ArrayRef<float> attrs) -> FailureOr<Value> {
        float alpha = attrs[0];
        Value alphaValue = c.scalar(elem, alpha);
        Value atMost = c.predicate<graph::OrOp>(
            c.predicate<graph::LessOp>(x, alphaValue),
            c.predicate<graph::EqualOp>(x, alphaValue));
        return c.where(atMost, c.scalar(elem, 0.0), x);
      });
}

/// Softsign: x / (1 + |x|).
LogicalResult importSoftsign(NodeBinder &b) {
  auto x = floatInput(b);
  if (failed(x))
    return failure();
  Composer c(b);
  Value denominator = c.arith<graph::AddOp>(
      c.unary<graph::AbsOp>(*x), c.scalar(elementType(*x), 1.0));
  b.setResult(0, c.arith<graph::DivOp>(*x, denominator));
  return success();
}

/// Softplus: log(exp(x) + 1), the reference's formula (inf for large x).
LogicalResult importSoftplus(NodeBinder &b) {
  auto x = floatInput(b);
  if (failed(x))
    return failure();
  Composer c(b);
  Value sum = c.arith<graph::AddOp>(c.unary<graph::ExpOp>(*x),
                                    c.scalar(elementType(*x), 1.0));
  b.setResult(0, c.unary<graph::LogOp>(sum));
  return success();
}

/// PRelu: x < 0 ? slope * x : x, `slope` broadcasting to x's shape.
LogicalResult importPRelu(NodeBinder &b) {
  auto x = b.input(0);
  auto slope = b.input(1);
  auto type = b.resultType(0);
  if (failed(x) || failed(slope) || failed(type))
    return failure();
  auto xType = cast<RankedTensorType>(x->getType());
  if (elementType(*slope) != xType.getElementType())
    return b.fail("X and slope have different dtypes");
  if (*type != xType)
    return b.fail("slope must broadcast to the shape of X");
  Composer c(b);
  auto product = c.arith<graph::MulOp>(*x, *slope);
  Value isNegative = c.predicate<graph::LessOp>(
      *x, c.scalar(xType.getElementType(), 0.0));
  b.setResult(0, c.where(isNegative, product, *x));
  return success();
}

/// Shrink: x < -lambd ? x + bias : (x > lambd ? x - bias : 0); NaN gives 0
/// as in the reference.
LogicalResult importShrink(NodeBinder &b) {
  return importFloatActivation(
      b, {{"bias", 0.0f}, {"lambd", 0.5f}},
      [](Composer &c, Value x, Type elem,
         ArrayRef<float> attrs) -> FailureOr<Value> {
        float bias = attrs[0], lambd = attrs[1];
        Value biasValue = c.scalar(elem, bias);
        Value below = c.predicate<graph::LessOp>(x, c.scalar(elem, -lambd));
        Value above = c.predicate<graph::GreaterOp>(x, c.scalar(elem, lambd));
        Value upper = c.where(above, c.arith<graph::SubOp>(x, biasValue),
                              c.scalar(elem, 0.0));
        return c.where(below, c.arith<graph::AddOp>(x, biasValue), upper);
      });
}

//===----------------------------------------------------------------------===//
// Logic and comparisons
//===----------------------------------------------------------------------===//

/// Not: x == false.
LogicalResult importNot(NodeBinder &b) {
  auto x = b.input(0);
  if (failed(x))
    return failure();
  if (!elementType(*x).isInteger(1))
    return b.fail("input must be bool");
  Composer c(b);
  b.setResult(0, c.logicalNot(*x));
  return success();
}

/// Xor: (a == b) == false.
LogicalResult importXor(NodeBinder &b) {
  auto lhs = b.input(0);
  auto rhs = b.input(1);
  if (failed(lhs) || failed(rhs))
    return failure();
  if (!elementType(*lhs).isInteger(1) || !elementType(*rhs).isInteger(1))
    return b.fail("inputs must be bool");
  if (failed(Composer::broadcast(*lhs, *rhs)))
    return b.fail("operand shapes are not broadcast-compatible");
  Composer c(b);
  b.setResult(0, c.logicalNot(c.predicate<graph::EqualOp>(*lhs, *rhs)));
  return success();
}

/// LessOrEqual / GreaterOrEqual as (strict or equal): any comparison with
/// NaN is false, where `not greater` would be true.
template <typename StrictOp>
LogicalResult importCompareOrEqual(NodeBinder &b) {
  auto lhs = b.input(0);
  auto rhs = b.input(1);
  if (failed(lhs) || failed(rhs))
    return failure();
  if (elementType(*lhs) != elementType(*rhs))
    return b.fail("operands have different dtypes");
  if (failed(Composer::broadcast(*lhs, *rhs)))
    return b.fail("operand shapes are not broadcast-compatible");
  Composer c(b);
  b.setResult(0, c.predicate<graph::OrOp>(
                     c.predicate<StrictOp>(*lhs, *rhs),
                     c.predicate<graph::EqualOp>(*lhs, *rhs)));
  return success();
}

//===----------------------------------------------------------------------===//
// Derived reductions
//===----------------------------------------------------------------------===//

/// The normalized axes and keepdims of a Reduce* node; axes are an attribute
/// before opset 18 and an optional input from it. `identity` is set when the
/// node is the identity (no axes with noop_with_empty_axes).
struct ReduceParams {
  SmallVector<int64_t> axes;
  bool keepdims = true;
  bool identity = false;
};

FailureOr<ReduceParams> reduceParams(NodeBinder &b, Value x) {
  ReduceParams params;
  auto keepdims = b.intAttr("keepdims", 1);
  if (failed(keepdims))
    return failure();
  params.keepdims = *keepdims != 0;
  if (b.opset() >= 18) {
    auto given = b.optionalConstantInts(1, "axes");
    auto noop = b.intAttr("noop_with_empty_axes", 0);
    if (failed(given) || failed(noop))
      return failure();
    if (*given)
      params.axes = **given;
    params.identity = params.axes.empty() && *noop != 0;
  } else {
    auto given = b.intsAttr("axes");
    if (failed(given))
      return failure();
    if (*given)
      params.axes = **given;
  }
  int64_t rank = cast<RankedTensorType>(x.getType()).getRank();
  for (int64_t &axis : params.axes) {
    auto normalized = b.normalizeAxis(axis, rank, "axis");
    if (failed(normalized))
      return failure();
    axis = *normalized;
  }
  llvm::sort(params.axes);
  if (std::adjacent_find(params.axes.begin(), params.axes.end()) !=
      params.axes.end())
    return b.fail("axes has duplicates");
  return params;
}

enum class DerivedReduce { L1, L2, SumSquare, LogSum, LogSumExp };

/// ReduceL1 = sum |x|, ReduceL2 = sqrt(sum x^2), ReduceSumSquare = sum x^2,
/// ReduceLogSum = log(sum x), ReduceLogSumExp = m + log(sum exp(x - m)) with
/// m the maximum, replaced by 0 where it is infinite so that all -inf gives
/// -inf and any +inf gives +inf, as the unshifted formula does.
template <DerivedReduce Kind>
LogicalResult importDerivedReduce(NodeBinder &b) {
  auto x = b.input(0);
  if (failed(x))
    return failure();
  auto xType = cast<RankedTensorType>(x->getType());
  bool floatOnly = Kind == DerivedReduce::L2 ||
                   Kind == DerivedReduce::LogSum ||
                   Kind == DerivedReduce::LogSumExp;
  if (floatOnly && failed(b.requireFloat(xType, "input")))
    return failure();
  if (xType.getElementType().isInteger(1))
    return b.fail("bool input is not supported");
  auto params = reduceParams(b, *x);
  if (failed(params))
    return failure();
  auto type = b.resultType(0);
  if (failed(type))
    return failure();
  Composer c(b);
  Type elem = xType.getElementType();
  // ONNX's reference disagrees between these ops on what "no reduction"
  // computes, so that corner is refused rather than guessed.
  if (params->identity)
    return b.fail("noop_with_empty_axes with no axes is not supported");
  Value in = *x;
  ArrayRef<int64_t> axes = params->axes;
  Value result;
  switch (Kind) {
  case DerivedReduce::L1:
    result = c.reduce<graph::ReduceSumOp>(c.unary<graph::AbsOp>(in), axes,
                                          params->keepdims);
    break;
  case DerivedReduce::L2:
  case DerivedReduce::SumSquare:
    result = c.reduce<graph::ReduceSumOp>(c.arith<graph::MulOp>(in, in), axes,
                                          params->keepdims);
    if (Kind == DerivedReduce::L2)
      result = c.unary<graph::SqrtOp>(result);
    break;
  case DerivedReduce::LogSum:
    result = c.unary<graph::LogOp>(
        c.reduce<graph::ReduceSumOp>(in, axes, params->keepdims));
    break;
  case DerivedReduce::LogSumExp: {
    Value max = c.reduce<graph::ReduceMaxOp>(in, axes, /*keepdims=*/true);
    Value isInfinite = c.predicate<graph::EqualOp>(
        c.unary<graph::AbsOp>(max),
        c.scalar(elem, std::numeric_limits<double>::infinity()));
    Value shift = c.where(isInfinite, c.scalar(elem, 0.0), max);
    Value sum = c.reduce<graph::ReduceSumOp>(
        c.unary<graph::ExpOp>(c.arith<graph::SubOp>(in, shift)), axes,
        /*keepdims=*/true);
    result = c.arith<graph::AddOp>(c.unary<graph::LogOp>(sum), shift);
    break;
  }
  }
  b.setResult(0, c.reshape(result, *type));
  return success();
}

//===----------------------------------------------------------------------===//
// LogSoftmax
//===----------------------------------------------------------------------===//

/// LogSoftmax over `axis` as (x - m) - log(sum exp(x - m)), m the maximum.
/// Before opset 13 the input is flattened to 2-D at `axis` and normalized
/// over the second dim, as legacy Softmax is.
LogicalResult importLogSoftmax(NodeBinder &b) {
  auto x = floatInput(b);
  bool legacy = b.opset() < 13;
  auto axisAttr = b.intAttr("axis", legacy ? 1 : -1);
  if (failed(x) || failed(axisAttr))
    return failure();
  auto type = cast<RankedTensorType>(x->getType());
  auto axis = b.normalizeAxis(*axisAttr, type.getRank(), "axis");
  if (failed(axis))
    return failure();
  Composer c(b);
  Value in = *x;
  int64_t reduceAxis = *axis;
  if (legacy && *axis != type.getRank() - 1) {
    int64_t rows = 1, cols = 1;
    for (int64_t d = 0; d < type.getRank(); ++d)
      (d < *axis ? rows : cols) *= type.getDimSize(d);
    in = c.reshape(in, type.clone({rows, cols}));
    reduceAxis = 1;
  }
  b.setResult(0, c.reshape(c.logSoftmax(in, reduceAxis), type));
  return success();
}

//===----------------------------------------------------------------------===//
// CastLike
//===----------------------------------------------------------------------===//

/// CastLike: Cast to the dtype of the second input, which is read only for
/// its type.
LogicalResult importCastLike(NodeBinder &b) {
  auto x = b.input(0);
  auto like = b.inputType(1);
  if (failed(x) || failed(like))
    return failure();
  auto xType = cast<RankedTensorType>(x->getType());
  Type elem = like->getElementType();
  if (xType.getElementType() == elem) {
    b.setResult(0, *x);
    return success();
  }
  b.setResult(0, graph::CastOp::create(b.builder(), b.loc(),
                                       xType.clone(elem), *x));
  return success();
}

} // namespace

void registerCompositeHandlers(HandlerTable &t) {
  t.add("Elu", 6, importElu);
  t.add("Celu", 12, importCelu);
  t.add("Selu", 6, importSelu);
  t.add("ThresholdedRelu", 10, importThresholdedRelu);
  t.add("Softsign", 1, importSoftsign);
  t.add("Softplus", 1, importSoftplus);
  t.add("PRelu", 7, importPRelu);
  t.add("Shrink", 9, importShrink);

  t.add("Not", 1, importNot);
  t.add("Xor", 7, importXor);
  t.add("LessOrEqual", 12, importCompareOrEqual<graph::LessOp>);
  t.add("GreaterOrEqual", 12, importCompareOrEqual<graph::GreaterOp>);

  t.add("ReduceL1", 1, importDerivedReduce<DerivedReduce::L1>);
  t.add("ReduceL2", 1, importDerivedReduce<DerivedReduce::L2>);
  t.add("ReduceSumSquare", 1, importDerivedReduce<DerivedReduce::SumSquare>);
  t.add("ReduceLogSum", 1, importDerivedReduce<DerivedReduce::LogSum>);
  t.add("ReduceLogSumExp", 1, importDerivedReduce<DerivedReduce::LogSumExp>);

  t.add("LogSoftmax", 1, importLogSoftmax);
  t.add("CastLike", 15, importCastLike);
}

} // namespace kiln::importer
