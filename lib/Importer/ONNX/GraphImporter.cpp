//===- GraphImporter.cpp - Build @main from an ONNX graph -----------------===//
//
// The walk itself: function signature from the graph inputs, one handler
// call per node, per-op verification so that a hostile or inconsistent model
// is reported on the node that caused it, and the return of the graph
// outputs.
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"
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

const HandlerTable &HandlerTable::get() {
  static const HandlerTable table = [] {
    HandlerTable t;
    registerElementwiseHandlers(t);
    registerConvPoolHandlers(t);
    registerTensorHandlers(t);
    registerReductionHandlers(t);
    registerCompositeHandlers(t);
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
  const onnx::TypeProto *type = loaded->typeOf(name);
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
    auto it = loaded->propagatedValues.find(out);
    if (it == loaded->propagatedValues.end())
      return false;
    auto type = inferredType(out);
    if (!type) {
      llvm::consumeError(type.takeError());
      return false;
    }
    auto intType = dyn_cast<IntegerType>(type->getElementType());
    if (!intType || intType.getWidth() < 8 ||
        type->getNumElements() != it->second.dim_size())
      return false;
    SmallVector<APInt> values;
    for (const auto &dim : it->second.dim()) {
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
  Handler handler =
      HandlerTable::get().lookup(node.domain(), node.op_type(), opset);
  if (!handler) {
    reportNode(node, isDefaultDomain(node.domain())
                         ? "op not supported"
                         : "op not supported (domain '" + node.domain() +
                               "' has no Kiln handlers)");
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

  CreatedOps created;
  builder.setListener(&created);
  NodeBinder binder(*this, node, opset, builder, nodeLoc(node));
  LogicalResult result = handler(binder);
  builder.setListener(nullptr);
  if (failed(result) || binder.hasFailed()) {
    reportNode(node, binder.hasFailed() ? binder.failureReason()
                                        : "could not be imported");
    poisonOutputs(node);
    return;
  }
  if (failed(checkResults(node, binder, created.ops)))
    poisonOutputs(node);
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
  for (const onnx::NodeProto &node : graph.node())
    for (const std::string &in : node.input())
      if (!in.empty())
        used.insert(in);
  for (const onnx::ValueInfoProto &out : graph.output())
    used.insert(out.name());

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
