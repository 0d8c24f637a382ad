//===- Signal.cpp - Window functions --------------------------------------===//
//
// HannWindow, HammingWindow and BlackmanWindow produce a vector that depends
// only on its length. The length is the static output shape (ONNX inference
// computes it from a constant size, or the model declares it), so the window
// is a constant computed here in double precision.
//
//===----------------------------------------------------------------------===//

#include "Handlers.h"
#include "NodeBinder.h"
#include "TensorImport.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>

using namespace mlir;

namespace kiln::importer {
namespace {

/// Generalized cosine windows: sum_k (-1)^k a_k cos(2 pi k n / N).
struct CosineWindow {
  double a0, a1, a2;
};

template <CosineWindow (*Coefficients)()>
LogicalResult importWindow(NodeBinder &b) {
  auto periodic = b.intAttr("periodic", 1);
  auto dtype = b.intAttr("output_datatype", onnx::TensorProto::FLOAT);
  if (failed(periodic) || failed(dtype))
    return failure();
  RankedTensorType type = b.inferredType(0);
  if (!type)
    return b.fail("the window length is not static: give a constant size "
                  "or declare the output's shape in the model");
  if (type.getRank() != 1)
    return b.fail("the output must be 1-D");
  auto elem = dyn_cast<FloatType>(type.getElementType());
  if (!elem)
    return b.fail("output_datatype must be a float type");
  if (elem != elementTypeFor(static_cast<int32_t>(*dtype), b.context()))
    return b.fail("the output's dtype differs from output_datatype");
  int64_t size = type.getDimSize(0);
  if (size > (int64_t(1) << 24))
    return b.fail(llvm::formatv("window length {0} is too large", size));
  if (b.hasInput(0) && b.constantInput(0)) {
    auto given = b.constantInts(0, "size");
    if (failed(given))
      return failure();
    if (given->size() != 1 || (*given)[0] != size)
      return b.fail("size differs from the output length");
  }
  if (b.hasFailed())
    return failure();
  CosineWindow w = Coefficients();
  double denominator = *periodic ? double(size) : double(size - 1);
  SmallVector<APFloat> values;
  for (int64_t n = 0; n < size; ++n) {
    double phase = denominator > 0 ? 2.0 * M_PI * double(n) / denominator : 0;
    APFloat value(w.a0 - w.a1 * std::cos(phase) + w.a2 * std::cos(2 * phase));
    bool losesInfo;
    value.convert(elem.getFloatSemantics(), APFloat::rmNearestTiesToEven,
                  &losesInfo);
    values.push_back(value);
  }
  b.setConstantResult(0, DenseElementsAttr::get(type, values));
  return success();
}

CosineWindow hann() { return {0.5, 0.5, 0.0}; }
CosineWindow hamming() { return {25.0 / 46.0, 21.0 / 46.0, 0.0}; }
CosineWindow blackman() { return {0.42, 0.5, 0.08}; }

} // namespace

void registerSignalHandlers(HandlerTable &t) {
  t.add("HannWindow", 17, importWindow<hann>);
  t.add("HammingWindow", 17, importWindow<hamming>);
  t.add("BlackmanWindow", 17, importWindow<blackman>);
}

} // namespace kiln::importer
