//===- GraphOps.cpp - Kiln graph dialect verifiers ------------------------===//
//
// Verifiers check what the lowering relies on: operand ranks, attribute
// lengths and that the static result type agrees with operands and attributes.
//
//===----------------------------------------------------------------------===//

#include "dialects/Graph/IR/GraphOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/STLExtras.h"

using namespace mlir;
using namespace kiln::graph;

#include "dialects/Graph/IR/GraphEnums.cpp.inc"

#define GET_OP_CLASSES
#include "dialects/Graph/IR/GraphOps.cpp.inc"

FailureOr<SmallVector<int64_t>>
kiln::graph::broadcastShapes(ArrayRef<int64_t> lhs, ArrayRef<int64_t> rhs) {
  size_t rank = std::max(lhs.size(), rhs.size());
  SmallVector<int64_t> result(rank);
  for (size_t i = 0; i < rank; ++i) {
    int64_t l = i < rank - lhs.size() ? 1 : lhs[i - (rank - lhs.size())];
    int64_t r = i < rank - rhs.size() ? 1 : rhs[i - (rank - rhs.size())];
    if (l != r && l != 1 && r != 1)
      return failure();
    result[i] = l == 1 ? r : l;
  }
  return result;
}

static RankedTensorType tensorType(Value v) {
  return cast<RankedTensorType>(v.getType());
}

/// Checks that `operands` broadcast to exactly `result`'s shape.
static LogicalResult verifyBroadcastTo(Operation *op, ValueRange operands,
                                       RankedTensorType result) {
  SmallVector<int64_t> shape;
  for (Value v : operands) {
    auto b = broadcastShapes(shape, tensorType(v).getShape());
    if (failed(b))
      return op->emitOpError("operands are not broadcast-compatible");
    shape = *b;
  }
  if (ArrayRef<int64_t>(shape) != result.getShape())
    return op->emitOpError("result shape does not match the broadcast of the "
                           "operand shapes");
  return success();
}

//===----------------------------------------------------------------------===//
// ConstantOp
//===----------------------------------------------------------------------===//

LogicalResult ConstantOp::inferReturnTypes(
    MLIRContext *, std::optional<Location>, ValueRange, DictionaryAttr,
    OpaqueProperties properties, RegionRange,
    SmallVectorImpl<Type> &inferredReturnTypes) {
  auto value = properties.as<Properties *>()->value;
  if (!value)
    return failure();
  inferredReturnTypes.push_back(cast<ElementsAttr>(value).getType());
  return success();
}

LogicalResult ConstantOp::verify() {
  if (getValue().getType() != getType())
    return emitOpError("value type ")
           << getValue().getType() << " does not match result type "
           << getType();
  return success();
}

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

static bool isComparison(Operation *op) {
  return isa<EqualOp, LessOp, GreaterOp>(op);
}

static LogicalResult verifyBinary(Operation *op) {
  auto lhs = tensorType(op->getOperand(0));
  auto rhs = tensorType(op->getOperand(1));
  auto result = tensorType(op->getResult(0));
  if (lhs.getElementType() != rhs.getElementType())
    return op->emitOpError("operands must have the same element type");
  Type expected = isComparison(op)
                      ? Type(IntegerType::get(op->getContext(), 1))
                      : lhs.getElementType();
  if (result.getElementType() != expected)
    return op->emitOpError("result element type must be ") << expected;
  if (isa<AndOp, OrOp>(op) && !lhs.getElementType().isInteger(1))
    return op->emitOpError("operands must be boolean");
  return verifyBroadcastTo(op, op->getOperands(), result);
}

#define KILN_BINARY_VERIFIER(OP)                                               \
  LogicalResult OP::verify() { return verifyBinary(*this); }
KILN_BINARY_VERIFIER(AddOp)
KILN_BINARY_VERIFIER(SubOp)
KILN_BINARY_VERIFIER(MulOp)
KILN_BINARY_VERIFIER(DivOp)
KILN_BINARY_VERIFIER(PowOp)
KILN_BINARY_VERIFIER(MaxOp)
KILN_BINARY_VERIFIER(MinOp)
KILN_BINARY_VERIFIER(EqualOp)
KILN_BINARY_VERIFIER(LessOp)
KILN_BINARY_VERIFIER(GreaterOp)
KILN_BINARY_VERIFIER(AndOp)
KILN_BINARY_VERIFIER(OrOp)
KILN_BINARY_VERIFIER(ShiftLeftOp)
KILN_BINARY_VERIFIER(ShiftRightOp)
KILN_BINARY_VERIFIER(ModOp)
#undef KILN_BINARY_VERIFIER

LogicalResult WhereOp::verify() {
  if (getLhs().getType().getElementType() !=
          getRhs().getType().getElementType() ||
      getType().getElementType() != getLhs().getType().getElementType())
    return emitOpError("value operands and result must share an element type");
  return verifyBroadcastTo(*this, getOperands(), getType());
}

//===----------------------------------------------------------------------===//
// MatMulOp / GemmOp
//===----------------------------------------------------------------------===//

/// Checks that a fused activation has the parameters it needs.
static LogicalResult verifyActivation(Operation *op,
                                      std::optional<Activation> activation,
                                      std::optional<ArrayRef<float>> params) {
  size_t expected = 0;
  switch (activation.value_or(Activation::none)) {
  case Activation::clip:
  case Activation::hard_sigmoid: expected = 2; break;
  case Activation::leaky_relu: expected = 1; break;
  default: break;
  }
  size_t got = params ? params->size() : 0;
  if (got != expected)
    return op->emitOpError("activation '")
           << stringifyActivation(activation.value_or(Activation::none))
           << "' takes " << expected << " parameters, got " << got;
  return success();
}

LogicalResult MatMulOp::verify() {
  ArrayRef<int64_t> a = getLhs().getType().getShape();
  ArrayRef<int64_t> b = getRhs().getType().getShape();
  if (a.empty() || b.empty())
    return emitOpError("operands must have rank >= 1");
  if (getLhs().getType().getElementType() != getType().getElementType() ||
      getRhs().getType().getElementType() != getType().getElementType())
    return emitOpError("operands and result must share an element type");
  int64_t k1 = a.back();
  int64_t k2 = b.size() == 1 ? b[0] : b[b.size() - 2];
  if (k1 != k2)
    return emitOpError("contraction dims differ: ") << k1 << " vs " << k2;
  SmallVector<int64_t> expected;
  ArrayRef<int64_t> aBatch = a.size() > 2 ? a.drop_back(2) : ArrayRef<int64_t>();
  ArrayRef<int64_t> bBatch = b.size() > 2 ? b.drop_back(2) : ArrayRef<int64_t>();
  auto batch = broadcastShapes(aBatch, bBatch);
  if (failed(batch))
    return emitOpError("batch dims are not broadcast-compatible");
  expected = *batch;
  if (a.size() >= 2)
    expected.push_back(a[a.size() - 2]);
  if (b.size() >= 2)
    expected.push_back(b.back());
  if (ArrayRef<int64_t>(expected) != getType().getShape())
    return emitOpError("result shape does not match operand shapes");
  if (getBias() &&
      (getBias().getType().getElementType() != getType().getElementType() ||
       failed(verifyBroadcastTo(*this, {getBias(), getResult()}, getType()))))
    return emitOpError("bias must broadcast to the result");
  return verifyActivation(*this, getActivation(), getActivationParams());
}

LogicalResult GemmOp::verify() {
  auto a = getA().getType().getShape();
  auto b = getB().getType().getShape();
  if (a.size() != 2 || b.size() != 2 || getType().getRank() != 2)
    return emitOpError("operands and result must be 2-D");
  int64_t m = getTransA() ? a[1] : a[0], k = getTransA() ? a[0] : a[1];
  int64_t kb = getTransB() ? b[1] : b[0], n = getTransB() ? b[0] : b[1];
  if (k != kb)
    return emitOpError("contraction dims differ: ") << k << " vs " << kb;
  if (getType().getShape() != ArrayRef<int64_t>{m, n})
    return emitOpError("result shape must be ") << m << "x" << n;
  if (getC() && failed(broadcastShapes(getC().getType().getShape(), {m, n})))
    return emitOpError("C does not broadcast to the result");
  if (getC() && failed(verifyBroadcastTo(*this, {getC(), getResult()}, getType())))
    return failure();
  return verifyActivation(*this, getActivation(), getActivationParams());
}

//===----------------------------------------------------------------------===//
// Convolution and pooling
//===----------------------------------------------------------------------===//

/// Checks a window op's attributes and result spatial dims: out = floor or
/// ceil of (in + pads - dilation*(k-1) - 1) / stride + 1.
static LogicalResult verifyWindow(Operation *op, ArrayRef<int64_t> in,
                                  ArrayRef<int64_t> out,
                                  ArrayRef<int64_t> kernel,
                                  ArrayRef<int64_t> strides,
                                  ArrayRef<int64_t> pads,
                                  ArrayRef<int64_t> dilations, bool allowCeil) {
  size_t spatial = in.size() - 2;
  if (in.size() < 3 || out.size() != in.size())
    return op->emitOpError("expects N x C x spatial... input and result");
  if (kernel.size() != spatial || strides.size() != spatial ||
      dilations.size() != spatial || pads.size() != 2 * spatial)
    return op->emitOpError("attribute lengths do not match ")
           << spatial << " spatial dims";
  for (size_t i = 0; i < spatial; ++i) {
    if (kernel[i] < 1 || strides[i] < 1 || dilations[i] < 1 || pads[i] < 0 ||
        pads[i + spatial] < 0)
      return op->emitOpError("kernel, strides and dilations must be positive "
                             "and pads non-negative");
    int64_t span = in[i + 2] + pads[i] + pads[i + spatial] -
                   dilations[i] * (kernel[i] - 1) - 1;
    if (span < 0)
      return op->emitOpError("window larger than padded input in dim ")
             << i + 2;
    int64_t floorOut = span / strides[i] + 1;
    int64_t ceilOut = (span + strides[i] - 1) / strides[i] + 1;
    if (out[i + 2] != floorOut && !(allowCeil && out[i + 2] == ceilOut))
      return op->emitOpError("result spatial dim ")
             << i + 2 << " is " << out[i + 2] << ", expected " << floorOut;
  }
  return success();
}

LogicalResult ConvOp::verify() {
  auto in = getInput().getType().getShape();
  auto w = getWeight().getType().getShape();
  auto out = getType().getShape();
  if (in.size() < 3 || out.size() != in.size())
    return emitOpError("expects N x C x spatial... input and result");
  if (w.size() != in.size())
    return emitOpError("weight rank must equal input rank");
  int64_t group = getGroup();
  if (group < 1 || in[1] % group != 0 || w[0] % group != 0)
    return emitOpError("group ") << group << " must divide input channels "
                                 << in[1] << " and output channels " << w[0];
  if (w[1] * group != in[1])
    return emitOpError("weight has ") << w[1] << " input channels per group, "
                                      << "expected " << in[1] / group;
  if (out[0] != in[0] || out[1] != w[0])
    return emitOpError("result must be N x ") << w[0] << " x ...";
  if (getBias() && getBias().getType().getShape() != ArrayRef<int64_t>{w[0]})
    return emitOpError("bias must have ") << w[0] << " elements";
  // The residual is added elementwise, without broadcasting.
  if (getResidual() && getResidual().getType() != getType())
    return emitOpError("residual type ")
           << getResidual().getType() << " must equal the result type "
           << getType();
  if (failed(verifyActivation(*this, getActivation(), getActivationParams())))
    return failure();
  return verifyWindow(*this, in, out, w.drop_front(2), getStrides(), getPads(),
                      getDilations(), /*allowCeil=*/false);
}

ConvOp ConvOp::cloneWithOperands(OpBuilder &builder, Location loc,
                                 Type resultType, Value input, Value weight,
                                 Value bias, Value residual) {
  auto conv = ConvOp::create(builder, loc, resultType, input, weight, bias,
                             residual, getStridesAttr(), getPadsAttr(),
                             getDilationsAttr(), getGroupAttr(),
                             getActivationAttr(), getActivationParamsAttr());
  conv->setDiscardableAttrs(getOperation()->getDiscardableAttrDictionary());
  return conv;
}

LogicalResult BatchNormOp::verify() {
  auto in = getInput().getType().getShape();
  if (in.size() < 2 || getType().getShape() != in)
    return emitOpError("expects rank >= 2 and a result of the input's shape");
  for (Value v : {getScale(), getBias(), getMean(), getVariance()})
    if (tensorType(v).getShape() != ArrayRef<int64_t>{in[1]})
      return emitOpError("per-channel operands must have ") << in[1]
                                                            << " elements";
  return success();
}

LogicalResult MaxPoolOp::verify() {
  return verifyWindow(*this, getInput().getType().getShape(),
                      getType().getShape(), getKernelShape(), getStrides(),
                      getPads(), getDilations(), /*allowCeil=*/true);
}

LogicalResult AveragePoolOp::verify() {
  SmallVector<int64_t> dil(getKernelShape().size(), 1);
  return verifyWindow(*this, getInput().getType().getShape(),
                      getType().getShape(), getKernelShape(), getStrides(),
                      getPads(), dil, /*allowCeil=*/true);
}

//===----------------------------------------------------------------------===//
// Reductions and normalizations
//===----------------------------------------------------------------------===//

static LogicalResult verifyReduce(Operation *op, RankedTensorType in,
                                  RankedTensorType out, ArrayRef<int64_t> axes,
                                  bool keepdims) {
  int64_t rank = in.getRank();
  for (size_t i = 0; i < axes.size(); ++i)
    if (axes[i] < 0 || axes[i] >= rank || (i && axes[i] <= axes[i - 1]))
      return op->emitOpError("axes must be sorted, unique and in [0, rank)");
  SmallVector<int64_t> expected;
  for (int64_t d = 0; d < rank; ++d) {
    bool reduced = axes.empty() || llvm::is_contained(axes, d);
    if (!reduced)
      expected.push_back(in.getDimSize(d));
    else if (keepdims)
      expected.push_back(1);
  }
  if (ArrayRef<int64_t>(expected) != out.getShape())
    return op->emitOpError("result shape does not match reduced input shape");
  return success();
}

#define KILN_REDUCE_VERIFIER(OP)                                               \
  LogicalResult OP::verify() {                                                 \
    return verifyReduce(*this, getInput().getType(), getType(), getAxes(),     \
                        getKeepdims());                                        \
  }
KILN_REDUCE_VERIFIER(ReduceSumOp)
KILN_REDUCE_VERIFIER(ReduceMeanOp)
KILN_REDUCE_VERIFIER(ReduceMaxOp)
KILN_REDUCE_VERIFIER(ReduceMinOp)
KILN_REDUCE_VERIFIER(ReduceProdOp)
#undef KILN_REDUCE_VERIFIER

LogicalResult SoftmaxOp::verify() {
  if (getAxis() < 0 || getAxis() >= getType().getRank())
    return emitOpError("axis must be in [0, rank)");
  return success();
}

LogicalResult LayerNormOp::verify() {
  auto in = getInput().getType().getShape();
  int64_t axis = getAxis();
  if (axis < 0 || axis >= (int64_t)in.size())
    return emitOpError("axis must be in [0, rank)");
  if (getType().getShape() != in)
    return emitOpError("result must have the input's shape");
  ArrayRef<int64_t> normalized = in.drop_front(axis);
  for (Value v : {getScale(), getBias()})
    if (v && failed(broadcastShapes(tensorType(v).getShape(), normalized)))
      return emitOpError("scale and bias must broadcast to the normalized dims");
  return success();
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

LogicalResult ReshapeOp::verify() {
  auto in = getInput().getType();
  if (in.getNumElements() != getType().getNumElements() ||
      in.getElementType() != getType().getElementType())
    return emitOpError("must preserve element type and count");
  return success();
}

LogicalResult TransposeOp::verify() {
  auto in = getInput().getType().getShape();
  ArrayRef<int64_t> perm = getPerm();
  if (perm.size() != in.size())
    return emitOpError("perm must have one entry per dim");
  SmallVector<bool> seen(in.size(), false);
  for (size_t i = 0; i < perm.size(); ++i) {
    if (perm[i] < 0 || perm[i] >= (int64_t)in.size() || seen[perm[i]])
      return emitOpError("perm must be a permutation");
    seen[perm[i]] = true;
    if (getType().getDimSize(i) != in[perm[i]])
      return emitOpError("result dim ") << i << " must be " << in[perm[i]];
  }
  return success();
}

LogicalResult ConcatOp::verify() {
  if (getInputs().empty())
    return emitOpError("needs at least one input");
  auto out = getType().getShape();
  int64_t axis = getAxis();
  if (axis < 0 || axis >= (int64_t)out.size())
    return emitOpError("axis must be in [0, rank)");
  int64_t total = 0;
  for (Value v : getInputs()) {
    auto t = tensorType(v);
    if (t.getRank() != (int64_t)out.size() ||
        t.getElementType() != getType().getElementType())
      return emitOpError("inputs must match the result's rank and element type");
    for (int64_t d = 0; d < t.getRank(); ++d)
      if (d != axis && t.getDimSize(d) != out[d])
        return emitOpError("inputs differ in a non-concatenated dim");
    total += t.getDimSize(axis);
  }
  if (total != out[axis])
    return emitOpError("result size along axis must be ") << total;
  return success();
}

LogicalResult SliceOp::verify() {
  auto in = getInput().getType().getShape();
  auto out = getType().getShape();
  ArrayRef<int64_t> starts = getStarts(), steps = getSteps();
  if (starts.size() != in.size() || steps.size() != in.size() ||
      out.size() != in.size())
    return emitOpError("starts and steps need one entry per dim");
  for (size_t d = 0; d < in.size(); ++d) {
    if (steps[d] == 0)
      return emitOpError("steps must be non-zero");
    if (out[d] == 0)
      continue;
    int64_t last = starts[d] + (out[d] - 1) * steps[d];
    if (starts[d] < 0 || starts[d] >= in[d] || last < 0 || last >= in[d])
      return emitOpError("slice of dim ") << d << " reads out of bounds";
  }
  return success();
}

LogicalResult GatherOp::verify() {
  auto data = getData().getType().getShape();
  auto idx = getIndices().getType().getShape();
  int64_t axis = getAxis();
  if (axis < 0 || axis >= (int64_t)data.size())
    return emitOpError("axis must be in [0, rank)");
  SmallVector<int64_t> expected(data.begin(), data.begin() + axis);
  expected.append(idx.begin(), idx.end());
  expected.append(data.begin() + axis + 1, data.end());
  if (ArrayRef<int64_t>(expected) != getType().getShape())
    return emitOpError("result shape does not match data and indices");
  return success();
}

LogicalResult ExpandOp::verify() {
  return verifyBroadcastTo(*this, {getInput(), getResult()}, getType());
}

LogicalResult PadOp::verify() {
  auto in = getInput().getType().getShape();
  ArrayRef<int64_t> pads = getPads();
  if (pads.size() != 2 * in.size())
    return emitOpError("pads needs two entries per dim");
  for (size_t d = 0; d < in.size(); ++d) {
    if (pads[d] < 0 || pads[d + in.size()] < 0)
      return emitOpError("pads must be non-negative");
    if (getType().getDimSize(d) != in[d] + pads[d] + pads[d + in.size()])
      return emitOpError("result dim ") << d << " does not match the pads";
    if (getMode() == PadMode::reflect &&
        (pads[d] >= in[d] || pads[d + in.size()] >= in[d]))
      return emitOpError("reflect pads must be smaller than the dim");
    if (getMode() == PadMode::edge && in[d] == 0 && pads[d] + pads[d + in.size()])
      return emitOpError("edge padding of an empty dim");
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Ops formed by the graph optimizer
//===----------------------------------------------------------------------===//

LogicalResult AttentionOp::verify() {
  auto q = getQuery().getType().getShape();
  auto k = getKey().getType().getShape();
  auto v = getValue().getType().getShape();
  size_t rank = q.size();
  if (rank < 2 || k.size() != rank || v.size() != rank ||
      getType().getRank() != (int64_t)rank)
    return emitOpError("query, key, value and result must have one rank >= 2");
  if (q.drop_back(2) != k.drop_back(2) || q.drop_back(2) != v.drop_back(2))
    return emitOpError("query, key and value must share their leading dims");
  if (q.back() != k.back())
    return emitOpError("query and key must have the same last dim");
  if (k[rank - 2] != v[rank - 2])
    return emitOpError("key and value must have the same sequence length");
  SmallVector<int64_t> out(q.drop_back(1));
  out.push_back(v.back());
  if (ArrayRef<int64_t>(out) != getType().getShape())
    return emitOpError("result shape must be [..., Sq, Dv]");
  if (getMask()) {
    SmallVector<int64_t> scores(q.drop_back(1));
    scores.push_back(k[rank - 2]);
    auto b = broadcastShapes(getMask().getType().getShape(), scores);
    if (failed(b) || ArrayRef<int64_t>(*b) != ArrayRef<int64_t>(scores))
      return emitOpError("mask must broadcast to [..., Sq, Sk]");
  }
  return success();
}

LogicalResult FusedElementwiseOp::verify() {
  Block &body = getBody().front();
  if (body.getNumArguments() != getInputs().size())
    return emitOpError("body needs one argument per input");
  for (auto [arg, input] : llvm::zip(body.getArguments(), getInputs()))
    if (arg.getType() != input.getType())
      return emitOpError("body argument types must match the inputs");
  auto yield = dyn_cast<YieldOp>(body.getTerminator());
  if (!yield || yield.getValue().getType() != getType())
    return emitOpError("body must yield a value of the result type");
  SmallVector<Value> inputs(getInputs());
  if (failed(verifyBroadcastTo(*this, inputs, getType()))) {
    // Inputs may be smaller than the result only through broadcasting.
    return failure();
  }
  return success();
}
