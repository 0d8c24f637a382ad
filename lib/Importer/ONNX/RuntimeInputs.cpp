//===- RuntimeInputs.cpp - Shape-fixing inputs given at run time ----------===//
//
// See RuntimeInputs.h. Everything here is a composition of graph ops on
// small int64 tensors (the axes, starts and steps), so the data tensor is
// read once per gather or reduction.
//
//===----------------------------------------------------------------------===//

#include "RuntimeInputs.h"

#include "Composer.h"

#include "dialects/Graph/IR/GraphOps.h"

#include "llvm/Support/FormatVariadic.h"

#include <map>

using namespace mlir;

namespace kiln::importer {

void checkAtRunTime(NodeBinder &b, Composer &c, Value condition,
                    const Twine &what) {
  const onnx::NodeProto &node = b.node();
  std::string name = node.name();
  if (name.empty() && node.output_size() > 0)
    name = node.output(0);
  std::string message =
      (b.opType() + " node '" + name + "': " + what).str();
  graph::RuntimeCheckOp::create(c.builder, c.loc, condition,
                                c.builder.getStringAttr(message));
}

LogicalResult checkEqualsAtRunTime(NodeBinder &b, Composer &c, Value value,
                                   ArrayRef<int64_t> expected,
                                   const Twine &what, ArrayRef<bool> checked) {
  int64_t n = Composer::typeOf(value).getNumElements();
  if (n != static_cast<int64_t>(expected.size()))
    return b.fail(llvm::formatv("a run-time input has {0} elements where {1} "
                                "are expected",
                                n, expected.size()));
  Type i64 = c.builder.getI64Type();
  Value flat = c.reshape(c.cast(value, i64), {n});
  SmallVector<int64_t> target(expected);
  if (llvm::is_contained(checked, false)) {
    // Unchecked elements compare 0 with 0: value * 0 == 0.
    SmallVector<int64_t> mask;
    for (auto [i, keep] : llvm::enumerate(checked)) {
      mask.push_back(keep ? 1 : 0);
      if (!keep)
        target[i] = 0;
    }
    flat = c.mul(flat, c.ints({n}, i64, mask));
  }
  checkAtRunTime(b, c,
                 c.predicate<graph::EqualOp>(flat, c.ints({n}, i64, target)),
                 what);
  return success();
}

bool isRuntimeInput(NodeBinder &b, unsigned i) {
  return b.hasInput(i) && !b.constantInput(i) && !b.hasFailed();
}

namespace {

/// A 1-D integer input as int64: the given constant, or the run-time value.
struct IntList {
  std::optional<SmallVector<int64_t>> constant;
  Value value;
  int64_t size = 0;
};

FailureOr<IntList> readIntList(NodeBinder &b, Composer &c, unsigned i,
                               StringRef what) {
  IntList list;
  if (!isRuntimeInput(b, i)) {
    auto values = b.constantInts(i, what);
    if (failed(values))
      return failure();
    list.size = values->size();
    list.constant = std::move(*values);
    return list;
  }
  auto value = b.input(i);
  if (failed(value))
    return failure();
  auto type = Composer::typeOf(*value);
  if (type.getRank() != 1 || !isa<IntegerType>(type.getElementType()) ||
      type.getElementType().isInteger(1))
    return b.fail("input '" + what + "' must be a 1-D integer tensor");
  list.value = c.cast(*value, c.builder.getI64Type());
  list.size = type.getDimSize(0);
  return list;
}

/// Element `k` of `list` as a rank-0 int64 tensor.
Value elementOf(Composer &c, const IntList &list, int64_t k) {
  Type i64 = c.builder.getI64Type();
  if (list.constant)
    return c.scalar(i64, static_cast<double>((*list.constant)[k]));
  return c.reshape(c.sliceAxis(list.value, 0, k, 1), ArrayRef<int64_t>());
}

/// `value` clamped into [lo, hi] (rank-0 int64 tensors).
Value clampScalar(Composer &c, Value value, int64_t lo, int64_t hi) {
  Type i64 = c.builder.getI64Type();
  return c.min(c.max(value, c.scalar(i64, lo)), c.scalar(i64, hi));
}

} // namespace

//===----------------------------------------------------------------------===//
// Slice
//===----------------------------------------------------------------------===//

LogicalResult importRuntimeSlice(NodeBinder &b, Value x) {
  auto type = b.resultType(0);
  if (failed(type))
    return failure();
  auto xType = Composer::typeOf(x);
  int64_t rank = xType.getRank();
  if (type->getRank() != rank)
    return b.fail("the result must have the input's rank");
  Composer c(b);
  Type i64 = c.builder.getI64Type();
  auto starts = readIntList(b, c, 1, "starts");
  auto ends = readIntList(b, c, 2, "ends");
  if (failed(starts) || failed(ends))
    return failure();
  int64_t n = starts->size;
  if (ends->size != n)
    return b.fail("starts and ends differ in length");
  FailureOr<IntList> axes = IntList(), steps = IntList();
  if (b.hasInput(3))
    axes = readIntList(b, c, 3, "axes");
  if (b.hasInput(4))
    steps = readIntList(b, c, 4, "steps");
  if (failed(axes) || failed(steps))
    return failure();
  if (!b.hasInput(3)) {
    axes->constant = SmallVector<int64_t>();
    for (int64_t k = 0; k < n; ++k)
      axes->constant->push_back(k);
    axes->size = n;
  }
  if (!b.hasInput(4)) {
    steps->constant = SmallVector<int64_t>(n, 1);
    steps->size = n;
  }
  if (axes->size != n || steps->size != n)
    return b.fail("starts, ends, axes and steps differ in length");
  if (steps->constant && llvm::is_contained(*steps->constant, 0))
    return b.fail("steps must be non-zero");

  // Per dim: the slice entry that applies to it, when the axes are known.
  SmallVector<std::optional<int64_t>> entryOf(rank);
  if (axes->constant) {
    for (auto [k, axis] : llvm::enumerate(*axes->constant)) {
      auto normalized = b.normalizeAxis(axis, rank, "axes");
      if (failed(normalized))
        return failure();
      if (entryOf[*normalized])
        return b.fail(llvm::formatv("axis {0} is sliced twice", *normalized));
      entryOf[*normalized] = k;
    }
  }
  Value normalizedAxes;
  if (!axes->constant) {
    Value isNegative =
        c.predicate<graph::LessOp>(axes->value, c.scalar(i64, 0.0));
    normalizedAxes = c.where(
        isNegative, c.add(axes->value, c.scalar(i64, rank)), axes->value);
  }

  Value result = x;
  for (int64_t d = 0; d < rank; ++d) {
    int64_t dim = xType.getDimSize(d), out = type->getDimSize(d);
    if (axes->constant && !entryOf[d]) {
      if (out != dim)
        return b.fail(llvm::formatv("result dim {0} differs from the input's, "
                                    "which is not sliced",
                                    d));
      continue;
    }
    if (out > dim)
      return b.fail(
          llvm::formatv("result dim {0} is larger than the input's", d));
    // The start, end and step of dim d: entry k's, or 0, dim and 1 when no
    // entry names d.
    Value start, end, step;
    std::optional<int64_t> constantStep;
    if (entryOf[d]) {
      start = elementOf(c, *starts, *entryOf[d]);
      end = elementOf(c, *ends, *entryOf[d]);
      step = elementOf(c, *steps, *entryOf[d]);
      if (steps->constant)
        constantStep = (*steps->constant)[*entryOf[d]];
    } else {
      Value selected =
          c.predicate<graph::EqualOp>(normalizedAxes, c.scalar(i64, d));
      Value named = c.reduce<graph::ReduceMaxOp>(selected, {}, false);
      auto pick = [&](const IntList &list, int64_t absent) {
        Value values = list.value;
        if (list.constant)
          values = c.ints({n}, i64, *list.constant);
        Value picked = c.reduce<graph::ReduceSumOp>(
            c.where(selected, values, c.scalar(i64, 0.0)), {}, false);
        return c.where(named, picked, c.scalar(i64, absent));
      };
      start = pick(*starts, 0);
      end = pick(*ends, dim);
      step = pick(*steps, 1);
    }
    // ONNX's clamping: a negative start counts from the end, then the start
    // is clamped into [0, dim] for positive steps, [0, dim - 1] otherwise.
    Value isNegative = c.predicate<graph::LessOp>(start, c.scalar(i64, 0.0));
    start = c.where(isNegative, c.add(start, c.scalar(i64, dim)), start);
    // The end likewise, clamped into [0, dim] or [-1, dim - 1].
    Value forward = clampScalar(c, start, 0, dim);
    Value backward = clampScalar(c, start, 0, dim - 1);
    isNegative = c.predicate<graph::LessOp>(end, c.scalar(i64, 0.0));
    end = c.where(isNegative, c.add(end, c.scalar(i64, dim)), end);
    Value endForward = clampScalar(c, end, 0, dim);
    Value endBackward = clampScalar(c, end, -1, dim - 1);
    Value isForward;
    if (!constantStep)
      isForward = c.predicate<graph::GreaterOp>(step, c.scalar(i64, 0.0));
    auto byDirection = [&](Value ahead, Value back) {
      if (constantStep)
        return *constantStep > 0 ? ahead : back;
      return c.where(isForward, ahead, back);
    };
    start = byDirection(forward, backward);
    end = byDirection(endForward, endBackward);
    // The static size must be ONNX's count, ceil(|end - start| / |step|)
    // in the step's direction (at least 0), and the step non-zero.
    Value sign = byDirection(c.scalar(i64, 1.0), c.scalar(i64, -1.0));
    Value distance =
        c.max(c.mul(c.sub(end, start), sign), c.scalar(i64, 0.0));
    Value stride = c.max(c.mul(step, sign), c.scalar(i64, 1.0));
    Value count =
        c.div(c.add(distance, c.sub(stride, c.scalar(i64, 1.0))), stride);
    Value agrees = c.predicate<graph::AndOp>(
        c.predicate<graph::EqualOp>(count, c.scalar(i64, out)),
        c.logicalNot(c.predicate<graph::EqualOp>(step, c.scalar(i64, 0.0))));
    checkAtRunTime(b, c, agrees,
                   llvm::formatv("starts/ends/steps must select {0} elements "
                                 "of dim {1}, as the declared result shape has",
                                 out, d)
                       .str());
    if (out == 0) {
      result = c.sliceAxis(result, d, 0, 0);
      continue;
    }
    Value indices = c.add(start, c.mul(c.iota(out, i64), step));
    result = c.gather(result, indices, d);
  }
  b.setResult(0, c.reshape(result, *type));
  return success();
}

//===----------------------------------------------------------------------===//
// Split
//===----------------------------------------------------------------------===//

FailureOr<SmallVector<int64_t>> splitSizesFromResults(NodeBinder &b,
                                                      int64_t axis) {
  SmallVector<int64_t> sizes;
  for (unsigned i = 0, e = b.numOutputs(); i < e; ++i) {
    auto type = b.resultType(i);
    if (failed(type))
      return failure();
    if (axis >= type->getRank())
      return b.fail(llvm::formatv("output #{0} has no dim {1}", i, axis));
    sizes.push_back(type->getDimSize(axis));
  }
  return sizes;
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

FailureOr<Value> reduceOverRuntimeAxes(
    NodeBinder &b, Value x, unsigned axesInput, bool keepdims,
    llvm::function_ref<Value(Composer &, Value, ArrayRef<int64_t>, bool)>
        reduce) {
  auto type = b.resultType(0);
  auto axesValue = b.input(axesInput);
  if (failed(type) || failed(axesValue))
    return failure();
  auto axesType = Composer::typeOf(*axesValue);
  if (axesType.getRank() != 1 || !isa<IntegerType>(axesType.getElementType()))
    return b.fail("input 'axes' must be a 1-D integer tensor");
  ArrayRef<int64_t> shape = Composer::shapeOf(x);
  int64_t rank = shape.size(), n = axesType.getDimSize(0);
  if (n < 1 || n > rank)
    return b.fail(
        llvm::formatv("input 'axes' has {0} elements for rank {1}", n, rank));
  if (rank > 16)
    return b.fail("run-time axes of a tensor of rank above 16 are not "
                  "supported");

  // Candidates: n-element axis sets whose reduction has the result's shape,
  // keyed by their dims of size other than 1 (the ones that matter).
  std::map<SmallVector<int64_t>, SmallVector<int64_t>> candidates;
  for (uint32_t mask = 0; mask < (1u << rank); ++mask) {
    if (llvm::popcount(mask) != n)
      continue;
    SmallVector<int64_t> axes, reducedShape, key;
    for (int64_t d = 0; d < rank; ++d) {
      bool reduced = mask & (1u << d);
      if (reduced) {
        axes.push_back(d);
        if (shape[d] != 1)
          key.push_back(d);
      }
      if (!reduced)
        reducedShape.push_back(shape[d]);
      else if (keepdims)
        reducedShape.push_back(1);
    }
    if (ArrayRef<int64_t>(reducedShape) == type->getShape())
      candidates.insert({key, axes});
  }
  if (candidates.empty())
    return b.fail("no set of " + std::to_string(n) +
                  " axes reduces the input to the result shape " +
                  typeString(*type));
  Composer c(b);
  Type i64 = c.builder.getI64Type();
  Value axes = c.cast(*axesValue, i64);
  Value isNegative = c.predicate<graph::LessOp>(axes, c.scalar(i64, 0.0));
  axes = c.reshape(c.where(isNegative, c.add(axes, c.scalar(i64, rank)), axes),
                   {n, 1});
  SmallVector<int64_t> unitDims;
  for (int64_t d = 0; d < rank; ++d)
    if (shape[d] == 1)
      unitDims.push_back(d);
  // The run-time axes must be a candidate: each names one of its dims or a
  // size-1 dim, and each of its dims other than size 1 is named.
  Value valid;
  for (auto &[key, axesSet] : candidates) {
    SmallVector<int64_t> allowed(key);
    llvm::append_range(allowed, unitDims);
    Value allowedValue =
        c.ints({1, static_cast<int64_t>(allowed.size())}, i64, allowed);
    Value named = c.predicate<graph::EqualOp>(axes, allowedValue);
    Value ok = c.reduce<graph::ReduceMinOp>(
        c.reduce<graph::ReduceMaxOp>(named, {1}, false), {}, false);
    if (!key.empty()) {
      Value keyValue =
          c.ints({1, static_cast<int64_t>(key.size())}, i64, key);
      Value covered = c.reduce<graph::ReduceMinOp>(
          c.reduce<graph::ReduceMaxOp>(
              c.predicate<graph::EqualOp>(axes, keyValue), {0}, false),
          {}, false);
      ok = c.predicate<graph::AndOp>(ok, covered);
    }
    valid = valid ? c.predicate<graph::OrOp>(valid, ok) : ok;
  }
  checkAtRunTime(b, c, valid,
                 "the run-time axes must reduce the input to the declared "
                 "result shape " +
                     typeString(*type));
  if (candidates.size() == 1)
    return reduce(c, x, candidates.begin()->second, keepdims);

  // Several candidates: candidate K matches when every run-time axis is in
  // K or names a size-1 dim.
  Value result;
  for (auto &[key, axesSet] : llvm::reverse(candidates)) {
    Value reduced = reduce(c, x, axesSet, keepdims);
    if (!result) {
      result = reduced;
      continue;
    }
    SmallVector<int64_t> allowed(key);
    llvm::append_range(allowed, unitDims);
    Value allowedValue =
        c.ints({1, static_cast<int64_t>(allowed.size())}, i64, allowed);
    Value inSet = c.reduce<graph::ReduceMaxOp>(
        c.predicate<graph::EqualOp>(axes, allowedValue), {1}, false);
    Value matches = c.reduce<graph::ReduceMinOp>(inSet, {}, false);
    result = c.where(matches, reduced, result);
  }
  return result;
}

} // namespace kiln::importer
