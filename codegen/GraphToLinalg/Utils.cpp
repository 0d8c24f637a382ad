//===- Utils.cpp - Shared helpers of the graph to linalg lowering ---------===//

#include "codegen/GraphToLinalg/Utils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"
#include "mlir/IR/TypeUtilities.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace kiln::codegen {

//===----------------------------------------------------------------------===//
// Element types
//===----------------------------------------------------------------------===//

ScalarKind getScalarKind(Type elementType) {
  if (isa<FloatType>(elementType))
    return ScalarKind::Float;
  auto intType = cast<IntegerType>(elementType);
  if (intType.getWidth() == 1)
    return ScalarKind::Bool;
  return intType.isUnsigned() ? ScalarKind::Unsigned : ScalarKind::Signed;
}

Type getElementType(Value tensor) {
  return cast<RankedTensorType>(tensor.getType()).getElementType();
}

Type getSignlessType(Type type) {
  if (auto intType = dyn_cast<IntegerType>(type);
      intType && intType.isUnsigned())
    return IntegerType::get(type.getContext(), intType.getWidth());
  return type;
}

Type getComputeType(Type storageType) {
  if (isa<Float16Type, BFloat16Type>(storageType))
    return Float32Type::get(storageType.getContext());
  return getSignlessType(storageType);
}

Value promoteToCompute(OpBuilder &b, Location loc, Value value) {
  Type computeType = getComputeType(value.getType());
  if (computeType == value.getType())
    return value;
  return arith::ExtFOp::create(b, loc, computeType, value);
}

Value demoteFromCompute(OpBuilder &b, Location loc, Value value,
                        Type storageType) {
  if (value.getType() == storageType)
    return value;
  return arith::TruncFOp::create(b, loc, storageType, value);
}

//===----------------------------------------------------------------------===//
// Scalar constants and arithmetic
//===----------------------------------------------------------------------===//

/// An arith.constant of `scalar`, splat when `type` is a vector type (the
/// contraction kernels apply the activation builders to whole vectors).
static Value createScalarOrSplat(OpBuilder &b, Location loc, Type type,
                                 TypedAttr scalar) {
  if (auto vectorType = dyn_cast<VectorType>(type))
    return arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(vectorType, Attribute(scalar)));
  return arith::ConstantOp::create(b, loc, scalar);
}

Value createFloatConstant(OpBuilder &b, Location loc, Type type, double value) {
  return createScalarOrSplat(
      b, loc, type, b.getFloatAttr(getElementTypeOrSelf(type), value));
}

static Value createIntConstant(OpBuilder &b, Location loc, Type type,
                               const APInt &value) {
  return createScalarOrSplat(
      b, loc, type, IntegerAttr::get(getElementTypeOrSelf(type), value));
}

Value createIntConstant(OpBuilder &b, Location loc, Type type, int64_t value) {
  // Two's complement truncation makes -1 : i1 and 255 : i8 both valid.
  unsigned width = cast<IntegerType>(getElementTypeOrSelf(type)).getWidth();
  return createIntConstant(b, loc, type,
                           APInt(width, static_cast<uint64_t>(value),
                                 /*isSigned=*/false, /*implicitTrunc=*/true));
}

Value createZero(OpBuilder &b, Location loc, Type type) {
  if (isa<FloatType>(getElementTypeOrSelf(type)))
    return createFloatConstant(b, loc, type, 0.0);
  return createIntConstant(b, loc, type, 0);
}

Value createOne(OpBuilder &b, Location loc, Type type) {
  if (isa<FloatType>(getElementTypeOrSelf(type)))
    return createFloatConstant(b, loc, type, 1.0);
  return createIntConstant(b, loc, type, 1);
}

static Value createExtreme(OpBuilder &b, Location loc, Type type,
                           Type valueType, bool lowest) {
  ScalarKind kind = getScalarKind(type);
  if (kind == ScalarKind::Float) {
    auto floatType = cast<FloatType>(valueType);
    APFloat inf = APFloat::getInf(floatType.getFloatSemantics(), lowest);
    return arith::ConstantOp::create(b, loc, b.getFloatAttr(floatType, inf));
  }
  unsigned width = cast<IntegerType>(valueType).getWidth();
  APInt value;
  if (kind == ScalarKind::Signed)
    value = lowest ? APInt::getSignedMinValue(width)
                   : APInt::getSignedMaxValue(width);
  else // Unsigned and bool.
    value = lowest ? APInt::getZero(width) : APInt::getMaxValue(width);
  return createIntConstant(b, loc, valueType, value);
}

Value createLowest(OpBuilder &b, Location loc, Type type, Type valueType) {
  return createExtreme(b, loc, type, valueType, /*lowest=*/true);
}

Value createHighest(OpBuilder &b, Location loc, Type type, Type valueType) {
  return createExtreme(b, loc, type, valueType, /*lowest=*/false);
}

Value createAdd(OpBuilder &b, Location loc, ScalarKind kind, Value lhs,
                Value rhs) {
  if (kind == ScalarKind::Float)
    return arith::AddFOp::create(b, loc, lhs, rhs);
  return arith::AddIOp::create(b, loc, lhs, rhs);
}

Value createSub(OpBuilder &b, Location loc, ScalarKind kind, Value lhs,
                Value rhs) {
  if (kind == ScalarKind::Float)
    return arith::SubFOp::create(b, loc, lhs, rhs);
  return arith::SubIOp::create(b, loc, lhs, rhs);
}

Value createMul(OpBuilder &b, Location loc, ScalarKind kind, Value lhs,
                Value rhs) {
  if (kind == ScalarKind::Float)
    return arith::MulFOp::create(b, loc, lhs, rhs);
  return arith::MulIOp::create(b, loc, lhs, rhs);
}

Value createDiv(OpBuilder &b, Location loc, ScalarKind kind, Value lhs,
                Value rhs) {
  if (kind == ScalarKind::Float)
    return arith::DivFOp::create(b, loc, lhs, rhs);
  Type type = lhs.getType();
  Value zero = createZero(b, loc, type);
  Value one = createOne(b, loc, type);
  Value isZero =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, rhs, zero);
  if (kind == ScalarKind::Unsigned || kind == ScalarKind::Bool) {
    Value safe = arith::SelectOp::create(b, loc, isZero, one, rhs);
    Value quotient = arith::DivUIOp::create(b, loc, lhs, safe);
    return arith::SelectOp::create(b, loc, isZero, zero, quotient);
  }
  // x / -1 is computed as 0 - x so that INT_MIN / -1 wraps instead of
  // faulting like the hardware division would.
  Value minusOne = createIntConstant(b, loc, type, -1);
  Value isMinusOne =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, rhs, minusOne);
  Value special = arith::OrIOp::create(b, loc, isZero, isMinusOne);
  Value safe = arith::SelectOp::create(b, loc, special, one, rhs);
  Value quotient = arith::DivSIOp::create(b, loc, lhs, safe);
  Value negated = arith::SubIOp::create(b, loc, zero, lhs);
  Value nonZero =
      arith::SelectOp::create(b, loc, isMinusOne, negated, quotient);
  return arith::SelectOp::create(b, loc, isZero, zero, nonZero);
}

Value createMax(OpBuilder &b, Location loc, ScalarKind kind, Value lhs,
                Value rhs) {
  if (kind == ScalarKind::Float)
    return arith::MaximumFOp::create(b, loc, lhs, rhs);
  if (kind == ScalarKind::Signed)
    return arith::MaxSIOp::create(b, loc, lhs, rhs);
  return arith::MaxUIOp::create(b, loc, lhs, rhs);
}

Value createMin(OpBuilder &b, Location loc, ScalarKind kind, Value lhs,
                Value rhs) {
  if (kind == ScalarKind::Float)
    return arith::MinimumFOp::create(b, loc, lhs, rhs);
  if (kind == ScalarKind::Signed)
    return arith::MinSIOp::create(b, loc, lhs, rhs);
  return arith::MinUIOp::create(b, loc, lhs, rhs);
}

Value createCompare(OpBuilder &b, Location loc, ScalarKind kind,
                    CompareKind cmp, Value lhs, Value rhs) {
  if (kind == ScalarKind::Float) {
    arith::CmpFPredicate pred =
        cmp == CompareKind::Equal  ? arith::CmpFPredicate::OEQ
        : cmp == CompareKind::Less ? arith::CmpFPredicate::OLT
                                   : arith::CmpFPredicate::OGT;
    return arith::CmpFOp::create(b, loc, pred, lhs, rhs);
  }
  bool isSigned = kind == ScalarKind::Signed;
  arith::CmpIPredicate pred =
      cmp == CompareKind::Equal ? arith::CmpIPredicate::eq
      : cmp == CompareKind::Less
          ? (isSigned ? arith::CmpIPredicate::slt : arith::CmpIPredicate::ult)
          : (isSigned ? arith::CmpIPredicate::sgt : arith::CmpIPredicate::ugt);
  return arith::CmpIOp::create(b, loc, pred, lhs, rhs);
}

Value createCast(OpBuilder &b, Location loc, Value value, Type from, Type to) {
  if (from == to)
    return value;
  ScalarKind fromKind = getScalarKind(from), toKind = getScalarKind(to);
  Type target = getSignlessType(to);
  unsigned fromWidth = from.getIntOrFloatBitWidth();
  unsigned toWidth = to.getIntOrFloatBitWidth();

  if (toKind == ScalarKind::Bool) {
    Value zero = createZero(b, loc, value.getType());
    // une: NaN is "not zero", so it casts to true as in numpy.
    if (fromKind == ScalarKind::Float)
      return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNE, value,
                                   zero);
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, value, zero);
  }
  if (fromKind == ScalarKind::Float) {
    if (toKind == ScalarKind::Signed)
      return arith::FPToSIOp::create(b, loc, target, value);
    if (toKind == ScalarKind::Unsigned)
      return arith::FPToUIOp::create(b, loc, target, value);
    if (fromWidth < toWidth)
      return arith::ExtFOp::create(b, loc, target, value);
    if (fromWidth > toWidth)
      return arith::TruncFOp::create(b, loc, target, value);
    // f16 <-> bf16: same width, different formats; go through f32.
    Value wide =
        arith::ExtFOp::create(b, loc, Float32Type::get(b.getContext()), value);
    return arith::TruncFOp::create(b, loc, target, wide);
  }
  bool fromSigned = fromKind == ScalarKind::Signed;
  if (toKind == ScalarKind::Float) {
    if (fromSigned)
      return arith::SIToFPOp::create(b, loc, target, value);
    return arith::UIToFPOp::create(b, loc, target, value);
  }
  if (fromWidth < toWidth) {
    if (fromSigned)
      return arith::ExtSIOp::create(b, loc, target, value);
    return arith::ExtUIOp::create(b, loc, target, value);
  }
  if (fromWidth > toWidth)
    return arith::TruncIOp::create(b, loc, target, value);
  // iN <-> uiN: the signless storage is the same bits.
  return value;
}

//===----------------------------------------------------------------------===//
// Tensors and linalg builders
//===----------------------------------------------------------------------===//

Value createEmptyTensor(OpBuilder &b, Location loc, RankedTensorType type) {
  return tensor::EmptyOp::create(b, loc, type.getShape(),
                                 type.getElementType());
}

Value createFilledTensor(OpBuilder &b, Location loc, RankedTensorType type,
                         Value scalar) {
  Value empty = createEmptyTensor(b, loc, type);
  return linalg::FillOp::create(b, loc, ValueRange{scalar}, ValueRange{empty})
      .getResult(0);
}

AffineMap getBroadcastMap(ArrayRef<int64_t> operandShape,
                          ArrayRef<int64_t> resultShape, MLIRContext *ctx) {
  size_t offset = resultShape.size() - operandShape.size();
  SmallVector<AffineExpr> exprs;
  for (auto [i, size] : llvm::enumerate(operandShape)) {
    if (size == 1 && resultShape[i + offset] != 1)
      exprs.push_back(getAffineConstantExpr(0, ctx));
    else
      exprs.push_back(getAffineDimExpr(i + offset, ctx));
  }
  return AffineMap::get(resultShape.size(), 0, exprs, ctx);
}

AffineMap getProjectionMap(unsigned numLoops, ArrayRef<int64_t> droppedDims,
                           MLIRContext *ctx) {
  SmallVector<AffineExpr> exprs;
  for (unsigned d = 0; d < numLoops; ++d)
    if (!llvm::is_contained(droppedDims, d))
      exprs.push_back(getAffineDimExpr(d, ctx));
  return AffineMap::get(numLoops, 0, exprs, ctx);
}

Value buildParallelGeneric(OpBuilder &b, Location loc, Value init,
                           ValueRange inputs, ArrayRef<AffineMap> inputMaps,
                           ScalarBodyFn body) {
  auto type = cast<RankedTensorType>(init.getType());
  SmallVector<AffineMap> maps(inputMaps);
  maps.push_back(b.getMultiDimIdentityMap(type.getRank()));
  SmallVector<utils::IteratorType> iterators(type.getRank(),
                                             utils::IteratorType::parallel);
  size_t numInputs = inputs.size();
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{type}, inputs, ValueRange{init}, maps, iterators,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        Value result = body(nested, nestedLoc, args.take_front(numInputs));
        linalg::YieldOp::create(nested, nestedLoc, result);
      });
  return generic.getResult(0);
}

Value buildElementwise(OpBuilder &b, Location loc, RankedTensorType resultType,
                       ValueRange inputs, ScalarBodyFn body) {
  SmallVector<AffineMap> maps;
  for (Value input : inputs)
    maps.push_back(
        getBroadcastMap(cast<RankedTensorType>(input.getType()).getShape(),
                        resultType.getShape(), b.getContext()));
  Value init = createEmptyTensor(b, loc, resultType);
  return buildParallelGeneric(b, loc, init, inputs, maps, body);
}

Value buildReduction(OpBuilder &b, Location loc, Value input,
                     ArrayRef<int64_t> dims, Value init, CombineFn combine) {
  auto type = cast<RankedTensorType>(input.getType());
  unsigned rank = type.getRank();
  SmallVector<AffineMap> maps = {b.getMultiDimIdentityMap(rank),
                                 getProjectionMap(rank, dims, b.getContext())};
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{init.getType()}, ValueRange{input}, ValueRange{init},
      maps, getReductionIterators(rank, dims),
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        Value result = combine(nested, nestedLoc, args[0], args[1]);
        linalg::YieldOp::create(nested, nestedLoc, result);
      });
  return generic.getResult(0);
}

SmallVector<utils::IteratorType>
getReductionIterators(unsigned numLoops, ArrayRef<int64_t> reductionDims) {
  SmallVector<utils::IteratorType> iterators(numLoops,
                                             utils::IteratorType::parallel);
  for (int64_t d : reductionDims)
    iterators[d] = utils::IteratorType::reduction;
  return iterators;
}

SmallVector<int64_t> dropDims(ArrayRef<int64_t> shape, ArrayRef<int64_t> dims) {
  SmallVector<int64_t> result;
  for (auto [d, size] : llvm::enumerate(shape))
    if (!llvm::is_contained(dims, static_cast<int64_t>(d)))
      result.push_back(size);
  return result;
}

Value createReductionInit(OpBuilder &b, Location loc,
                          ArrayRef<int64_t> inputShape, ArrayRef<int64_t> dims,
                          Value identity) {
  auto type =
      RankedTensorType::get(dropDims(inputShape, dims), identity.getType());
  return createFilledTensor(b, loc, type, identity);
}

void replaceWithReduced(RewriterBase &rewriter, Operation *op, Value reduced,
                        RankedTensorType resultType, ArrayRef<int64_t> dims) {
  if (reduced.getType() != resultType)
    reduced =
        expandReducedDims(rewriter, op->getLoc(), reduced, resultType, dims);
  rewriter.replaceOp(op, reduced);
}

Value expandReducedDims(OpBuilder &b, Location loc, Value reduced,
                        RankedTensorType resultType, ArrayRef<int64_t> dims) {
  // Each kept dim owns a group; reduced (unit) dims join the group of the
  // kept dim before them, or of the first kept dim when they lead.
  SmallVector<ReassociationIndices> groups;
  ReassociationIndices leading;
  for (int64_t d = 0; d < resultType.getRank(); ++d) {
    if (llvm::is_contained(dims, d)) {
      if (groups.empty())
        leading.push_back(d);
      else
        groups.back().push_back(d);
      continue;
    }
    ReassociationIndices group = leading;
    leading.clear();
    group.push_back(d);
    groups.push_back(group);
  }
  return tensor::ExpandShapeOp::create(b, loc, resultType, reduced, groups);
}

Value createReshape(OpBuilder &b, Location loc, Value input,
                    RankedTensorType resultType) {
  auto inputType = cast<RankedTensorType>(input.getType());
  ArrayRef<int64_t> in = inputType.getShape(), out = resultType.getShape();
  if (in == out)
    return input;
  if (in.empty())
    return tensor::ExpandShapeOp::create(b, loc, resultType, input,
                                         ArrayRef<ReassociationIndices>{});
  if (out.empty())
    return tensor::CollapseShapeOp::create(b, loc, resultType, input,
                                           ArrayRef<ReassociationIndices>{});
  if (out.size() < in.size())
    if (auto groups = getReassociationIndicesForCollapse(in, out))
      return tensor::CollapseShapeOp::create(b, loc, resultType, input,
                                             *groups);
  if (out.size() > in.size())
    if (auto groups = getReassociationIndicesForCollapse(out, in))
      return tensor::ExpandShapeOp::create(b, loc, resultType, input, *groups);
  // General case: flatten, then split into the target dims.
  auto allIn = llvm::to_vector<2>(llvm::seq<int64_t>(0, in.size()));
  auto allOut = llvm::to_vector<2>(llvm::seq<int64_t>(0, out.size()));
  auto flatType =
      RankedTensorType::get({getNumElements(in)}, inputType.getElementType());
  Value flat =
      tensor::CollapseShapeOp::create(b, loc, flatType, input, {allIn});
  return tensor::ExpandShapeOp::create(b, loc, resultType, flat, {allOut});
}

int64_t getNumElements(ArrayRef<int64_t> shape) {
  int64_t n = 1;
  for (int64_t size : shape)
    n *= size;
  return n;
}

//===----------------------------------------------------------------------===//
// Diagnostics
//===----------------------------------------------------------------------===//

LogicalResult emitUnsupported(Operation *op, const Twine &message) {
  return op->emitOpError(message);
}

LogicalResult emitUnsupportedType(Operation *op, Type type) {
  // Printed through a string: a Type streamed into a diagnostic is quoted.
  std::string name;
  llvm::raw_string_ostream(name) << type;
  return op->emitOpError() << "on " << name << " tensors is not supported";
}

} // namespace kiln::codegen
