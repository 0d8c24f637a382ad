//===- ModelLoader.cpp - Read, check and shape-infer an ONNX model --------===//
//
// The model file is untrusted: every ONNX/protobuf call that can throw is
// wrapped, and external data is only read from regular files inside the
// model's directory, reached without symbolic links, within the file's size.
//
//===----------------------------------------------------------------------===//

#include "ModelLoader.h"
#include "ConstantFolding.h"
#include "CustomOpSupport.h"
#include "TensorImport.h"

#include "onnx/checker.h"
#include "onnx/defs/parser.h"
#include "onnx/shape_inference/implementation.h"
#include "onnx/version_converter/convert.h"

#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"

#include <climits>

using namespace llvm;

namespace kiln::importer {

static Error makeError(const Twine &message) {
  return createStringError(inconvertibleErrorCode(), message);
}

/// ONNX's messages span several lines; diagnostics read better as one.
static std::string oneLine(StringRef message) {
  SmallVector<StringRef> lines;
  message.split(lines, '\n', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  std::string result;
  for (StringRef line : lines) {
    line = line.trim();
    if (line.empty())
      continue;
    if (!result.empty())
      result += ' ';
    result += line.str();
  }
  return result;
}

StringRef displayDomain(StringRef domain) {
  return domain.empty() ? StringRef("ai.onnx") : domain;
}

bool isDefaultDomain(StringRef domain) {
  return domain.empty() || domain == "ai.onnx";
}

int64_t LoadedModel::opsetFor(StringRef domain) const {
  auto it = opsets.find(isDefaultDomain(domain) ? "" : domain.str());
  return it == opsets.end() ? 0 : it->second;
}

const onnx::TypeProto *LoadedModel::typeOf(const std::string &name) const {
  auto it = valueTypes.find(name);
  return it == valueTypes.end() ? nullptr : it->second;
}

//===----------------------------------------------------------------------===//
// Parsing
//===----------------------------------------------------------------------===//

/// True when the first bytes hold no control characters other than
/// whitespace: such a file is worth trying as ONNX text.
static bool looksLikeText(StringRef bytes) {
  for (unsigned char c : bytes.take_front(4096))
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' &&
        c != '\v')
      return false;
  return true;
}

static Error parseText(StringRef text, onnx::ModelProto &proto) {
  // The parser stops at the first NUL, which would silently drop the rest.
  if (text.contains('\0'))
    return makeError("invalid ONNX text: the file contains a NUL byte");
  std::string owned = text.str();
  try {
    onnx::OnnxParser parser(owned.c_str());
    auto status = parser.Parse(proto);
    if (!status.IsOK())
      return makeError("invalid ONNX text: " + oneLine(status.ErrorMessage()));
    if (!parser.EndOfInput())
      return makeError("invalid ONNX text: unexpected text after the graph");
  } catch (const std::exception &e) {
    return makeError("invalid ONNX text: " + oneLine(e.what()));
  }
  if (!proto.has_graph())
    return makeError("invalid ONNX text: no graph");
  return Error::success();
}

/// Parses a binary model straight from the file: a mapped copy of a large
/// model would double the peak memory while protobuf builds its own.
static bool parseBinaryFile(StringRef path, onnx::ModelProto &proto) {
  int fd;
  if (sys::fs::openFileForRead(path, fd))
    return false;
  bool ok = false;
  {
    google::protobuf::io::FileInputStream stream(fd);
    google::protobuf::io::CodedInputStream coded(&stream);
    // Protobuf's historical 64 MB default rejects real models; a message can
    // never exceed 2 GB, larger models must use external data.
    coded.SetTotalBytesLimit(INT_MAX);
    try {
      ok = proto.ParseFromCodedStream(&coded) &&
           coded.ConsumedEntireMessage() && proto.has_graph();
    } catch (const std::exception &) {
      ok = false;
    }
  }
  sys::Process::SafelyCloseFileDescriptor(fd);
  return ok;
}

Error parseModelFile(StringRef path, onnx::ModelProto &proto) {
  uint64_t size;
  if (std::error_code ec = sys::fs::file_size(path, size))
    return makeError("cannot read: " + ec.message());
  if (!path.ends_with(".onnxtxt")) {
    if (size > static_cast<uint64_t>(INT_MAX))
      return makeError(formatv("the file is {0} bytes; a protobuf model is "
                               "at most 2 GiB, larger weights must be stored "
                               "as external data",
                               size));
    if (parseBinaryFile(path, proto))
      return Error::success();
    proto.Clear();
  }
  auto buffer = MemoryBuffer::getFile(path, /*IsText=*/false,
                                      /*RequiresNullTerminator=*/true);
  if (!buffer)
    return makeError("cannot read: " + buffer.getError().message());
  StringRef bytes = (*buffer)->getBuffer();
  if (path.ends_with(".onnxtxt"))
    return parseText(bytes, proto);
  if (!looksLikeText(bytes))
    return makeError("not a valid ONNX model: the binary protobuf is "
                     "malformed or truncated");
  if (Error err = parseText(bytes, proto))
    return makeError("not a valid ONNX model (neither binary protobuf nor "
                     "ONNX text): " +
                     toString(std::move(err)));
  return Error::success();
}

//===----------------------------------------------------------------------===//
// External data
//===----------------------------------------------------------------------===//

namespace {
/// Resolves `data_location: EXTERNAL` tensors against the model directory.
class ExternalDataResolver {
public:
  explicit ExternalDataResolver(LoadedModel &model) : model(model) {}

  Error resolve(onnx::TensorProto &tensor);

  /// The checker resolves locations against the current directory when given
  /// a ModelProto; it is pointed at the validated absolute paths while it
  /// runs and the original locations are put back afterwards.
  void useResolvedLocations() {
    for (auto &[entry, original, resolved] : swaps)
      entry->set_value(resolved);
  }
  void restoreLocations() {
    for (auto &[entry, original, resolved] : swaps)
      entry->set_value(original);
  }

private:
  Expected<StringRef> mapFile(StringRef location, std::string &resolved);

  LoadedModel &model;
  StringMap<StringRef> files;
  std::vector<std::tuple<onnx::StringStringEntryProto *, std::string,
                         std::string>>
      swaps;
};
} // namespace

Expected<StringRef> ExternalDataResolver::mapFile(StringRef location,
                                                  std::string &resolved) {
  if (location.empty())
    return makeError("empty location");
  if (location.contains('\0'))
    return makeError("location contains a NUL byte");
  if (sys::path::is_absolute(location, sys::path::Style::posix) ||
      sys::path::is_absolute(location, sys::path::Style::windows) ||
      location.starts_with("\\"))
    return makeError("absolute location '" + location +
                     "' (external data must be inside the model's directory)");
  SmallVector<StringRef> components;
  // Both separators count so that a Windows-style "..\\x" cannot slip
  // through on a POSIX host either.
  SmallVector<StringRef> slashParts;
  location.split(slashParts, '/');
  for (StringRef part : slashParts) {
    SmallVector<StringRef> parts;
    part.split(parts, '\\');
    for (StringRef p : parts) {
      if (p == "..")
        return makeError("location '" + location +
                         "' has a '..' component (external data must be "
                         "inside the model's directory)");
      if (!p.empty() && p != ".")
        components.push_back(p);
    }
  }
  if (components.empty())
    return makeError("location '" + location + "' names no file");

  SmallString<256> path(model.directory);
  for (auto [i, component] : llvm::enumerate(components)) {
    sys::path::append(path, component);
    sys::fs::file_status status;
    if (std::error_code ec = sys::fs::status(path, status, /*Follow=*/false))
      return makeError("cannot access '" + path + "': " + ec.message());
    if (status.type() == sys::fs::file_type::symlink_file)
      return makeError("'" + path +
                       "' is a symbolic link (external data must be a "
                       "regular file inside the model's directory)");
    bool last = i + 1 == components.size();
    if (last && status.type() != sys::fs::file_type::regular_file)
      return makeError("'" + path + "' is not a regular file");
    if (!last && status.type() != sys::fs::file_type::directory_file)
      return makeError("'" + path + "' is not a directory");
  }
  SmallString<256> absolute(path);
  sys::fs::make_absolute(absolute);
  resolved = absolute.str().str();

  auto it = files.find(resolved);
  if (it != files.end())
    return it->second;
  auto buffer = MemoryBuffer::getFile(path, /*IsText=*/false,
                                      /*RequiresNullTerminator=*/false);
  if (!buffer)
    return makeError("cannot read '" + path +
                     "': " + buffer.getError().message());
  StringRef bytes = (*buffer)->getBuffer();
  model.mappedFiles.push_back(std::move(*buffer));
  files[resolved] = bytes;
  return bytes;
}

static Expected<uint64_t> parseExternalInteger(StringRef key,
                                               StringRef value) {
  uint64_t result;
  if (value.empty() || value.getAsInteger(10, result) ||
      result > static_cast<uint64_t>(INT64_MAX))
    return makeError("external data '" + key + "' is not a valid size: '" +
                     value + "'");
  return result;
}

Error ExternalDataResolver::resolve(onnx::TensorProto &tensor) {
  if (!tensor.has_data_location() ||
      tensor.data_location() != onnx::TensorProto::EXTERNAL)
    return Error::success();
  auto fail = [&](const Twine &message) {
    return makeError("tensor '" + tensor.name() + "': " + message);
  };
  if (model.directory.empty())
    return fail("external data needs the model as a file next to its data, "
                "not as bytes in memory");
  onnx::StringStringEntryProto *locationEntry = nullptr;
  std::optional<uint64_t> offset, length;
  for (onnx::StringStringEntryProto &entry : *tensor.mutable_external_data()) {
    if (entry.key() == "location") {
      locationEntry = &entry;
    } else if (entry.key() == "offset" || entry.key() == "length") {
      auto value = parseExternalInteger(entry.key(), entry.value());
      if (!value)
        return fail(toString(value.takeError()));
      (entry.key() == "offset" ? offset : length) = *value;
    }
  }
  if (!locationEntry)
    return fail("external data has no location");
  auto bytesPerElement = elementByteSize(tensor.data_type());
  if (!bytesPerElement)
    return fail("external data of type " + dtypeName(tensor.data_type()) +
                " is not supported");
  auto count = checkedElementCount(tensor.dims());
  if (!count)
    return fail(toString(count.takeError()));
  uint64_t expected;
  if (mulOverflows(*count, bytesPerElement, expected))
    return fail("tensor size overflows");

  std::string resolved;
  auto file = mapFile(locationEntry->value(), resolved);
  if (!file)
    return fail("external data: " + toString(file.takeError()));
  uint64_t begin = offset.value_or(0);
  if (begin > file->size())
    return fail(formatv("external data offset {0} is past the end of '{1}' "
                        "({2} bytes)",
                        begin, locationEntry->value(), file->size()));
  uint64_t available = file->size() - begin;
  if (length && *length != expected)
    return fail(formatv("external data length {0} does not match the "
                        "tensor's {1} bytes",
                        *length, expected));
  if (length ? *length > available : available != expected)
    return fail(formatv("external data in '{0}' at offset {1} has {2} bytes, "
                        "the tensor needs {3}",
                        locationEntry->value(), begin, available, expected));
  StringRef data = file->substr(begin, expected);

  if (expected <= kInlineExternalBytes) {
    tensor.set_raw_data(data.data(), data.size());
    tensor.clear_external_data();
    tensor.set_data_location(onnx::TensorProto::DEFAULT);
    return Error::success();
  }
  model.externalData[&tensor] = ArrayRef<char>(data.data(), data.size());
  swaps.emplace_back(locationEntry, locationEntry->value(), resolved);
  return Error::success();
}

/// Calls `fn` on every tensor of `graph`: initializers and tensor attributes,
/// subgraphs included.
static Error forEachTensor(onnx::GraphProto &graph,
                           function_ref<Error(onnx::TensorProto &)> fn) {
  for (onnx::TensorProto &t : *graph.mutable_initializer())
    if (Error err = fn(t))
      return err;
  for (onnx::NodeProto &node : *graph.mutable_node()) {
    for (onnx::AttributeProto &attr : *node.mutable_attribute()) {
      if (attr.has_t())
        if (Error err = fn(*attr.mutable_t()))
          return err;
      for (onnx::TensorProto &t : *attr.mutable_tensors())
        if (Error err = fn(t))
          return err;
      if (attr.has_g())
        if (Error err = forEachTensor(*attr.mutable_g(), fn))
          return err;
      for (onnx::GraphProto &g : *attr.mutable_graphs())
        if (Error err = forEachTensor(g, fn))
          return err;
    }
  }
  return Error::success();
}

//===----------------------------------------------------------------------===//
// Loading
//===----------------------------------------------------------------------===//

static void collectOpsets(LoadedModel &model) {
  model.opsets.clear();
  for (const onnx::OperatorSetIdProto &opset : model.proto.opset_import())
    model.opsets[isDefaultDomain(opset.domain()) ? "" : opset.domain()] =
        opset.version();
}

/// Records the types of `graph`'s values and, for nodes with subgraphs (If
/// branches), of the subgraphs' values, which the importer inlines.
static void collectGraphValueTypes(LoadedModel &model,
                                   const onnx::GraphProto &graph) {
  for (const onnx::NodeProto &node : graph.node())
    for (const onnx::AttributeProto &attr : node.attribute()) {
      if (attr.has_g())
        collectGraphValueTypes(model, attr.g());
      for (const onnx::GraphProto &g : attr.graphs())
        collectGraphValueTypes(model, g);
    }
  for (const onnx::ValueInfoProto &vi : graph.input())
    model.valueTypes[vi.name()] = &vi.type();
  for (const onnx::ValueInfoProto &vi : graph.value_info())
    model.valueTypes[vi.name()] = &vi.type();
  for (const onnx::ValueInfoProto &vi : graph.output())
    model.valueTypes[vi.name()] = &vi.type();
}

static void collectValueTypes(LoadedModel &model) {
  model.valueTypes.clear();
  collectGraphValueTypes(model, model.proto.graph());
}

Error parseModelBytes(StringRef bytes, onnx::ModelProto &proto) {
  if (bytes.size() > static_cast<size_t>(INT_MAX))
    return makeError("the model is larger than 2 GiB; larger weights must be "
                     "stored as external data");
  google::protobuf::io::CodedInputStream coded(
      reinterpret_cast<const uint8_t *>(bytes.data()),
      static_cast<int>(bytes.size()));
  coded.SetTotalBytesLimit(INT_MAX);
  bool ok = false;
  try {
    ok = proto.ParseFromCodedStream(&coded) && coded.ConsumedEntireMessage() &&
         proto.has_graph();
  } catch (const std::exception &) {
    ok = false;
  }
  if (ok)
    return Error::success();
  proto.Clear();
  if (!looksLikeText(bytes))
    return makeError("not a valid ONNX model: the binary protobuf is "
                     "malformed or truncated");
  if (Error err = parseText(bytes, proto))
    return makeError("not a valid ONNX model (neither binary protobuf nor "
                     "ONNX text): " +
                     toString(std::move(err)));
  return Error::success();
}

static Expected<std::shared_ptr<LoadedModel>>
finishLoading(std::shared_ptr<LoadedModel> model, const LoadOptions &options);

Expected<std::shared_ptr<LoadedModel>> loadModel(StringRef path,
                                                 const LoadOptions &options) {
  auto model = std::make_shared<LoadedModel>();
  model->path = path.str();
  StringRef parent = sys::path::parent_path(path);
  model->directory = parent.empty() ? "." : parent.str();

  if (Error err = parseModelFile(path, model->proto))
    return std::move(err);
  return finishLoading(std::move(model), options);
}

Expected<std::shared_ptr<LoadedModel>>
loadModelFromBuffer(StringRef bytes, StringRef name,
                    const LoadOptions &options) {
  auto model = std::make_shared<LoadedModel>();
  model->path = name.str();
  // No directory: external data has nowhere to be read from.
  if (Error err = parseModelBytes(bytes, model->proto))
    return std::move(err);
  return finishLoading(std::move(model), options);
}

/// Everything after parsing: upgrade, external data, checker, shape
/// inference and shape-subgraph folding.
static Expected<std::shared_ptr<LoadedModel>>
finishLoading(std::shared_ptr<LoadedModel> model, const LoadOptions &options) {
  collectOpsets(*model);
  for (const onnx::NodeProto &node : model->proto.graph().node())
    model->originalOps.push_back(
        isDefaultDomain(node.domain())
            ? node.op_type()
            : node.domain() + "::" + node.op_type());
  int64_t opset = model->opsetFor("");
  if (opset != 0 && opset < kMinOpset) {
    try {
      model->proto = onnx::version_conversion::ConvertVersion(
          model->proto, static_cast<int>(kMinOpset));
    } catch (const std::exception &e) {
      return makeError(formatv("cannot upgrade the model from opset {0} to "
                               "{1}: {2}",
                               opset, kMinOpset, oneLine(e.what())));
    }
    collectOpsets(*model);
    opset = model->opsetFor("");
  }
  if (opset > kMaxOpset)
    return makeError(formatv("opset {0} of the default domain is newer than "
                             "Kiln supports ({1} to {2})",
                             opset, kMinOpset, kMaxOpset));

  ExternalDataResolver external(*model);
  if (Error err = forEachTensor(*model->proto.mutable_graph(),
                                [&](onnx::TensorProto &t) {
                                  return external.resolve(t);
                                }))
    return std::move(err);

  if (options.runChecker) {
    external.useResolvedLocations();
    std::string failure;
    try {
      onnx::checker::check_model(model->proto);
    } catch (const std::exception &e) {
      failure = e.what();
    }
    external.restoreLocations();
    if (!failure.empty()) {
      std::string message = "ONNX checker: " + oneLine(failure);
      if (!options.tolerateInvalidModel)
        return makeError(message);
      model->problems.push_back(message);
    }
  }

  // Custom ops get schemas of their own so that shape inference types their
  // outputs and everything after them.
  std::unique_ptr<onnx::ISchemaRegistry> customSchemas;
  if (options.customOps && !options.customOps->empty())
    customSchemas = makeCustomOpSchemaRegistry(*options.customOps);
  const onnx::ISchemaRegistry *schemas =
      customSchemas ? customSchemas.get() : onnx::OpSchemaRegistry::Instance();
  auto inferShapes = [&]() -> llvm::Error {
    model->propagatedValues.clear();
    try {
      onnx::shape_inference::InferShapes(
          model->proto, schemas,
          onnx::ShapeInferenceOptions(/*check_type=*/true, /*strict_mode=*/1,
                                      /*data_prop=*/true),
          &model->propagatedValues);
    } catch (const std::exception &e) {
      return makeError("ONNX shape inference: " + oneLine(e.what()));
    }
    collectValueTypes(*model);
    return Error::success();
  };
  if (Error err = inferShapes()) {
    if (!options.tolerateInvalidModel)
      return std::move(err);
    model->problems.push_back(toString(std::move(err)));
    // Keep whatever can be inferred for the summary.
    model->propagatedValues.clear();
    try {
      onnx::shape_inference::InferShapes(
          model->proto, schemas, onnx::ShapeInferenceOptions(false, 0, false));
    } catch (const std::exception &) {
    }
    collectValueTypes(*model);
    return model;
  }

  // Shape subgraphs that ONNX's data propagation does not cover are
  // evaluated here; each round makes more shapes static for the next.
  for (int round = 0; round < kMaxFoldRounds; ++round) {
    if (foldShapeSubgraphs(*model) == 0)
      break;
    if (Error err = inferShapes()) {
      if (!options.tolerateInvalidModel)
        return std::move(err);
      model->problems.push_back(toString(std::move(err)));
      break;
    }
  }
  return model;
}

Expected<std::shared_ptr<LoadedModel>>
inferSubgraph(const LoadedModel &model, const onnx::GraphProto &graph,
              const std::map<std::string, onnx::TypeProto> &reads,
              const std::map<std::string, onnx::TensorProto> &constants) {
  auto sub = std::make_shared<LoadedModel>();
  sub->path = model.path;
  sub->directory = model.directory;
  sub->proto.set_ir_version(model.proto.ir_version());
  *sub->proto.mutable_opset_import() = model.proto.opset_import();
  collectOpsets(*sub);
  onnx::GraphProto &g = *sub->proto.mutable_graph();
  g = graph;
  g.clear_input();
  g.clear_value_info();
  for (const auto &[name, type] : reads) {
    if (auto it = constants.find(name); it != constants.end()) {
      onnx::TensorProto &t = *g.add_initializer();
      t = it->second;
      t.set_name(name);
      continue;
    }
    onnx::ValueInfoProto &input = *g.add_input();
    input.set_name(name);
    *input.mutable_type() = type;
  }
  auto inferShapes = [&]() -> Error {
    sub->propagatedValues.clear();
    try {
      onnx::shape_inference::InferShapes(
          sub->proto, onnx::OpSchemaRegistry::Instance(),
          onnx::ShapeInferenceOptions(/*check_type=*/true, /*strict_mode=*/1,
                                      /*data_prop=*/true),
          &sub->propagatedValues);
    } catch (const std::exception &e) {
      return makeError("ONNX shape inference of subgraph '" + graph.name() +
                       "': " + oneLine(e.what()));
    }
    collectValueTypes(*sub);
    return Error::success();
  };
  if (Error err = inferShapes())
    return std::move(err);
  for (int round = 0; round < kMaxFoldRounds; ++round) {
    if (foldShapeSubgraphs(*sub) == 0)
      break;
    if (Error err = inferShapes())
      return std::move(err);
  }
  return sub;
}

} // namespace kiln::importer
