//===- Heuristics.h - Schedule policy for contractions ----------*- C++ -*-===//
//
// The policy half of scheduling: pure functions from a contraction's shape
// and the TargetDescription to the values of its `kiln.schedule` attribute
// (register tile, K block, work grid). kiln-select-schedules gathers shapes
// and writes what these return; the kernel emitters only read the attribute.
// No MLIR IR is involved, so unit tests call these directly.
//
// The attribute, on graph.matmul / graph.gemm / graph.conv:
//   kiln.schedule = {kernel = "gemm" | "conv2d_nchw" | "conv2d_nchw_cvec",
//                    vector_width = 16,
//                    mr = 8, nr = 32, kc = 768, m_split = 1, parallel = true
//                    [, b_source = "im2col" | "direct" (conv2d_nchw only)]
//                    [, m_major = true]}
// with C[m][n] += A[m][k] * B[k][n]: M is the broadcast dimension (gemm: the
// activation's rows, conv2d_nchw: output channels per group,
// conv2d_nchw_cvec: output pixels), N the vector dimension (gemm: weight
// columns, conv2d_nchw: output pixels, conv2d_nchw_cvec: output channels per
// group), K the reduction. ContractionShape always describes a conv as
// conv2d_nchw sees it; chooseConvKernel decides which kernel runs it.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_CODEGEN_SCHEDULE_HEURISTICS_H
#define KILN_CODEGEN_SCHEDULE_HEURISTICS_H

#include "kiln/Support/TargetDescription.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Support/LLVM.h"

#include <cstdint>
#include <string>

namespace mlir {
class Operation;
} // namespace mlir

namespace kiln::schedule {

/// The discardable attribute carrying an op's schedule.
inline constexpr llvm::StringLiteral kScheduleAttr = "kiln.schedule";

/// The `kernel` named by `op`'s schedule attribute; empty when it has none
/// (or no string `kernel`). The schedule's other keys are not checked.
llvm::StringRef scheduleKernel(mlir::Operation *op);

/// `kernel` values.
inline constexpr llvm::StringLiteral kGemmKernel = "gemm";
inline constexpr llvm::StringLiteral kConv2DKernel = "conv2d_nchw";
/// A 2-D NCHW convolution with the output channels as the vector dimension
/// (M = output pixels, broadcast from the padded input; N = output channels
/// of a group; weights packed like gemm's). Takes no `b_source`.
inline constexpr llvm::StringLiteral kConv2DChannelsKernel =
    "conv2d_nchw_cvec";
/// `b_source` values: B packed per N tile from the input (im2col), or read
/// straight from the input (1x1, stride 1, no padding, dilation 1).
inline constexpr llvm::StringLiteral kIm2colSource = "im2col";
inline constexpr llvm::StringLiteral kDirectSource = "direct";

/// The most vector registers of B a register tile spans (the GEMV case:
/// enough independent accumulators to hide the FMA latency).
inline constexpr int64_t kMaxTileVectors = 8;

/// A contraction C[M][N] += A[M][K] * B[K][N], `batch` times.
struct ContractionShape {
  enum class Kind { Gemm, Conv2D };
  Kind kind = Kind::Gemm;
  /// Independent problems: conv batch * groups; 1 for gemm (its leading
  /// dims are folded into M).
  int64_t batch = 1;
  int64_t m = 1, n = 1, k = 1;
  /// Conv only: B is the input itself (1x1, stride 1, no pad, dilation 1).
  bool directB = false;
  /// Conv only: elements of the input of one problem (channels of a group x
  /// H x W), which the kernels read in place or pad once; 0 when unknown.
  int64_t inputElements = 0;
  /// Conv only: the horizontal stride (conv2d_nchw's im2col packing reads
  /// its runs of pixels with it).
  int64_t strideW = 1;
  /// Conv only: the window's elements per input channel (KH x KW).
  int64_t window = 1;
};

/// The register tile: mr rows (broadcast A values) by nr columns (nr /
/// vectorWidth vectors of B), mr * nr / vectorWidth accumulators.
struct RegisterTile {
  int64_t vectorWidth = 1;
  int64_t mr = 1;
  int64_t nr = 1;
};

/// A schedule for the contraction kernels; the `kiln.schedule` attribute.
struct ContractionSchedule {
  std::string kernel; ///< kGemmKernel or kConv2DKernel.
  int64_t vectorWidth = 1;
  int64_t mr = 1;
  int64_t nr = 1;
  int64_t kc = 1;     ///< K block; == K: no blocking.
  int64_t mSplit = 1; ///< Parts the M tiles of one N tile are split into.
  /// Grid items ordered M chunk first: each core's contiguous share of the
  /// items covers a slice of M for every N tile (else a slice of N for
  /// every M chunk). Only with mSplit > 1.
  bool mMajor = false;
  bool parallel = false;
  std::string bSource; ///< Conv only: kIm2colSource or kDirectSource.
  /// conv2d_nchw: the k loop prefetches its packed weights this many
  /// elements ahead of the ones it reads. conv2d_nchw_cvec with K in one
  /// block: any positive value has each M tile prefetch its share of the
  /// next channel panel (with K blocked, each M tile always prefetches its
  /// share of the next block). 0: no prefetch.
  int64_t prefetch = 0;
  /// conv2d_nchw_cvec: each M tile prefetches, for writing, the output
  /// line of its first pixel in every channel of the item's panel, which
  /// the item's epilogue stores after its last tile.
  bool prefetchOutput = false;

  /// The attribute (`b_source` only when set).
  mlir::DictionaryAttr toAttr(mlir::MLIRContext *context) const;
  /// Reads and checks an attribute: a known kernel, positive sizes, nr a
  /// multiple of vector_width, `b_source` exactly for conv2d_nchw, no other
  /// keys. Errors name the bad key.
  static mlir::FailureOr<ContractionSchedule>
  fromAttr(mlir::DictionaryAttr attr,
           llvm::function_ref<mlir::InFlightDiagnostic()> emitError);

  bool operator==(const ContractionSchedule &other) const;
};

/// The register tile for an M x N problem. Per ISA (f32 lanes vw): avx512
/// 8 x 2vw, avx2 and sse 6 x 2vw, neon and rvv 8 x 2vw, mve 2 x 2vw, scalar
/// 4 x 4 (vw = 1), shrunk until accumulators, one B row and a broadcast fit
/// in the registers. When N needs fewer vectors, nr covers N and mr grows to
/// keep the accumulator count; when M < mr, mr = M and nr grows (up to
/// kMaxTileVectors vectors, as many as N needs).
RegisterTile chooseRegisterTile(int64_t m, int64_t n,
                                const TargetDescription &target);

/// The K block: K, unless the nr x K panel of B exceeds half of L2 (gemm,
/// direct conv) or half of L1D (im2col conv, whose panel is rebuilt per N
/// tile); then the largest multiple of 8 that fits, at least 8, at most K.
/// No cache (size 0): K.
int64_t chooseKBlock(const ContractionShape &shape, int64_t nr,
                     const TargetDescription &target);

/// The M split of the grid: with more than one core and fewer than 4 *
/// cores items (batch x N tiles), the M tiles are split to reach 4 * cores
/// items, but into no more parts than there are M tiles.
int64_t chooseMSplit(const ContractionShape &shape, const RegisterTile &tile,
                     const TargetDescription &target);

/// The cost model behind chooseConvKernel, in units of one fully used
/// vector FMA per useful multiply-add (docs/scheduling.md, "Strategy").
struct ConvKernelCosts {
  /// conv2d_nchw: 1 / pixel lane utilisation, plus (im2col only) the
  /// panel packing, amortised over the M weight rows, and the weight
  /// re-streaming of every pixel tile after the first when a group's
  /// weights exceed half of L2.
  double pixels = 0;
  /// conv2d_nchw_cvec: 1 / channel lane utilisation, plus the per-output
  /// epilogue (scratch transpose and NCHW store) amortised over K.
  double channels = 0;
  /// Whether conv2d_nchw_cvec can run the shape at all: a vector target and
  /// a [pixels][nr] scratch tile within half of L2.
  bool channelsFits = false;
};

/// Evaluates both convolution kernels on a Conv2D `shape` (M = output
/// channels of a group, N = output pixels, as for conv2d_nchw).
ConvKernelCosts estimateConvKernelCosts(const ContractionShape &shape,
                                        const TargetDescription &target);

/// The kernel of a Conv2D `shape`: kConv2DChannelsKernel when it fits and
/// its estimated cost is lower by a margin, else kConv2DKernel.
llvm::StringRef chooseConvKernel(const ContractionShape &shape,
                                 const TargetDescription &target);

/// conv2d_nchw_cvec's register tile over `pixels` (M) x `channels` (N):
/// chooseRegisterTile's, except that its full mr x 2vw tile on a target
/// with registers for mr x 3vw grows to 3 vectors when the channels fill
/// at least 6 vectors, and takes the row count among mr, mr - 1, mr - 2 that
/// pads the pixels least (49 pixels: 7 rows, 196: 7, 784: 8).
RegisterTile chooseChannelsRegisterTile(int64_t pixels, int64_t channels,
                                        const TargetDescription &target);
/// The conv2d_nchw_cvec schedule of a Conv2D `shape` (given as for
/// conv2d_nchw): chooseChannelsRegisterTile over M = pixels by N =
/// channels, kc as for gemm (the weight panel is reused from L2 by every
/// pixel tile) unless at most 8 pixel tiles reuse a panel of more than a
/// quarter of L2: then K blocks of half of L1D; the grid's m_split over the
/// pixel tiles; no b_source.
ContractionSchedule chooseChannelsConvSchedule(const ContractionShape &shape,
                                               const TargetDescription &target);

/// Whether the grid of `kernel` over `shape` (with the M split `mSplit`)
/// is ordered M chunk first: with more than one core and M split, when the
/// operand that M indexes is the larger one in memory (conv2d_nchw: the
/// weights against the input; conv2d_nchw_cvec, with `shape` in its own M
/// = pixels form: the input against the weights; gemm: A against B), so
/// that each core reads its own part of the larger operand and all of the
/// smaller one, instead of all of the larger one.
bool chooseMMajor(llvm::StringRef kernel, const ContractionShape &shape,
                  int64_t mSplit, const TargetDescription &target);

/// conv2d_nchw's weight prefetch distance in elements (the schedule's
/// `prefetch`): 4 KiB on a target with caches when a group's weights
/// exceed half of L2 (no earlier item leaves them there), else 0.
/// conv2d_nchw_cvec's schedule asks the same question (its `prefetch` then
/// only says whether it prefetches each next panel).
int64_t chooseWeightPrefetch(const ContractionShape &shape,
                             const TargetDescription &target);

/// The whole schedule of a contraction on `target`; parallel iff the
/// target has more than one core and the grid at least two items.
ContractionSchedule chooseContractionSchedule(const ContractionShape &shape,
                                              const TargetDescription &target);

} // namespace kiln::schedule

#endif // KILN_CODEGEN_SCHEDULE_HEURISTICS_H
