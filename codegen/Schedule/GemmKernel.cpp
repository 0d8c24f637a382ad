//===- GemmKernel.cpp - The scheduled GEMM kernel -------------------------===//
//
// kernel = "gemm": C[M][N] = A[M][K] x W[K][N] with constant weights. The
// vector dimension is N: the weights are packed at compile time into
// [ceil(N/nr)][K][nr] panels (zero padded), so one k step of the
// micro-kernel reads nr contiguous floats; the broadcast operand is the
// activation, read in place (row-major, or column-major for Gemm's transA).
//
//===----------------------------------------------------------------------===//

#include "codegen/Schedule/KernelEmitter.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;

namespace kiln::codegen {
namespace {

using detail::ColumnTile;
using detail::GridItem;

/// Splat constant of `value` in `type`.
Value splatF32(OpBuilder &b, Location loc, VectorType type, double value) {
  return arith::ConstantOp::create(
      b, loc,
      DenseElementsAttr::get(type,
                             b.getF32FloatAttr(static_cast<float>(value))));
}

class GemmEmitter : public detail::ContractionKernelEmitter {
public:
  GemmEmitter(const KernelSchedule &schedule, int64_t m, int64_t n, int64_t k,
              const GemmKernelOperands &operands)
      : ContractionKernelEmitter(schedule, /*batchCount=*/1, m, n, k),
        operands(operands) {}

  /// Creates the buffers, then the loops; returns the result tensor.
  Value build(OpBuilder &b, Location loc, const detail::ConstantF32View &w) {
    lhs = detail::toReadOnlyBuffer(b, loc, operands.lhs);
    if (operands.bias)
      bias = detail::toReadOnlyBuffer(b, loc, operands.bias);
    packedWeights = packWeights(b, loc, w);
    auto resultType = MemRefType::get({M, N}, b.getF32Type());
    result =
        memref::AllocOp::create(b, loc, resultType, b.getI64IntegerAttr(64));
    emit(b, loc);
    return bufferization::ToTensorOp::create(
        b, loc, RankedTensorType::get({M, N}, b.getF32Type()), result,
        /*restrict=*/true, /*writable=*/true);
  }

protected:
  Value loadA(OpBuilder &b, Location loc, const GridItem &, Value m0,
              int64_t row, Value k) override {
    Value m = arith::AddIOp::create(b, loc, m0, constantIndex(b, loc, row));
    if (operands.transposeLhs)
      return memref::LoadOp::create(b, loc, lhs, ValueRange{k, m});
    return memref::LoadOp::create(b, loc, lhs, ValueRange{m, k});
  }

  Value loadB(OpBuilder &b, Location loc, const GridItem &item,
              const ColumnTile &, Value, Value k, int64_t vector) override {
    // Panels are zero padded: every vector is a full, in-bounds load.
    Value column = constantIndex(b, loc, vector * schedule.vectorWidth);
    return vector::LoadOp::create(b, loc, vectorType(), packedWeights,
                                  ValueRange{item.nTile, k, column});
  }

  Value resultBuffer() const override { return result; }

  SmallVector<Value> resultIndices(OpBuilder &, Location, const GridItem &,
                                   Value m, Value n) override {
    return {m, n};
  }

  Value finish(OpBuilder &b, Location loc, const GridItem &, Value m, Value n,
               const ColumnTile &tile, int64_t vector, Value acc) override {
    VectorType type = vectorType();
    Value y = acc;
    if (operands.alpha != 1.0)
      y = arith::MulFOp::create(b, loc, y,
                                splatF32(b, loc, type, operands.alpha));
    if (bias) {
      Value value;
      switch (operands.biasLayout) {
      case BiasLayout::Scalar:
        value = vector::BroadcastOp::create(
            b, loc, type,
            memref::LoadOp::create(b, loc, bias,
                                   ValueRange{constantIndex(b, loc, 0)}));
        break;
      case BiasLayout::PerRow:
        value = vector::BroadcastOp::create(
            b, loc, type, memref::LoadOp::create(b, loc, bias, ValueRange{m}));
        break;
      case BiasLayout::PerColumn:
        value = loadVector(b, loc, bias, ValueRange{n}, lanesOf(tile, vector));
        break;
      case BiasLayout::Full: {
        Value row = arith::MulIOp::create(b, loc, m, constantIndex(b, loc, N));
        Value index = arith::AddIOp::create(b, loc, row, n);
        value =
            loadVector(b, loc, bias, ValueRange{index}, lanesOf(tile, vector));
        break;
      }
      }
      if (operands.biasScale != 1.0)
        value = arith::MulFOp::create(
            b, loc, value, splatF32(b, loc, type, operands.biasScale));
      y = arith::AddFOp::create(b, loc, y, value);
    }
    if (operands.activation)
      y = operands.activation(b, loc, y);
    return y;
  }

private:
  /// [ceil(N/nr)][K][nr] panels of W (transposed first when
  /// transposeWeights), zero padded past column N.
  Value packWeights(OpBuilder &b, Location loc,
                    const detail::ConstantF32View &w) {
    int64_t nr = schedule.nr;
    bool transposed = operands.transposeWeights;
    return detail::createPackedConstant(
        b, loc, {nTiles, K, nr}, [&](float *panel) {
          for (int64_t tile = 0; tile < nTiles; ++tile)
            for (int64_t k = 0; k < K; ++k)
              for (int64_t j = 0; j < nr; ++j) {
                int64_t n = tile * nr + j;
                if (n >= N)
                  break;
                panel[(tile * K + k) * nr + j] =
                    transposed ? w[n * K + k] : w[k * N + n];
              }
        });
  }

  const GemmKernelOperands &operands;
  Value lhs, bias, packedWeights, result;
};

} // namespace

FailureOr<Value> emitGemmKernel(OpBuilder &b, Operation *op,
                                const KernelSchedule &schedule,
                                const GemmKernelOperands &operands) {
  if (schedule.kernel != KernelSchedule::Kernel::Gemm)
    return op->emitError("kiln.schedule kernel does not apply to a GEMM");
  auto lhsType = dyn_cast<RankedTensorType>(operands.lhs.getType());
  auto weightType = dyn_cast<ShapedType>(operands.weights.getType());
  if (!lhsType || lhsType.getRank() != 2 || !lhsType.hasStaticShape() ||
      !lhsType.getElementType().isF32() || !weightType ||
      weightType.getRank() != 2 || !weightType.hasStaticShape())
    return op->emitError("scheduled GEMM expects a static 2-D f32 activation "
                         "and 2-D constant weights");
  int64_t m = lhsType.getDimSize(operands.transposeLhs ? 1 : 0);
  int64_t k = lhsType.getDimSize(operands.transposeLhs ? 0 : 1);
  int64_t wk = weightType.getDimSize(operands.transposeWeights ? 1 : 0);
  int64_t n = weightType.getDimSize(operands.transposeWeights ? 0 : 1);
  if (wk != k || m <= 0 || n <= 0 || k <= 0)
    return op->emitError("scheduled GEMM has mismatched or empty dims: ")
           << m << "x" << k << " times " << wk << "x" << n;
  FailureOr<detail::ConstantF32View> weights =
      detail::ConstantF32View::get(op, operands.weights, k * n);
  if (failed(weights))
    return failure();
  if (operands.bias) {
    auto biasType = dyn_cast<RankedTensorType>(operands.bias.getType());
    int64_t expected = 1;
    switch (operands.biasLayout) {
    case BiasLayout::Scalar:
      break;
    case BiasLayout::PerRow:
      expected = m;
      break;
    case BiasLayout::PerColumn:
      expected = n;
      break;
    case BiasLayout::Full:
      expected = m * n;
      break;
    }
    if (!biasType || biasType.getRank() != 1 ||
        !biasType.getElementType().isF32() ||
        biasType.getDimSize(0) != expected)
      return op->emitError("scheduled GEMM expects a 1-D f32 bias of ")
             << expected << " elements";
  }
  GemmEmitter emitter(schedule, m, n, k, operands);
  return emitter.build(b, op->getLoc(), *weights);
}

} // namespace kiln::codegen
