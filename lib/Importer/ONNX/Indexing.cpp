//===- Indexing.cpp - Handlers of ONNX ops that compute positions ---------===//
//
// Arg-reductions, TopK and CumSum along one axis; the element-wise gathers
// and scatters; Hardmax (an arg_max compared with an iota); Compress and
// NonZero. Inputs that only fix a result size (TopK's k) are read from the
// static result type ONNX inference gave, so they may be run-time values;
// inputs that change values (CumSum's axis, Compress's condition) are used
// at run time when they are not constants.
//
//===----------------------------------------------------------------------===//

#include "Composer.h"
#include "Handlers.h"
#include "NodeBinder.h"
#include "RuntimeInputs.h"
#include "TensorImport.h"

#include "dialects/Graph/IR/GraphOps.h"

#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;

namespace kiln::importer {
namespace {

Type i64Type(NodeBinder &b) { return b.builder().getI64Type(); }

/// `x` reshaped to a rank-0 tensor (it holds one element).
Value toScalar(Composer &c, Value x) {
  return c.reshape(x, ArrayRef<int64_t>());
}

/// Fails (saying why) when input `input` is a constant with an index
/// outside [-dim, dim); run-time indices pass.
LogicalResult checkConstantIndices(NodeBinder &b, unsigned input, int64_t dim) {
  ElementsAttr constant = b.constantInput(input);
  if (!constant)
    return failure(b.hasFailed());
  auto values = readIntElements(constant);
  if (!values)
    return b.fail("indices must be integers");
  for (int64_t index : *values)
    if (index < -dim || index >= dim)
      return b.fail(llvm::formatv("index {0} is out of range for a dim of "
                                  "size {1}",
                                  index, dim));
  return success();
}

/// An index input: int32 or int64.
FailureOr<Value> indexInput(NodeBinder &b, unsigned i) {
  auto x = b.input(i);
  if (failed(x))
    return failure();
  Type elem = Composer::elementType(*x);
  if (!elem.isSignlessInteger(32) && !elem.isSignlessInteger(64))
    return b.fail("indices must be int32 or int64");
  return *x;
}

/// The operands gathers and scatters start from.
struct IndexedOperands {
  Value data, indices, updates;
  RankedTensorType dataType, indicesType;
  int64_t attr = 0;
};

/// Reads data (input 0), int32 or int64 indices (input 1), with
/// `withUpdates` the updates (input 2), which must have data's dtype, and
/// unless `attrName` is empty that integer attribute (default 0). The inputs
/// and the attribute are all read before failing, so that every problem is
/// reported.
FailureOr<IndexedOperands> readIndexedOperands(NodeBinder &b, bool withUpdates,
                                               StringRef attrName) {
  auto data = b.input(0);
  auto indices = indexInput(b, 1);
  FailureOr<Value> updates = withUpdates ? b.input(2) : Value();
  FailureOr<int64_t> attr =
      attrName.empty() ? FailureOr<int64_t>(0) : b.intAttr(attrName, 0);
  if (failed(data) || failed(indices) || failed(updates) || failed(attr))
    return failure();
  IndexedOperands result{*data,
                         *indices,
                         *updates,
                         Composer::typeOf(*data),
                         Composer::typeOf(*indices),
                         *attr};
  if (withUpdates &&
      Composer::elementType(*updates) != result.dataType.getElementType())
    return b.fail("updates must have the dtype of data");
  return result;
}

/// Checks constant index tuples (input 1, one tuple per position of its last
/// dim) against `tupleDims`, the sizes of the dims a tuple's components
/// index; indices that are not constant are checked at run time.
LogicalResult checkConstantIndexTuples(NodeBinder &b,
                                       ArrayRef<int64_t> tupleDims) {
  ElementsAttr constant = b.constantInput(1);
  if (!constant)
    return success();
  auto values = readIntElements(constant);
  if (!values)
    return b.fail("indices must be integers");
  for (auto [i, index] : llvm::enumerate(*values)) {
    int64_t dim = tupleDims[i % tupleDims.size()];
    if (index < -dim || index >= dim)
      return b.fail(llvm::formatv("index {0} is out of range for a dim of "
                                  "size {1}",
                                  index, dim));
  }
  return success();
}

//===----------------------------------------------------------------------===//
// ArgMax, ArgMin, Hardmax
//===----------------------------------------------------------------------===//

/// graph.arg_max/arg_min of `x` along `axis` (normalized).
template <typename OpTy>
Value argReduce(Composer &c, Value x, int64_t axis, bool keepdims,
                bool selectLast) {
  SmallVector<int64_t> shape(Composer::shapeOf(x));
  if (keepdims)
    shape[axis] = 1;
  else
    shape.erase(shape.begin() + axis);
  auto type = RankedTensorType::get(shape, c.builder.getI64Type());
  return OpTy::create(
      c.builder, c.loc, type, x, c.builder.getI64IntegerAttr(axis),
      c.builder.getBoolAttr(keepdims), c.builder.getBoolAttr(selectLast));
}

template <typename OpTy> LogicalResult importArgReduce(NodeBinder &b) {
  auto x = b.input(0);
  auto axisAttr = b.intAttr("axis", 0);
  auto keepdims = b.intAttr("keepdims", 1);
  auto selectLast = b.intAttr("select_last_index", 0);
  if (failed(x) || failed(axisAttr) || failed(keepdims) || failed(selectLast))
    return failure();
  auto type = Composer::typeOf(*x);
  if (type.getElementType().isInteger(1))
    return b.fail("bool input is not supported");
  auto axis = b.normalizeAxis(*axisAttr, type.getRank(), "axis");
  if (failed(axis))
    return failure();
  if (type.getDimSize(*axis) == 0)
    return b.fail("cannot reduce an empty axis");
  Composer c(b);
  b.setResult(0,
              argReduce<OpTy>(c, *x, *axis, *keepdims != 0, *selectLast != 0));
  return success();
}

/// Hardmax: 1 where arg_max(x) along the axis is, 0 elsewhere. Before
/// opset 13 the input is flattened to 2-D at `axis` and the maximum taken
/// along the second dim.
LogicalResult importHardmax(NodeBinder &b) {
  auto x = b.input(0);
  bool legacy = b.opset() < 13;
  auto axisAttr = b.intAttr("axis", legacy ? 1 : -1);
  if (failed(x) || failed(axisAttr) ||
      failed(b.requireFloat(Composer::typeOf(*x), "input")))
    return failure();
  auto type = Composer::typeOf(*x);
  auto axis = b.normalizeAxis(*axisAttr, type.getRank(), "axis");
  if (failed(axis))
    return failure();
  Composer c(b);
  Value in = *x;
  int64_t reduceAxis = *axis;
  if (legacy) {
    int64_t rows = 1, cols = 1;
    for (int64_t d = 0; d < type.getRank(); ++d)
      (d < *axis ? rows : cols) *= type.getDimSize(d);
    in = c.reshape(in, {rows, cols});
    reduceAxis = 1;
  }
  auto inType = Composer::typeOf(in);
  int64_t dim = inType.getDimSize(reduceAxis);
  if (inType.getNumElements() == 0 || dim == 0) {
    b.setResult(0, *x);
    return success();
  }
  Value index = argReduce<graph::ArgMaxOp>(c, in, reduceAxis, true, false);
  Value iota = c.iota(dim, i64Type(b), reduceAxis, inType.getRank());
  Value hot = c.predicate<graph::EqualOp>(index, iota);
  b.setResult(0, c.reshape(c.cast(hot, type.getElementType()), type));
  return success();
}

//===----------------------------------------------------------------------===//
// TopK
//===----------------------------------------------------------------------===//

/// TopK. k (an attribute before opset 10, an input from it) is the size of
/// the results along the axis; a run-time k is read from the result type
/// and checked at run time, a constant one must agree with it. Results are always sorted, which is
/// what sorted = 0 allows too.
LogicalResult importTopK(NodeBinder &b) {
  auto x = b.input(0);
  auto axisAttr = b.intAttr("axis", -1);
  auto largest = b.intAttr("largest", 1);
  auto valuesType = b.resultType(0);
  if (failed(x) || failed(axisAttr) || failed(largest) || failed(valuesType))
    return failure();
  auto type = Composer::typeOf(*x);
  if (type.getElementType().isInteger(1))
    return b.fail("bool input is not supported");
  auto axis = b.normalizeAxis(*axisAttr, type.getRank(), "axis");
  if (failed(axis))
    return failure();
  if (valuesType->getRank() != type.getRank())
    return b.fail("the result must have the input's rank");
  int64_t k = valuesType->getDimSize(*axis);
  std::optional<int64_t> given;
  if (b.opset() < 10) {
    auto attr = b.requiredIntAttr("k");
    if (failed(attr))
      return failure();
    given = *attr;
  } else if (b.constantInput(1)) {
    auto values = b.constantInts(1, "K");
    if (failed(values))
      return failure();
    if (values->size() != 1)
      return b.fail("input 'K' must hold one value");
    given = (*values)[0];
  } else if (b.hasFailed()) {
    return failure();
  }
  if (given && *given != k)
    return b.fail(llvm::formatv("k = {0}, but the result has {1} elements "
                                "along the axis",
                                *given, k));
  if (k > type.getDimSize(*axis))
    return b.fail(llvm::formatv("k = {0} exceeds the axis size {1}", k,
                                type.getDimSize(*axis)));
  if (!given) {
    auto kValue = b.input(1);
    Composer c(b);
    if (failed(kValue) ||
        failed(checkEqualsAtRunTime(
            b, c, *kValue, {k},
            llvm::formatv("K must equal {0}, the declared result size along "
                          "the axis",
                          k)
                .str())))
      return failure();
  }
  auto indicesType = valuesType->clone(i64Type(b));
  auto topK = graph::TopKOp::create(b.builder(), b.loc(),
                                    TypeRange{*valuesType, indicesType}, *x,
                                    b.builder().getI64IntegerAttr(*axis),
                                    b.builder().getBoolAttr(*largest != 0));
  b.setResult(0, topK.getValues());
  if (b.hasOutput(1))
    b.setResult(1, topK.getIndices());
  return success();
}

//===----------------------------------------------------------------------===//
// CumSum
//===----------------------------------------------------------------------===//

Value cumsum(Composer &c, Value x, int64_t axis, bool exclusive, bool reverse) {
  return graph::CumSumOp::create(
      c.builder, c.loc, x, c.builder.getI64IntegerAttr(axis),
      c.builder.getBoolAttr(exclusive), c.builder.getBoolAttr(reverse));
}

/// CumSum. A run-time axis is only needed for rank >= 2 (rank 1 has one
/// valid axis): then every axis is summed and the one asked for selected.
LogicalResult importCumSum(NodeBinder &b) {
  auto x = b.input(0);
  auto exclusive = b.intAttr("exclusive", 0);
  auto reverse = b.intAttr("reverse", 0);
  if (failed(x) || failed(exclusive) || failed(reverse))
    return failure();
  auto type = Composer::typeOf(*x);
  if (type.getElementType().isInteger(1))
    return b.fail("bool input is not supported");
  int64_t rank = type.getRank();
  if (rank == 0)
    return b.fail("input must have rank >= 1");
  Composer c(b);
  bool excl = *exclusive != 0, rev = *reverse != 0;
  if (b.constantInput(1) || rank == 1) {
    int64_t axisValue = 0;
    if (b.constantInput(1)) {
      auto values = b.constantInts(1, "axis");
      if (failed(values))
        return failure();
      if (values->size() != 1)
        return b.fail("input 'axis' must hold one value");
      axisValue = (*values)[0];
    }
    auto axis = b.normalizeAxis(axisValue, rank, "axis");
    if (failed(axis))
      return failure();
    b.setResult(0, cumsum(c, *x, *axis, excl, rev));
    return success();
  }
  if (b.hasFailed())
    return failure();
  auto axisInput = b.input(1);
  if (failed(axisInput))
    return failure();
  auto axisType = Composer::typeOf(*axisInput);
  if (axisType.getNumElements() != 1 ||
      !isa<IntegerType>(axisType.getElementType()))
    return b.fail("input 'axis' must hold one integer");
  Value axisValue = toScalar(c, *axisInput);
  Type axisElem = axisType.getElementType();
  Value result = cumsum(c, *x, rank - 1, excl, rev);
  for (int64_t d = rank - 2; d >= 0; --d) {
    Value isAxis = c.predicate<graph::OrOp>(
        c.predicate<graph::EqualOp>(axisValue, c.scalar(axisElem, d)),
        c.predicate<graph::EqualOp>(axisValue, c.scalar(axisElem, d - rank)));
    result = c.where(isAxis, cumsum(c, *x, d, excl, rev), result);
  }
  b.setResult(0, result);
  return success();
}

//===----------------------------------------------------------------------===//
// GatherElements, GatherND
//===----------------------------------------------------------------------===//

LogicalResult importGatherElements(NodeBinder &b) {
  auto gather = readIndexedOperands(b, /*withUpdates=*/false, "axis");
  if (failed(gather))
    return failure();
  Value data = gather->data, indices = gather->indices;
  RankedTensorType dataType = gather->dataType;
  RankedTensorType indicesType = gather->indicesType;
  if (indicesType.getRank() != dataType.getRank())
    return b.fail("indices must have the rank of data");
  auto axis = b.normalizeAxis(gather->attr, dataType.getRank(), "axis");
  if (failed(axis))
    return failure();
  int64_t dim = dataType.getDimSize(*axis);
  if (failed(checkConstantIndices(b, 1, dim)))
    return failure();
  if (indicesType.getNumElements() != 0 && dim == 0)
    return b.fail("gathers from an empty axis");
  b.setResult(0, graph::GatherElementsOp::create(
                     b.builder(), b.loc(),
                     indicesType.clone(dataType.getElementType()), data,
                     indices, b.builder().getI64IntegerAttr(*axis)));
  return success();
}

LogicalResult importGatherND(NodeBinder &b) {
  auto gather = readIndexedOperands(b, /*withUpdates=*/false, "batch_dims");
  if (failed(gather))
    return failure();
  Value data = gather->data, indices = gather->indices;
  ArrayRef<int64_t> dataShape = gather->dataType.getShape();
  ArrayRef<int64_t> indexShape = gather->indicesType.getShape();
  int64_t q = indexShape.size(), r = dataShape.size(), batch = gather->attr;
  if (q < 1 || batch < 0 || batch >= std::min(q, r))
    return b.fail("batch_dims must be in [0, min(rank(data), rank(indices)))");
  int64_t m = indexShape.back();
  if (m < 1 || m > r - batch)
    return b.fail(llvm::formatv("the last dim of indices must be in [1, {0}]",
                                r - batch));
  if (dataShape.take_front(batch) != indexShape.take_front(batch))
    return b.fail("data and indices must share the batch dims");
  if (failed(checkConstantIndexTuples(b, dataShape.slice(batch, m))))
    return failure();
  SmallVector<int64_t> shape(indexShape.drop_back());
  llvm::append_range(shape, dataShape.drop_front(batch + m));
  int64_t resultCount = 1;
  for (int64_t d : shape)
    resultCount *= d;
  if (llvm::any_of(dataShape.drop_front(batch).take_front(m),
                   [](int64_t d) { return d == 0; }) &&
      resultCount != 0)
    return b.fail("gathers from an empty dim");
  b.setResult(0, graph::GatherNDOp::create(
                     b.builder(), b.loc(), gather->dataType.clone(shape), data,
                     indices, b.builder().getI64IntegerAttr(batch)));
  return success();
}

//===----------------------------------------------------------------------===//
// ScatterElements, Scatter, ScatterND
//===----------------------------------------------------------------------===//

FailureOr<graph::ScatterReduction> scatterReduction(NodeBinder &b, Type elem) {
  auto name = b.stringAttr("reduction", "none");
  if (failed(name))
    return failure();
  std::optional<graph::ScatterReduction> reduction =
      llvm::StringSwitch<std::optional<graph::ScatterReduction>>(*name)
          .Case("none", graph::ScatterReduction::none)
          .Case("add", graph::ScatterReduction::add)
          .Case("mul", graph::ScatterReduction::mul)
          .Case("max", graph::ScatterReduction::max)
          .Case("min", graph::ScatterReduction::min)
          .Default(std::nullopt);
  if (!reduction)
    return b.fail("reduction '" + *name + "' is not supported");
  if (elem.isInteger(1) && (*reduction == graph::ScatterReduction::add ||
                            *reduction == graph::ScatterReduction::mul))
    return b.fail("reduction '" + *name + "' on bool is not supported");
  return *reduction;
}

/// ScatterElements, and Scatter, its deprecated name without reduction.
LogicalResult importScatterElements(NodeBinder &b) {
  auto scatter = readIndexedOperands(b, /*withUpdates=*/true, "axis");
  if (failed(scatter))
    return failure();
  auto [data, indices, updates, dataType, indicesType, axisAttr] = *scatter;
  if (indicesType.getShape() != Composer::shapeOf(updates))
    return b.fail("indices and updates must have the same shape");
  if (indicesType.getRank() != dataType.getRank())
    return b.fail("indices must have the rank of data");
  auto axis = b.normalizeAxis(axisAttr, dataType.getRank(), "axis");
  if (failed(axis))
    return failure();
  for (int64_t d = 0; d < dataType.getRank(); ++d)
    if (d != *axis && indicesType.getDimSize(d) > dataType.getDimSize(d))
      return b.fail(llvm::formatv("indices dim {0} is larger than the data "
                                  "dim",
                                  d));
  if (failed(checkConstantIndices(b, 1, dataType.getDimSize(*axis))))
    return failure();
  auto reduction = scatterReduction(b, dataType.getElementType());
  if (failed(reduction))
    return failure();
  b.setResult(0,
              graph::ScatterElementsOp::create(
                  b.builder(), b.loc(), dataType, data, indices, updates,
                  b.builder().getI64IntegerAttr(*axis),
                  graph::ScatterReductionAttr::get(b.context(), *reduction)));
  return success();
}

LogicalResult importScatterND(NodeBinder &b) {
  auto scatter = readIndexedOperands(b, /*withUpdates=*/true, "");
  if (failed(scatter))
    return failure();
  Value data = scatter->data, indices = scatter->indices;
  Value updates = scatter->updates;
  RankedTensorType dataType = scatter->dataType;
  ArrayRef<int64_t> indexShape = scatter->indicesType.getShape();
  int64_t r = dataType.getRank();
  if (indexShape.empty() || indexShape.back() < 1 || indexShape.back() > r)
    return b.fail(
        llvm::formatv("the last dim of indices must be in [1, {0}]", r));
  int64_t m = indexShape.back();
  SmallVector<int64_t> expected(indexShape.drop_back());
  llvm::append_range(expected, dataType.getShape().drop_front(m));
  if (ArrayRef<int64_t>(expected) != Composer::shapeOf(updates))
    return b.fail("updates must have shape indices.shape[:-1] + "
                  "data.shape[indices.shape[-1]:]");
  if (failed(checkConstantIndexTuples(b, dataType.getShape().take_front(m))))
    return failure();
  auto reduction = scatterReduction(b, dataType.getElementType());
  if (failed(reduction))
    return failure();
  b.setResult(0,
              graph::ScatterNDOp::create(
                  b.builder(), b.loc(), dataType, data, indices, updates,
                  graph::ScatterReductionAttr::get(b.context(), *reduction)));
  return success();
}

//===----------------------------------------------------------------------===//
// Compress, NonZero
//===----------------------------------------------------------------------===//

/// The positions of the first `count` true elements of the 1-D bool `mask`,
/// computed at run time: with s the inclusive prefix count of `mask`, the
/// j-th true element sits at #{i : s[i] <= j}. Positions past the last true
/// element come out as the mask's length.
Value truePositions(Composer &c, Value mask, int64_t count) {
  Type i64 = c.builder.getI64Type();
  int64_t n = Composer::shapeOf(mask)[0];
  Value prefix = cumsum(c, c.cast(mask, i64), 0, false, false);
  Value column = c.reshape(prefix, {n, 1});
  Value next = c.add(c.iota(count, i64, 1, 2), c.scalar(i64, 1.0));
  Value before = c.predicate<graph::LessOp>(column, next);
  return c.reduce<graph::ReduceSumOp>(c.cast(before, i64), {0}, false);
}

/// Compress: the slices along `axis` (of the flattened input without one)
/// whose condition is true. A run-time condition must select as many slices
/// as the static result type has, which is checked at run time.
LogicalResult importCompress(NodeBinder &b) {
  auto x = b.input(0);
  auto condition = b.input(1);
  if (failed(x) || failed(condition))
    return failure();
  auto condType = Composer::typeOf(*condition);
  if (condType.getRank() != 1 || !condType.getElementType().isInteger(1))
    return b.fail("condition must be a 1-D bool tensor");
  Composer c(b);
  Value in = *x;
  int64_t axis = 0;
  if (b.hasAttr("axis")) {
    auto axisAttr = b.intAttr("axis", 0);
    if (failed(axisAttr))
      return failure();
    auto normalized =
        b.normalizeAxis(*axisAttr, Composer::typeOf(in).getRank(), "axis");
    if (failed(normalized))
      return failure();
    axis = *normalized;
  } else {
    in = c.reshape(in, {Composer::typeOf(in).getNumElements()});
  }
  int64_t dim = Composer::shapeOf(in)[axis];
  int64_t length = condType.getDimSize(0);
  if (ElementsAttr constant = b.constantInput(1)) {
    auto values = readIntElements(constant);
    if (!values)
      return b.fail("condition must hold booleans");
    SmallVector<int64_t> positions;
    for (auto [i, value] : llvm::enumerate(*values)) {
      if (!value)
        continue;
      if (static_cast<int64_t>(i) >= dim)
        return b.fail(llvm::formatv("condition selects index {0} of a dim "
                                    "of size {1}",
                                    i, dim));
      positions.push_back(i);
    }
    Value indices =
        c.ints({static_cast<int64_t>(positions.size())}, i64Type(b), positions);
    b.setResult(0, c.gather(in, indices, axis));
    return success();
  }
  if (b.hasFailed())
    return failure();
  auto type = b.resultType(0);
  if (failed(type))
    return failure();
  if (type->getRank() != Composer::typeOf(in).getRank())
    return b.fail("the result must have the rank of the (flattened) input");
  int64_t count = type->getDimSize(axis);
  if (count > std::min(dim, length))
    return b.fail(llvm::formatv("the result has {0} elements along the axis, "
                                "more than the condition can select",
                                count));
  Value mask = *condition;
  if (length > dim)
    mask = c.sliceAxis(mask, 0, 0, dim);
  // Counting the whole condition: a true element past the axis is an error.
  Type i64 = i64Type(b);
  Value selected =
      c.reduce<graph::ReduceSumOp>(c.cast(*condition, i64), {}, false);
  checkAtRunTime(b, c,
                 c.predicate<graph::EqualOp>(selected, c.scalar(i64, count)),
                 llvm::formatv("condition must hold {0} true elements (within "
                               "the axis), as the declared result shape has",
                               count)
                     .str());
  if (length > dim)
    checkAtRunTime(
        b, c,
        c.predicate<graph::EqualOp>(
            c.reduce<graph::ReduceSumOp>(c.cast(mask, i64), {}, false),
            c.scalar(i64, count)),
        "condition must not select past the end of the axis");
  b.setResult(0, c.gather(in, truePositions(c, mask, count), axis));
  return success();
}

/// NonZero: the coordinates of the non-zero elements, one row per dim. A
/// constant input folds; a run-time one needs the static result type to
/// give the number of non-zero elements, which is checked at run time.
LogicalResult importNonZero(NodeBinder &b) {
  auto xType = b.inputType(0);
  if (failed(xType))
    return failure();
  int64_t rank = xType->getRank();
  if (rank == 0)
    return b.fail("scalar input is not supported");
  SmallVector<int64_t> strides(rank, 1);
  for (int64_t d = rank - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * xType->getDimSize(d + 1);
  if (ElementsAttr constant = b.constantInput(0)) {
    auto values = readFloatElements(constant);
    if (!values)
      return b.fail("input must hold numbers");
    SmallVector<int64_t> flat;
    for (auto [i, v] : llvm::enumerate(*values))
      if (v != 0.0)
        flat.push_back(i);
    int64_t count = flat.size();
    SmallVector<int64_t> coords(rank * count);
    for (int64_t d = 0; d < rank; ++d)
      for (int64_t j = 0; j < count; ++j)
        coords[d * count + j] = flat[j] / strides[d] % xType->getDimSize(d);
    b.setConstantResult(0, DenseElementsAttr::get(
                               RankedTensorType::get({rank, count}, i64Type(b)),
                               ArrayRef<int64_t>(coords)));
    return success();
  }
  if (b.hasFailed())
    return failure();
  RankedTensorType type = b.inferredType(0);
  if (!type)
    return b.fail("the number of non-zero elements depends on the input "
                  "values; it must be given by a static output shape");
  if (type.getRank() != 2 || type.getDimSize(0) != rank)
    return b.fail(
        llvm::formatv("the result must have shape [{0}, count]", rank));
  int64_t count = type.getDimSize(1);
  int64_t total = xType->getNumElements();
  if (count > total)
    return b.fail("the result has more columns than the input has elements");
  auto x = b.input(0);
  if (failed(x))
    return failure();
  Composer c(b);
  Type i64 = i64Type(b);
  Value flat = c.reshape(*x, {total});
  Value nonZero = flat;
  if (!xType->getElementType().isInteger(1))
    nonZero = c.logicalNot(c.predicate<graph::EqualOp>(
        flat, c.scalar(xType->getElementType(), 0.0)));
  Value found =
      c.reduce<graph::ReduceSumOp>(c.cast(nonZero, i64), {}, false);
  checkAtRunTime(b, c, c.predicate<graph::EqualOp>(found, c.scalar(i64, count)),
                 llvm::formatv("the input must have {0} non-zero elements, as "
                               "the declared result shape has",
                               count)
                     .str());
  Value positions = truePositions(c, nonZero, count);
  SmallVector<Value> rows;
  for (int64_t d = 0; d < rank; ++d) {
    Value coord = c.div(positions, c.scalar(i64, strides[d]));
    coord = graph::ModOp::create(b.builder(), b.loc(), Composer::typeOf(coord),
                                 coord, c.scalar(i64, xType->getDimSize(d)),
                                 b.builder().getBoolAttr(true));
    rows.push_back(c.reshape(coord, {1, count}));
  }
  b.setResult(0, c.concat(rows, 0));
  return success();
}

} // namespace

void registerIndexingHandlers(HandlerTable &t) {
  t.add("ArgMax", 1, importArgReduce<graph::ArgMaxOp>);
  t.add("ArgMin", 1, importArgReduce<graph::ArgMinOp>);
  t.add("Hardmax", 1, importHardmax);
  t.add("TopK", 1, importTopK);
  t.add("CumSum", 11, importCumSum);
  t.add("GatherElements", 11, importGatherElements);
  t.add("GatherND", 11, importGatherND);
  t.add("Scatter", 9, importScatterElements);
  t.add("ScatterElements", 11, importScatterElements);
  t.add("ScatterND", 11, importScatterND);
  t.add("Compress", 9, importCompress);
  t.add("NonZero", 9, importNonZero);
}

} // namespace kiln::importer
