//===- Attention.cpp - graph.attention to linalg --------------------------===//
//
// softmax(scale * q x k^T + mask) x v as four loop nests, all accumulating in
// the compute type (f32 for f16/bf16):
//   1. scores = q x k^T: one generic reading k through a transposed map, so
//      no transpose of k is materialized;
//   2. scores * scale + mask, the mask read through its broadcast map;
//   3. softmax along the last dim (the graph.softmax lowering's builder);
//   4. probs x v, then rounded to the result's element type.
//
//===----------------------------------------------------------------------===//

#include "codegen/GraphToLinalg/Utils.h"
#include "dialects/Graph/IR/GraphOps.h"
#include "kiln/Codegen/GraphToLinalg.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"

using namespace mlir;
using namespace kiln::graph;

namespace kiln::codegen {
namespace {

/// A batched contraction over loops (batch..., i, j, r): out(b, i, j) +=
/// lhs(lhsMap) * rhs(rhsMap), reduction over r, into a zero-filled tensor
/// of `type` (compute type). Operands are promoted to the compute type.
Value buildBatchedContraction(OpBuilder &b, Location loc, Value lhs, Value rhs,
                              AffineMap lhsMap, AffineMap rhsMap,
                              RankedTensorType type) {
  unsigned numLoops = type.getRank() + 1;
  MLIRContext *ctx = b.getContext();
  AffineMap outMap = AffineMap::getMultiDimIdentityMap(numLoops, ctx)
                         .getMajorSubMap(type.getRank());
  SmallVector<utils::IteratorType> iterators(numLoops,
                                             utils::IteratorType::parallel);
  iterators.back() = utils::IteratorType::reduction;
  Value init = createFilledTensor(b, loc, type,
                                  createZero(b, loc, type.getElementType()));
  return linalg::GenericOp::create(
             b, loc, TypeRange{type}, ValueRange{lhs, rhs}, ValueRange{init},
             SmallVector<AffineMap>{lhsMap, rhsMap, outMap}, iterators,
             [](OpBuilder &nb, Location l, ValueRange args) {
               Value product = arith::MulFOp::create(
                   nb, l, promoteToCompute(nb, l, args[0]),
                   promoteToCompute(nb, l, args[1]));
               linalg::YieldOp::create(
                   nb, l,
                   ValueRange{arith::AddFOp::create(nb, l, args[2], product)});
             })
      .getResult(0);
}

/// The map (batch..., i, j, r) -> (batch..., first, second) where first and
/// second name loops by position.
AffineMap getOperandMap(unsigned rank, unsigned first, unsigned second,
                        MLIRContext *ctx) {
  SmallVector<AffineExpr> exprs;
  for (unsigned d = 0; d + 2 < rank; ++d)
    exprs.push_back(getAffineDimExpr(d, ctx));
  exprs.push_back(getAffineDimExpr(first, ctx));
  exprs.push_back(getAffineDimExpr(second, ctx));
  return AffineMap::get(rank + 1, 0, exprs, ctx);
}

class AttentionPattern : public OpConversionPattern<AttentionOp> {
public:
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(AttentionOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type elementType = op.getQuery().getType().getElementType();
    for (Value v : {op.getKey(), op.getValue(), op.getMask()})
      if (v && getElementType(v) != elementType)
        return emitUnsupported(op, "needs one element type for query, key, "
                                   "value and mask");

    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    auto resultType =
        getTypeConverter()->convertType<RankedTensorType>(op.getType());
    Type storageType = resultType.getElementType();
    Type computeType = getComputeType(storageType);
    unsigned rank = resultType.getRank();
    ArrayRef<int64_t> qShape = op.getQuery().getType().getShape();
    int64_t keyLength = op.getKey().getType().getDimSize(rank - 2);
    // Loops of both products: batch dims, then i = rank-2, j = rank-1 and
    // the reduced r = rank.
    unsigned i = rank - 2, j = rank - 1, r = rank;

    SmallVector<int64_t> scoresShape(qShape.drop_back());
    scoresShape.push_back(keyLength);
    auto scoresType = RankedTensorType::get(scoresShape, computeType);
    Value scores = buildBatchedContraction(
        rewriter, loc, adaptor.getQuery(), adaptor.getKey(),
        getOperandMap(rank, i, r, ctx), getOperandMap(rank, j, r, ctx),
        scoresType);

    double scale = op.getScale().convertToDouble();
    SmallVector<Value> inputs = {scores};
    SmallVector<AffineMap> maps = {rewriter.getMultiDimIdentityMap(rank)};
    if (Value mask = adaptor.getMask()) {
      inputs.push_back(mask);
      maps.push_back(
          getBroadcastMap(op.getMask().getType().getShape(), scoresShape, ctx));
    }
    Value scaled = buildParallelGeneric(
        rewriter, loc, createEmptyTensor(rewriter, loc, scoresType), inputs,
        maps, [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          Value s = arith::MulFOp::create(
              b, l, args[0], createFloatConstant(b, l, computeType, scale));
          if (args.size() > 1)
            s = arith::AddFOp::create(b, l, s, promoteToCompute(b, l, args[1]));
          return s;
        });
    Value probs = buildSoftmax(rewriter, loc, scaled, rank - 1, scoresType);

    Value result = buildBatchedContraction(
        rewriter, loc, probs, adaptor.getValue(),
        getOperandMap(rank, i, r, ctx), getOperandMap(rank, r, j, ctx),
        resultType.clone(computeType));
    if (computeType != storageType)
      result = buildElementwise(rewriter, loc, resultType, ValueRange{result},
                                [&](OpBuilder &b, Location l, ValueRange args) {
                                  return demoteFromCompute(b, l, args[0],
                                                           storageType);
                                });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void populateGraphAttentionToLinalgPatterns(TypeConverter &converter,
                                            RewritePatternSet &patterns) {
  patterns.add<AttentionPattern>(converter, patterns.getContext());
}

} // namespace kiln::codegen
