//===- ContractionKernel.h - Scheduled GEMM and conv kernels ----*- C++ -*-===//
//
// The mechanism behind `kiln.schedule` on graph.matmul, graph.gemm and 2-D
// graph.conv (docs/contraction-kernels.md). The strategy pass
// chooses the schedule; these emitters only read it. Each emitter runs inside
// the graph -> linalg conversion, on tensors: it takes its inputs with
// `bufferization.to_buffer ... read_only`, writes the result into a fresh
// `memref.alloc` with register-tiled vector code (weights packed into panels
// at compile time, an im2col panel per grid item for convolutions) and hands
// it back through `bufferization.to_tensor ... restrict writable`.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_CODEGEN_SCHEDULE_CONTRACTIONKERNEL_H
#define KILN_CODEGEN_SCHEDULE_CONTRACTIONKERNEL_H

#include "codegen/Schedule/Heuristics.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributeInterfaces.h"
#include "mlir/IR/Operation.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"

#include <array>
#include <cstdint>
#include <optional>

namespace kiln::codegen {

/// A checked `kiln.schedule` of a contraction kernel. M is the broadcast
/// dimension (GEMM: activation rows; conv2d_nchw: output channels of a
/// group; conv2d_nchw_cvec: output pixels), N the vector dimension (GEMM:
/// weight columns; conv2d_nchw: output pixels; conv2d_nchw_cvec: output
/// channels of a group), K the reduction.
struct KernelSchedule {
  enum class Kernel { Gemm, Conv2DNchw, Conv2DNchwCvec };
  /// Where a convolution's B operand (the [K][N] pixel matrix) comes from.
  enum class BSource { Im2col, Direct };

  Kernel kernel = Kernel::Gemm;
  /// f32 lanes per vector (1: scalar code in vector<1xf32>).
  int64_t vectorWidth = 1;
  /// Register tile: mr rows x nr columns, mr * nr / vectorWidth accumulators.
  int64_t mr = 1, nr = 1;
  /// K block; K itself (or more) means no blocking.
  int64_t kc = 1;
  /// How many grid items share the M tiles of one N tile.
  int64_t mSplit = 1;
  /// Items ordered M chunk first (else N tile first).
  bool mMajor = false;
  /// The grid loop is an `scf.parallel {kiln.parallel}` (else an scf.for).
  bool parallel = false;
  BSource bSource = BSource::Im2col;
  /// conv2d_nchw: elements ahead of the k loop at which the packed weights
  /// are prefetched (0: none).
  int64_t prefetch = 0;
  /// conv2d_nchw_cvec: each M tile prefetches its output lines for writing.
  bool prefetchOutput = false;
};

/// Reads and checks the `kiln.schedule` (schedule::kScheduleAttr) of `op`
/// with schedule::ContractionSchedule::fromAttr, then the emitters' limits.
/// Fails with an error on `op` naming what is wrong: a missing or unknown
/// kernel, a missing, ill-typed, non-positive or unknown key, nr not a
/// multiple of vector_width, a b_source on a GEMM, or a register tile too
/// large to emit.
mlir::FailureOr<KernelSchedule> parseKernelSchedule(mlir::Operation *op);

/// Applies the op's fused activation to one f32 vector of results; a null
/// function means no activation.
using VectorActivationFn = llvm::function_ref<mlir::Value(
    mlir::OpBuilder &, mlir::Location, mlir::Value)>;

/// How a GEMM bias broadcasts over the [M, N] result.
enum class BiasLayout {
  /// One value for every element (a 1-element tensor).
  Scalar,
  /// One value per row m (M elements).
  PerRow,
  /// One value per column n (N elements).
  PerColumn,
  /// One value per element (M * N elements, row-major).
  Full
};

/// The operands of a GEMM kernel: result[m][n] = activation(alpha *
/// sum_k lhs[m][k] * weights[k][n] + biasScale * bias(m, n)).
struct GemmKernelOperands {
  /// f32 tensor<MxK>, or tensor<KxM> when transposeLhs.
  mlir::Value lhs;
  bool transposeLhs = false;
  /// Constant f32 weights [K, N], or [N, K] when transposeWeights
  /// (DenseElementsAttr or DenseResourceElementsAttr).
  mlir::ElementsAttr weights;
  bool transposeWeights = false;
  /// Optional f32 tensor of any shape holding 1, M, N or M * N elements in
  /// the order `biasLayout` says.
  mlir::Value bias;
  BiasLayout biasLayout = BiasLayout::Scalar;
  double alpha = 1.0;
  double biasScale = 1.0;
  VectorActivationFn activation = nullptr;
};

/// Emits the scheduled GEMM of `op` (for diagnostics) at `b`'s insertion
/// point and returns its tensor<MxNxf32> result. All checks (operand
/// shapes and types, readable weights) run before any IR is created, so a
/// failure (reported on `op`) leaves the IR untouched.
mlir::FailureOr<mlir::Value> emitGemmKernel(mlir::OpBuilder &b,
                                            mlir::Operation *op,
                                            const KernelSchedule &schedule,
                                            const GemmKernelOperands &operands);

/// The operands of a 2-D NCHW convolution kernel.
struct Conv2DKernelOperands {
  /// f32 tensor<NxCxHxW>.
  mlir::Value input;
  /// Constant f32 weights [F, C / group, KH, KW].
  mlir::ElementsAttr weights;
  /// Optional f32 tensor<F>.
  mlir::Value bias;
  /// Optional f32 tensor<NxFxOHxOW> (a fused residual connection), added
  /// after the bias and before the activation.
  mlir::Value residual;
  int64_t group = 1;
  /// (h, w) strides and dilations; pads are (top, left, bottom, right).
  std::array<int64_t, 2> strides = {1, 1};
  std::array<int64_t, 2> dilations = {1, 1};
  std::array<int64_t, 4> pads = {0, 0, 0, 0};
  VectorActivationFn activation = nullptr;
  /// Set when the result is the input of a padded conv2d_nchw_cvec
  /// convolution (and its other users read it only as a residual):
  /// (top, left, bottom, right) zeros around each output channel. The kernel
  /// then writes that user's padded input itself, borders included
  /// ([N][F][top + OH + bottom][left + OW + right]), and returns a view of
  /// its interior, which the users read in place: no padded copy.
  std::optional<std::array<int64_t, 4>> outputPads;
};

/// Emits the scheduled convolution of `op` and returns its
/// tensor<NxFxOHxOWxf32> result; like emitGemmKernel, it checks everything
/// before creating IR (a "direct" B source needs a 1x1 kernel with unit
/// strides and dilations and no padding).
mlir::FailureOr<mlir::Value>
emitConv2DKernel(mlir::OpBuilder &b, mlir::Operation *op,
                 const KernelSchedule &schedule,
                 const Conv2DKernelOperands &operands);

/// Emits the scheduled convolution of `op` with the "conv2d_nchw_cvec"
/// kernel (output channels as the vector dimension, pixels broadcast from
/// the padded input, docs/contraction-kernels.md) and returns its
/// tensor<NxFxOHxOWxf32> result; checks everything before creating IR
/// (its per-item [pixels][nr] scratch tile must fit in 1 MiB of stack).
mlir::FailureOr<mlir::Value>
emitConv2DChannelsKernel(mlir::OpBuilder &b, mlir::Operation *op,
                         const KernelSchedule &schedule,
                         const Conv2DKernelOperands &operands);

/// Whether the convolution `op` scheduled with `schedule`
/// (conv2d_nchw_cvec, or conv2d_nchw with b_source im2col; operands as its
/// emitter would take them) reads its input in place when the producer
/// writes it in a zero-padded layout with `pads` (top, left, bottom,
/// right; PaddedResult): its own pads lie within them and, for im2col,
/// every chunk of the packing reads inside the buffer. The producer writes
/// that layout only if all its input users do.
bool readsPaddedLayoutInPlace(mlir::Operation *op,
                              const KernelSchedule &schedule,
                              const Conv2DKernelOperands &operands,
                              std::array<int64_t, 4> pads);

} // namespace kiln::codegen

#endif // KILN_CODEGEN_SCHEDULE_CONTRACTIONKERNEL_H
