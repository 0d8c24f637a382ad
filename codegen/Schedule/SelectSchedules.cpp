//===- SelectSchedules.cpp - Contraction schedules from kiln.target -------===//
//
// Implements kiln-select-schedules: finds the contractions the kernels can
// take, turns each into a ContractionShape and writes the schedule the
// heuristics choose. Policy stays in Heuristics.cpp; this file only decides
// eligibility (which the kernels rely on) and gathers sizes.
//
//===----------------------------------------------------------------------===//

#include "codegen/Schedule/Heuristics.h"
#include "dialects/Graph/IR/GraphOps.h"
#include "kiln/Codegen/SchedulePasses.h"
#include "kiln/Support/TargetDescription.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/CheckedArithmetic.h"

namespace kiln::codegen {

#define GEN_PASS_DEF_SELECTSCHEDULES
#include "codegen/Schedule/Passes.h.inc"

using namespace mlir;
using kiln::schedule::ContractionShape;

namespace {

/// The type of `value` if it is a statically shaped f32 tensor without an
/// empty dimension (what the kernels index), else null.
RankedTensorType getKernelTensorType(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (!type || !type.hasStaticShape() || !type.getElementType().isF32() ||
      llvm::is_contained(type.getShape(), 0))
    return {};
  return type;
}

/// Whether `value` is a constant the kernels can pack at compile time.
bool isPackableConstant(Value value) {
  Attribute attr;
  return matchPattern(value, m_Constant(&attr)) &&
         isa<DenseElementsAttr, DenseResourceElementsAttr>(attr);
}

/// Whether an optional bias broadcast to an [.., n] result is one value per
/// column or a single value: all its dims are 1 but the last, which is 1 or
/// n. The kernels add it to the accumulators as a vector or a broadcast.
bool isColumnBias(Value bias, int64_t n) {
  if (!bias)
    return true;
  RankedTensorType type = getKernelTensorType(bias);
  if (!type)
    return false;
  ArrayRef<int64_t> shape = type.getShape();
  if (shape.empty())
    return true;
  return llvm::all_of(shape.drop_back(), [](int64_t d) { return d == 1; }) &&
         (shape.back() == 1 || shape.back() == n);
}

/// The product of `dims`, or nullopt if it overflows.
std::optional<int64_t> product(ArrayRef<int64_t> dims) {
  int64_t result = 1;
  for (int64_t d : dims) {
    std::optional<int64_t> next = llvm::checkedMul(result, d);
    if (!next)
      return std::nullopt;
    result = *next;
  }
  return result;
}

/// [..., M, K] x [K, N] with a constant [K, N]: the leading dims fold into M.
std::optional<ContractionShape> matchMatMul(graph::MatMulOp op) {
  RankedTensorType lhs = getKernelTensorType(op.getLhs());
  RankedTensorType rhs = getKernelTensorType(op.getRhs());
  if (!lhs || !rhs || !getKernelTensorType(op.getResult()) ||
      lhs.getRank() < 2 || rhs.getRank() != 2 ||
      !isPackableConstant(op.getRhs()) ||
      !isColumnBias(op.getBias(), rhs.getDimSize(1)))
    return std::nullopt;
  std::optional<int64_t> m = product(lhs.getShape().drop_back());
  if (!m)
    return std::nullopt;
  ContractionShape shape;
  shape.m = *m;
  shape.k = lhs.getShape().back();
  shape.n = rhs.getDimSize(1);
  return shape;
}

/// A [M, K] x B' (B constant, optionally transposed) + C with nothing to
/// scale: alpha == 1, and beta == 1 where there is a C.
std::optional<ContractionShape> matchGemm(graph::GemmOp op) {
  RankedTensorType a = getKernelTensorType(op.getA());
  RankedTensorType b = getKernelTensorType(op.getB());
  if (!a || !b || !getKernelTensorType(op.getResult()) || op.getTransA() ||
      !isPackableConstant(op.getB()) || !op.getAlpha().isExactlyValue(1.0) ||
      (op.getC() && !op.getBeta().isExactlyValue(1.0)))
    return std::nullopt;
  ContractionShape shape;
  shape.m = a.getDimSize(0);
  shape.k = a.getDimSize(1);
  shape.n = b.getDimSize(op.getTransB() ? 0 : 1);
  if (!isColumnBias(op.getC(), shape.n))
    return std::nullopt;
  return shape;
}

/// A 2-D NCHW convolution with a constant weight, grouped or not, but not
/// depthwise (one input and one output channel per group), which has a
/// kernel of its own in the vectorizer.
std::optional<ContractionShape> matchConv(graph::ConvOp op) {
  RankedTensorType input = getKernelTensorType(op.getInput());
  RankedTensorType weight = getKernelTensorType(op.getWeight());
  RankedTensorType result = getKernelTensorType(op.getResult());
  if (!input || !weight || !result || input.getRank() != 4 ||
      weight.getRank() != 4 || !isPackableConstant(op.getWeight()) ||
      (op.getBias() && !getKernelTensorType(op.getBias())) ||
      (op.getResidual() && !getKernelTensorType(op.getResidual())))
    return std::nullopt;
  int64_t group = static_cast<int64_t>(op.getGroup());
  int64_t inChannels = input.getDimSize(1);
  int64_t outChannels = weight.getDimSize(0);
  if (group < 1 || outChannels % group != 0 ||
      (group > 1 && group == inChannels && group == outChannels))
    return std::nullopt;

  ArrayRef<int64_t> w = weight.getShape();
  std::optional<int64_t> batch = llvm::checkedMul(input.getDimSize(0), group);
  std::optional<int64_t> n =
      llvm::checkedMul(result.getDimSize(2), result.getDimSize(3));
  std::optional<int64_t> k = product(w.drop_front());
  if (!batch || !n || !k)
    return std::nullopt;
  auto allEqual = [](ArrayRef<int64_t> values, int64_t expected) {
    return llvm::all_of(values, [&](int64_t v) { return v == expected; });
  };
  ContractionShape shape;
  shape.kind = ContractionShape::Kind::Conv2D;
  shape.batch = *batch;
  shape.m = outChannels / group;
  shape.n = *n;
  shape.k = *k;
  shape.directB = w[2] == 1 && w[3] == 1 && allEqual(op.getStrides(), 1) &&
                  allEqual(op.getPads(), 0) && allEqual(op.getDilations(), 1);
  if (op.getStrides().size() == 2)
    shape.strideW = op.getStrides()[1];
  shape.window = w[2] * w[3];
  if (std::optional<int64_t> plane = product(input.getShape().drop_front(2)))
    shape.inputElements =
        llvm::checkedMul(inChannels / group, *plane).value_or(0);
  return shape;
}

struct SelectSchedules : impl::SelectSchedulesBase<SelectSchedules> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    FailureOr<std::optional<TargetDescription>> target =
        TargetDescription::lookup(module);
    if (failed(target))
      return signalPassFailure();
    if (!*target)
      return;
    MLIRContext *context = module.getContext();
    module.walk([&](Operation *op) {
      if (op->hasAttr(schedule::kScheduleAttr))
        return;
      std::optional<ContractionShape> shape =
          llvm::TypeSwitch<Operation *, std::optional<ContractionShape>>(op)
              .Case<graph::MatMulOp>(matchMatMul)
              .Case<graph::GemmOp>(matchGemm)
              .Case<graph::ConvOp>(matchConv)
              .Default([](Operation *) { return std::nullopt; });
      if (!shape)
        return;
      op->setAttr(schedule::kScheduleAttr,
                  schedule::chooseContractionSchedule(*shape, **target)
                      .toAttr(context));
    });
  }
};

} // namespace

} // namespace kiln::codegen
