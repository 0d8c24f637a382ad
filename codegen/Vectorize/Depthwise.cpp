//===- Depthwise.cpp - Depthwise convolutions that read unpadded input ----===//
//
// Implements kiln-depthwise-conv. The generic lowering of a padded depthwise
// convolution goes through tensor.pad, which bufferizes to a zero fill of a
// padded copy of the input plus a copy of the whole input into it: in
// MobileNetV2 that copy and the fills of its border cost as much as the
// convolution itself (the layers are bound by memory traffic, not FMAs).
// This pass rewrites `linalg.depthwise_conv_2d_nchw_chw` on tensors, with
// its tensor.pad, its bias-broadcast initializer and an elementwise
// epilogue (ReLU6), into one vector kernel on buffers that reads the
// unpadded input: a tap whose input row lies in the padding is skipped, and
// a tap whose input columns cross the left or right border loads the valid
// columns with a masked load and shifts zeros in with a constant shuffle.
// Every padding decision is static: rows near the top and bottom are
// emitted one by one with the taps that hit the image, the rows in between
// run in an scf.for with all taps.
//
// Per channel (the grid: batch x channels, an scf.parallel {kiln.parallel}
// on several cores) the weights stay in registers as broadcast vectors; a
// register tile of R output rows x T vectors of an output row accumulates
// over the taps (a small image, 14x14 or 7x7, is a single tile of all its
// rows), the rows of the tile share the loads of the input rows they have
// in common, and the column taps of one stride phase share a load.
//
//===----------------------------------------------------------------------===//

#include "codegen/Vectorize/VectorPlan.h"
#include "kiln/Codegen/VectorizePasses.h"
#include "kiln/Support/TargetDescription.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"

#include <algorithm>
#include <map>

namespace kiln::codegen {

#define GEN_PASS_DEF_DEPTHWISECONV
#include "codegen/Vectorize/Passes.h.inc"

using namespace mlir;

namespace {

/// The unit attribute kiln-outline-parallel looks for.
constexpr llvm::StringLiteral kParallelAttr = "kiln.parallel";
/// Grids of fewer multiply-adds stay on one core.
constexpr int64_t kParallelThreshold = 1 << 15;
/// The most vector multiply-adds the kernel unrolls for one channel.
constexpr int64_t kMaxUnrolledTaps = 1 << 15;

/// A depthwise convolution and the ops around it that the kernel absorbs.
struct DepthwiseMatch {
  linalg::DepthwiseConv2DNchwChwOp op;
  tensor::PadOp pad;  ///< Null when the input is not padded.
  Value input;        ///< [N, C, H, W], unpadded.
  Value weights;      ///< [C, KH, KW].
  Value bias;         ///< [C] broadcast into the initial output, or null.
  Value fillValue;    ///< Scalar initial output (linalg.fill), or null.
  Value init;         ///< Initial output to read otherwise.
  Operation *initOp = nullptr;           ///< The bias broadcast / fill.
  linalg::GenericOp epilogue;            ///< Elementwise map of the result.
  int64_t padTop = 0, padLeft = 0;
  int64_t strideH = 1, strideW = 1, dilationH = 1, dilationW = 1;
};

bool isF32(Type type) { return type.isF32(); }

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

std::optional<DepthwiseMatch> match(linalg::DepthwiseConv2DNchwChwOp op) {
  if (!op.hasPureTensorSemantics() || op->getNumResults() != 1)
    return std::nullopt;
  DepthwiseMatch m;
  m.op = op;
  Value input = op.getDpsInputOperand(0)->get();
  m.weights = op.getDpsInputOperand(1)->get();
  Value init = op.getDpsInitOperand(0)->get();
  auto resultType = dyn_cast<RankedTensorType>(op->getResult(0).getType());
  if (!resultType || !resultType.hasStaticShape() ||
      !isF32(resultType.getElementType()))
    return std::nullopt;
  for (Value v : {input, m.weights, init}) {
    auto type = dyn_cast<RankedTensorType>(v.getType());
    if (!type || !type.hasStaticShape() || !isF32(type.getElementType()))
      return std::nullopt;
  }
  auto strides = llvm::to_vector(op.getStrides().getValues<int64_t>());
  auto dilations = llvm::to_vector(op.getDilations().getValues<int64_t>());
  if (strides.size() != 2 || dilations.size() != 2 ||
      llvm::any_of(strides, [](int64_t s) { return s < 1 || s > 4; }) ||
      llvm::any_of(dilations, [](int64_t d) { return d < 1; }))
    return std::nullopt;
  m.strideH = strides[0];
  m.strideW = strides[1];
  m.dilationH = dilations[0];
  m.dilationW = dilations[1];

  // A zero pad of the two spatial dims; the high pads follow from the
  // shapes.
  m.input = input;
  if (auto pad = input.getDefiningOp<tensor::PadOp>()) {
    Value padValue = pad.getConstantPaddingValue();
    auto source = dyn_cast<RankedTensorType>(pad.getSource().getType());
    ArrayRef<int64_t> low = pad.getStaticLow(), high = pad.getStaticHigh();
    if (!padValue || !matchPattern(padValue, m_AnyZeroFloat()) || !source ||
        !source.hasStaticShape() || low.size() != 4 || high.size() != 4 ||
        low[0] != 0 || low[1] != 0 || high[0] != 0 || high[1] != 0 ||
        llvm::any_of(llvm::concat<const int64_t>(low, high),
                     [](int64_t p) { return p < 0; }))
      return std::nullopt;
    m.pad = pad;
    m.input = pad.getSource();
    m.padTop = low[2];
    m.padLeft = low[3];
  }

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

  Value result = op->getResult(0);
  if (result.hasOneUse()) {
    auto generic = dyn_cast<linalg::GenericOp>(*result.getUsers().begin());
    if (isElementwiseEpilogue(generic, result))
      m.epilogue = generic;
  }
  return m;
}

/// Writes the kernel of one match.
class DepthwiseEmitter {
public:
  DepthwiseEmitter(OpBuilder &b, DepthwiseMatch m,
                   const TargetDescription &target)
      : b(b), m(m), loc(m.op.getLoc()) {
    auto inShape = cast<RankedTensorType>(m.input.getType()).getShape();
    auto wShape = cast<RankedTensorType>(m.weights.getType()).getShape();
    auto outShape =
        cast<RankedTensorType>(m.op->getResult(0).getType()).getShape();
    batch = inShape[0];
    channels = inShape[1];
    height = inShape[2];
    width = inShape[3];
    kh = wShape[1];
    kw = wShape[2];
    outH = outShape[2];
    outW = outShape[3];
    lanes = std::max<int64_t>(2, target.vectorBits / 32);
    vecType = VectorType::get({lanes}, b.getF32Type());
    hoistWeights = kh * kw <= target.vectorRegisters / 2;
    // Accumulators: what the weights, one loaded input and a shuffle
    // temporary leave of the register file.
    budget = std::clamp<int64_t>(
        target.vectorRegisters - (hoistWeights ? kh * kw : 0) - 3, 1, 16);
    cores = target.cores;
  }

  /// Whether the shapes are those of a depthwise convolution this kernel
  /// handles (the linalg verifier already checked the output extents).
  bool supported() const {
    auto weightType = cast<RankedTensorType>(m.weights.getType());
    if (channels != weightType.getDimSize(0) || kh < 1 || kw < 1 ||
        outH < 1 || outW < 1)
      return false;
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
  Value splat(Value scalar) {
    return vector::BroadcastOp::create(b, loc, vecType, scalar);
  }
  Value zeros(VectorType type) {
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
  /// The input columns tap `kx` of output tile `tile` reads, as a vector of
  /// `lanes` (zero in the padding); null when all of them are padding.
  /// `wideLoads` holds the spans already loaded from this input row and
  /// tile, by first column.
  Value loadTap(Value inputRow, int64_t tile, int64_t kx,
                llvm::DenseMap<int64_t, Value> &wideLoads);
  Value weightVector(int64_t ky, int64_t kx);
  Value startVector(Value outRow, int64_t tile);
  Value applyEpilogue(Value acc);
  void storeTile(Value value, Value outRow, int64_t tile);
  Value rowIndex(Value row, int64_t staticRow, int64_t offset);

  OpBuilder &b;
  DepthwiseMatch m;
  Location loc;
  int64_t batch, channels, height, width, kh, kw, outH, outW, lanes, budget,
      cores;
  bool hoistWeights;
  VectorType vecType;
  Value inputBuf, weightBuf, biasBuf, initBuf, outBuf;
  Value n, c, startSplat;
  SmallVector<Value> weightSplats;
};

Value DepthwiseEmitter::emit() {
  auto toBuffer = [&](Value tensor) {
    auto type = cast<RankedTensorType>(tensor.getType());
    return bufferization::ToBufferOp::create(
        b, loc, MemRefType::get(type.getShape(), type.getElementType()),
        tensor, /*read_only=*/true);
  };
  inputBuf = toBuffer(m.input);
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
      b, loc, RankedTensorType::get(outType.getShape(), b.getF32Type()),
      outBuf, /*restrict=*/true, /*writable=*/true);
}

void DepthwiseEmitter::emitItem(Value item) {
  Value channelCount = index(channels);
  n = arith::DivUIOp::create(b, loc, item, channelCount);
  c = arith::RemUIOp::create(b, loc, item, channelCount);
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
        b, loc, index(lo), index(lo + blocks * rows), index(rows),
        ValueRange{}, [&](OpBuilder &nb, Location, Value row, ValueRange) {
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

SmallVector<int64_t> DepthwiseEmitter::tapsOf(int64_t oy) const {
  SmallVector<int64_t> taps;
  for (int64_t ky = 0; ky < kh; ++ky) {
    int64_t iy = oy * m.strideH + ky * m.dilationH - m.padTop;
    if (iy >= 0 && iy < height)
      taps.push_back(ky);
  }
  return taps;
}

Value DepthwiseEmitter::rowIndex(Value row, int64_t staticRow,
                                 int64_t offset) {
  if (!row)
    return index(staticRow + offset);
  if (offset == 0)
    return row;
  return arith::AddIOp::create(b, loc, row, index(offset));
}

Value DepthwiseEmitter::weightVector(int64_t ky, int64_t kx) {
  if (hoistWeights)
    return weightSplats[ky * kw + kx];
  return splat(memref::LoadOp::create(b, loc, weightBuf,
                                      ValueRange{c, index(ky), index(kx)}));
}

Value DepthwiseEmitter::startVector(Value outRow, int64_t tile) {
  if (startSplat)
    return startSplat;
  int64_t valid = std::min(lanes, outW - tile * lanes);
  SmallVector<Value> indices{n, c, outRow, index(tile * lanes)};
  if (valid == lanes)
    return vector::LoadOp::create(b, loc, vecType, initBuf, indices);
  return vector::MaskedLoadOp::create(b, loc, vecType, initBuf, indices,
                                      mask(vecType, valid), zeros(vecType));
}

Value DepthwiseEmitter::loadTap(Value inputRow, int64_t tile, int64_t kx,
                                llvm::DenseMap<int64_t, Value> &wideLoads) {
  int64_t stride = m.strideW;
  int64_t span = stride * lanes;
  // Lane l of the tap is column first + stride * l. The span loaded starts
  // `phase` columns earlier, so that the column taps of one phase class
  // (kx = 0 and 1 of a stride-2 3x3: even and odd columns) share a load.
  int64_t first = tile * lanes * stride + kx * m.dilationW - m.padLeft;
  int64_t phase = (kx * m.dilationW) % stride;
  int64_t start = first - phase;
  // Lanes [lo, hi) of the span are inside the row.
  int64_t lo = std::clamp<int64_t>(-start, 0, span);
  int64_t hi = std::clamp<int64_t>(width - start, 0, span);
  bool any = false;
  for (int64_t l = 0; l < lanes; ++l)
    any |= phase + stride * l >= lo && phase + stride * l < hi;
  if (!any)
    return nullptr;
  auto spanType = VectorType::get({span}, b.getF32Type());
  Value &loaded = wideLoads[start];
  if (!loaded) {
    SmallVector<Value> indices{n, c, inputRow, index(start + lo)};
    if (lo == 0 && hi == span)
      loaded = vector::LoadOp::create(b, loc, spanType, inputBuf, indices);
    else
      loaded = vector::MaskedLoadOp::create(b, loc, spanType, inputBuf,
                                            indices, mask(spanType, hi - lo),
                                            zeros(spanType));
  }
  if (stride == 1 && lo == 0)
    return loaded;
  // Span lane j = phase + stride * l is loaded lane j - lo, or a zero (lane
  // `span` of the second operand) in the padding.
  SmallVector<int64_t> picks;
  for (int64_t l = 0; l < lanes; ++l) {
    int64_t j = phase + stride * l;
    picks.push_back(j >= lo && j < hi ? j - lo : span);
  }
  return vector::ShuffleOp::create(b, loc, vecType, loaded, zeros(spanType),
                                   picks);
}

Value DepthwiseEmitter::applyEpilogue(Value acc) {
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

void DepthwiseEmitter::storeTile(Value value, Value outRow, int64_t tile) {
  int64_t valid = std::min(lanes, outW - tile * lanes);
  SmallVector<Value> indices{n, c, outRow, index(tile * lanes)};
  if (valid == lanes) {
    vector::StoreOp::create(b, loc, value, outBuf, indices);
    return;
  }
  vector::MaskedStoreOp::create(b, loc, outBuf, indices, mask(vecType, valid),
                                value);
}

void DepthwiseEmitter::emitRows(Value row, int64_t staticRow, int64_t rows) {
  int64_t tiles = (outW + lanes - 1) / lanes;
  int64_t groupTiles = std::max<int64_t>(1, std::min(tiles, budget / rows));
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
      Value scaled = m.strideH == 1 ? row
                                    : arith::MulIOp::create(
                                          b, loc, row, index(m.strideH));
      v = offset == 0 ? scaled
                      : arith::AddIOp::create(b, loc, scaled, index(offset));
    }
    inputRows[offset] = v;
    return v;
  };

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
    for (int64_t r = 0; r < rows; ++r) {
      SmallVector<int64_t> taps;
      if (row)
        llvm::append_range(taps, llvm::seq<int64_t>(0, kh));
      else
        taps = tapsOf(staticRow + r);
      for (int64_t ky : taps)
        users[r * m.strideH + ky * m.dilationH - m.padTop].push_back({r, ky});
    }
    for (auto &[offset, rowTaps] : users) {
      for (int64_t t = t0; t < t1; ++t) {
        llvm::DenseMap<int64_t, Value> wideLoads;
        for (int64_t kx = 0; kx < kw; ++kx) {
          Value x = loadTap(inputRow(offset), t, kx, wideLoads);
          if (!x)
            continue;
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

struct DepthwiseConv : impl::DepthwiseConvBase<DepthwiseConv> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    FailureOr<std::optional<TargetDescription>> description =
        vectorize::lookupVectorTarget(module, /*minVectorBits=*/64);
    if (failed(description))
      return signalPassFailure();
    if (!*description)
      return;
    SmallVector<DepthwiseMatch> matches;
    module.walk([&](linalg::DepthwiseConv2DNchwChwOp op) {
      if (std::optional<DepthwiseMatch> m = match(op))
        matches.push_back(*m);
    });
    OpBuilder b(&getContext());
    for (DepthwiseMatch &m : matches) {
      DepthwiseEmitter emitter(b, m, **description);
      if (!emitter.supported())
        continue;
      Operation *last = m.epilogue ? m.epilogue.getOperation()
                                   : m.op.getOperation();
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
