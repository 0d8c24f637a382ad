//===- CustomOps.cpp - Custom-op descriptions and their import ------------===//
//
// Description files are user input: every field is checked and unknown keys
// are errors (a misspelt "like_input" must not silently give a wrong shape).
// At import, a described node becomes graph.custom_call with the output
// types ONNX's shape inference computed from the description's rules.
//
//===----------------------------------------------------------------------===//

#include "CustomOpSupport.h"
#include "GraphImporter.h"
#include "ModelLoader.h"
#include "NodeBinder.h"

#include "dialects/Graph/IR/GraphOps.h"

#include "onnx/defs/shape_inference.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace mlir;

namespace kiln::importer {

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

std::optional<int32_t> parseDTypeName(llvm::StringRef name) {
  using TP = onnx::TensorProto;
  int32_t type = llvm::StringSwitch<int32_t>(name)
                     .Cases({"float32", "float"}, TP::FLOAT)
                     .Case("float16", TP::FLOAT16)
                     .Case("bfloat16", TP::BFLOAT16)
                     .Cases({"float64", "double"}, TP::DOUBLE)
                     .Case("int8", TP::INT8)
                     .Case("int16", TP::INT16)
                     .Case("int32", TP::INT32)
                     .Case("int64", TP::INT64)
                     .Case("uint8", TP::UINT8)
                     .Case("uint16", TP::UINT16)
                     .Case("uint32", TP::UINT32)
                     .Case("uint64", TP::UINT64)
                     .Case("bool", TP::BOOL)
                     .Default(TP::UNDEFINED);
  if (type == TP::UNDEFINED)
    return std::nullopt;
  return type;
}

//===----------------------------------------------------------------------===//
// Description files
//===----------------------------------------------------------------------===//

namespace {
/// Reads one JSON object, remembering which keys were used so that the rest
/// can be reported as unknown.
class ObjectReader {
public:
  ObjectReader(const llvm::json::Object &object, std::string where)
      : object(object), where(std::move(where)) {}

  llvm::Error fail(const llvm::Twine &message) const {
    return makeError(where + ": " + message);
  }

  llvm::Expected<std::optional<std::string>> string(llvm::StringRef key) {
    used.push_back(key);
    const llvm::json::Value *value = object.get(key);
    if (!value)
      return std::nullopt;
    auto text = value->getAsString();
    if (!text)
      return fail("'" + key + "' must be a string");
    return text->str();
  }

  llvm::Expected<std::string> requiredString(llvm::StringRef key) {
    auto value = string(key);
    if (!value)
      return value.takeError();
    if (!*value || (*value)->empty())
      return fail("'" + key + "' is required (a non-empty string)");
    return **value;
  }

  llvm::Expected<std::optional<int64_t>> integer(llvm::StringRef key,
                                                 int64_t min, int64_t max) {
    used.push_back(key);
    const llvm::json::Value *value = object.get(key);
    if (!value)
      return std::nullopt;
    auto number = value->getAsInteger();
    if (!number || *number < min || *number > max)
      return fail(llvm::formatv("'{0}' must be an integer from {1} to {2}",
                                key, min, max));
    return *number;
  }

  const llvm::json::Value *raw(llvm::StringRef key) {
    used.push_back(key);
    return object.get(key);
  }

  llvm::Error checkUnknownKeys() const {
    for (const auto &entry : object) {
      llvm::StringRef key = entry.first;
      if (!llvm::is_contained(used, key))
        return fail("unknown key '" + key + "' (expected " +
                    llvm::join(used, ", ") + ")");
    }
    return llvm::Error::success();
  }

private:
  const llvm::json::Object &object;
  std::string where;
  llvm::SmallVector<llvm::StringRef> used;
};
} // namespace

/// True for [A-Za-z_][A-Za-z0-9_]*.
static bool isCIdentifier(llvm::StringRef name) {
  if (name.empty() || llvm::isDigit(name.front()))
    return false;
  return llvm::all_of(name,
                      [](char c) { return llvm::isAlnum(c) || c == '_'; });
}

/// Reads one element of "outputs".
static llvm::Expected<CustomOutputRule>
parseOutputRule(const llvm::json::Value &value, const std::string &where) {
  const llvm::json::Object *object = value.getAsObject();
  if (!object)
    return makeError(where + ": must be an object such as {\"like_input\": 0} "
                             "or {\"dtype\": \"float32\", \"shape\": [1, 4]}");
  ObjectReader reader(*object, where);
  CustomOutputRule rule;
  auto like = reader.integer("like_input", 0, 1 << 16);
  if (!like)
    return like.takeError();
  if (*like)
    rule.likeInput = static_cast<unsigned>(**like);
  auto dtype = reader.string("dtype");
  if (!dtype)
    return dtype.takeError();
  if (*dtype) {
    rule.dtype = parseDTypeName(**dtype);
    if (!rule.dtype)
      return reader.fail("unknown dtype '" + **dtype +
                         "' (expected float32, float16, bfloat16, float64, "
                         "int8..int64, uint8..uint64 or bool)");
  }
  if (const llvm::json::Value *shape = reader.raw("shape")) {
    const llvm::json::Array *dims = shape->getAsArray();
    if (!dims)
      return reader.fail("'shape' must be a list of dims, e.g. [1, 4]");
    rule.shape.emplace();
    for (const llvm::json::Value &dim : *dims) {
      auto size = dim.getAsInteger();
      if (!size || *size < 0 || *size > (int64_t(1) << 40))
        return reader.fail("'shape' dims must be integers from 0 to 2^40");
      rule.shape->push_back(*size);
    }
  }
  if (llvm::Error err = reader.checkUnknownKeys())
    return std::move(err);
  if (!rule.likeInput && !(rule.dtype && rule.shape))
    return reader.fail("give 'like_input', or both 'dtype' and 'shape'");
  return rule;
}

static bool isONNXDomain(llvm::StringRef domain) {
  return isDefaultDomain(domain) || domain == "ai.onnx.ml" ||
         domain == "ai.onnx.training" ||
         domain == "ai.onnx.preview.training";
}

llvm::Error CustomOpTable::addFromJSON(llvm::StringRef text,
                                       llvm::StringRef source) {
  auto root = llvm::json::parse(text);
  if (!root)
    return makeError(source + ": invalid JSON: " +
                     llvm::toString(root.takeError()));
  const llvm::json::Object *object = root->getAsObject();
  const llvm::json::Array *ops =
      object ? object->getArray("custom_ops") : nullptr;
  if (!ops || object->size() != 1)
    return makeError(source + ": expected an object with one key, "
                              "\"custom_ops\", holding a list of ops");
  std::vector<CustomOpDescription> added;
  for (auto [index, value] : llvm::enumerate(*ops)) {
    std::string where = llvm::formatv("{0}: custom op #{1}", source, index);
    const llvm::json::Object *entry = value.getAsObject();
    if (!entry)
      return makeError(where + ": must be an object");
    CustomOpDescription op;
    op.source = source.str();
    {
      // The names first, so that every later error says which op it is.
      ObjectReader names(*entry, where);
      auto domain = names.requiredString("domain");
      if (!domain)
        return domain.takeError();
      auto opType = names.requiredString("op_type");
      if (!opType)
        return opType.takeError();
      auto function = names.requiredString("function");
      if (!function)
        return function.takeError();
      op.domain = *domain;
      op.opType = *opType;
      op.function = *function;
    }
    where += " (" + op.domain + "::" + op.opType + ")";
    ObjectReader reader(*entry, where);
    (void)reader.raw("domain");
    (void)reader.raw("op_type");
    (void)reader.raw("function");
    if (isONNXDomain(op.domain))
      return reader.fail("domain '" + op.domain +
                         "' is ONNX's own; custom ops need a domain of "
                         "their own, such as com.example");
    if (!isCIdentifier(op.function))
      return reader.fail("'function' must be a C identifier, got '" +
                         op.function + "'");
    auto numInputs = reader.integer("inputs", 0, 1 << 16);
    if (!numInputs)
      return numInputs.takeError();
    if (*numInputs)
      op.numInputs = static_cast<unsigned>(**numInputs);
    const llvm::json::Value *outputs = reader.raw("outputs");
    const llvm::json::Array *rules = outputs ? outputs->getAsArray() : nullptr;
    if (!rules || rules->empty())
      return reader.fail("'outputs' is required: a non-empty list with one "
                         "rule per output");
    for (auto [i, rule] : llvm::enumerate(*rules)) {
      auto parsed = parseOutputRule(rule, where + ", output #" +
                                              std::to_string(i));
      if (!parsed)
        return parsed.takeError();
      if (op.numInputs && parsed->likeInput &&
          *parsed->likeInput >= *op.numInputs)
        return reader.fail(llvm::formatv(
            "output #{0} copies input {1}, but the op has {2} inputs", i,
            *parsed->likeInput, *op.numInputs));
      op.outputs.push_back(std::move(*parsed));
    }
    if (llvm::Error err = reader.checkUnknownKeys())
      return err;
    auto sameOp = [&](const CustomOpDescription &other) {
      return other.domain == op.domain && other.opType == op.opType;
    };
    if (const CustomOpDescription *previous = lookup(op.domain, op.opType))
      return reader.fail("already described in " + previous->source);
    if (llvm::any_of(added, sameOp))
      return reader.fail("described twice");
    added.push_back(std::move(op));
  }
  for (CustomOpDescription &op : added)
    entries.push_back(std::move(op));
  return llvm::Error::success();
}

llvm::Error CustomOpTable::addFromFile(llvm::StringRef path) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
  if (!buffer)
    return makeError("cannot read custom-op description '" + path +
                     "': " + buffer.getError().message());
  return addFromJSON((*buffer)->getBuffer(), path);
}

llvm::Error CustomOpTable::addFromFiles(llvm::ArrayRef<std::string> paths) {
  for (const std::string &path : paths)
    if (llvm::Error err = addFromFile(path))
      return err;
  return llvm::Error::success();
}

const CustomOpDescription *
CustomOpTable::lookup(llvm::StringRef domain, llvm::StringRef opType) const {
  for (const CustomOpDescription &op : entries)
    if (op.domain == domain && op.opType == opType)
      return &op;
  return nullptr;
}

//===----------------------------------------------------------------------===//
// Shape inference
//===----------------------------------------------------------------------===//

namespace {
class CustomOpSchemaRegistry : public onnx::ISchemaRegistry {
public:
  explicit CustomOpSchemaRegistry(const CustomOpTable &table) {
    for (const CustomOpDescription &op : table.ops())
      schemas.push_back(makeSchema(op));
  }

  const onnx::OpSchema *GetSchema(const std::string &key,
                                  const int maxInclusiveVersion,
                                  const std::string &domain) const override {
    for (const auto &schema : schemas)
      if (schema->Name() == key && schema->domain() == domain)
        return schema.get();
    return onnx::OpSchemaRegistry::Instance()->GetSchema(
        key, maxInclusiveVersion, domain);
  }

private:
  static std::unique_ptr<onnx::OpSchema>
  makeSchema(const CustomOpDescription &op) {
    auto schema = std::make_unique<onnx::OpSchema>(op.opType, op.source, 0);
    std::vector<CustomOutputRule> rules = op.outputs;
    schema->SetDomain(op.domain)
        .SinceVersion(1)
        .AllowUncheckedAttributes()
        .Input(0, "inputs", "", "T", onnx::OpSchema::Variadic,
               /*is_homogeneous=*/false, /*min_arity=*/0)
        .Output(0, "outputs", "", "T", onnx::OpSchema::Variadic,
                /*is_homogeneous=*/false, /*min_arity=*/1)
        .TypeConstraint("T", onnx::OpSchema::all_tensor_types(),
                        "any tensor type")
        .TypeAndShapeInferenceFunction(
            [rules](onnx::InferenceContext &ctx) { inferOutputs(ctx, rules); });
    schema->Finalize();
    return schema;
  }

  /// Types the outputs that the rules (and the known input types) determine;
  /// the importer reports any output left without a static type.
  static void inferOutputs(onnx::InferenceContext &ctx,
                           const std::vector<CustomOutputRule> &rules) {
    size_t count = std::min<size_t>(ctx.getNumOutputs(), rules.size());
    for (size_t i = 0; i < count; ++i) {
      const CustomOutputRule &rule = rules[i];
      if (rule.likeInput) {
        size_t in = *rule.likeInput;
        if (in >= ctx.getNumInputs() || !ctx.getInputType(in) ||
            !ctx.getInputType(in)->has_tensor_type())
          continue;
        onnx::propagateElemTypeFromInputToOutput(ctx, in, i);
        if (!rule.shape && onnx::hasInputShape(ctx, in))
          onnx::propagateShapeFromInputToOutput(ctx, in, i);
      }
      if (rule.dtype)
        onnx::updateOutputElemType(ctx, i, *rule.dtype);
      if (rule.shape) {
        onnx::TensorShapeProto *shape = onnx::getOutputShape(ctx, i);
        shape->clear_dim();
        for (int64_t dim : *rule.shape)
          shape->add_dim()->set_dim_value(dim);
      }
    }
  }

  std::vector<std::unique_ptr<onnx::OpSchema>> schemas;
};
} // namespace

std::unique_ptr<onnx::ISchemaRegistry>
makeCustomOpSchemaRegistry(const CustomOpTable &table) {
  return std::make_unique<CustomOpSchemaRegistry>(table);
}

//===----------------------------------------------------------------------===//
// Import
//===----------------------------------------------------------------------===//

/// The node's attributes as graph.custom_call's `op_attrs`.
static FailureOr<DictionaryAttr> importAttributes(NodeBinder &b) {
  using AP = onnx::AttributeProto;
  Builder builder(b.context());
  SmallVector<NamedAttribute> attrs;
  for (const AP &attr : b.node().attribute()) {
    Attribute value;
    switch (attr.type()) {
    case AP::INT: value = builder.getI64IntegerAttr(attr.i()); break;
    case AP::FLOAT: value = builder.getF32FloatAttr(attr.f()); break;
    case AP::STRING: value = builder.getStringAttr(attr.s()); break;
    case AP::INTS:
      value = builder.getDenseI64ArrayAttr(
          SmallVector<int64_t>(attr.ints().begin(), attr.ints().end()));
      break;
    case AP::FLOATS:
      value = builder.getDenseF32ArrayAttr(
          SmallVector<float>(attr.floats().begin(), attr.floats().end()));
      break;
    default:
      return b.fail("attribute '" + attr.name() + "' of type " +
                    AP::AttributeType_Name(attr.type()) +
                    " cannot be passed to a custom op (int, float, string, "
                    "ints and floats can)");
    }
    if (attr.name().empty())
      return b.fail("an attribute has no name");
    attrs.push_back(builder.getNamedAttr(attr.name(), value));
  }
  return builder.getDictionaryAttr(attrs);
}

LogicalResult importCustomCall(NodeBinder &b) {
  const CustomOpTable *table = b.graphImporter().customOps();
  const CustomOpDescription *op =
      table ? table->lookup(b.node().domain(), b.opType()) : nullptr;
  if (!op)
    return b.fail("no custom-op description");
  if (op->numInputs && b.numInputs() != *op->numInputs)
    return b.fail(llvm::formatv("has {0} inputs, but its description in {1} "
                                "says {2}",
                                b.numInputs(), op->source, *op->numInputs));
  if (b.numOutputs() != op->outputs.size())
    return b.fail(llvm::formatv("has {0} outputs, but its description in {1} "
                                "gives rules for {2}",
                                b.numOutputs(), op->source,
                                op->outputs.size()));
  SmallVector<Value> inputs;
  for (unsigned i = 0; i < b.numInputs(); ++i) {
    if (!b.hasInput(i))
      return b.fail(llvm::formatv("input #{0} is left out; a custom op's "
                                  "inputs must all be given",
                                  i));
    auto input = b.input(i);
    if (failed(input))
      return failure();
    inputs.push_back(*input);
  }
  SmallVector<Type> resultTypes;
  for (unsigned i = 0; i < b.numOutputs(); ++i) {
    if (!b.hasOutput(i))
      return b.fail(llvm::formatv("output #{0} has no name", i));
    auto type = b.resultType(i);
    if (failed(type))
      return failure();
    resultTypes.push_back(*type);
  }
  auto attrs = importAttributes(b);
  if (failed(attrs))
    return failure();
  MLIRContext *ctx = b.context();
  auto call = graph::CustomCallOp::create(
      b.builder(), b.loc(), resultTypes, inputs, ValueRange(),
      FlatSymbolRefAttr::get(ctx, op->function),
      StringAttr::get(ctx, op->domain), StringAttr::get(ctx, op->opType),
      attrs->empty() ? DictionaryAttr() : *attrs);
  for (unsigned i = 0; i < b.numOutputs(); ++i)
    b.setResult(i, call.getResult(i));
  return success();
}

} // namespace kiln::importer
