//===- WindowKernels.cpp - Window ops that read their unpadded input ------===//
//
// Implements kiln-window-kernels: depthwise convolutions and 2-D max
// pooling, the two window ops whose generic lowering goes through
// tensor.pad. tensor.pad bufferizes to a fill of a padded copy of the input
// plus a copy of the whole input into it: in MobileNetV2 that copy and the
// fills of its border cost as much as the depthwise convolutions themselves,
// and ResNet's max pool spent a third of its time on it (the layers are
// bound by memory traffic, not arithmetic). This pass rewrites
// `linalg.depthwise_conv_2d_nchw_chw` and the max-pool `linalg.generic` of
// Pooling.cpp on tensors, with their tensor.pad, their initializer and an
// elementwise epilogue (ReLU6), into one vector kernel on buffers that
// reads the unpadded input: a tap whose input row lies in the padding is
// skipped, and a tap whose input columns cross the left or right border
// loads the valid columns with a masked load and shifts the padding value
// in with a constant shuffle. Every padding decision is static: rows near
// the top and bottom are emitted one by one with the taps that hit the
// image, the rows in between run in an scf.for with all taps.
//
// Per channel (the grid: batch x channels, an scf.parallel {kiln.parallel}
// on several cores) a register tile of R output rows x T vectors of an
// output row accumulates over the taps (a small image, 14x14 or 7x7, is a
// single tile of all its rows; on several cores each item first prefetches
// a later item's output lines for writing). Depthwise: the weights stay in
// registers as broadcast vectors, the rows of the tile share the loads of
// the input rows they have in common, and the column taps of one stride
// phase share a load. Max pool: a window has no weights, so each output
// row first takes the maximum of its input rows' spans (the loads shared
// between rows), then picks the column taps out of that one vector: one
// shuffle per column tap, not one per tap.
//
//===----------------------------------------------------------------------===//

#include "codegen/Vectorize/VectorPlan.h"
#include "kiln/Codegen/VectorizePasses.h"
#include "kiln/Support/TargetDescription.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace kiln::codegen {

#define GEN_PASS_DEF_WINDOWKERNELS
#include "codegen/Vectorize/Passes.h.inc"

using namespace mlir;

namespace {

/// The unit attribute kiln-outline-parallel looks for.
constexpr llvm::StringLiteral kParallelAttr = "kiln.parallel";
/// Grids of fewer window taps stay on one core.
constexpr int64_t kParallelThreshold = 1 << 15;
/// The most vector taps the kernel unrolls for one channel.
constexpr int64_t kMaxUnrolledTaps = 1 << 15;
/// An item of a parallel grid whose output plane spans at most this many
/// cache lines prefetches, for writing, the plane of the item
/// kOutputPrefetchDistance ahead (see WindowEmitter::prefetchOutputAhead).
constexpr int64_t kMaxOutputPrefetchLines = 64;
constexpr int64_t kOutputPrefetchDistance = 2;

enum class WindowKind { DepthwiseConv, MaxPool };

/// A window op and the ops around it that the kernel absorbs.
struct WindowMatch {
  WindowKind kind;
  linalg::LinalgOp op;
  tensor::PadOp pad; ///< Null when the input is not padded.
  Value input;       ///< [N, C, H, W], unpadded.
  Value weights;     ///< [C, KH, KW] (depthwise only).
  Value padValue;    ///< The scalar the padding holds (max pool only).
  Value bias;        ///< [C] broadcast into the initial output, or null.
  Value fillValue;   ///< Scalar initial output (linalg.fill), or null.
  Value init;        ///< Initial output to read otherwise.
  Operation *initOp = nullptr; ///< The bias broadcast / fill.
  linalg::GenericOp epilogue;  ///< Elementwise map of the result.
  int64_t kh = 0, kw = 0;
  int64_t padTop = 0, padLeft = 0;
  int64_t strideH = 1, strideW = 1, dilationH = 1, dilationW = 1;
};

bool isF32(Type type) { return type.isF32(); }

bool isNegativeInfinity(Value value) {
  FloatAttr attr;
  return value && matchPattern(value, m_Constant(&attr)) &&
         attr.getValue().isInfinity() && attr.getValue().isNegative();
}

bool isStaticF32Tensor(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  return type && type.hasStaticShape() && isF32(type.getElementType());
}

/// `generic` broadcasts a rank-1 [C] tensor along dim 1 of its output.
Value matchBiasBroadcast(linalg::GenericOp generic) {
  if (!generic || generic.getNumDpsInputs() != 1 ||
      generic.getNumDpsInits() != 1 ||
      generic.getNumLoops() != generic.getNumParallelLoops())
    return nullptr;
  OpOperand *in = generic.getDpsInputOperand(0);
  AffineMap inMap = generic.getMatchingIndexingMap(in);
  auto inType = dyn_cast<RankedTensorType>(in->get().getType());
  if (!inType || inType.getRank() != 1 || !isF32(inType.getElementType()) ||
      !generic.getMatchingIndexingMap(generic.getDpsInitOperand(0))
           .isIdentity() ||
      inMap.getNumResults() != 1 ||
      inMap.getResult(0) != getAffineDimExpr(1, inMap.getContext()))
    return nullptr;
  Block *body = generic.getBlock();
  if (body->getOperations().size() != 1 ||
      body->getTerminator()->getOperand(0) != body->getArgument(0))
    return nullptr;
  return in->get();
}

/// `generic` maps `value` elementwise with f32 arith/math ops: identity
/// maps, all loops parallel, one input (`value`), an output it does not
/// read.
bool isElementwiseEpilogue(linalg::GenericOp generic, Value value) {
  if (!generic || generic.getNumDpsInputs() != 1 ||
      generic.getNumDpsInits() != 1 || generic.getNumResults() != 1 ||
      generic.getDpsInputOperand(0)->get() != value ||
      generic.getNumLoops() != generic.getNumParallelLoops() ||
      generic.getResult(0).getType() != value.getType() ||
      !llvm::all_of(generic.getIndexingMapsArray(),
                    [](AffineMap map) { return map.isIdentity(); }))
    return false;
  Block *body = generic.getBlock();
  if (!body->getArgument(1).use_empty() ||
      !isF32(body->getArgument(0).getType()))
    return false;
  for (Operation &op : body->without_terminator()) {
    if (auto cst = dyn_cast<arith::ConstantOp>(op)) {
      if (!isa<FloatAttr>(cst.getValue()) || !isF32(cst.getType()))
        return false;
      continue;
    }
    if (!isa<arith::ArithDialect, math::MathDialect>(op.getDialect()) ||
        op.getNumRegions() != 0 || !OpTrait::hasElementwiseMappableTraits(&op))
      return false;
    for (Type type :
         llvm::concat<const Type>(op.getOperandTypes(), op.getResultTypes()))
      if (!isF32(type))
        return false;
  }
  return true;
}

/// Reads the padding of `input` (a zero-or-more pad of its two spatial
/// dims; the high pads follow from the shapes) into `m`: the unpadded
/// input, the pads and the padding value. False when the pad is not one the
/// kernel can skip: the value must be 0 for a convolution; for a max pool it
/// must never win, so -inf or the initial value of every output.
bool matchInput(Value input, WindowMatch &m) {
  m.input = input;
  auto pad = input.getDefiningOp<tensor::PadOp>();
  if (!pad)
    return isStaticF32Tensor(input);
  Value padValue = pad.getConstantPaddingValue();
  ArrayRef<int64_t> low = pad.getStaticLow(), high = pad.getStaticHigh();
  if (!padValue || !isStaticF32Tensor(pad.getSource()) || low.size() != 4 ||
      high.size() != 4 || low[0] != 0 || low[1] != 0 || high[0] != 0 ||
      high[1] != 0 ||
      llvm::any_of(llvm::concat<const int64_t>(low, high),
                   [](int64_t p) { return p < 0; }))
    return false;
  if (m.kind == WindowKind::DepthwiseConv) {
    if (!matchPattern(padValue, m_AnyZeroFloat()))
      return false;
  } else {
    if (!isNegativeInfinity(padValue) && padValue != m.fillValue)
      return false;
    m.padValue = padValue;
  }
  m.pad = pad;
  m.input = pad.getSource();
  m.padTop = low[2];
  m.padLeft = low[3];
  return true;
}

/// Reads the initial output and the epilogue of `m.op` into `m`.
void matchInitAndEpilogue(Value init, WindowMatch &m) {
  if (auto generic = init.getDefiningOp<linalg::GenericOp>();
      Value bias = matchBiasBroadcast(generic)) {
    m.bias = bias;
    m.initOp = generic;
  } else if (auto fill = init.getDefiningOp<linalg::FillOp>();
             fill && isF32(fill.value().getType())) {
    m.fillValue = fill.value();
    m.initOp = fill;
  } else {
    m.init = init;
  }
  Value result = m.op->getResult(0);
  if (result.hasOneUse()) {
    auto generic = dyn_cast<linalg::GenericOp>(*result.getUsers().begin());
    if (isElementwiseEpilogue(generic, result))
      m.epilogue = generic;
  }
}

bool isSupportedStride(int64_t stride) { return stride >= 1 && stride <= 4; }

std::optional<WindowMatch> match(linalg::DepthwiseConv2DNchwChwOp op) {
  if (!op.hasPureTensorSemantics() || op->getNumResults() != 1)
    return std::nullopt;
  WindowMatch m;
  m.kind = WindowKind::DepthwiseConv;
  m.op = op;
  m.weights = op.getDpsInputOperand(1)->get();
  Value init = op.getDpsInitOperand(0)->get();
  if (!isStaticF32Tensor(op->getResult(0)) || !isStaticF32Tensor(m.weights) ||
      !isStaticF32Tensor(init))
    return std::nullopt;
  auto strides = llvm::to_vector(op.getStrides().getValues<int64_t>());
  auto dilations = llvm::to_vector(op.getDilations().getValues<int64_t>());
  if (strides.size() != 2 || dilations.size() != 2 ||
      !llvm::all_of(strides, isSupportedStride) ||
      llvm::any_of(dilations, [](int64_t d) { return d < 1; }))
    return std::nullopt;
  m.strideH = strides[0];
  m.strideW = strides[1];
  m.dilationH = dilations[0];
  m.dilationW = dilations[1];
  auto weightShape = cast<RankedTensorType>(m.weights.getType()).getShape();
  m.kh = weightShape[1];
  m.kw = weightShape[2];
  matchInitAndEpilogue(init, m);
  if (!matchInput(op.getDpsInputOperand(0)->get(), m))
    return std::nullopt;
  return m;
}

/// The (stride, dilation) of `expr` = stride * d`outDim` + dilation *
/// d`windowDim`, an input index of a window generic over 6 dims.
std::optional<std::pair<int64_t, int64_t>>
matchWindowIndex(AffineExpr expr, unsigned outDim, unsigned windowDim) {
  constexpr unsigned kDims = 6;
  if (!expr.isPureAffine())
    return std::nullopt;
  for (unsigned d = 0; d < kDims; ++d)
    if (d != outDim && d != windowDim && expr.isFunctionOfDim(d))
      return std::nullopt;
  auto at = [&](int64_t o, int64_t k) -> std::optional<int64_t> {
    SmallVector<AffineExpr> dims;
    for (unsigned d = 0; d < kDims; ++d)
      dims.push_back(getAffineConstantExpr(
          d == outDim ? o : (d == windowDim ? k : 0), expr.getContext()));
    if (auto c = dyn_cast<AffineConstantExpr>(expr.replaceDims(dims)))
      return c.getValue();
    return std::nullopt;
  };
  std::optional<int64_t> origin = at(0, 0), stride = at(1, 0),
                         dilation = at(0, 1), both = at(1, 1);
  if (!origin || *origin != 0 || !stride || !dilation || !both ||
      *both != *stride + *dilation || !isSupportedStride(*stride) ||
      *dilation < 1)
    return std::nullopt;
  return std::make_pair(*stride, *dilation);
}

/// The 2-D max pool of Pooling.cpp: a generic over (n, c, oy, ox, ky, kx)
/// reading input[n, c, oy * sh + ky * dh, ox * sw + kx * dw] and a
/// shape-only [KH, KW] window, yielding maximumf of the output and the
/// input.
std::optional<WindowMatch> match(linalg::GenericOp op) {
  if (!op.hasPureTensorSemantics() || op.getNumDpsInputs() != 2 ||
      op.getNumDpsInits() != 1 || op->getNumResults() != 1 ||
      op.getNumLoops() != 6 || op.getNumParallelLoops() != 4 ||
      !isStaticF32Tensor(op->getResult(0)))
    return std::nullopt;
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  if (llvm::any_of(ArrayRef(iterators).take_front(4),
                   [](utils::IteratorType t) {
                     return t != utils::IteratorType::parallel;
                   }))
    return std::nullopt;
  MLIRContext *ctx = op.getContext();
  auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  AffineMap in = maps[0];
  if (maps[1] != AffineMap::get(6, 0, {d(4), d(5)}, ctx) ||
      maps[2] != AffineMap::get(6, 0, {d(0), d(1), d(2), d(3)}, ctx) ||
      in.getNumResults() != 4 || in.getResult(0) != d(0) ||
      in.getResult(1) != d(1))
    return std::nullopt;
  auto rows = matchWindowIndex(in.getResult(2), 2, 4);
  auto cols = matchWindowIndex(in.getResult(3), 3, 5);
  if (!rows || !cols)
    return std::nullopt;
  Block *body = op.getBlock();
  auto max = dyn_cast<arith::MaximumFOp>(&body->front());
  Value x = body->getArgument(0), acc = body->getArgument(2);
  if (body->getOperations().size() != 2 || !max ||
      body->getTerminator()->getOperand(0) != max.getResult() ||
      !((max.getLhs() == acc && max.getRhs() == x) ||
        (max.getLhs() == x && max.getRhs() == acc)))
    return std::nullopt;
  auto window =
      dyn_cast<RankedTensorType>(op.getDpsInputOperand(1)->get().getType());
  Value init = op.getDpsInitOperand(0)->get();
  if (!window || !window.hasStaticShape() || !isStaticF32Tensor(init))
    return std::nullopt;
  WindowMatch m;
  m.kind = WindowKind::MaxPool;
  m.op = op;
  std::tie(m.strideH, m.dilationH) = *rows;
  std::tie(m.strideW, m.dilationW) = *cols;
  m.kh = window.getDimSize(0);
  m.kw = window.getDimSize(1);
  matchInitAndEpilogue(init, m);
  if (!matchInput(op.getDpsInputOperand(0)->get(), m))
    return std::nullopt;
  return m;
}

/// Where the tap of column kx reads an output tile in an input row: lane l
/// of the tap is column first + stride * l. The span loaded starts `phase`
/// columns earlier, so that the column taps of one phase class (kx = 0 and
/// 1 of a stride-2 3x3: even and odd columns) share it.
struct TapSpan {
  int64_t start = 0; ///< The span's first column (may be negative).
  int64_t lo = 0;    ///< Lanes [lo, hi) of the span are inside the row.
  int64_t hi = 0;
  /// Span lanes of the tap's lanes; empty when the span is the tap.
  SmallVector<int64_t> picks;
  bool empty = true; ///< Every lane of the tap is padding.
};

/// Writes the kernel of one match.
class WindowEmitter {
public:
  WindowEmitter(OpBuilder &b, WindowMatch m, const TargetDescription &target)
      : b(b), m(m), loc(m.op.getLoc()) {
    auto inShape = cast<RankedTensorType>(m.input.getType()).getShape();
    auto outShape =
        cast<RankedTensorType>(m.op->getResult(0).getType()).getShape();
    batch = inShape[0];
    channels = inShape[1];
    height = inShape[2];
    width = inShape[3];
    kh = m.kh;
    kw = m.kw;
    outBatch = outShape[0];
    outChannels = outShape[1];
    outH = outShape[2];
    outW = outShape[3];
    lanes = std::max<int64_t>(2, target.vectorBits / 32);
    vecType = VectorType::get({lanes}, b.getF32Type());
    hoistWeights = m.kind == WindowKind::DepthwiseConv &&
                   kh * kw <= target.vectorRegisters / 2;
    // Accumulators: what the weights, one loaded input and a shuffle
    // temporary leave of the register file.
    budget = std::clamp<int64_t>(
        target.vectorRegisters - (hoistWeights ? kh * kw : 0) - 3, 1, 16);
    cores = target.cores;
    identityStart =
        m.kind == WindowKind::MaxPool && isNegativeInfinity(m.fillValue);
  }

  /// Whether the shapes are those of a window op this kernel handles (the
  /// linalg verifier already checked the output extents of a depthwise
  /// convolution; the max pool generic's are checked here).
  bool supported() const {
    if (kh < 1 || kw < 1 || outH < 1 || outW < 1 || outBatch != batch ||
        outChannels != channels)
      return false;
    if (m.kind == WindowKind::DepthwiseConv &&
        channels != cast<RankedTensorType>(m.weights.getType()).getDimSize(0))
      return false;
    if (m.kind == WindowKind::MaxPool) {
      linalg::LinalgOp op = m.op;
      auto padded =
          cast<RankedTensorType>(op.getDpsInputOperand(0)->get().getType());
      if ((outH - 1) * m.strideH + (kh - 1) * m.dilationH >=
              padded.getDimSize(2) ||
          (outW - 1) * m.strideW + (kw - 1) * m.dilationW >=
              padded.getDimSize(3))
        return false;
    }
    // Every tile of every static row is unrolled: keep the code of one
    // channel bounded (wide rows with large kernels use the generic
    // lowering).
    int64_t tiles = (outW + lanes - 1) / lanes;
    int64_t staticRows = std::min<int64_t>(outH, 16 + 2 * kh * m.dilationH);
    return staticRows * tiles * kh * kw <= kMaxUnrolledTaps;
  }

  Value emit();

private:
  Value index(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }
  Value splat(Value scalar, VectorType type) {
    return vector::BroadcastOp::create(b, loc, type, scalar);
  }
  Value splat(Value scalar) { return splat(scalar, vecType); }
  /// The padding value as a vector of `type`.
  Value padVector(VectorType type) {
    if (m.padValue)
      return splat(m.padValue, type);
    return arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(type, b.getF32FloatAttr(0.0f)));
  }
  Value mask(VectorType type, int64_t count) {
    return vector::ConstantMaskOp::create(
        b, loc, VectorType::get(type.getShape(), b.getI1Type()),
        ArrayRef<int64_t>{count});
  }

  void emitItem(Value item);
  /// `rows` output rows from `row` (an index value: rows where every tap
  /// is inside the image), or from the static row `staticRow` when `row` is
  /// null (each row with the taps inside the image).
  void emitRows(Value row, int64_t staticRow, int64_t rows);
  /// The kernel rows whose input row is inside the image for output row
  /// `oy`.
  SmallVector<int64_t> tapsOf(int64_t oy) const;
  TapSpan tapSpan(int64_t tile, int64_t kx) const;
  /// The span of `span` loaded from `inputRow` (the padding value outside
  /// the row).
  Value loadSpan(Value inputRow, const TapSpan &span);
  /// The tap's lanes of a loaded span.
  Value pickLanes(Value loaded, const TapSpan &span);
  /// Column taps of a stride-2 depthwise row from whole vectors of the
  /// input row: the row is loaded in blocks of `lanes` columns at multiples
  /// of `lanes`, each block pair is split once into its even and odd
  /// columns (the phases), and a tap is a phase vector, or two neighbouring
  /// ones shifted by whole lanes. Blocks and phases are cached per input
  /// row for the tiles of a group.
  struct PhasedRow {
    std::map<std::pair<int64_t, int64_t>, Value> blocks;
    std::map<std::tuple<int64_t, int64_t, int64_t>, Value> phases;
  };
  bool usePhases() const {
    return m.kind == WindowKind::DepthwiseConv && m.strideW == 2 &&
           outW > lanes;
  }
  Value rowBlock(PhasedRow &row, Value inputRow, int64_t offset, int64_t j);
  Value phaseVector(PhasedRow &row, Value inputRow, int64_t offset,
                    int64_t tile, int64_t phase);
  Value phasedTap(PhasedRow &row, Value inputRow, int64_t offset,
                  int64_t tile, int64_t kx);
  Value weightVector(int64_t ky, int64_t kx);
  Value startVector(Value outRow, int64_t tile);
  /// The maximum of acc and x, NaN when either is (like arith.maximumf),
  /// but maybe -0 for max(-0, +0); a null acc stands for -inf.
  Value maximum(Value acc, Value x);
  Value applyEpilogue(Value acc);
  void storeTile(Value value, Value outRow, int64_t tile);
  Value rowIndex(Value row, int64_t staticRow, int64_t offset);
  /// The batch and channel of grid item `item` (batch-major).
  std::pair<Value, Value> itemCoordinates(Value item);
  /// Prefetches for writing every cache line of the output plane of the
  /// item kOutputPrefetchDistance after `item` (clamped to the last).
  void prefetchOutputAhead(Value item);

  OpBuilder &b;
  WindowMatch m;
  Location loc;
  int64_t batch, channels, height, width, kh, kw, outBatch, outChannels, outH,
      outW, lanes, budget, cores;
  bool hoistWeights;
  /// The grid is an scf.parallel whose items prefetch an output plane
  /// ahead (prefetchOutputAhead).
  bool prefetchOutput = false;
  /// The max pool starts from -inf: its first tap is the start.
  bool identityStart;
  VectorType vecType;
  Value inputBuf, weightBuf, biasBuf, initBuf, outBuf;
  Value n, c, startSplat;
  SmallVector<Value> weightSplats;
};

Value WindowEmitter::emit() {
  auto toBuffer = [&](Value tensor) {
    auto type = cast<RankedTensorType>(tensor.getType());
    return bufferization::ToBufferOp::create(
        b, loc, MemRefType::get(type.getShape(), type.getElementType()), tensor,
        /*read_only=*/true);
  };
  inputBuf = toBuffer(m.input);
  if (m.weights)
    weightBuf = toBuffer(m.weights);
  if (m.bias)
    biasBuf = toBuffer(m.bias);
  if (m.init)
    initBuf = toBuffer(m.init);
  auto resultType = cast<RankedTensorType>(m.op->getResult(0).getType());
  auto outType =
      MemRefType::get(resultType.getShape(), resultType.getElementType());
  outBuf = memref::AllocOp::create(b, loc, outType, b.getI64IntegerAttr(64));

  int64_t items = batch * channels;
  int64_t work = items * outH * outW * kh * kw;
  Value lb = index(0), ub = index(items), step = index(1);
  if (cores > 1 && items >= 2 && work >= kParallelThreshold) {
    // On several cores an item's output lines are often held by the other
    // core (the workspace buffer was last written under another split), and
    // the stores at the end of a small plane (14x14: one register tile)
    // wait for them. Measured on Zen 5 at 2 threads (MobileNetV2, whose
    // depthwise layers ran 1.3-2x slower per channel than at 1 thread):
    // its 28x28, 14x14 and 7x7 depthwise layers 14-30% faster, the model
    // 2.8% (alternating runs, 8 of 8 pairs), squeezenet1_1 1.5%; within
    // noise at 1 thread. Larger planes stream their stores and are left to
    // the hardware prefetcher.
    prefetchOutput =
        llvm::divideCeil(outH * outW, kCacheLineFloats) <= kMaxOutputPrefetchLines;
    auto loop = scf::ParallelOp::create(
        b, loc, ValueRange{lb}, ValueRange{ub}, ValueRange{step},
        [&](OpBuilder &nb, Location, ValueRange ivs) {
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPoint(nb.getInsertionBlock(), nb.getInsertionPoint());
          emitItem(ivs.front());
        });
    loop->setAttr(kParallelAttr, b.getUnitAttr());
  } else {
    scf::ForOp::create(b, loc, lb, ub, step, ValueRange{},
                       [&](OpBuilder &nb, Location, Value iv, ValueRange) {
                         {
                           OpBuilder::InsertionGuard guard(b);
                           b.setInsertionPoint(nb.getInsertionBlock(),
                                               nb.getInsertionPoint());
                           emitItem(iv);
                         }
                         scf::YieldOp::create(nb, loc);
                       });
  }
  return bufferization::ToTensorOp::create(
      b, loc, RankedTensorType::get(outType.getShape(), b.getF32Type()), outBuf,
      /*restrict=*/true, /*writable=*/true);
}

std::pair<Value, Value> WindowEmitter::itemCoordinates(Value item) {
  Value channelCount = index(channels);
  return {arith::DivUIOp::create(b, loc, item, channelCount),
          arith::RemUIOp::create(b, loc, item, channelCount)};
}

void WindowEmitter::prefetchOutputAhead(Value item) {
  Value later =
      arith::AddIOp::create(b, loc, item, index(kOutputPrefetchDistance));
  Value ahead = arith::MinUIOp::create(b, loc, later,
                                       index(batch * channels - 1));
  auto [aheadN, aheadC] = itemCoordinates(ahead);
  // One element per 16, and the last: every line of a plane that need not
  // start on a line boundary.
  int64_t plane = outH * outW;
  SmallVector<int64_t> offsets;
  for (int64_t f = 0; f < plane; f += kCacheLineFloats)
    offsets.push_back(f);
  if (offsets.back() != plane - 1)
    offsets.push_back(plane - 1);
  for (int64_t f : offsets)
    memref::PrefetchOp::create(
        b, loc, outBuf,
        ValueRange{aheadN, aheadC, index(f / outW), index(f % outW)},
        /*isWrite=*/true, /*localityHint=*/3, /*isDataCache=*/true);
}

void WindowEmitter::emitItem(Value item) {
  if (prefetchOutput)
    prefetchOutputAhead(item);
  std::tie(n, c) = itemCoordinates(item);
  weightSplats.clear();
  if (hoistWeights)
    for (int64_t ky = 0; ky < kh; ++ky)
      for (int64_t kx = 0; kx < kw; ++kx)
        weightSplats.push_back(splat(memref::LoadOp::create(
            b, loc, weightBuf, ValueRange{c, index(ky), index(kx)})));
  startSplat = nullptr;
  if (m.bias)
    startSplat = splat(memref::LoadOp::create(b, loc, biasBuf, ValueRange{c}));
  else if (m.fillValue)
    startSplat = splat(m.fillValue);

  int64_t tiles = (outW + lanes - 1) / lanes;
  int64_t groupTiles = std::min(tiles, budget);
  int64_t rows = std::clamp<int64_t>(budget / groupTiles, 1, 16);
  // A small image (14x14, 7x7) is one block: every input row is loaded
  // once per column tap.
  if (outH <= rows) {
    emitRows(nullptr, 0, outH);
    return;
  }
  // Rows [lo, hi) have every tap inside the image.
  int64_t lo = std::min(outH, (m.padTop + m.strideH - 1) / m.strideH);
  int64_t last = height - 1 + m.padTop - (kh - 1) * m.dilationH;
  int64_t hi = last < 0 ? 0 : last / m.strideH + 1;
  hi = std::clamp<int64_t>(hi, lo, outH);

  rows = std::min<int64_t>(rows, std::max<int64_t>(1, hi - lo));

  for (int64_t oy = 0; oy < lo; ++oy)
    emitRows(nullptr, oy, 1);
  int64_t blocks = (hi - lo) / rows;
  if (blocks > 0) {
    scf::ForOp::create(
        b, loc, index(lo), index(lo + blocks * rows), index(rows), ValueRange{},
        [&](OpBuilder &nb, Location, Value row, ValueRange) {
          {
            OpBuilder::InsertionGuard guard(b);
            b.setInsertionPoint(nb.getInsertionBlock(), nb.getInsertionPoint());
            emitRows(row, 0, rows);
          }
          scf::YieldOp::create(nb, loc);
        });
  }
  for (int64_t oy = lo + blocks * rows; oy < hi; ++oy)
    emitRows(nullptr, oy, 1);
  for (int64_t oy = hi; oy < outH; ++oy)
    emitRows(nullptr, oy, 1);
}

SmallVector<int64_t> WindowEmitter::tapsOf(int64_t oy) const {
  SmallVector<int64_t> taps;
  for (int64_t ky = 0; ky < kh; ++ky) {
    int64_t iy = oy * m.strideH + ky * m.dilationH - m.padTop;
    if (iy >= 0 && iy < height)
      taps.push_back(ky);
  }
  return taps;
}

Value WindowEmitter::rowIndex(Value row, int64_t staticRow, int64_t offset) {
  if (!row)
    return index(staticRow + offset);
  if (offset == 0)
    return row;
  return arith::AddIOp::create(b, loc, row, index(offset));
}

Value WindowEmitter::weightVector(int64_t ky, int64_t kx) {
  if (hoistWeights)
    return weightSplats[ky * kw + kx];
  return splat(memref::LoadOp::create(b, loc, weightBuf,
                                      ValueRange{c, index(ky), index(kx)}));
}

Value WindowEmitter::startVector(Value outRow, int64_t tile) {
  if (startSplat)
    return startSplat;
  int64_t valid = std::min(lanes, outW - tile * lanes);
  SmallVector<Value> indices{n, c, outRow, index(tile * lanes)};
  if (valid == lanes)
    return vector::LoadOp::create(b, loc, vecType, initBuf, indices);
  // The lanes past the row are never stored.
  return vector::MaskedLoadOp::create(b, loc, vecType, initBuf, indices,
                                      mask(vecType, valid), padVector(vecType));
}

TapSpan WindowEmitter::tapSpan(int64_t tile, int64_t kx) const {
  int64_t stride = m.strideW;
  int64_t span = stride * lanes;
  int64_t first = tile * lanes * stride + kx * m.dilationW - m.padLeft;
  int64_t phase = (kx * m.dilationW) % stride;
  TapSpan s;
  s.start = first - phase;
  s.lo = std::clamp<int64_t>(-s.start, 0, span);
  s.hi = std::clamp<int64_t>(width - s.start, 0, span);
  for (int64_t l = 0; l < lanes; ++l) {
    int64_t j = phase + stride * l;
    if (j >= s.lo && j < s.hi)
      s.empty = false;
  }
  if (stride == 1 && s.lo == 0)
    return s;
  // Span lane j = phase + stride * l is loaded lane j - lo, or the padding
  // outside the row: loaded lane hi - lo, the first the masked load filled
  // with the padding value. (There is one whenever a lane is padding: then
  // lo > 0 or hi < span, so fewer than `span` lanes were loaded.) A
  // one-source shuffle: LLVM makes a second source of padding into
  // scalar inserts.
  for (int64_t l = 0; l < lanes; ++l) {
    int64_t j = phase + stride * l;
    s.picks.push_back(j >= s.lo && j < s.hi ? j - s.lo : s.hi - s.lo);
  }
  return s;
}

Value WindowEmitter::rowBlock(PhasedRow &row, Value inputRow, int64_t offset,
                              int64_t j) {
  Value &v = row.blocks[{offset, j}];
  if (v)
    return v;
  int64_t first = j * lanes;
  int64_t valid = std::clamp<int64_t>(width - first, 0, lanes);
  if (first < 0 || valid == 0) {
    v = padVector(vecType);
    return v;
  }
  SmallVector<Value> indices{n, c, inputRow, index(first)};
  if (valid == lanes)
    v = vector::LoadOp::create(b, loc, vecType, inputBuf, indices);
  else
    v = vector::MaskedLoadOp::create(b, loc, vecType, inputBuf, indices,
                                     mask(vecType, valid), padVector(vecType));
  return v;
}

Value WindowEmitter::phaseVector(PhasedRow &row, Value inputRow,
                                 int64_t offset, int64_t tile, int64_t phase) {
  // Lane l: column 2 * (lanes * tile + l) + phase, from blocks 2 * tile
  // and 2 * tile + 1 (usePhases: stride 2 only).
  Value &v = row.phases[{offset, tile, phase}];
  if (v)
    return v;
  SmallVector<int64_t> picks;
  for (int64_t l = 0; l < lanes; ++l)
    picks.push_back(phase + 2 * l);
  v = vector::ShuffleOp::create(
      b, loc, vecType, rowBlock(row, inputRow, offset, 2 * tile),
      rowBlock(row, inputRow, offset, 2 * tile + 1), picks);
  return v;
}

Value WindowEmitter::phasedTap(PhasedRow &row, Value inputRow, int64_t offset,
                               int64_t tile, int64_t kx) {
  // Tap lane l reads column stride * (lanes * tile + l) + shift with shift
  // = kx * dilation - padLeft = stride * q + phase: lane l + q of the
  // phase's vectors, i.e. lane r + l of the pair of phase vectors of
  // tiles tile + qa and tile + qa + 1 (q = lanes * qa + r).
  int64_t stride = m.strideW;
  int64_t shift = kx * m.dilationW - m.padLeft;
  int64_t q = llvm::divideFloorSigned(shift, stride);
  int64_t phase = shift - q * stride;
  int64_t qa = llvm::divideFloorSigned(q, lanes);
  int64_t r = q - qa * lanes;
  Value low = phaseVector(row, inputRow, offset, tile + qa, phase);
  if (r == 0)
    return low;
  Value high = phaseVector(row, inputRow, offset, tile + qa + 1, phase);
  SmallVector<int64_t> picks;
  for (int64_t l = 0; l < lanes; ++l)
    picks.push_back(r + l);
  return vector::ShuffleOp::create(b, loc, vecType, low, high, picks);
}

Value WindowEmitter::loadSpan(Value inputRow, const TapSpan &s) {
  int64_t span = m.strideW * lanes;
  auto spanType = VectorType::get({span}, b.getF32Type());
  SmallVector<Value> indices{n, c, inputRow, index(s.start + s.lo)};
  if (s.lo == 0 && s.hi == span)
    return vector::LoadOp::create(b, loc, spanType, inputBuf, indices);
  return vector::MaskedLoadOp::create(b, loc, spanType, inputBuf, indices,
                                      mask(spanType, s.hi - s.lo),
                                      padVector(spanType));
}

Value WindowEmitter::pickLanes(Value loaded, const TapSpan &s) {
  if (s.picks.empty())
    return loaded;
  return vector::ShuffleOp::create(b, loc, vecType, loaded, loaded, s.picks);
}

Value WindowEmitter::maximum(Value acc, Value x) {
  if (!acc)
    return x;
  // llvm.intr.maximum(x, acc) with nsz: on x86 a vmaxps and a NaN check of
  // the first operand, x, off the accumulator chain (six instructions
  // without nsz). Not arith.maximumf: arith-expand-ops turns that into
  // compares and selects that x86 cannot fold into a vmaxps (four
  // instructions, two of them on mask registers).
  return LLVM::MaximumOp::create(
      b, loc, x, acc,
      LLVM::FastmathFlagsAttr::get(b.getContext(), LLVM::FastmathFlags::nsz));
}

Value WindowEmitter::applyEpilogue(Value acc) {
  if (!m.epilogue)
    return acc;
  Block *body = m.epilogue.getBlock();
  IRMapping map;
  map.map(body->getArgument(0), acc);
  auto lookup = [&](Value scalar) -> Value {
    if (Value mapped = map.lookupOrNull(scalar))
      return mapped;
    Value vector = splat(scalar);
    map.map(scalar, vector);
    return vector;
  };
  for (Operation &op : body->without_terminator()) {
    if (auto cst = dyn_cast<arith::ConstantOp>(op)) {
      map.map(cst.getResult(),
              arith::ConstantOp::create(
                  b, loc,
                  DenseElementsAttr::get(vecType,
                                         cast<FloatAttr>(cst.getValue()))));
      continue;
    }
    for (Value operand : op.getOperands())
      lookup(operand);
    Operation *clone = b.clone(op, map);
    for (OpResult result : clone->getResults())
      result.setType(vecType);
  }
  return lookup(body->getTerminator()->getOperand(0));
}

void WindowEmitter::storeTile(Value value, Value outRow, int64_t tile) {
  int64_t valid = std::min(lanes, outW - tile * lanes);
  SmallVector<Value> indices{n, c, outRow, index(tile * lanes)};
  if (valid == lanes) {
    vector::StoreOp::create(b, loc, value, outBuf, indices);
    return;
  }
  vector::MaskedStoreOp::create(b, loc, outBuf, indices, mask(vecType, valid),
                                value);
}

void WindowEmitter::emitRows(Value row, int64_t staticRow, int64_t rows) {
  int64_t tiles = (outW + lanes - 1) / lanes;
  SmallVector<Value> outRows;
  for (int64_t r = 0; r < rows; ++r)
    outRows.push_back(rowIndex(row, staticRow, r));
  // Input row r * strideH + ky * dilationH - padTop of the block, made once.
  std::map<int64_t, Value> inputRows;
  auto inputRow = [&](int64_t offset) {
    auto it = inputRows.find(offset);
    if (it != inputRows.end())
      return it->second;
    Value v;
    if (!row) {
      v = index(staticRow * m.strideH + offset);
    } else {
      Value scaled = m.strideH == 1
                         ? row
                         : arith::MulIOp::create(b, loc, row, index(m.strideH));
      v = offset == 0 ? scaled
                      : arith::AddIOp::create(b, loc, scaled, index(offset));
    }
    inputRows[offset] = v;
    return v;
  };
  // The kernel rows of output row r of the block that read the image.
  auto rowTaps = [&](int64_t r) {
    if (!row)
      return tapsOf(staticRow + r);
    return llvm::to_vector(llvm::seq<int64_t>(0, kh));
  };
  auto inputOffset = [&](int64_t r, int64_t ky) {
    return r * m.strideH + ky * m.dilationH - m.padTop;
  };
  // The spans loaded for a tile, by (input row offset, first column): the
  // rows of the block share them.
  std::map<std::pair<int64_t, int64_t>, Value> loads;
  auto load = [&](int64_t offset, const TapSpan &s) {
    Value &v = loads[{offset, s.start}];
    if (!v)
      v = loadSpan(inputRow(offset), s);
    return v;
  };

  if (m.kind == WindowKind::MaxPool) {
    // Tile by tile, row by row: each output row takes the maximum of its
    // input rows' spans (one per span start), then of the column taps
    // picked out of them, and stores it; only the spans shared with the
    // next row stay live.
    SmallVector<SmallVector<int64_t>> taps;
    for (int64_t r = 0; r < rows; ++r)
      taps.push_back(rowTaps(r));
    for (int64_t t = 0; t < tiles; ++t) {
      loads.clear();
      for (int64_t r = 0; r < rows; ++r) {
        Value acc = identityStart ? Value() : startVector(outRows[r], t);
        std::map<int64_t, Value> columnMax;
        for (int64_t kx = 0; kx < kw && !taps[r].empty(); ++kx) {
          TapSpan s = tapSpan(t, kx);
          if (s.empty)
            continue;
          Value &v = columnMax[s.start];
          if (!v)
            for (int64_t ky : taps[r])
              v = maximum(v, load(inputOffset(r, ky), s));
          acc = maximum(acc, pickLanes(v, s));
        }
        storeTile(applyEpilogue(acc ? acc : startSplat), outRows[r], t);
      }
    }
    return;
  }

  int64_t groupTiles = std::max<int64_t>(1, std::min(tiles, budget / rows));
  for (int64_t t0 = 0; t0 < tiles; t0 += groupTiles) {
    int64_t t1 = std::min(tiles, t0 + groupTiles);
    SmallVector<SmallVector<Value>> acc(rows);
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t t = t0; t < t1; ++t)
        acc[r].push_back(startVector(outRows[r], t));
    // Rows of the block read the same input rows for different taps
    // (stride 1): walk the input rows, load each (row, tile, column tap)
    // once and feed it to every output row it contributes to. For each
    // output row the taps still accumulate in (ky, kx) order.
    std::map<int64_t, SmallVector<std::pair<int64_t, int64_t>>> users;
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t ky : rowTaps(r))
        users[inputOffset(r, ky)].push_back({r, ky});
    PhasedRow phased;
    for (auto &[offset, rowTaps] : users) {
      for (int64_t t = t0; t < t1; ++t) {
        loads.clear();
        for (int64_t kx = 0; kx < kw; ++kx) {
          TapSpan s = tapSpan(t, kx);
          if (s.empty)
            continue;
          Value x = usePhases() ? phasedTap(phased, inputRow(offset), offset, t,
                                            kx)
                                : pickLanes(load(offset, s), s);
          for (auto [r, ky] : rowTaps) {
            Value &a = acc[r][t - t0];
            a = math::FmaOp::create(b, loc, x, weightVector(ky, kx), a);
          }
        }
      }
    }
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t t = t0; t < t1; ++t)
        storeTile(applyEpilogue(acc[r][t - t0]), outRows[r], t);
  }
}

struct WindowKernels : impl::WindowKernelsBase<WindowKernels> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    FailureOr<std::optional<TargetDescription>> description =
        vectorize::lookupVectorTarget(module, /*minVectorBits=*/64);
    if (failed(description))
      return signalPassFailure();
    if (!*description)
      return;
    auto matchOp = [](Operation *op) -> std::optional<WindowMatch> {
      if (auto dw = dyn_cast<linalg::DepthwiseConv2DNchwChwOp>(op))
        return match(dw);
      if (auto generic = dyn_cast<linalg::GenericOp>(op))
        return match(generic);
      return std::nullopt;
    };
    // The window ops first, matched again right before each rewrite: an
    // earlier rewrite may have replaced the values a later op reads (a max
    // pool of a max pool). A rewrite erases only its own op, epilogue,
    // initializer and pad, none of which is a window op.
    SmallVector<Operation *> windowOps;
    module.walk([&](Operation *op) {
      if (matchOp(op))
        windowOps.push_back(op);
    });
    OpBuilder b(&getContext());
    for (Operation *op : windowOps) {
      std::optional<WindowMatch> matched = matchOp(op);
      if (!matched)
        continue;
      WindowMatch &m = *matched;
      WindowEmitter emitter(b, m, **description);
      if (!emitter.supported())
        continue;
      Operation *last =
          m.epilogue ? m.epilogue.getOperation() : m.op.getOperation();
      b.setInsertionPoint(last);
      Value result = emitter.emit();
      last->getResult(0).replaceAllUsesWith(result);
      if (m.epilogue)
        m.epilogue->erase();
      m.op->erase();
      for (Operation *dead : {m.initOp, m.pad.getOperation()})
        if (dead && dead->use_empty())
          dead->erase();
    }
  }
};

} // namespace
} // namespace kiln::codegen
