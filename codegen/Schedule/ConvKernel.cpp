//===- ConvKernel.cpp - The scheduled 2-D NCHW convolution kernel ---------===//
//
// kernel = "conv2d_nchw": per batch and group, C[m][n] = A[m][k] x B[k][n]
// with m an output channel of the group, n = oh * OW + ow an output pixel
// (contiguous in NCHW) and k = (ci, kh, kw). A is the weights, packed at
// compile time into mr-row panels (zero padded), K-block-major. B is
// either the input itself (b_source = "direct", 1x1 stride-1 unpadded
// convolutions: B[k][n] = X[ci][n]) or an im2col panel [kc][nr] that each
// grid item packs on its stack for every K block, from a copy of the input
// zero padded once per convolution: in the padded image B[k][n] sits at a
// fixed offset(k) (a compile-time table) from the output pixel's own
// position, so the panel is a few contiguous runs per output row, copied
// with vector loads (a deinterleaving shuffle for stride 2, gathers for
// larger strides) and no tests for borders.
//
//===----------------------------------------------------------------------===//

#include "codegen/Schedule/ConvCommon.h"
#include "codegen/Schedule/KernelEmitter.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "llvm/Support/CheckedArithmetic.h"

#include <cstdint>
#include <optional>

using namespace mlir;

namespace kiln::codegen {
namespace {

using detail::ColumnTile;
using detail::ConvGeometry;
using detail::GridItem;

/// How packPanel reads the input.
detail::InputReads im2colReads(const KernelSchedule &schedule) {
  return {schedule.nr, schedule.vectorWidth};
}

/// Slack rows of the padded input: a chunk reads up to vw * sw elements
/// from its first pixel's position, past the run's last pixel. Without
/// padding, none when every chunk's reads stay inside the input itself:
/// the input is then read in place, with no padded copy. packPanel's chunks
/// are known statically (N tiles of nr pixels, cut into runs per output
/// row, each cut into chunks of vw from its first pixel), so the furthest
/// read is computed exactly: the last channel's, for the last k (ResNet's
/// stride-2 1x1 downsamples on 56x56 and 28x28 pixels stay inside).
int64_t slackRows(const KernelSchedule &schedule, const ConvGeometry &geo,
                  const Conv2DKernelOperands &operands) {
  int64_t vw = schedule.vectorWidth;
  if (vw == 1)
    return 0;
  int64_t reach = vw * geo.strideW;
  if (llvm::all_of(operands.pads, [](int64_t p) { return p == 0; }) &&
      detail::im2colFurthestRead(geo, im2colReads(schedule), geo.width, 0) <=
          geo.height * geo.width)
    return 0;
  int64_t paddedW = geo.width + operands.pads[1] + operands.pads[3];
  return llvm::divideCeil(reach, paddedW);
}

class ConvEmitter : public detail::ConvEmitterBase {
public:
  ConvEmitter(const KernelSchedule &schedule, const ConvGeometry &geo,
              const Conv2DKernelOperands &operands)
      : ConvEmitterBase(schedule, geo, operands, geo.groupFilters,
                        geo.outH * geo.outW),
        direct(schedule.bSource == KernelSchedule::BSource::Direct),
        padded(this->geo, operands, slackRows(schedule, geo, operands),
               im2colReads(schedule)),
        paddedW(padded.width()) {}

protected:
  void buildInputs(OpBuilder &b, Location loc) override {
    if (direct) {
      pixels = detail::createFlatPixelsBuffer(b, loc, operands.input);
    } else {
      image = padded.build(b, loc);
      offsets = padded.buildOffsetTable(b, loc);
    }
  }

  bool needsScratch() const override { return !direct; }

  void beginItem(OpBuilder &b, Location loc, const GridItem &item) override {
    detail::ConvItemIndices indices =
        detail::getConvItemIndices(b, loc, geo, item.batch);
    imageIndex = indices.image;
    groupIndex = indices.group;
    channelBase = indices.channelBase;
    filterBase = indices.filterBase;
    groupWeights = arith::MulIOp::create(
        b, loc, groupIndex, constantIndex(b, loc, mTiles * K * schedule.mr));
    if (direct)
      return;
    planeBase = createPlaneBase(b, loc, imageIndex, channelBase, planeSize());
    if (padded.origin() != 0)
      planeBase = arith::AddIOp::create(b, loc, planeBase,
                                        constantIndex(b, loc, padded.origin()));
    int64_t rows = std::min(schedule.kc, K);
    auto panelType = MemRefType::get({rows * schedule.nr}, b.getF32Type());
    panel =
        memref::AllocaOp::create(b, loc, panelType, b.getI64IntegerAttr(64));
  }

  void beginKBlock(OpBuilder &b, Location loc, const GridItem &item,
                   const ColumnTile &tile, Value k0, Value kLen) override {
    if (!direct)
      packPanel(b, loc, item, tile, k0, kLen);
  }

  Value beginTile(OpBuilder &b, Location loc, const GridItem &, Value mTile,
                  Value, Value k0, Value kLen) override {
    // A(row, k) of this tile is packed at
    // groupBase + k0 * mTiles * mr + mTile * kLen * mr + (k - k0) * mr + row;
    // everything but k * mr + row is fixed for the k loop.
    int64_t mr = schedule.mr;
    Value blockStart = arith::MulIOp::create(
        b, loc, k0, constantIndex(b, loc, mTiles * mr - mr));
    Value tileStart = arith::MulIOp::create(
        b, loc, arith::MulIOp::create(b, loc, mTile, kLen),
        constantIndex(b, loc, mr));
    return arith::AddIOp::create(
        b, loc, groupWeights,
        arith::AddIOp::create(b, loc, blockStart, tileStart));
  }

  Value loadA(OpBuilder &b, Location loc, const GridItem &, Value tileBase,
              int64_t row, Value k) override {
    Value index = arith::AddIOp::create(
        b, loc, tileBase,
        arith::AddIOp::create(
            b, loc,
            arith::MulIOp::create(b, loc, k,
                                  constantIndex(b, loc, schedule.mr)),
            constantIndex(b, loc, row)));
    // Once per k step: the weights `prefetch` elements further along the
    // packed stream (clamped into it), for the item that reads them first.
    if (row == 0 && schedule.prefetch > 0) {
      int64_t total =
          cast<MemRefType>(packedWeights.getType()).getNumElements();
      Value ahead = arith::MinUIOp::create(
          b, loc,
          arith::AddIOp::create(b, loc, index,
                                constantIndex(b, loc, schedule.prefetch)),
          constantIndex(b, loc, total - 1));
      memref::PrefetchOp::create(b, loc, packedWeights, ValueRange{ahead},
                                 /*isWrite=*/false, /*localityHint=*/3,
                                 /*isDataCache=*/true);
    }
    return memref::LoadOp::create(b, loc, packedWeights, ValueRange{index});
  }

  Value loadB(OpBuilder &b, Location loc, const GridItem &item,
              const ColumnTile &tile, Value k0, Value k,
              int64_t vector) override {
    Value offset = constantIndex(b, loc, vector * schedule.vectorWidth);
    if (direct) {
      // Straight from the input; only the tail tile's last vector is masked
      // (its other lanes lie past the image).
      Value channel = arith::AddIOp::create(b, loc, channelBase, k);
      Value n = arith::AddIOp::create(b, loc, item.n0, offset);
      return loadVector(b, loc, pixels, ValueRange{imageIndex, channel, n},
                        lanesOf(tile, vector));
    }
    Value row = arith::SubIOp::create(b, loc, k, k0);
    Value start =
        arith::MulIOp::create(b, loc, row, constantIndex(b, loc, schedule.nr));
    Value index = arith::AddIOp::create(b, loc, start, offset);
    return vector::LoadOp::create(b, loc, vectorType(), panel,
                                  ValueRange{index});
  }

  Value resultBuffer() const override { return result; }

  Value loadResultVector(OpBuilder &b, Location loc, const GridItem &item,
                         Value m, Value n, int64_t lanes) override {
    if (!paddedResult)
      return ConvEmitterBase::loadResultVector(b, loc, item, m, n, lanes);
    return paddedResult->load(b, loc, result, imageIndex,
                              arith::AddIOp::create(b, loc, filterBase, m), n,
                              constantIndex(b, loc, lanes));
  }

  void storeResultVector(OpBuilder &b, Location loc, const GridItem &item,
                         Value m, Value n, Value value,
                         int64_t lanes) override {
    if (!paddedResult) {
      ConvEmitterBase::storeResultVector(b, loc, item, m, n, value, lanes);
      return;
    }
    paddedResult->store(b, loc, result, imageIndex,
                        arith::AddIOp::create(b, loc, filterBase, m), n,
                        constantIndex(b, loc, lanes), value);
  }

  SmallVector<Value> resultIndices(OpBuilder &b, Location loc, const GridItem &,
                                   Value m, Value n) override {
    return {imageIndex, arith::AddIOp::create(b, loc, filterBase, m), n};
  }

  Value finish(OpBuilder &b, Location loc, const GridItem &, Value m, Value n,
               const ColumnTile &tile, int64_t vector, Value acc) override {
    Value y = acc;
    Value filter = arith::AddIOp::create(b, loc, filterBase, m);
    if (bias) {
      Value value = memref::LoadOp::create(b, loc, bias, ValueRange{filter});
      y = arith::AddFOp::create(
          b, loc, y, vector::BroadcastOp::create(b, loc, vectorType(), value));
    }
    // The residual's pixels of this vector, laid out like the result's (a
    // masked load for the tail tile's last vector).
    if (residual)
      y = arith::AddFOp::create(
          b, loc, y,
          paddedResidual
              ? paddedResidual->load(
                    b, loc, residual, imageIndex, filter, n,
                    constantIndex(b, loc, lanesOf(tile, vector)))
              : loadVector(b, loc, residual, ValueRange{imageIndex, filter, n},
                           lanesOf(tile, vector)));
    if (operands.activation)
      y = operands.activation(b, loc, y);
    return y;
  }

private:
  /// The weights as mr-row panels in the order the grid reads them: per
  /// group, per K block of kc, per M tile, [kLen][mr] (zero padded rows past
  /// M), so an item's tiles of one K block are one contiguous stream.
  /// Row f of W is already the K-vector (ci, kh, kw) of output channel f.
  Value packWeights(OpBuilder &b, Location loc,
                    const detail::ConstantF32View &w) override {
    int64_t mr = schedule.mr, kc = schedule.kc;
    return detail::createPackedConstant(
        b, loc, {geo.group * mTiles * K * mr}, [&](float *panels) {
          float *out = panels;
          for (int64_t g = 0; g < geo.group; ++g)
            for (int64_t k0 = 0; k0 < K; k0 += kc) {
              int64_t kLen = std::min(kc, K - k0);
              for (int64_t t = 0; t < mTiles; ++t, out += kLen * mr)
                for (int64_t i = 0; i < mr && t * mr + i < M; ++i) {
                  int64_t filter = g * M + t * mr + i;
                  for (int64_t k = 0; k < kLen; ++k)
                    out[k * mr + i] = w[filter * K + k0 + k];
                }
            }
        });
  }

  /// Elements of one channel of the padded input.
  int64_t planeSize() const { return padded.planeSize(); }

  /// Reads vw output pixels of a chunk whose first input element is
  /// image[at], one every strideW elements: a plain load when contiguous,
  /// the even lanes of a double-width load for stride 2 (one permute, much
  /// cheaper than a gather), a gather otherwise.
  Value readPixels(OpBuilder &b, Location loc, Value at) {
    VectorType type = vectorType();
    int64_t vw = schedule.vectorWidth;
    if (geo.strideW == 1 || vw == 1)
      return vector::LoadOp::create(b, loc, type, image, ValueRange{at});
    if (geo.strideW == 2) {
      auto wide = VectorType::get({2 * vw}, b.getF32Type());
      Value both = vector::LoadOp::create(b, loc, wide, image, ValueRange{at});
      SmallVector<int64_t> even;
      for (int64_t i = 0; i < vw; ++i)
        even.push_back(2 * i);
      return vector::ShuffleOp::create(b, loc, both, both,
                                       b.getDenseI64ArrayAttr(even));
    }
    SmallVector<int32_t> lanes;
    for (int64_t i = 0; i < schedule.vectorWidth; ++i)
      lanes.push_back(static_cast<int32_t>(i * geo.strideW));
    auto laneType = VectorType::get({schedule.vectorWidth}, b.getI32Type());
    Value laneOffsets = arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(laneType, ArrayRef<int32_t>(lanes)));
    Value all = vector::ConstantMaskOp::create(
        b, loc, VectorType::get({schedule.vectorWidth}, b.getI1Type()),
        ArrayRef<int64_t>{schedule.vectorWidth});
    Value zero = arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(type, b.getF32FloatAttr(0.0f)));
    return vector::GatherOp::create(b, loc, type, image, ValueRange{at},
                                    laneOffsets, all, zero);
  }

  /// Copies one chunk (vw output pixels, the first `mask` lanes when
  /// given) of every panel row [0, kLen): row r gets the chunk at `source`
  /// of the padded input moved by the offset of k = k0 + r.
  void copyChunk(OpBuilder &b, Location loc, Value k0, Value kLen, Value source,
                 Value dest, Value mask) {
    Value nr = constantIndex(b, loc, schedule.nr);
    scf::ForOp::create(
        b, loc, constantIndex(b, loc, 0), kLen, constantIndex(b, loc, 1),
        ValueRange{}, [&](OpBuilder &nb, Location l, Value row, ValueRange) {
          Value k = arith::AddIOp::create(nb, l, k0, row);
          Value offset = arith::IndexCastOp::create(
              nb, l, nb.getIndexType(),
              memref::LoadOp::create(nb, l, offsets, ValueRange{k}));
          Value pixels =
              readPixels(nb, l, arith::AddIOp::create(nb, l, source, offset));
          Value at = arith::AddIOp::create(
              nb, l, arith::MulIOp::create(nb, l, row, nr), dest);
          if (mask)
            vector::MaskedStoreOp::create(nb, l, panel, ValueRange{at}, mask,
                                          pixels);
          else
            vector::StoreOp::create(nb, l, pixels, panel, ValueRange{at});
          scf::YieldOp::create(nb, l);
        });
  }

  /// Fills panel rows [0, kLen) with B[k0 + row][n0 .. n0 + columns). The
  /// tile's pixels lie on output rows [ohFirst, ohEnd); each row's run is
  /// cut into chunks of vw pixels, and every chunk is copied for all k rows
  /// at once: B[k][n] = padded[plane + offset(k) + oh * sh * Wp + ow * sw],
  /// so nothing in these loops tests for padding or divides.
  void packPanel(OpBuilder &b, Location loc, const GridItem &item,
                 const ColumnTile &tile, Value k0, Value kLen) {
    auto c = [&](OpBuilder &nb, Location l, int64_t v) {
      return constantIndex(nb, l, v);
    };
    int64_t vw = schedule.vectorWidth;
    Value n0 = item.n0;
    Value outW = c(b, loc, geo.outW);
    Value nEnd = arith::AddIOp::create(b, loc, n0, c(b, loc, tile.columns));
    Value ohFirst = arith::DivUIOp::create(b, loc, n0, outW);
    Value ohEnd = arith::AddIOp::create(
        b, loc,
        arith::DivUIOp::create(
            b, loc, arith::SubIOp::create(b, loc, nEnd, c(b, loc, 1)), outW),
        c(b, loc, 1));
    scf::ForOp::create(
        b, loc, ohFirst, ohEnd, c(b, loc, 1), ValueRange{},
        [&](OpBuilder &ob, Location l, Value oh, ValueRange) {
          // This tile's run of output row oh: columns [segLo, segHi).
          Value rowN = arith::MulIOp::create(ob, l, oh, outW);
          Value segLo = arith::MaxSIOp::create(
              ob, l, arith::SubIOp::create(ob, l, n0, rowN), c(ob, l, 0));
          Value segHi = arith::MinSIOp::create(
              ob, l, arith::SubIOp::create(ob, l, nEnd, rowN), outW);
          Value len = arith::SubIOp::create(ob, l, segHi, segLo);
          Value dest = arith::SubIOp::create(
              ob, l, arith::AddIOp::create(ob, l, rowN, segLo), n0);
          Value inputRow =
              arith::MulIOp::create(ob, l, oh, c(ob, l, geo.strideH * paddedW));
          Value source = arith::AddIOp::create(
              ob, l, arith::AddIOp::create(ob, l, planeBase, inputRow),
              arith::MulIOp::create(ob, l, segLo, c(ob, l, geo.strideW)));
          Value chunks = arith::DivUIOp::create(
              ob, l, arith::AddIOp::create(ob, l, len, c(ob, l, vw - 1)),
              c(ob, l, vw));
          scf::ForOp::create(
              ob, l, c(ob, l, 0), chunks, c(ob, l, 1), ValueRange{},
              [&](OpBuilder &cb, Location cl, Value chunk, ValueRange) {
                Value first =
                    arith::MulIOp::create(cb, cl, chunk, c(cb, cl, vw));
                Value from = arith::AddIOp::create(
                    cb, cl, source,
                    arith::MulIOp::create(cb, cl, first,
                                          c(cb, cl, geo.strideW)));
                Value to = arith::AddIOp::create(cb, cl, dest, first);
                if (vw == 1) {
                  copyChunk(cb, cl, k0, kLen, from, to, Value());
                  scf::YieldOp::create(cb, cl);
                  return;
                }
                // Whole chunks are plain stores; a run's last chunk stores
                // only its pixels (the next run's may already be there).
                Value lanes = arith::SubIOp::create(cb, cl, len, first);
                Value whole = arith::CmpIOp::create(
                    cb, cl, arith::CmpIPredicate::sge, lanes, c(cb, cl, vw));
                scf::IfOp::create(
                    cb, cl, whole,
                    [&](OpBuilder &tb, Location tl) {
                      copyChunk(tb, tl, k0, kLen, from, to, Value());
                      scf::YieldOp::create(tb, tl);
                    },
                    [&](OpBuilder &eb, Location el) {
                      Value mask = vector::CreateMaskOp::create(
                          eb, el, VectorType::get({vw}, eb.getI1Type()),
                          ValueRange{lanes});
                      copyChunk(eb, el, k0, kLen, from, to, mask);
                      scf::YieldOp::create(eb, el);
                    });
                scf::YieldOp::create(cb, cl);
              });
          scf::YieldOp::create(ob, l);
        });
  }

  bool direct;
  /// The zero-padded input (im2col) and its row length.
  detail::PaddedConvInput padded;
  int64_t paddedW;
  /// Buffers: the padded input, flat (im2col), or the input as [N][C][H*W]
  /// (direct), and the k offset table (im2col).
  Value image, pixels, offsets;
  /// Per grid item: image and group index, first input channel and first
  /// output channel of the group, where the group's weights start, where the
  /// group's channels start in the padded input, and the im2col panel.
  Value imageIndex, groupIndex, channelBase, filterBase, groupWeights,
      planeBase, panel;
};

} // namespace

FailureOr<Value> emitConv2DKernel(OpBuilder &b, Operation *op,
                                  const KernelSchedule &schedule,
                                  const Conv2DKernelOperands &operands) {
  FailureOr<ConvGeometry> analyzed = detail::analyzeScheduledConv2D(
      op, schedule, KernelSchedule::Kernel::Conv2DNchw, "convolution",
      operands);
  if (failed(analyzed))
    return failure();
  const ConvGeometry &geo = *analyzed;
  if (schedule.bSource == KernelSchedule::BSource::Direct &&
      (geo.kernelH != 1 || geo.kernelW != 1 || geo.strideH != 1 ||
       geo.strideW != 1 || geo.dilationH != 1 || geo.dilationW != 1 ||
       llvm::any_of(operands.pads, [](int64_t p) { return p != 0; })))
    return op->emitError("kiln.schedule b_source = \"direct\" needs a 1x1 "
                         "kernel with unit strides and dilations and no "
                         "padding");
  if (schedule.bSource == KernelSchedule::BSource::Im2col) {
    // Gathers and the k offset table hold i32 offsets: at most one group's
    // channels of the padded image (plus the gather's reach).
    std::optional<int64_t> reach =
        llvm::checkedMul(schedule.vectorWidth, geo.strideW);
    detail::PaddedConvInput padded(geo, operands,
                                   slackRows(schedule, geo, operands),
                                   im2colReads(schedule));
    if (failed(padded.checkI32Offsets(op, reach.value_or(INT64_MAX))))
      return failure();
    // The im2col panel lives on the stack of a worker thread.
    if (failed(detail::checkStackTile(op, "im2col panel",
                                      std::min(schedule.kc, geo.reduction()),
                                      schedule.nr)))
      return failure();
  }
  ConvEmitter emitter(schedule, geo, operands);
  return emitter.build(b, op);
}

} // namespace kiln::codegen
