//===- ConvPool.cpp - Handlers of convolution, pooling and GEMM -----------===//
//
// Window ops share one attribute reader: kernel, strides, dilations and pads
// are validated (positive, bounded so later arithmetic cannot overflow) and
// `auto_pad` is resolved into explicit pads, begins then ends. The result
// shapes come from ONNX shape inference; the graph verifiers check them.
//
//===----------------------------------------------------------------------===//

#include "Composer.h"
#include "Handlers.h"
#include "NodeBinder.h"

#include "dialects/Graph/IR/GraphOps.h"

#include "llvm/Support/FormatVariadic.h"

#include <cmath>
#include <limits>

using namespace mlir;

namespace kiln::importer {
namespace {

/// Window attributes beyond this are rejected: no real model comes close, and
/// the bound keeps every product of them within int64.
constexpr int64_t kMaxWindowValue = int64_t(1) << 31;

struct Window {
  SmallVector<int64_t> kernel, strides, pads, dilations;
};

/// Reads an `ints` attribute of `count` values in [minValue, kMaxWindowValue].
static FailureOr<SmallVector<int64_t>>
readWindowAttr(NodeBinder &b, StringRef name, size_t count, int64_t fill,
               int64_t minValue) {
  auto values = b.intsAttr(name);
  if (failed(values))
    return failure();
  SmallVector<int64_t> result =
      *values ? **values : SmallVector<int64_t>(count, fill);
  if (result.size() != count)
    return b.fail(llvm::formatv("attribute '{0}' has {1} values, expected {2}",
                                name, result.size(), count));
  for (int64_t v : result) {
    if (minValue == 0 && v < 0)
      return b.fail("negative pads are not supported");
    if (v < minValue || v > kMaxWindowValue)
      return b.fail(llvm::formatv("attribute '{0}' value {1} is out of range",
                                  name, v));
  }
  return result;
}

/// Reads strides, dilations and pads of a window op over an input with
/// spatial dims `input`, resolving `auto_pad`.
static LogicalResult readWindow(NodeBinder &b, ArrayRef<int64_t> input,
                                ArrayRef<int64_t> kernel, bool hasDilations,
                                Window &w) {
  size_t spatial = input.size();
  if (kernel.size() != spatial)
    return b.fail(llvm::formatv("kernel has {0} dims, the input has {1} "
                                "spatial dims",
                                kernel.size(), spatial));
  for (int64_t k : kernel)
    if (k < 1 || k > kMaxWindowValue)
      return b.fail(llvm::formatv("kernel size {0} is out of range", k));
  for (int64_t d : input)
    if (d > kMaxWindowValue * kMaxWindowValue)
      return b.fail(llvm::formatv("spatial dim {0} is too large", d));
  w.kernel.assign(kernel.begin(), kernel.end());
  auto strides = readWindowAttr(b, "strides", spatial, 1, 1);
  if (failed(strides))
    return failure();
  w.strides = *strides;
  if (hasDilations) {
    auto dilations = readWindowAttr(b, "dilations", spatial, 1, 1);
    if (failed(dilations))
      return failure();
    w.dilations = *dilations;
  } else {
    w.dilations.assign(spatial, 1);
  }
  auto autoPad = b.stringAttr("auto_pad", "NOTSET");
  if (failed(autoPad))
    return failure();
  if (*autoPad == "NOTSET" || autoPad->empty()) {
    auto pads = readWindowAttr(b, "pads", 2 * spatial, 0, 0);
    if (failed(pads))
      return failure();
    w.pads = *pads;
    return success();
  }
  w.pads.assign(2 * spatial, 0);
  if (*autoPad == "VALID")
    return success();
  if (*autoPad != "SAME_UPPER" && *autoPad != "SAME_LOWER")
    return b.fail("auto_pad '" + *autoPad + "' is not supported");
  // SAME: out = ceil(in / stride), the total pad makes the last window fit;
  // SAME_UPPER puts the odd pad at the end, SAME_LOWER at the beginning.
  for (size_t i = 0; i < spatial; ++i) {
    int64_t out = (input[i] + w.strides[i] - 1) / w.strides[i];
    int64_t span = (w.kernel[i] - 1) * w.dilations[i] + 1;
    int64_t total = std::max<int64_t>(
        0, (std::max<int64_t>(out, 1) - 1) * w.strides[i] + span - input[i]);
    int64_t small = total / 2, large = total - small;
    bool upper = *autoPad == "SAME_UPPER";
    w.pads[i] = upper ? small : large;
    w.pads[i + spatial] = upper ? large : small;
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Conv
//===----------------------------------------------------------------------===//

LogicalResult importConv(NodeBinder &b) {
  auto x = b.input(0);
  auto w = b.input(1);
  auto bias = b.optionalInput(2);
  auto type = b.resultType(0);
  auto group = b.intAttr("group", 1);
  auto kernelAttr = b.intsAttr("kernel_shape");
  if (failed(x) || failed(w) || failed(bias) || failed(type) ||
      failed(group) || failed(kernelAttr))
    return failure();
  auto xType = b.channelsFirstInput(*x);
  if (failed(xType) || failed(b.requireFloat(*xType, "input")))
    return failure();
  auto wType = cast<RankedTensorType>(w->getType());
  if (wType.getRank() != xType->getRank())
    return b.fail("weight rank differs from input rank");
  ArrayRef<int64_t> kernel = wType.getShape().drop_front(2);
  if (*kernelAttr && ArrayRef<int64_t>(**kernelAttr) != kernel)
    return b.fail("attribute 'kernel_shape' does not match the weight");
  if (*group < 1 || *group > kMaxWindowValue)
    return b.fail(llvm::formatv("group {0} is out of range", *group));
  Window win;
  if (failed(readWindow(b, xType->getShape().drop_front(2), kernel,
                        /*hasDilations=*/true, win)))
    return failure();
  OpBuilder &builder = b.builder();
  b.setResult(0, graph::ConvOp::create(
                     builder, b.loc(), *type, *x, *w, *bias,
                     builder.getDenseI64ArrayAttr(win.strides),
                     builder.getDenseI64ArrayAttr(win.pads),
                     builder.getDenseI64ArrayAttr(win.dilations),
                     builder.getI64IntegerAttr(*group),
                     /*activation=*/nullptr, /*activation_params=*/nullptr));
  return success();
}

//===----------------------------------------------------------------------===//
// ConvTranspose
//===----------------------------------------------------------------------===//

/// ConvTranspose as the convolution it is the gradient of: the input is
/// spread out by the strides (stride - 1 zeros between elements), padded by
/// (kernel - 1) * dilation minus the ONNX pads (cropped where that is
/// negative) plus output_padding at the end, and convolved with stride 1 by
/// the kernel flipped in every spatial dim, with its two channel dims swapped
/// per group. Every step is a graph op, so the weights may be run-time
/// values and the convolution gets Conv's optimizations.
LogicalResult importConvTranspose(NodeBinder &b) {
  auto x = b.input(0);
  auto w = b.input(1);
  auto bias = b.optionalInput(2);
  auto type = b.resultType(0);
  auto group = b.intAttr("group", 1);
  auto kernelAttr = b.intsAttr("kernel_shape");
  auto outputShape = b.intsAttr("output_shape");
  auto autoPad = b.stringAttr("auto_pad", "NOTSET");
  if (failed(x) || failed(w) || failed(bias) || failed(type) ||
      failed(group) || failed(kernelAttr) || failed(outputShape) ||
      failed(autoPad))
    return failure();
  auto xType = b.channelsFirstInput(*x);
  if (failed(xType) || failed(b.requireFloat(*xType, "input")))
    return failure();
  auto wType = cast<RankedTensorType>(w->getType());
  int64_t rank = xType->getRank();
  size_t spatial = rank - 2;
  if (wType.getRank() != rank)
    return b.fail("weight rank differs from input rank");
  if (wType.getElementType() != xType->getElementType())
    return b.fail("weight dtype differs from input dtype");
  ArrayRef<int64_t> kernel = wType.getShape().drop_front(2);
  if (*kernelAttr && ArrayRef<int64_t>(**kernelAttr) != kernel)
    return b.fail("attribute 'kernel_shape' does not match the weight");
  for (int64_t k : kernel)
    if (k < 1 || k > kMaxWindowValue)
      return b.fail(llvm::formatv("kernel size {0} is out of range", k));
  int64_t inChannels = xType->getDimSize(1);
  if (*group < 1 || *group > kMaxWindowValue || inChannels % *group != 0 ||
      wType.getDimSize(0) != inChannels)
    return b.fail(llvm::formatv("group {0} does not divide the {1} input "
                                "channels, or the weight does not have them",
                                *group, inChannels));
  auto strides = readWindowAttr(b, "strides", spatial, 1, 1);
  auto dilations = readWindowAttr(b, "dilations", spatial, 1, 1);
  auto outputPadding = readWindowAttr(b, "output_padding", spatial, 0, 0);
  auto padsAttr = readWindowAttr(b, "pads", 2 * spatial, 0, 0);
  if (failed(strides) || failed(dilations) || failed(outputPadding) ||
      failed(padsAttr))
    return failure();
  ArrayRef<int64_t> in = xType->getShape().drop_front(2);
  SmallVector<int64_t> pads = *padsAttr;
  bool notSet = *autoPad == "NOTSET" || autoPad->empty();
  if (!notSet && *autoPad != "VALID" && *autoPad != "SAME_UPPER" &&
      *autoPad != "SAME_LOWER")
    return b.fail("auto_pad '" + *autoPad + "' is not supported");
  if (*outputShape && (*outputShape)->size() != spatial)
    return b.fail(llvm::formatv("attribute 'output_shape' has {0} values, "
                                "expected {1}",
                                (*outputShape)->size(), spatial));
  if (*autoPad == "VALID")
    pads.assign(2 * spatial, 0);
  if (*outputShape || *autoPad == "SAME_UPPER" || *autoPad == "SAME_LOWER") {
    // The pads that give the requested size (SAME: input * stride); the odd
    // one goes to the end for SAME_UPPER and to the beginning otherwise.
    for (size_t i = 0; i < spatial; ++i) {
      int64_t target =
          *outputShape ? (**outputShape)[i] : in[i] * (*strides)[i];
      int64_t total = (*strides)[i] * (in[i] - 1) + (*outputPadding)[i] +
                      (kernel[i] - 1) * (*dilations)[i] + 1 - target;
      int64_t half = total >= 0 ? total / 2 : -((-total + 1) / 2);
      bool upper = *autoPad == "SAME_UPPER";
      pads[i] = upper ? half : total - half;
      pads[i + spatial] = upper ? total - half : half;
    }
  }

  Composer c(b);
  Value input = *x;
  // Spread the input: [N, C, D1, 1, D2, 1, ...] padded to [N, C, D1, s1,
  // ...] and flattened to [N, C, D1 * s1, ...]; the last s - 1 zeros of each
  // dim count toward its end padding.
  if (llvm::any_of(*strides, [](int64_t s) { return s > 1; })) {
    SmallVector<int64_t> interleaved{xType->getDimSize(0), inChannels};
    SmallVector<int64_t> spreadPads(2 * (2 + 2 * spatial), 0);
    SmallVector<int64_t> spread{xType->getDimSize(0), inChannels};
    for (size_t i = 0; i < spatial; ++i) {
      interleaved.append({in[i], 1});
      spreadPads[2 + 2 * spatial + 2 + 2 * i + 1] = (*strides)[i] - 1;
      spread.push_back(in[i] * (*strides)[i]);
    }
    input = c.reshape(input, interleaved);
    input = c.pad(input, spreadPads, 0.0);
    input = c.reshape(input, spread);
  }
  // Conv pads from the ONNX pads; negative ones crop the spread input.
  SmallVector<int64_t> convPads(2 * spatial, 0), cropBegin(rank, 0);
  SmallVector<int64_t> cropped(Composer::shapeOf(input));
  for (size_t i = 0; i < spatial; ++i) {
    int64_t reach = (kernel[i] - 1) * (*dilations)[i];
    int64_t begin = reach - pads[i];
    int64_t end =
        reach - pads[i + spatial] + (*outputPadding)[i] - ((*strides)[i] - 1);
    convPads[i] = std::max<int64_t>(begin, 0);
    convPads[i + spatial] = std::max<int64_t>(end, 0);
    cropBegin[i + 2] = std::max<int64_t>(-begin, 0);
    cropped[i + 2] -= cropBegin[i + 2] + std::max<int64_t>(-end, 0);
    if (cropped[i + 2] + convPads[i] + convPads[i + spatial] <= reach)
      return b.fail("the pads leave no output");
  }
  input = c.slice(input, cropBegin, SmallVector<int64_t>(rank, 1), cropped);

  // [Cin, Cout/g, K..] -> [g, Cin/g, Cout/g, K..] -> [g, Cout/g, Cin/g, K..]
  // -> [Cout, Cin/g, K..], flipped along every K.
  int64_t g = *group, outPerGroup = wType.getDimSize(1);
  SmallVector<int64_t> grouped{g, inChannels / g, outPerGroup};
  grouped.append(kernel.begin(), kernel.end());
  SmallVector<int64_t> perm{0, 2, 1};
  for (size_t i = 0; i < spatial; ++i)
    perm.push_back(3 + i);
  SmallVector<int64_t> convWeightShape{g * outPerGroup, inChannels / g};
  convWeightShape.append(kernel.begin(), kernel.end());
  Value weight = c.reshape(c.transpose(c.reshape(*w, grouped), perm),
                           convWeightShape);
  SmallVector<int64_t> flipStarts(rank, 0), flipSteps(rank, 1);
  for (size_t i = 0; i < spatial; ++i) {
    flipStarts[i + 2] = kernel[i] - 1;
    flipSteps[i + 2] = -1;
  }
  weight = c.slice(weight, flipStarts, flipSteps, convWeightShape);

  SmallVector<int64_t> expected{xType->getDimSize(0), g * outPerGroup};
  for (size_t i = 0; i < spatial; ++i)
    expected.push_back(cropped[i + 2] + convPads[i] + convPads[i + spatial] -
                       (kernel[i] - 1) * (*dilations)[i]);
  if (type->getShape() != ArrayRef<int64_t>(expected))
    return b.fail("the inferred output shape does not match the attributes");
  OpBuilder &builder = b.builder();
  b.setResult(0, graph::ConvOp::create(
                     builder, b.loc(), *type, input, weight, *bias,
                     builder.getDenseI64ArrayAttr(
                         SmallVector<int64_t>(spatial, 1)),
                     builder.getDenseI64ArrayAttr(convPads),
                     builder.getDenseI64ArrayAttr(*dilations),
                     builder.getI64IntegerAttr(g),
                     /*activation=*/nullptr, /*activation_params=*/nullptr));
  return success();
}

//===----------------------------------------------------------------------===//
// Gemm, MatMul
//===----------------------------------------------------------------------===//

LogicalResult importGemm(NodeBinder &b) {
  auto a = b.input(0);
  auto bMat = b.input(1);
  auto c = b.optionalInput(2);
  auto type = b.resultType(0);
  auto alpha = b.floatAttr("alpha", 1.0f);
  auto beta = b.floatAttr("beta", 1.0f);
  auto transA = b.intAttr("transA", 0);
  auto transB = b.intAttr("transB", 0);
  if (failed(a) || failed(bMat) || failed(c) || failed(type) ||
      failed(alpha) || failed(beta) || failed(transA) || failed(transB) ||
      failed(b.requireFloat(*type, "output")))
    return failure();
  OpBuilder &builder = b.builder();
  b.setResult(0, graph::GemmOp::create(
                     builder, b.loc(), *type, *a, *bMat, *c,
                     builder.getF32FloatAttr(*alpha),
                     builder.getF32FloatAttr(*beta),
                     builder.getBoolAttr(*transA != 0),
                     builder.getBoolAttr(*transB != 0),
                     /*activation=*/nullptr, /*activation_params=*/nullptr));
  return success();
}

LogicalResult importMatMul(NodeBinder &b) {
  auto lhs = b.input(0);
  auto rhs = b.input(1);
  auto type = b.resultType(0);
  if (failed(lhs) || failed(rhs) || failed(type))
    return failure();
  if (cast<RankedTensorType>(lhs->getType()).getElementType() !=
      cast<RankedTensorType>(rhs->getType()).getElementType())
    return b.fail("operands have different dtypes");
  b.setResult(0,
              graph::MatMulOp::create(b.builder(), b.loc(), *type, *lhs, *rhs,
                                      /*bias=*/Value(), /*activation=*/nullptr,
                                      /*activation_params=*/nullptr));
  return success();
}

//===----------------------------------------------------------------------===//
// BatchNormalization
//===----------------------------------------------------------------------===//

LogicalResult importBatchNorm(NodeBinder &b) {
  if (b.opset() < 9) {
    auto spatial = b.intAttr("spatial", 1);
    if (failed(spatial))
      return failure();
    if (*spatial != 1)
      return b.fail("attribute 'spatial' = 0 is not supported");
  }
  if (b.opset() >= 14) {
    auto training = b.intAttr("training_mode", 0);
    if (failed(training))
      return failure();
    if (*training != 0)
      return b.fail("training mode is not supported");
  }
  if (failed(b.requireUnusedOutputs(
          1, "only inference BatchNormalization is supported")))
    return failure();
  SmallVector<Value, 5> operands;
  for (unsigned i = 0; i < 5; ++i) {
    auto v = b.input(i);
    if (failed(v))
      return failure();
    operands.push_back(*v);
  }
  auto epsilon = b.floatAttr("epsilon", 1e-5f);
  auto type = b.resultType(0);
  if (failed(epsilon) || failed(type) ||
      failed(b.requireFloat(*type, "input")))
    return failure();
  for (Value v : ArrayRef<Value>(operands).drop_front())
    if (cast<RankedTensorType>(v.getType()).getElementType() !=
        type->getElementType())
      return b.fail("scale, bias, mean and variance must have the input's "
                    "dtype");
  b.setResult(0, graph::BatchNormOp::create(
                     b.builder(), b.loc(), *type, operands[0], operands[1],
                     operands[2], operands[3], operands[4],
                     b.builder().getF32FloatAttr(*epsilon)));
  return success();
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

/// MaxPool with its Indices output: one strided slice of the input, padded
/// with the lowest value, per kernel offset; a running maximum keeps the
/// first offset (in row-major window order) that holds the largest value,
/// and its flat index into the input, where `storage_order` 1 numbers the
/// spatial dims column-major. Padded positions never win.
LogicalResult buildMaxPoolWithIndices(NodeBinder &b, Value x,
                                      RankedTensorType type,
                                      const Window &win) {
  auto indicesType = b.resultType(1);
  auto storageOrder = b.intAttr("storage_order", 0);
  if (failed(indicesType) || failed(storageOrder))
    return failure();
  if (*storageOrder != 0 && *storageOrder != 1)
    return b.fail("storage_order must be 0 or 1");
  if (indicesType->getShape() != type.getShape() ||
      !indicesType->getElementType().isSignlessInteger(64))
    return b.fail("Indices must be int64 with the output's shape");
  auto xType = cast<RankedTensorType>(x.getType());
  Type elem = xType.getElementType();
  int64_t rank = xType.getRank();
  size_t spatial = rank - 2;
  ArrayRef<int64_t> in = xType.getShape().drop_front(2);
  ArrayRef<int64_t> out = type.getShape().drop_front(2);
  if (type.getNumElements() == 0)
    return b.fail("an empty output with Indices is not supported");

  double lowest;
  if (isa<FloatType>(elem))
    lowest = -std::numeric_limits<double>::infinity();
  else if (elem.isUnsignedInteger() || elem.isInteger(1))
    lowest = 0.0;
  else
    lowest = -std::ldexp(1.0, elem.getIntOrFloatBitWidth() - 1);
  // Pad so that every window, including ceil_mode's partial last ones, is
  // inside the padded input.
  SmallVector<int64_t> pads(2 * rank, 0);
  for (size_t i = 0; i < spatial; ++i) {
    int64_t span = (out[i] - 1) * win.strides[i] +
                   (win.kernel[i] - 1) * win.dilations[i] + 1;
    pads[i + 2] = win.pads[i];
    pads[rank + i + 2] = std::max<int64_t>(
        win.pads[i + spatial], span - in[i] - win.pads[i]);
  }
  Composer c(b);
  Value padded = c.pad(x, pads, lowest);

  // The flat index of input element (n, c, h..) is (n * C + c) * plane +
  // position(h..); position is row-major, or column-major for storage order
  // 1. Offsets outside the input get an index too, but never win.
  int64_t plane = 1;
  for (int64_t d : in)
    plane *= d;
  Type i64 = b.builder().getI64Type();
  Value channelBase = c.mul(
      c.add(c.mul(c.iota(xType.getDimSize(0), i64, 0, rank),
                  c.scalar(i64, double(xType.getDimSize(1)))),
            c.iota(xType.getDimSize(1), i64, 1, rank)),
      c.scalar(i64, double(plane)));
  SmallVector<int64_t> positionShape(out);
  positionShape.insert(positionShape.begin(), {1, 1});
  int64_t positions = 1;
  for (int64_t d : out)
    positions *= d;

  Value best, bestIndex;
  SmallVector<int64_t> offset(spatial, 0);
  SmallVector<int64_t> steps(rank, 1), sliceShape(type.getShape());
  for (size_t i = 0; i < spatial; ++i)
    steps[i + 2] = win.strides[i];
  while (true) {
    SmallVector<int64_t> starts(rank, 0);
    for (size_t i = 0; i < spatial; ++i)
      starts[i + 2] = offset[i] * win.dilations[i];
    Value candidate = c.slice(padded, starts, steps, sliceShape);
    SmallVector<int64_t> flat;
    flat.reserve(positions);
    SmallVector<int64_t> o(spatial, 0);
    for (int64_t p = 0; p < positions; ++p) {
      int64_t index = 0;
      for (size_t k = 0; k < spatial; ++k) {
        size_t i = *storageOrder ? spatial - 1 - k : k;
        int64_t coord =
            o[i] * win.strides[i] - win.pads[i] + offset[i] * win.dilations[i];
        index = index * in[i] + coord;
      }
      flat.push_back(index);
      for (int64_t k = spatial - 1; k >= 0; --k) {
        if (++o[k] < out[k])
          break;
        o[k] = 0;
      }
    }
    Value index = c.ints(positionShape, i64, flat);
    if (!best) {
      best = candidate;
      bestIndex = index;
    } else {
      Value greater = c.predicate<graph::GreaterOp>(candidate, best);
      best = c.where(greater, candidate, best);
      bestIndex = c.where(greater, index, bestIndex);
    }
    size_t k = spatial;
    while (k > 0 && ++offset[k - 1] == win.kernel[k - 1])
      offset[--k] = 0;
    if (k == 0)
      break;
  }
  b.setResult(0, best);
  b.setResult(1, c.add(bestIndex, channelBase));
  return success();
}

/// MaxPool's result type already reflects ceil_mode.
LogicalResult importMaxPool(NodeBinder &b) {
  auto x = b.input(0);
  auto type = b.resultType(0);
  auto kernel = b.intsAttr("kernel_shape");
  if (failed(x) || failed(type) || failed(kernel))
    return failure();
  if (!*kernel)
    return b.fail("missing attribute 'kernel_shape'");
  auto xType = b.channelsFirstInput(*x);
  if (failed(xType))
    return failure();
  Window win;
  if (failed(readWindow(b, xType->getShape().drop_front(2), **kernel,
                        /*hasDilations=*/b.opset() >= 10, win)))
    return failure();
  if (b.outputUsed(1))
    return buildMaxPoolWithIndices(b, *x, *type, win);
  OpBuilder &builder = b.builder();
  b.setResult(0, graph::MaxPoolOp::create(
                     builder, b.loc(), *type, *x,
                     builder.getDenseI64ArrayAttr(win.kernel),
                     builder.getDenseI64ArrayAttr(win.strides),
                     builder.getDenseI64ArrayAttr(win.pads),
                     builder.getDenseI64ArrayAttr(win.dilations)));
  return success();
}

/// MaxUnpool: zeros of the default output shape ((in - 1) * stride + kernel
/// - pads per spatial dim) with every input value scattered to the flat
/// position its index (a MaxPool Indices value) names, then zero-padded at
/// the end of each spatial dim up to the static output shape, which a larger
/// output_shape asks for (as ONNX's reference does).
LogicalResult importMaxUnpool(NodeBinder &b) {
  auto x = b.input(0);
  auto indices = b.input(1);
  auto type = b.resultType(0);
  auto kernel = b.intsAttr("kernel_shape");
  if (failed(x) || failed(indices) || failed(type) || failed(kernel))
    return failure();
  if (!*kernel)
    return b.fail("missing attribute 'kernel_shape'");
  auto xType = b.channelsFirstInput(*x);
  if (failed(xType))
    return failure();
  auto indexType = cast<RankedTensorType>(indices->getType());
  if (indexType.getShape() != xType->getShape() ||
      !indexType.getElementType().isSignlessInteger(64))
    return b.fail("I must be int64 with the shape of X");
  ArrayRef<int64_t> in = xType->getShape().drop_front(2);
  size_t spatial = in.size();
  if ((*kernel)->size() != spatial)
    return b.fail("kernel_shape needs one value per spatial dim");
  auto strides = readWindowAttr(b, "strides", spatial, 1, 1);
  auto pads = readWindowAttr(b, "pads", 2 * spatial, 0, 0);
  if (failed(strides) || failed(pads))
    return failure();
  SmallVector<int64_t> unpooled(xType->getShape().take_front(2));
  SmallVector<int64_t> endPads(2 * (spatial + 2), 0);
  for (size_t i = 0; i < spatial; ++i) {
    int64_t k = (**kernel)[i];
    if (k < 1 || k > kMaxWindowValue)
      return b.fail(llvm::formatv("kernel size {0} is out of range", k));
    int64_t size = (in[i] - 1) * (*strides)[i] + k - (*pads)[i] -
                   (*pads)[i + spatial];
    int64_t extra = type->getDimSize(i + 2) - size;
    if (size < 1 || extra < 0)
      return b.fail("the output shape is smaller than the unpooled shape");
    unpooled.push_back(size);
    endPads[spatial + 2 + 2 + i] = extra;
  }
  if (type->getShape().take_front(2) != xType->getShape().take_front(2))
    return b.fail("the output must keep the batch and channel dims");
  Composer c(b);
  int64_t count = xType->getNumElements(), total = 1;
  for (int64_t d : unpooled)
    total *= d;
  Value zeros = c.splat({total}, xType->getElementType(), 0.0);
  OpBuilder &builder = b.builder();
  Value scattered = graph::ScatterElementsOp::create(
      builder, b.loc(), Composer::typeOf(zeros), zeros,
      c.reshape(*indices, {count}), c.reshape(*x, {count}),
      builder.getI64IntegerAttr(0),
      graph::ScatterReductionAttr::get(b.context(),
                                       graph::ScatterReduction::none));
  b.setResult(0, c.pad(c.reshape(scattered, unpooled), endPads, 0.0));
  return success();
}

LogicalResult importAveragePool(NodeBinder &b) {
  auto x = b.input(0);
  auto type = b.resultType(0);
  auto kernel = b.intsAttr("kernel_shape");
  auto countPad = b.intAttr("count_include_pad", 0);
  if (failed(x) || failed(type) || failed(kernel) || failed(countPad))
    return failure();
  if (!*kernel)
    return b.fail("missing attribute 'kernel_shape'");
  auto xType = b.channelsFirstInput(*x);
  if (failed(xType) || failed(b.requireFloat(*xType, "input")))
    return failure();
  Window win;
  if (failed(readWindow(b, xType->getShape().drop_front(2), **kernel,
                        /*hasDilations=*/false, win)))
    return failure();
  OpBuilder &builder = b.builder();
  b.setResult(0, graph::AveragePoolOp::create(
                     builder, b.loc(), *type, *x,
                     builder.getDenseI64ArrayAttr(win.kernel),
                     builder.getDenseI64ArrayAttr(win.strides),
                     builder.getDenseI64ArrayAttr(win.pads),
                     builder.getBoolAttr(*countPad != 0)));
  return success();
}

/// GlobalAveragePool and GlobalMaxPool reduce every spatial dim, keeping it
/// as size 1.
template <typename ReduceOp, bool FloatOnly>
LogicalResult importGlobalPool(NodeBinder &b) {
  auto x = b.input(0);
  auto type = b.resultType(0);
  if (failed(x) || failed(type))
    return failure();
  auto xType = b.channelsFirstInput(*x);
  if (failed(xType) ||
      (FloatOnly && failed(b.requireFloat(*xType, "input"))))
    return failure();
  SmallVector<int64_t> axes;
  for (int64_t d = 2; d < xType->getRank(); ++d)
    axes.push_back(d);
  OpBuilder &builder = b.builder();
  b.setResult(0, ReduceOp::create(builder, b.loc(), *type, *x,
                                  builder.getDenseI64ArrayAttr(axes),
                                  builder.getBoolAttr(true)));
  return success();
}

} // namespace

void registerConvPoolHandlers(HandlerTable &t) {
  t.add("Conv", 1, importConv);
  t.add("ConvTranspose", 1, importConvTranspose);
  t.add("Gemm", 1, importGemm);
  t.add("MatMul", 1, importMatMul);
  t.add("BatchNormalization", 1, importBatchNorm);
  t.add("MaxPool", 1, importMaxPool);
  t.add("MaxUnpool", 9, importMaxUnpool);
  t.add("AveragePool", 1, importAveragePool);
  t.add("GlobalAveragePool", 1,
        importGlobalPool<graph::ReduceMeanOp, /*FloatOnly=*/true>);
  t.add("GlobalMaxPool", 1,
        importGlobalPool<graph::ReduceMaxOp, /*FloatOnly=*/false>);
}

} // namespace kiln::importer
