//===- Composer.cpp - Build graph ops for composite ONNX handlers ---------===//

#include "Composer.h"

using namespace mlir;

namespace kiln::importer {

Value Composer::floats(ArrayRef<int64_t> shape, Type elem,
                       ArrayRef<double> values) {
  auto type = RankedTensorType::get(shape, elem);
  auto floatType = mlir::cast<FloatType>(elem);
  SmallVector<APFloat> data;
  data.reserve(values.size());
  for (double v : values) {
    APFloat value(v);
    bool losesInfo;
    value.convert(floatType.getFloatSemantics(),
                  APFloat::rmNearestTiesToEven, &losesInfo);
    data.push_back(value);
  }
  return graph::ConstantOp::create(builder, loc,
                                   DenseElementsAttr::get(type, data));
}

Value Composer::ints(ArrayRef<int64_t> shape, Type elem,
                     ArrayRef<int64_t> values) {
  auto type = RankedTensorType::get(shape, elem);
  unsigned width = elem.getIntOrFloatBitWidth();
  SmallVector<APInt> data;
  data.reserve(values.size());
  for (int64_t v : values)
    data.push_back(APInt(width, static_cast<uint64_t>(v), /*isSigned=*/true,
                         /*implicitTrunc=*/true));
  return graph::ConstantOp::create(builder, loc,
                                   DenseElementsAttr::get(type, data));
}

Value Composer::iota(int64_t size, Type elem, int64_t axis, int64_t rank) {
  SmallVector<int64_t> shape(rank, 1);
  shape[axis] = size;
  if (isa<FloatType>(elem)) {
    SmallVector<double> values;
    for (int64_t i = 0; i < size; ++i)
      values.push_back(static_cast<double>(i));
    return floats(shape, elem, values);
  }
  SmallVector<int64_t> values;
  for (int64_t i = 0; i < size; ++i)
    values.push_back(i);
  return ints(shape, elem, values);
}

Value Composer::slice(Value x, ArrayRef<int64_t> starts,
                      ArrayRef<int64_t> steps, ArrayRef<int64_t> shape) {
  if (shape == shapeOf(x) && llvm::all_of(starts, [](int64_t s) {
        return s == 0;
      }) && llvm::all_of(steps, [](int64_t s) { return s == 1; }))
    return x;
  return graph::SliceOp::create(builder, loc, typeOf(x).clone(shape), x,
                                builder.getDenseI64ArrayAttr(starts),
                                builder.getDenseI64ArrayAttr(steps));
}

Value Composer::sliceAxis(Value x, int64_t axis, int64_t begin, int64_t size,
                          int64_t step) {
  int64_t rank = typeOf(x).getRank();
  SmallVector<int64_t> starts(rank, 0), steps(rank, 1);
  SmallVector<int64_t> shape(shapeOf(x));
  starts[axis] = begin;
  steps[axis] = step;
  shape[axis] = size;
  return slice(x, starts, steps, shape);
}

Value Composer::concat(ValueRange values, int64_t axis) {
  if (values.size() == 1)
    return values.front();
  SmallVector<int64_t> shape(shapeOf(values.front()));
  shape[axis] = 0;
  for (Value v : values)
    shape[axis] += shapeOf(v)[axis];
  return graph::ConcatOp::create(builder, loc,
                                 typeOf(values.front()).clone(shape), values,
                                 builder.getI64IntegerAttr(axis));
}

Value Composer::transpose(Value x, ArrayRef<int64_t> perm) {
  bool identity = true;
  SmallVector<int64_t> shape;
  for (auto [i, p] : llvm::enumerate(perm)) {
    identity &= p == static_cast<int64_t>(i);
    shape.push_back(shapeOf(x)[p]);
  }
  if (identity)
    return x;
  return graph::TransposeOp::create(builder, loc, typeOf(x).clone(shape), x,
                                    builder.getDenseI64ArrayAttr(perm));
}

Value Composer::gather(Value data, Value indices, int64_t axis) {
  ArrayRef<int64_t> dataShape = shapeOf(data);
  SmallVector<int64_t> shape(dataShape.take_front(axis));
  llvm::append_range(shape, shapeOf(indices));
  llvm::append_range(shape, dataShape.drop_front(axis + 1));
  return graph::GatherOp::create(builder, loc, typeOf(data).clone(shape), data,
                                 indices, builder.getI64IntegerAttr(axis));
}

Value Composer::pad(Value x, ArrayRef<int64_t> pads, double value) {
  if (llvm::all_of(pads, [](int64_t p) { return p == 0; }))
    return x;
  SmallVector<int64_t> shape(shapeOf(x));
  size_t rank = shape.size();
  for (size_t d = 0; d < rank; ++d)
    shape[d] += pads[d] + pads[d + rank];
  return graph::PadOp::create(
      builder, loc, typeOf(x).clone(shape), x,
      builder.getDenseI64ArrayAttr(pads),
      graph::PadModeAttr::get(builder.getContext(), graph::PadMode::constant),
      builder.getF64FloatAttr(value));
}

Value Composer::matmul(Value a, Value b) {
  ArrayRef<int64_t> lhs = shapeOf(a), rhs = shapeOf(b);
  SmallVector<int64_t> lhsBatch, rhsBatch, shape;
  if (lhs.size() >= 2)
    lhsBatch.assign(lhs.begin(), lhs.end() - 2);
  if (rhs.size() >= 2)
    rhsBatch.assign(rhs.begin(), rhs.end() - 2);
  shape = *graph::broadcastShapes(lhsBatch, rhsBatch);
  if (lhs.size() >= 2)
    shape.push_back(lhs[lhs.size() - 2]);
  if (rhs.size() >= 2)
    shape.push_back(rhs.back());
  return graph::MatMulOp::create(builder, loc, typeOf(a).clone(shape), a, b,
                                 /*bias=*/Value(), /*activation=*/nullptr,
                                 /*activation_params=*/nullptr);
}

} // namespace kiln::importer
