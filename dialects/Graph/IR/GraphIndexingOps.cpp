//===- GraphIndexingOps.cpp - Verifiers of the indexing graph ops ---------===//
//
// Verifiers of the ops that select elements by computed positions: the
// arg-reductions, top_k and cumsum along one axis, and the gathers and
// scatters whose positions come from index tensors. They check what the
// lowerings rely on: axes in range, ranks and the static result shapes.
//
//===----------------------------------------------------------------------===//

#include "dialects/Graph/IR/GraphOps.h"

using namespace mlir;
using namespace kiln::graph;

/// Fails unless `axis` is in [0, rank).
static LogicalResult verifyAxis(Operation *op, int64_t axis, int64_t rank) {
  if (axis < 0 || axis >= rank)
    return op->emitOpError("axis ")
           << axis << " must be in [0, " << rank << ")";
  return success();
}

//===----------------------------------------------------------------------===//
// Along one axis
//===----------------------------------------------------------------------===//

static LogicalResult verifyArgReduce(Operation *op, RankedTensorType in,
                                     RankedTensorType out, int64_t axis,
                                     bool keepdims) {
  if (failed(verifyAxis(op, axis, in.getRank())))
    return failure();
  SmallVector<int64_t> expected(in.getShape());
  if (keepdims)
    expected[axis] = 1;
  else
    expected.erase(expected.begin() + axis);
  if (ArrayRef<int64_t>(expected) != out.getShape())
    return op->emitOpError("result shape does not match the reduced input");
  if (in.getDimSize(axis) == 0)
    return op->emitOpError("cannot reduce an empty axis");
  return success();
}

LogicalResult ArgMaxOp::verify() {
  return verifyArgReduce(*this, getInput().getType(), getType(), getAxis(),
                         getKeepdims());
}

LogicalResult ArgMinOp::verify() {
  return verifyArgReduce(*this, getInput().getType(), getType(), getAxis(),
                         getKeepdims());
}

LogicalResult TopKOp::verify() {
  RankedTensorType in = getInput().getType();
  auto values = cast<RankedTensorType>(getValues().getType());
  auto indices = cast<RankedTensorType>(getIndices().getType());
  int64_t axis = getAxis();
  if (failed(verifyAxis(*this, axis, in.getRank())))
    return failure();
  if (values.getElementType() != in.getElementType())
    return emitOpError("values must have the input's element type");
  if (values.getShape() != indices.getShape())
    return emitOpError("values and indices must have the same shape");
  for (int64_t d = 0; d < in.getRank(); ++d) {
    if (d == axis ? values.getDimSize(d) > in.getDimSize(d)
                  : values.getDimSize(d) != in.getDimSize(d))
      return emitOpError("results must have the input's shape with at most ")
             << in.getDimSize(axis) << " elements along the axis";
  }
  return success();
}

LogicalResult CumSumOp::verify() {
  return verifyAxis(*this, getAxis(), getType().getRank());
}

//===----------------------------------------------------------------------===//
// Gathers
//===----------------------------------------------------------------------===//

LogicalResult GatherElementsOp::verify() {
  RankedTensorType data = getData().getType();
  auto indices = cast<RankedTensorType>(getIndices().getType());
  if (indices.getRank() != data.getRank())
    return emitOpError("indices must have the rank of data");
  if (failed(verifyAxis(*this, getAxis(), data.getRank())))
    return failure();
  if (getType().getShape() != indices.getShape() ||
      getType().getElementType() != data.getElementType())
    return emitOpError("result must have the shape of indices and the element "
                       "type of data");
  if (indices.getNumElements() != 0 && data.getDimSize(getAxis()) == 0)
    return emitOpError("gathers from an empty axis");
  return success();
}

LogicalResult GatherNDOp::verify() {
  RankedTensorType data = getData().getType();
  auto indices = cast<RankedTensorType>(getIndices().getType());
  int64_t batch = getBatchDims();
  int64_t q = indices.getRank(), r = data.getRank();
  if (q < 1)
    return emitOpError("indices must have rank >= 1");
  if (batch < 0 || batch >= std::min(q, r))
    return emitOpError("batch_dims must be in [0, min(rank(data), "
                       "rank(indices)))");
  int64_t m = indices.getDimSize(q - 1);
  if (m < 1 || m > r - batch)
    return emitOpError("the last dim of indices must be in [1, ")
           << r - batch << "]";
  if (data.getShape().take_front(batch) != indices.getShape().take_front(batch))
    return emitOpError("data and indices must share the batch dims");
  SmallVector<int64_t> expected(indices.getShape().drop_back());
  llvm::append_range(expected, data.getShape().drop_front(batch + m));
  if (ArrayRef<int64_t>(expected) != getType().getShape() ||
      getType().getElementType() != data.getElementType())
    return emitOpError("result shape does not match data and indices");
  return success();
}

//===----------------------------------------------------------------------===//
// Scatters
//===----------------------------------------------------------------------===//

/// The checks both scatters share: the result is `data` with its updated
/// elements, so it has data's type, and updates hold data's elements.
static LogicalResult verifyScatterTypes(Operation *op, RankedTensorType data,
                                        RankedTensorType updates) {
  if (op->getResult(0).getType() != data)
    return op->emitOpError("result must have the type of data");
  if (updates.getElementType() != data.getElementType())
    return op->emitOpError("updates must have the element type of data");
  return success();
}

LogicalResult ScatterElementsOp::verify() {
  RankedTensorType data = getData().getType();
  auto indices = cast<RankedTensorType>(getIndices().getType());
  RankedTensorType updates = getUpdates().getType();
  if (failed(verifyScatterTypes(getOperation(), data, updates)))
    return failure();
  if (indices.getShape() != updates.getShape())
    return emitOpError("indices and updates must have the same shape");
  if (indices.getRank() != data.getRank())
    return emitOpError("indices must have the rank of data");
  if (failed(verifyAxis(*this, getAxis(), data.getRank())))
    return failure();
  for (int64_t d = 0; d < data.getRank(); ++d)
    if (d != getAxis() && indices.getDimSize(d) > data.getDimSize(d))
      return emitOpError("indices dim ") << d << " is larger than the data dim";
  return success();
}

LogicalResult ScatterNDOp::verify() {
  RankedTensorType data = getData().getType();
  auto indices = cast<RankedTensorType>(getIndices().getType());
  RankedTensorType updates = getUpdates().getType();
  if (failed(verifyScatterTypes(getOperation(), data, updates)))
    return failure();
  int64_t q = indices.getRank(), r = data.getRank();
  if (q < 1)
    return emitOpError("indices must have rank >= 1");
  int64_t m = indices.getDimSize(q - 1);
  if (m < 1 || m > r)
    return emitOpError("the last dim of indices must be in [1, ") << r << "]";
  SmallVector<int64_t> expected(indices.getShape().drop_back());
  llvm::append_range(expected, data.getShape().drop_front(m));
  if (ArrayRef<int64_t>(expected) != updates.getShape())
    return emitOpError("updates must have shape indices.shape[:-1] ++ "
                       "data.shape[m:]");
  return success();
}
