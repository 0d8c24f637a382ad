//===- ConvCommon.cpp - Shared pieces of the conv kernels -----------------===//
//
// Geometry checks, the padded input with its offset table and the item
// indices of both convolution kernels (ConvCommon.h). Everything a model
// controls is checked here, before any IR is created.
//
//===----------------------------------------------------------------------===//

#include "codegen/Schedule/ConvCommon.h"

#include "codegen/Schedule/KernelEmitter.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "llvm/Support/CheckedArithmetic.h"

#include <cstdint>
#include <optional>

using namespace mlir;

namespace kiln::codegen::detail {

FailureOr<ConvGeometry> analyzeConv2D(Operation *op,
                                      const Conv2DKernelOperands &operands) {
  auto inputType = dyn_cast<RankedTensorType>(operands.input.getType());
  auto weightType = dyn_cast<ShapedType>(operands.weights.getType());
  if (!inputType || inputType.getRank() != 4 || !inputType.hasStaticShape() ||
      !inputType.getElementType().isF32() || !weightType ||
      weightType.getRank() != 4 || !weightType.hasStaticShape())
    return op->emitError("scheduled convolution expects a static 4-D f32 "
                         "input and 4-D constant weights");
  ConvGeometry geo;
  geo.batch = inputType.getDimSize(0);
  geo.channels = inputType.getDimSize(1);
  geo.height = inputType.getDimSize(2);
  geo.width = inputType.getDimSize(3);
  geo.filters = weightType.getDimSize(0);
  geo.group = operands.group;
  geo.kernelH = weightType.getDimSize(2);
  geo.kernelW = weightType.getDimSize(3);
  geo.strideH = operands.strides[0];
  geo.strideW = operands.strides[1];
  geo.dilationH = operands.dilations[0];
  geo.dilationW = operands.dilations[1];
  if (geo.group <= 0 || geo.channels % geo.group != 0 ||
      geo.filters % geo.group != 0 ||
      weightType.getDimSize(1) * geo.group != geo.channels)
    return op->emitError("scheduled convolution has inconsistent groups");
  if (geo.strideH <= 0 || geo.strideW <= 0 || geo.dilationH <= 0 ||
      geo.dilationW <= 0 ||
      llvm::any_of(operands.pads, [](int64_t p) { return p < 0; }))
    return op->emitError("scheduled convolution needs positive strides and "
                         "dilations and non-negative pads");
  geo.groupChannels = geo.channels / geo.group;
  geo.groupFilters = geo.filters / geo.group;
  int64_t spanH = geo.dilationH * (geo.kernelH - 1) + 1;
  int64_t spanW = geo.dilationW * (geo.kernelW - 1) + 1;
  int64_t paddedH = geo.height + operands.pads[0] + operands.pads[2];
  int64_t paddedW = geo.width + operands.pads[1] + operands.pads[3];
  if (paddedH < spanH || paddedW < spanW || geo.batch <= 0 ||
      geo.groupFilters <= 0 || geo.groupChannels <= 0)
    return op->emitError("scheduled convolution has an empty output");
  geo.outH = (paddedH - spanH) / geo.strideH + 1;
  geo.outW = (paddedW - spanW) / geo.strideW + 1;
  if (operands.bias) {
    auto biasType = dyn_cast<RankedTensorType>(operands.bias.getType());
    if (!biasType || biasType.getRank() != 1 ||
        !biasType.getElementType().isF32() ||
        biasType.getDimSize(0) != geo.filters)
      return op->emitError("scheduled convolution expects a 1-D f32 bias of ")
             << geo.filters << " elements";
  }
  if (operands.residual) {
    auto residualType = dyn_cast<RankedTensorType>(operands.residual.getType());
    SmallVector<int64_t> shape = {geo.batch, geo.filters, geo.outH, geo.outW};
    if (!residualType || !residualType.getElementType().isF32() ||
        residualType.getShape() != ArrayRef<int64_t>(shape))
      return op->emitError("scheduled convolution expects an f32 residual "
                           "of the result's shape");
  }
  return geo;
}

//===----------------------------------------------------------------------===//
// PaddedConvInput
//===----------------------------------------------------------------------===//

PaddedConvInput::PaddedConvInput(const ConvGeometry &geo,
                                 const Conv2DKernelOperands &operands,
                                 int64_t slackRows)
    : geo(geo), operands(operands) {
  paddedW = geo.width + operands.pads[1] + operands.pads[3];
  paddedRows = geo.height + operands.pads[0] + operands.pads[2] + slackRows;
}

LogicalResult PaddedConvInput::checkI32Offsets(Operation *op,
                                               int64_t reach) const {
  std::optional<int64_t> groupElements =
      llvm::checkedMul(geo.groupChannels, planeSize());
  std::optional<int64_t> total =
      groupElements ? llvm::checkedAdd(*groupElements, reach) : std::nullopt;
  if (!total || *total > INT32_MAX || reach > INT32_MAX)
    return op->emitError("scheduled convolution input is too large for "
                         "32-bit im2col offsets");
  return success();
}

Value PaddedConvInput::build(OpBuilder &b, Location loc) const {
  auto inputType = cast<RankedTensorType>(operands.input.getType());
  ArrayRef<int64_t> pads = operands.pads;
  int64_t bottom = paddedRows - geo.height - pads[0];
  SmallVector<int64_t> shape = {geo.batch, geo.channels, paddedRows, paddedW};
  SmallVector<OpFoldResult> low = {b.getIndexAttr(0), b.getIndexAttr(0),
                                   b.getIndexAttr(pads[0]),
                                   b.getIndexAttr(pads[1])};
  SmallVector<OpFoldResult> high = {b.getIndexAttr(0), b.getIndexAttr(0),
                                    b.getIndexAttr(bottom),
                                    b.getIndexAttr(pads[3])};
  Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0f));
  Value padded = tensor::PadOp::create(b, loc, inputType.clone(shape),
                                       operands.input, low, high, zero);
  Value buffer = toReadOnlyBuffer(b, loc, padded);
  return memref::CollapseShapeOp::create(
      b, loc, buffer, ArrayRef<ReassociationIndices>{{0, 1, 2, 3}});
}

Value PaddedConvInput::buildOffsetTable(OpBuilder &b, Location loc) const {
  SmallVector<int32_t> table;
  table.reserve(geo.reduction());
  for (int64_t ci = 0; ci < geo.groupChannels; ++ci)
    for (int64_t kh = 0; kh < geo.kernelH; ++kh)
      for (int64_t kw = 0; kw < geo.kernelW; ++kw)
        table.push_back(static_cast<int32_t>(ci * planeSize() +
                                             kh * geo.dilationH * paddedW +
                                             kw * geo.dilationW));
  return createI32Table(b, loc, table);
}

Value createFlatPixelsBuffer(OpBuilder &b, Location loc, Value tensor) {
  return memref::CollapseShapeOp::create(
      b, loc, toReadOnlyBuffer(b, loc, tensor),
      ArrayRef<ReassociationIndices>{{0}, {1}, {2, 3}});
}

ConvResultBuffer createConvResultBuffer(OpBuilder &b, Location loc,
                                        const ConvGeometry &geo) {
  auto type = MemRefType::get({geo.batch, geo.filters, geo.outH, geo.outW},
                              b.getF32Type());
  ConvResultBuffer result;
  result.alloc = memref::AllocOp::create(b, loc, type, b.getI64IntegerAttr(64));
  result.flat = memref::CollapseShapeOp::create(
      b, loc, result.alloc, ArrayRef<ReassociationIndices>{{0}, {1}, {2, 3}});
  return result;
}

Value ConvResultBuffer::toTensor(OpBuilder &b, Location loc) const {
  auto type = cast<MemRefType>(alloc.getType());
  return bufferization::ToTensorOp::create(
      b, loc, RankedTensorType::get(type.getShape(), type.getElementType()),
      alloc, /*restrict=*/true, /*writable=*/true);
}

Value createI32Table(OpBuilder &b, Location loc, ArrayRef<int32_t> values) {
  auto type = RankedTensorType::get({static_cast<int64_t>(values.size())},
                                    b.getI32Type());
  Value constant =
      arith::ConstantOp::create(b, loc, DenseElementsAttr::get(type, values));
  return toReadOnlyBuffer(b, loc, constant);
}

//===----------------------------------------------------------------------===//
// Grid items
//===----------------------------------------------------------------------===//

ConvItemIndices getConvItemIndices(OpBuilder &b, Location loc,
                                   const ConvGeometry &geo, Value batch) {
  ConvItemIndices indices;
  if (geo.group > 1) {
    Value groups = arith::ConstantIndexOp::create(b, loc, geo.group);
    indices.image = arith::DivUIOp::create(b, loc, batch, groups);
    indices.group = arith::RemUIOp::create(b, loc, batch, groups);
  } else {
    indices.image = batch;
    indices.group = arith::ConstantIndexOp::create(b, loc, 0);
  }
  indices.channelBase = arith::MulIOp::create(
      b, loc, indices.group,
      arith::ConstantIndexOp::create(b, loc, geo.groupChannels));
  indices.filterBase = arith::MulIOp::create(
      b, loc, indices.group,
      arith::ConstantIndexOp::create(b, loc, geo.groupFilters));
  return indices;
}

} // namespace kiln::codegen::detail
