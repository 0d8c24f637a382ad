//===- GraphReport.cpp - Op counts and Graphviz dumps of graph IR ---------===//
//
// A hand-written dot emitter rather than mlir's view-op-graph: a model graph
// is read by people who want the ONNX node names and shapes, with weights
// folded into the nodes that use them instead of hundreds of extra boxes.
//
//===----------------------------------------------------------------------===//

#include "kiln/Driver/GraphReport.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Pass/Pass.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/Format.h"

using namespace mlir;

namespace kiln::driver {

//===----------------------------------------------------------------------===//
// Op counts
//===----------------------------------------------------------------------===//

GraphOpCounts countGraphOps(Operation *root) {
  GraphOpCounts counts;
  root->walk([&](func::FuncOp func) {
    for (Block &block : func.getBody())
      for (Operation &op : block)
        if (op.getDialect() && op.getDialect()->getNamespace() == "graph")
          ++counts[op.getName().getStringRef().str()];
  });
  return counts;
}

int64_t totalCount(const GraphOpCounts &counts) {
  int64_t total = 0;
  for (const auto &entry : counts)
    total += entry.second;
  return total;
}

void GraphOpCountInstrumentation::runAfterPass(Pass *pass, Operation *op) {
  // The adaptors that run nested pass managers are not passes of their own.
  if (pass->getName() == "mlir::detail::OpToOpPassAdaptor")
    return;
  // Nested function passes run once per function: sum over them.
  counts[pass] += totalCount(countGraphOps(op));
}

std::vector<std::pair<std::string, int64_t>>
GraphOpCountInstrumentation::perPass() const {
  std::vector<std::pair<std::string, int64_t>> result;
  for (const auto &[pass, count] : counts) {
    llvm::StringRef name = pass->getArgument();
    result.emplace_back(name.empty() ? pass->getName().str() : name.str(),
                        count);
  }
  return result;
}

void printGraphStats(
    llvm::raw_ostream &os, const GraphOpCounts &before,
    const GraphOpCounts &after,
    const std::vector<std::pair<std::string, int64_t>> &perPass) {
  GraphOpCounts all = before;
  for (const auto &entry : after)
    all.try_emplace(entry.first, 0);
  auto lookup = [](const GraphOpCounts &counts, const std::string &name) {
    auto it = counts.find(name);
    return it == counts.end() ? int64_t(0) : it->second;
  };
  os << "kiln: graph ops before and after the graph optimizer\n";
  os << llvm::format("  %-28s %8s %8s\n", "op", "before", "after");
  for (const auto &entry : all)
    os << llvm::format("  %-28s %8lld %8lld\n", entry.first.c_str(),
                       (long long)lookup(before, entry.first),
                       (long long)lookup(after, entry.first));
  os << llvm::format("  %-28s %8lld %8lld\n", "total",
                     (long long)totalCount(before),
                     (long long)totalCount(after));
  if (perPass.empty())
    return;
  os << "kiln: graph ops after each pass\n";
  os << llvm::format("  %-28s %8s %8s\n", "pass", "ops", "change");
  int64_t previous = totalCount(before);
  os << llvm::format("  %-28s %8lld\n", "(imported)", (long long)previous);
  for (const auto &[name, count] : perPass) {
    os << llvm::format("  %-28s %8lld %+8lld\n", name.c_str(), (long long)count,
                       (long long)(count - previous));
    previous = count;
  }
}

//===----------------------------------------------------------------------===//
// Graphviz
//===----------------------------------------------------------------------===//

namespace {

/// "1x64x56x56xf32" for tensor<1x64x56x56xf32>.
std::string shapeText(Type type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << type;
  llvm::StringRef ref(text);
  if (ref.consume_front("tensor<") && ref.consume_back(">"))
    return ref.str();
  return text;
}

/// Escapes `text` for a double-quoted dot string.
std::string escape(llvm::StringRef text) {
  std::string out;
  for (char c : text) {
    if (c == '"' || c == '\\')
      out += '\\';
    out += c;
  }
  return out;
}

/// The ONNX node name an op was imported from, if its location has one.
std::string nodeName(Operation *op) {
  if (auto nameLoc = op->getLoc()->findInstanceOf<NameLoc>())
    return nameLoc.getName().str();
  return "";
}

void printFunction(func::FuncOp func, unsigned index, llvm::raw_ostream &os) {
  if (func.isExternal())
    return;
  std::string prefix = "f" + std::to_string(index) + "_";
  llvm::DenseMap<Operation *, std::string> ids;
  Block &body = func.getBody().front();
  for (BlockArgument arg : body.getArguments())
    os << "  " << prefix << "in" << arg.getArgNumber() << " [shape=ellipse, "
       << "label=\"input " << arg.getArgNumber() << "\\n"
       << escape(shapeText(arg.getType())) << "\"];\n";

  auto source = [&](Value v) -> std::string {
    if (auto arg = dyn_cast<BlockArgument>(v))
      return prefix + "in" + std::to_string(arg.getArgNumber());
    auto it = ids.find(v.getDefiningOp());
    return it == ids.end() ? "" : it->second;
  };

  unsigned counter = 0;
  for (Operation &op : body) {
    if (op.hasTrait<OpTrait::ConstantLike>())
      continue;
    bool isReturn = op.hasTrait<OpTrait::IsTerminator>();
    std::string id =
        prefix + (isReturn ? "out" : "n" + std::to_string(counter++));
    ids[&op] = id;
    std::string label;
    if (isReturn) {
      label = "output";
    } else {
      std::string name = nodeName(&op);
      if (!name.empty())
        label += escape(name) + "\\n";
      label += op.getName().getStringRef().str();
      for (Type type : op.getResultTypes())
        label += "\\n" + escape(shapeText(type));
    }
    // Constant operands (weights, biases) are listed in the label.
    for (Value operand : op.getOperands())
      if (matchPattern(operand, m_Constant()))
        label += "\\nconst " + escape(shapeText(operand.getType()));
    os << "  " << id << " [" << (isReturn ? "shape=ellipse, " : "")
       << "label=\"" << label << "\"];\n";
    for (Value operand : op.getOperands()) {
      std::string from = source(operand);
      if (!from.empty())
        os << "  " << from << " -> " << id << ";\n";
    }
  }
}

} // namespace

void printGraphDot(ModuleOp module, llvm::raw_ostream &os) {
  os << "digraph kiln {\n";
  os << "  node [shape=box, fontname=\"monospace\"];\n";
  unsigned index = 0;
  module.walk([&](func::FuncOp func) { printFunction(func, index++, os); });
  os << "}\n";
}

} // namespace kiln::driver
