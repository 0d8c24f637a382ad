//===- ScheduledContraction.cpp - Contractions with a kiln.schedule -------===//
//
// Turns a scheduled graph op into the plain operands of a kernel emitter:
// the lhs reshaped to a matrix, the bias flattened with its broadcast
// layout (materialized to the full result only when it broadcasts over
// leading batch dims in a way a row/column layout cannot say), and the
// fused activation as a builder applied to vectors, the very builder the
// unscheduled lowering applies to scalars.
//
//===----------------------------------------------------------------------===//

#include "codegen/GraphToLinalg/ScheduledContraction.h"

#include "codegen/GraphToLinalg/Utils.h"
#include "codegen/Schedule/ContractionKernel.h"

#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace kiln::graph;

namespace kiln::codegen {
namespace {

/// The constant weights behind `original` (the graph value) or `converted`.
ElementsAttr getConstantWeights(Value original, Value converted) {
  ElementsAttr attr;
  if (converted && matchPattern(converted, m_Constant(&attr)))
    return attr;
  if (matchPattern(original, m_Constant(&attr)))
    return attr;
  return {};
}

/// Reshapes `value` to a 1-D tensor of all its elements.
Value flatten(OpBuilder &b, Location loc, Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  return createReshape(
      b, loc, value,
      RankedTensorType::get({type.getNumElements()}, type.getElementType()));
}

/// Checks the parts common to every scheduled op: a readable schedule whose
/// kernel is one of `kernels`, f32 results, and an activation the op
/// allows.
template <typename OpTy>
FailureOr<KernelSchedule>
checkScheduledOp(OpTy op, ArrayRef<KernelSchedule::Kernel> kernels) {
  FailureOr<KernelSchedule> schedule = parseKernelSchedule(op);
  if (failed(schedule))
    return failure();
  if (!llvm::is_contained(kernels, schedule->kernel))
    return op.emitError() << "'" << schedule::kScheduleAttr
                          << "' kernel does not apply to " << op->getName();
  if (!op.getType().getElementType().isF32())
    return op.emitError() << "'" << schedule::kScheduleAttr
                          << "' needs f32 operands, got "
                          << op.getType().getElementType();
  graph::Activation activation =
      op.getActivation().value_or(graph::Activation::none);
  if (failed(checkActivation(
          op, activation, op.getActivationParams().value_or(ArrayRef<float>()),
          op.getType().getElementType())))
    return failure();
  return schedule;
}

/// The fused activation of an op applied to vectors; get() refers to this
/// object, which must outlive the kernel emission.
class VectorActivation {
public:
  template <typename OpTy>
  explicit VectorActivation(OpTy op)
      : activation(op.getActivation().value_or(graph::Activation::none)),
        params(op.getActivationParams().value_or(ArrayRef<float>())) {}

  Value operator()(OpBuilder &b, Location loc, Value x) const {
    return applyActivation(b, loc, ScalarKind::Float, activation, params, x);
  }

  /// This activation as the emitters take it: null when there is none.
  VectorActivationFn get() const {
    if (activation == graph::Activation::none)
      return nullptr;
    return VectorActivationFn(*this);
  }

private:
  graph::Activation activation;
  ArrayRef<float> params;
};

/// The operands a convolution kernel takes for `op` with input `input`
/// (the op's own or its converted value), enough for its geometry: no
/// bias, residual or activation; nullopt without constant 4-D weights or
/// 2-D attributes.
std::optional<Conv2DKernelOperands> geometryOperands(ConvOp op, Value input) {
  Conv2DKernelOperands operands;
  operands.input = input;
  operands.weights = getConstantWeights(op.getWeight(), Value());
  ArrayRef<int64_t> strides = op.getStrides(), dilations = op.getDilations(),
                    pads = op.getPads();
  if (!operands.weights ||
      cast<ShapedType>(operands.weights.getType()).getRank() != 4 ||
      strides.size() != 2 || dilations.size() != 2 || pads.size() != 4)
    return std::nullopt;
  operands.group = op.getGroup();
  llvm::copy(strides, operands.strides.begin());
  llvm::copy(dilations, operands.dilations.begin());
  llvm::copy(pads, operands.pads.begin());
  return operands;
}

/// The pads of the user that reads a convolution's result as the input of
/// a padded convolution scheduled with conv2d_nchw_cvec, when every other
/// use is the residual of a scheduled convolution or the input of one that
/// reads that layout in place (readsPaddedLayoutInPlace: a cvec or im2col
/// convolution whose pads lie within those, like a ResNet block's stride-2
/// 3x3 layer and its 1x1 downsample): the kernel then writes the result in
/// that zero-padded layout (Conv2DKernelOperands::outputPads), which the
/// users read in place instead of copying it (with several cores, a copy
/// each core makes of rows the other core's share of the producer mostly
/// wrote) and the residual users read through. The gap between two rows'
/// pixels must fit one vector of `vectorWidth` lanes.
std::optional<std::array<int64_t, 4>>
padsOfPaddedUser(ConvOp op, int64_t vectorWidth) {
  Value result = op.getResult();
  std::optional<std::array<int64_t, 4>> found;
  SmallVector<ConvOp> inPlaceReaders;
  for (OpOperand &use : result.getUses()) {
    auto user = dyn_cast<ConvOp>(use.getOwner());
    if (!user || !hasKernelSchedule(user))
      return std::nullopt;
    if (user.getResidual() == result && user.getInput() != result)
      continue;
    ArrayRef<int64_t> pads = user.getPads();
    if (user.getInput() != result || user.getWeight() == result ||
        user.getBias() == result || pads.size() != 4 ||
        llvm::any_of(pads, [](int64_t p) { return p < 0; }))
      return std::nullopt;
    if (schedule::scheduleKernel(user) != schedule::kConv2DChannelsKernel ||
        llvm::all_of(pads, [](int64_t p) { return p == 0; })) {
      inPlaceReaders.push_back(user);
      continue;
    }
    std::array<int64_t, 4> padded = {pads[0], pads[1], pads[2], pads[3]};
    if ((found && *found != padded) || pads[1] + pads[3] > vectorWidth)
      return std::nullopt;
    found = padded;
  }
  if (!found)
    return std::nullopt;
  for (ConvOp user : inPlaceReaders) {
    std::optional<Conv2DKernelOperands> operands =
        geometryOperands(user, user.getInput());
    if (!operands)
      return std::nullopt;
    // A malformed user fails its own lowering, which says why: quiet here.
    ScopedDiagnosticHandler quiet(user.getContext(),
                                  [](Diagnostic &) { return success(); });
    FailureOr<KernelSchedule> schedule = parseKernelSchedule(user);
    if (failed(schedule) ||
        !readsPaddedLayoutInPlace(user, *schedule, *operands, *found))
      return std::nullopt;
  }
  return found;
}

} // namespace

bool hasKernelSchedule(Operation *op) {
  return op->hasAttr(schedule::kScheduleAttr);
}

LogicalResult lowerScheduledMatMul(MatMulOp op, Value lhs, Value bias,
                                   ConversionPatternRewriter &rewriter) {
  FailureOr<KernelSchedule> schedule =
      checkScheduledOp(op, KernelSchedule::Kernel::Gemm);
  if (failed(schedule))
    return failure();
  ElementsAttr weights = getConstantWeights(op.getRhs(), Value());
  auto lhsType = cast<RankedTensorType>(lhs.getType());
  auto resultType = cast<RankedTensorType>(op.getType());
  if (!weights || cast<ShapedType>(weights.getType()).getRank() != 2)
    return op.emitError() << "'" << schedule::kScheduleAttr
                          << "' kernel gemm needs a constant 2-D rhs";
  ArrayRef<int64_t> a = lhsType.getShape();
  int64_t k = a.back();
  int64_t m = getNumElements(a.drop_back());

  // The bias broadcasts to the result [..., M0, N], whose rows are the
  // flattened leading dims.
  GemmKernelOperands operands;
  operands.weights = weights;
  if (bias) {
    ArrayRef<int64_t> biasShape =
        cast<RankedTensorType>(bias.getType()).getShape();
    ArrayRef<int64_t> out = resultType.getShape();
    bool perColumn = !biasShape.empty() && biasShape.back() != 1;
    bool perRow =
        llvm::any_of(biasShape.drop_back(), [](int64_t d) { return d != 1; });
    // Right-aligned, the bias matches the result in every dim (or every
    // dim but the last, where it is 1).
    bool matchesRows = biasShape.size() == out.size() &&
                       biasShape.drop_back() == out.drop_back();
    if (!perRow) {
      operands.biasLayout =
          perColumn ? BiasLayout::PerColumn : BiasLayout::Scalar;
    } else if (matchesRows) {
      operands.biasLayout = perColumn ? BiasLayout::Full : BiasLayout::PerRow;
    } else {
      operands.biasLayout = BiasLayout::Full;
      bias = buildElementwise(
          rewriter, op.getLoc(), resultType, ValueRange{bias},
          [](OpBuilder &, Location, ValueRange args) { return args[0]; });
    }
    operands.bias = flatten(rewriter, op.getLoc(), bias);
  }
  VectorActivation activation(op);
  operands.activation = activation.get();
  operands.lhs =
      createReshape(rewriter, op.getLoc(), lhs,
                    RankedTensorType::get({m, k}, lhsType.getElementType()));
  FailureOr<Value> product = emitGemmKernel(rewriter, op, *schedule, operands);
  if (failed(product))
    return failure();
  rewriter.replaceOp(
      op, createReshape(rewriter, op.getLoc(), *product, resultType));
  return success();
}

LogicalResult lowerScheduledGemm(GemmOp op, Value a, Value c,
                                 ConversionPatternRewriter &rewriter) {
  FailureOr<KernelSchedule> schedule =
      checkScheduledOp(op, KernelSchedule::Kernel::Gemm);
  if (failed(schedule))
    return failure();
  ElementsAttr weights = getConstantWeights(op.getB(), Value());
  if (!weights)
    return op.emitError() << "'" << schedule::kScheduleAttr
                          << "' kernel gemm needs a constant B";
  GemmKernelOperands operands;
  operands.lhs = a;
  operands.transposeLhs = op.getTransA();
  operands.weights = weights;
  operands.transposeWeights = op.getTransB();
  operands.alpha = op.getAlpha().convertToDouble();
  // beta = 0 drops C entirely, as the unscheduled lowering does.
  double beta = op.getBeta().convertToDouble();
  if (c && beta != 0.0) {
    // C has rank <= 2 and broadcasts to [M, N].
    ArrayRef<int64_t> shape = cast<RankedTensorType>(c.getType()).getShape();
    bool perColumn = !shape.empty() && shape.back() != 1;
    bool perRow = shape.size() == 2 && shape.front() != 1;
    operands.biasLayout =
        perRow ? (perColumn ? BiasLayout::Full : BiasLayout::PerRow)
               : (perColumn ? BiasLayout::PerColumn : BiasLayout::Scalar);
    operands.biasScale = beta;
    operands.bias = flatten(rewriter, op.getLoc(), c);
  }
  VectorActivation activation(op);
  operands.activation = activation.get();
  FailureOr<Value> result = emitGemmKernel(rewriter, op, *schedule, operands);
  if (failed(result))
    return failure();
  rewriter.replaceOp(op, *result);
  return success();
}

LogicalResult lowerScheduledConv(ConvOp op, Value input, Value bias,
                                 Value residual,
                                 ConversionPatternRewriter &rewriter) {
  FailureOr<KernelSchedule> schedule = checkScheduledOp(
      op, {KernelSchedule::Kernel::Conv2DNchw,
           KernelSchedule::Kernel::Conv2DNchwCvec});
  if (failed(schedule))
    return failure();
  ElementsAttr weights = getConstantWeights(op.getWeight(), Value());
  if (!weights || cast<ShapedType>(weights.getType()).getRank() != 4)
    return op.emitError() << "'" << schedule::kScheduleAttr
                          << "' kernel conv2d_nchw needs constant 2-D "
                             "convolution weights";
  std::optional<Conv2DKernelOperands> geometry = geometryOperands(op, input);
  if (!geometry)
    return op.emitError() << "'" << schedule::kScheduleAttr
                          << "' kernel conv2d_nchw needs a 2-D convolution";
  Conv2DKernelOperands operands = *geometry;
  operands.bias = bias;
  operands.residual = residual;
  VectorActivation activation(op);
  operands.activation = activation.get();
  operands.outputPads = padsOfPaddedUser(op, schedule->vectorWidth);
  FailureOr<Value> result =
      schedule->kernel == KernelSchedule::Kernel::Conv2DNchwCvec
          ? emitConv2DChannelsKernel(rewriter, op, *schedule, operands)
          : emitConv2DKernel(rewriter, op, *schedule, operands);
  if (failed(result))
    return failure();
  rewriter.replaceOp(op, *result);
  return success();
}

} // namespace kiln::codegen
