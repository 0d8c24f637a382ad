//===- ConstantFolding.cpp - Evaluate shape arithmetic at load ------------===//
//
// A tiny interpreter for the integer ops exporters use to compute shapes.
// Values are held as int64 and wrapped to the element type's width after
// each op. Anything unusual (a division with a negative remainder, an index
// out of range, a large tensor) is not folded: the node is then imported as
// a graph op and the normal rules apply.
//
//===----------------------------------------------------------------------===//

#include "ConstantFolding.h"
#include "Handlers.h"
#include "ModelLoader.h"
#include "TensorImport.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/MathExtras.h"

using llvm::ArrayRef;
using llvm::SmallVector;
using llvm::StringRef;

namespace kiln::importer {
namespace {

using Folded = std::optional<SmallVector<HostTensor>>;

int64_t elementCount(ArrayRef<int64_t> shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

/// Checks a computed shape: non-negative dims, at most kMaxFoldElements.
bool smallShape(ArrayRef<int64_t> shape) {
  uint64_t n = 1;
  for (int64_t d : shape)
    if (d < 0 || mulOverflows(n, static_cast<uint64_t>(d), n) ||
        n > static_cast<uint64_t>(kMaxFoldElements))
      return false;
  return true;
}

std::optional<int64_t> intAttr(const onnx::NodeProto &node, StringRef name) {
  for (const onnx::AttributeProto &attr : node.attribute())
    if (attr.name() == name)
      return attr.type() == onnx::AttributeProto::INT
                 ? std::optional<int64_t>(attr.i())
                 : std::nullopt;
  return std::nullopt;
}

std::optional<SmallVector<int64_t>> intsAttr(const onnx::NodeProto &node,
                                             StringRef name) {
  for (const onnx::AttributeProto &attr : node.attribute())
    if (attr.name() == name && attr.type() == onnx::AttributeProto::INTS)
      return SmallVector<int64_t>(attr.ints().begin(), attr.ints().end());
  return std::nullopt;
}

bool hasAttr(const onnx::NodeProto &node, StringRef name) {
  return llvm::any_of(node.attribute(), [&](const onnx::AttributeProto &a) {
    return a.name() == name;
  });
}

/// Bits of an integer or bool dtype, 0 for the others.
unsigned bitWidth(int32_t dtype) {
  return dtype == onnx::TensorProto::BOOL ? 1 : 8 * elementByteSize(dtype);
}

bool isIntegerDtype(int32_t dtype) {
  using TP = onnx::TensorProto;
  switch (dtype) {
  case TP::BOOL: case TP::INT8: case TP::INT16: case TP::INT32:
  case TP::INT64: case TP::UINT8: case TP::UINT16: case TP::UINT32:
  case TP::UINT64:
    return true;
  default:
    return false;
  }
}

bool isUnsignedDtype(int32_t dtype) {
  using TP = onnx::TensorProto;
  return dtype == TP::UINT8 || dtype == TP::UINT16 || dtype == TP::UINT32 ||
         dtype == TP::UINT64;
}

/// Wraps `v` to the width and signedness of `dtype`.
int64_t wrap(int64_t v, int32_t dtype) {
  unsigned width = bitWidth(dtype);
  if (width >= 64)
    return v;
  if (width == 1)
    return v != 0;
  uint64_t bits = static_cast<uint64_t>(v) & ((uint64_t(1) << width) - 1);
  return isUnsignedDtype(dtype) ? static_cast<int64_t>(bits)
                                : llvm::SignExtend64(bits, width);
}

std::optional<int64_t> normalizeAxis(int64_t axis, int64_t rank) {
  if (axis < -rank || axis >= rank)
    return std::nullopt;
  return axis < 0 ? axis + rank : axis;
}

/// Row-major strides of `shape`.
SmallVector<int64_t> stridesOf(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t d = static_cast<int64_t>(shape.size()) - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * shape[d + 1];
  return strides;
}

/// Numpy broadcast of `inputs` into `outShape`, applying `fn` per element.
std::optional<HostTensor>
broadcastApply(ArrayRef<const HostTensor *> inputs, ArrayRef<int64_t> outShape,
               int32_t outType,
               llvm::function_ref<std::optional<int64_t>(ArrayRef<int64_t>)> fn) {
  if (!smallShape(outShape))
    return std::nullopt;
  size_t rank = outShape.size();
  SmallVector<SmallVector<int64_t>> inStrides;
  for (const HostTensor *in : inputs) {
    if (in->shape.size() > rank)
      return std::nullopt;
    // Strides aligned to the output's trailing dims; broadcast dims read 0.
    SmallVector<int64_t> s(rank, 0);
    SmallVector<int64_t> own = stridesOf(in->shape);
    size_t offset = rank - in->shape.size();
    for (size_t d = 0; d < in->shape.size(); ++d) {
      if (in->shape[d] != 1 && in->shape[d] != outShape[offset + d])
        return std::nullopt;
      s[offset + d] = in->shape[d] == 1 ? 0 : own[d];
    }
    inStrides.push_back(std::move(s));
  }
  HostTensor out{outType, SmallVector<int64_t>(outShape), {}};
  int64_t count = elementCount(outShape);
  SmallVector<int64_t> index(rank, 0), args(inputs.size());
  for (int64_t linear = 0; linear < count; ++linear) {
    for (size_t i = 0; i < inputs.size(); ++i) {
      int64_t pos = 0;
      for (size_t d = 0; d < rank; ++d)
        pos += index[d] * inStrides[i][d];
      args[i] = inputs[i]->values[pos];
    }
    auto v = fn(args);
    if (!v)
      return std::nullopt;
    out.values.push_back(wrap(*v, outType));
    for (int64_t d = static_cast<int64_t>(rank) - 1; d >= 0; --d) {
      if (++index[d] < outShape[d])
        break;
      index[d] = 0;
    }
  }
  return out;
}

/// The broadcast shape of `inputs`, nullopt when incompatible.
std::optional<SmallVector<int64_t>>
broadcastShape(ArrayRef<const HostTensor *> inputs) {
  SmallVector<int64_t> shape;
  for (const HostTensor *in : inputs) {
    size_t rank = std::max(shape.size(), in->shape.size());
    SmallVector<int64_t> next(rank);
    for (size_t i = 0; i < rank; ++i) {
      int64_t a = i < rank - shape.size() ? 1 : shape[i - (rank - shape.size())];
      int64_t b = i < rank - in->shape.size()
                      ? 1
                      : in->shape[i - (rank - in->shape.size())];
      if (a != b && a != 1 && b != 1)
        return std::nullopt;
      next[i] = a == 1 ? b : a;
    }
    shape = std::move(next);
  }
  return shape;
}

std::optional<int64_t> binaryOp(StringRef op, int64_t a, int64_t b) {
  uint64_t ua = static_cast<uint64_t>(a), ub = static_cast<uint64_t>(b);
  if (op == "Add" || op == "Sum")
    return static_cast<int64_t>(ua + ub);
  if (op == "Sub")
    return static_cast<int64_t>(ua - ub);
  if (op == "Mul")
    return static_cast<int64_t>(ua * ub);
  if (op == "Div") {
    // Exporters divide non-negative sizes; other cases are left to run time
    // rather than guessing truncation versus flooring.
    if (b == 0 || (a == INT64_MIN && b == -1) ||
        (a % b != 0 && ((a < 0) != (b < 0))))
      return std::nullopt;
    return a / b;
  }
  if (op == "Max")
    return std::max(a, b);
  if (op == "Min")
    return std::min(a, b);
  if (op == "Equal")
    return a == b;
  if (op == "Less")
    return a < b;
  if (op == "Greater")
    return a > b;
  if (op == "And")
    return a && b;
  if (op == "Or")
    return a || b;
  return std::nullopt;
}

Folded single(std::optional<HostTensor> t) {
  if (!t)
    return std::nullopt;
  return SmallVector<HostTensor>{std::move(*t)};
}

/// Same values in a new shape.
Folded reshaped(const HostTensor &in, SmallVector<int64_t> shape) {
  if (!smallShape(shape) ||
      elementCount(shape) != static_cast<int64_t>(in.values.size()))
    return std::nullopt;
  HostTensor out = in;
  out.shape = std::move(shape);
  return single(std::move(out));
}

/// The axes of Squeeze/Unsqueeze/ReduceSum-style ops: an attribute before
/// opset 13, an input from then on.
std::optional<SmallVector<int64_t>>
axesOf(const onnx::NodeProto &node, int64_t opset,
       ArrayRef<std::optional<HostTensor>> inputs) {
  if (opset < 13)
    return intsAttr(node, "axes");
  if (inputs.size() > 1 && inputs[1])
    return inputs[1]->values;
  return std::nullopt;
}

Folded foldReshape(const onnx::NodeProto &node, int64_t opset,
                   ArrayRef<std::optional<HostTensor>> in) {
  if (in.size() < 2 || !in[0] || !in[1])
    return std::nullopt;
  bool allowZero = opset >= 14 && intAttr(node, "allowzero").value_or(0);
  SmallVector<int64_t> shape = in[1]->values;
  int64_t known = 1, inferred = -1;
  for (size_t i = 0; i < shape.size(); ++i) {
    // 0 copies the input's dim (unless allowzero), -1 takes the rest.
    if (shape[i] == 0 && !allowZero) {
      if (i >= in[0]->shape.size())
        return std::nullopt;
      shape[i] = in[0]->shape[i];
    }
    if (shape[i] == -1) {
      if (inferred >= 0)
        return std::nullopt;
      inferred = i;
      continue;
    }
    if (shape[i] < 0 || shape[i] > kMaxFoldElements)
      return std::nullopt;
    known *= shape[i];
    if (known > kMaxFoldElements)
      return std::nullopt;
  }
  int64_t count = in[0]->values.size();
  if (inferred >= 0) {
    if (known == 0 || count % known != 0)
      return std::nullopt;
    shape[inferred] = count / known;
  }
  return reshaped(*in[0], shape);
}

Folded foldSqueeze(const onnx::NodeProto &node, int64_t opset,
                   ArrayRef<std::optional<HostTensor>> in) {
  const HostTensor &x = *in[0];
  int64_t rank = x.shape.size();
  auto axes = axesOf(node, opset, in);
  SmallVector<bool> drop(rank, false);
  if (!axes) {
    for (int64_t d = 0; d < rank; ++d)
      drop[d] = x.shape[d] == 1;
  } else {
    for (int64_t a : *axes) {
      auto axis = normalizeAxis(a, rank);
      if (!axis || x.shape[*axis] != 1)
        return std::nullopt;
      drop[*axis] = true;
    }
  }
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < rank; ++d)
    if (!drop[d])
      shape.push_back(x.shape[d]);
  return reshaped(x, shape);
}

Folded foldUnsqueeze(const onnx::NodeProto &node, int64_t opset,
                     ArrayRef<std::optional<HostTensor>> in) {
  const HostTensor &x = *in[0];
  auto axes = axesOf(node, opset, in);
  if (!axes)
    return std::nullopt;
  int64_t rank = x.shape.size() + axes->size();
  SmallVector<bool> inserted(rank, false);
  for (int64_t a : *axes) {
    auto axis = normalizeAxis(a, rank);
    if (!axis || inserted[*axis])
      return std::nullopt;
    inserted[*axis] = true;
  }
  SmallVector<int64_t> shape;
  size_t next = 0;
  for (int64_t d = 0; d < rank; ++d)
    shape.push_back(inserted[d] ? 1 : x.shape[next++]);
  return reshaped(x, shape);
}

Folded foldConcat(const onnx::NodeProto &node,
                  ArrayRef<std::optional<HostTensor>> in) {
  SmallVector<const HostTensor *> parts;
  for (const auto &t : in) {
    if (!t)
      return std::nullopt;
    parts.push_back(&*t);
  }
  auto axisAttr = intAttr(node, "axis");
  if (parts.empty() || !axisAttr)
    return std::nullopt;
  int64_t rank = parts[0]->shape.size();
  auto axis = normalizeAxis(*axisAttr, rank);
  if (!axis)
    return std::nullopt;
  SmallVector<int64_t> shape = parts[0]->shape;
  shape[*axis] = 0;
  for (const HostTensor *p : parts) {
    if (static_cast<int64_t>(p->shape.size()) != rank || p->dtype != parts[0]->dtype)
      return std::nullopt;
    for (int64_t d = 0; d < rank; ++d)
      if (d != *axis && p->shape[d] != shape[d])
        return std::nullopt;
    shape[*axis] += p->shape[*axis];
  }
  if (!smallShape(shape))
    return std::nullopt;
  int64_t outer = elementCount(ArrayRef<int64_t>(shape).take_front(*axis));
  HostTensor out{parts[0]->dtype, shape, {}};
  for (int64_t o = 0; o < outer; ++o)
    for (const HostTensor *p : parts) {
      int64_t block = elementCount(ArrayRef<int64_t>(p->shape).drop_front(*axis));
      out.values.append(p->values.begin() + o * block,
                        p->values.begin() + (o + 1) * block);
    }
  return single(std::move(out));
}

Folded foldGather(const onnx::NodeProto &node,
                  ArrayRef<std::optional<HostTensor>> in) {
  if (in.size() < 2 || !in[0] || !in[1])
    return std::nullopt;
  const HostTensor &data = *in[0], &indices = *in[1];
  auto axis = normalizeAxis(intAttr(node, "axis").value_or(0),
                            data.shape.size());
  if (!axis)
    return std::nullopt;
  int64_t dim = data.shape[*axis];
  SmallVector<int64_t> shape(data.shape.begin(), data.shape.begin() + *axis);
  shape.append(indices.shape.begin(), indices.shape.end());
  shape.append(data.shape.begin() + *axis + 1, data.shape.end());
  if (!smallShape(shape))
    return std::nullopt;
  int64_t outer = elementCount(ArrayRef<int64_t>(data.shape).take_front(*axis));
  int64_t inner =
      elementCount(ArrayRef<int64_t>(data.shape).drop_front(*axis + 1));
  HostTensor out{data.dtype, shape, {}};
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t index : indices.values) {
      if (index < -dim || index >= dim)
        return std::nullopt;
      int64_t i = index < 0 ? index + dim : index;
      auto begin = data.values.begin() + (o * dim + i) * inner;
      out.values.append(begin, begin + inner);
    }
  return single(std::move(out));
}

Folded foldSlice(const onnx::NodeProto &node, int64_t opset,
                 ArrayRef<std::optional<HostTensor>> in) {
  const HostTensor &x = *in[0];
  SmallVector<int64_t> starts, ends, axes, steps;
  auto inputValues = [&](size_t i) -> std::optional<SmallVector<int64_t>> {
    if (i < in.size() && in[i])
      return in[i]->values;
    return std::nullopt;
  };
  if (opset < 10) {
    auto s = intsAttr(node, "starts"), e = intsAttr(node, "ends");
    if (!s || !e)
      return std::nullopt;
    starts = *s;
    ends = *e;
    axes = intsAttr(node, "axes").value_or(SmallVector<int64_t>());
  } else {
    auto s = inputValues(1), e = inputValues(2);
    if (!s || !e)
      return std::nullopt;
    starts = *s;
    ends = *e;
    axes = inputValues(3).value_or(SmallVector<int64_t>());
    steps = inputValues(4).value_or(SmallVector<int64_t>());
  }
  llvm::Expected<SliceWindow> window =
      resolveSlice(x.shape, starts, ends, axes, steps);
  if (!window) {
    // Not folded; the Slice handler reports the problem.
    llvm::consumeError(window.takeError());
    return std::nullopt;
  }
  int64_t rank = x.shape.size();
  const SmallVector<int64_t> &begin = window->begin,
                             &stride = window->stride, &shape = window->shape;
  SmallVector<int64_t> inStrides = stridesOf(x.shape);
  HostTensor out{x.dtype, shape, {}};
  int64_t count = elementCount(shape);
  SmallVector<int64_t> index(rank, 0);
  for (int64_t linear = 0; linear < count; ++linear) {
    int64_t pos = 0;
    for (int64_t d = 0; d < rank; ++d)
      pos += (begin[d] + index[d] * stride[d]) * inStrides[d];
    out.values.push_back(x.values[pos]);
    for (int64_t d = rank - 1; d >= 0; --d) {
      if (++index[d] < shape[d])
        break;
      index[d] = 0;
    }
  }
  return single(std::move(out));
}

Folded foldRange(ArrayRef<std::optional<HostTensor>> in) {
  if (in.size() != 3 || !in[0] || !in[1] || !in[2] ||
      in[0]->values.size() != 1 || in[1]->values.size() != 1 ||
      in[2]->values.size() != 1)
    return std::nullopt;
  int64_t start = in[0]->values[0], limit = in[1]->values[0],
          delta = in[2]->values[0];
  int64_t span;
  if (delta == 0 || __builtin_sub_overflow(limit, start, &span))
    return std::nullopt;
  int64_t count = 0;
  if ((delta > 0 && span > 0) || (delta < 0 && span < 0))
    count = (span - (delta > 0 ? 1 : -1)) / delta + 1;
  if (count > kMaxFoldElements)
    return std::nullopt;
  HostTensor out{in[0]->dtype, {count}, {}};
  for (int64_t i = 0; i < count; ++i)
    out.values.push_back(wrap(static_cast<int64_t>(
                                  static_cast<uint64_t>(start) +
                                  static_cast<uint64_t>(i) *
                                      static_cast<uint64_t>(delta)),
                              in[0]->dtype));
  return single(std::move(out));
}

} // namespace

bool isFoldableOp(StringRef opType) {
  return llvm::StringSwitch<bool>(opType)
      .Cases({"Add", "Sub", "Mul", "Div", "Max", "Min", "Sum"}, true)
      .Cases({"Equal", "Less", "Greater", "And", "Or", "Not"}, true)
      .Cases({"Neg", "Abs", "Identity", "Cast", "Where", "Concat"}, true)
      .Cases({"Reshape", "Squeeze", "Unsqueeze", "Flatten", "Gather"}, true)
      .Cases({"Slice", "Range", "Expand", "ConstantOfShape"}, true)
      .Default(false);
}

Folded foldIntegerNode(const onnx::NodeProto &node, int64_t opset,
                       ArrayRef<std::optional<HostTensor>> inputs) {
  StringRef op = node.op_type();
  if (!isDefaultDomain(node.domain()) || !isFoldableOp(op) || inputs.empty() ||
      !inputs[0])
    return std::nullopt;
  const HostTensor &x = *inputs[0];
  const int32_t boolType = onnx::TensorProto::BOOL;

  if (op == "Identity")
    return single(x);
  if (op == "Neg" || op == "Abs" || op == "Not") {
    if ((op == "Not") != (x.dtype == boolType))
      return std::nullopt;
    return single(broadcastApply(
        {&x}, x.shape, x.dtype,
        [&](ArrayRef<int64_t> v) -> std::optional<int64_t> {
          if (op == "Not")
            return !v[0];
          if (v[0] == INT64_MIN)
            return std::nullopt;
          return op == "Neg" ? -v[0] : std::abs(v[0]);
        }));
  }
  if (op == "Cast") {
    auto to = intAttr(node, "to");
    if (!to || !isIntegerDtype(static_cast<int32_t>(*to)))
      return std::nullopt;
    return single(broadcastApply({&x}, x.shape, static_cast<int32_t>(*to),
                                 [](ArrayRef<int64_t> v) { return v[0]; }));
  }
  if (op == "Where") {
    if (inputs.size() != 3 || !inputs[1] || !inputs[2] ||
        x.dtype != boolType || inputs[1]->dtype != inputs[2]->dtype)
      return std::nullopt;
    SmallVector<const HostTensor *> args = {&x, &*inputs[1], &*inputs[2]};
    auto shape = broadcastShape(args);
    if (!shape)
      return std::nullopt;
    return single(broadcastApply(
        args, *shape, inputs[1]->dtype,
        [](ArrayRef<int64_t> v) { return v[0] ? v[1] : v[2]; }));
  }
  if (op == "Expand") {
    if (inputs.size() != 2 || !inputs[1])
      return std::nullopt;
    HostTensor target{x.dtype, inputs[1]->values, {}};
    auto shape = broadcastShape({&x, &target});
    if (!shape)
      return std::nullopt;
    return single(broadcastApply({&x}, *shape, x.dtype,
                                 [](ArrayRef<int64_t> v) { return v[0]; }));
  }
  if (op == "ConstantOfShape") {
    // Only integer fills fold; the default fill is a float zero.
    const onnx::AttributeProto *value = nullptr;
    for (const onnx::AttributeProto &attr : node.attribute())
      if (attr.name() == "value" && attr.has_t())
        value = &attr;
    if (!value || !isIntegerDtype(value->t().data_type()) ||
        !smallShape(x.values))
      return std::nullopt;
    std::vector<char> owned;
    auto bytes = tensorBytes(value->t(), nullptr, owned);
    unsigned width = elementByteSize(value->t().data_type());
    if (!bytes) {
      llvm::consumeError(bytes.takeError());
      return std::nullopt;
    }
    if (bytes->size() != width)
      return std::nullopt;
    uint64_t raw = 0;
    for (unsigned b = 0; b < width; ++b)
      raw |= static_cast<uint64_t>(static_cast<uint8_t>((*bytes)[b])) << (8 * b);
    int32_t dtype = value->t().data_type();
    HostTensor out{dtype, x.values, {}};
    out.values.assign(elementCount(x.values),
                      wrap(static_cast<int64_t>(raw), dtype));
    return single(std::move(out));
  }
  if (op == "Reshape")
    return foldReshape(node, opset, inputs);
  if (op == "Squeeze")
    return foldSqueeze(node, opset, inputs);
  if (op == "Unsqueeze")
    return foldUnsqueeze(node, opset, inputs);
  if (op == "Flatten") {
    int64_t rank = x.shape.size();
    int64_t axis = intAttr(node, "axis").value_or(1);
    if (axis < -rank || axis > rank)
      return std::nullopt;
    if (axis < 0)
      axis += rank;
    ArrayRef<int64_t> shape(x.shape);
    return reshaped(x, {elementCount(shape.take_front(axis)),
                        elementCount(shape.drop_front(axis))});
  }
  if (op == "Concat")
    return foldConcat(node, inputs);
  if (op == "Gather")
    return foldGather(node, inputs);
  if (op == "Slice")
    return foldSlice(node, opset, inputs);
  if (op == "Range")
    return foldRange(inputs);

  // Binary and variadic elementwise ops, folded left to right.
  if (hasAttr(node, "broadcast"))
    return std::nullopt;
  bool comparison = op == "Equal" || op == "Less" || op == "Greater";
  bool variadic = op == "Max" || op == "Min" || op == "Sum";
  if (inputs.size() < 2 && !variadic)
    return std::nullopt;
  std::optional<HostTensor> acc = x;
  for (const auto &next : inputs.drop_front()) {
    if (!next || next->dtype != x.dtype)
      return std::nullopt;
    SmallVector<const HostTensor *> args = {&*acc, &*next};
    auto shape = broadcastShape(args);
    if (!shape)
      return std::nullopt;
    acc = broadcastApply(args, *shape, comparison ? boolType : x.dtype,
                         [&](ArrayRef<int64_t> v) {
                           return binaryOp(op, v[0], v[1]);
                         });
    if (!acc)
      return std::nullopt;
  }
  return single(std::move(acc));
}

//===----------------------------------------------------------------------===//
// foldShapeSubgraphs
//===----------------------------------------------------------------------===//

namespace {

/// The values of an integer TensorProto, nullopt for other or large tensors.
std::optional<HostTensor> fromProto(const onnx::TensorProto &tensor,
                                    const LoadedModel &model) {
  int32_t dtype = tensor.data_type();
  if (!isIntegerDtype(dtype))
    return std::nullopt;
  auto count = checkedElementCount(tensor.dims());
  if (!count) {
    llvm::consumeError(count.takeError());
    return std::nullopt;
  }
  if (*count > static_cast<uint64_t>(kMaxFoldElements))
    return std::nullopt;
  std::vector<char> owned;
  auto bytes = tensorBytes(tensor, &model, owned);
  if (!bytes) {
    llvm::consumeError(bytes.takeError());
    return std::nullopt;
  }
  unsigned width = elementByteSize(dtype);
  HostTensor t{dtype, SmallVector<int64_t>(tensor.dims().begin(),
                                           tensor.dims().end()),
               {}};
  for (size_t i = 0; i + width <= bytes->size(); i += width) {
    uint64_t raw = 0;
    for (unsigned b = 0; b < width; ++b)
      raw |= static_cast<uint64_t>(static_cast<uint8_t>((*bytes)[i + b]))
             << (8 * b);
    t.values.push_back(wrap(static_cast<int64_t>(raw), dtype));
  }
  return t;
}

/// The TensorProto of a folded value (one int32/int64/uint64 slot per
/// element, as ONNX stores them).
onnx::TensorProto toProto(const HostTensor &t, const std::string &name) {
  using TP = onnx::TensorProto;
  TP proto;
  proto.set_name(name);
  proto.set_data_type(t.dtype);
  for (int64_t d : t.shape)
    proto.add_dims(d);
  for (int64_t v : t.values) {
    if (t.dtype == TP::INT64)
      proto.add_int64_data(v);
    else if (t.dtype == TP::UINT32 || t.dtype == TP::UINT64)
      proto.add_uint64_data(static_cast<uint64_t>(v));
    else
      proto.add_int32_data(static_cast<int32_t>(v));
  }
  return proto;
}

/// The static shape and integer dtype ONNX inferred for `name`.
std::optional<std::pair<int32_t, SmallVector<int64_t>>>
staticIntType(const LoadedModel &model, const std::string &name) {
  const onnx::TypeProto *type = model.typeOf(name);
  if (!type || !type->has_tensor_type() || !type->tensor_type().has_shape())
    return std::nullopt;
  SmallVector<int64_t> shape;
  for (const auto &dim : type->tensor_type().shape().dim()) {
    if (!dim.has_dim_value() || dim.dim_value() < 0)
      return std::nullopt;
    shape.push_back(dim.dim_value());
  }
  return std::make_pair(type->tensor_type().elem_type(), shape);
}

} // namespace

unsigned foldShapeSubgraphs(LoadedModel &model) {
  onnx::GraphProto &graph = *model.proto.mutable_graph();
  std::unordered_map<std::string, HostTensor> known;
  for (const onnx::TensorProto &t : graph.initializer())
    if (auto value = fromProto(t, model))
      known.emplace(t.name(), std::move(*value));

  auto lookup = [&](const std::string &name) -> std::optional<HostTensor> {
    auto it = known.find(name);
    if (it != known.end())
      return it->second;
    // ONNX's own data propagation (Shape -> Gather -> Concat ...).
    auto prop = model.propagatedValues.find(name);
    if (prop == model.propagatedValues.end())
      return std::nullopt;
    auto type = staticIntType(model, name);
    if (!type || !isIntegerDtype(type->first) || bitWidth(type->first) < 8)
      return std::nullopt;
    HostTensor t{type->first, type->second, {}};
    if (elementCount(t.shape) != prop->second.dim_size())
      return std::nullopt;
    for (const auto &dim : prop->second.dim()) {
      if (!dim.has_dim_value())
        return std::nullopt;
      t.values.push_back(wrap(dim.dim_value(), t.dtype));
    }
    return t;
  };

  unsigned folded = 0;
  for (onnx::NodeProto &node : *graph.mutable_node()) {
    if (!isDefaultDomain(node.domain()) || node.output_size() != 1 ||
        node.output(0).empty())
      continue;
    std::string out = node.output(0);
    StringRef op = node.op_type();
    if (op == "Constant") {
      for (const onnx::AttributeProto &attr : node.attribute()) {
        std::optional<HostTensor> value;
        if (attr.name() == "value" && attr.has_t())
          value = fromProto(attr.t(), model);
        else if (attr.name() == "value_int")
          value = HostTensor{onnx::TensorProto::INT64, {}, {attr.i()}};
        else if (attr.name() == "value_ints" &&
                 attr.ints_size() <= kMaxFoldElements)
          value = HostTensor{onnx::TensorProto::INT64,
                             {static_cast<int64_t>(attr.ints_size())},
                             SmallVector<int64_t>(attr.ints().begin(),
                                                  attr.ints().end())};
        if (value)
          known.emplace(out, std::move(*value));
      }
      continue;
    }

    std::optional<HostTensor> result;
    if (op == "Shape" || op == "Size") {
      // Only the input's static shape matters; Shape's start/end (opset
      // 15) are left to the importer.
      if (node.input_size() < 1 || (op == "Shape" && node.attribute_size()))
        continue;
      const onnx::TypeProto *type = model.typeOf(node.input(0));
      if (!type || !type->has_tensor_type() ||
          !type->tensor_type().has_shape())
        continue;
      SmallVector<int64_t> dims;
      bool isStatic = true;
      for (const auto &dim : type->tensor_type().shape().dim()) {
        isStatic &= dim.has_dim_value() && dim.dim_value() >= 0;
        dims.push_back(dim.dim_value());
      }
      if (!isStatic)
        continue;
      if (op == "Shape")
        result = HostTensor{onnx::TensorProto::INT64,
                            {static_cast<int64_t>(dims.size())},
                            dims};
      else if (smallShape(dims))
        result = HostTensor{onnx::TensorProto::INT64, {}, {elementCount(dims)}};
    } else if (isFoldableOp(op)) {
      SmallVector<std::optional<HostTensor>> inputs;
      bool allKnown = true;
      for (const std::string &in : node.input()) {
        if (in.empty()) {
          inputs.push_back(std::nullopt);
          continue;
        }
        inputs.push_back(lookup(in));
        allKnown &= inputs.back().has_value();
      }
      if (!allKnown)
        continue;
      auto outputs =
          foldIntegerNode(node, model.opsetFor(node.domain()), inputs);
      if (outputs && outputs->size() == 1)
        result = std::move((*outputs)[0]);
    }
    if (!result)
      continue;
    // Trust ONNX's static inference over our evaluation when they differ:
    // such a node is left alone and reported by the importer if needed.
    auto inferred = staticIntType(model, out);
    if (inferred &&
        (inferred->first != result->dtype || inferred->second != result->shape))
      continue;
    std::string name = node.name();
    node.Clear();
    node.set_name(name);
    node.set_op_type("Constant");
    node.add_output(out);
    onnx::AttributeProto *attr = node.add_attribute();
    attr->set_name("value");
    attr->set_type(onnx::AttributeProto::TENSOR);
    *attr->mutable_t() = toProto(*result, out);
    known[out] = std::move(*result);
    ++folded;
  }
  return folded;
}

} // namespace kiln::importer
