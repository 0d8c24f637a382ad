//===- GraphImporter.cpp - Build @main from an ONNX graph -----------------===//
//
// The walk itself: function signature from the graph inputs, one handler
// call per node, per-op verification so that a hostile or inconsistent model
// is reported on the node that caused it, and the return of the graph
// outputs.
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"
#include "CustomOpSupport.h"
#include "Handlers.h"
#include "NodeBinder.h"
#include "TensorImport.h"

#include "dialects/Graph/IR/GraphOps.h"
#include "kiln/Compiler.h"
#include "kiln/Support/ModelSignature.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <map>
#include <set>
#include <functional>
#include <tuple>

using namespace mlir;

namespace kiln::importer {

//===----------------------------------------------------------------------===//
// HandlerTable
//===----------------------------------------------------------------------===//

static std::string handlerKey(StringRef domain, StringRef opType) {
  return (isDefaultDomain(domain) ? StringRef() : domain).str() + "::" +
         opType.str();
}

void HandlerTable::add(StringRef domain, StringRef opType,
                       int64_t sinceVersion, Handler handler) {
  auto &versions = entries[handlerKey(domain, opType)];
  versions.emplace_back(sinceVersion, handler);
  llvm::sort(versions, [](const auto &a, const auto &b) {
    return a.first < b.first;
  });
}

Handler HandlerTable::lookup(StringRef domain, StringRef opType,
                             int64_t opset) const {
  auto it = entries.find(handlerKey(domain, opType));
  if (it == entries.end())
    return nullptr;
  Handler found = nullptr;
  for (const auto &[since, handler] : it->second)
    if (since <= opset)
      found = handler;
  return found;
}

void HandlerTable::describe(StringRef opType, StringRef dtypes,
                            StringRef limits) {
  docs[handlerKey("", opType)] = {dtypes.str(), limits.str()};
}

void HandlerTable::reject(StringRef domain, StringRef opType,
                          StringRef reason) {
  rejections[handlerKey(domain, opType)] = reason.str();
}

StringRef HandlerTable::rejection(StringRef domain, StringRef opType) const {
  auto it = rejections.find(handlerKey(domain, opType));
  return it == rejections.end() ? StringRef() : StringRef(it->second);
}

SmallVector<int64_t> HandlerTable::sinceVersions(StringRef domain,
                                                 StringRef opType) const {
  SmallVector<int64_t> versions;
  auto it = entries.find(handlerKey(domain, opType));
  if (it != entries.end())
    for (const auto &entry : it->second)
      versions.push_back(entry.first);
  return versions;
}

std::vector<HandlerTable::Entry> HandlerTable::entriesSorted() const {
  std::vector<Entry> list;
  auto split = [](StringRef key, Entry &e) {
    auto [domain, opType] = key.split("::");
    e.domain = displayDomain(domain).str();
    e.opType = opType.str();
  };
  for (const auto &entry : entries) {
    Entry e;
    split(entry.getKey(), e);
    for (const auto &version : entry.getValue())
      e.sinceVersions.push_back(version.first);
    auto doc = docs.find(entry.getKey());
    if (doc != docs.end()) {
      e.dtypes = doc->getValue().first;
      e.limits = doc->getValue().second;
    }
    list.push_back(std::move(e));
  }
  for (const auto &entry : rejections) {
    if (entries.count(entry.getKey()))
      continue;
    Entry e;
    split(entry.getKey(), e);
    e.rejection = entry.getValue();
    list.push_back(std::move(e));
  }
  llvm::sort(list, [](const Entry &a, const Entry &b) {
    return std::tie(a.domain, a.opType) < std::tie(b.domain, b.opType);
  });
  return list;
}

const HandlerTable &HandlerTable::get() {
  static const HandlerTable table = [] {
    HandlerTable t;
    registerElementwiseHandlers(t);
    registerConvPoolHandlers(t);
    registerTensorHandlers(t);
    registerReductionHandlers(t);
    registerCompositeHandlers(t);
    registerMathHandlers(t);
    registerIndexingHandlers(t);
    registerGeneratorHandlers(t);
    registerEinsumHandlers(t);
    registerLossHandlers(t);
    registerResizeHandlers(t);
    registerNormalizationHandlers(t);
    registerRecurrentHandlers(t);
    registerControlFlowHandlers(t);
    registerSignalHandlers(t);
    registerOpCatalog(t);
    return t;
  }();
  return table;
}

//===----------------------------------------------------------------------===//
// GraphImporter
//===----------------------------------------------------------------------===//

GraphImporter::GraphImporter(MLIRContext &ctx,
                             std::shared_ptr<LoadedModel> model,
                             std::string modelName)
    : ctx(ctx), loaded(std::move(model)), modelName(std::move(modelName)),
      fileLoc(FileLineColLoc::get(&ctx, loaded->path, 0, 0)) {}

std::string GraphImporter::displayName(const onnx::NodeProto &node) {
  if (!node.name().empty())
    return node.name();
  for (const std::string &out : node.output())
    if (!out.empty())
      return out;
  return "<unnamed " + node.op_type() + ">";
}

Location GraphImporter::nodeLoc(const onnx::NodeProto &node) const {
  return NameLoc::get(StringAttr::get(&ctx, displayName(node)), fileLoc);
}

void GraphImporter::reportNode(const onnx::NodeProto &node,
                               const std::string &reason) {
  issues.push_back({displayName(node), displayDomain(node.domain()).str(),
                    node.op_type(), loaded->opsetFor(node.domain()), reason});
}

void GraphImporter::poisonOutputs(const onnx::NodeProto &node) {
  for (const std::string &out : node.output()) {
    if (out.empty())
      continue;
    Slot &slot = slots[out];
    slot = Slot();
    slot.poisoned = true;
  }
}

llvm::Error GraphImporter::loadInitializer(Slot &slot) {
  const onnx::TensorProto *tensor = slot.initializer;
  slot.initializer = nullptr;
  auto attr = importTensor(*tensor, loaded, &ctx);
  if (!attr) {
    slot.poisoned = true;
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "initializer '" + tensor->name() +
                                       "': " + toString(attr.takeError()));
  }
  slot.constant = *attr;
  return llvm::Error::success();
}

llvm::Expected<Value> GraphImporter::valueOf(const std::string &name,
                                             OpBuilder &builder) {
  auto it = slots.find(name);
  if (it == slots.end() || it->second.poisoned)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "value '" + name + "' is not defined");
  Slot &slot = it->second;
  if (slot.value)
    return slot.value;
  if (slot.initializer)
    if (llvm::Error err = loadInitializer(slot))
      return std::move(err);
  Location loc = NameLoc::get(StringAttr::get(&ctx, name), fileLoc);
  slot.value = graph::ConstantOp::create(builder, loc, slot.constant);
  return slot.value;
}

llvm::Expected<ElementsAttr>
GraphImporter::constantOf(const std::string &name) {
  auto it = slots.find(name);
  if (it == slots.end() || it->second.poisoned)
    return ElementsAttr();
  Slot &slot = it->second;
  if (slot.initializer)
    if (llvm::Error err = loadInitializer(slot))
      return std::move(err);
  if (slot.constant)
    return slot.constant;
  if (slot.value)
    if (auto constant = slot.value.getDefiningOp<graph::ConstantOp>())
      return constant.getValue();
  return ElementsAttr();
}

RankedTensorType GraphImporter::typeOfValue(const std::string &name) {
  auto it = slots.find(name);
  if (it == slots.end() || it->second.poisoned)
    return {};
  Slot &slot = it->second;
  if (slot.value)
    return dyn_cast<RankedTensorType>(slot.value.getType());
  if (slot.constant)
    return dyn_cast<RankedTensorType>(slot.constant.getType());
  if (const onnx::TensorProto *t = slot.initializer) {
    Type elem = elementTypeFor(t->data_type(), &ctx);
    auto count = checkedElementCount(t->dims());
    if (!count) {
      llvm::consumeError(count.takeError());
      return {};
    }
    if (!elem)
      return {};
    return RankedTensorType::get(
        SmallVector<int64_t>(t->dims().begin(), t->dims().end()), elem);
  }
  return {};
}

llvm::Expected<RankedTensorType>
GraphImporter::inferredType(const std::string &name) const {
  const onnx::TypeProto *type = nullptr;
  if (auto it = subgraphTypes.find(name); it != subgraphTypes.end())
    type = &it->second;
  else
    type = loaded->typeOf(name);
  if (!type)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "has no inferred type");
  return tensorTypeFor(*type, &ctx);
}

llvm::Expected<ElementsAttr>
GraphImporter::importAttributeTensor(const onnx::TensorProto &tensor,
                                     StringRef nameHint) {
  return importTensor(tensor, loaded, &ctx, nameHint);
}

void GraphImporter::define(const std::string &name, Value value) {
  Slot &slot = slots[name];
  slot = Slot();
  slot.value = value;
}

void GraphImporter::defineConstant(const std::string &name,
                                   ElementsAttr value) {
  Slot &slot = slots[name];
  slot = Slot();
  slot.constant = value;
}

bool GraphImporter::foldFromPropagation(const onnx::NodeProto &node) {
  SmallVector<std::pair<std::string, ElementsAttr>> folded;
  for (const std::string &out : node.output()) {
    if (out.empty())
      continue;
    const onnx::TensorShapeProto *propagated = nullptr;
    if (auto it = subgraphValues.find(out); it != subgraphValues.end())
      propagated = &it->second;
    else if (auto it = loaded->propagatedValues.find(out);
             it != loaded->propagatedValues.end())
      propagated = &it->second;
    if (!propagated)
      return false;
    auto type = inferredType(out);
    if (!type) {
      llvm::consumeError(type.takeError());
      return false;
    }
    auto intType = dyn_cast<IntegerType>(type->getElementType());
    if (!intType || intType.getWidth() < 8 ||
        type->getNumElements() != propagated->dim_size())
      return false;
    SmallVector<APInt> values;
    for (const auto &dim : propagated->dim()) {
      if (!dim.has_dim_value())
        return false;
      values.push_back(APInt(intType.getWidth(),
                             static_cast<uint64_t>(dim.dim_value()),
                             /*isSigned=*/true, /*implicitTrunc=*/true));
    }
    folded.emplace_back(out, DenseElementsAttr::get(*type, values));
  }
  if (folded.empty())
    return false;
  for (auto &[name, value] : folded)
    defineConstant(name, value);
  return true;
}

namespace {
/// Remembers the ops a handler creates so that each can be verified.
struct CreatedOps : public OpBuilder::Listener {
  void notifyOperationInserted(Operation *op,
                               OpBuilder::InsertPoint) override {
    ops.push_back(op);
  }
  SmallVector<Operation *> ops;
};
} // namespace

LogicalResult GraphImporter::checkResults(const onnx::NodeProto &node,
                                          NodeBinder &binder,
                                          ArrayRef<Operation *> created) {
  for (Operation *op : created) {
    std::string message;
    ScopedDiagnosticHandler capture(&ctx, [&](Diagnostic &diag) {
      if (message.empty())
        message = diag.str();
      return success();
    });
    if (failed(verify(op, /*verifyRecursively=*/false))) {
      reportNode(node, "the model is inconsistent: the imported " +
                           op->getName().getStringRef().str() +
                           " is invalid: " + message);
      return failure();
    }
  }
  for (auto [i, name] : llvm::enumerate(node.output())) {
    if (name.empty())
      continue;
    if (!binder.resultSet(i)) {
      if (isUsed(name)) {
        reportNode(node, llvm::formatv("output #{0} ('{1}') is not supported",
                                       i, name)
                             .str());
        return failure();
      }
      continue;
    }
    RankedTensorType produced = typeOfValue(name);
    auto expected = inferredType(name);
    if (!expected) {
      llvm::consumeError(expected.takeError());
      continue;
    }
    if (produced != *expected) {
      reportNode(node, llvm::formatv("output '{0}' would have type {1} but "
                                     "ONNX inferred {2}",
                                     name, typeString(produced),
                                     typeString(*expected))
                           .str());
      return failure();
    }
  }
  return success();
}

void GraphImporter::importNode(const onnx::NodeProto &node,
                               OpBuilder &builder) {
  int64_t opset = loaded->opsetFor(node.domain());
  if (foldFromPropagation(node))
    return;
  const HandlerTable &table = HandlerTable::get();
  Handler handler = table.lookup(node.domain(), node.op_type(), opset);
  // A user's description of an op overrides anything built in.
  if (customOpTable && customOpTable->lookup(node.domain(), node.op_type()))
    handler = importCustomCall;
  if (!handler) {
    std::string reason;
    SmallVector<int64_t> since =
        table.sinceVersions(node.domain(), node.op_type());
    if (StringRef why = table.rejection(node.domain(), node.op_type());
        !why.empty())
      reason = "op not supported: " + why.str();
    else if (!since.empty())
      reason = llvm::formatv("op not supported before opset {0}", since[0]);
    else if (isDefaultDomain(node.domain()))
      reason = "op not supported";
    else
      reason = "op not supported (domain '" + node.domain() +
               "' has no Kiln handlers)";
    reportNode(node, reason);
    poisonOutputs(node);
    return;
  }
  for (const std::string &in : node.input()) {
    if (in.empty())
      continue;
    auto it = slots.find(in);
    if (it == slots.end()) {
      reportNode(node, "input '" + in + "' is not defined");
      poisonOutputs(node);
      return;
    }
    // A producer already failed and was reported; this node is skipped.
    if (it->second.poisoned) {
      poisonOutputs(node);
      return;
    }
  }

  // Handlers that import subgraphs come back here; the enclosing node's
  // listener is restored afterwards.
  OpBuilder::Listener *enclosing = builder.getListener();
  CreatedOps created;
  builder.setListener(&created);
  NodeBinder binder(*this, node, opset, builder, nodeLoc(node));
  LogicalResult result = handler(binder);
  builder.setListener(enclosing);
  if (failed(result) || binder.hasFailed()) {
    reportNode(node, binder.hasFailed() ? binder.failureReason()
                                        : "could not be imported");
    poisonOutputs(node);
    return;
  }
  if (failed(checkResults(node, binder, created.ops)))
    poisonOutputs(node);
}

/// `type` as an ONNX tensor type.
static onnx::TypeProto typeProtoFor(RankedTensorType type) {
  onnx::TypeProto proto;
  auto *tensor = proto.mutable_tensor_type();
  tensor->set_elem_type(static_cast<int32_t>(dtypeOf(type.getElementType())));
  auto *shape = tensor->mutable_shape();
  for (int64_t d : type.getShape())
    shape->add_dim()->set_dim_value(d);
  return proto;
}

/// A small integer or f32/f64 constant as an ONNX tensor, for shape
/// inference's data propagation; nullopt for anything else.
static std::optional<onnx::TensorProto> tensorProtoFor(ElementsAttr value) {
  auto type = cast<RankedTensorType>(value.getType());
  if (type.getNumElements() > 64)
    return std::nullopt;
  onnx::TensorProto proto;
  proto.set_data_type(static_cast<int32_t>(dtypeOf(type.getElementType())));
  for (int64_t d : type.getShape())
    proto.add_dims(d);
  Type elem = type.getElementType();
  if (elem.isSignlessInteger(64)) {
    auto values = readIntElements(value);
    if (!values)
      return std::nullopt;
    for (int64_t v : *values)
      proto.add_int64_data(v);
  } else if (elem.isSignlessInteger(32) || elem.isInteger(1)) {
    auto values = readIntElements(value);
    if (!values)
      return std::nullopt;
    for (int64_t v : *values)
      proto.add_int32_data(static_cast<int32_t>(v));
  } else if (elem.isF32() || elem.isF64()) {
    auto values = readFloatElements(value);
    if (!values)
      return std::nullopt;
    for (double v : *values) {
      if (elem.isF32())
        proto.add_float_data(static_cast<float>(v));
      else
        proto.add_double_data(v);
    }
  } else {
    return std::nullopt;
  }
  return proto;
}

/// Names `graph`'s nodes read that neither a node of it nor its inputs or
/// initializers define: values of the enclosing graphs.
static void collectOuterReads(const onnx::GraphProto &graph,
                              std::set<std::string> &defined,
                              std::set<std::string> &reads) {
  for (const onnx::ValueInfoProto &input : graph.input())
    defined.insert(input.name());
  for (const onnx::TensorProto &t : graph.initializer())
    defined.insert(t.name());
  for (const onnx::NodeProto &node : graph.node()) {
    for (const std::string &in : node.input())
      if (!in.empty() && !defined.count(in))
        reads.insert(in);
    for (const onnx::AttributeProto &attr : node.attribute()) {
      if (attr.has_g()) {
        std::set<std::string> inner = defined;
        collectOuterReads(attr.g(), inner, reads);
      }
      for (const onnx::GraphProto &sub : attr.graphs()) {
        std::set<std::string> inner = defined;
        collectOuterReads(sub, inner, reads);
      }
    }
    for (const std::string &out : node.output())
      defined.insert(out);
  }
  for (const onnx::ValueInfoProto &out : graph.output())
    if (!defined.count(out.name()))
      reads.insert(out.name());
}

llvm::Expected<const onnx::GraphProto *>
GraphImporter::inferSubgraphAlone(const onnx::GraphProto &graph) {
  std::set<std::string> defined, outer;
  collectOuterReads(graph, defined, outer);
  std::map<std::string, onnx::TypeProto> reads;
  std::map<std::string, onnx::TensorProto> constants;
  auto addRead = [&](const std::string &name) -> llvm::Error {
    RankedTensorType type = typeOfValue(name);
    if (!type)
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "value '" + name + "' has no type");
    reads[name] = typeProtoFor(type);
    auto constant = constantOf(name);
    if (!constant)
      return constant.takeError();
    if (*constant)
      if (auto proto = tensorProtoFor(*constant))
        constants[name] = *proto;
    return llvm::Error::success();
  };
  for (const onnx::ValueInfoProto &input : graph.input())
    if (llvm::Error err = addRead(input.name()))
      return std::move(err);
  for (const std::string &name : outer)
    if (llvm::Error err = addRead(name))
      return std::move(err);
  auto inferred = inferSubgraph(*loaded, graph, reads, constants);
  if (!inferred)
    return inferred.takeError();
  std::shared_ptr<LoadedModel> sub = std::move(*inferred);
  for (const auto &[name, type] : sub->valueTypes)
    if (!reads.count(name))
      subgraphTypes[name] = *type;
  // Values propagated for the previous iteration must not survive.
  for (const onnx::NodeProto &node : graph.node())
    for (const std::string &out : node.output())
      subgraphValues.erase(out);
  for (auto &[name, values] : sub->propagatedValues)
    subgraphValues[name] = values;
  // The folded graph's nodes and initializers are what gets imported; slots
  // point into it, so it lives as long as the importer.
  subgraphModels.push_back(std::move(sub));
  return &subgraphModels.back()->proto.graph();
}

llvm::Expected<SmallVector<Value>>
GraphImporter::importSubgraph(const onnx::GraphProto &graph, ValueRange inputs,
                              bool inferAlone, OpBuilder &builder) {
  if (static_cast<size_t>(graph.input_size()) != inputs.size())
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        llvm::formatv("subgraph '{0}' has {1} inputs, {2} are given",
                      graph.name(), graph.input_size(), inputs.size()));
  for (auto [input, value] : llvm::zip(graph.input(), inputs))
    define(input.name(), value);
  // With inferAlone, the nodes imported are those of the folded copy; only
  // the subgraph's own initializers are new (the copy's others are the
  // values it reads, already defined).
  const onnx::GraphProto *imported = &graph;
  if (inferAlone) {
    auto folded = inferSubgraphAlone(graph);
    if (!folded)
      return folded.takeError();
    imported = *folded;
  }
  std::set<std::string> own;
  for (const onnx::TensorProto &t : graph.initializer())
    own.insert(t.name());
  for (const onnx::TensorProto &t : imported->initializer()) {
    if (!own.count(t.name()))
      continue;
    Slot &slot = slots[t.name()];
    slot = Slot();
    slot.initializer = &t;
  }
  size_t knownIssues = issues.size();
  for (const onnx::NodeProto &node : imported->node())
    importNode(node, builder);
  if (issues.size() != knownIssues)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "subgraph '" + graph.name() +
                                       "' has nodes that are not supported");
  SmallVector<Value> results;
  for (const onnx::ValueInfoProto &out : graph.output()) {
    auto value = valueOf(out.name(), builder);
    if (!value)
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "subgraph '" + graph.name() +
                                         "' output '" + out.name() + "': " +
                                         toString(value.takeError()));
    results.push_back(*value);
  }
  return results;
}

void GraphImporter::importInputs(OpBuilder &builder,
                                 SmallVectorImpl<Type> &argTypes,
                                 SmallVectorImpl<std::string> &argNames) {
  const onnx::GraphProto &graph = loaded->proto.graph();
  for (const onnx::TensorProto &t : graph.initializer())
    slots[t.name()].initializer = &t;
  for (const onnx::SparseTensorProto &t : graph.sparse_initializer()) {
    errors.push_back("sparse initializer '" + t.values().name() +
                     "' is not supported");
    slots[t.values().name()].poisoned = true;
  }
  for (const onnx::ValueInfoProto &input : graph.input()) {
    // Inputs with an initializer are constants (models before IR version 4
    // list every initializer as an input).
    if (slots.count(input.name()))
      continue;
    auto type = tensorTypeFor(input.type(), &ctx);
    if (!type) {
      errors.push_back("input '" + input.name() + "' " +
                       toString(type.takeError()));
      slots[input.name()].poisoned = true;
      continue;
    }
    argTypes.push_back(*type);
    argNames.push_back(input.name());
  }
}

OwningOpRef<ModuleOp> GraphImporter::run() {
  ctx.loadDialect<graph::GraphDialect, func::FuncDialect>();
  const onnx::GraphProto &graph = loaded->proto.graph();
  // Values read by subgraphs (inlined If branches) count as used too.
  std::function<void(const onnx::GraphProto &)> collectUses =
      [&](const onnx::GraphProto &g) {
        for (const onnx::NodeProto &node : g.node()) {
          for (const std::string &in : node.input())
            if (!in.empty())
              used.insert(in);
          for (const onnx::AttributeProto &attr : node.attribute()) {
            if (attr.has_g())
              collectUses(attr.g());
            for (const onnx::GraphProto &sub : attr.graphs())
              collectUses(sub);
          }
        }
        for (const onnx::ValueInfoProto &out : g.output())
          used.insert(out.name());
      };
  collectUses(graph);

  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  OpBuilder builder(&ctx);
  builder.setInsertionPointToEnd(module->getBody());

  SmallVector<Type> argTypes;
  SmallVector<std::string> argNames;
  importInputs(builder, argTypes, argNames);
  auto func = func::FuncOp::create(builder, fileLoc, kEntryFunction,
                                   builder.getFunctionType(argTypes, {}));
  Block *entry = func.addEntryBlock();
  for (auto [i, name] : llvm::enumerate(argNames)) {
    define(name, entry->getArgument(i));
    func.setArgAttr(i, attrs::kName, builder.getStringAttr(name));
  }
  builder.setInsertionPointToEnd(entry);

  for (const onnx::NodeProto &node : graph.node())
    importNode(node, builder);

  if (graph.output_size() == 0)
    errors.push_back("the graph has no outputs");
  SmallVector<Value> results;
  SmallVector<std::string> resultNames;
  for (const onnx::ValueInfoProto &out : graph.output()) {
    auto it = slots.find(out.name());
    if (it == slots.end()) {
      errors.push_back("output '" + out.name() + "' is not computed");
      continue;
    }
    // Reported on the node that produced it.
    if (it->second.poisoned)
      continue;
    auto value = valueOf(out.name(), builder);
    if (!value) {
      errors.push_back("output '" + out.name() +
                       "': " + toString(value.takeError()));
      continue;
    }
    auto declared = tensorTypeFor(out.type(), &ctx);
    if (!declared) {
      llvm::consumeError(declared.takeError());
    } else if (*declared != value->getType()) {
      errors.push_back(llvm::formatv("output '{0}' is declared as {1} but "
                                     "the graph computes {2}",
                                     out.name(), typeString(*declared),
                                     typeString(value->getType())));
      continue;
    }
    results.push_back(*value);
    resultNames.push_back(out.name());
  }
  if (!issues.empty() || !errors.empty())
    return nullptr;

  func::ReturnOp::create(builder, fileLoc, results);
  func.setFunctionType(
      builder.getFunctionType(argTypes, ValueRange(results).getTypes()));
  for (auto [i, name] : llvm::enumerate(resultNames))
    func.setResultAttr(i, attrs::kName, builder.getStringAttr(name));
  recordModelSignature(*module, func, modelName);

  std::string message;
  {
    ScopedDiagnosticHandler capture(&ctx, [&](Diagnostic &diag) {
      if (message.empty())
        message = diag.str();
      return success();
    });
    if (failed(verify(*module)))
      errors.push_back("the imported module is invalid: " + message);
  }
  if (!errors.empty())
    return nullptr;
  return module;
}

} // namespace kiln::importer
