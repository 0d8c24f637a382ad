//===- ConvChannelsKernel.cpp - Conv kernel with channels as vectors ------===//
//
// kernel = "conv2d_nchw_cvec": per batch and group, C[m][n] = A[m][k] x
// B[k][n] with m an output pixel, n an output channel of the group (the
// vector dimension) and k = (ci, kh, kw). It suits layers with few output
// pixels (ResNet's 7x7 stage), where conv2d_nchw wastes vector lanes on the
// pixel tail and streams all the weights once per pixel tile:
//   - B is the weights, packed at compile time into [ceil(F/nr)][K][nr]
//     panels (zero padded) as the GEMM kernel packs its weights, so a grid
//     item (one channel panel) reads its weights once for all pixels;
//   - A is read in place from the input zero padded once per convolution:
//     A[p][k] = padded[plane + pixel(p) + offset(k)] with two compile-time
//     i32 tables (pixel positions and k offsets), so no im2col panel;
//   - each item accumulates into a [pixels][nr] scratch tile on its stack
//     (also the partial sums between K blocks), then writes it to NCHW with
//     the epilogue: per block of vw pixels x vw channels, vw row loads of
//     the scratch transposed in registers (shuffles), then per channel its
//     bias, the residual (a contiguous load), the activation, and a
//     contiguous store;
//   - with K blocked (kc < K), each M tile first prefetches its share of
//     the weights after the current K block, so that the next block's pull
//     from memory overlaps this block's FMAs; with K in one block, the same
//     for the next channel panel when the schedule's `prefetch` is set
//     (weights streamed from beyond L2);
//   - with `prefetch_output`, each M tile also prefetches for writing the
//     output line of its first pixel in every channel of the panel (an
//     item whose output outgrows a quarter of L2 would otherwise wait on
//     each line in its epilogue).
//
//===----------------------------------------------------------------------===//

#include "codegen/Schedule/ConvCommon.h"
#include "codegen/Schedule/KernelEmitter.h"
#include "kiln/Support/TargetDescription.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <array>
#include <cstdint>

using namespace mlir;

namespace kiln::codegen {
namespace {

using detail::ColumnTile;
using detail::GridItem;

/// Cap on the prefetches an M tile issues before its k loop.
constexpr int64_t kMaxPrefetchesPerTile = 64;

/// Pixel tiles of the largest M chunk of an item.
int64_t chunkTiles(const KernelSchedule &schedule, int64_t mTiles) {
  return llvm::divideCeil(mTiles, schedule.mSplit);
}

/// Rows of an item's scratch tile: the pixels of its largest M chunk,
/// rounded up to whole chunks of vw (the epilogue reads vw rows at a time).
int64_t scratchRows(const KernelSchedule &schedule, int64_t mTiles) {
  return llvm::alignTo(chunkTiles(schedule, mTiles) * schedule.mr,
                       schedule.vectorWidth);
}

/// Transposes the vw x vw matrix whose rows are `rows` (vw a power of two)
/// in place: round b swaps bit b of the row index with bit b of the lane
/// index, one two-source shuffle per output row.
void transposeSquare(OpBuilder &b, Location loc, SmallVector<Value> &rows) {
  int64_t vw = static_cast<int64_t>(rows.size());
  for (int64_t bit = vw / 2; bit >= 1; bit /= 2) {
    SmallVector<int64_t> low, high;
    for (int64_t lane = 0; lane < vw; ++lane) {
      bool set = (lane & bit) != 0;
      low.push_back(set ? vw + lane - bit : lane);
      high.push_back(set ? vw + lane : lane + bit);
    }
    for (int64_t i = 0; i < vw; ++i) {
      if ((i & bit) != 0)
        continue;
      Value top = rows[i], bottom = rows[i + bit];
      rows[i] = vector::ShuffleOp::create(b, loc, top, bottom, low);
      rows[i + bit] = vector::ShuffleOp::create(b, loc, top, bottom, high);
    }
  }
}

class ConvChannelsEmitter : public detail::ConvEmitterBase {
public:
  ConvChannelsEmitter(const KernelSchedule &schedule,
                      const detail::ConvGeometry &geo,
                      const Conv2DKernelOperands &operands)
      : ConvEmitterBase(schedule, geo, operands, geo.pixels(),
                        geo.groupFilters),
        padded(this->geo, operands, /*slackRows=*/0, detail::InputReads{}) {}

protected:
  void buildInputs(OpBuilder &b, Location loc) override {
    image = padded.build(b, loc);
    offsets = padded.buildOffsetTable(b, loc);
    pixelTable = createPixelTable(b, loc);
  }

  bool needsScratch() const override { return true; }

  void beginItem(OpBuilder &b, Location loc, const GridItem &item) override {
    indices = detail::getConvItemIndices(b, loc, geo, item.batch);
    planeBase = createPlaneBase(b, loc, indices.image, indices.channelBase,
                                padded.planeSize());
    panelIndex = item.nTile;
    if (geo.group > 1)
      panelIndex = arith::AddIOp::create(
          b, loc,
          arith::MulIOp::create(b, loc, indices.group,
                                constantIndex(b, loc, nTiles)),
          item.nTile);
    // The item's pixels: [mBase, mEnd), the M tiles of its chunk.
    mBase = constantIndex(b, loc, 0);
    mEnd = constantIndex(b, loc, M);
    if (schedule.mSplit > 1) {
      Value split = constantIndex(b, loc, schedule.mSplit);
      Value tiles = constantIndex(b, loc, mTiles);
      Value mr = constantIndex(b, loc, schedule.mr);
      auto tileStart = [&](Value chunk) {
        return arith::MulIOp::create(
            b, loc,
            arith::DivUIOp::create(
                b, loc, arith::MulIOp::create(b, loc, chunk, tiles), split),
            mr);
      };
      mBase = tileStart(item.mChunk);
      mEnd = arith::MinUIOp::create(
          b, loc,
          tileStart(arith::AddIOp::create(b, loc, item.mChunk,
                                          constantIndex(b, loc, 1))),
          mEnd);
    }
    int64_t rows = scratchRows(schedule, mTiles);
    scratch = memref::AllocaOp::create(
        b, loc, MemRefType::get({rows * schedule.nr}, b.getF32Type()),
        b.getI64IntegerAttr(64));
  }

  Value beginTile(OpBuilder &b, Location loc, const GridItem &item, Value mTile,
                  Value m0, Value k0, Value kLen) override {
    // K-blocked panels stream from memory (kc < K is the strategy's
    // choice for large panels reused by few pixel tiles); so do the panels
    // of weights the strategy marks as streamed (`prefetch`).
    if (schedule.kc < K || schedule.prefetch > 0)
      prefetchNextBlock(b, loc, mTile, k0, kLen);
    if (schedule.prefetchOutput)
      prefetchOutputLines(b, loc, item, m0);
    // Where each pixel row of the tile reads its k = 0 element; the table
    // is padded to whole tiles, so the remainder tile reads it in bounds.
    rowBases.clear();
    for (int64_t i = 0; i < schedule.mr; ++i) {
      Value p = arith::AddIOp::create(b, loc, m0, constantIndex(b, loc, i));
      Value offset = arith::IndexCastOp::create(
          b, loc, b.getIndexType(),
          memref::LoadOp::create(b, loc, pixelTable, ValueRange{p}));
      rowBases.push_back(arith::AddIOp::create(b, loc, planeBase, offset));
    }
    cachedK = Value();
    return m0;
  }

  Value loadA(OpBuilder &b, Location loc, const GridItem &, Value, int64_t row,
              Value k) override {
    // One offset-table load per k step, shared by the tile's rows (the
    // rows are loaded in order in the k loop's body).
    if (k != cachedK) {
      cachedK = k;
      cachedOffset = arith::IndexCastOp::create(
          b, loc, b.getIndexType(),
          memref::LoadOp::create(b, loc, offsets, ValueRange{k}));
    }
    Value index = arith::AddIOp::create(b, loc, rowBases[row], cachedOffset);
    return memref::LoadOp::create(b, loc, image, ValueRange{index});
  }

  Value loadB(OpBuilder &b, Location loc, const GridItem &, const ColumnTile &,
              Value, Value k, int64_t vector) override {
    // Panels are zero padded: every vector is a full, in-bounds load.
    Value column = constantIndex(b, loc, vector * schedule.vectorWidth);
    return vector::LoadOp::create(b, loc, vectorType(), packedWeights,
                                  ValueRange{panelIndex, k, column});
  }

  Value resultBuffer() const override { return scratch; }

  SmallVector<Value> resultIndices(OpBuilder &b, Location loc,
                                   const GridItem &item, Value m,
                                   Value n) override {
    Value row = arith::SubIOp::create(b, loc, m, mBase);
    Value column = arith::SubIOp::create(b, loc, n, item.n0);
    return {arith::AddIOp::create(
        b, loc,
        arith::MulIOp::create(b, loc, row, constantIndex(b, loc, schedule.nr)),
        column)};
  }

  /// The epilogue needs the whole pixel range of a channel: endItem.
  Value finish(OpBuilder &, Location, const GridItem &, Value, Value,
               const ColumnTile &, int64_t, Value acc) override {
    return acc;
  }

  void endItem(OpBuilder &b, Location loc, const GridItem &item,
               const ColumnTile &tile) override {
    // Per chunk of vw pixels and block of vw channels: vw row loads of the
    // scratch, an in-register vw x vw transpose (log2(vw) rounds of vw
    // two-source shuffles), then per channel the NCHW epilogue on a vector
    // of its vw pixels.
    int64_t vw = schedule.vectorWidth, nr = schedule.nr;
    VectorType type = vectorType();
    auto maskType = VectorType::get({vw}, b.getI1Type());
    Value zero = arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(type, b.getF32FloatAttr(0.0f)));
    Value pixels = arith::SubIOp::create(b, loc, mEnd, mBase);
    Value chunks = arith::DivUIOp::create(
        b, loc,
        arith::AddIOp::create(b, loc, pixels, constantIndex(b, loc, vw - 1)),
        constantIndex(b, loc, vw));
    Value firstFilter =
        arith::AddIOp::create(b, loc, indices.filterBase, item.n0);
    auto chunkLoop = [&](OpBuilder &nb, Location l, Value chunk, ValueRange) {
      Value first =
          arith::MulIOp::create(nb, l, chunk, constantIndex(nb, l, vw));
      Value left = arith::SubIOp::create(nb, l, pixels, first);
      // Every lane, but those past the item's last pixel in its last chunk.
      Value count =
          arith::MinUIOp::create(nb, l, left, constantIndex(nb, l, vw));
      Value mask =
          vector::CreateMaskOp::create(nb, l, maskType, ValueRange{count});
      Value p = arith::AddIOp::create(nb, l, mBase, first);
      Value rowBase =
          arith::MulIOp::create(nb, l, first, constantIndex(nb, l, nr));
      for (int64_t block = 0; block * vw < tile.columns; ++block) {
        SmallVector<Value> rows;
        for (int64_t i = 0; i < vw; ++i) {
          Value at = arith::AddIOp::create(
              nb, l, rowBase, constantIndex(nb, l, i * nr + block * vw));
          rows.push_back(
              vector::LoadOp::create(nb, l, type, scratch, ValueRange{at}));
        }
        transposeSquare(nb, l, rows);
        for (int64_t j = 0; j < vw && block * vw + j < tile.columns; ++j) {
          Value filter = arith::AddIOp::create(
              nb, l, firstFilter, constantIndex(nb, l, block * vw + j));
          Value y = rows[j];
          if (bias)
            y = arith::AddFOp::create(
                nb, l, y,
                vector::BroadcastOp::create(
                    nb, l, type,
                    memref::LoadOp::create(nb, l, bias, ValueRange{filter})));
          SmallVector<Value> out = {indices.image, filter, p};
          if (residual)
            y = arith::AddFOp::create(
                nb, l, y,
                paddedResidual
                    ? paddedResidual->load(nb, l, residual, indices.image,
                                           filter, p, count)
                    : vector::MaskedLoadOp::create(nb, l, type, residual, out,
                                                   mask, zero)
                          .getResult());
          if (operands.activation)
            y = operands.activation(nb, l, y);
          if (paddedResult)
            paddedResult->store(nb, l, result, indices.image, filter, p, count,
                                y);
          else
            vector::MaskedStoreOp::create(nb, l, result, out, mask, y);
        }
      }
      scf::YieldOp::create(nb, l);
    };
    scf::ForOp::create(b, loc, constantIndex(b, loc, 0), chunks,
                       constantIndex(b, loc, 1), ValueRange{}, chunkLoop);
  }

private:
  /// Prefetches for writing the output line of the tile's first pixel in
  /// every channel of the item's panel, which the item's epilogue stores
  /// after its last tile.
  void prefetchOutputLines(OpBuilder &b, Location loc, const GridItem &item,
                           Value m0) {
    auto c = [&](int64_t v) { return constantIndex(b, loc, v); };
    Value position = m0;
    if (paddedResult) {
      std::array<int64_t, 4> pads = paddedResult->pads();
      Value oh = arith::DivUIOp::create(b, loc, m0, c(geo.outW));
      Value ow = arith::RemUIOp::create(b, loc, m0, c(geo.outW));
      position = arith::AddIOp::create(
          b, loc,
          arith::MulIOp::create(b, loc,
                                arith::AddIOp::create(b, loc, oh, c(pads[0])),
                                c(paddedResult->width())),
          arith::AddIOp::create(b, loc, ow, c(pads[1])));
    }
    Value first = arith::AddIOp::create(b, loc, indices.filterBase, item.n0);
    for (int64_t j = 0; j < schedule.nr; ++j) {
      // Channels past the last of a tail panel: clamped to a valid index.
      Value filter = arith::MinUIOp::create(
          b, loc, arith::AddIOp::create(b, loc, first, c(j)),
          c(geo.filters - 1));
      memref::PrefetchOp::create(b, loc, result,
                                 ValueRange{indices.image, filter, position},
                                 /*isWrite=*/true, /*localityHint=*/3,
                                 /*isDataCache=*/true);
    }
  }

  /// Prefetches this M tile's share of the weights that follow the current
  /// K block in the packed buffer: the next K block of the panel (or, after
  /// the last, the start of the next panel). The first pixel tile of a K
  /// block would otherwise pull the block from memory at the micro-kernel's
  /// pace while the others find it in cache; spread over the block's M
  /// tiles, the pull overlaps their FMAs. Measured on ResNet-50's stage 4
  /// (weights streamed from DRAM, kc = 128, 1 thread): 512 -> 512 3x3
  /// layers 1.32-1.37 -> 1.20 ms.
  void prefetchNextBlock(OpBuilder &b, Location loc, Value mTile, Value k0,
                         Value kLen) {
    int64_t nr = schedule.nr;
    int64_t panelFloats = K * nr;
    int64_t total = cast<MemRefType>(packedWeights.getType()).getNumElements();
    // Cache lines of a block, shared out among the item's M tiles.
    int64_t lines =
        llvm::divideCeil(std::min(schedule.kc, K) * nr, kCacheLineFloats);
    int64_t perTile =
        std::min<int64_t>(llvm::divideCeil(lines, chunkTiles(schedule, mTiles)),
                          kMaxPrefetchesPerTile);
    auto c = [&](int64_t v) { return constantIndex(b, loc, v); };
    Value localTile = arith::SubIOp::create(
        b, loc, mTile, arith::DivUIOp::create(b, loc, mBase, c(schedule.mr)));
    // Flat offset of the next block: (panel * K + k0 + kLen) * nr.
    Value next = arith::MulIOp::create(
        b, loc,
        arith::AddIOp::create(
            b, loc,
            arith::AddIOp::create(
                b, loc, arith::MulIOp::create(b, loc, panelIndex, c(K)), k0),
            kLen),
        c(nr));
    Value start = arith::AddIOp::create(
        b, loc, next,
        arith::MulIOp::create(b, loc, localTile,
                              c(perTile * kCacheLineFloats)));
    // Indexed through the 3-D panels, not a collapsed 1-D view of them: the
    // flat variant (the same addresses, fewer scalar ops between the
    // prefetches) measured 10-14% slower on chained 512-channel 7x7
    // layers, its back-to-back prefetches competing with the k loop's loads.
    for (int64_t i = 0; i < perTile; ++i) {
      // Clamped into the buffer: the indices of a prefetch must be valid.
      Value flat = arith::MinUIOp::create(
          b, loc, arith::AddIOp::create(b, loc, start, c(i * kCacheLineFloats)),
          c(total - 1));
      Value panel = arith::DivUIOp::create(b, loc, flat, c(panelFloats));
      Value rest = arith::RemUIOp::create(b, loc, flat, c(panelFloats));
      memref::PrefetchOp::create(
          b, loc, packedWeights,
          ValueRange{panel, arith::DivUIOp::create(b, loc, rest, c(nr)),
                     arith::RemUIOp::create(b, loc, rest, c(nr))},
          /*isWrite=*/false, /*localityHint=*/3, /*isDataCache=*/true);
    }
  }

  /// [groups * ceil(F/nr)][K][nr] panels: panel (g, t) row k holds the
  /// weights of output channels g * F/g + t * nr ... for k = (ci, kh, kw),
  /// zero padded past the group's channels.
  Value packWeights(OpBuilder &b, Location loc,
                    const detail::ConstantF32View &w) override {
    int64_t nr = schedule.nr;
    return detail::createPackedConstant(
        b, loc, {geo.group * nTiles, K, nr}, [&](float *panels) {
          for (int64_t g = 0; g < geo.group; ++g)
            for (int64_t t = 0; t < nTiles; ++t) {
              float *panel = panels + (g * nTiles + t) * K * nr;
              for (int64_t j = 0; j < nr && t * nr + j < N; ++j) {
                int64_t filter = g * N + t * nr + j;
                for (int64_t k = 0; k < K; ++k)
                  panel[k * nr + j] = w[filter * K + k];
              }
            }
        });
  }

  /// pixel(p) for p = oh * OW + ow, padded with zeros to whole M tiles.
  Value createPixelTable(OpBuilder &b, Location loc) {
    SmallVector<int32_t> table(mTiles * schedule.mr, 0);
    for (int64_t oh = 0; oh < geo.outH; ++oh)
      for (int64_t ow = 0; ow < geo.outW; ++ow)
        table[oh * geo.outW + ow] =
            static_cast<int32_t>(padded.pixelOffset(oh, ow));
    return detail::createI32Table(b, loc, table);
  }

  detail::PaddedConvInput padded;
  /// Buffers: the padded input (flat) and the k offset and pixel tables.
  Value image, offsets, pixelTable;
  /// Per grid item: image, group and channel bases, the weight panel, where
  /// the group's channels start in the padded image, the item's pixels
  /// [mBase, mEnd) and its [pixels][nr] scratch tile.
  detail::ConvItemIndices indices;
  Value planeBase, panelIndex, mBase, mEnd, scratch;
  /// Per M tile: each row's k = 0 position in the padded image; per k step
  /// of the micro-kernel being emitted: the k offset.
  SmallVector<Value> rowBases;
  Value cachedK, cachedOffset;
};

} // namespace

FailureOr<Value>
emitConv2DChannelsKernel(OpBuilder &b, Operation *op,
                         const KernelSchedule &schedule,
                         const Conv2DKernelOperands &operands) {
  FailureOr<detail::ConvGeometry> analyzed = detail::analyzeScheduledConv2D(
      op, schedule, KernelSchedule::Kernel::Conv2DNchwCvec,
      "channel-vector convolution", operands);
  if (failed(analyzed))
    return failure();
  const detail::ConvGeometry &geo = *analyzed;
  detail::PaddedConvInput padded(geo, operands, /*slackRows=*/0,
                                 detail::InputReads{});
  // A pixel's position plus the largest k offset stays inside the group's
  // channels: one plane of reach covers the pixel table.
  if (failed(padded.checkI32Offsets(op, padded.planeSize())))
    return failure();
  int64_t vw = schedule.vectorWidth;
  if (!llvm::isPowerOf2_64(static_cast<uint64_t>(vw)))
    return op->emitOpError("conv2d_nchw_cvec needs a power-of-two "
                           "vector_width (its epilogue transposes vw x vw "
                           "blocks), got ")
           << vw;
  int64_t mTiles = llvm::divideCeil(geo.pixels(), schedule.mr);
  int64_t rows = scratchRows(schedule, mTiles);
  // The scratch tile lives on the stack of a worker thread.
  if (failed(detail::checkStackTile(op, "conv2d_nchw_cvec scratch tile", rows,
                                    schedule.nr)))
    return failure();
  ConvChannelsEmitter emitter(schedule, geo, operands);
  return emitter.build(b, op);
}

} // namespace kiln::codegen
