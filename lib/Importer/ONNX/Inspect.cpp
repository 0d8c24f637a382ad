//===- Inspect.cpp - Summarize an ONNX model for `kiln inspect` -----------===//
//
// The summary is read off the shape-inferred model; the list of unsupported
// nodes comes from running the real importer (in a private context), so
// `inspect` and `compile` can never disagree about what is supported.
//
//===----------------------------------------------------------------------===//

#include "kiln/Importer/CustomOps.h"
#include "kiln/Importer/ONNXImporter.h"

#include "GraphImporter.h"
#include "ModelLoader.h"
#include "TensorImport.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>

using namespace mlir;

namespace kiln::importer {
namespace {

/// Shapes of named values from shape inference and initializers.
class ShapeTable {
public:
  explicit ShapeTable(const LoadedModel &model) : model(model) {
    for (const onnx::TensorProto &t : model.proto.graph().initializer())
      initializers[t.name()] = &t;
  }

  std::optional<SmallVector<uint64_t>> shapeOf(const std::string &name) const {
    SmallVector<uint64_t> shape;
    auto it = initializers.find(name);
    if (it != initializers.end()) {
      for (int64_t d : it->second->dims()) {
        if (d < 0)
          return std::nullopt;
        shape.push_back(d);
      }
      return shape;
    }
    const onnx::TypeProto *type = model.typeOf(name);
    if (!type || !type->has_tensor_type() ||
        !type->tensor_type().has_shape())
      return std::nullopt;
    for (const auto &dim : type->tensor_type().shape().dim()) {
      if (!dim.has_dim_value() || dim.dim_value() < 0)
        return std::nullopt;
      shape.push_back(dim.dim_value());
    }
    return shape;
  }

private:
  const LoadedModel &model;
  llvm::StringMap<const onnx::TensorProto *> initializers;
};

uint64_t product(ArrayRef<uint64_t> values) {
  uint64_t result = 1;
  for (uint64_t v : values)
    result = llvm::SaturatingMultiply(result, v);
  return result;
}

/// MACs of one Conv/ConvTranspose/Gemm/MatMul node, nullopt when a shape is
/// unknown.
std::optional<uint64_t> nodeMacs(const onnx::NodeProto &node,
                                 const ShapeTable &shapes) {
  auto shapeAt = [&](bool output, int i) -> std::optional<SmallVector<uint64_t>> {
    const auto &names = output ? node.output() : node.input();
    if (i >= names.size() || names.Get(i).empty())
      return std::nullopt;
    return shapes.shapeOf(names.Get(i));
  };
  const std::string &op = node.op_type();
  if (op == "Conv" || op == "ConvTranspose") {
    auto w = shapeAt(false, 1);
    auto counted = op == "Conv" ? shapeAt(true, 0) : shapeAt(false, 0);
    if (!w || !counted || w->size() < 2)
      return std::nullopt;
    return llvm::SaturatingMultiply(product(*counted),
                                    product(ArrayRef(*w).drop_front()));
  }
  if (op == "Gemm" || op == "MatMul") {
    auto a = shapeAt(false, 0);
    auto out = shapeAt(true, 0);
    if (!a || !out || a->empty())
      return std::nullopt;
    uint64_t k = a->back();
    if (op == "Gemm") {
      bool transA = false;
      for (const onnx::AttributeProto &attr : node.attribute())
        if (attr.name() == "transA")
          transA = attr.i() != 0;
      if (a->size() != 2)
        return std::nullopt;
      k = transA ? (*a)[0] : (*a)[1];
    }
    return llvm::SaturatingMultiply(product(*out), k);
  }
  return 0;
}

TensorSummary summarize(const onnx::ValueInfoProto &value) {
  TensorSummary t;
  t.name = value.name();
  if (!value.type().has_tensor_type()) {
    t.dtype = "non-tensor";
    return t;
  }
  const auto &tensor = value.type().tensor_type();
  t.dtype = dtypeName(tensor.elem_type());
  t.hasShape = tensor.has_shape();
  for (const auto &dim : tensor.shape().dim())
    t.dims.push_back(dim.has_dim_value()   ? std::to_string(dim.dim_value())
                     : dim.has_dim_param() ? dim.dim_param()
                                           : "?");
  return t;
}

std::string formatShape(const TensorSummary &t) {
  if (!t.hasShape)
    return t.dtype + "[?]";
  return t.dtype + "[" + llvm::join(t.dims, ", ") + "]";
}

std::string formatIssue(const UnsupportedNode &n) {
  return llvm::formatv("node '{0}' ({1}::{2}, opset {3}): {4}", n.name,
                       n.domain, n.opType, n.opset, n.reason);
}

} // namespace

llvm::Expected<ModelSummary> inspectONNXFile(llvm::StringRef path,
                                             const CustomOpTable *customOps) {
  try {
    LoadOptions options;
    options.tolerateInvalidModel = true;
    // As for a compile: the checker and shape inference know the custom ops.
    options.customOps = customOps;
    auto loaded = loadModel(path, options);
    if (!loaded)
      return loaded.takeError();
    const LoadedModel &model = **loaded;
    const onnx::ModelProto &proto = model.proto;
    const onnx::GraphProto &graph = proto.graph();

    ModelSummary s;
    s.path = path.str();
    s.graphName = graph.name();
    s.producerName = proto.producer_name();
    s.producerVersion = proto.producer_version();
    s.irVersion = proto.ir_version();
    for (const onnx::OperatorSetIdProto &opset : proto.opset_import())
      s.opsetImports.emplace_back(displayDomain(opset.domain()).str(),
                                  opset.version());
    llvm::StringMap<const onnx::TensorProto *> initializers;
    for (const onnx::TensorProto &t : graph.initializer()) {
      initializers[t.name()] = &t;
      auto count = checkedElementCount(t.dims());
      if (!count) {
        llvm::consumeError(count.takeError());
        continue;
      }
      uint64_t bytes =
          llvm::SaturatingMultiply(*count, uint64_t(elementByteSize(t.data_type())));
      if (t.data_type() == onnx::TensorProto::STRING)
        for (const std::string &str : t.string_data())
          bytes = llvm::SaturatingAdd(bytes, uint64_t(str.size()));
      s.parameterCount = llvm::SaturatingAdd(s.parameterCount, *count);
      s.parameterBytes = llvm::SaturatingAdd(s.parameterBytes, bytes);
    }
    for (const onnx::ValueInfoProto &input : graph.input())
      if (!initializers.count(input.name()))
        s.inputs.push_back(summarize(input));
    for (const onnx::ValueInfoProto &output : graph.output())
      s.outputs.push_back(summarize(output));

    ShapeTable shapes(model);
    llvm::StringMap<uint64_t> histogram;
    for (const std::string &op : model.originalOps)
      ++histogram[op];
    s.nodeCount = model.originalOps.size();
    for (const onnx::NodeProto &node : graph.node()) {
      auto macs = nodeMacs(node, shapes);
      if (macs)
        s.macs = llvm::SaturatingAdd(s.macs, *macs);
      else
        s.macsComplete = false;
    }
    for (const auto &entry : histogram)
      s.opHistogram.emplace_back(entry.getKey().str(), entry.getValue());
    llvm::sort(s.opHistogram, [](const auto &a, const auto &b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    // Histogram entries of user domains read `domain::op_type`.
    if (customOps)
      for (const auto &[op, count] : s.opHistogram) {
        auto [domain, opType] = llvm::StringRef(op).rsplit("::");
        if (opType.empty())
          continue;
        if (const CustomOpDescription *desc = customOps->lookup(domain, opType))
          s.customOps.push_back(
              {desc->domain, desc->opType, desc->function, count});
      }

    s.errors = model.problems;
    // The importer decides what is supported; its module is thrown away.
    MLIRContext ctx(MLIRContext::Threading::DISABLED);
    ScopedDiagnosticHandler collect(&ctx, [&](Diagnostic &diag) {
      s.errors.push_back(diag.str());
      return success();
    });
    GraphImporter importer(ctx, *loaded, llvm::sys::path::stem(path).str());
    importer.setCustomOps(customOps);
    (void)importer.run();
    s.unsupported = importer.nodeIssues();
    s.errors.insert(s.errors.end(), importer.modelErrors().begin(),
                    importer.modelErrors().end());
    return s;
  } catch (const std::exception &e) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   llvm::Twine("inspect failed: ") + e.what());
  }
}

std::string ModelSummary::toText() const {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "Model: " << path << "\n";
  os << "  graph '" << graphName << "', IR version " << irVersion;
  if (!producerName.empty())
    os << ", producer " << producerName
       << (producerVersion.empty() ? "" : " " + producerVersion);
  os << "\n  opsets:";
  for (const auto &[domain, version] : opsetImports)
    os << " " << domain << " " << version;
  os << "\nInputs:\n";
  for (const TensorSummary &t : inputs)
    os << "  " << t.name << ": " << formatShape(t) << "\n";
  os << "Outputs:\n";
  for (const TensorSummary &t : outputs)
    os << "  " << t.name << ": " << formatShape(t) << "\n";
  os << "Nodes: " << nodeCount << "\n";
  for (const auto &[op, count] : opHistogram)
    os << llvm::formatv("  {0,-24} {1}\n", op, count);
  os << llvm::formatv("Parameters: {0} ({1:F2} MiB)\n", parameterCount,
                      parameterBytes / (1024.0 * 1024.0));
  os << "MACs: " << macs << (macsComplete ? "" : " (lower bound)") << "\n";
  if (!customOps.empty()) {
    os << "Custom ops: " << customOps.size() << "\n";
    for (const CustomOpUse &op : customOps)
      os << llvm::formatv("  {0}::{1} -> {2} ({3} node{4})\n", op.domain,
                          op.opType, op.function, op.count,
                          op.count == 1 ? "" : "s");
  }
  if (unsupported.empty()) {
    os << "Unsupported nodes: none\n";
  } else {
    os << "Unsupported nodes: " << unsupported.size() << "\n";
    for (const UnsupportedNode &n : unsupported)
      os << "  " << formatIssue(n) << "\n";
  }
  if (!errors.empty()) {
    os << "Errors:\n";
    for (const std::string &e : errors)
      os << "  " << e << "\n";
  }
  return text;
}

std::string ModelSummary::toJSON() const {
  auto tensors = [](const std::vector<TensorSummary> &list) {
    llvm::json::Array array;
    for (const TensorSummary &t : list) {
      llvm::json::Value shape = nullptr;
      if (t.hasShape) {
        llvm::json::Array dims;
        for (const std::string &d : t.dims) {
          int64_t v;
          if (!llvm::StringRef(d).getAsInteger(10, v))
            dims.push_back(v);
          else
            dims.push_back(d);
        }
        shape = std::move(dims);
      }
      array.push_back(llvm::json::Object{
          {"name", t.name}, {"dtype", t.dtype}, {"shape", std::move(shape)}});
    }
    return array;
  };
  llvm::json::Object opsets;
  for (const auto &[domain, version] : opsetImports)
    opsets[domain] = version;
  llvm::json::Array histogram;
  for (const auto &[op, count] : opHistogram)
    histogram.push_back(llvm::json::Object{{"op", op}, {"count", count}});
  llvm::json::Array issues;
  for (const UnsupportedNode &n : unsupported)
    issues.push_back(llvm::json::Object{{"name", n.name},
                                        {"domain", n.domain},
                                        {"op_type", n.opType},
                                        {"opset", n.opset},
                                        {"reason", n.reason}});
  llvm::json::Array customList;
  for (const CustomOpUse &op : customOps)
    customList.push_back(llvm::json::Object{{"domain", op.domain},
                                            {"op_type", op.opType},
                                            {"function", op.function},
                                            {"count", op.count}});
  llvm::json::Array errorList;
  for (const std::string &e : errors)
    errorList.push_back(e);
  llvm::json::Object root{
      {"path", path},
      {"graph", graphName},
      {"producer", llvm::json::Object{{"name", producerName},
                                      {"version", producerVersion}}},
      {"ir_version", irVersion},
      {"opsets", std::move(opsets)},
      {"inputs", tensors(inputs)},
      {"outputs", tensors(outputs)},
      {"nodes", nodeCount},
      {"op_histogram", std::move(histogram)},
      {"parameters", llvm::json::Object{{"count", parameterCount},
                                        {"bytes", parameterBytes}}},
      {"macs", macs},
      {"macs_complete", macsComplete},
      {"unsupported", std::move(issues)},
      {"custom_ops", std::move(customList)},
      {"errors", std::move(errorList)},
  };
  return llvm::formatv("{0:2}\n", llvm::json::Value(std::move(root))).str();
}

} // namespace kiln::importer
