//===- RecognizeUtils.cpp - Matchers shared by the recognizers ------------===//

#include "passes/RecognizeUtils.h"

#include <cmath>

using namespace mlir;
using namespace kiln::graph;

namespace kiln::passes {

std::optional<double> getScalarConstant(Value v) {
  auto constant = v.getDefiningOp<ConstantOp>();
  if (!constant)
    return std::nullopt;
  auto dense = dyn_cast<DenseFPElementsAttr>(constant.getValue());
  if (!dense || dense.empty())
    return std::nullopt;
  if (dense.isSplat())
    return dense.getSplatValue<APFloat>().convertToDouble();
  auto values = dense.getValues<APFloat>();
  APFloat first = *values.begin();
  for (APFloat value : values)
    if (value.compare(first) != APFloat::cmpEqual)
      return std::nullopt;
  return first.convertToDouble();
}

bool isCloseTo(double value, double expected, double relTolerance) {
  return std::abs(value - expected) <= relTolerance * std::abs(expected);
}

bool isConstantCloseTo(Value v, double expected) {
  std::optional<double> value = getScalarConstant(v);
  return value && isCloseTo(*value, expected);
}

static void collectFactorsImpl(Value v, Type rootType,
                               SmallVectorImpl<Value> &factors,
                               SmallVectorImpl<Operation *> *interior,
                               bool isRoot) {
  auto mul = v.getDefiningOp<MulOp>();
  if (!mul || (!isRoot && (!mul->hasOneUse() || mul.getType() != rootType))) {
    factors.push_back(v);
    return;
  }
  if (interior)
    interior->push_back(mul);
  collectFactorsImpl(mul.getLhs(), rootType, factors, interior, false);
  collectFactorsImpl(mul.getRhs(), rootType, factors, interior, false);
}

void collectFactors(Value v, SmallVectorImpl<Value> &factors,
                    SmallVectorImpl<Operation *> *interior) {
  collectFactorsImpl(v, v.getType(), factors, interior, /*isRoot=*/true);
}

Value peelScalarScale(Value v, double &scale) {
  Operation *op = v.getDefiningOp();
  if (!isa_and_nonnull<MulOp, DivOp>(op))
    return {};
  Value lhs = op->getOperand(0), rhs = op->getOperand(1);
  // The scaled operand must have the result's type: a scalar that
  // broadcasts x to a larger shape is not a plain scale of x.
  if (std::optional<double> c = getScalarConstant(rhs);
      c && lhs.getType() == v.getType()) {
    if (isa<MulOp>(op)) {
      scale *= *c;
      return lhs;
    }
    if (*c == 0.0)
      return {};
    scale /= *c;
    return lhs;
  }
  if (std::optional<double> c = getScalarConstant(lhs);
      c && isa<MulOp>(op) && rhs.getType() == v.getType()) {
    scale *= *c;
    return rhs;
  }
  return {};
}

bool onlyUsedBy(Value v, ArrayRef<Operation *> users) {
  return llvm::all_of(v.getUsers(), [&](Operation *user) {
    return llvm::is_contained(users, user);
  });
}

} // namespace kiln::passes
