//===- Generators.cpp - Handlers of ONNX ops that build tensors -----------===//
//
// Ops whose result is a pattern or a rearrangement, composed of existing
// graph ops: OneHot and Trilu compare positions (iotas) with indices or a
// diagonal offset, EyeLike and Range fold to constants when they can, Tile,
// DepthToSpace and SpaceToDepth are reshape/expand/transpose chains. Inputs
// that only fix a result size (OneHot's depth, Tile's repeats, Range's
// bounds) may be run-time values: the static result type gives the size.
//
//===----------------------------------------------------------------------===//

#include "Composer.h"
#include "Handlers.h"
#include "NodeBinder.h"
#include "RuntimeInputs.h"
#include "TensorImport.h"

#include "dialects/Graph/IR/GraphOps.h"

#include "llvm/Support/FormatVariadic.h"

#include <cmath>

using namespace mlir;

namespace kiln::importer {
namespace {

/// The single element of a one-element `x` as a rank-0 tensor.
Value toScalar(Composer &c, Value x) {
  return c.reshape(x, ArrayRef<int64_t>());
}

//===----------------------------------------------------------------------===//
// OneHot
//===----------------------------------------------------------------------===//

/// OneHot: values[1] where the (wrapped) index equals the position along
/// `axis`, values[0] elsewhere; indices outside [-depth, depth) select no
/// position. Float indices are truncated, as the reference does.
LogicalResult importOneHot(NodeBinder &b) {
  auto indices = b.input(0);
  auto values = b.input(2);
  auto axisAttr = b.intAttr("axis", -1);
  auto type = b.resultType(0);
  if (failed(indices) || failed(values) || failed(axisAttr) || failed(type))
    return failure();
  auto indexType = Composer::typeOf(*indices);
  if (indexType.getElementType().isInteger(1))
    return b.fail("indices must be numbers");
  if (Composer::typeOf(*values).getNumElements() != 2)
    return b.fail("values must hold two elements (off, on)");
  int64_t rank = indexType.getRank() + 1;
  auto axis = b.normalizeAxis(*axisAttr, rank, "axis");
  if (failed(axis))
    return failure();
  if (type->getRank() != rank)
    return b.fail("the result must have one dim more than indices");
  int64_t depth = type->getDimSize(*axis);
  if (b.constantInput(1)) {
    auto given = b.optionalConstantScalar(1, "depth");
    if (failed(given))
      return failure();
    if (static_cast<int64_t>(std::trunc(**given)) != depth)
      return b.fail(llvm::formatv("depth is {0}, but the result has {1} "
                                  "elements along the axis",
                                  **given, depth));
  } else if (b.hasFailed()) {
    return failure();
  }
  Composer c(b);
  Type i64 = b.builder().getI64Type();
  if (!b.constantInput(1)) {
    auto given = b.input(1);
    if (failed(given) ||
        failed(checkEqualsAtRunTime(
            b, c, *given, {depth},
            llvm::formatv("depth must equal {0}, the declared result size "
                          "along the axis",
                          depth)
                .str())))
      return failure();
  }
  Value index = c.cast(*indices, i64);
  Value isNegative = c.predicate<graph::LessOp>(index, c.scalar(i64, 0.0));
  index = c.where(isNegative, c.add(index, c.scalar(i64, depth)), index);
  SmallVector<int64_t> expanded(indexType.getShape());
  expanded.insert(expanded.begin() + *axis, 1);
  index = c.reshape(index, expanded);
  Value hot =
      c.predicate<graph::EqualOp>(index, c.iota(depth, i64, *axis, rank));
  Value off = toScalar(c, c.sliceAxis(*values, 0, 0, 1));
  Value on = toScalar(c, c.sliceAxis(*values, 0, 1, 1));
  if (Composer::elementType(off) != type->getElementType())
    return b.fail("the result must have the dtype of values");
  b.setResult(0, c.where(hot, on, off));
  return success();
}

//===----------------------------------------------------------------------===//
// Trilu
//===----------------------------------------------------------------------===//

/// Trilu: keeps the elements on and above (upper) or below (lower) the k-th
/// diagonal of the last two dims, zeroes the rest. A constant k makes the
/// mask a constant; a run-time k is compared with the constant j - i.
LogicalResult importTrilu(NodeBinder &b) {
  auto x = b.input(0);
  auto upper = b.intAttr("upper", 1);
  if (failed(x) || failed(upper))
    return failure();
  auto type = Composer::typeOf(*x);
  if (type.getRank() < 2)
    return b.fail("input must have rank >= 2");
  int64_t rows = type.getDimSize(type.getRank() - 2);
  int64_t cols = type.getDimSize(type.getRank() - 1);
  std::optional<int64_t> k = 0;
  if (b.hasInput(1)) {
    if (b.constantInput(1)) {
      auto values = b.constantInts(1, "k");
      if (failed(values))
        return failure();
      if (values->size() != 1)
        return b.fail("input 'k' must hold one value");
      k = (*values)[0];
    } else if (b.hasFailed()) {
      return failure();
    } else {
      k = std::nullopt;
    }
  }
  Composer c(b);
  Type i64 = b.builder().getI64Type();
  Value keep;
  if (k) {
    SmallVector<int64_t> mask;
    for (int64_t i = 0; i < rows; ++i)
      for (int64_t j = 0; j < cols; ++j)
        mask.push_back(*upper ? j - i >= *k : j - i <= *k);
    keep = c.ints({rows, cols}, b.builder().getI1Type(), mask);
  } else {
    auto kInput = b.input(1);
    if (failed(kInput))
      return failure();
    if (Composer::typeOf(*kInput).getNumElements() != 1 ||
        Composer::elementType(*kInput) != i64)
      return b.fail("input 'k' must be one int64");
    SmallVector<int64_t> offsets;
    for (int64_t i = 0; i < rows; ++i)
      for (int64_t j = 0; j < cols; ++j)
        offsets.push_back(j - i);
    Value diagonal = c.ints({rows, cols}, i64, offsets);
    Value kValue = toScalar(c, *kInput);
    Value strict = *upper ? c.predicate<graph::GreaterOp>(diagonal, kValue)
                          : c.predicate<graph::LessOp>(diagonal, kValue);
    keep = c.predicate<graph::OrOp>(
        strict, c.predicate<graph::EqualOp>(diagonal, kValue));
  }
  b.setResult(0, c.where(keep, *x, c.scalar(type.getElementType(), 0.0)));
  return success();
}

//===----------------------------------------------------------------------===//
// EyeLike, Range
//===----------------------------------------------------------------------===//

/// A constant attribute of `type` whose elements are `one` where
/// `isOne(flat index)` and zero elsewhere.
DenseElementsAttr patternConstant(RankedTensorType type,
                                  llvm::function_ref<bool(int64_t)> isOne) {
  Type elem = type.getElementType();
  SmallVector<Attribute> values;
  for (int64_t i = 0, e = type.getNumElements(); i < e; ++i) {
    int64_t v = isOne(i) ? 1 : 0;
    if (isa<FloatType>(elem))
      values.push_back(FloatAttr::get(elem, static_cast<double>(v)));
    else
      values.push_back(IntegerAttr::get(elem, v));
  }
  return DenseElementsAttr::get(type, values);
}

/// EyeLike: ones on the k-th diagonal of a 2-D tensor shaped like the input.
LogicalResult importEyeLike(NodeBinder &b) {
  auto xType = b.inputType(0);
  auto k = b.intAttr("k", 0);
  if (failed(xType) || failed(k))
    return failure();
  if (xType->getRank() != 2)
    return b.fail("input must be 2-D");
  Type elem = xType->getElementType();
  if (b.hasAttr("dtype")) {
    auto dtype = b.intAttr("dtype", 0);
    if (failed(dtype))
      return failure();
    elem = elementTypeFor(static_cast<int32_t>(*dtype), b.context());
    if (!elem)
      return b.fail("dtype " + dtypeName(static_cast<int32_t>(*dtype)) +
                    " is not supported");
  }
  int64_t cols = xType->getDimSize(1);
  auto type = xType->clone(elem);
  b.setConstantResult(0, patternConstant(type, [&](int64_t i) {
                        return i % cols - i / cols == *k;
                      }));
  return success();
}

/// Range: start + i * delta for i < max(ceil((limit - start) / delta), 0).
/// Constant inputs fold; otherwise the count comes from the static result
/// type and the values are computed at run time.
LogicalResult importRange(NodeBinder &b) {
  auto startType = b.inputType(0);
  if (failed(startType))
    return failure();
  Type elem = startType->getElementType();
  if (elem.isInteger(1) || elem.isUnsignedInteger())
    return b.fail("inputs must be floats or signed integers");
  for (unsigned i = 0; i < 3; ++i) {
    auto type = b.inputType(i);
    if (failed(type))
      return failure();
    if (type->getElementType() != elem || type->getNumElements() != 1)
      return b.fail("start, limit and delta must be scalars of one dtype");
  }
  bool isFloat = isa<FloatType>(elem);
  if (b.constantInput(0) && b.constantInput(1) && b.constantInput(2)) {
    double bounds[3];
    for (unsigned i = 0; i < 3; ++i) {
      auto value = b.optionalConstantScalar(i, i == 0   ? "start"
                                               : i == 1 ? "limit"
                                                        : "delta");
      if (failed(value))
        return failure();
      bounds[i] = **value;
    }
    auto [start, limit, delta] = bounds;
    if (delta == 0.0)
      return b.fail("delta must be non-zero");
    double steps = std::ceil((limit - start) / delta);
    if (!(steps < 1e8))
      return b.fail("the range has too many elements");
    int64_t count = std::max<int64_t>(static_cast<int64_t>(steps), 0);
    SmallVector<Attribute> values;
    for (int64_t i = 0; i < count; ++i) {
      if (isFloat)
        values.push_back(FloatAttr::get(elem, start + i * delta));
      else
        values.push_back(
            IntegerAttr::get(elem, static_cast<int64_t>(start) +
                                       i * static_cast<int64_t>(delta)));
    }
    b.setConstantResult(0, DenseElementsAttr::get(
                               RankedTensorType::get({count}, elem), values));
    return success();
  }
  if (b.hasFailed())
    return failure();
  RankedTensorType type = b.inferredType(0);
  if (!type)
    return b.fail("the number of elements depends on run-time start, limit "
                  "and delta; it must be given by a static output shape");
  if (type.getRank() != 1 || type.getElementType() != elem)
    return b.fail("the result must be 1-D with the inputs' dtype");
  auto start = b.input(0);
  auto limit = b.input(1);
  auto delta = b.input(2);
  if (failed(start) || failed(limit) || failed(delta))
    return failure();
  Composer c(b);
  int64_t size = type.getDimSize(0);
  Value first = toScalar(c, *start), step = toScalar(c, *delta);
  Value span = c.sub(toScalar(c, *limit), first);
  Value count;
  if (isFloat) {
    // A zero delta gives inf or NaN, which equals no count.
    count = c.max(c.unary<graph::CeilOp>(c.div(span, step)),
                  c.scalar(elem, 0.0));
  } else {
    // ceil(span / delta) with truncating division: both signs made
    // positive by the delta's, then (span + delta - 1) / delta. A zero
    // delta divides by 1 and fails the check below.
    Value positive = c.predicate<graph::GreaterOp>(step, c.scalar(elem, 0.0));
    Value sign = c.where(positive, c.scalar(elem, 1.0), c.scalar(elem, -1.0));
    Value stride = c.max(c.mul(step, sign), c.scalar(elem, 1.0));
    Value distance = c.mul(span, sign);
    count = c.max(c.div(c.add(distance, c.sub(stride, c.scalar(elem, 1.0))),
                        stride),
                  c.scalar(elem, 0.0));
  }
  Value agrees = c.predicate<graph::AndOp>(
      c.predicate<graph::EqualOp>(count, c.scalar(elem, size)),
      c.logicalNot(c.predicate<graph::EqualOp>(step, c.scalar(elem, 0.0))));
  checkAtRunTime(b, c, agrees,
                 llvm::formatv("start, limit and delta must give {0} "
                               "elements, as the declared result shape has",
                               size)
                     .str());
  Value steps = c.iota(size, elem);
  b.setResult(0, c.add(first, c.mul(steps, step)));
  return success();
}

//===----------------------------------------------------------------------===//
// Tile, DepthToSpace, SpaceToDepth
//===----------------------------------------------------------------------===//

/// Tile as reshape -> expand -> reshape: [a, b] with repeats [r, s] becomes
/// [1, a, 1, b], broadcast to [r, a, s, b], then [r * a, s * b]. Run-time
/// repeats are read from the static result type.
LogicalResult importTile(NodeBinder &b) {
  auto x = b.input(0);
  if (failed(x))
    return failure();
  auto xType = Composer::typeOf(*x);
  int64_t rank = xType.getRank();
  SmallVector<int64_t> repeats;
  if (b.constantInput(1)) {
    auto values = b.constantInts(1, "repeats");
    if (failed(values))
      return failure();
    repeats = *values;
    if (static_cast<int64_t>(repeats.size()) != rank)
      return b.fail(llvm::formatv("repeats has {0} values for rank {1}",
                                  repeats.size(), rank));
    if (llvm::any_of(repeats, [](int64_t r) { return r < 0; }))
      return b.fail("repeats must be non-negative");
  } else {
    if (b.hasFailed())
      return failure();
    auto type = b.resultType(0);
    if (failed(type))
      return failure();
    if (type->getRank() != rank)
      return b.fail("the result must have the input's rank");
    for (int64_t d = 0; d < rank; ++d) {
      int64_t in = xType.getDimSize(d), out = type->getDimSize(d);
      if (in == 0 ? out != 0 : out % in != 0)
        return b.fail(llvm::formatv("result dim {0} is not a multiple of the "
                                    "input dim",
                                    d));
      repeats.push_back(in == 0 ? 1 : out / in);
    }
  }
  Composer c(b);
  if (!b.constantInput(1)) {
    // Repeats of an empty dim do not show in the result: only their
    // sign matters, and ONNX requires them non-negative anyway.
    SmallVector<bool> checked;
    for (int64_t d = 0; d < rank; ++d)
      checked.push_back(xType.getDimSize(d) != 0);
    auto given = b.input(1);
    if (failed(given) ||
        failed(checkEqualsAtRunTime(b, c, *given, repeats,
                                    "repeats must give the declared result "
                                    "shape",
                                    checked)))
      return failure();
  }
  SmallVector<int64_t> interleaved, expanded, result;
  for (int64_t d = 0; d < rank; ++d) {
    interleaved.append({1, xType.getDimSize(d)});
    expanded.append({repeats[d], xType.getDimSize(d)});
    result.push_back(repeats[d] * xType.getDimSize(d));
  }
  Value spread = c.reshape(*x, interleaved);
  Value tiled = graph::ExpandOp::create(b.builder(), b.loc(),
                                        xType.clone(expanded), spread);
  b.setResult(0, c.reshape(tiled, result));
  return success();
}

/// DepthToSpace: channel blocks move into blocksize x blocksize spatial
/// tiles. DCR reads channels as [block_h, block_w, C'], CRD as
/// [C', block_h, block_w].
LogicalResult importDepthToSpace(NodeBinder &b) {
  auto x = b.input(0);
  auto blocksize = b.requiredIntAttr("blocksize");
  auto mode = b.stringAttr("mode", "DCR");
  if (failed(x) || failed(blocksize) || failed(mode))
    return failure();
  ArrayRef<int64_t> shape = Composer::shapeOf(*x);
  int64_t bs = *blocksize;
  if (shape.size() != 4)
    return b.fail("input must be 4-D (N x C x H x W)");
  if (bs < 1 || shape[1] % (bs * bs) != 0)
    return b.fail(llvm::formatv("blocksize^2 = {0} must divide the {1} "
                                "channels",
                                bs * bs, shape[1]));
  if (*mode != "DCR" && *mode != "CRD")
    return b.fail("mode must be DCR or CRD, got '" + *mode + "'");
  int64_t n = shape[0], c2 = shape[1] / (bs * bs), h = shape[2], w = shape[3];
  Composer c(b);
  Value result;
  if (*mode == "DCR")
    result =
        c.transpose(c.reshape(*x, {n, bs, bs, c2, h, w}), {0, 3, 4, 1, 5, 2});
  else
    result =
        c.transpose(c.reshape(*x, {n, c2, bs, bs, h, w}), {0, 1, 4, 2, 5, 3});
  b.setResult(0, c.reshape(result, {n, c2, h * bs, w * bs}));
  return success();
}

/// SpaceToDepth: the inverse of DepthToSpace in DCR mode.
LogicalResult importSpaceToDepth(NodeBinder &b) {
  auto x = b.input(0);
  auto blocksize = b.requiredIntAttr("blocksize");
  if (failed(x) || failed(blocksize))
    return failure();
  ArrayRef<int64_t> shape = Composer::shapeOf(*x);
  int64_t bs = *blocksize;
  if (shape.size() != 4)
    return b.fail("input must be 4-D (N x C x H x W)");
  if (bs < 1 || shape[2] % bs != 0 || shape[3] % bs != 0)
    return b.fail(
        llvm::formatv("blocksize {0} must divide the spatial dims", bs));
  int64_t n = shape[0], ch = shape[1], h = shape[2] / bs, w = shape[3] / bs;
  Composer c(b);
  Value result =
      c.transpose(c.reshape(*x, {n, ch, h, bs, w, bs}), {0, 3, 5, 1, 2, 4});
  b.setResult(0, c.reshape(result, {n, ch * bs * bs, h, w}));
  return success();
}

} // namespace

void registerGeneratorHandlers(HandlerTable &t) {
  t.add("OneHot", 9, importOneHot);
  t.add("Trilu", 14, importTrilu);
  t.add("EyeLike", 9, importEyeLike);
  t.add("Range", 11, importRange);
  t.add("Tile", 6, importTile);
  t.add("DepthToSpace", 1, importDepthToSpace);
  t.add("SpaceToDepth", 1, importSpaceToDepth);
}

} // namespace kiln::importer
