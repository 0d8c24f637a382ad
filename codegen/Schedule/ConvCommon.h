//===- ConvCommon.h - Shared pieces of the conv kernels (internal) -*- C++ -*-//
//
// What the two 2-D NCHW convolution kernels (ConvKernel.cpp: pixels as the
// vector dimension; ConvChannelsKernel.cpp: output channels as the vector
// dimension) share: the checked static geometry, the zero-padded copy of
// the input with its compile-time k offset table, the per-grid-item
// image/group indices, and the emitter base class that builds the buffers
// every convolution kernel reads and writes.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_CODEGEN_SCHEDULE_CONVCOMMON_H
#define KILN_CODEGEN_SCHEDULE_CONVCOMMON_H

#include "codegen/Schedule/ContractionKernel.h"
#include "codegen/Schedule/KernelEmitter.h"

#include "mlir/IR/Builders.h"

#include <array>
#include <cstdint>
#include <optional>

namespace kiln::codegen::detail {

/// The static geometry of a grouped 2-D convolution.
struct ConvGeometry {
  int64_t batch, channels, height, width;
  int64_t filters, group, groupChannels, groupFilters;
  int64_t kernelH, kernelW, outH, outW;
  int64_t strideH, strideW, dilationH, dilationW;

  /// K: the reduction length of one output value, (ci, kh, kw).
  int64_t reduction() const { return groupChannels * kernelH * kernelW; }
  /// Output pixels of one image and channel.
  int64_t pixels() const { return outH * outW; }
};

/// Checks the operands both convolution kernels take (a static 4-D f32
/// input, 4-D constant weights, consistent groups, positive strides and
/// dilations, non-negative pads, a non-empty output, a 1-D f32 bias of F
/// elements and an f32 residual of the result's shape when present) and
/// returns the geometry; errors are reported on `op`.
mlir::FailureOr<ConvGeometry>
analyzeConv2D(mlir::Operation *op, const Conv2DKernelOperands &operands);

/// analyzeConv2D for a convolution scheduled with `schedule`, which must
/// name `kernel` (else an error on `op` says the schedule does not apply to
/// a `what`).
mlir::FailureOr<ConvGeometry>
analyzeScheduledConv2D(mlir::Operation *op, const KernelSchedule &schedule,
                       KernelSchedule::Kernel kernel, llvm::StringRef what,
                       const Conv2DKernelOperands &operands);

/// Fails (on `op`, naming the tile `what`) unless a `rows` x `nr` f32 tile
/// fits the stack a worker thread gives a kernel's scratch tile or panel.
mlir::LogicalResult checkStackTile(mlir::Operation *op, llvm::StringRef what,
                                   int64_t rows, int64_t nr);

/// How a kernel reads its padded input: conv2d_nchw_cvec reads exactly the
/// elements of its windows (nr = 0); conv2d_nchw's im2col packing reads
/// chunks of vw output pixels of each run of an N tile of nr pixels,
/// vw * strideW elements from a chunk's first pixel's position.
struct InputReads {
  int64_t nr = 0;
  int64_t vectorWidth = 1;
};

/// The furthest element (exclusive) that im2col packing with `reads` reads,
/// counted from the start of a channel plane whose rows are `pitch`
/// elements apart and whose padded image starts at `origin`: the last
/// channel's reads for its last k.
int64_t im2colFurthestRead(const ConvGeometry &geo, InputReads reads,
                           int64_t pitch, int64_t origin);

/// A producer's padded layout read in place as a convolution's padded
/// input: its row pitch, its rows and where the convolution's padded image
/// starts in a channel plane.
struct BorrowedLayout {
  int64_t width, rows, origin;
};

/// The layout of a buffer padded with `outer` (top, left, bottom, right)
/// around the convolution's input, as its padded input for `pads` and
/// `reads`: nullopt unless each of `pads` is within `outer` and, for
/// im2col reads, every chunk ends inside the buffer. The producer's choice
/// (readsPaddedLayoutInPlace) and the consumer's (PaddedConvInput) both
/// ask this.
std::optional<BorrowedLayout> borrowPaddedLayout(const ConvGeometry &geo,
                                                 llvm::ArrayRef<int64_t> pads,
                                                 std::array<int64_t, 4> outer,
                                                 InputReads reads);

/// The input zero padded once per convolution as a flat buffer
/// [N][C][pt + H + pb + slack][pl + W + pr], so that no kernel loop tests
/// for borders: output pixel (oh, ow) of k = (ci, kh, kw) reads
/// padded[plane + origin + offset(k) + oh * sh * Wp + ow * sw]. When the
/// producer wrote the input in a padded layout (PaddedResult) whose pads
/// hold the convolution's and the kernel's reads stay inside it, that
/// buffer is the padded input, read in place: its rows are wider and the
/// convolution's padded image starts at `origin` in each channel plane.
class PaddedConvInput {
public:
  /// `slackRows` extra zero rows keep whole-vector reads past a run's last
  /// pixel inside the buffer.
  PaddedConvInput(const ConvGeometry &geo, const Conv2DKernelOperands &operands,
                  int64_t slackRows, InputReads reads);

  /// Columns and rows (slack included) of one padded channel.
  int64_t width() const { return paddedW; }
  int64_t rows() const { return paddedRows; }
  /// Elements of one padded channel.
  int64_t planeSize() const { return paddedRows * paddedW; }
  /// Where output pixel (oh, ow) reads its k = (0, 0, 0) element,
  /// relative to its channel plane.
  int64_t pixelOffset(int64_t oh, int64_t ow) const {
    return originOffset + oh * geo.strideH * paddedW + ow * geo.strideW;
  }
  /// Where the convolution's padded image starts in a channel plane (0
  /// unless a producer's wider padded layout is read in place).
  int64_t origin() const { return originOffset; }

  /// Fails (on `op`) unless every offset within one group's channels of the
  /// padded image, plus `reach` elements, fits an i32.
  mlir::LogicalResult checkI32Offsets(mlir::Operation *op, int64_t reach) const;
  /// Emits the padded copy of the input: a flat 64-byte aligned
  /// memref.alloc written by a loop over blocks of padded rows (each item
  /// pads its rows of every channel), `kiln.parallel` when the module's
  /// kiln.target has several cores and the copy is large, so that each core
  /// pads the rows its share of the pixel-split convolution grid reads.
  /// Without padding and slack rows: the flat input itself, no copy.
  mlir::Value build(mlir::OpBuilder &b, mlir::Location loc) const;
  /// Emits the i32 table offset(k) = ci * plane + kh * dh * Wp + kw * dw
  /// of the K rows, as a read-only memref<K x i32>.
  mlir::Value buildOffsetTable(mlir::OpBuilder &b, mlir::Location loc) const;

private:
  const ConvGeometry &geo;
  const Conv2DKernelOperands &operands;
  int64_t paddedRows, paddedW, originOffset = 0;
  /// The producer's padded buffer, read in place; null otherwise.
  mlir::Value borrowed;
};

/// A convolution result written in the zero-padded layout its user reads
/// (Conv2DKernelOperands::outputPads): each output channel a plane of
/// [top + OH + bottom][left + OW + right], flat as [N][F][plane]. Vectors of
/// consecutive output pixels that cross rows are stored row by row, and the
/// pixels that border the padding also write its zeros, so each border
/// element is written by the thread that writes the pixels next to it: the
/// item that writes pixel 0 zeroes the top rows, the one that ends a row
/// the gap to the next row's first pixel, the one that writes the last
/// pixel the bottom rows.
class PaddedResult {
public:
  PaddedResult(const ConvGeometry &geo, std::array<int64_t, 4> pads,
               int64_t vectorWidth);

  int64_t width() const { return paddedW; }
  int64_t rows() const { return paddedRows; }
  int64_t planeSize() const { return paddedRows * paddedW; }
  std::array<int64_t, 4> pads() const { return padding; }

  /// Stores the first `count` lanes of `value`, output pixels p .. p +
  /// count - 1 of (image, filter), into `flat` ([N][F][plane]) with the
  /// zeros of the padding those pixels border.
  void store(mlir::OpBuilder &b, mlir::Location loc, mlir::Value flat,
             mlir::Value image, mlir::Value filter, mlir::Value p,
             mlir::Value count, mlir::Value value) const;
  /// Loads the first `count` lanes (zeros elsewhere) that store wrote.
  mlir::Value load(mlir::OpBuilder &b, mlir::Location loc, mlir::Value flat,
                   mlir::Value image, mlir::Value filter, mlir::Value p,
                   mlir::Value count) const;

private:
  /// Per output row a run of vw lanes touches: the row's lanes [lo, hi)
  /// (hi clamped to count) and where lane 0 of that row would be stored.
  struct RowPart {
    mlir::Value mask, base;
    /// Lanes up to the row's last pixel, unclamped: (j + 1) * OW - ow.
    mlir::Value end;
    /// Output row of the part.
    mlir::Value row;
  };
  llvm::SmallVector<RowPart> rowParts(mlir::OpBuilder &b, mlir::Location loc,
                                      mlir::Value p, mlir::Value count) const;

  ConvGeometry geo;
  std::array<int64_t, 4> padding;
  int64_t vw, paddedRows, paddedW;
};

/// Marks the memref.alloc of a result written in a padded layout (its
/// borders hold zeros), so that nothing else is mistaken for one.
inline constexpr llvm::StringLiteral kPaddedResultAttr = "kiln.padded_result";

/// A tensor that a convolution kernel wrote in a padded layout
/// (PaddedResult): the whole buffer [N][C][top + H + bottom][left + W +
/// right] and its pads (top, left, bottom, right); nullopt for any other
/// tensor.
struct PaddedTensor {
  mlir::Value buffer;
  std::array<int64_t, 4> pads;
};
std::optional<PaddedTensor> findPaddedTensor(mlir::Value tensor);

/// An N x C x H x W f32 tensor (the input of a direct conv, a residual) as
/// a read-only [N][C][H*W] memref.
mlir::Value createFlatPixelsBuffer(mlir::OpBuilder &b, mlir::Location loc,
                                   mlir::Value tensor);

/// A convolution's result: a fresh 64-byte aligned memref.alloc of
/// [N][F][OH][OW], and the same buffer as [N][F][OH*OW] for the kernels.
struct ConvResultBuffer {
  mlir::Value alloc, flat;
  /// With output padding: its layout; the tensor is a view of the interior.
  std::optional<PaddedResult> padded;
  /// The result handed back to the tensor world
  /// (`bufferization.to_tensor ... restrict writable`).
  mlir::Value toTensor(mlir::OpBuilder &b, mlir::Location loc) const;
};
ConvResultBuffer createConvResultBuffer(mlir::OpBuilder &b, mlir::Location loc,
                                        const ConvGeometry &geo,
                                        const Conv2DKernelOperands &operands,
                                        int64_t vectorWidth);

/// A compile-time i32 table as a read-only memref<N x i32>.
mlir::Value createI32Table(mlir::OpBuilder &b, mlir::Location loc,
                           llvm::ArrayRef<int32_t> values);

/// Index values of a convolution grid item whose batch index runs over
/// images x groups.
struct ConvItemIndices {
  /// Image and group of the item.
  mlir::Value image, group;
  /// First input channel and first output channel of the group.
  mlir::Value channelBase, filterBase;
};

/// Splits `batch` (image * group + g) into the item's indices.
ConvItemIndices getConvItemIndices(mlir::OpBuilder &b, mlir::Location loc,
                                   const ConvGeometry &geo, mlir::Value batch);

/// What both convolution kernel emitters share: C[b] = A[b] x B[b] for b =
/// image * groups + g, with K = (ci, kh, kw), over the geometry and
/// operands, and the buffers every kernel uses (packed weights, bias,
/// residual, result); a kernel adds its own inputs and packing.
class ConvEmitterBase : public ContractionKernelEmitter {
public:
  /// Reads the constant weights (errors on `op`) and emits the convolution
  /// at `b`'s insertion point: the kernel's own inputs (buildInputs), the
  /// bias and residual buffers, the packed weights (packWeights), the
  /// result buffer and the grid; returns the result tensor.
  mlir::FailureOr<mlir::Value> build(mlir::OpBuilder &b, mlir::Operation *op);

protected:
  /// A kernel whose C[b] is [m][n].
  ConvEmitterBase(const KernelSchedule &schedule, const ConvGeometry &geo,
                  const Conv2DKernelOperands &operands, int64_t m, int64_t n);

  /// Emits the buffers the kernel reads its input from (first, so that the
  /// shared buffers follow them).
  virtual void buildInputs(mlir::OpBuilder &b, mlir::Location loc) = 0;
  /// Emits the weights packed the way the kernel reads them.
  virtual mlir::Value packWeights(mlir::OpBuilder &b, mlir::Location loc,
                                  const ConstantF32View &w) = 0;

  /// Where the group's first channel of `image` starts in a padded input of
  /// `planeSize` elements a channel: (image * C + channelBase) * planeSize.
  mlir::Value createPlaneBase(mlir::OpBuilder &b, mlir::Location loc,
                              mlir::Value image, mlir::Value channelBase,
                              int64_t planeSize) const;

  ConvGeometry geo;
  const Conv2DKernelOperands &operands;
  /// The packed weights, the bias, the residual and the result as
  /// [N][F][OH*OW] (bias and residual null when the convolution has none),
  /// or [N][F][plane] with outputPads (then paddedResult is its layout).
  mlir::Value packedWeights, bias, residual, result;
  std::optional<PaddedResult> paddedResult;
  /// Set when the residual is a padded tensor (its producer's other user
  /// is a padded convolution): `residual` is then [N][F][plane] and is
  /// read through this layout.
  std::optional<PaddedResult> paddedResidual;
};

} // namespace kiln::codegen::detail

#endif // KILN_CODEGEN_SCHEDULE_CONVCOMMON_H
