//===- ConvPool.cpp - Handlers of convolution, pooling and GEMM -----------===//
//
// Window ops share one attribute reader: kernel, strides, dilations and pads
// are validated (positive, bounded so later arithmetic cannot overflow) and
// `auto_pad` is resolved into explicit pads, begins then ends. The result
// shapes come from ONNX shape inference; the graph verifiers check them.
//
//===----------------------------------------------------------------------===//

#include "Handlers.h"
#include "NodeBinder.h"

#include "dialects/Graph/IR/GraphOps.h"

#include "llvm/Support/FormatVariadic.h"

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

/// The NCHW input of a window op: rank >= 3.
static FailureOr<RankedTensorType> windowInput(NodeBinder &b, Value x) {
  auto type = cast<RankedTensorType>(x.getType());
  if (type.getRank() < 3)
    return b.fail(llvm::formatv("input has rank {0}; expected N x C x "
                                "spatial dims",
                                type.getRank()));
  return type;
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
  auto xType = windowInput(b, *x);
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

/// MaxPool's result type already reflects ceil_mode; the Indices output
/// (and with it storage_order) is not supported.
LogicalResult importMaxPool(NodeBinder &b) {
  if (failed(b.requireUnusedOutputs(1, "the Indices output is not supported")))
    return failure();
  auto x = b.input(0);
  auto type = b.resultType(0);
  auto kernel = b.intsAttr("kernel_shape");
  if (failed(x) || failed(type) || failed(kernel))
    return failure();
  if (!*kernel)
    return b.fail("missing attribute 'kernel_shape'");
  auto xType = windowInput(b, *x);
  if (failed(xType))
    return failure();
  Window win;
  if (failed(readWindow(b, xType->getShape().drop_front(2), **kernel,
                        /*hasDilations=*/b.opset() >= 10, win)))
    return failure();
  OpBuilder &builder = b.builder();
  b.setResult(0, graph::MaxPoolOp::create(
                     builder, b.loc(), *type, *x,
                     builder.getDenseI64ArrayAttr(win.kernel),
                     builder.getDenseI64ArrayAttr(win.strides),
                     builder.getDenseI64ArrayAttr(win.pads),
                     builder.getDenseI64ArrayAttr(win.dilations)));
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
  auto xType = windowInput(b, *x);
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
  auto xType = windowInput(b, *x);
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
  t.add("Gemm", 1, importGemm);
  t.add("MatMul", 1, importMatMul);
  t.add("BatchNormalization", 1, importBatchNorm);
  t.add("MaxPool", 1, importMaxPool);
  t.add("AveragePool", 1, importAveragePool);
  t.add("GlobalAveragePool", 1,
        importGlobalPool<graph::ReduceMeanOp, /*FloatOnly=*/true>);
  t.add("GlobalMaxPool", 1,
        importGlobalPool<graph::ReduceMaxOp, /*FloatOnly=*/false>);
}

} // namespace kiln::importer
