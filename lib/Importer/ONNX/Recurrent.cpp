//===- Recurrent.cpp - RNN, GRU, LSTM unrolled; ReverseSequence -----------===//
//
// The sequence length is static, so a recurrent node is imported as its
// equations unrolled over time with graph ops: the input projection of all
// steps is one matmul (X * W^T + biases), and each step adds H * R^T, splits
// the gates and applies the activations. Directions are unrolled one after
// the other (reverse walks the steps backwards). sequence_lens, when given
// as anything but the full length everywhere, masks the steps past each
// batch entry's length: its state is carried and its Y rows are zero.
// ReverseSequence, the other sequence-length op, is a gather from computed
// positions.
//
//===----------------------------------------------------------------------===//

#include "Composer.h"
#include "Handlers.h"
#include "NodeBinder.h"
#include "TensorImport.h"

#include "dialects/Graph/IR/GraphOps.h"

#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace kiln::importer {
namespace {

enum class Cell { RNN, GRU, LSTM };

/// Gates per cell, in ONNX's order: RNN (i), GRU (z, r, h), LSTM (i, o, f, c).
int64_t gateCount(Cell cell) {
  return cell == Cell::RNN ? 1 : cell == Cell::GRU ? 3 : 4;
}
/// Activations per direction: RNN (f), GRU (f, g), LSTM (f, g, h).
size_t activationCount(Cell cell) {
  return cell == Cell::RNN ? 1 : cell == Cell::GRU ? 2 : 3;
}

enum class ActKind {
  Tanh,
  Sigmoid,
  Relu,
  LeakyRelu,
  HardSigmoid,
  Affine,
  ScaledTanh,
  ThresholdedRelu,
  Elu,
  Softsign,
  Softplus
};

struct Activation {
  ActKind kind;
  float alpha = 0.0f, beta = 0.0f;
};

/// Parses `activations` with `activation_alpha`/`activation_beta`, which are
/// consumed in order by the activations that take them; absent values take
/// the ONNX op's default.
FailureOr<SmallVector<Activation>> readActivations(NodeBinder &b, Cell cell,
                                                   int64_t directions) {
  size_t expected = activationCount(cell) * directions;
  SmallVector<std::string> names;
  if (const onnx::AttributeProto *attr = b.findAttr("activations")) {
    names.assign(attr->strings().begin(), attr->strings().end());
    if (names.size() != expected)
      return b.fail(llvm::formatv("attribute 'activations' has {0} entries, "
                                  "expected {1}",
                                  names.size(), expected));
  } else {
    const char *defaults[] = {"Sigmoid", "Tanh", "Tanh"};
    for (int64_t d = 0; d < directions; ++d)
      for (size_t i = 0; i < activationCount(cell); ++i)
        names.push_back(cell == Cell::RNN ? "Tanh" : defaults[i]);
  }
  SmallVector<float> alphas, betas;
  if (const onnx::AttributeProto *attr = b.findAttr("activation_alpha"))
    alphas.assign(attr->floats().begin(), attr->floats().end());
  if (const onnx::AttributeProto *attr = b.findAttr("activation_beta"))
    betas.assign(attr->floats().begin(), attr->floats().end());
  size_t nextAlpha = 0, nextBeta = 0;
  auto take = [](SmallVector<float> &list, size_t &next, float fallback) {
    return next < list.size() ? list[next++] : fallback;
  };
  SmallVector<Activation> result;
  for (const std::string &name : names) {
    std::optional<ActKind> kind =
        llvm::StringSwitch<std::optional<ActKind>>(name)
            .CaseLower("tanh", ActKind::Tanh)
            .CaseLower("sigmoid", ActKind::Sigmoid)
            .CaseLower("relu", ActKind::Relu)
            .CaseLower("leakyrelu", ActKind::LeakyRelu)
            .CaseLower("hardsigmoid", ActKind::HardSigmoid)
            .CaseLower("affine", ActKind::Affine)
            .CaseLower("scaledtanh", ActKind::ScaledTanh)
            .CaseLower("thresholdedrelu", ActKind::ThresholdedRelu)
            .CaseLower("elu", ActKind::Elu)
            .CaseLower("softsign", ActKind::Softsign)
            .CaseLower("softplus", ActKind::Softplus)
            .Default(std::nullopt);
    if (!kind)
      return b.fail("activation '" + name + "' is not supported");
    Activation act{*kind};
    switch (*kind) {
    case ActKind::LeakyRelu:
      act.alpha = take(alphas, nextAlpha, 0.01f);
      break;
    case ActKind::HardSigmoid:
      act.alpha = take(alphas, nextAlpha, 0.2f);
      act.beta = take(betas, nextBeta, 0.5f);
      break;
    case ActKind::Affine:
    case ActKind::ScaledTanh:
      act.alpha = take(alphas, nextAlpha, 1.0f);
      act.beta = take(betas, nextBeta, *kind == ActKind::Affine ? 0.0f : 1.0f);
      break;
    case ActKind::ThresholdedRelu:
    case ActKind::Elu:
      act.alpha = take(alphas, nextAlpha, 1.0f);
      break;
    default:
      break;
    }
    result.push_back(act);
  }
  return result;
}

Value applyActivation(Composer &c, const Activation &act, Value x) {
  Type elem = Composer::elementType(x);
  auto k = [&](double v) { return c.scalar(elem, v); };
  OpBuilder &b = c.builder;
  switch (act.kind) {
  case ActKind::Tanh:
    return c.unary<graph::TanhOp>(x);
  case ActKind::Sigmoid:
    return c.unary<graph::SigmoidOp>(x);
  case ActKind::Relu:
    return c.unary<graph::ReluOp>(x);
  case ActKind::LeakyRelu:
    return graph::LeakyReluOp::create(b, c.loc, x,
                                      b.getF32FloatAttr(act.alpha));
  case ActKind::HardSigmoid:
    return graph::HardSigmoidOp::create(b, c.loc, x,
                                        b.getF32FloatAttr(act.alpha),
                                        b.getF32FloatAttr(act.beta));
  case ActKind::Affine:
    return c.add(c.mul(x, k(act.alpha)), k(act.beta));
  case ActKind::ScaledTanh:
    return c.mul(c.unary<graph::TanhOp>(c.mul(x, k(act.beta))), k(act.alpha));
  case ActKind::ThresholdedRelu:
    return c.where(c.predicate<graph::GreaterOp>(x, k(act.alpha)), x, k(0.0));
  case ActKind::Elu: {
    Value negative =
        c.mul(c.sub(c.unary<graph::ExpOp>(x), k(1.0)), k(act.alpha));
    return c.where(c.predicate<graph::LessOp>(x, k(0.0)), negative, x);
  }
  case ActKind::Softsign:
    return c.div(x, c.add(c.unary<graph::AbsOp>(x), k(1.0)));
  case ActKind::Softplus:
    return c.unary<graph::LogOp>(c.add(c.unary<graph::ExpOp>(x), k(1.0)));
  }
  return x;
}

/// Everything one recurrent node needs, read and checked.
struct Recurrence {
  Cell cell;
  int64_t steps = 0, batch = 0, inputSize = 0, hidden = 0, directions = 1;
  bool reverseOnly = false, batchFirst = false;
  bool linearBeforeReset = false, inputForget = false;
  std::optional<float> clip;
  SmallVector<Activation> activations;
  Value x;                       // [T, B, I]
  Value w, r, bias, peepholes;   // per ONNX, with the direction dim
  Value initialH, initialC;      // [D, B, H] or null
  Value lengths;                 // [B] i32 when masking is needed, else null
};

/// Direction `d` of a [D, ...] tensor, without the direction dim.
Value direction(Composer &c, Value v, int64_t d) {
  SmallVector<int64_t> shape(Composer::shapeOf(v).drop_front());
  return c.reshape(c.sliceAxis(v, 0, d, 1), shape);
}

/// Columns [g * H, (g + 1) * H) of a [B, G * H] tensor.
Value gate(Composer &c, Value v, int64_t g, int64_t hidden) {
  return c.sliceAxis(v, 1, g * hidden, hidden);
}

/// Unrolls one direction; returns its Y steps ([B, H] each, in time order),
/// the last H and the last C (LSTM).
struct DirectionResult {
  SmallVector<Value> ys;
  Value h, c;
};

DirectionResult unrollDirection(Composer &c, const Recurrence &rec, int64_t d,
                                bool reverse) {
  Type elem = Composer::elementType(rec.x);
  int64_t T = rec.steps, B = rec.batch, H = rec.hidden;
  int64_t G = gateCount(rec.cell);
  auto k = [&](double v) { return c.scalar(elem, v); };
  ArrayRef<Activation> acts =
      ArrayRef<Activation>(rec.activations)
          .slice(d * activationCount(rec.cell), activationCount(rec.cell));

  // Input projection of all steps: [T * B, I] x [I, G * H] + Wb (+ Rb).
  Value wT = c.transpose(direction(c, rec.w, d), {1, 0});
  Value rT = c.transpose(direction(c, rec.r, d), {1, 0});
  Value xw = c.matmul(c.reshape(rec.x, {T * B, rec.inputSize}), wT);
  Value rb;
  if (rec.bias) {
    Value biases = direction(c, rec.bias, d);
    Value wb = c.sliceAxis(biases, 0, 0, G * H);
    rb = c.sliceAxis(biases, 0, G * H, G * H);
    // GRU's h gate adds its recurrent bias inside the reset product when
    // linear_before_reset is set, and with R_h's product otherwise; both are
    // kept apart from the input projection for it.
    if (rec.cell == Cell::GRU) {
      Value zr =
          c.add(c.sliceAxis(wb, 0, 0, 2 * H), c.sliceAxis(rb, 0, 0, 2 * H));
      xw = c.add(xw, c.concat({zr, c.sliceAxis(wb, 0, 2 * H, H)}, 0));
    } else {
      xw = c.add(xw, c.add(wb, rb));
    }
  }
  xw = c.reshape(xw, {T, B, G * H});

  // A null state is the implicit zero initial state: its products and
  // terms are left out instead of computed from zeros.
  Value h = rec.initialH ? direction(c, rec.initialH, d) : Value();
  Value cell;
  if (rec.cell == Cell::LSTM && rec.initialC)
    cell = direction(c, rec.initialC, d);
  auto zeros = [&] { return c.splat({B, H}, elem, 0.0); };
  auto plus = [&](Value a, Value b) { return b ? c.add(a, b) : a; };
  auto times = [&](Value a, Value b) { return a && b ? c.mul(a, b) : Value(); };
  Value peep[3];
  if (rec.peepholes) {
    Value p = direction(c, rec.peepholes, d);
    for (int i = 0; i < 3; ++i)
      peep[i] = c.sliceAxis(p, 0, i * H, H);
  }
  auto clipped = [&](Value v) -> Value {
    if (!rec.clip)
      return v;
    OpBuilder &b = c.builder;
    return graph::ClipOp::create(b, c.loc, v, b.getF64FloatAttr(-*rec.clip),
                                 b.getF64FloatAttr(*rec.clip));
  };

  DirectionResult result;
  result.ys.resize(T);
  for (int64_t step = 0; step < T; ++step) {
    int64_t t = reverse ? T - 1 - step : step;
    Value x = c.reshape(c.sliceAxis(xw, 0, t, 1), {B, G * H});
    Value newH, newC;
    switch (rec.cell) {
    case Cell::RNN:
      newH = applyActivation(
          c, acts[0], clipped(plus(x, h ? c.matmul(h, rT) : Value())));
      break;
    case Cell::GRU: {
      // z and r share one product with R_z and R_r; R_h's comes after the
      // reset gate.
      Value hzr = h ? c.matmul(h, c.sliceAxis(rT, 1, 0, 2 * H)) : Value();
      Value rH = c.sliceAxis(rT, 1, 2 * H, H);
      Value z = applyActivation(
          c, acts[0],
          clipped(plus(gate(c, x, 0, H), hzr ? gate(c, hzr, 0, H) : Value())));
      Value rg = applyActivation(
          c, acts[0],
          clipped(plus(gate(c, x, 1, H), hzr ? gate(c, hzr, 1, H) : Value())));
      Value rbh = rb ? c.sliceAxis(rb, 0, 2 * H, H) : Value();
      Value recurrent;
      if (rec.linearBeforeReset) {
        Value hr = h ? c.matmul(h, rH) : Value();
        hr = hr ? plus(hr, rbh) : rbh;
        recurrent = times(rg, hr);
      } else {
        recurrent = h ? c.matmul(c.mul(rg, h), rH) : Value();
        recurrent = recurrent ? plus(recurrent, rbh) : rbh;
      }
      Value candidate = applyActivation(
          c, acts[1], clipped(plus(gate(c, x, 2, H), recurrent)));
      newH = plus(c.mul(c.sub(k(1.0), z), candidate), times(z, h));
      break;
    }
    case Cell::LSTM: {
      Value gates = plus(x, h ? c.matmul(h, rT) : Value());
      Value i = gate(c, gates, 0, H), o = gate(c, gates, 1, H);
      Value f = gate(c, gates, 2, H), g = gate(c, gates, 3, H);
      i = applyActivation(c, acts[0], clipped(plus(i, times(peep[0], cell))));
      f = rec.inputForget
              ? c.sub(k(1.0), i)
              : applyActivation(c, acts[0],
                                clipped(plus(f, times(peep[2], cell))));
      g = applyActivation(c, acts[1], clipped(g));
      newC = plus(c.mul(i, g), times(f, cell));
      o = applyActivation(c, acts[0], clipped(plus(o, times(peep[1], newC))));
      newH = c.mul(o, applyActivation(c, acts[2], newC));
      break;
    }
    }
    Value y = newH;
    if (rec.lengths) {
      // Entries whose sequence has ended keep their state and output 0.
      Type i32 = c.builder.getI32Type();
      Value active = c.reshape(
          c.predicate<graph::LessOp>(c.scalar(i32, double(t)), rec.lengths),
          {B, 1});
      y = c.where(active, newH, k(0.0));
      newH = c.where(active, newH, h ? h : zeros());
      if (newC)
        newC = c.where(active, newC, cell ? cell : zeros());
    }
    result.ys[t] = y;
    h = newH;
    if (newC)
      cell = newC;
  }
  result.h = h;
  result.c = cell;
  return result;
}

/// Input `i` with the expected static shape, or null when it is not given.
FailureOr<Value> shapedInput(NodeBinder &b, unsigned i, StringRef what,
                             ArrayRef<int64_t> shape, Type elem) {
  auto value = b.optionalInput(i);
  if (failed(value) || !*value)
    return value;
  auto type = Composer::typeOf(*value);
  if (type.getShape() != shape || type.getElementType() != elem) {
    std::string expected;
    llvm::raw_string_ostream os(expected);
    llvm::interleave(shape, os, "x");
    return b.fail(llvm::formatv("{0} must be a {1} tensor of the input's "
                                "dtype, got {2}",
                                what, expected, typeString(type)));
  }
  return *value;
}

template <Cell CellKind>
LogicalResult importRecurrent(NodeBinder &b) {
  Recurrence rec;
  rec.cell = CellKind;
  auto x = b.input(0);
  auto hidden = b.requiredIntAttr("hidden_size");
  auto directionAttr = b.stringAttr("direction", "forward");
  auto layout = b.intAttr("layout", 0);
  if (failed(x) || failed(hidden) || failed(directionAttr) || failed(layout))
    return failure();
  auto xType = Composer::typeOf(*x);
  if (failed(b.requireFloat(xType, "X")))
    return failure();
  if (xType.getRank() != 3)
    return b.fail("X must have rank 3");
  if (*layout != 0 && *layout != 1)
    return b.fail("layout must be 0 or 1");
  rec.batchFirst = *layout == 1;
  if (*directionAttr == "bidirectional")
    rec.directions = 2;
  else if (*directionAttr == "reverse")
    rec.reverseOnly = true;
  else if (*directionAttr != "forward")
    return b.fail("direction '" + *directionAttr + "' is not supported");
  Composer c(b);
  Type elem = xType.getElementType();
  rec.x = rec.batchFirst ? c.transpose(*x, {1, 0, 2}) : *x;
  ArrayRef<int64_t> xShape = Composer::shapeOf(rec.x);
  rec.steps = xShape[0];
  rec.batch = xShape[1];
  rec.inputSize = xShape[2];
  rec.hidden = *hidden;
  if (rec.hidden < 1 || rec.hidden > (int64_t(1) << 24))
    return b.fail(llvm::formatv("hidden_size {0} is out of range", rec.hidden));
  if (rec.steps < 1)
    return b.fail("the sequence is empty");
  int64_t D = rec.directions, G = gateCount(CellKind), H = rec.hidden;

  if (b.hasAttr("clip")) {
    auto clip = b.floatAttr("clip", 0.0f);
    if (failed(clip))
      return failure();
    if (!(*clip > 0.0f))
      return b.fail("clip must be positive");
    rec.clip = *clip;
  }
  if (CellKind == Cell::GRU) {
    auto lbr = b.intAttr("linear_before_reset", 0);
    if (failed(lbr))
      return failure();
    rec.linearBeforeReset = *lbr != 0;
  }
  if (CellKind == Cell::LSTM) {
    auto coupled = b.intAttr("input_forget", 0);
    if (failed(coupled))
      return failure();
    rec.inputForget = *coupled != 0;
  }
  auto activations = readActivations(b, CellKind, D);
  if (failed(activations))
    return failure();
  rec.activations = std::move(*activations);

  auto w = shapedInput(b, 1, "W", {D, G * H, rec.inputSize}, elem);
  auto r = shapedInput(b, 2, "R", {D, G * H, H}, elem);
  auto bias = shapedInput(b, 3, "B", {D, 2 * G * H}, elem);
  SmallVector<int64_t> stateShape =
      rec.batchFirst ? SmallVector<int64_t>{rec.batch, D, H}
                     : SmallVector<int64_t>{D, rec.batch, H};
  auto initialH = shapedInput(b, 5, "initial_h", stateShape, elem);
  if (failed(w) || failed(r) || failed(bias) || failed(initialH))
    return failure();
  if (!*w || !*r)
    return b.fail("W and R are required");
  rec.w = *w;
  rec.r = *r;
  rec.bias = *bias;
  auto toDirectionMajor = [&](Value v) {
    return v && rec.batchFirst ? c.transpose(v, {1, 0, 2}) : v;
  };
  rec.initialH = toDirectionMajor(*initialH);
  if (CellKind == Cell::LSTM) {
    auto initialC = shapedInput(b, 6, "initial_c", stateShape, elem);
    auto peepholes = shapedInput(b, 7, "P", {D, 3 * H}, elem);
    if (failed(initialC) || failed(peepholes))
      return failure();
    rec.initialC = toDirectionMajor(*initialC);
    rec.peepholes = *peepholes;
  }

  // sequence_lens: ignored when it is the constant full length; otherwise
  // masks, which the reverse direction cannot do step by step.
  if (b.hasInput(4)) {
    auto lengthsType = b.inputType(4);
    if (failed(lengthsType))
      return failure();
    if (lengthsType->getShape() != ArrayRef<int64_t>{rec.batch} ||
        !lengthsType->getElementType().isSignlessInteger(32))
      return b.fail("sequence_lens must be an int32 tensor of batch_size "
                    "values");
    bool full = false;
    if (ElementsAttr constant = b.constantInput(4)) {
      auto values = readIntElements(constant);
      full = values && llvm::all_of(*values, [&](int64_t len) {
               return len == rec.steps;
             });
    }
    if (!full) {
      if (rec.reverseOnly || D == 2)
        return b.fail("sequence_lens must be a constant equal to the "
                      "sequence length in the reverse and bidirectional "
                      "directions");
      auto lengths = b.input(4);
      if (failed(lengths))
        return failure();
      rec.lengths = *lengths;
    }
  }
  if (b.hasFailed())
    return failure();

  SmallVector<DirectionResult> results;
  for (int64_t d = 0; d < D; ++d)
    results.push_back(
        unrollDirection(c, rec, d, /*reverse=*/rec.reverseOnly || d == 1));

  int64_t B = rec.batch;
  if (b.hasOutput(0)) {
    SmallVector<Value> perDirection;
    for (DirectionResult &result : results) {
      SmallVector<Value> steps;
      for (Value y : result.ys)
        steps.push_back(c.reshape(y, {1, 1, B, H}));
      perDirection.push_back(c.concat(steps, 0));
    }
    Value y = c.concat(perDirection, 1); // [T, D, B, H]
    if (rec.batchFirst)
      y = c.transpose(y, {2, 0, 1, 3});  // [B, T, D, H]
    auto type = b.resultType(0);
    if (failed(type))
      return failure();
    b.setResult(0, c.reshape(y, *type));
  }
  auto finalState = [&](unsigned output, bool cellState) -> LogicalResult {
    if (!b.hasOutput(output))
      return success();
    SmallVector<Value> states;
    for (DirectionResult &result : results)
      states.push_back(c.reshape(cellState ? result.c : result.h, {1, B, H}));
    Value state = c.concat(states, 0); // [D, B, H]
    if (rec.batchFirst)
      state = c.transpose(state, {1, 0, 2});
    auto type = b.resultType(output);
    if (failed(type))
      return failure();
    b.setResult(output, c.reshape(state, *type));
    return success();
  };
  if (failed(finalState(1, false)))
    return failure();
  if (CellKind == Cell::LSTM && failed(finalState(2, true)))
    return failure();
  return success();
}

/// ReverseSequence: along time_axis, the first sequence_lens[b] elements of
/// every batch entry b are reversed and the rest kept. Each output element
/// is gathered from the flattened input at its source position.
LogicalResult importReverseSequence(NodeBinder &b) {
  auto x = b.input(0);
  auto lengths = b.input(1);
  auto timeAttr = b.intAttr("time_axis", 0);
  auto batchAttr = b.intAttr("batch_axis", 1);
  if (failed(x) || failed(lengths) || failed(timeAttr) || failed(batchAttr))
    return failure();
  auto xType = Composer::typeOf(*x);
  int64_t rank = xType.getRank();
  if (rank < 2)
    return b.fail("input must have rank >= 2");
  auto timeAxis = b.normalizeAxis(*timeAttr, rank, "time_axis");
  auto batchAxis = b.normalizeAxis(*batchAttr, rank, "batch_axis");
  if (failed(timeAxis) || failed(batchAxis))
    return failure();
  if (*timeAxis == *batchAxis || *timeAxis > 1 || *batchAxis > 1)
    return b.fail("time_axis and batch_axis must be 0 and 1");
  auto lengthsType = Composer::typeOf(*lengths);
  if (lengthsType.getShape() !=
          ArrayRef<int64_t>{xType.getDimSize(*batchAxis)} ||
      !lengthsType.getElementType().isSignlessInteger(64))
    return b.fail("sequence_lens must be an int64 tensor of batch_size "
                  "values");
  if (xType.getNumElements() == 0) {
    b.setResult(0, *x);
    return success();
  }
  Composer c(b);
  Type i64 = c.builder.getI64Type();
  // Row-major coordinates of every element; the time coordinate t becomes
  // len - 1 - t where t < len.
  SmallVector<int64_t> lengthShape(rank, 1);
  lengthShape[*batchAxis] = xType.getDimSize(*batchAxis);
  Value len = c.reshape(*lengths, lengthShape);
  Value index;
  int64_t stride = 1;
  for (int64_t d = rank - 1; d >= 0; --d) {
    Value coord = c.iota(xType.getDimSize(d), i64, d, rank);
    if (d == *timeAxis)
      coord = c.where(c.predicate<graph::LessOp>(coord, len),
                      c.sub(c.sub(len, c.scalar(i64, 1.0)), coord), coord);
    Value term = c.mul(coord, c.scalar(i64, double(stride)));
    index = index ? c.add(term, index) : term;
    stride *= xType.getDimSize(d);
  }
  Value flat = c.reshape(*x, {xType.getNumElements()});
  b.setResult(0, c.gather(flat, index, 0));
  return success();
}

} // namespace

void registerRecurrentHandlers(HandlerTable &t) {
  t.add("ReverseSequence", 10, importReverseSequence);
  t.add("RNN", 7, importRecurrent<Cell::RNN>);
  t.add("GRU", 7, importRecurrent<Cell::GRU>);
  t.add("LSTM", 7, importRecurrent<Cell::LSTM>);
}

} // namespace kiln::importer
