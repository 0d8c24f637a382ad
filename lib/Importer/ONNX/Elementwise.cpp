//===- Elementwise.cpp - Handlers of elementwise ONNX ops -----------------===//
//
// Unary and binary elementwise ops map one to one onto graph ops; variadic
// Max/Min/Sum/Mean become chains of binary ops; Clip's bounds become
// attributes when they are constants and graph.max/graph.min otherwise.
//
//===----------------------------------------------------------------------===//

#include "Handlers.h"
#include "NodeBinder.h"

#include "dialects/Graph/IR/GraphOps.h"

#include "mlir/IR/BuiltinAttributes.h"

#include <cfloat>

using namespace mlir;

namespace kiln::importer {
namespace {

//===----------------------------------------------------------------------===//
// Unary ops
//===----------------------------------------------------------------------===//

/// One-to-one unary ops; `FloatOnly` ops have no integer form in the graph
/// dialect.
template <typename OpTy, bool FloatOnly>
LogicalResult importUnary(NodeBinder &b) {
  auto x = b.input(0);
  if (failed(x))
    return failure();
  auto type = cast<RankedTensorType>(x->getType());
  if (FloatOnly && failed(b.requireFloat(type, "input")))
    return failure();
  b.setResult(0, OpTy::create(b.builder(), b.loc(), *x));
  return success();
}

LogicalResult importLeakyRelu(NodeBinder &b) {
  auto x = b.input(0);
  auto alpha = b.floatAttr("alpha", 0.01f);
  if (failed(x) || failed(alpha) ||
      failed(b.requireFloat(cast<RankedTensorType>(x->getType()), "input")))
    return failure();
  b.setResult(0, graph::LeakyReluOp::create(
                     b.builder(), b.loc(), *x,
                     b.builder().getF32FloatAttr(*alpha)));
  return success();
}

LogicalResult importHardSigmoid(NodeBinder &b) {
  auto x = b.input(0);
  auto alpha = b.floatAttr("alpha", 0.2f);
  auto beta = b.floatAttr("beta", 0.5f);
  if (failed(x) || failed(alpha) || failed(beta) ||
      failed(b.requireFloat(cast<RankedTensorType>(x->getType()), "input")))
    return failure();
  b.setResult(0, graph::HardSigmoidOp::create(
                     b.builder(), b.loc(), *x,
                     b.builder().getF32FloatAttr(*alpha),
                     b.builder().getF32FloatAttr(*beta)));
  return success();
}

//===----------------------------------------------------------------------===//
// Clip
//===----------------------------------------------------------------------===//

/// Clip before opset 11: bounds are attributes whose defaults, the float
/// range's ends, mean "unbounded".
LogicalResult importClipAttrs(NodeBinder &b) {
  auto x = b.input(0);
  auto min = b.floatAttr("min", -FLT_MAX);
  auto max = b.floatAttr("max", FLT_MAX);
  if (failed(x) || failed(min) || failed(max))
    return failure();
  OpBuilder &builder = b.builder();
  FloatAttr minAttr =
      b.hasAttr("min") ? builder.getF64FloatAttr(*min) : FloatAttr();
  FloatAttr maxAttr =
      b.hasAttr("max") ? builder.getF64FloatAttr(*max) : FloatAttr();
  b.setResult(0, graph::ClipOp::create(builder, b.loc(), *x, minAttr, maxAttr));
  return success();
}

/// Clip from opset 11: bounds are optional scalar inputs.
LogicalResult importClipInputs(NodeBinder &b) {
  auto x = b.input(0);
  if (failed(x))
    return failure();
  OpBuilder &builder = b.builder();
  FloatAttr bounds[2];
  Value dynamicBounds[2];
  for (unsigned i = 0; i < 2; ++i) {
    if (!b.hasInput(i + 1))
      continue;
    if (ElementsAttr constant = b.constantInput(i + 1)) {
      auto value = b.optionalConstantScalar(i + 1, i ? "max" : "min");
      if (failed(value))
        return failure();
      bounds[i] = builder.getF64FloatAttr(**value);
      continue;
    }
    if (b.hasFailed())
      return failure();
    auto bound = b.input(i + 1);
    if (failed(bound))
      return failure();
    dynamicBounds[i] = *bound;
  }
  // Without any bound Clip is the identity.
  Value result = *x;
  if (bounds[0] || bounds[1])
    result = graph::ClipOp::create(builder, b.loc(), result, bounds[0],
                                   bounds[1]);
  // A scalar bound broadcasts, so the result keeps the input's type.
  if (dynamicBounds[0])
    result = graph::MaxOp::create(builder, b.loc(), result.getType(), result,
                                  dynamicBounds[0]);
  if (dynamicBounds[1])
    result = graph::MinOp::create(builder, b.loc(), result.getType(), result,
                                  dynamicBounds[1]);
  b.setResult(0, result);
  return success();
}

//===----------------------------------------------------------------------===//
// Binary ops
//===----------------------------------------------------------------------===//

template <typename OpTy>
LogicalResult importBinary(NodeBinder &b) {
  auto lhs = b.input(0);
  auto rhs = b.input(1);
  auto type = b.resultType(0);
  if (failed(lhs) || failed(rhs) || failed(type))
    return failure();
  Type lhsElem = cast<RankedTensorType>(lhs->getType()).getElementType();
  auto rhsType = cast<RankedTensorType>(rhs->getType());
  Value rhsValue = *rhs;
  if (rhsType.getElementType() != lhsElem) {
    // Only Pow takes an exponent of another type; the graph op wants one
    // element type, so the exponent is converted to the base's.
    if (!std::is_same<OpTy, graph::PowOp>::value)
      return b.fail("operands have different dtypes");
    Type rhsElem = rhsType.getElementType();
    if (!isa<FloatType>(lhsElem) && isa<FloatType>(rhsElem)) {
      // A fractional exponent must not be truncated: the power is taken in
      // the exponent's type and the result converted back, as ONNX does.
      OpBuilder &builder = b.builder();
      auto lhsType = cast<RankedTensorType>(lhs->getType());
      Value base = graph::CastOp::create(builder, b.loc(),
                                         lhsType.clone(rhsElem), *lhs);
      Value power = graph::PowOp::create(builder, b.loc(),
                                         type->clone(rhsElem), base, *rhs);
      b.setResult(0, graph::CastOp::create(builder, b.loc(), *type, power));
      return success();
    }
    rhsValue = graph::CastOp::create(b.builder(), b.loc(),
                                     rhsType.clone(lhsElem), rhsValue);
  }
  b.setResult(0, OpTy::create(b.builder(), b.loc(), *type, *lhs, rhsValue));
  return success();
}

/// Max, Min, Sum and Mean take any number of inputs: a left-to-right chain of
/// binary ops, each result shaped by broadcasting.
template <typename OpTy, bool IsMean = false>
LogicalResult importVariadic(NodeBinder &b) {
  auto operands = b.inputs();
  auto type = b.resultType(0);
  if (failed(operands) || failed(type))
    return failure();
  if (operands->empty())
    return b.fail("needs at least one input");
  if (IsMean && failed(b.requireFloat(*type, "output")))
    return failure();
  Value acc = (*operands)[0];
  for (Value next : llvm::drop_begin(*operands)) {
    auto accType = cast<RankedTensorType>(acc.getType());
    auto nextType = cast<RankedTensorType>(next.getType());
    if (accType.getElementType() != nextType.getElementType())
      return b.fail("operands have different dtypes");
    auto shape =
        graph::broadcastShapes(accType.getShape(), nextType.getShape());
    if (failed(shape))
      return b.fail("operand shapes are not broadcast-compatible");
    acc = OpTy::create(b.builder(), b.loc(), accType.clone(*shape), acc, next);
  }
  if (IsMean && operands->size() > 1) {
    auto scalarType = RankedTensorType::get({}, type->getElementType());
    Value count = graph::ConstantOp::create(
        b.builder(), b.loc(),
        DenseElementsAttr::get(
            scalarType, FloatAttr::get(type->getElementType(),
                                       static_cast<double>(operands->size()))));
    acc = graph::DivOp::create(b.builder(), b.loc(), acc.getType(), acc,
                               count);
  }
  b.setResult(0, acc);
  return success();
}

LogicalResult importWhere(NodeBinder &b) {
  auto cond = b.input(0);
  auto lhs = b.input(1);
  auto rhs = b.input(2);
  auto type = b.resultType(0);
  if (failed(cond) || failed(lhs) || failed(rhs) || failed(type))
    return failure();
  b.setResult(0, graph::WhereOp::create(b.builder(), b.loc(), *type, *cond,
                                        *lhs, *rhs));
  return success();
}

} // namespace

void registerElementwiseHandlers(HandlerTable &t) {
  t.add("Relu", 1, importUnary<graph::ReluOp, false>);
  t.add("Neg", 1, importUnary<graph::NegOp, false>);
  t.add("Abs", 1, importUnary<graph::AbsOp, false>);
  t.add("Sigmoid", 1, importUnary<graph::SigmoidOp, true>);
  t.add("Tanh", 1, importUnary<graph::TanhOp, true>);
  t.add("Erf", 9, importUnary<graph::ErfOp, true>);
  t.add("Sqrt", 1, importUnary<graph::SqrtOp, true>);
  t.add("Exp", 1, importUnary<graph::ExpOp, true>);
  t.add("Log", 1, importUnary<graph::LogOp, true>);
  t.add("Reciprocal", 1, importUnary<graph::ReciprocalOp, true>);
  t.add("Floor", 1, importUnary<graph::FloorOp, true>);
  t.add("Ceil", 1, importUnary<graph::CeilOp, true>);
  t.add("HardSwish", 14, importUnary<graph::HardSwishOp, true>);
  t.add("LeakyRelu", 1, importLeakyRelu);
  t.add("HardSigmoid", 1, importHardSigmoid);
  t.add("Clip", 1, importClipAttrs);
  t.add("Clip", 11, importClipInputs);

  t.add("Add", 1, importBinary<graph::AddOp>);
  t.add("Sub", 1, importBinary<graph::SubOp>);
  t.add("Mul", 1, importBinary<graph::MulOp>);
  t.add("Div", 1, importBinary<graph::DivOp>);
  t.add("Pow", 1, importBinary<graph::PowOp>);
  t.add("Equal", 1, importBinary<graph::EqualOp>);
  t.add("Less", 1, importBinary<graph::LessOp>);
  t.add("Greater", 1, importBinary<graph::GreaterOp>);
  t.add("And", 1, importBinary<graph::AndOp>);
  t.add("Or", 1, importBinary<graph::OrOp>);
  t.add("Max", 1, importVariadic<graph::MaxOp>);
  t.add("Min", 1, importVariadic<graph::MinOp>);
  t.add("Sum", 1, importVariadic<graph::AddOp>);
  t.add("Mean", 1, importVariadic<graph::AddOp, /*IsMean=*/true>);
  t.add("Where", 9, importWhere);
}

} // namespace kiln::importer
