//===- Heuristics.cpp - Schedule policy for contractions ------------------===//
//
// Register tiles per ISA, K blocking from the cache sizes, and the work grid
// from the core count; plus the `kiln.schedule` attribute's encoding. The
// rules and their reasons are tabulated in docs/scheduling.md ("Strategy").
//
//===----------------------------------------------------------------------===//

#include "codegen/Schedule/Heuristics.h"

#include "kiln/Support/DictionaryReader.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/Operation.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <limits>

using namespace mlir;

namespace kiln::schedule {

namespace {

constexpr int64_t kF32Bytes = 4;

/// a * b, saturated at INT64_MAX (shapes come from the model).
int64_t mulSat(int64_t a, int64_t b) {
  return llvm::checkedMul(a, b).value_or(std::numeric_limits<int64_t>::max());
}

/// ceil(a / b) for a >= 0, b > 0, without overflowing near INT64_MAX.
int64_t ceilDiv(int64_t a, int64_t b) { return a / b + (a % b != 0); }

/// The ISA's register tile before the problem shapes it: rows and B vectors.
struct BaseTile {
  int64_t mr, vectors;
};

BaseTile baseTile(llvm::StringRef isa) {
  // 16 accumulators where 32 registers allow (8 x 2 vectors), 12 with 16
  // registers (6 x 2), 4 with MVE's 8 Q registers (2 x 2); scalar code
  // keeps a 4 x 4 block of floats.
  if (isa == "avx512" || isa == "neon" || isa == "rvv")
    return {8, 2};
  if (isa == "avx2" || isa == "sse")
    return {6, 2};
  if (isa == "mve")
    return {2, 2};
  return {4, 4};
}

/// Whether mr x `vectors` accumulators, one B row (`vectors` registers) and
/// one broadcast A value fit in `registers`.
bool fitsRegisters(int64_t mr, int64_t vectors, int64_t registers) {
  return mr * vectors + vectors + 1 <= registers;
}

} // namespace

//===----------------------------------------------------------------------===//
// Register tile
//===----------------------------------------------------------------------===//

RegisterTile chooseRegisterTile(int64_t m, int64_t n,
                                const TargetDescription &target) {
  int64_t vw = target.isa == "scalar" ? 1 : target.f32Lanes();
  int64_t registers = target.vectorRegisters;
  BaseTile base = baseTile(target.isa);
  // A description with fewer registers than the ISA's usual file (soft
  // float, a hand-written target) gets a smaller tile: rows go first.
  while (!fitsRegisters(base.mr, base.vectors, registers) && base.mr > 1)
    --base.mr;
  while (!fitsRegisters(base.mr, base.vectors, registers) && base.vectors > 1)
    --base.vectors;
  int64_t accumulators = base.mr * base.vectors;
  int64_t vectorsForN = ceilDiv(std::max<int64_t>(n, 1), vw);
  m = std::max<int64_t>(m, 1);

  int64_t mr = base.mr, vectors = base.vectors;
  if (m < base.mr) {
    // Few rows (GEMV when m == 1): wider tiles keep enough independent
    // accumulators to hide the FMA latency.
    mr = m;
    vectors = std::min({vectorsForN, kMaxTileVectors,
                        std::max(base.vectors, accumulators / m)});
    while (!fitsRegisters(mr, vectors, registers) && vectors > 1)
      --vectors;
    while (!fitsRegisters(mr, vectors, registers) && mr > 1)
      --mr;
    // Spread N evenly over the fewest tiles of at most that width: packed
    // weights are padded to a multiple of nr, and a GEMV's weights are
    // most of a small model's flash (N = 10 with 8-wide scalar tiles would
    // pad 10 columns to 16; two tiles of 5 pad nothing).
    int64_t tiles = ceilDiv(vectorsForN, vectors);
    vectors = ceilDiv(vectorsForN, tiles);
  } else if (vectorsForN < base.vectors) {
    // A narrow N: the tile covers it and trades columns for rows.
    vectors = vectorsForN;
    mr = std::min(m, accumulators / vectors);
    while (!fitsRegisters(mr, vectors, registers) && mr > 1)
      --mr;
  }
  return {vw, mr, vectors * vw};
}

//===----------------------------------------------------------------------===//
// K block and grid
//===----------------------------------------------------------------------===//

namespace {

/// The K block of an nr-wide panel within `budget` bytes: K when the whole
/// panel fits, else the largest multiple of 8 rows that fits, at least 8,
/// at most K.
int64_t kBlockWithin(int64_t budget, int64_t nr, int64_t k) {
  int64_t rowBytes = mulSat(std::max<int64_t>(nr, 1), kF32Bytes);
  if (mulSat(rowBytes, k) <= budget)
    return k;
  int64_t kc = budget / rowBytes / 8 * 8;
  return std::min(std::max<int64_t>(kc, 8), k);
}

} // namespace

int64_t chooseKBlock(const ContractionShape &shape, int64_t nr,
                     const TargetDescription &target) {
  int64_t k = std::max<int64_t>(shape.k, 1);
  // The im2col panel is rebuilt for every N tile and should stay in L1D
  // while the micro-kernel streams it; packed weights (gemm) and the input
  // rows of a direct conv are reused across M tiles from L2.
  bool im2col = shape.kind == ContractionShape::Kind::Conv2D && !shape.directB;
  int64_t cache = im2col ? target.l1dBytes : target.l2Bytes;
  if (cache <= 0)
    return k;
  return kBlockWithin(cache / 2, nr, k);
}

int64_t chooseMSplit(const ContractionShape &shape, const RegisterTile &tile,
                     const TargetDescription &target) {
  if (target.cores <= 1)
    return 1;
  int64_t items = mulSat(std::max<int64_t>(shape.batch, 1),
                         ceilDiv(std::max<int64_t>(shape.n, 1), tile.nr));
  int64_t wanted = mulSat(4, target.cores);
  if (items >= wanted)
    return 1;
  int64_t mTiles = ceilDiv(std::max<int64_t>(shape.m, 1), tile.mr);
  return std::max<int64_t>(1, std::min(mTiles, ceilDiv(wanted, items)));
}

//===----------------------------------------------------------------------===//
// Convolution kernel choice
//===----------------------------------------------------------------------===//

namespace {

/// The shape conv2d_nchw_cvec computes: M = pixels, N = channels.
ContractionShape channelsShape(const ContractionShape &conv) {
  ContractionShape shape = conv;
  shape.m = conv.n;
  shape.n = conv.m;
  shape.directB = false;
  return shape;
}

/// Used lanes / computed lanes of `n` columns in vectors of `vw`.
double laneUtilisation(int64_t n, int64_t vw) {
  n = std::max<int64_t>(n, 1);
  return static_cast<double>(n) /
         (static_cast<double>(ceilDiv(n, vw)) * static_cast<double>(vw));
}

/// Vector FMAs that one byte of weights streamed from beyond L2 costs
/// (Zen 5: ~16 B/cycle from L3 against 2 FMAs/cycle, rounded up for
/// DRAM once a model's weights outgrow L3).
constexpr double kStreamCostPerByte = 0.25;
/// Per-output cost of conv2d_nchw_cvec's epilogue (scratch stores, a
/// transpose of vw x vw blocks in registers, the NCHW store) in vector
/// FMAs. Measured on Zen 5 (1 thread, cvec forced): 64 -> 64 1x1 on 56x56
/// pixels (K = 64) runs 13.5% above its FMA time, 256 -> 256 1x1 on 14x14
/// (K = 256) 6.3%: 0.5-1.0 vector FMAs per output, all overheads included.
/// (A gather per vw outputs, the earlier epilogue, cost about 4.)
constexpr double kChannelsEpilogue = 1.0;
/// Per-element cost of conv2d_nchw's im2col panel packing, in vector FMAs
/// per output channel: each packed vector (a table load, a load, a store)
/// serves the M rows of weights. Measured on Zen 5: ~9% of a 64 -> 64 3x3
/// layer on 56x56 pixels (perf annotate), 0.09 x 64 = ~6.
constexpr double kIm2colPack = 6.0;
/// The packing's cost with a horizontal stride: stride 2 reads two vectors
/// and keeps the even lanes with a permute, larger strides gather. Measured
/// on Zen 5 (1 thread): ResNet-18's 64 -> 128 3x3 stride-2 layer on 56x56
/// pixels 0.634 ms under conv2d_nchw against 0.580 under conv2d_nchw_cvec,
/// which the unit cost ranked the other way round.
constexpr double kStridedIm2colPack = 2.0;
/// conv2d_nchw_cvec must win by this fraction: its A operand is scalar
/// loads from the padded input, conv2d_nchw's is packed. Measured on Zen 5
/// (per layer in the model, cvec forced): MobileNetV2's 14x14 576 -> 96
/// and 384 -> 64 1x1 layers (costs within 2-3%) 0.110 -> 0.099 and 0.049
/// -> 0.046 ms at 1 thread, SqueezeNet's 13x13 48 -> 192 3x3 layers (3%)
/// 0.144 -> 0.125 at 1 and 0.078 -> 0.065 at 2; a 64 -> 128 3x3 layer
/// (within 1%) 2.21 -> 2.16 ms on 56x56 and 0.568 -> 0.545 on 28x28 at 1
/// thread, even and 2% slower at 2.
constexpr double kChannelsMargin = 0.01;
/// The margin where a group's weights outgrow half of L2 (streamed from
/// further out). Measured: ResNet-50's 14x14 1024 -> 256 1x1 layers (costs
/// within 4.3%) on conv2d_nchw_cvec, with its next-panel prefetch, even at
/// 1 thread (0.555 against 0.556 ms) but 0.31 -> 0.35 ms at 2 threads, its
/// 1024 -> 512 layer 0.62 -> 0.66.
constexpr double kStreamedChannelsMargin = 0.05;
/// How far ahead of its k loop conv2d_nchw prefetches streamed weights.
constexpr int64_t kWeightPrefetchBytes = 4096;
/// Channel vectors from which conv2d_nchw_cvec's 3-vector tile is used even
/// when it leaves a tail panel (its share of the work is then small).
constexpr int64_t kThreeVectorTailVectors = 18;
/// The emitter's limit on the scratch tile (it lives on a worker's stack).
constexpr int64_t kMaxChannelsScratchBytes = 1 << 20;
/// Whether a group's weights (M x K floats) exceed half of L2 on a target
/// with caches: no earlier grid item leaves them there, so the first pixel
/// tile that reads them pulls them from further out.
bool weightsOutgrowL2(const ContractionShape &shape,
                      const TargetDescription &target) {
  int64_t weightBytes = mulSat(
      mulSat(std::max<int64_t>(shape.m, 1), std::max<int64_t>(shape.k, 1)),
      kF32Bytes);
  return target.l2Bytes > 0 && weightBytes > target.l2Bytes / 2;
}

/// The pixels of conv2d_nchw_cvec's largest M chunk with `pixels` split
/// into `split` chunks: whole M tiles.
int64_t channelsChunkPixels(int64_t pixels, const RegisterTile &tile,
                            int64_t split) {
  int64_t mTiles = ceilDiv(std::max<int64_t>(pixels, 1), tile.mr);
  return mulSat(ceilDiv(mTiles, std::max<int64_t>(split, 1)), tile.mr);
}

/// The bytes of conv2d_nchw_cvec's scratch tile (it lives on a worker's
/// stack) with the pixels split into `split` chunks: as the kernel
/// allocates it, the largest chunk's pixels rounded up to chunks of vw
/// rows (its epilogue transposes vw x vw blocks).
int64_t channelsScratchBytes(int64_t pixels, const RegisterTile &tile,
                             int64_t split) {
  int64_t rows = llvm::alignTo(
      channelsChunkPixels(pixels, tile, split),
      static_cast<uint64_t>(std::max<int64_t>(tile.vectorWidth, 1)));
  return mulSat(mulSat(rows, tile.nr), kF32Bytes);
}

/// The most scratch conv2d_nchw_cvec may take: half of L2 (0 without
/// caches: the kernel is not used) and the emitter's stack limit.
int64_t channelsScratchLimit(const TargetDescription &target) {
  return target.l2Bytes > 0
             ? std::min<int64_t>(target.l2Bytes / 2, kMaxChannelsScratchBytes)
             : 0;
}

/// conv2d_nchw_cvec's M split on `swapped` (M = pixels) with `tile`: the
/// grid's (chooseMSplit), raised until an item's scratch tile fits, as
/// long as there are M tiles to split (a ResNet stem's 112 x 112 pixels
/// take 4 chunks of 400 KB where one would be 1.6 MB).
int64_t channelsMSplit(const ContractionShape &swapped,
                       const RegisterTile &tile,
                       const TargetDescription &target) {
  int64_t split = chooseMSplit(swapped, tile, target);
  int64_t mTiles = ceilDiv(std::max<int64_t>(swapped.m, 1), tile.mr);
  // The most M tiles a chunk may hold: whole vw-row blocks of scratch rows
  // within the limit. None: no split makes it fit (split stays as is).
  int64_t vw = std::max<int64_t>(tile.vectorWidth, 1);
  int64_t rowBytes = mulSat(std::max<int64_t>(tile.nr, 1), kF32Bytes);
  int64_t rows = channelsScratchLimit(target) / rowBytes / vw * vw;
  int64_t tilesPerChunk = rows / std::max<int64_t>(tile.mr, 1);
  if (tilesPerChunk <= 0)
    return split;
  return std::max(split,
                  std::min(mTiles, ceilDiv(mTiles, tilesPerChunk)));
}

} // namespace

ConvKernelCosts estimateConvKernelCosts(const ContractionShape &shape,
                                        const TargetDescription &target) {
  ConvKernelCosts costs;
  int64_t k = std::max<int64_t>(shape.k, 1);
  int64_t pixels = std::max<int64_t>(shape.n, 1);
  int64_t channels = std::max<int64_t>(shape.m, 1);

  RegisterTile pixelTile = chooseRegisterTile(shape.m, shape.n, target);
  int64_t vw = pixelTile.vectorWidth;
  costs.pixels = 1.0 / laneUtilisation(pixels, vw);
  if (!shape.directB)
    costs.pixels += kIm2colPack * (shape.strideW > 1 ? kStridedIm2colPack : 1.0) /
                    static_cast<double>(channels);
  int64_t passes = ceilDiv(pixels, pixelTile.nr);
  // Only im2col layers pay for it: measured on Zen 5, direct 1x1 layers
  // keep up with their weight stream (an im2col item also repacks its
  // panel for every K block of every pixel tile).
  if (!shape.directB && passes > 1 && weightsOutgrowL2(shape, target)) {
    // Every pass after the first re-reads 4 bytes per weight, which does
    // `pixels` useful lanes of work: bytes per useful lane, times the cost
    // of a byte in vector FMAs, times vw lanes per FMA.
    double bytesPerLane = static_cast<double>(passes - 1) * kF32Bytes /
                          static_cast<double>(pixels);
    costs.pixels += bytesPerLane * kStreamCostPerByte * static_cast<double>(vw);
  }

  ContractionShape swapped = channelsShape(shape);
  RegisterTile channelTile =
      chooseChannelsRegisterTile(swapped.m, swapped.n, target);
  // The epilogue's vector FMAs are worth vw lanes each, spread over the k
  // useful lanes of work of one output.
  costs.channels =
      1.0 / laneUtilisation(channels, vw) +
      kChannelsEpilogue * static_cast<double>(vw) / static_cast<double>(k);
  // The scratch tile of an item, with the pixels split as the schedule
  // will split them (vw a power of two: the epilogue's transpose).
  int64_t split = channelsMSplit(swapped, channelTile, target);
  costs.channelsFits =
      vw > 1 && llvm::isPowerOf2_64(static_cast<uint64_t>(vw)) &&
      target.l2Bytes > 0 &&
      channelsScratchBytes(swapped.m, channelTile, split) <=
          channelsScratchLimit(target);
  return costs;
}

llvm::StringRef chooseConvKernel(const ContractionShape &shape,
                                 const TargetDescription &target) {
  ConvKernelCosts costs = estimateConvKernelCosts(shape, target);
  double margin = weightsOutgrowL2(shape, target) ? kStreamedChannelsMargin
                                                  : kChannelsMargin;
  if (costs.channelsFits && costs.channels * (1.0 + margin) < costs.pixels)
    return kConv2DChannelsKernel;
  return kConv2DKernel;
}

RegisterTile chooseChannelsRegisterTile(int64_t pixels, int64_t channels,
                                        const TargetDescription &target) {
  pixels = std::max<int64_t>(pixels, 1);
  RegisterTile tile = chooseRegisterTile(pixels, channels, target);
  int64_t vw = tile.vectorWidth;
  int64_t registers = target.vectorRegisters;
  // Only a full 2-vector tile with registers for a third vector is
  // reshaped (the case measured: AVX-512 on Zen 5); narrow, few-pixel and
  // small-register-file shapes keep chooseRegisterTile's answer.
  if (vw == 1 || tile.nr != 2 * vw || tile.mr < 6 ||
      !fitsRegisters(tile.mr, 3, registers))
    return tile;
  // Three B vectors when the channels fill at least two such tiles: 50%
  // more FMAs per broadcast pixel value (7x48 against 8x32 measured 8-11%
  // faster on ResNet's 7x7 layers; resnet50 1-3%, mobilenet_v2 3-9%,
  // resnet18 within noise); with fewer channels the 1- or 2-vector tail
  // tile would be a large share. Below 18 vectors, channels that two
  // vectors divide and three do not keep two: the 3-vector panels would
  // end in a slow 1- or 2-vector panel, and the panels of unequal work
  // split unevenly over the cores (256 channels: 5 panels of 48 and one of
  // 16 against 8 of 32; ResNet-18's 256-channel 3x3 layers on 14x14 ran
  // 1.12-1.19 -> 1.08-1.15 ms at 1 thread and 0.66-0.69 -> 0.57-0.59 ms at
  // 2 with 8 x 32 tiles; resnet50 42.0 -> 41.4 and 24.9 -> 24.2 ms).
  int64_t vectors = ceilDiv(std::max<int64_t>(channels, 1), vw);
  bool evenInTwos = vectors % 2 == 0 && vectors % 3 != 0;
  if (vectors >= 6 && !(evenInTwos && vectors < kThreeVectorTailVectors))
    tile.nr = 3 * vw;
  // Rows: of mr, mr - 1 and mr - 2, the one that pads the pixels to the
  // fewest whole tiles (7 x 7 = 49 pixels are 7 tiles of 7 rows, but 6
  // tiles of 8 plus a 1-row tile that runs at 1/8 of the rate).
  int64_t best = tile.mr, bestPad = std::numeric_limits<int64_t>::max();
  for (int64_t mr = tile.mr; mr >= tile.mr - 2; --mr) {
    int64_t pad = mulSat(ceilDiv(pixels, mr), mr) - pixels;
    if (pad < bestPad) {
      best = mr;
      bestPad = pad;
    }
  }
  tile.mr = best;
  return tile;
}

bool chooseMMajor(llvm::StringRef kernel, const ContractionShape &shape,
                  int64_t mSplit, const TargetDescription &target) {
  if (target.cores <= 1 || mSplit <= 1)
    return false;
  int64_t k = std::max<int64_t>(shape.k, 1);
  int64_t aElements = mulSat(std::max<int64_t>(shape.m, 1), k);
  int64_t bElements = mulSat(k, std::max<int64_t>(shape.n, 1));
  // A convolution's input is read in place (or padded once), not as the
  // K x pixels matrix it stands for. Measured (2 threads): a 3x3 stride-2
  // layer of 128 channels on 56x56 (input 1.6 MB, weights 0.6 MB) 1.22 ->
  // 0.91 ms M-major, while a 3x3 layer of 128 channels on 28x28 (input
  // 0.4 MB) ran 8% slower so and keeps the N-major order.
  if (shape.inputElements > 0) {
    if (kernel == kConv2DKernel)
      bElements = shape.inputElements;
    else if (kernel == kConv2DChannelsKernel)
      aElements = shape.inputElements;
  }
  return aElements > bElements;
}

namespace {

/// The schedule of `kernel` over `shape` with register tile `tile`: the
/// K block, the M order for `mSplit` chunks and whether the grid of items
/// runs in parallel.
ContractionSchedule scheduleWithTile(llvm::StringRef kernel,
                                     const ContractionShape &shape,
                                     const RegisterTile &tile,
                                     const TargetDescription &target,
                                     int64_t mSplit) {
  ContractionSchedule schedule;
  schedule.kernel = kernel.str();
  schedule.vectorWidth = tile.vectorWidth;
  schedule.mr = tile.mr;
  schedule.nr = tile.nr;
  schedule.kc = chooseKBlock(shape, tile.nr, target);
  schedule.mSplit = mSplit;
  schedule.mMajor = chooseMMajor(kernel, shape, schedule.mSplit, target);
  int64_t items =
      mulSat(mulSat(std::max<int64_t>(shape.batch, 1),
                    ceilDiv(std::max<int64_t>(shape.n, 1), tile.nr)),
             schedule.mSplit);
  schedule.parallel = target.cores > 1 && items >= 2;
  return schedule;
}

} // namespace

ContractionSchedule chooseChannelsConvSchedule(const ContractionShape &shape,
                                               const TargetDescription &target) {
  // A batched GEMM of pixels x channels with packed weights (no b_source),
  // with its own register tile.
  ContractionShape gemmLike = channelsShape(shape);
  gemmLike.kind = ContractionShape::Kind::Gemm;
  RegisterTile tile =
      chooseChannelsRegisterTile(gemmLike.m, gemmLike.n, target);
  // A strided window (a stride-2 3x3 layer) whose 3-vector channel panels
  // split unevenly over the cores takes 2-vector panels when those split
  // evenly. Measured on Zen 5 at 2 threads (alternating runs, two sets):
  // ResNet-18's 256 -> 512 stride-2 layer 0.46 -> 0.345-0.365 ms (11 panels
  // of 48 -> 16 of 32), ResNet-50's 512 -> 512 one 0.85-0.91 -> 0.69-0.72
  // ms; 3% and 1.6% faster at 1 thread too. Not for 1x1 downsamples or
  // stride 1, where 2-vector panels measured 10-20% and up to 3% slower
  // (session 6).
  int64_t vw = tile.vectorWidth;
  if (target.cores > 1 && shape.strideW > 1 && shape.window > 1 && vw > 1 &&
      tile.nr == 3 * vw &&
      ceilDiv(gemmLike.n, 3 * vw) % target.cores != 0 &&
      ceilDiv(gemmLike.n, 2 * vw) % target.cores == 0)
    tile.nr = 2 * vw;
  ContractionSchedule schedule =
      scheduleWithTile(kConv2DChannelsKernel, gemmLike, tile, target,
                       channelsMSplit(gemmLike, tile, target));
  // A weight panel larger than a quarter of L2 is blocked in K by half of
  // L1D: the first pixel tile of each K block pulls the block in (the
  // hardware prefetcher keeps up with the stream of small blocks), the
  // others find it in L1 instead of streaming the whole panel from L2 once
  // per tile. Measured on Zen 5 (alternating runs, per-loop medians): with
  // few pixel tiles (ResNet's 7x7 layers) the pull from memory is short and
  // even; with many, ResNet-50's 14x14 256-channel 3x3 layers (28 tiles,
  // 295 KB panels) 1.11-1.14 -> 1.06-1.08 ms at 1 thread and 0.59-0.65 ->
  // 0.57-0.61 at 2, ResNet-18's 3-4% and 2-3% faster. Smaller panels stay
  // whole: blocking ResNet-18's 28x28 128-channel layers (147 KB panels)
  // gained 2% at 1 thread but lost 1-3.5% at 2.
  int64_t k = std::max<int64_t>(gemmLike.k, 1);
  int64_t panelBytes = mulSat(mulSat(tile.nr, k), kF32Bytes);
  if (target.l1dBytes > 0 && target.l2Bytes > 0 &&
      panelBytes > target.l2Bytes / 4)
    schedule.kc = std::min(
        kBlockWithin(target.l1dBytes / 2, tile.nr, k), schedule.kc);
  // Weights that no earlier item left in L2 (conv2d_nchw's criterion for
  // its prefetch, chooseWeightPrefetch): with K in one block, each M
  // tile prefetches its share of the next channel panel, so that the first
  // tile of every panel does not pull it from memory at the micro-kernel's
  // pace (K blocks always prefetch their next block). Measured on Zen 5,
  // ResNet-50 at 1 thread (weights streamed from DRAM): the stage-3 3x3
  // layers 1.16-1.22 -> 1.07-1.19 ms, the stage-4 2048-channel 1x1 layers
  // 0.67-0.69 -> 0.65 ms.
  if (schedule.kc >= k && weightsOutgrowL2(shape, target))
    schedule.prefetch = 1;
  // An item whose output outgrows a quarter of L2 (a ResNet stem's: 400
  // KB) finds few of its lines in cache when its epilogue stores them, at
  // 2 threads some in the other core's; each M tile prefetches its lines
  // for writing while its FMAs run. Measured on Zen 5 (alternating runs,
  // per-loop medians): ResNet-18's stem on this kernel 0.71 -> 0.62 ms at
  // 2 threads, 1.20 -> 1.18 at 1. Items of 50-100 KB (the 56x56 and 28x28
  // 3x3 layers) gained 1-3% per layer at 2 threads but lost as much at 1
  // (whole ResNet-18 0.6% slower at 1 thread, 1.1% at 2 than with the
  // stem alone); MobileNetV2's 14x14 and 7x7 layers (6-12 KB) 2-6% slower.
  int64_t chunkPixels =
      channelsChunkPixels(gemmLike.m, tile, schedule.mSplit);
  schedule.prefetchOutput =
      target.l2Bytes > 0 &&
      mulSat(mulSat(chunkPixels, tile.nr), kF32Bytes) > target.l2Bytes / 4;
  return schedule;
}

int64_t chooseWeightPrefetch(const ContractionShape &shape,
                             const TargetDescription &target) {
  // The first pixel tile of an item pulls its M chunk's weights from memory
  // at the micro-kernel's pace (the later ones find them in L2): weights
  // that no earlier item left in L2 (more than half of it), on a target
  // with caches, are prefetched 4 KiB ahead. Measured on Zen 5 with a chain
  // of 48 1024 <-> 256 1x1 layers on 14x14 pixels (48 MB of weights
  // streamed from DRAM): 26.8 -> 24.3 ms at 1 thread, 15.0 -> 13.9 at 2;
  // 4.05 -> 4.03 ms with 8 layers (weights in L3).
  return weightsOutgrowL2(shape, target) ? kWeightPrefetchBytes / kF32Bytes
                                         : 0;
}

ContractionSchedule chooseContractionSchedule(const ContractionShape &shape,
                                              const TargetDescription &target) {
  if (shape.kind == ContractionShape::Kind::Conv2D &&
      chooseConvKernel(shape, target) == kConv2DChannelsKernel)
    return chooseChannelsConvSchedule(shape, target);
  RegisterTile tile = chooseRegisterTile(shape.m, shape.n, target);
  bool conv = shape.kind == ContractionShape::Kind::Conv2D;
  ContractionSchedule schedule =
      scheduleWithTile(conv ? kConv2DKernel : kGemmKernel, shape, tile, target,
                       chooseMSplit(shape, tile, target));
  if (conv) {
    schedule.bSource = (shape.directB ? kDirectSource : kIm2colSource).str();
    schedule.prefetch = chooseWeightPrefetch(shape, target);
  }
  return schedule;
}

//===----------------------------------------------------------------------===//
// The kiln.schedule attribute
//===----------------------------------------------------------------------===//

namespace {
constexpr llvm::StringLiteral kKernelKey = "kernel";
constexpr llvm::StringLiteral kVectorWidthKey = "vector_width";
constexpr llvm::StringLiteral kMrKey = "mr";
constexpr llvm::StringLiteral kNrKey = "nr";
constexpr llvm::StringLiteral kKcKey = "kc";
constexpr llvm::StringLiteral kMSplitKey = "m_split";
constexpr llvm::StringLiteral kParallelKey = "parallel";
constexpr llvm::StringLiteral kBSourceKey = "b_source";
constexpr llvm::StringLiteral kMMajorKey = "m_major";
constexpr llvm::StringLiteral kPrefetchKey = "prefetch";
constexpr llvm::StringLiteral kPrefetchOutputKey = "prefetch_output";
constexpr llvm::StringRef kScheduleKeys[] = {
    kKernelKey,   kVectorWidthKey, kMrKey,       kNrKey,
    kKcKey,       kMSplitKey,      kParallelKey, kBSourceKey,
    kMMajorKey,   kPrefetchKey,    kPrefetchOutputKey};
} // namespace

llvm::StringRef scheduleKernel(Operation *op) {
  auto dict = op->getAttrOfType<DictionaryAttr>(kScheduleAttr);
  auto kernel = dict ? dict.getAs<StringAttr>(kKernelKey) : StringAttr();
  return kernel ? kernel.getValue() : llvm::StringRef();
}

DictionaryAttr ContractionSchedule::toAttr(MLIRContext *context) const {
  Builder b(context);
  SmallVector<NamedAttribute> fields = {
      b.getNamedAttr(kKernelKey, b.getStringAttr(kernel)),
      b.getNamedAttr(kVectorWidthKey, b.getI64IntegerAttr(vectorWidth)),
      b.getNamedAttr(kMrKey, b.getI64IntegerAttr(mr)),
      b.getNamedAttr(kNrKey, b.getI64IntegerAttr(nr)),
      b.getNamedAttr(kKcKey, b.getI64IntegerAttr(kc)),
      b.getNamedAttr(kMSplitKey, b.getI64IntegerAttr(mSplit)),
      b.getNamedAttr(kParallelKey, b.getBoolAttr(parallel))};
  if (!bSource.empty())
    fields.push_back(b.getNamedAttr(kBSourceKey, b.getStringAttr(bSource)));
  if (mMajor)
    fields.push_back(b.getNamedAttr(kMMajorKey, b.getBoolAttr(true)));
  if (prefetch > 0)
    fields.push_back(
        b.getNamedAttr(kPrefetchKey, b.getI64IntegerAttr(prefetch)));
  if (prefetchOutput)
    fields.push_back(b.getNamedAttr(kPrefetchOutputKey, b.getBoolAttr(true)));
  return b.getDictionaryAttr(fields);
}

FailureOr<ContractionSchedule> ContractionSchedule::fromAttr(
    DictionaryAttr attr, llvm::function_ref<InFlightDiagnostic()> emitError) {
  DictionaryReader reader(attr, kScheduleAttr, emitError);
  reader.rejectUnknownKeys(kScheduleKeys, "a schedule parameter");

  ContractionSchedule schedule;
  schedule.kernel = reader.getString(kKernelKey);
  bool conv = schedule.kernel == kConv2DKernel;
  if (!reader.failed() && !conv && schedule.kernel != kGemmKernel &&
      schedule.kernel != kConv2DChannelsKernel)
    reader.fail(kKernelKey, "names no known kernel: '" + schedule.kernel +
                                "' (expected gemm, conv2d_nchw or "
                                "conv2d_nchw_cvec)");
  schedule.vectorWidth = reader.getInt(kVectorWidthKey, 1);
  schedule.mr = reader.getInt(kMrKey, 1);
  schedule.nr = reader.getInt(kNrKey, 1);
  schedule.kc = reader.getInt(kKcKey, 1);
  schedule.mSplit = reader.getInt(kMSplitKey, 1);
  if (!reader.failed() && schedule.nr % schedule.vectorWidth != 0)
    reader.fail(kNrKey, "must be a multiple of vector_width (" +
                            llvm::Twine(schedule.vectorWidth) + "), got " +
                            llvm::Twine(schedule.nr));
  schedule.parallel = reader.getBool(kParallelKey);
  schedule.mMajor = reader.getOptionalBool(kMMajorKey).value_or(false);
  schedule.prefetch = reader.getOptionalInt(kPrefetchKey, 0).value_or(0);
  if (!reader.failed() && schedule.kernel == kGemmKernel &&
      schedule.prefetch > 0)
    reader.fail(kPrefetchKey, "only applies to conv2d_nchw and "
                              "conv2d_nchw_cvec");
  schedule.prefetchOutput =
      reader.getOptionalBool(kPrefetchOutputKey).value_or(false);
  if (!reader.failed() && schedule.prefetchOutput &&
      schedule.kernel != kConv2DChannelsKernel)
    reader.fail(kPrefetchOutputKey, "only applies to conv2d_nchw_cvec");
  std::optional<std::string> source = reader.getOptionalString(kBSourceKey);
  if (!reader.failed() && !conv && source)
    reader.fail(kBSourceKey, "only applies to conv2d_nchw");
  if (!reader.failed() && conv &&
      (!source || (*source != kIm2colSource && *source != kDirectSource)))
    reader.fail(kBSourceKey, "must be \"im2col\" or \"direct\"");
  if (reader.failed())
    return failure();
  if (conv)
    schedule.bSource = *source;
  return schedule;
}

bool ContractionSchedule::operator==(const ContractionSchedule &other) const {
  return kernel == other.kernel && vectorWidth == other.vectorWidth &&
         mr == other.mr && nr == other.nr && kc == other.kc &&
         mSplit == other.mSplit && mMajor == other.mMajor &&
         parallel == other.parallel && bSource == other.bSource &&
         prefetch == other.prefetch && prefetchOutput == other.prefetchOutput;
}

} // namespace kiln::schedule
