//===- NodeBinder.cpp - What an op handler sees of one ONNX node ----------===//

#include "NodeBinder.h"
#include "GraphImporter.h"
#include "TensorImport.h"

#include "kiln/Support/ModelSignature.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace kiln::importer {

std::string typeString(Type type) {
  std::string s;
  llvm::raw_string_ostream os(s);
  if (type)
    type.print(os);
  else
    os << "<unknown>";
  return s;
}

NodeBinder::NodeBinder(GraphImporter &importer, const onnx::NodeProto &node,
                       int64_t opset, OpBuilder &builder, Location loc)
    : importer(importer), nodeProto(node), opsetVersion(opset),
      opBuilder(builder), location(loc),
      resultsSet(static_cast<size_t>(node.output_size()), false) {}

LogicalResult NodeBinder::fail(const llvm::Twine &reason) {
  // One reason per node: the first is the cause, later ones are fallout.
  if (failure.empty())
    failure = reason.str();
  return mlir::failure();
}

//===----------------------------------------------------------------------===//
// Attributes
//===----------------------------------------------------------------------===//

const onnx::AttributeProto *NodeBinder::findAttr(StringRef name) const {
  for (const onnx::AttributeProto &attr : nodeProto.attribute())
    if (attr.name() == name)
      return &attr;
  return nullptr;
}

/// Whether `attr` holds a value of `type`; attributes written before the
/// `type` field existed are recognized by the field that is set.
static bool holds(const onnx::AttributeProto &attr,
                  onnx::AttributeProto::AttributeType type) {
  using AP = onnx::AttributeProto;
  if (attr.type() != AP::UNDEFINED)
    return attr.type() == type;
  switch (type) {
  case AP::INT: return attr.has_i();
  case AP::FLOAT: return attr.has_f();
  case AP::STRING: return attr.has_s();
  case AP::TENSOR: return attr.has_t();
  case AP::INTS: return attr.ints_size() > 0;
  default: return false;
  }
}

const onnx::AttributeProto *
NodeBinder::typedAttr(StringRef name, onnx::AttributeProto::AttributeType type,
                      bool &wrongType) {
  wrongType = false;
  const onnx::AttributeProto *attr = findAttr(name);
  if (attr && !holds(*attr, type)) {
    wrongType = true;
    const char *expected = "";
    switch (type) {
    case onnx::AttributeProto::INT: expected = "an int"; break;
    case onnx::AttributeProto::FLOAT: expected = "a float"; break;
    case onnx::AttributeProto::STRING: expected = "a string"; break;
    case onnx::AttributeProto::TENSOR: expected = "a tensor"; break;
    case onnx::AttributeProto::INTS: expected = "a list of ints"; break;
    default: expected = "of another type"; break;
    }
    (void)fail("attribute '" + name + "' must be " + expected);
    return nullptr;
  }
  return attr;
}

FailureOr<int64_t> NodeBinder::intAttr(StringRef name, int64_t defaultValue) {
  bool wrong;
  const onnx::AttributeProto *attr =
      typedAttr(name, onnx::AttributeProto::INT, wrong);
  if (wrong)
    return mlir::failure();
  return attr ? attr->i() : defaultValue;
}

FailureOr<int64_t> NodeBinder::requiredIntAttr(StringRef name) {
  if (!findAttr(name))
    return fail("missing attribute '" + name + "'");
  return intAttr(name, 0);
}

FailureOr<float> NodeBinder::floatAttr(StringRef name, float defaultValue) {
  bool wrong;
  const onnx::AttributeProto *attr =
      typedAttr(name, onnx::AttributeProto::FLOAT, wrong);
  if (wrong)
    return mlir::failure();
  return attr ? attr->f() : defaultValue;
}

FailureOr<std::string> NodeBinder::stringAttr(StringRef name,
                                              StringRef defaultValue) {
  bool wrong;
  const onnx::AttributeProto *attr =
      typedAttr(name, onnx::AttributeProto::STRING, wrong);
  if (wrong)
    return mlir::failure();
  return attr ? attr->s() : defaultValue.str();
}

FailureOr<std::optional<SmallVector<int64_t>>>
NodeBinder::intsAttr(StringRef name) {
  bool wrong;
  const onnx::AttributeProto *attr =
      typedAttr(name, onnx::AttributeProto::INTS, wrong);
  if (wrong)
    return mlir::failure();
  if (!attr)
    return std::optional<SmallVector<int64_t>>();
  return std::optional<SmallVector<int64_t>>(
      SmallVector<int64_t>(attr->ints().begin(), attr->ints().end()));
}

FailureOr<const onnx::TensorProto *> NodeBinder::tensorAttr(StringRef name) {
  bool wrong;
  const onnx::AttributeProto *attr =
      typedAttr(name, onnx::AttributeProto::TENSOR, wrong);
  if (wrong)
    return mlir::failure();
  return attr ? &attr->t() : nullptr;
}

FailureOr<ElementsAttr> NodeBinder::tensorValue(const onnx::TensorProto &tensor,
                                                StringRef what) {
  std::string hint = hasOutput(0) ? nodeProto.output(0) : std::string();
  auto value = importer.importAttributeTensor(tensor, hint);
  if (!value)
    return fail("attribute '" + what + "': " + toString(value.takeError()));
  return *value;
}

//===----------------------------------------------------------------------===//
// Inputs
//===----------------------------------------------------------------------===//

bool NodeBinder::hasInput(unsigned i) const {
  return i < static_cast<unsigned>(nodeProto.input_size()) &&
         !nodeProto.input(i).empty();
}

FailureOr<Value> NodeBinder::input(unsigned i) {
  if (!hasInput(i))
    return fail(llvm::formatv("missing input #{0}", i));
  auto value = importer.valueOf(nodeProto.input(i), opBuilder);
  if (!value)
    return fail(toString(value.takeError()));
  return *value;
}

FailureOr<Value> NodeBinder::optionalInput(unsigned i) {
  if (!hasInput(i))
    return Value();
  return input(i);
}

FailureOr<SmallVector<Value>> NodeBinder::inputs() {
  SmallVector<Value> values;
  for (unsigned i = 0, e = numInputs(); i < e; ++i) {
    if (!hasInput(i))
      continue;
    auto value = input(i);
    if (failed(value))
      return mlir::failure();
    values.push_back(*value);
  }
  return values;
}

FailureOr<RankedTensorType> NodeBinder::inputType(unsigned i) {
  if (!hasInput(i))
    return fail(llvm::formatv("missing input #{0}", i));
  RankedTensorType type = importer.typeOfValue(nodeProto.input(i));
  if (!type)
    return fail("input '" + nodeProto.input(i) + "' has no static type");
  return type;
}

ElementsAttr NodeBinder::constantInput(unsigned i) {
  if (!hasInput(i))
    return {};
  auto value = importer.constantOf(nodeProto.input(i));
  if (!value) {
    (void)fail(toString(value.takeError()));
    return {};
  }
  if (*value)
    return *value;
  // A run-time value without elements (an empty axes list, say) has only
  // one possible value, so it is as good as a constant.
  RankedTensorType type = importer.typeOfValue(nodeProto.input(i));
  if (type && type.hasStaticShape() && type.getNumElements() == 0)
    return DenseElementsAttr::get(type, ArrayRef<Attribute>());
  return {};
}

FailureOr<SmallVector<int64_t>> NodeBinder::constantInts(unsigned i,
                                                         StringRef what) {
  if (!hasInput(i))
    return fail("missing input '" + what + "'");
  ElementsAttr attr = constantInput(i);
  if (!attr)
    return fail("input '" + what + "' ('" + nodeProto.input(i) +
                "') must be a constant known at import time");
  auto values = readIntElements(attr);
  if (!values)
    return fail("input '" + what + "' must hold integers");
  return *values;
}

FailureOr<std::optional<SmallVector<int64_t>>>
NodeBinder::optionalConstantInts(unsigned i, StringRef what) {
  if (!hasInput(i))
    return std::optional<SmallVector<int64_t>>();
  auto values = constantInts(i, what);
  if (failed(values))
    return mlir::failure();
  return std::optional<SmallVector<int64_t>>(std::move(*values));
}

FailureOr<std::optional<double>>
NodeBinder::optionalConstantScalar(unsigned i, StringRef what) {
  if (!hasInput(i))
    return std::optional<double>();
  ElementsAttr attr = constantInput(i);
  if (!attr)
    return fail("input '" + what + "' ('" + nodeProto.input(i) +
                "') must be a constant known at import time");
  auto values = readFloatElements(attr);
  if (!values || values->size() != 1)
    return fail("input '" + what + "' must hold exactly one number");
  return std::optional<double>((*values)[0]);
}

const onnx::GraphProto *NodeBinder::graphAttr(StringRef name) {
  const onnx::AttributeProto *attr = findAttr(name);
  if (!attr || !attr->has_g()) {
    (void)fail("missing graph attribute '" + name + "'");
    return nullptr;
  }
  return &attr->g();
}

FailureOr<SmallVector<Value>> NodeBinder::importSubgraph(StringRef name,
                                                         ValueRange inputs,
                                                         bool inferAlone) {
  const onnx::GraphProto *graph = graphAttr(name);
  if (!graph)
    return mlir::failure();
  auto values =
      importer.importSubgraph(*graph, inputs, inferAlone, opBuilder);
  if (!values)
    return fail("attribute '" + name + "': " + toString(values.takeError()));
  return *values;
}

//===----------------------------------------------------------------------===//
// Outputs
//===----------------------------------------------------------------------===//

bool NodeBinder::hasOutput(unsigned i) const {
  return i < static_cast<unsigned>(nodeProto.output_size()) &&
         !nodeProto.output(i).empty();
}

bool NodeBinder::outputUsed(unsigned i) const {
  return hasOutput(i) && importer.isUsed(nodeProto.output(i));
}

LogicalResult NodeBinder::requireUnusedOutputs(unsigned first,
                                               StringRef what) {
  for (unsigned i = first, e = numOutputs(); i < e; ++i)
    if (outputUsed(i))
      return fail(llvm::formatv("output #{0} ('{1}') is used, but {2}", i,
                                nodeProto.output(i), what));
  return success();
}

RankedTensorType NodeBinder::inferredType(unsigned i) const {
  if (!hasOutput(i))
    return {};
  auto type = importer.inferredType(nodeProto.output(i));
  if (!type) {
    llvm::consumeError(type.takeError());
    return {};
  }
  return *type;
}

FailureOr<RankedTensorType> NodeBinder::resultType(unsigned i) {
  if (!hasOutput(i))
    return fail(llvm::formatv("missing output #{0}", i));
  auto type = importer.inferredType(nodeProto.output(i));
  if (!type)
    return fail("output '" + nodeProto.output(i) + "' " +
                toString(type.takeError()));
  return *type;
}

void NodeBinder::setResult(unsigned i, Value value) {
  if (!hasOutput(i))
    return;
  importer.define(nodeProto.output(i), value);
  resultsSet[i] = true;
}

void NodeBinder::setConstantResult(unsigned i, ElementsAttr value) {
  if (!hasOutput(i))
    return;
  importer.defineConstant(nodeProto.output(i), value);
  resultsSet[i] = true;
}

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

FailureOr<int64_t> NodeBinder::normalizeAxis(int64_t axis, int64_t rank,
                                             StringRef what) {
  if (axis < -rank || axis >= rank)
    return fail(llvm::formatv("{0} {1} is out of range for rank {2}", what,
                              axis, rank));
  return axis < 0 ? axis + rank : axis;
}

LogicalResult NodeBinder::requireFloat(RankedTensorType type, StringRef what) {
  if (isa<FloatType>(type.getElementType()))
    return success();
  return fail(what + " has dtype " +
              dtypeName(static_cast<int32_t>(dtypeOf(type.getElementType()))) +
              "; only floating-point types are supported");
}

FailureOr<RankedTensorType> NodeBinder::channelsFirstInput(Value x) {
  auto type = cast<RankedTensorType>(x.getType());
  if (type.getRank() < 3)
    return fail(llvm::formatv("input has rank {0}; expected N x C x "
                              "spatial dims",
                              type.getRank()));
  return type;
}

} // namespace kiln::importer
