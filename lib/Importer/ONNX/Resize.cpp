//===- Resize.cpp - Resize, Upsample and GridSample as gathers ------------===//
//
// Resize is separable: ONNX's reference interpolates one axis at a time,
// innermost first, so the import does the same. For each resized axis the
// source coordinate of every output index is computed with graph ops on an
// f64 vector (the reference computes coordinates in double precision; ties
// of the nearest modes depend on it), giving n taps of (index, weight):
// nearest 1, linear 2, cubic 4. The axis is then sum_k gather(x, index_k) *
// weight_k. Indices are clamped into the axis, which is the reference's edge
// padding. When scales, sizes and roi are constants the coordinate vectors
// fold into constants in the graph optimizer; when they are run-time inputs
// the vectors are computed at run time. The output shape is always the static
// one ONNX inference or the model declares.
//
// GridSample reads its input at run-time coordinates: every tap is a gather
// from the flattened input at a computed index.
//
//===----------------------------------------------------------------------===//

#include "Composer.h"
#include "Handlers.h"
#include "NodeBinder.h"
#include "TensorImport.h"

#include "dialects/Graph/IR/GraphOps.h"

#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>

using namespace mlir;

namespace kiln::importer {
namespace {

enum class Mode { Nearest, Linear, Cubic };
enum class Coordinates {
  HalfPixel,
  Asymmetric,
  AlignCorners,
  PytorchHalfPixel,
  TfHalfPixelForNN,
  TfCropAndResize
};
enum class Nearest { RoundPreferFloor, RoundPreferCeil, Floor, Ceil };

struct ResizeAttrs {
  Mode mode = Mode::Nearest;
  Coordinates coordinates = Coordinates::HalfPixel;
  Nearest nearest = Nearest::RoundPreferFloor;
  double cubicA = -0.75;
  bool excludeOutside = false;
  double extrapolation = 0.0;
};

/// Where the scale and roi of every axis come from: a constant or a rank-0
/// f64 value read from a run-time input.
struct AxisParams {
  Value scale;             // rank-0 f64
  Value roiStart, roiEnd;  // rank-0 f64, tf_crop_and_resize only
  bool unitScale = false;  // the scale is the constant 1
};

/// Element `i` of the 1-D input `v` as a rank-0 f64 value.
Value elementAsF64(Composer &c, Value v, int64_t i) {
  Value one = c.sliceAxis(v, 0, i, 1);
  Value scalar = c.reshape(one, ArrayRef<int64_t>{});
  return c.cast(scalar, c.builder.getF64Type());
}

/// The source coordinate of every output index along one axis (f64 [out]),
/// and with tf_crop_and_resize the mask of the outputs outside the input.
struct Coordinate {
  Value x;
  Value outside;
};

Coordinate sourceCoordinates(Composer &c, const ResizeAttrs &attrs,
                             const AxisParams &axis, int64_t in, int64_t out) {
  Type f64 = c.builder.getF64Type();
  auto k = [&](double v) { return c.scalar(f64, v); };
  Value x = c.iota(out, f64);
  Value scale = axis.scale;
  Value last = k(static_cast<double>(in - 1));
  // The reference's output_width: the scale times the input width, a float.
  auto widthMinusOne = [&] {
    return c.sub(c.mul(scale, k(static_cast<double>(in))), k(1.0));
  };
  auto widthIsOne = [&] {
    return c.predicate<graph::EqualOp>(widthMinusOne(), k(0.0));
  };
  auto halfPixel = [&] {
    return c.sub(c.div(c.add(x, k(0.5)), scale), k(0.5));
  };
  switch (attrs.coordinates) {
  case Coordinates::HalfPixel:
    return {halfPixel(), {}};
  case Coordinates::Asymmetric:
    return {c.div(x, scale), {}};
  case Coordinates::AlignCorners:
    return {c.where(widthIsOne(), k(0.0),
                    c.div(c.mul(x, last), widthMinusOne())),
            {}};
  case Coordinates::PytorchHalfPixel:
    return {c.where(widthIsOne(), k(-0.5), halfPixel()), {}};
  case Coordinates::TfHalfPixelForNN:
    return {c.div(c.add(x, k(0.5)), scale), {}};
  case Coordinates::TfCropAndResize: {
    Value span = c.sub(axis.roiEnd, axis.roiStart);
    Value single = c.div(c.mul(span, last), k(2.0));
    Value many = c.div(c.mul(c.mul(x, span), last), widthMinusOne());
    Value coord = c.add(c.where(widthIsOne(), single, many),
                        c.mul(axis.roiStart, last));
    Value outside =
        c.predicate<graph::OrOp>(c.predicate<graph::LessOp>(coord, k(0.0)),
                                 c.predicate<graph::GreaterOp>(coord, last));
    return {coord, outside};
  }
  }
  return {x, {}};
}

/// The cubic convolution coefficient of a tap at distance `d` in [0, 2]
/// (`near`: d <= 1), in the element type of `d`.
Value cubicCoefficient(Composer &c, Value d, double a, bool near) {
  Type elem = Composer::elementType(d);
  auto k = [&](double v) { return c.scalar(elem, v); };
  if (near) // ((A + 2) d - (A + 3)) d^2 + 1
    return c.add(c.mul(c.sub(c.mul(k(a + 2), d), k(a + 3)), c.mul(d, d)),
                 k(1.0));
  // ((A d - 5A) d + 8A) d - 4A
  return c.sub(
      c.mul(c.add(c.mul(c.sub(c.mul(k(a), d), k(5 * a)), d), k(8 * a)), d),
      k(4 * a));
}

/// Resizes dim `axis` of `x` from `in` to `out` elements.
Value resizeAxis(Composer &c, Value x, int64_t axisIndex, int64_t in,
                 int64_t out, const ResizeAttrs &attrs,
                 const AxisParams &axis) {
  Type f64 = c.builder.getF64Type();
  Type i64 = c.builder.getI64Type();
  auto k = [&](double v) { return c.scalar(f64, v); };
  int64_t rank = Composer::typeOf(x).getRank();
  Type elem = Composer::elementType(x);

  Coordinate coord = sourceCoordinates(c, attrs, axis, in, out);
  // f = ceil(x) - 1 and r = x - f in (0, 1]: the reference's left neighbour
  // and ratio, where an integer coordinate has ratio 1. Nearest floor and
  // ceil need neither.
  Value f, r;
  if (attrs.mode != Mode::Nearest ||
      attrs.nearest == Nearest::RoundPreferFloor ||
      attrs.nearest == Nearest::RoundPreferCeil) {
    f = c.sub(c.unary<graph::CeilOp>(coord.x), k(1.0));
    r = c.sub(coord.x, f);
  }

  auto broadcastShape = [&]() {
    SmallVector<int64_t> shape(rank, 1);
    shape[axisIndex] = out;
    return shape;
  };
  auto tapIndex = [&](Value position) {
    Value clamped = c.min(c.max(position, k(0.0)), k(double(in - 1)));
    return c.cast(clamped, i64);
  };

  SmallVector<std::pair<Value, Value>> taps; // (f64 position, f64 weight)
  switch (attrs.mode) {
  case Mode::Nearest: {
    Value position;
    switch (attrs.nearest) {
    case Nearest::Floor:
      position = c.unary<graph::FloorOp>(coord.x);
      break;
    case Nearest::Ceil:
      position = c.unary<graph::CeilOp>(coord.x);
      break;
    case Nearest::RoundPreferFloor:
      position = c.where(c.predicate<graph::GreaterOp>(r, k(0.5)),
                         c.add(f, k(1.0)), f);
      break;
    case Nearest::RoundPreferCeil:
      position = c.where(c.predicate<graph::LessOp>(r, k(0.5)), f,
                         c.add(f, k(1.0)));
      break;
    }
    taps.push_back({position, Value()});
    break;
  }
  case Mode::Linear:
    taps.push_back({f, c.sub(k(1.0), r)});
    taps.push_back({c.add(f, k(1.0)), r});
    break;
  case Mode::Cubic: {
    Value s = c.sub(k(1.0), r);
    double a = attrs.cubicA;
    taps.push_back({c.sub(f, k(1.0)),
                    cubicCoefficient(c, c.add(r, k(1.0)), a, false)});
    taps.push_back({f, cubicCoefficient(c, r, a, true)});
    taps.push_back({c.add(f, k(1.0)), cubicCoefficient(c, s, a, true)});
    taps.push_back({c.add(f, k(2.0)),
                    cubicCoefficient(c, c.add(s, k(1.0)), a, false)});
    if (attrs.excludeOutside) {
      // Taps outside the input get weight 0; the rest are renormalized.
      Value sum;
      for (auto &[position, weight] : taps) {
        Value inside = c.predicate<graph::AndOp>(
            c.logicalNot(c.predicate<graph::LessOp>(position, k(0.0))),
            c.predicate<graph::LessOp>(position, k(double(in))));
        weight = c.where(inside, weight, k(0.0));
        sum = sum ? c.add(sum, weight) : weight;
      }
      for (auto &tap : taps)
        tap.second = c.div(tap.second, sum);
    }
    break;
  }
  }

  Value result;
  for (auto &[position, weight] : taps) {
    Value picked = c.gather(x, tapIndex(position), axisIndex);
    if (!weight) {
      result = picked;
      continue;
    }
    Value w = c.reshape(c.cast(weight, elem), broadcastShape());
    Value term = c.mul(picked, w);
    result = result ? c.add(result, term) : term;
  }
  if (coord.outside)
    result = c.where(c.reshape(coord.outside, broadcastShape()),
                     c.scalar(elem, attrs.extrapolation), result);
  return result;
}

/// Resizes `x` to `outType` axis by axis, innermost first.
LogicalResult buildResize(NodeBinder &b, Value x, RankedTensorType outType,
                          const ResizeAttrs &attrs,
                          ArrayRef<AxisParams> axes) {
  auto inType = Composer::typeOf(x);
  Type elem = inType.getElementType();
  if (attrs.mode != Mode::Nearest && !isa<FloatType>(elem))
    return b.fail("linear and cubic modes need a floating-point input");
  Composer c(b);
  // Interpolation of half-precision data is computed in f32.
  Type work = elem;
  if (elem.isF16() || elem.isBF16())
    work = c.builder.getF32Type();
  bool interpolates = attrs.mode != Mode::Nearest;
  Value current = interpolates ? c.cast(x, work) : x;
  for (int64_t d = inType.getRank() - 1; d >= 0; --d) {
    int64_t in = inType.getDimSize(d), out = outType.getDimSize(d);
    bool identityMap = attrs.coordinates != Coordinates::TfCropAndResize &&
                       attrs.coordinates != Coordinates::TfHalfPixelForNN;
    if (in == out && axes[d].unitScale && identityMap)
      continue;
    if (in == 0)
      return b.fail(llvm::formatv("cannot resize empty dim {0}", d));
    if (out == 0) {
      // Nothing is read; an empty result along this dim.
      SmallVector<int64_t> shape(Composer::shapeOf(current));
      shape[d] = 0;
      current = c.splat(shape, Composer::elementType(current), 0.0);
      continue;
    }
    current = resizeAxis(c, current, d, in, out, attrs, axes[d]);
  }
  b.setResult(0, c.reshape(c.cast(current, elem), outType));
  return success();
}

//===----------------------------------------------------------------------===//
// Attributes and the scale/size/roi inputs
//===----------------------------------------------------------------------===//

FailureOr<Mode> readMode(NodeBinder &b) {
  auto mode = b.stringAttr("mode", "nearest");
  if (failed(mode))
    return failure();
  std::optional<Mode> parsed = llvm::StringSwitch<std::optional<Mode>>(*mode)
                                   .Case("nearest", Mode::Nearest)
                                   .Case("linear", Mode::Linear)
                                   .Case("bilinear", Mode::Linear)
                                   .Case("trilinear", Mode::Linear)
                                   .Case("cubic", Mode::Cubic)
                                   .Default(std::nullopt);
  if (!parsed)
    return b.fail("mode '" + *mode + "' is not supported");
  return *parsed;
}

/// Resize from opset 11: every attribute.
LogicalResult readResize11Attrs(NodeBinder &b, ResizeAttrs &attrs) {
  auto mode = readMode(b);
  auto coord = b.stringAttr("coordinate_transformation_mode", "half_pixel");
  auto nearest = b.stringAttr("nearest_mode", "round_prefer_floor");
  auto cubicA = b.floatAttr("cubic_coeff_a", -0.75f);
  auto exclude = b.intAttr("exclude_outside", 0);
  auto extrapolation = b.floatAttr("extrapolation_value", 0.0f);
  if (failed(mode) || failed(coord) || failed(nearest) || failed(cubicA) ||
      failed(exclude) || failed(extrapolation))
    return failure();
  attrs.mode = *mode;
  auto coordinates =
      llvm::StringSwitch<std::optional<Coordinates>>(*coord)
          .Case("half_pixel", Coordinates::HalfPixel)
          .Case("asymmetric", Coordinates::Asymmetric)
          .Case("align_corners", Coordinates::AlignCorners)
          .Case("pytorch_half_pixel", Coordinates::PytorchHalfPixel)
          .Case("tf_half_pixel_for_nn", Coordinates::TfHalfPixelForNN)
          .Case("tf_crop_and_resize", Coordinates::TfCropAndResize)
          .Default(std::nullopt);
  if (!coordinates)
    return b.fail("coordinate_transformation_mode '" + *coord +
                  "' is not supported");
  attrs.coordinates = *coordinates;
  auto nearestMode =
      llvm::StringSwitch<std::optional<Nearest>>(*nearest)
          .Case("round_prefer_floor", Nearest::RoundPreferFloor)
          .Case("round_prefer_ceil", Nearest::RoundPreferCeil)
          .Case("floor", Nearest::Floor)
          .Case("ceil", Nearest::Ceil)
          .Default(std::nullopt);
  if (!nearestMode)
    return b.fail("nearest_mode '" + *nearest + "' is not supported");
  attrs.nearest = *nearestMode;
  attrs.cubicA = *cubicA;
  attrs.excludeOutside = *exclude != 0;
  attrs.extrapolation = *extrapolation;
  return success();
}

/// True when input `i` is given and not an empty tensor (ONNX lets models
/// pass an empty `scales` or `roi` to mean "absent").
bool givenNonEmpty(NodeBinder &b, unsigned i) {
  if (!b.hasInput(i))
    return false;
  auto type = b.inputType(i);
  return succeeded(type) && type->getNumElements() != 0;
}

/// The per-axis scales: from the constant or run-time `scales` input, from
/// the constant `scalesAttr`, or (when sizes decide) out / in.
FailureOr<SmallVector<AxisParams>>
readAxisParams(NodeBinder &b, Composer &c, RankedTensorType inType,
               RankedTensorType outType, std::optional<unsigned> scalesInput,
               std::optional<SmallVector<double>> scalesAttr,
               std::optional<unsigned> roiInput) {
  int64_t rank = inType.getRank();
  Type f64 = c.builder.getF64Type();
  SmallVector<AxisParams> axes(rank);
  std::optional<SmallVector<double>> constScales = scalesAttr;
  Value runtimeScales;
  if (scalesInput) {
    auto type = b.inputType(*scalesInput);
    if (failed(type))
      return failure();
    if (!isa<FloatType>(type->getElementType()) || type->getRank() != 1 ||
        type->getDimSize(0) != rank)
      return b.fail(llvm::formatv("scales must be a 1-D float tensor of {0} "
                                  "values",
                                  rank));
    if (ElementsAttr constant = b.constantInput(*scalesInput)) {
      auto values = readFloatElements(constant);
      if (!values)
        return b.fail("scales must hold floats");
      constScales = SmallVector<double>(values->begin(), values->end());
    } else {
      if (b.hasFailed())
        return failure();
      auto value = b.input(*scalesInput);
      if (failed(value))
        return failure();
      runtimeScales = *value;
    }
  }
  for (int64_t d = 0; d < rank; ++d) {
    int64_t in = inType.getDimSize(d), out = outType.getDimSize(d);
    AxisParams &axis = axes[d];
    if (constScales) {
      double scale = (*constScales)[d];
      if (!(scale > 0.0) || !std::isfinite(scale))
        return b.fail(llvm::formatv("scale {0} of dim {1} must be positive",
                                    scale, d));
      axis.scale = c.scalar(f64, scale);
      axis.unitScale = scale == 1.0;
    } else if (runtimeScales) {
      axis.scale = elementAsF64(c, runtimeScales, d);
    } else {
      // Sizes decide: the reference's scale is output / input, in double.
      if (in == 0)
        return b.fail(llvm::formatv("cannot resize empty dim {0}", d));
      axis.scale = c.scalar(f64, double(out) / double(in));
      axis.unitScale = in == out;
    }
  }
  if (!roiInput)
    return axes;
  auto roiType = b.inputType(*roiInput);
  if (failed(roiType))
    return failure();
  if (!isa<FloatType>(roiType->getElementType()) || roiType->getRank() != 1 ||
      roiType->getDimSize(0) != 2 * rank)
    return b.fail(llvm::formatv("roi must be a 1-D float tensor of {0} values",
                                2 * rank));
  if (ElementsAttr constant = b.constantInput(*roiInput)) {
    auto values = readFloatElements(constant);
    if (!values)
      return b.fail("roi must hold floats");
    for (int64_t d = 0; d < rank; ++d) {
      axes[d].roiStart = c.scalar(f64, (*values)[d]);
      axes[d].roiEnd = c.scalar(f64, (*values)[d + rank]);
    }
    return axes;
  }
  if (b.hasFailed())
    return failure();
  auto roi = b.input(*roiInput);
  if (failed(roi))
    return failure();
  for (int64_t d = 0; d < rank; ++d) {
    axes[d].roiStart = elementAsF64(c, *roi, d);
    axes[d].roiEnd = elementAsF64(c, *roi, d + rank);
  }
  return axes;
}

/// The static output type, or a reason naming the input that keeps ONNX
/// inference from computing it.
FailureOr<RankedTensorType> resizeResultType(NodeBinder &b, Value x) {
  if (!b.inferredType(0))
    return b.fail("the output shape is not static: give constant scales or "
                  "sizes, or declare the output's shape in the model");
  auto type = b.resultType(0);
  if (failed(type))
    return failure();
  if (type->getRank() != Composer::typeOf(x).getRank() ||
      type->getElementType() != Composer::elementType(x))
    return b.fail("the output must have the input's rank and dtype");
  return *type;
}

LogicalResult importResize(NodeBinder &b) {
  auto x = b.input(0);
  if (failed(x))
    return failure();
  auto outType = resizeResultType(b, *x);
  if (failed(outType))
    return failure();
  ResizeAttrs attrs;
  std::optional<unsigned> scalesInput, roiInput;
  if (b.opset() < 11) {
    // Resize-10 is Upsample's asymmetric mapping with floor for nearest.
    auto mode = readMode(b);
    if (failed(mode))
      return failure();
    if (*mode == Mode::Cubic)
      return b.fail("mode 'cubic' needs opset 11");
    attrs.mode = *mode;
    attrs.coordinates = Coordinates::Asymmetric;
    attrs.nearest = Nearest::Floor;
    scalesInput = 1;
  } else {
    if (failed(readResize11Attrs(b, attrs)))
      return failure();
    bool hasSizes = givenNonEmpty(b, 3);
    bool hasScales = givenNonEmpty(b, 2);
    if (hasSizes == hasScales)
      return b.fail("exactly one of scales and sizes must be given");
    if (hasScales)
      scalesInput = 2;
    if (attrs.coordinates == Coordinates::TfCropAndResize) {
      if (!givenNonEmpty(b, 1))
        return b.fail("tf_crop_and_resize needs the roi input");
      roiInput = 1;
    }
    if (hasSizes) {
      // The sizes are the static output shape; a constant must agree.
      auto sizes = b.constantInput(3)
                       ? b.constantInts(3, "sizes")
                       : FailureOr<SmallVector<int64_t>>(
                             SmallVector<int64_t>(outType->getShape()));
      if (failed(sizes))
        return failure();
      if (ArrayRef<int64_t>(*sizes) != outType->getShape())
        return b.fail("sizes differ from the inferred output shape");
    }
  }
  Composer c(b);
  auto axes = readAxisParams(b, c, Composer::typeOf(*x), *outType, scalesInput,
                             std::nullopt, roiInput);
  if (failed(axes))
    return failure();
  return buildResize(b, *x, *outType, attrs, *axes);
}

/// Upsample (opsets 7-9): Resize with asymmetric coordinates and, for
/// nearest, floor; scales are an attribute before opset 9 and an input from
/// it.
LogicalResult importUpsample(NodeBinder &b) {
  auto x = b.input(0);
  auto mode = readMode(b);
  if (failed(x) || failed(mode))
    return failure();
  if (*mode == Mode::Cubic)
    return b.fail("mode 'cubic' is not an Upsample mode");
  auto outType = resizeResultType(b, *x);
  if (failed(outType))
    return failure();
  ResizeAttrs attrs;
  attrs.mode = *mode;
  attrs.coordinates = Coordinates::Asymmetric;
  attrs.nearest = Nearest::Floor;
  std::optional<SmallVector<double>> scalesAttr;
  std::optional<unsigned> scalesInput;
  if (b.opset() < 9) {
    const onnx::AttributeProto *attr = b.findAttr("scales");
    if (!attr || attr->floats_size() == 0)
      return b.fail("missing attribute 'scales'");
    scalesAttr = SmallVector<double>(attr->floats().begin(),
                                     attr->floats().end());
    if (static_cast<int64_t>(scalesAttr->size()) != outType->getRank())
      return b.fail("attribute 'scales' needs one value per dim");
  } else {
    scalesInput = 1;
  }
  Composer c(b);
  auto axes = readAxisParams(b, c, Composer::typeOf(*x), *outType, scalesInput,
                             scalesAttr, std::nullopt);
  if (failed(axes))
    return failure();
  return buildResize(b, *x, *outType, attrs, *axes);
}

//===----------------------------------------------------------------------===//
// GridSample
//===----------------------------------------------------------------------===//

enum class Padding { Zeros, Border, Reflection };

/// Samples of `x` (N x C x H x W) at the run-time grid coordinates, following
/// PyTorch's grid_sampler_2d, which defines ONNX's reference outputs: a tap
/// reads the flattened input at ((n * C + c) * H + y) * W + x and reads 0
/// where (x, y) is outside the input.
class GridSampler {
public:
  GridSampler(Composer &c, Value x, Type work, bool alignCorners,
              Padding padding)
      : c(c), work(work), alignCorners(alignCorners), padding(padding) {
    ArrayRef<int64_t> shape = Composer::shapeOf(x);
    n = shape[0];
    channels = shape[1];
    height = shape[2];
    width = shape[3];
    flat = c.reshape(c.cast(x, work), {n * channels * height * width});
    Type i64 = c.builder.getI64Type();
    base = c.mul(c.add(c.mul(c.iota(n, i64, 0, 4), k64(channels)),
                       c.iota(channels, i64, 1, 4)),
                 k64(height * width));
  }

  Value k(double v) { return c.scalar(work, v); }
  Value k64(int64_t v) { return c.scalar(c.builder.getI64Type(), double(v)); }

  /// Grid coordinate in [-1, 1] to a pixel coordinate along a dim of `size`.
  Value unnormalize(Value coord, int64_t size) {
    Value plusOne = c.add(coord, k(1.0));
    if (alignCorners)
      return c.mul(c.div(plusOne, k(2.0)), k(double(size - 1)));
    return c.div(c.sub(c.mul(plusOne, k(double(size))), k(1.0)), k(2.0));
  }

  Value clip(Value coord, int64_t size) {
    return c.min(c.max(coord, k(0.0)), k(double(size - 1)));
  }

  /// Reflects `coord` into [twiceLow / 2, twiceHigh / 2].
  Value reflect(Value coord, int64_t twiceLow, int64_t twiceHigh) {
    if (twiceLow == twiceHigh)
      return c.mul(coord, k(0.0));
    double min = twiceLow / 2.0, span = (twiceHigh - twiceLow) / 2.0;
    Value in = c.unary<graph::AbsOp>(c.sub(coord, k(min)));
    Value flips = c.unary<graph::FloorOp>(c.div(in, k(span)));
    Value extra = c.sub(in, c.mul(flips, k(span)));
    Value half = c.unary<graph::FloorOp>(c.div(flips, k(2.0)));
    Value even = c.predicate<graph::EqualOp>(c.mul(half, k(2.0)), flips);
    return c.where(even, c.add(extra, k(min)),
                   c.add(c.sub(k(span), extra), k(min)));
  }

  /// The padding mode applied to a pixel coordinate.
  Value applyPadding(Value coord, int64_t size) {
    switch (padding) {
    case Padding::Zeros:
      return coord;
    case Padding::Border:
      return clip(coord, size);
    case Padding::Reflection:
      return clip(alignCorners ? reflect(coord, 0, 2 * (size - 1))
                               : reflect(coord, -1, 2 * size - 1),
                  size);
    }
    return coord;
  }

  /// The input at integer-valued pixel coordinates, 0 outside.
  Value read(Value px, Value py) {
    auto inside = [&](Value v, int64_t size) {
      return c.predicate<graph::AndOp>(
          c.logicalNot(c.predicate<graph::LessOp>(v, k(0.0))),
          c.logicalNot(c.predicate<graph::GreaterOp>(v, k(double(size - 1)))));
    };
    Value valid = c.predicate<graph::AndOp>(inside(px, width),
                                            inside(py, height));
    Value offset =
        c.add(c.mul(clip(py, height), k(double(width))), clip(px, width));
    Value index = c.add(base, c.cast(offset, c.builder.getI64Type()));
    Value value = c.gather(flat, index, 0);
    return c.where(valid, value, k(0.0));
  }

  /// Rounds half to even, as nearbyint does.
  Value roundHalfEven(Value v) {
    Value floor = c.unary<graph::FloorOp>(v);
    Value diff = c.sub(v, floor);
    Value up = c.add(floor, k(1.0));
    Value floorIsEven = c.predicate<graph::EqualOp>(
        c.mul(c.unary<graph::FloorOp>(c.div(floor, k(2.0))), k(2.0)), floor);
    Value tie = c.where(floorIsEven, floor, up);
    return c.where(c.predicate<graph::GreaterOp>(diff, k(0.5)), up,
                   c.where(c.predicate<graph::LessOp>(diff, k(0.5)), floor,
                           tie));
  }

  Composer &c;
  Type work;
  bool alignCorners;
  Padding padding;
  int64_t n, channels, height, width;
  Value flat, base;
};

LogicalResult importGridSample(NodeBinder &b) {
  auto x = b.input(0);
  auto grid = b.input(1);
  auto type = b.resultType(0);
  auto alignAttr = b.intAttr("align_corners", 0);
  auto modeAttr = b.stringAttr("mode", "bilinear");
  auto paddingAttr = b.stringAttr("padding_mode", "zeros");
  if (failed(x) || failed(grid) || failed(type) || failed(alignAttr) ||
      failed(modeAttr) || failed(paddingAttr))
    return failure();
  auto xType = Composer::typeOf(*x);
  auto gridType = Composer::typeOf(*grid);
  if (failed(b.requireFloat(xType, "X")) ||
      failed(b.requireFloat(gridType, "grid")))
    return failure();
  if (xType.getRank() != 4)
    return b.fail("only 4-D inputs (N x C x H x W) are supported");
  if (gridType.getRank() != 4 || gridType.getDimSize(3) != 2 ||
      gridType.getDimSize(0) != xType.getDimSize(0))
    return b.fail("grid must be N x H_out x W_out x 2");
  if (xType.getNumElements() == 0 || type->getNumElements() == 0)
    return b.fail("empty inputs or outputs are not supported");
  std::optional<Padding> padding =
      llvm::StringSwitch<std::optional<Padding>>(*paddingAttr)
          .Case("zeros", Padding::Zeros)
          .Case("border", Padding::Border)
          .Case("reflection", Padding::Reflection)
          .Default(std::nullopt);
  if (!padding)
    return b.fail("padding_mode '" + *paddingAttr + "' is not supported");
  if (*modeAttr != "bilinear" && *modeAttr != "nearest" &&
      *modeAttr != "bicubic")
    return b.fail("mode '" + *modeAttr + "' is not supported");

  Composer c(b);
  Type elem = xType.getElementType();
  Type work = elem.isF64() ? elem : c.builder.getF32Type();
  GridSampler s(c, *x, work, *alignAttr != 0, *padding);
  int64_t n = gridType.getDimSize(0), outH = gridType.getDimSize(1),
          outW = gridType.getDimSize(2);
  Value g = c.cast(*grid, work);
  Value gx = c.reshape(c.sliceAxis(g, 3, 0, 1), {n, 1, outH, outW});
  Value gy = c.reshape(c.sliceAxis(g, 3, 1, 1), {n, 1, outH, outW});
  Value ix = s.unnormalize(gx, s.width);
  Value iy = s.unnormalize(gy, s.height);

  Value result;
  if (*modeAttr == "nearest") {
    result = s.read(s.roundHalfEven(s.applyPadding(ix, s.width)),
                    s.roundHalfEven(s.applyPadding(iy, s.height)));
  } else if (*modeAttr == "bilinear") {
    ix = s.applyPadding(ix, s.width);
    iy = s.applyPadding(iy, s.height);
    Value x0 = c.unary<graph::FloorOp>(ix), y0 = c.unary<graph::FloorOp>(iy);
    Value x1 = c.add(x0, s.k(1.0)), y1 = c.add(y0, s.k(1.0));
    Value wx1 = c.sub(ix, x0), wx0 = c.sub(x1, ix);
    Value wy1 = c.sub(iy, y0), wy0 = c.sub(y1, iy);
    result = c.add(
        c.add(c.mul(s.read(x0, y0), c.mul(wx0, wy0)),
              c.mul(s.read(x1, y0), c.mul(wx1, wy0))),
        c.add(c.mul(s.read(x0, y1), c.mul(wx0, wy1)),
              c.mul(s.read(x1, y1), c.mul(wx1, wy1))));
  } else {
    // Bicubic: 4 x 4 taps around floor(coordinate), each tap's coordinate
    // padded on its own.
    Value x0 = c.unary<graph::FloorOp>(ix), y0 = c.unary<graph::FloorOp>(iy);
    Value tx = c.sub(ix, x0), ty = c.sub(iy, y0);
    auto coefficients = [&](Value t) {
      Value u = c.sub(s.k(1.0), t);
      return SmallVector<Value, 4>{
          cubicCoefficient(c, c.add(t, s.k(1.0)), -0.75, false),
          cubicCoefficient(c, t, -0.75, true),
          cubicCoefficient(c, u, -0.75, true),
          cubicCoefficient(c, c.add(u, s.k(1.0)), -0.75, false)};
    };
    SmallVector<Value, 4> cx = coefficients(tx), cy = coefficients(ty);
    for (int i = 0; i < 4; ++i) {
      Value py = s.applyPadding(c.add(y0, s.k(i - 1.0)), s.height);
      Value row;
      for (int j = 0; j < 4; ++j) {
        Value px = s.applyPadding(c.add(x0, s.k(j - 1.0)), s.width);
        Value term = c.mul(s.read(px, py), cx[j]);
        row = row ? c.add(row, term) : term;
      }
      Value term = c.mul(row, cy[i]);
      result = result ? c.add(result, term) : term;
    }
  }
  b.setResult(0, c.reshape(c.cast(result, elem), *type));
  return success();
}

} // namespace

void registerResizeHandlers(HandlerTable &t) {
  t.add("Resize", 10, importResize);
  t.add("Upsample", 7, importUpsample);
  t.add("GridSample", 16, importGridSample);
}

} // namespace kiln::importer
