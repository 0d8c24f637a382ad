//===- Tensor.cpp - Handlers of data-movement and shape ONNX ops ----------===//
//
// Reshape, Flatten, Squeeze, Unsqueeze and Expand only need their static
// result type, which ONNX shape inference computed from their constant shape
// or axes input. Slice and Split become graph.slice with the ONNX clamping
// rules applied here. Shape, Constant and ConstantOfShape fold into constants
// at import time; Identity, Dropout and same-type Cast forward their input.
//
//===----------------------------------------------------------------------===//

#include "Composer.h"
#include "Handlers.h"
#include "NodeBinder.h"
#include "RuntimeInputs.h"
#include "TensorImport.h"

#include "dialects/Graph/IR/GraphOps.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;

namespace kiln::importer {

/// ONNX Slice's clamping of one axis of size `dim`: returns the first index
/// read and the number of elements read.
static std::pair<int64_t, int64_t> clampSlice(int64_t start, int64_t end,
                                              int64_t step, int64_t dim) {
  if (dim == 0)
    return {0, 0};
  if (start < 0)
    start += dim;
  if (end < 0)
    end += dim;
  if (step > 0) {
    start = std::clamp<int64_t>(start, 0, dim);
    end = std::clamp<int64_t>(end, 0, dim);
    if (end <= start)
      return {0, 0};
    return {start, (end - start - 1) / step + 1};
  }
  start = std::clamp<int64_t>(start, 0, dim - 1);
  end = std::clamp<int64_t>(end, -1, dim - 1);
  if (start <= end)
    return {0, 0};
  // -INT64_MIN overflows; any step that large reads one element.
  int64_t magnitude = step == INT64_MIN ? INT64_MAX : -step;
  return {start, (start - end - 1) / magnitude + 1};
}

llvm::Expected<SliceWindow> resolveSlice(ArrayRef<int64_t> inShape,
                                         ArrayRef<int64_t> starts,
                                         ArrayRef<int64_t> ends,
                                         ArrayRef<int64_t> axes,
                                         ArrayRef<int64_t> steps) {
  auto error = [](const llvm::Twine &message) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
  };
  size_t n = starts.size();
  SmallVector<int64_t> allAxes(axes), allSteps(steps);
  if (allAxes.empty())
    for (size_t i = 0; i < n; ++i)
      allAxes.push_back(i);
  if (allSteps.empty())
    allSteps.assign(n, 1);
  if (ends.size() != n || allAxes.size() != n || allSteps.size() != n)
    return error("starts, ends, axes and steps differ in length");

  int64_t rank = inShape.size();
  SliceWindow window{SmallVector<int64_t>(rank, 0),
                     SmallVector<int64_t>(rank, 1),
                     SmallVector<int64_t>(inShape)};
  SmallVector<bool> seen(rank, false);
  for (size_t k = 0; k < n; ++k) {
    int64_t axis = allAxes[k];
    if (axis < -rank || axis >= rank)
      return error(llvm::formatv("axis {0} is out of range for rank {1}", axis,
                                 rank));
    if (axis < 0)
      axis += rank;
    if (seen[axis])
      return error(llvm::formatv("axis {0} is sliced twice", axis));
    seen[axis] = true;
    if (allSteps[k] == 0)
      return error("steps must be non-zero");
    auto [first, count] =
        clampSlice(starts[k], ends[k], allSteps[k], window.shape[axis]);
    window.begin[axis] = first;
    window.stride[axis] = allSteps[k];
    window.shape[axis] = count;
  }
  return window;
}

namespace {

//===----------------------------------------------------------------------===//
// Reshape-like ops
//===----------------------------------------------------------------------===//

/// Sets the node's result to `x` in the static result type ONNX inferred:
/// `x` itself when it already has that type, else an OpTy of it.
template <typename OpTy>
LogicalResult setInferredResult(NodeBinder &b, Value x) {
  auto type = b.resultType(0);
  if (failed(type))
    return failure();
  if (x.getType() == *type)
    b.setResult(0, x);
  else
    b.setResult(0, OpTy::create(b.builder(), b.loc(), *type, x));
  return success();
}

/// Checks at run time that each element of the 1-D integer `value` equals
/// `want`, or `other` where `otherOk` allows it (a Reshape's 0 or an
/// Expand's 1 that keeps the input dim), or is -1 when `minusOne` (Reshape).
static LogicalResult checkShapeInput(NodeBinder &b, Value value,
                                     ArrayRef<int64_t> want, int64_t other,
                                     ArrayRef<bool> otherOk, bool minusOne) {
  Composer c(b);
  Type i64 = c.builder.getI64Type();
  auto n = static_cast<int64_t>(want.size());
  if (Composer::typeOf(value).getNumElements() != n)
    return b.fail(llvm::formatv("the run-time shape has {0} elements for a "
                                "result of rank {1}",
                                Composer::typeOf(value).getNumElements(), n));
  Value shape = c.reshape(c.cast(value, i64), {n});
  Value ok = c.predicate<graph::EqualOp>(shape, c.ints({n}, i64, want));
  SmallVector<int64_t> allowed;
  for (bool a : otherOk)
    allowed.push_back(a ? 1 : 0);
  if (llvm::is_contained(otherOk, true)) {
    Value isOther =
        c.predicate<graph::EqualOp>(shape, c.scalar(i64, other));
    Value mayBe = c.predicate<graph::EqualOp>(c.ints({n}, i64, allowed),
                                              c.scalar(i64, 1.0));
    ok = c.predicate<graph::OrOp>(ok,
                                  c.predicate<graph::AndOp>(isOther, mayBe));
  }
  if (minusOne)
    ok = c.predicate<graph::OrOp>(
        ok, c.predicate<graph::EqualOp>(shape, c.scalar(i64, -1.0)));
  std::string dims;
  llvm::raw_string_ostream os(dims);
  llvm::interleaveComma(want, os);
  checkAtRunTime(b, c, ok,
                 "the run-time shape must give the declared dims [" + dims +
                     "]");
  return success();
}

/// Checks at run time that Squeeze's or Unsqueeze's run-time axes give the
/// declared result: the axes, as a mask over the dims they index (the
/// input's for Squeeze, the result's for Unsqueeze), must be one of the
/// masks that remove or insert size-1 dims to turn one shape into the other.
static LogicalResult checkSqueezeAxes(NodeBinder &b, Value x) {
  auto type = b.resultType(0);
  auto axesType = b.inputType(1);
  auto axes = b.input(1);
  if (failed(type) || failed(axesType) || failed(axes))
    return failure();
  bool squeeze = b.opType() == "Squeeze";
  ArrayRef<int64_t> in = Composer::shapeOf(x), out = type->getShape();
  ArrayRef<int64_t> full = squeeze ? in : out, kept = squeeze ? out : in;
  auto rank = static_cast<int64_t>(full.size());
  int64_t n = axesType->getNumElements();
  if (rank > 16 || n != rank - static_cast<int64_t>(kept.size()))
    return b.fail("run-time axes must remove or insert as many dims as the "
                  "declared result shape differs by (rank at most 16)");
  SmallVector<SmallVector<int64_t>> candidates;
  for (uint32_t mask = 0; mask < (1u << rank); ++mask) {
    if (llvm::popcount(mask) != n)
      continue;
    SmallVector<int64_t> bits, rest;
    bool ones = true;
    for (int64_t d = 0; d < rank; ++d) {
      bool named = mask & (1u << d);
      bits.push_back(named);
      if (named)
        ones &= full[d] == 1;
      else
        rest.push_back(full[d]);
    }
    if (ones && ArrayRef<int64_t>(rest) == kept)
      candidates.push_back(bits);
  }
  if (candidates.empty())
    return b.fail("no run-time axes give the declared result shape");
  Composer c(b);
  Type i64 = c.builder.getI64Type();
  Value named = c.cast(*axes, i64);
  Value isNegative = c.predicate<graph::LessOp>(named, c.scalar(i64, 0.0));
  named = c.reshape(
      c.where(isNegative, c.add(named, c.scalar(i64, rank)), named), {n, 1});
  Value mask = c.cast(c.reduce<graph::ReduceMaxOp>(
                          c.predicate<graph::EqualOp>(
                              named, c.iota(rank, i64, 1, 2)),
                          {0}, false),
                      i64);
  // Distinct in-range axes set exactly n mask bits.
  Value ok = c.predicate<graph::EqualOp>(
      c.reduce<graph::ReduceSumOp>(mask, {}, false), c.scalar(i64, n));
  Value any;
  for (ArrayRef<int64_t> bits : candidates) {
    Value same = c.reduce<graph::ReduceMinOp>(
        c.predicate<graph::EqualOp>(mask, c.ints({rank}, i64, bits)), {},
        false);
    any = any ? c.predicate<graph::OrOp>(any, same) : same;
  }
  checkAtRunTime(b, c, c.predicate<graph::AndOp>(ok, any),
                 "the run-time axes must give the declared result shape " +
                     typeString(*type));
  return success();
}

/// Reshape, Flatten, Squeeze, Unsqueeze: the input's elements in the static
/// shape ONNX inferred. When inference could not compute it, the usual cause
/// is a shape/axes input that is not a constant; that is what is reported.
/// A run-time Reshape shape is checked against the inferred shape at run
/// time (0 keeping the input dim unless allowzero, -1 inferring one).
LogicalResult importReshapeLike(NodeBinder &b) {
  auto x = b.input(0);
  if (failed(x))
    return failure();
  if (!b.inferredType(0) && b.hasInput(1) && !b.constantInput(1) &&
      !b.hasFailed())
    return b.fail(llvm::formatv("input '{0}' ('{1}') must be a constant known "
                                "at import time",
                                b.opType() == "Reshape" ? "shape" : "axes",
                                b.node().input(1)));
  if ((b.opType() == "Squeeze" || b.opType() == "Unsqueeze") &&
      b.opset() >= 13 && isRuntimeInput(b, 1) &&
      failed(checkSqueezeAxes(b, *x)))
    return failure();
  if (b.opType() == "Reshape" && isRuntimeInput(b, 1)) {
    auto type = b.resultType(0);
    auto shape = b.input(1);
    auto allowZero = b.intAttr("allowzero", 0);
    if (failed(type) || failed(shape) || failed(allowZero))
      return failure();
    ArrayRef<int64_t> in = Composer::shapeOf(*x);
    SmallVector<bool> zeroOk;
    for (auto [i, out] : llvm::enumerate(type->getShape()))
      zeroOk.push_back(*allowZero == 0 && i < in.size() && in[i] == out);
    if (failed(checkShapeInput(b, *shape, type->getShape(), 0, zeroOk,
                               /*minusOne=*/true)))
      return failure();
  }
  return setInferredResult<graph::ReshapeOp>(b, *x);
}

LogicalResult importExpand(NodeBinder &b) {
  auto x = b.input(0);
  if (failed(x))
    return failure();
  if (!b.inferredType(0) && !b.constantInput(1) && !b.hasFailed())
    return b.fail("input 'shape' ('" + b.node().input(1) +
                  "') must be a constant known at import time");
  if (isRuntimeInput(b, 1)) {
    // Checked at run time: each shape entry is the declared dim, or 1 where
    // the input's (right-aligned) dim already is the declared one.
    auto type = b.resultType(0);
    auto shape = b.inputType(1);
    if (failed(type) || failed(shape))
      return failure();
    ArrayRef<int64_t> in = Composer::shapeOf(*x), out = type->getShape();
    int64_t n = shape->getNumElements(), r = out.size();
    if (n > r)
      return b.fail("the run-time shape has more elements than the result "
                    "has dims");
    SmallVector<bool> oneOk;
    for (int64_t i = 0; i < n; ++i) {
      int64_t j = r - n + i, k = j - (r - static_cast<int64_t>(in.size()));
      oneOk.push_back((k >= 0 ? in[k] : 1) == out[j]);
    }
    auto value = b.input(1);
    if (failed(value) ||
        failed(checkShapeInput(b, *value, out.take_back(n), 1, oneOk,
                               /*minusOne=*/false)))
      return failure();
  }
  return setInferredResult<graph::ExpandOp>(b, *x);
}

//===----------------------------------------------------------------------===//
// Transpose, Concat
//===----------------------------------------------------------------------===//

LogicalResult importTranspose(NodeBinder &b) {
  auto x = b.input(0);
  auto permAttr = b.intsAttr("perm");
  if (failed(x) || failed(permAttr))
    return failure();
  int64_t rank = cast<RankedTensorType>(x->getType()).getRank();
  SmallVector<int64_t> perm;
  if (*permAttr) {
    perm = **permAttr;
  } else {
    for (int64_t d = rank - 1; d >= 0; --d)
      perm.push_back(d);
  }
  SmallVector<bool> seen(rank, false);
  if (static_cast<int64_t>(perm.size()) != rank)
    return b.fail(llvm::formatv("perm has {0} entries for rank {1}",
                                perm.size(), rank));
  bool identity = true;
  for (auto [i, p] : llvm::enumerate(perm)) {
    if (p < 0 || p >= rank || seen[p])
      return b.fail("perm is not a permutation");
    seen[p] = true;
    identity &= p == static_cast<int64_t>(i);
  }
  auto type = b.resultType(0);
  if (failed(type))
    return failure();
  if (identity) {
    b.setResult(0, *x);
    return success();
  }
  b.setResult(0, graph::TransposeOp::create(
                     b.builder(), b.loc(), *type, *x,
                     b.builder().getDenseI64ArrayAttr(perm)));
  return success();
}

LogicalResult importConcat(NodeBinder &b) {
  auto operands = b.inputs();
  auto axisAttr = b.opset() >= 4 ? b.requiredIntAttr("axis")
                                 : b.intAttr("axis", 1);
  auto type = b.resultType(0);
  if (failed(operands) || failed(axisAttr) || failed(type))
    return failure();
  if (operands->empty())
    return b.fail("needs at least one input");
  auto axis = b.normalizeAxis(*axisAttr, type->getRank(), "axis");
  if (failed(axis))
    return failure();
  if (operands->size() == 1) {
    b.setResult(0, (*operands)[0]);
    return success();
  }
  b.setResult(0, graph::ConcatOp::create(b.builder(), b.loc(), *type,
                                         *operands,
                                         b.builder().getI64IntegerAttr(*axis)));
  return success();
}

//===----------------------------------------------------------------------===//
// Split, Slice
//===----------------------------------------------------------------------===//

/// One graph.slice per used output.
LogicalResult importSplit(NodeBinder &b) {
  auto x = b.input(0);
  auto axisAttr = b.intAttr("axis", 0);
  if (failed(x) || failed(axisAttr))
    return failure();
  auto xType = cast<RankedTensorType>(x->getType());
  auto axis = b.normalizeAxis(*axisAttr, xType.getRank(), "axis");
  if (failed(axis))
    return failure();
  FailureOr<std::optional<SmallVector<int64_t>>> sizes =
      std::optional<SmallVector<int64_t>>();
  if (b.opset() >= 13 && isRuntimeInput(b, 1))
    sizes = splitSizesFromResults(b, *axis);
  else
    sizes = b.opset() >= 13 ? b.optionalConstantInts(1, "split")
                            : b.intsAttr("split");
  if (failed(sizes))
    return failure();
  int64_t dim = xType.getDimSize(*axis);
  int64_t parts = b.numOutputs();
  SmallVector<int64_t> split;
  if (*sizes && !(*sizes)->empty()) {
    split = **sizes;
  } else {
    if (parts == 0 || dim % parts != 0)
      return b.fail(llvm::formatv("cannot split a dim of size {0} into {1} "
                                  "equal parts",
                                  dim, parts));
    split.assign(parts, dim / parts);
  }
  if (static_cast<int64_t>(split.size()) != parts)
    return b.fail(llvm::formatv("split has {0} sizes for {1} outputs",
                                split.size(), parts));
  int64_t total = 0;
  for (int64_t s : split)
    if (s < 0 || llvm::AddOverflow(total, s, total))
      return b.fail("split sizes must be non-negative");
  if (total != dim)
    return b.fail(llvm::formatv("split sizes add up to {0}, the dim has {1}",
                                total, dim));
  if (b.opset() >= 13 && isRuntimeInput(b, 1)) {
    auto given = b.input(1);
    Composer c(b);
    if (failed(given) ||
        failed(checkEqualsAtRunTime(b, c, *given, split,
                                    "split must equal the sizes of the "
                                    "declared outputs along the axis")))
      return failure();
  }
  int64_t offset = 0;
  SmallVector<int64_t> steps(xType.getRank(), 1);
  for (auto [i, size] : llvm::enumerate(split)) {
    if (b.hasOutput(i)) {
      SmallVector<int64_t> starts(xType.getRank(), 0), shape(xType.getShape());
      // An empty part reads nothing; its start only needs to be valid.
      starts[*axis] = size ? offset : 0;
      shape[*axis] = size;
      b.setResult(i, graph::SliceOp::create(
                         b.builder(), b.loc(), xType.clone(shape), *x,
                         b.builder().getDenseI64ArrayAttr(starts),
                         b.builder().getDenseI64ArrayAttr(steps)));
    }
    offset += size;
  }
  return success();
}

LogicalResult importSlice(NodeBinder &b) {
  auto x = b.input(0);
  if (failed(x))
    return failure();
  SmallVector<int64_t> starts, ends, axes, steps;
  if (b.opset() < 10) {
    auto s = b.intsAttr("starts");
    auto e = b.intsAttr("ends");
    auto a = b.intsAttr("axes");
    if (failed(s) || failed(e) || failed(a))
      return failure();
    if (!*s || !*e)
      return b.fail("missing attribute 'starts' or 'ends'");
    starts = **s;
    ends = **e;
    if (*a)
      axes = **a;
  } else {
    // Run-time starts, ends, axes or steps: the result type fixes the sizes.
    for (unsigned i = 1; i <= 4; ++i)
      if (isRuntimeInput(b, i))
        return importRuntimeSlice(b, *x);
    auto s = b.constantInts(1, "starts");
    auto e = b.constantInts(2, "ends");
    if (failed(s) || failed(e))
      return failure();
    auto a = b.optionalConstantInts(3, "axes");
    auto st = b.optionalConstantInts(4, "steps");
    if (failed(a) || failed(st))
      return failure();
    starts = *s;
    ends = *e;
    if (*a)
      axes = **a;
    if (*st)
      steps = **st;
  }
  auto xType = cast<RankedTensorType>(x->getType());
  llvm::Expected<SliceWindow> window =
      resolveSlice(xType.getShape(), starts, ends, axes, steps);
  if (!window)
    return b.fail(llvm::toString(window.takeError()));
  b.setResult(0, graph::SliceOp::create(
                     b.builder(), b.loc(), xType.clone(window->shape), *x,
                     b.builder().getDenseI64ArrayAttr(window->begin),
                     b.builder().getDenseI64ArrayAttr(window->stride)));
  return success();
}

//===----------------------------------------------------------------------===//
// Gather, Pad
//===----------------------------------------------------------------------===//

LogicalResult importGather(NodeBinder &b) {
  auto data = b.input(0);
  auto axisAttr = b.intAttr("axis", 0);
  auto type = b.resultType(0);
  if (failed(data) || failed(axisAttr) || failed(type))
    return failure();
  auto dataType = cast<RankedTensorType>(data->getType());
  auto axis = b.normalizeAxis(*axisAttr, dataType.getRank(), "axis");
  if (failed(axis))
    return failure();
  int64_t dim = dataType.getDimSize(*axis);
  if (ElementsAttr constant = b.constantInput(1)) {
    auto indices = readIntElements(constant);
    if (!indices)
      return b.fail("indices must be integers");
    for (int64_t index : *indices)
      if (index < -dim || index >= dim)
        return b.fail(llvm::formatv("index {0} is out of range for a dim of "
                                    "size {1}",
                                    index, dim));
  }
  auto indices = b.input(1);
  if (failed(indices))
    return failure();
  b.setResult(0, graph::GatherOp::create(b.builder(), b.loc(), *type, *data,
                                         *indices,
                                         b.builder().getI64IntegerAttr(*axis)));
  return success();
}

LogicalResult importPad(NodeBinder &b) {
  auto x = b.input(0);
  auto mode = b.stringAttr("mode", "constant");
  if (failed(x) || failed(mode))
    return failure();
  SmallVector<int64_t> pads;
  double value = 0.0;
  if (b.opset() < 11) {
    auto p = b.intsAttr("pads");
    auto v = b.floatAttr("value", 0.0f);
    if (failed(p) || failed(v))
      return failure();
    if (!*p)
      return b.fail("missing attribute 'pads'");
    pads = **p;
    value = *v;
  } else {
    auto p = b.constantInts(1, "pads");
    if (failed(p))
      return failure();
    auto v = b.optionalConstantScalar(2, "constant_value");
    if (failed(v))
      return failure();
    pads = *p;
    value = v->value_or(0.0);
  }
  std::optional<graph::PadMode> padMode =
      llvm::StringSwitch<std::optional<graph::PadMode>>(*mode)
          .Case("constant", graph::PadMode::constant)
          .Case("reflect", graph::PadMode::reflect)
          .Case("edge", graph::PadMode::edge)
          .Default(std::nullopt);
  if (!padMode)
    return b.fail("mode '" + *mode + "' is not supported");
  int64_t rank = cast<RankedTensorType>(x->getType()).getRank();
  if (static_cast<int64_t>(pads.size()) != 2 * rank)
    return b.fail(llvm::formatv("pads has {0} values for rank {1}",
                                pads.size(), rank));
  if (llvm::any_of(pads, [](int64_t p) { return p < 0; }))
    return b.fail("negative pads (cropping) are not supported");
  auto type = b.resultType(0);
  if (failed(type))
    return failure();
  if (llvm::all_of(pads, [](int64_t p) { return p == 0; })) {
    b.setResult(0, *x);
    return success();
  }
  OpBuilder &builder = b.builder();
  b.setResult(0, graph::PadOp::create(
                     builder, b.loc(), *type, *x,
                     builder.getDenseI64ArrayAttr(pads),
                     graph::PadModeAttr::get(b.context(), *padMode),
                     builder.getF64FloatAttr(value)));
  return success();
}

//===----------------------------------------------------------------------===//
// Cast, Identity, Dropout
//===----------------------------------------------------------------------===//

LogicalResult importCast(NodeBinder &b) {
  auto x = b.input(0);
  auto to = b.requiredIntAttr("to");
  if (failed(x) || failed(to))
    return failure();
  Type elem = elementTypeFor(static_cast<int32_t>(*to), b.context());
  if (!elem)
    return b.fail("cast to " + dtypeName(static_cast<int32_t>(*to)) +
                  " is not supported");
  auto xType = cast<RankedTensorType>(x->getType());
  if (xType.getElementType() == elem) {
    b.setResult(0, *x);
    return success();
  }
  b.setResult(0, graph::CastOp::create(b.builder(), b.loc(),
                                       xType.clone(elem), *x));
  return success();
}

LogicalResult importIdentity(NodeBinder &b) {
  auto x = b.input(0);
  if (failed(x))
    return failure();
  b.setResult(0, *x);
  return success();
}

/// Inference Dropout is the identity; the mask and training mode are not.
LogicalResult importDropout(NodeBinder &b) {
  if (failed(b.requireUnusedOutputs(1, "the mask output is not supported")))
    return failure();
  if (b.opset() >= 12 && b.hasInput(2)) {
    auto training = b.optionalConstantScalar(2, "training_mode");
    if (failed(training))
      return failure();
    if (**training != 0.0)
      return b.fail("training mode is not supported");
  }
  return importIdentity(b);
}

//===----------------------------------------------------------------------===//
// Shape, Constant, ConstantOfShape
//===----------------------------------------------------------------------===//

LogicalResult importShape(NodeBinder &b) {
  auto xType = b.inputType(0);
  if (failed(xType))
    return failure();
  int64_t rank = xType->getRank();
  int64_t start = 0, end = rank;
  if (b.opset() >= 15) {
    auto s = b.intAttr("start", 0);
    auto e = b.intAttr("end", rank);
    if (failed(s) || failed(e))
      return failure();
    auto clampDim = [&](int64_t v) {
      if (v < 0)
        v = v < -rank ? 0 : v + rank;
      return std::clamp<int64_t>(v, 0, rank);
    };
    start = clampDim(*s);
    end = std::max(start, clampDim(*e));
  }
  ArrayRef<int64_t> dims = xType->getShape().slice(start, end - start);
  auto type = RankedTensorType::get({static_cast<int64_t>(dims.size())},
                                    b.builder().getI64Type());
  b.setConstantResult(0, DenseElementsAttr::get(type, dims));
  return success();
}

/// Size only needs the input's static type.
LogicalResult importSize(NodeBinder &b) {
  auto xType = b.inputType(0);
  if (failed(xType))
    return failure();
  auto type = RankedTensorType::get({}, b.builder().getI64Type());
  b.setConstantResult(
      0, DenseElementsAttr::get(type, {xType->getNumElements()}));
  return success();
}

LogicalResult importConstant(NodeBinder &b) {
  static const char *const unsupported[] = {"sparse_value", "value_string",
                                            "value_strings"};
  for (const char *name : unsupported)
    if (b.hasAttr(name))
      return b.fail(Twine("Constant with attribute '") + name +
                    "' is not supported");
  OpBuilder &builder = b.builder();
  if (b.hasAttr("value")) {
    auto tensor = b.tensorAttr("value");
    if (failed(tensor))
      return failure();
    auto value = b.tensorValue(**tensor, "value");
    if (failed(value))
      return failure();
    b.setConstantResult(0, *value);
    return success();
  }
  if (b.hasAttr("value_float")) {
    auto v = b.floatAttr("value_float", 0.0f);
    if (failed(v))
      return failure();
    b.setConstantResult(
        0, DenseElementsAttr::get(RankedTensorType::get({}, builder.getF32Type()),
                                  *v));
    return success();
  }
  if (b.hasAttr("value_int")) {
    auto v = b.intAttr("value_int", 0);
    if (failed(v))
      return failure();
    b.setConstantResult(
        0, DenseElementsAttr::get(RankedTensorType::get({}, builder.getI64Type()),
                                  *v));
    return success();
  }
  if (const onnx::AttributeProto *attr = b.findAttr("value_floats")) {
    SmallVector<float> values(attr->floats().begin(), attr->floats().end());
    b.setConstantResult(
        0, DenseElementsAttr::get(
               RankedTensorType::get({static_cast<int64_t>(values.size())},
                                     builder.getF32Type()),
               ArrayRef<float>(values)));
    return success();
  }
  if (b.hasAttr("value_ints")) {
    auto values = b.intsAttr("value_ints");
    if (failed(values))
      return failure();
    b.setConstantResult(
        0, DenseElementsAttr::get(
               RankedTensorType::get({static_cast<int64_t>((*values)->size())},
                                     builder.getI64Type()),
               ArrayRef<int64_t>(**values)));
    return success();
  }
  return b.fail("Constant has no value attribute");
}

LogicalResult importConstantOfShape(NodeBinder &b) {
  auto tensor = b.tensorAttr("value");
  if (failed(tensor))
    return failure();
  Attribute fill = b.builder().getF32FloatAttr(0.0f);
  if (*tensor) {
    auto value = b.tensorValue(**tensor, "value");
    if (failed(value))
      return failure();
    auto dense = dyn_cast<DenseElementsAttr>(*value);
    if (!dense || dense.getNumElements() != 1)
      return b.fail("attribute 'value' must hold exactly one element");
    fill = *dense.value_begin<Attribute>();
  }
  RankedTensorType type = b.inferredType(0);
  if (!type) {
    auto shape = b.constantInts(0, "input");
    if (failed(shape))
      return failure();
    uint64_t count = 1;
    for (int64_t d : *shape)
      if (d < 0 || mulOverflows(count, static_cast<uint64_t>(d), count) ||
          count > static_cast<uint64_t>(INT64_MAX))
        return b.fail("the shape has a negative dim or too many elements");
    type = RankedTensorType::get(*shape, cast<TypedAttr>(fill).getType());
  }
  if (type.getElementType() != cast<TypedAttr>(fill).getType())
    return b.fail("the value's dtype differs from the output's");
  b.setConstantResult(0, DenseElementsAttr::get(type, ArrayRef<Attribute>(fill)));
  return success();
}

} // namespace

void registerTensorHandlers(HandlerTable &t) {
  t.add("Reshape", 5, importReshapeLike);
  t.add("Flatten", 1, importReshapeLike);
  t.add("Squeeze", 1, importReshapeLike);
  t.add("Unsqueeze", 1, importReshapeLike);
  t.add("Expand", 8, importExpand);
  t.add("Transpose", 1, importTranspose);
  t.add("Concat", 1, importConcat);
  t.add("Split", 2, importSplit);
  t.add("Slice", 1, importSlice);
  t.add("Gather", 1, importGather);
  t.add("Pad", 2, importPad);
  t.add("Cast", 6, importCast);
  t.add("Identity", 1, importIdentity);
  t.add("Dropout", 7, importDropout);
  t.add("Shape", 1, importShape);
  t.add("Size", 1, importSize);
  t.add("Constant", 1, importConstant);
  t.add("ConstantOfShape", 9, importConstantOfShape);
}

} // namespace kiln::importer
