//===- Loss.cpp - NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss ---===//
//
// Both losses pick, for every sample and spatial position, the input element
// of the target class. The pick is a masked sum over the class dim, where the
// mask compares the target with the class index: that needs no gather with
// data-dependent indices, reads nothing out of bounds whatever the targets
// are, and a target that is ignore_index or no class at all selects nothing.
// SoftmaxCrossEntropyLoss is the same loss on LogSoftmax(scores) over dim 1.
//
//===----------------------------------------------------------------------===//

#include "Composer.h"
#include "Handlers.h"
#include "NodeBinder.h"
#include "TensorImport.h"

#include "dialects/Graph/IR/GraphOps.h"
#include "kiln/Support/ModelSignature.h"

#include "llvm/Support/FormatVariadic.h"

using namespace mlir;

namespace kiln::importer {
namespace {

enum class Reduction { None, Sum, Mean };

/// The operands and attributes shared by both losses.
struct LossOperands {
  Value input;  // [N, C, d1..dk], float; log-probabilities for the loss
  Value target; // [N, d1..dk], int32 or int64
  Value weight; // [C] or null
  Reduction reduction = Reduction::Mean;
  std::optional<int64_t> ignoreIndex;
};

/// Reads and checks everything but the input, which the caller sets.
LogicalResult readLossOperands(NodeBinder &b, Value input, LossOperands &ops) {
  auto target = b.input(1);
  auto weight = b.optionalInput(2);
  auto reduction = b.stringAttr("reduction", "mean");
  if (failed(target) || failed(weight) || failed(reduction))
    return failure();
  auto inType = Composer::typeOf(input);
  if (failed(b.requireFloat(inType, "input")))
    return failure();
  if (inType.getRank() < 2)
    return b.fail(llvm::formatv("input has rank {0}; expected N x C x d1..dk",
                                inType.getRank()));
  auto targetType = Composer::typeOf(*target);
  Type targetElem = targetType.getElementType();
  if (!targetElem.isSignlessInteger(32) && !targetElem.isSignlessInteger(64))
    return b.fail("target has dtype " +
                  dtypeName(static_cast<int32_t>(dtypeOf(targetElem))) +
                  "; expected int32 or int64");
  SmallVector<int64_t> expected{inType.getDimSize(0)};
  llvm::append_range(expected, inType.getShape().drop_front(2));
  if (targetType.getShape() != ArrayRef<int64_t>(expected))
    return b.fail("target shape must be the input shape without dim 1");
  if (*weight) {
    auto weightType = Composer::typeOf(*weight);
    if (weightType.getRank() != 1 ||
        weightType.getDimSize(0) != inType.getDimSize(1) ||
        weightType.getElementType() != inType.getElementType())
      return b.fail("weight must be a 1-D tensor of C elements of the "
                    "input's dtype");
  }
  if (*reduction == "none")
    ops.reduction = Reduction::None;
  else if (*reduction == "sum")
    ops.reduction = Reduction::Sum;
  else if (*reduction == "mean")
    ops.reduction = Reduction::Mean;
  else
    return b.fail("reduction '" + *reduction + "' is not supported");
  if (b.hasAttr("ignore_index")) {
    auto ignore = b.intAttr("ignore_index", 0);
    if (failed(ignore))
      return failure();
    ops.ignoreIndex = *ignore;
  }
  ops.input = input;
  ops.target = *target;
  ops.weight = *weight;
  return success();
}

/// The loss of ONNX's NegativeLogLikelihoodLoss on `ops.input`.
Value buildLoss(Composer &c, const LossOperands &ops) {
  auto inType = Composer::typeOf(ops.input);
  Type elem = inType.getElementType();
  Type targetElem = Composer::elementType(ops.target);
  int64_t rank = inType.getRank();
  int64_t classes = inType.getDimSize(1);

  // -input[n, target[n, d], d], by a mask over the class dim.
  SmallVector<int64_t> unsqueezed(Composer::shapeOf(ops.target));
  unsqueezed.insert(unsqueezed.begin() + 1, 1);
  Value target = c.reshape(ops.target, unsqueezed);
  Value isTarget = c.predicate<graph::EqualOp>(
      target, c.iota(classes, targetElem, /*axis=*/1, rank));
  Value picked = c.reduce<graph::ReduceSumOp>(
      c.where(isTarget, ops.input, c.scalar(elem, 0.0)), {1},
      /*keepdims=*/false);
  Value loss = c.unary<graph::NegOp>(picked);

  // Per-position weights: weight[target], 0 where the target is ignored.
  Value weights;
  Value ignored;
  if (ops.ignoreIndex) {
    double index = static_cast<double>(*ops.ignoreIndex);
    ignored = c.predicate<graph::EqualOp>(ops.target,
                                          c.scalar(targetElem, index));
  }
  if (ops.weight)
    weights = c.gather(ops.weight, ops.target, 0);
  if (ignored) {
    // The reference writes 0 for ignored positions without reading the
    // input, so an inf or NaN there must not leak through a product.
    loss = c.where(ignored, c.scalar(elem, 0.0), loss);
    weights = c.where(ignored, c.scalar(elem, 0.0),
                      weights ? weights : c.scalar(elem, 1.0));
  }
  if (weights)
    loss = c.mul(loss, weights);

  switch (ops.reduction) {
  case Reduction::None:
    return loss;
  case Reduction::Sum:
    return c.reduce<graph::ReduceSumOp>(loss, {}, /*keepdims=*/false);
  case Reduction::Mean: {
    if (!weights)
      return c.reduce<graph::ReduceMeanOp>(loss, {}, /*keepdims=*/false);
    Value total = c.reduce<graph::ReduceSumOp>(loss, {}, /*keepdims=*/false);
    Value weight =
        c.reduce<graph::ReduceSumOp>(weights, {}, /*keepdims=*/false);
    return c.div(total, weight);
  }
  }
  return loss;
}

LogicalResult importNegativeLogLikelihoodLoss(NodeBinder &b) {
  auto input = b.input(0);
  auto type = b.resultType(0);
  if (failed(input) || failed(type))
    return failure();
  LossOperands ops;
  if (failed(readLossOperands(b, *input, ops)))
    return failure();
  Composer c(b);
  b.setResult(0, c.reshape(buildLoss(c, ops), *type));
  return success();
}

/// SoftmaxCrossEntropyLoss: the NLL loss of LogSoftmax(scores) over dim 1;
/// the optional second output is that log-probability tensor.
LogicalResult importSoftmaxCrossEntropyLoss(NodeBinder &b) {
  auto scores = b.input(0);
  auto type = b.resultType(0);
  if (failed(scores) || failed(type) ||
      failed(b.requireFloat(Composer::typeOf(*scores), "scores")))
    return failure();
  if (Composer::typeOf(*scores).getRank() < 2)
    return b.fail("scores must have rank >= 2 (N x C x d1..dk)");
  Composer c(b);
  Value logProb = c.logSoftmax(*scores, 1);
  LossOperands ops;
  if (failed(readLossOperands(b, logProb, ops)))
    return failure();
  b.setResult(0, c.reshape(buildLoss(c, ops), *type));
  if (b.hasOutput(1))
    b.setResult(1, logProb);
  return success();
}

} // namespace

void registerLossHandlers(HandlerTable &t) {
  t.add("NegativeLogLikelihoodLoss", 12, importNegativeLogLikelihoodLoss);
  t.add("SoftmaxCrossEntropyLoss", 12, importSoftmaxCrossEntropyLoss);
}

} // namespace kiln::importer
