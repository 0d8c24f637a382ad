//===- ConstantEvaluator.cpp - Evaluate graph ops on constants ------------===//
//
// Elementwise ops broadcast every operand to the result shape first (one
// strided copy each), then map element by element; data movement ops are
// strided copies or index computations. Float math runs in double and is
// rounded once to the result type.
//
//===----------------------------------------------------------------------===//

#include "passes/ConstantEvaluator.h"

#include "dialects/Graph/IR/GraphOps.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/APSInt.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/Endian.h"

#include <cmath>
#include <cstring>
#include <limits>

using namespace mlir;
using namespace kiln::graph;

namespace kiln::passes {
namespace {

/// Results up to this many elements stay inline in the IR; larger ones
/// become dense_resource blobs (as the importer does for initializers).
constexpr int64_t kMaxInlineElements = 64;

enum class Kind { Float, Signed, Unsigned, Bool };

Kind kindOf(Type type) {
  if (isa<FloatType>(type))
    return Kind::Float;
  auto intType = cast<IntegerType>(type);
  if (intType.getWidth() == 1)
    return Kind::Bool;
  return intType.isUnsigned() ? Kind::Unsigned : Kind::Signed;
}

unsigned widthOf(Type type) { return type.getIntOrFloatBitWidth(); }

uint64_t maskTo(uint64_t bits, unsigned width) {
  return width >= 64 ? bits : bits & ((uint64_t(1) << width) - 1);
}

int64_t signExtend(uint64_t bits, unsigned width) {
  if (width >= 64)
    return static_cast<int64_t>(bits);
  uint64_t sign = uint64_t(1) << (width - 1);
  return static_cast<int64_t>((maskTo(bits, width) ^ sign) - sign);
}

/// The value of an element of the signed integer type `type`.
int64_t asSigned(Scalar s, Type type) { return signExtend(s.i, widthOf(type)); }

/// Rounds `value` to the float type `type` (a no-op for f64).
double roundTo(double value, Type type) {
  if (type.isF64() || std::isnan(value))
    return value;
  if (type.isF32())
    return static_cast<double>(static_cast<float>(value));
  APFloat f(value);
  bool lost;
  f.convert(cast<FloatType>(type).getFloatSemantics(),
            APFloat::rmNearestTiesToEven, &lost);
  f.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven, &lost);
  return f.convertToDouble();
}

Scalar floatScalar(double value) {
  Scalar s;
  s.f = value;
  return s;
}

Scalar intScalar(uint64_t bits, unsigned width) {
  Scalar s;
  s.i = maskTo(bits, width);
  return s;
}

SmallVector<int64_t> stridesOf(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t d = int64_t(shape.size()) - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * shape[d + 1];
  return strides;
}

/// Reads `shape`-many elements of `src` starting at `offset`, stepping by
/// `strides` (one per result dim, possibly 0 or negative), in row-major order
/// of `shape`.
std::vector<Scalar> stridedCopy(ArrayRef<Scalar> src, int64_t offset,
                                ArrayRef<int64_t> strides,
                                ArrayRef<int64_t> shape) {
  int64_t count = 1;
  for (int64_t size : shape)
    count *= size;
  std::vector<Scalar> out;
  out.reserve(count);
  if (count == 0)
    return out;
  SmallVector<int64_t> index(shape.size(), 0);
  int64_t pos = offset;
  for (int64_t n = 0; n < count; ++n) {
    out.push_back(src[pos]);
    for (int64_t d = int64_t(shape.size()) - 1; d >= 0; --d) {
      pos += strides[d];
      if (++index[d] < shape[d])
        break;
      pos -= strides[d] * shape[d];
      index[d] = 0;
    }
  }
  return out;
}

/// Broadcasts `t` numpy-style to `shape`.
std::vector<Scalar> broadcastTo(const ConstantTensor &t,
                                ArrayRef<int64_t> shape) {
  ArrayRef<int64_t> inShape = t.type.getShape();
  if (inShape == shape)
    return t.values;
  SmallVector<int64_t> inStrides = stridesOf(inShape);
  SmallVector<int64_t> strides(shape.size(), 0);
  size_t lead = shape.size() - inShape.size();
  for (size_t d = 0; d < inShape.size(); ++d)
    strides[lead + d] = inShape[d] == 1 ? 0 : inStrides[d];
  return stridedCopy(t.values, 0, strides, shape);
}

//===----------------------------------------------------------------------===//
// Scalar semantics (mirroring codegen/GraphToLinalg)
//===----------------------------------------------------------------------===//

/// arith.maximumf / minimumf: NaN wins, +0 > -0.
double floatMax(double a, double b) {
  if (std::isnan(a) || std::isnan(b))
    return std::numeric_limits<double>::quiet_NaN();
  if (a == b)
    return std::signbit(a) ? b : a;
  return a > b ? a : b;
}

double floatMin(double a, double b) {
  if (std::isnan(a) || std::isnan(b))
    return std::numeric_limits<double>::quiet_NaN();
  if (a == b)
    return std::signbit(a) ? a : b;
  return a < b ? a : b;
}

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

double hardSigmoid(double x, double alpha, double beta) {
  return floatMax(floatMin(alpha * x + beta, 1.0), 0.0);
}

/// Unary float ops; nullopt for ops that are not unary float math.
std::optional<double> evalUnaryFloat(Operation *op, double x) {
  return llvm::TypeSwitch<Operation *, std::optional<double>>(op)
      .Case([&](ReluOp) { return x > 0 || std::isnan(x) ? x : 0.0; })
      .Case([&](SigmoidOp) { return sigmoid(x); })
      .Case([&](TanhOp) { return std::tanh(x); })
      .Case([&](ErfOp) { return std::erf(x); })
      .Case([&](SqrtOp) { return std::sqrt(x); })
      .Case([&](ExpOp) { return std::exp(x); })
      .Case([&](LogOp) { return std::log(x); })
      .Case([&](NegOp) { return -x; })
      .Case([&](AbsOp) { return std::fabs(x); })
      .Case([&](ReciprocalOp) { return 1.0 / x; })
      .Case([&](FloorOp) { return std::floor(x); })
      .Case([&](CeilOp) { return std::ceil(x); })
      .Case([&](HardSwishOp) { return x * hardSigmoid(x, 1.0 / 6.0, 0.5); })
      .Case([&](SiluOp) { return x * sigmoid(x); })
      .Case([&](LeakyReluOp o) {
        return x < 0 ? o.getAlpha().convertToDouble() * x : x;
      })
      .Case([&](HardSigmoidOp o) {
        return hardSigmoid(x, o.getAlpha().convertToDouble(),
                           o.getBeta().convertToDouble());
      })
      .Case([&](GeluOp o) -> double {
        if (!o.getTanhApproximation())
          return 0.5 * x * (1.0 + std::erf(x / std::sqrt(2.0)));
        double c = std::sqrt(2.0 / M_PI);
        return 0.5 * x * (1.0 + std::tanh(c * (x + 0.044715 * x * x * x)));
      })
      .Case([&](ClipOp o) {
        if (std::optional<APFloat> lo = o.getMin())
          x = floatMax(x, lo->convertToDouble());
        if (std::optional<APFloat> hi = o.getMax())
          x = floatMin(x, hi->convertToDouble());
        return x;
      })
      .Default([](Operation *) { return std::nullopt; });
}

/// A float clip bound rounded into an integer type, toward the inside of
/// the interval and saturating (as the lowering does).
void integerBound(double bound, unsigned width, bool isSigned, bool lower,
                  uint64_t &bits) {
  double rounded = lower ? std::ceil(bound) : std::floor(bound);
  APInt minValue =
      isSigned ? APInt::getSignedMinValue(width) : APInt::getZero(width);
  APInt maxValue =
      isSigned ? APInt::getSignedMaxValue(width) : APInt::getMaxValue(width);
  double minDouble =
      isSigned ? minValue.signedRoundToDouble() : minValue.roundToDouble();
  double maxDouble =
      isSigned ? maxValue.signedRoundToDouble() : maxValue.roundToDouble();
  if (rounded <= minDouble)
    bits = minValue.getZExtValue();
  else if (rounded >= maxDouble)
    bits = maxValue.getZExtValue();
  else if (isSigned)
    bits = static_cast<uint64_t>(static_cast<int64_t>(rounded));
  else
    bits = static_cast<uint64_t>(rounded);
}

/// Unary integer ops on the bits of `x`; nullopt where the lowering rejects
/// the type or the op is not a unary integer op.
std::optional<uint64_t> evalUnaryInt(Operation *op, Scalar x, Type type) {
  Kind kind = kindOf(type);
  unsigned width = widthOf(type);
  bool isSigned = kind == Kind::Signed;
  auto lessThan = [&](uint64_t a, uint64_t b) {
    return isSigned ? signExtend(a, width) < signExtend(b, width) : a < b;
  };
  return llvm::TypeSwitch<Operation *, std::optional<uint64_t>>(op)
      .Case([&](ReluOp) -> std::optional<uint64_t> {
        if (kind == Kind::Bool)
          return std::nullopt;
        return isSigned && signExtend(x.i, width) < 0 ? 0 : x.i;
      })
      .Case([&](NegOp) -> std::optional<uint64_t> {
        if (!isSigned)
          return std::nullopt;
        return maskTo(0 - x.i, width);
      })
      .Case([&](AbsOp) -> std::optional<uint64_t> {
        if (kind == Kind::Bool)
          return std::nullopt;
        if (isSigned && signExtend(x.i, width) < 0)
          return maskTo(0 - x.i, width);
        return x.i;
      })
      .Case([&](ClipOp o) -> std::optional<uint64_t> {
        if (kind == Kind::Bool)
          return std::nullopt;
        uint64_t v = x.i, bound;
        if (std::optional<APFloat> lo = o.getMin()) {
          if (lo->isNaN())
            return std::nullopt;
          integerBound(lo->convertToDouble(), width, isSigned, true, bound);
          if (lessThan(v, maskTo(bound, width)))
            v = maskTo(bound, width);
        }
        if (std::optional<APFloat> hi = o.getMax()) {
          if (hi->isNaN())
            return std::nullopt;
          integerBound(hi->convertToDouble(), width, isSigned, false, bound);
          if (lessThan(maskTo(bound, width), v))
            v = maskTo(bound, width);
        }
        return v;
      })
      .Default([](Operation *) { return std::nullopt; });
}

/// Binary float arithmetic; nullopt for other ops.
std::optional<double> evalBinaryFloat(Operation *op, double a, double b) {
  return llvm::TypeSwitch<Operation *, std::optional<double>>(op)
      .Case([&](AddOp) { return a + b; })
      .Case([&](SubOp) { return a - b; })
      .Case([&](MulOp) { return a * b; })
      .Case([&](DivOp) { return a / b; })
      .Case([&](PowOp) { return std::pow(a, b); })
      .Case([&](MaxOp) { return floatMax(a, b); })
      .Case([&](MinOp) { return floatMin(a, b); })
      .Default([](Operation *) { return std::nullopt; });
}

/// Binary integer arithmetic with wrap-around, division by zero giving 0 and
/// INT_MIN / -1 wrapping, as in createDiv; nullopt for other ops and for
/// arithmetic on bool.
std::optional<uint64_t> evalBinaryInt(Operation *op, uint64_t a, uint64_t b,
                                      Type type) {
  Kind kind = kindOf(type);
  unsigned width = widthOf(type);
  bool isSigned = kind == Kind::Signed;
  bool arithmetic = isa<AddOp, SubOp, MulOp, DivOp>(op);
  if (kind == Kind::Bool && arithmetic)
    return std::nullopt;
  auto less = [&](uint64_t x, uint64_t y) {
    return isSigned ? signExtend(x, width) < signExtend(y, width) : x < y;
  };
  return llvm::TypeSwitch<Operation *, std::optional<uint64_t>>(op)
      .Case([&](AddOp) { return maskTo(a + b, width); })
      .Case([&](SubOp) { return maskTo(a - b, width); })
      .Case([&](MulOp) { return maskTo(a * b, width); })
      .Case([&](DivOp) -> uint64_t {
        if (b == 0)
          return 0;
        if (!isSigned)
          return a / b;
        int64_t sb = signExtend(b, width);
        if (sb == -1)
          return maskTo(0 - a, width);
        return maskTo(static_cast<uint64_t>(signExtend(a, width) / sb), width);
      })
      .Case([&](MaxOp) { return less(a, b) ? b : a; })
      .Case([&](MinOp) { return less(b, a) ? b : a; })
      .Default([](Operation *) { return std::nullopt; });
}

/// Equal/Less/Greater on two elements of `type`; nullopt for other ops.
std::optional<bool> evalCompare(Operation *op, Scalar a, Scalar b, Type type) {
  Kind kind = kindOf(type);
  if (!isa<EqualOp, LessOp, GreaterOp>(op))
    return std::nullopt;
  if (kind == Kind::Float) {
    // Ordered predicates: any NaN compares false.
    if (isa<EqualOp>(op))
      return a.f == b.f;
    return isa<LessOp>(op) ? a.f < b.f : a.f > b.f;
  }
  if (isa<EqualOp>(op))
    return a.i == b.i;
  unsigned width = widthOf(type);
  bool less, greater;
  if (kind == Kind::Signed) {
    less = signExtend(a.i, width) < signExtend(b.i, width);
    greater = signExtend(a.i, width) > signExtend(b.i, width);
  } else {
    less = a.i < b.i;
    greater = a.i > b.i;
  }
  return isa<LessOp>(op) ? less : greater;
}

/// ONNX Cast of one element, as createCast lowers it; nullopt where the
/// generated code is undefined (NaN or out-of-range float to integer).
std::optional<Scalar> castScalar(Scalar x, Type from, Type to) {
  Kind fromKind = kindOf(from), toKind = kindOf(to);
  if (toKind == Kind::Bool) {
    bool nonZero =
        fromKind == Kind::Float ? x.f != 0 || std::isnan(x.f) : x.i != 0;
    return intScalar(nonZero, 1);
  }
  if (fromKind == Kind::Float) {
    if (toKind == Kind::Float)
      return floatScalar(roundTo(x.f, to));
    double t = std::trunc(x.f);
    unsigned width = widthOf(to);
    if (std::isnan(t))
      return std::nullopt;
    APFloat value(t);
    APSInt result(width, /*isUnsigned=*/toKind == Kind::Unsigned);
    bool exact;
    if (value.convertToInteger(result, APFloat::rmTowardZero, &exact) !=
        APFloat::opOK)
      return std::nullopt;
    return intScalar(result.getZExtValue(), width);
  }
  unsigned fromWidth = widthOf(from);
  bool fromSigned = fromKind == Kind::Signed;
  if (toKind == Kind::Float) {
    APFloat value(cast<FloatType>(to).getFloatSemantics());
    value.convertFromAPInt(APInt(fromWidth, x.i), fromSigned,
                           APFloat::rmNearestTiesToEven);
    bool lost;
    value.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven, &lost);
    return floatScalar(value.convertToDouble());
  }
  uint64_t bits =
      fromSigned ? static_cast<uint64_t>(signExtend(x.i, fromWidth)) : x.i;
  return intScalar(bits, widthOf(to));
}

//===----------------------------------------------------------------------===//
// Op evaluation
//===----------------------------------------------------------------------===//

using Operands = ArrayRef<ConstantTensor>;

FailureOr<std::vector<Scalar>> evalElementwise(Operation *op, Operands args,
                                               RankedTensorType resultType) {
  ArrayRef<int64_t> shape = resultType.getShape();
  Type inType = args[0].type.getElementType();
  Type outType = resultType.getElementType();
  SmallVector<std::vector<Scalar>> in;
  for (const ConstantTensor &arg : args)
    in.push_back(broadcastTo(arg, shape));
  size_t count = resultType.getNumElements();
  std::vector<Scalar> out(count);

  if (isa<CastOp>(op)) {
    for (size_t n = 0; n < count; ++n) {
      std::optional<Scalar> s = castScalar(in[0][n], inType, outType);
      if (!s)
        return failure();
      out[n] = *s;
    }
    return out;
  }
  if (isa<WhereOp>(op)) {
    for (size_t n = 0; n < count; ++n)
      out[n] = in[0][n].i ? in[1][n] : in[2][n];
    return out;
  }
  if (isa<AndOp, OrOp>(op)) {
    bool isAnd = isa<AndOp>(op);
    for (size_t n = 0; n < count; ++n)
      out[n] = intScalar(
          isAnd ? in[0][n].i & in[1][n].i : in[0][n].i | in[1][n].i, 1);
    return out;
  }
  if (isa<EqualOp, LessOp, GreaterOp>(op)) {
    for (size_t n = 0; n < count; ++n)
      out[n] = intScalar(*evalCompare(op, in[0][n], in[1][n], inType), 1);
    return out;
  }

  bool isFloat = kindOf(inType) == Kind::Float;
  if (args.size() == 1) {
    for (size_t n = 0; n < count; ++n) {
      if (isFloat) {
        std::optional<double> v = evalUnaryFloat(op, in[0][n].f);
        if (!v)
          return failure();
        out[n] = floatScalar(roundTo(*v, outType));
      } else {
        std::optional<uint64_t> v = evalUnaryInt(op, in[0][n], inType);
        if (!v)
          return failure();
        out[n] = intScalar(*v, widthOf(outType));
      }
    }
    return out;
  }
  if (args.size() != 2)
    return failure();
  for (size_t n = 0; n < count; ++n) {
    if (isFloat) {
      std::optional<double> v = evalBinaryFloat(op, in[0][n].f, in[1][n].f);
      if (!v)
        return failure();
      out[n] = floatScalar(roundTo(*v, outType));
    } else {
      if (isa<PowOp>(op))
        return failure();
      std::optional<uint64_t> v =
          evalBinaryInt(op, in[0][n].i, in[1][n].i, inType);
      if (!v)
        return failure();
      out[n] = intScalar(*v, widthOf(outType));
    }
  }
  return out;
}

std::vector<Scalar> evalTranspose(const ConstantTensor &in,
                                  ArrayRef<int64_t> perm,
                                  ArrayRef<int64_t> resultShape) {
  SmallVector<int64_t> inStrides = stridesOf(in.type.getShape());
  SmallVector<int64_t> strides;
  for (int64_t p : perm)
    strides.push_back(inStrides[p]);
  return stridedCopy(in.values, 0, strides, resultShape);
}

FailureOr<std::vector<Scalar>> evalSlice(SliceOp op, const ConstantTensor &in) {
  ArrayRef<int64_t> inShape = in.type.getShape();
  ArrayRef<int64_t> outShape = op.getType().getShape();
  ArrayRef<int64_t> starts = op.getStarts(), steps = op.getSteps();
  if (starts.size() != inShape.size() || steps.size() != inShape.size())
    return failure();
  SmallVector<int64_t> inStrides = stridesOf(inShape);
  SmallVector<int64_t> strides;
  int64_t offset = 0;
  for (size_t d = 0; d < inShape.size(); ++d) {
    if (outShape[d] > 0) {
      int64_t last = starts[d] + (outShape[d] - 1) * steps[d];
      if (starts[d] < 0 || starts[d] >= inShape[d] || last < 0 ||
          last >= inShape[d])
        return failure();
    }
    offset += starts[d] * inStrides[d];
    strides.push_back(steps[d] * inStrides[d]);
  }
  return stridedCopy(in.values, offset, strides, outShape);
}

std::vector<Scalar> evalConcat(ConcatOp op, Operands args) {
  int64_t axis = op.getAxis();
  ArrayRef<int64_t> outShape = op.getType().getShape();
  int64_t outer = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= outShape[d];
  std::vector<Scalar> out;
  out.reserve(op.getType().getNumElements());
  for (int64_t o = 0; o < outer; ++o) {
    for (const ConstantTensor &arg : args) {
      int64_t block = arg.type.getNumElements() / std::max<int64_t>(outer, 1);
      auto begin = arg.values.begin() + o * block;
      out.insert(out.end(), begin, begin + block);
    }
  }
  return out;
}

FailureOr<std::vector<Scalar>> evalGather(GatherOp op,
                                          const ConstantTensor &data,
                                          const ConstantTensor &indices) {
  ArrayRef<int64_t> shape = data.type.getShape();
  int64_t axis = op.getAxis();
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= shape[d];
  for (size_t d = axis + 1; d < shape.size(); ++d)
    inner *= shape[d];
  int64_t dim = shape[axis];
  Type indexType = indices.type.getElementType();
  SmallVector<int64_t> resolved;
  for (Scalar s : indices.values) {
    int64_t index = asSigned(s, indexType);
    if (index < 0)
      index += dim;
    // The verifier rejects these; never read outside the data.
    if (index < 0 || index >= dim)
      return failure();
    resolved.push_back(index);
  }
  std::vector<Scalar> out;
  out.reserve(op.getType().getNumElements());
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t index : resolved) {
      auto begin = data.values.begin() + (o * dim + index) * inner;
      out.insert(out.end(), begin, begin + inner);
    }
  return out;
}

FailureOr<std::vector<Scalar>> evalPad(PadOp op, const ConstantTensor &in) {
  ArrayRef<int64_t> inShape = in.type.getShape();
  ArrayRef<int64_t> outShape = op.getType().getShape();
  ArrayRef<int64_t> pads = op.getPads();
  size_t rank = inShape.size();
  Type type = in.type.getElementType();
  double value = op.getValue().convertToDouble();
  Scalar fill;
  if (kindOf(type) == Kind::Float) {
    fill = floatScalar(roundTo(value, type));
  } else {
    // Only integral pad values have one obvious meaning for integers.
    std::optional<Scalar> s = castScalar(
        floatScalar(value), Float64Type::get(type.getContext()), type);
    if (!s || std::trunc(value) != value)
      return failure();
    fill = *s;
  }
  // Per dim, the source index of each result index, or -1 for the fill.
  SmallVector<SmallVector<int64_t>> source(rank);
  for (size_t d = 0; d < rank; ++d) {
    int64_t n = inShape[d];
    for (int64_t i = 0; i < outShape[d]; ++i) {
      int64_t s = i - pads[d];
      if (s < 0 || s >= n) {
        switch (op.getMode()) {
        case PadMode::constant:
          s = -1;
          break;
        case PadMode::edge:
          s = s < 0 ? 0 : n - 1;
          break;
        case PadMode::reflect:
          s = s < 0 ? -s : 2 * (n - 1) - s;
          if (s < 0 || s >= n)
            return failure();
          break;
        }
      }
      source[d].push_back(s);
    }
  }
  SmallVector<int64_t> inStrides = stridesOf(inShape);
  int64_t count = op.getType().getNumElements();
  std::vector<Scalar> out;
  out.reserve(count);
  SmallVector<int64_t> index(rank, 0);
  for (int64_t n = 0; n < count; ++n) {
    int64_t pos = 0;
    bool padded = false;
    for (size_t d = 0; d < rank && !padded; ++d) {
      int64_t s = source[d][index[d]];
      padded = s < 0;
      pos += s * inStrides[d];
    }
    out.push_back(padded ? fill : in.values[pos]);
    for (int64_t d = int64_t(rank) - 1; d >= 0; --d) {
      if (++index[d] < outShape[d])
        break;
      index[d] = 0;
    }
  }
  return out;
}

enum class ReduceKind { Sum, Mean, Max, Min, Prod };

FailureOr<std::vector<Scalar>> evalReduce(ArrayRef<int64_t> axes,
                                          ReduceKind reduce,
                                          const ConstantTensor &in,
                                          RankedTensorType resultType) {
  ArrayRef<int64_t> inShape = in.type.getShape();
  Type type = in.type.getElementType();
  Kind kind = kindOf(type);
  unsigned width = widthOf(type);
  size_t rank = inShape.size();
  SmallVector<bool> reduced(rank, axes.empty());
  for (int64_t a : axes)
    reduced[a] = true;
  int64_t count = 1;
  SmallVector<int64_t> kept;
  for (size_t d = 0; d < rank; ++d) {
    if (reduced[d])
      count *= inShape[d];
    else
      kept.push_back(inShape[d]);
  }
  bool arithmetic = reduce == ReduceKind::Sum || reduce == ReduceKind::Mean ||
                    reduce == ReduceKind::Prod;
  if (kind == Kind::Bool && arithmetic)
    return failure();
  if (reduce == ReduceKind::Mean && kind != Kind::Float &&
      (count == 0 || (width < 64 && count > (int64_t(1) << (width - 1)) - 1)))
    return failure();

  // Output strides of the input dims: reduced dims do not move the output.
  SmallVector<int64_t> keptStrides = stridesOf(kept);
  SmallVector<int64_t> outStrides(rank, 0);
  for (size_t d = 0, k = 0; d < rank; ++d)
    if (!reduced[d])
      outStrides[d] = keptStrides[k++];

  int64_t outCount = resultType.getNumElements();
  Scalar identity;
  switch (reduce) {
  case ReduceKind::Sum:
  case ReduceKind::Mean:
    identity = kind == Kind::Float ? floatScalar(0.0) : intScalar(0, width);
    break;
  case ReduceKind::Prod:
    identity = kind == Kind::Float ? floatScalar(1.0) : intScalar(1, width);
    break;
  case ReduceKind::Max:
  case ReduceKind::Min: {
    bool lowest = reduce == ReduceKind::Max;
    if (kind == Kind::Float) {
      identity = floatScalar(lowest ? -INFINITY : INFINITY);
    } else if (kind == Kind::Signed) {
      identity =
          intScalar(lowest ? APInt::getSignedMinValue(width).getZExtValue()
                           : APInt::getSignedMaxValue(width).getZExtValue(),
                    width);
    } else {
      identity = intScalar(
          lowest ? 0 : APInt::getMaxValue(width).getZExtValue(), width);
    }
    break;
  }
  }
  std::vector<Scalar> acc(outCount, identity);
  SmallVector<int64_t> index(rank, 0);
  int64_t pos = 0;
  for (const Scalar &x : in.values) {
    Scalar &a = acc[pos];
    if (kind == Kind::Float) {
      switch (reduce) {
      case ReduceKind::Sum:
      case ReduceKind::Mean:
        a.f += x.f;
        break;
      case ReduceKind::Prod:
        a.f *= x.f;
        break;
      case ReduceKind::Max:
        a.f = floatMax(a.f, x.f);
        break;
      case ReduceKind::Min:
        a.f = floatMin(a.f, x.f);
        break;
      }
    } else {
      bool isSigned = kind == Kind::Signed;
      auto less = [&](uint64_t p, uint64_t q) {
        return isSigned ? signExtend(p, width) < signExtend(q, width) : p < q;
      };
      switch (reduce) {
      case ReduceKind::Sum:
      case ReduceKind::Mean:
        a.i = maskTo(a.i + x.i, width);
        break;
      case ReduceKind::Prod:
        a.i = maskTo(a.i * x.i, width);
        break;
      case ReduceKind::Max:
        a.i = less(a.i, x.i) ? x.i : a.i;
        break;
      case ReduceKind::Min:
        a.i = less(x.i, a.i) ? x.i : a.i;
        break;
      }
    }
    for (int64_t d = int64_t(rank) - 1; d >= 0; --d) {
      pos += outStrides[d];
      if (++index[d] < inShape[d])
        break;
      pos -= outStrides[d] * inShape[d];
      index[d] = 0;
    }
  }
  for (Scalar &a : acc) {
    if (kind == Kind::Float) {
      if (reduce == ReduceKind::Mean)
        a.f /= double(count);
      a.f = roundTo(a.f, type);
    } else if (reduce == ReduceKind::Mean) {
      int64_t c = count;
      if (kind == Kind::Signed)
        a.i = maskTo(static_cast<uint64_t>(signExtend(a.i, width) / c), width);
      else
        a.i = a.i / static_cast<uint64_t>(c);
    }
  }
  return acc;
}

FailureOr<std::vector<Scalar>> evaluate(Operation *op, Operands args,
                                        RankedTensorType resultType) {
  return llvm::TypeSwitch<Operation *, FailureOr<std::vector<Scalar>>>(op)
      .Case([&](ReshapeOp) { return args[0].values; })
      .Case(
          [&](ExpandOp) { return broadcastTo(args[0], resultType.getShape()); })
      .Case([&](TransposeOp o) {
        return evalTranspose(args[0], o.getPerm(), resultType.getShape());
      })
      .Case([&](SliceOp o) { return evalSlice(o, args[0]); })
      .Case([&](ConcatOp o) { return evalConcat(o, args); })
      .Case([&](GatherOp o) { return evalGather(o, args[0], args[1]); })
      .Case([&](PadOp o) { return evalPad(o, args[0]); })
      .Case([&](ReduceSumOp o) {
        return evalReduce(o.getAxes(), ReduceKind::Sum, args[0], resultType);
      })
      .Case([&](ReduceMeanOp o) {
        return evalReduce(o.getAxes(), ReduceKind::Mean, args[0], resultType);
      })
      .Case([&](ReduceMaxOp o) {
        return evalReduce(o.getAxes(), ReduceKind::Max, args[0], resultType);
      })
      .Case([&](ReduceMinOp o) {
        return evalReduce(o.getAxes(), ReduceKind::Min, args[0], resultType);
      })
      .Case([&](ReduceProdOp o) {
        return evalReduce(o.getAxes(), ReduceKind::Prod, args[0], resultType);
      })
      .Case<ReluOp, SigmoidOp, TanhOp, ErfOp, SqrtOp, ExpOp, LogOp, NegOp,
            AbsOp, ReciprocalOp, FloorOp, CeilOp, HardSwishOp, LeakyReluOp,
            HardSigmoidOp, ClipOp, CastOp, GeluOp, SiluOp, AddOp, SubOp, MulOp,
            DivOp, PowOp, MaxOp, MinOp, EqualOp, LessOp, GreaterOp, AndOp, OrOp,
            WhereOp>(
          [&](Operation *o) { return evalElementwise(o, args, resultType); })
      .Default([](Operation *) { return failure(); });
}

/// Reads one little-endian element of `type` at byte `offset` of `bytes`.
Scalar readElement(ArrayRef<char> bytes, size_t offset, Type type) {
  unsigned width = widthOf(type);
  const char *p = bytes.data() + offset;
  if (width == 1)
    return intScalar(*p != 0, 1);
  uint64_t bits = 0;
  std::memcpy(&bits, p, width / 8);
  bits = llvm::support::endian::byte_swap(bits, llvm::endianness::little);
  if (!isa<FloatType>(type))
    return intScalar(bits, width);
  if (type.isF64()) {
    double d;
    std::memcpy(&d, &bits, sizeof d);
    return floatScalar(d);
  }
  if (type.isF32()) {
    uint32_t b32 = static_cast<uint32_t>(bits);
    float f;
    std::memcpy(&f, &b32, sizeof f);
    return floatScalar(f);
  }
  APFloat f(cast<FloatType>(type).getFloatSemantics(), APInt(width, bits));
  bool lost;
  f.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven, &lost);
  return floatScalar(f.convertToDouble());
}

/// Appends the little-endian bytes of `s` as an element of `type`.
void writeElement(Scalar s, Type type, std::vector<char> &bytes) {
  unsigned width = widthOf(type);
  uint64_t bits;
  if (!isa<FloatType>(type)) {
    bits = s.i;
  } else if (type.isF64()) {
    std::memcpy(&bits, &s.f, sizeof bits);
  } else if (type.isF32()) {
    float f = static_cast<float>(s.f);
    uint32_t b32;
    std::memcpy(&b32, &f, sizeof b32);
    bits = b32;
  } else {
    APFloat f(s.f);
    bool lost;
    f.convert(cast<FloatType>(type).getFloatSemantics(),
              APFloat::rmNearestTiesToEven, &lost);
    bits = f.bitcastToAPInt().getZExtValue();
  }
  bits = llvm::support::endian::byte_swap(bits, llvm::endianness::little);
  const char *p = reinterpret_cast<const char *>(&bits);
  bytes.insert(bytes.end(), p, p + width / 8);
}

bool sameScalar(Scalar a, Scalar b, bool isFloat) {
  if (!isFloat)
    return a.i == b.i;
  // Bitwise, so that -0.0 and +0.0 (or NaN payloads) are not merged.
  return std::memcmp(&a.f, &b.f, sizeof(double)) == 0;
}

} // namespace

//===----------------------------------------------------------------------===//
// ConstantTensor
//===----------------------------------------------------------------------===//

FailureOr<ConstantTensor> ConstantTensor::read(ElementsAttr attr) {
  auto type = dyn_cast<RankedTensorType>(attr.getType());
  if (!type || !type.hasStaticShape() || !type.getElementType().isIntOrFloat())
    return failure();
  Type elementType = type.getElementType();
  int64_t count = type.getNumElements();
  ConstantTensor result{type, {}};
  result.values.reserve(count);

  if (auto dense = dyn_cast<DenseElementsAttr>(attr)) {
    if (elementType.isInteger(1)) {
      for (bool b : dense.getValues<bool>())
        result.values.push_back(intScalar(b, 1));
      return result;
    }
    ArrayRef<char> raw = dense.getRawData();
    size_t bytes = widthOf(elementType) / 8;
    for (int64_t n = 0; n < count; ++n)
      result.values.push_back(
          readElement(raw, dense.isSplat() ? 0 : n * bytes, elementType));
    return result;
  }
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob)
      return failure();
    ArrayRef<char> raw = blob->getData();
    size_t bytes = std::max<size_t>(widthOf(elementType) / 8, 1);
    if (raw.size() != bytes * size_t(count))
      return failure();
    for (int64_t n = 0; n < count; ++n)
      result.values.push_back(readElement(raw, n * bytes, elementType));
    return result;
  }
  return failure();
}

ElementsAttr ConstantTensor::toAttr() const {
  Type elementType = type.getElementType();
  bool isFloat = isa<FloatType>(elementType);
  bool splat = !values.empty() && llvm::all_of(values, [&](Scalar s) {
    return sameScalar(s, values.front(), isFloat);
  });
  if (elementType.isInteger(1)) {
    SmallVector<bool> bits;
    for (Scalar s : splat ? ArrayRef(values).take_front() : ArrayRef(values))
      bits.push_back(s.i != 0);
    if (splat)
      return DenseElementsAttr::get(type, bits.front());
    return DenseElementsAttr::get(type, bits);
  }
  std::vector<char> bytes;
  bytes.reserve((splat ? 1 : values.size()) * widthOf(elementType) / 8);
  for (Scalar s : splat ? ArrayRef(values).take_front() : ArrayRef(values))
    writeElement(s, elementType, bytes);
  if (splat || int64_t(values.size()) <= kMaxInlineElements)
    return DenseElementsAttr::getFromRawBuffer(type, bytes);
  return DenseResourceElementsAttr::get(
      type, "kiln_folded",
      HeapAsmResourceBlob::allocateAndCopyWithAlign(
          bytes, std::max<size_t>(widthOf(elementType) / 8, 1)));
}

//===----------------------------------------------------------------------===//
// Entry points
//===----------------------------------------------------------------------===//

FailureOr<ElementsAttr> evaluateConstantOp(Operation *op,
                                           ArrayRef<ElementsAttr> operands,
                                           int64_t maxResultElements) {
  if (op->getNumResults() != 1 || op->getNumRegions() != 0 ||
      operands.size() != op->getNumOperands() || operands.empty())
    return failure();
  auto resultType = dyn_cast<RankedTensorType>(op->getResult(0).getType());
  if (!resultType || !resultType.hasStaticShape() ||
      resultType.getNumElements() > maxResultElements)
    return failure();
  // Inputs are materialized in full as well; bound them by the same limit.
  SmallVector<ConstantTensor> args;
  for (ElementsAttr operand : operands) {
    if (operand.getNumElements() > maxResultElements)
      return failure();
    FailureOr<ConstantTensor> tensor = ConstantTensor::read(operand);
    if (failed(tensor))
      return failure();
    args.push_back(std::move(*tensor));
  }
  FailureOr<std::vector<Scalar>> values = evaluate(op, args, resultType);
  if (failed(values) || int64_t(values->size()) != resultType.getNumElements())
    return failure();
  return ConstantTensor{resultType, std::move(*values)}.toAttr();
}

FailureOr<ElementsAttr> transposeConstant(ElementsAttr value,
                                          ArrayRef<int64_t> perm) {
  FailureOr<ConstantTensor> in = ConstantTensor::read(value);
  if (failed(in) || perm.size() != size_t(in->type.getRank()))
    return failure();
  SmallVector<int64_t> shape;
  for (int64_t p : perm) {
    if (p < 0 || p >= in->type.getRank())
      return failure();
    shape.push_back(in->type.getDimSize(p));
  }
  auto type = RankedTensorType::get(shape, in->type.getElementType());
  return ConstantTensor{type, evalTranspose(*in, perm, shape)}.toAttr();
}

bool isConstantAllEqualTo(ElementsAttr value, double expected) {
  Type type = value.getElementType();
  if (!type.isIntOrFloat())
    return false;
  // Splats are checked without unpacking.
  if (auto dense = dyn_cast<DenseElementsAttr>(value);
      dense && dense.isSplat()) {
    if (isa<FloatType>(type))
      return dense.getSplatValue<APFloat>().convertToDouble() == expected;
    APInt v = dense.getSplatValue<APInt>();
    return v.getBitWidth() <= 64 && double(v.getZExtValue()) == expected;
  }
  FailureOr<ConstantTensor> tensor = ConstantTensor::read(value);
  if (failed(tensor))
    return false;
  bool isFloat = isa<FloatType>(type);
  return llvm::all_of(tensor->values, [&](Scalar s) {
    return isFloat ? s.f == expected : double(s.i) == expected;
  });
}

} // namespace kiln::passes
