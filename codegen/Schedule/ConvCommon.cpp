//===- ConvCommon.cpp - Shared pieces of the conv kernels -----------------===//
//
// Geometry checks, the padded input with its offset table and the item
// indices of both convolution kernels (ConvCommon.h). Everything a model
// controls is checked here, before any IR is created.
//
//===----------------------------------------------------------------------===//

#include "codegen/Schedule/ConvCommon.h"

#include "codegen/Schedule/KernelEmitter.h"
#include "kiln/Support/TargetDescription.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/CheckedArithmetic.h"

#include <algorithm>
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

FailureOr<ConvGeometry>
analyzeScheduledConv2D(Operation *op, const KernelSchedule &schedule,
                       KernelSchedule::Kernel kernel, StringRef what,
                       const Conv2DKernelOperands &operands) {
  if (schedule.kernel != kernel)
    return op->emitError("kiln.schedule kernel does not apply to a ") << what;
  return analyzeConv2D(op, operands);
}

/// The 1 MiB a worker's stack gives a kernel's scratch tile or panel.
constexpr int64_t kMaxStackTileBytes = 1 << 20;

LogicalResult checkStackTile(Operation *op, StringRef what, int64_t rows,
                             int64_t nr) {
  if (rows > kMaxStackTileBytes / 4 / nr)
    return op->emitError("kiln.schedule ")
           << what << " of " << rows << "x" << nr << " floats exceeds "
           << kMaxStackTileBytes << " bytes of stack";
  return success();
}

//===----------------------------------------------------------------------===//
// PaddedConvInput
//===----------------------------------------------------------------------===//

int64_t im2colFurthestRead(const ConvGeometry &geo, InputReads reads,
                           int64_t pitch, int64_t origin) {
  int64_t vw = std::max<int64_t>(reads.vectorWidth, 1);
  int64_t nr = std::max<int64_t>(reads.nr, 1);
  int64_t reach = vw * geo.strideW;
  int64_t pixels = geo.outH * geo.outW, furthest = 0;
  // Rows a chunk starts on that reach furthest: the last rows suffice, but
  // every tile's runs are walked (a few thousand at most).
  for (int64_t n0 = 0; n0 < pixels; n0 += nr) {
    int64_t nEnd = std::min(pixels, n0 + nr);
    for (int64_t oh = n0 / geo.outW; oh * geo.outW < nEnd; ++oh) {
      int64_t lo = std::max<int64_t>(n0 - oh * geo.outW, 0);
      int64_t hi = std::min<int64_t>(nEnd - oh * geo.outW, geo.outW);
      int64_t last = lo + (hi - lo - 1) / vw * vw;
      int64_t end = origin +
                    (oh * geo.strideH + (geo.kernelH - 1) * geo.dilationH) *
                        pitch +
                    last * geo.strideW + (geo.kernelW - 1) * geo.dilationW +
                    reach;
      furthest = std::max(furthest, end);
    }
  }
  return furthest;
}

std::optional<BorrowedLayout> borrowPaddedLayout(const ConvGeometry &geo,
                                                ArrayRef<int64_t> pads,
                                                std::array<int64_t, 4> outer,
                                                InputReads reads) {
  for (int64_t i = 0; i < 4; ++i)
    if (outer[i] < pads[i])
      return std::nullopt;
  BorrowedLayout layout;
  layout.width = outer[1] + geo.width + outer[3];
  layout.rows = outer[0] + geo.height + outer[2];
  layout.origin = (outer[0] - pads[0]) * layout.width + (outer[1] - pads[1]);
  // The window's exact elements stay inside; im2col's whole chunks are
  // walked for the furthest read.
  if (reads.nr > 0 && reads.vectorWidth > 1 &&
      im2colFurthestRead(geo, reads, layout.width, layout.origin) >
          layout.rows * layout.width)
    return std::nullopt;
  return layout;
}

PaddedConvInput::PaddedConvInput(const ConvGeometry &geo,
                                 const Conv2DKernelOperands &operands,
                                 int64_t slackRows, InputReads reads)
    : geo(geo), operands(operands) {
  ArrayRef<int64_t> pads = operands.pads;
  paddedW = geo.width + pads[1] + pads[3];
  paddedRows = geo.height + pads[0] + pads[2] + slackRows;
  // A producer's padded layout that holds ours: read it in place.
  std::optional<PaddedTensor> written = findPaddedTensor(operands.input);
  std::optional<BorrowedLayout> layout =
      written ? borrowPaddedLayout(geo, pads, written->pads, reads)
              : std::nullopt;
  if (!layout)
    return;
  borrowed = written->buffer;
  paddedW = layout->width;
  paddedRows = layout->rows;
  originOffset = layout->origin;
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

namespace {

/// Whether the padded copy of `elements` floats is split over the cores:
/// from the vectorizer's threshold on (kiln::codegen::vectorize::
/// parallelThreshold: an L1D of floats per core, at least 4096), which the
/// copy this loop replaced was split by.
bool padInParallel(const TargetDescription &target, int64_t elements) {
  if (target.cores <= 1)
    return false;
  int64_t threshold = 1 << 16;
  if (target.l1dBytes > 0)
    threshold = std::max<int64_t>(
        llvm::checkedMul(target.l1dBytes / 4, target.cores).value_or(INT64_MAX),
        4096);
  return elements >= threshold;
}

/// Emits `count` (static) elements at element offset `base` of vector runs
/// of `vw` lanes: `run(b, loc, offset, lanes)` per whole vector (through an
/// scf.for when there are more than 4) and once for the tail (lanes < vw).
void emitVectorRuns(
    OpBuilder &b, Location loc, Value base, int64_t count, int64_t vw,
    llvm::function_ref<void(OpBuilder &, Location, Value, int64_t)> run) {
  int64_t full = count / vw, tail = count % vw;
  auto at = [&](OpBuilder &ib, Location l, Value offset) {
    return arith::AddIOp::create(ib, l, base, offset).getResult();
  };
  if (full > 4) {
    scf::ForOp::create(
        b, loc, arith::ConstantIndexOp::create(b, loc, 0),
        arith::ConstantIndexOp::create(b, loc, full * vw),
        arith::ConstantIndexOp::create(b, loc, vw), ValueRange{},
        [&](OpBuilder &fb, Location l, Value j, ValueRange) {
          run(fb, l, at(fb, l, j), vw);
          scf::YieldOp::create(fb, l);
        });
  } else {
    for (int64_t j = 0; j < full; ++j)
      run(b, loc, at(b, loc, arith::ConstantIndexOp::create(b, loc, j * vw)),
          vw);
  }
  if (tail)
    run(b, loc,
        at(b, loc, arith::ConstantIndexOp::create(b, loc, full * vw)), tail);
}

/// A constant mask of the first `lanes` of `vw`.
Value laneMask(OpBuilder &b, Location loc, int64_t vw, int64_t lanes) {
  return vector::ConstantMaskOp::create(
      b, loc, VectorType::get({vw}, b.getI1Type()), ArrayRef<int64_t>{lanes});
}

/// Stores the vector `zeros` (vw lanes) over `count` (static) elements of
/// `memref` from `base` on its last index (`leading`: the indices before
/// it): whole vectors, then a masked tail.
void storeZeroRuns(OpBuilder &b, Location loc, Value memref, ValueRange leading,
                   Value base, int64_t count, int64_t vw, Value zeros) {
  emitVectorRuns(b, loc, base, count, vw,
                 [&](OpBuilder &rb, Location rl, Value at, int64_t lanes) {
                   SmallVector<Value> indices(leading);
                   indices.push_back(at);
                   if (lanes == vw)
                     vector::StoreOp::create(rb, rl, zeros, memref, indices);
                   else
                     vector::MaskedStoreOp::create(
                         rb, rl, memref, indices, laneMask(rb, rl, vw, lanes),
                         zeros);
                 });
}

} // namespace

Value PaddedConvInput::build(OpBuilder &b, Location loc) const {
  // An explicit row loop instead of tensor.pad: tensor.pad bufferizes to a
  // serial fill, a copy split over channels and serial scalar stores for
  // the column pads, while the kernels split their grid by output pixels.
  // Here a loop item writes a block of padded rows of every channel, so
  // with several cores each one pads the rows that its own share of the
  // convolution reads, from the rows that its share of the previous layer
  // wrote: little data crosses to the other core's cache
  // (docs/threads.md). Vectors have the target's f32 lanes
  // (1 on a scalar target; 4 without a kiln.target).
  ArrayRef<int64_t> pads = operands.pads;
  int64_t top = pads[0], left = pads[1], right = pads[3];
  int64_t height = geo.height, width = geo.width;
  // The producer wrote a layout that holds ours (PaddedResult): read it in
  // place.
  if (borrowed)
    return memref::CollapseShapeOp::create(
        b, loc, borrowed, ArrayRef<ReassociationIndices>{{0, 1, 2, 3}});
  Value input = memref::CollapseShapeOp::create(
      b, loc, toReadOnlyBuffer(b, loc, operands.input),
      ArrayRef<ReassociationIndices>{{0, 1, 2, 3}});
  // Without padding or slack the padded image is the input itself: no
  // copy (1x1 and unpadded layers, strided ones included). The copy it
  // saves is a whole extra pass over the input, and with several cores one
  // whose rows were mostly written by the other core (measured on
  // resnet50, 2 threads: 0.03-0.26 ms per layer).
  if (paddedRows == height && paddedW == width)
    return input;

  std::optional<TargetDescription> target;
  if (Operation *parent = b.getInsertionBlock()->getParentOp())
    if (auto module = parent->getParentOfType<ModuleOp>())
      target = TargetDescription::fromModule(module);
  int64_t vw = target ? target->f32Lanes() : 4;
  int64_t total = geo.batch * geo.channels * planeSize();
  bool parallel = target && padInParallel(*target, total);

  auto type = MemRefType::get({total}, b.getF32Type());
  Value padded =
      memref::AllocOp::create(b, loc, type, b.getI64IntegerAttr(64));
  auto vecType = VectorType::get({vw}, b.getF32Type());
  Value zeros = arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(vecType, 0.0f));

  auto c = [&](OpBuilder &ib, Location l, int64_t v) -> Value {
    return arith::ConstantIndexOp::create(ib, l, v);
  };
  auto storeZeros = [&](OpBuilder &ib, Location l, Value base, int64_t count) {
    storeZeroRuns(ib, l, padded, ValueRange{}, base, count, vw, zeros);
  };
  // Grid item (image, block of rowsPerItem padded rows) pads those rows of
  // every channel, channel by channel: contiguous runs of rowsPerItem rows.
  // Serial: one item per image. Parallel: 8 blocks per core, so that the
  // pool's pieces and stealing stay balanced.
  int64_t rowsPerItem =
      parallel ? llvm::divideCeil(paddedRows, 8 * target->cores) : paddedRows;
  int64_t blocks = llvm::divideCeil(paddedRows, rowsPerItem);

  auto emitBlock = [&](OpBuilder &ib, Location l, Value item) {
    Value image = c(ib, l, 0), block = item;
    if (geo.batch > 1) {
      image = arith::DivUIOp::create(ib, l, item, c(ib, l, blocks));
      block = arith::RemUIOp::create(ib, l, item, c(ib, l, blocks));
    }
    Value firstRow = arith::MulIOp::create(ib, l, block, c(ib, l, rowsPerItem));
    Value endRow = arith::MinUIOp::create(
        ib, l, arith::AddIOp::create(ib, l, firstRow, c(ib, l, rowsPerItem)),
        c(ib, l, paddedRows));
    Value firstPlane =
        arith::MulIOp::create(ib, l, image, c(ib, l, geo.channels));
    auto forChannels = scf::ForOp::create(ib, l, c(ib, l, 0),
                                          c(ib, l, geo.channels), c(ib, l, 1));
    OpBuilder::InsertionGuard guard(ib);
    ib.setInsertionPointToStart(forChannels.getBody());
    Value plane =
        arith::AddIOp::create(ib, l, firstPlane, forChannels.getInductionVar());
    Value planeStart = arith::MulIOp::create(ib, l, plane, c(ib, l, planeSize()));
    Value inputStart =
        arith::MulIOp::create(ib, l, plane, c(ib, l, height * width));
    auto forRows = scf::ForOp::create(ib, l, firstRow, endRow, c(ib, l, 1));
    ib.setInsertionPointToStart(forRows.getBody());
    Value row = forRows.getInductionVar();
    Value dst = arith::AddIOp::create(
        ib, l, planeStart, arith::MulIOp::create(ib, l, row, c(ib, l, paddedW)));
    Value afterTop = arith::CmpIOp::create(ib, l, arith::CmpIPredicate::uge,
                                           row, c(ib, l, top));
    Value beforeBottom = arith::CmpIOp::create(
        ib, l, arith::CmpIPredicate::ult, row, c(ib, l, top + height));
    Value interior = arith::AndIOp::create(ib, l, afterTop, beforeBottom);
    scf::IfOp::create(
        ib, l, interior,
        [&](OpBuilder &fb, Location fl) {
          // Input row (row - top) of the plane.
          Value inputRow = arith::SubIOp::create(fb, fl, row, c(fb, fl, top));
          Value src = arith::AddIOp::create(
              fb, fl, inputStart,
              arith::MulIOp::create(fb, fl, inputRow, c(fb, fl, width)));
          if (left)
            storeZeros(fb, fl, dst, left);
          Value body = arith::AddIOp::create(fb, fl, dst, c(fb, fl, left));
          Value delta = arith::SubIOp::create(fb, fl, src, body);
          emitVectorRuns(
              fb, fl, body, width, vw,
              [&](OpBuilder &rb, Location rl, Value at, int64_t lanes) {
                Value from = arith::AddIOp::create(rb, rl, at, delta);
                if (lanes == vw) {
                  Value v =
                      vector::LoadOp::create(rb, rl, vecType, input, from);
                  vector::StoreOp::create(rb, rl, v, padded, at);
                  return;
                }
                Value mask = laneMask(rb, rl, vw, lanes);
                Value v = vector::MaskedLoadOp::create(rb, rl, vecType, input,
                                                       from, mask, zeros);
                vector::MaskedStoreOp::create(rb, rl, padded, at, mask, v);
              });
          if (right)
            storeZeros(fb, fl,
                       arith::AddIOp::create(fb, fl, body, c(fb, fl, width)),
                       right);
          scf::YieldOp::create(fb, fl);
        },
        [&](OpBuilder &eb, Location el) {
          storeZeros(eb, el, dst, paddedW);
          scf::YieldOp::create(eb, el);
        });
  };

  Value lb = c(b, loc, 0), ub = c(b, loc, geo.batch * blocks),
        step = c(b, loc, 1);
  if (parallel) {
    auto loop = scf::ParallelOp::create(
        b, loc, ValueRange{lb}, ValueRange{ub}, ValueRange{step},
        [&](OpBuilder &nb, Location l, ValueRange ivs) {
          emitBlock(nb, l, ivs.front());
        });
    loop->setAttr("kiln.parallel", b.getUnitAttr());
  } else {
    scf::ForOp::create(b, loc, lb, ub, step, ValueRange{},
                       [&](OpBuilder &nb, Location l, Value iv, ValueRange) {
                         emitBlock(nb, l, iv);
                         scf::YieldOp::create(nb, l);
                       });
  }
  return padded;
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

std::optional<PaddedTensor> findPaddedTensor(Value tensor) {
  auto toTensor = tensor.getDefiningOp<bufferization::ToTensorOp>();
  auto view = toTensor ? toTensor.getBuffer().getDefiningOp<memref::SubViewOp>()
                       : memref::SubViewOp();
  auto alloc = view ? view.getSource().getDefiningOp<memref::AllocOp>()
                    : memref::AllocOp();
  if (!alloc || !alloc->hasAttr(kPaddedResultAttr) ||
      alloc.getType().getRank() != 4 ||
      !alloc.getType().hasStaticShape())
    return std::nullopt;
  ArrayRef<int64_t> offsets = view.getStaticOffsets(),
                    sizes = view.getStaticSizes(),
                    strides = view.getStaticStrides(),
                    shape = alloc.getType().getShape();
  if (offsets.size() != 4 || sizes.size() != 4 || offsets[0] != 0 ||
      offsets[1] != 0 || sizes[0] != shape[0] || sizes[1] != shape[1] ||
      llvm::any_of(offsets, ShapedType::isDynamic) ||
      llvm::any_of(sizes, ShapedType::isDynamic) ||
      llvm::any_of(strides, [](int64_t s) { return s != 1; }))
    return std::nullopt;
  return PaddedTensor{alloc,
                      {offsets[2], offsets[3], shape[2] - offsets[2] - sizes[2],
                       shape[3] - offsets[3] - sizes[3]}};
}

Value createFlatPixelsBuffer(OpBuilder &b, Location loc, Value tensor) {
  return memref::CollapseShapeOp::create(
      b, loc, toReadOnlyBuffer(b, loc, tensor),
      ArrayRef<ReassociationIndices>{{0}, {1}, {2, 3}});
}

ConvResultBuffer createConvResultBuffer(OpBuilder &b, Location loc,
                                        const ConvGeometry &geo,
                                        const Conv2DKernelOperands &operands,
                                        int64_t vectorWidth) {
  ConvResultBuffer result;
  int64_t rows = geo.outH, width = geo.outW;
  if (operands.outputPads) {
    result.padded.emplace(geo, *operands.outputPads, vectorWidth);
    rows = result.padded->rows();
    width = result.padded->width();
  }
  auto type =
      MemRefType::get({geo.batch, geo.filters, rows, width}, b.getF32Type());
  result.alloc = memref::AllocOp::create(b, loc, type, b.getI64IntegerAttr(64));
  if (result.padded)
    result.alloc.getDefiningOp()->setAttr(kPaddedResultAttr, b.getUnitAttr());
  result.flat = memref::CollapseShapeOp::create(
      b, loc, result.alloc, ArrayRef<ReassociationIndices>{{0}, {1}, {2, 3}});
  return result;
}

Value ConvResultBuffer::toTensor(OpBuilder &b, Location loc) const {
  auto type = cast<MemRefType>(alloc.getType());
  Value buffer = alloc;
  SmallVector<int64_t> shape(type.getShape());
  if (padded) {
    std::array<int64_t, 4> pads = padded->pads();
    shape[2] -= pads[0] + pads[2];
    shape[3] -= pads[1] + pads[3];
    // The interior: what the graph calls the result. Its user (the padded
    // convolution) finds the whole buffer behind this view.
    buffer = memref::SubViewOp::create(
        b, loc, alloc, ArrayRef<int64_t>{0, 0, pads[0], pads[1]}, shape,
        ArrayRef<int64_t>{1, 1, 1, 1});
  }
  return bufferization::ToTensorOp::create(
      b, loc, RankedTensorType::get(shape, type.getElementType()), buffer,
      /*restrict=*/true, /*writable=*/true);
}

//===----------------------------------------------------------------------===//
// Padded result
//===----------------------------------------------------------------------===//

PaddedResult::PaddedResult(const ConvGeometry &geo,
                           std::array<int64_t, 4> pads, int64_t vectorWidth)
    : geo(geo), padding(pads), vw(vectorWidth) {
  paddedRows = pads[0] + geo.outH + pads[2];
  paddedW = pads[1] + geo.outW + pads[3];
}

SmallVector<PaddedResult::RowPart>
PaddedResult::rowParts(OpBuilder &b, Location loc, Value p,
                       Value count) const {
  auto c = [&](int64_t v) -> Value {
    return arith::ConstantIndexOp::create(b, loc, v);
  };
  auto maskType = VectorType::get({vw}, b.getI1Type());
  int64_t ow = geo.outW, gap = padding[1] + padding[3];
  Value row = arith::DivUIOp::create(b, loc, p, c(ow));
  Value column = arith::RemUIOp::create(b, loc, p, c(ow));
  // Where lane 0 goes: (row + top) * Wp + left + column.
  Value base = arith::AddIOp::create(
      b, loc,
      arith::MulIOp::create(b, loc, arith::AddIOp::create(b, loc, row,
                                                          c(padding[0])),
                            c(paddedW)),
      arith::AddIOp::create(b, loc, column, c(padding[1])));
  Value allSet = arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(maskType, b.getBoolAttr(true)));
  // vw lanes touch at most this many output rows.
  int64_t parts = std::min<int64_t>(geo.outH, (vw - 1) / ow + 2);
  SmallVector<RowPart> result;
  for (int64_t j = 0; j < parts; ++j) {
    RowPart part;
    // Lanes [lo, min(end, count)) are pixels of row `row + j`; lane i
    // of them goes to base + i + j * gap.
    part.end = arith::SubIOp::create(b, loc, c((j + 1) * ow), column);
    Value hi = arith::MinUIOp::create(b, loc, part.end, count);
    Value mask = vector::CreateMaskOp::create(b, loc, maskType, ValueRange{hi});
    if (j > 0) {
      Value lo = arith::SubIOp::create(b, loc, c(j * ow), column);
      Value below =
          vector::CreateMaskOp::create(b, loc, maskType, ValueRange{lo});
      mask = arith::AndIOp::create(
          b, loc, mask, arith::XOrIOp::create(b, loc, below, allSet));
    }
    part.mask = mask;
    part.base = arith::AddIOp::create(b, loc, base, c(j * gap));
    part.row = arith::AddIOp::create(b, loc, row, c(j));
    result.push_back(part);
  }
  return result;
}

void PaddedResult::store(OpBuilder &b, Location loc, Value flat, Value image,
                         Value filter, Value p, Value count,
                         Value value) const {
  auto c = [&](OpBuilder &ib, Location l, int64_t v) -> Value {
    return arith::ConstantIndexOp::create(ib, l, v);
  };
  auto vecType = VectorType::get({vw}, b.getF32Type());
  auto maskType = VectorType::get({vw}, b.getI1Type());
  Value zeros = arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(vecType, b.getF32FloatAttr(0.0f)));
  SmallVector<RowPart> parts = rowParts(b, loc, p, count);
  for (const RowPart &part : parts)
    vector::MaskedStoreOp::create(b, loc, flat,
                                  ValueRange{image, filter, part.base},
                                  part.mask, value);
  // The gap after a row whose last pixel is stored (its right padding and
  // the next row's left padding), but the last row's: the bottom covers it.
  int64_t gap = padding[1] + padding[3];
  if (gap > 0) {
    for (const RowPart &part : parts) {
      Value ends = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ule,
                                         part.end, count);
      Value notLast = arith::CmpIOp::create(
          b, loc, arith::CmpIPredicate::ult, part.row, c(b, loc, geo.outH - 1));
      Value lanes = arith::SelectOp::create(
          b, loc, arith::AndIOp::create(b, loc, ends, notLast),
          c(b, loc, gap), c(b, loc, 0));
      Value at = arith::AddIOp::create(b, loc, part.base, part.end);
      vector::MaskedStoreOp::create(
          b, loc, flat, ValueRange{image, filter, at},
          vector::CreateMaskOp::create(b, loc, maskType, ValueRange{lanes}),
          zeros);
    }
  }
  // Zeros over [start, start + length) of the plane, in vectors.
  auto zeroRun = [&](OpBuilder &ib, Location l, int64_t start,
                     int64_t length) {
    storeZeroRuns(ib, l, flat, ValueRange{image, filter}, c(ib, l, start),
                  length, vw, zeros);
  };
  // The top rows and row 0's left padding, with pixel 0.
  int64_t top = padding[0] * paddedW + padding[1];
  if (top > 0) {
    Value first = arith::AndIOp::create(
        b, loc,
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, p,
                              c(b, loc, 0)),
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ugt, count,
                              c(b, loc, 0)));
    scf::IfOp::create(b, loc, first, [&](OpBuilder &tb, Location tl) {
      zeroRun(tb, tl, 0, top);
      scf::YieldOp::create(tb, tl);
    });
  }
  // The last row's right padding and the bottom rows, with the last pixel.
  int64_t bottomStart =
      (padding[0] + geo.outH - 1) * paddedW + padding[1] + geo.outW;
  int64_t bottom = planeSize() - bottomStart;
  if (bottom > 0) {
    Value last = arith::CmpIOp::create(
        b, loc, arith::CmpIPredicate::eq,
        arith::AddIOp::create(b, loc, p, count), c(b, loc, geo.pixels()));
    scf::IfOp::create(b, loc, last, [&](OpBuilder &tb, Location tl) {
      zeroRun(tb, tl, bottomStart, bottom);
      scf::YieldOp::create(tb, tl);
    });
  }
}

Value PaddedResult::load(OpBuilder &b, Location loc, Value flat, Value image,
                         Value filter, Value p, Value count) const {
  auto vecType = VectorType::get({vw}, b.getF32Type());
  Value value = arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(vecType, b.getF32FloatAttr(0.0f)));
  for (const RowPart &part : rowParts(b, loc, p, count))
    value = vector::MaskedLoadOp::create(b, loc, vecType, flat,
                                         ValueRange{image, filter, part.base},
                                         part.mask, value);
  return value;
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

//===----------------------------------------------------------------------===//
// The emitter base
//===----------------------------------------------------------------------===//

ConvEmitterBase::ConvEmitterBase(const KernelSchedule &schedule,
                                 const ConvGeometry &geo,
                                 const Conv2DKernelOperands &operands,
                                 int64_t m, int64_t n)
    : ContractionKernelEmitter(schedule, geo.batch * geo.group, m, n,
                               geo.reduction()),
      geo(geo), operands(operands) {}

FailureOr<Value> ConvEmitterBase::build(OpBuilder &b, Operation *op) {
  FailureOr<ConstantF32View> weights = ConstantF32View::get(
      op, operands.weights, geo.filters * geo.reduction());
  if (failed(weights))
    return failure();
  Location loc = op->getLoc();
  buildInputs(b, loc);
  if (operands.bias)
    bias = toReadOnlyBuffer(b, loc, operands.bias);
  if (operands.residual) {
    if (std::optional<PaddedTensor> written =
            findPaddedTensor(operands.residual)) {
      paddedResidual.emplace(geo, written->pads, schedule.vectorWidth);
      residual = memref::CollapseShapeOp::create(
          b, loc, written->buffer,
          ArrayRef<ReassociationIndices>{{0}, {1}, {2, 3}});
    } else {
      residual = createFlatPixelsBuffer(b, loc, operands.residual);
    }
  }
  packedWeights = packWeights(b, loc, *weights);
  ConvResultBuffer out =
      createConvResultBuffer(b, loc, geo, operands, schedule.vectorWidth);
  result = out.flat;
  paddedResult = out.padded;
  emit(b, loc);
  return out.toTensor(b, loc);
}

Value ConvEmitterBase::createPlaneBase(OpBuilder &b, Location loc, Value image,
                                       Value channelBase,
                                       int64_t planeSize) const {
  Value plane = arith::AddIOp::create(
      b, loc,
      arith::MulIOp::create(b, loc, image,
                            constantIndex(b, loc, geo.channels)),
      channelBase);
  return arith::MulIOp::create(b, loc, plane,
                               constantIndex(b, loc, planeSize));
}

} // namespace kiln::codegen::detail

namespace kiln::codegen {

bool readsPaddedLayoutInPlace(Operation *op, const KernelSchedule &schedule,
                              const Conv2DKernelOperands &operands,
                              std::array<int64_t, 4> pads) {
  bool cvec = schedule.kernel == KernelSchedule::Kernel::Conv2DNchwCvec;
  bool im2col = schedule.kernel == KernelSchedule::Kernel::Conv2DNchw &&
                schedule.bSource == KernelSchedule::BSource::Im2col;
  if (!cvec && !im2col)
    return false;
  FailureOr<detail::ConvGeometry> geo = detail::analyzeConv2D(op, operands);
  if (failed(geo))
    return false;
  // The very decision PaddedConvInput makes when it finds the layout.
  detail::InputReads reads;
  if (im2col)
    reads = {schedule.nr, schedule.vectorWidth};
  return detail::borrowPaddedLayout(*geo, operands.pads, pads, reads)
      .has_value();
}

} // namespace kiln::codegen
