//===- kiln-ops-docgen.cpp - docs/ops.md from the importer's table --------===//
//
//   kiln-ops-docgen --node-tests DIR --expected FILE --skipped FILE -o ops.md
//
// Writes the operator coverage page: every operator the importer's handler
// table imports (opsets, element types, limits) with the ONNX node tests that
// use it and how many of them pass (test/e2e/node/expected-pass.txt), the
// operators Kiln refuses and why, and the node tests that cannot pass with
// their reason: a refused operator, a non-tensor or string input/output, or
// an entry of the skip list. Everything comes from the importer's table and
// the test files, so the page is regenerated, never edited; the docs-ops
// test fails when the checked-in copy differs.
//
//===----------------------------------------------------------------------===//

#include "kiln/Importer/ONNXImporter.h"

#include "onnx/onnx_pb.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace cl = llvm::cl;

static cl::opt<std::string> nodeTestDir("node-tests",
                                        cl::desc("ONNX node test directory"),
                                        cl::Required);
static cl::opt<std::string> expectedPath(
    "expected", cl::desc("expected-pass.txt of the node tests"),
    cl::Required);
static cl::opt<std::string> skippedPath(
    "skipped", cl::desc("skipped.txt of the node tests"), cl::Required);
static cl::opt<std::string> outputPath("o", cl::desc("Output file"),
                                       cl::init("-"));
static cl::opt<int64_t> maxOpset(
    "max-opset", cl::desc("Tests of newer opsets are not counted"),
    cl::init(17));

namespace {

int fail(const llvm::Twine &message) {
  llvm::errs() << "kiln-ops-docgen: " << message << "\n";
  return 1;
}

/// Non-empty, non-comment lines of a list file; "name  # reason" entries
/// keep their reason.
llvm::Expected<std::map<std::string, std::string>>
readList(llvm::StringRef path) {
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer)
    return llvm::createStringError(buffer.getError(),
                                   "cannot read " + path.str());
  std::map<std::string, std::string> entries;
  llvm::SmallVector<llvm::StringRef> lines;
  (*buffer)->getBuffer().split(lines, '\n');
  for (llvm::StringRef line : lines) {
    line = line.trim();
    if (line.empty() || line.starts_with("#"))
      continue;
    auto [name, reason] = line.split('#');
    entries[name.trim().str()] = reason.trim().str();
  }
  return entries;
}

/// What one node test's model needs.
struct NodeTest {
  std::string name;
  int64_t opset = 0;
  std::set<std::string> ops; ///< "Op" (default domain) or "domain::Op".
  std::vector<std::string> opsInOrder;
  std::string interfaceProblem; ///< A non-tensor or string input/output.
};

void collectOps(const onnx::GraphProto &graph, NodeTest &test) {
  for (const onnx::NodeProto &node : graph.node()) {
    bool defaultDomain = node.domain().empty() || node.domain() == "ai.onnx";
    std::string key =
        defaultDomain ? node.op_type() : node.domain() + "::" + node.op_type();
    if (test.ops.insert(key).second)
      test.opsInOrder.push_back(key);
    for (const onnx::AttributeProto &attr : node.attribute()) {
      if (attr.has_g())
        collectOps(attr.g(), test);
      for (const onnx::GraphProto &g : attr.graphs())
        collectOps(g, test);
    }
  }
}

std::string interfaceProblem(const onnx::GraphProto &graph) {
  auto check = [](const onnx::ValueInfoProto &vi) -> std::string {
    const onnx::TypeProto &type = vi.type();
    if (type.has_sequence_type())
      return "input or output '" + vi.name() +
             "' is a sequence: sequence values are not supported";
    if (type.has_optional_type())
      return "input or output '" + vi.name() +
             "' is optional: optional values are not supported";
    if (type.has_tensor_type() &&
        type.tensor_type().elem_type() == onnx::TensorProto::STRING)
      return "input or output '" + vi.name() +
             "' holds strings: string tensors are not supported";
    return "";
  };
  for (const onnx::ValueInfoProto &vi : graph.input())
    if (std::string problem = check(vi); !problem.empty())
      return problem;
  for (const onnx::ValueInfoProto &vi : graph.output())
    if (std::string problem = check(vi); !problem.empty())
      return problem;
  return "";
}

llvm::Expected<std::vector<NodeTest>> readNodeTests(llvm::StringRef dir) {
  std::vector<NodeTest> tests;
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it(dir, ec), end; it != end && !ec;
       it.increment(ec)) {
    llvm::StringRef name = llvm::sys::path::filename(it->path());
    if (!name.starts_with("test_"))
      continue;
    std::string modelPath = it->path() + "/model.onnx";
    auto buffer = llvm::MemoryBuffer::getFile(modelPath);
    if (!buffer)
      continue;
    onnx::ModelProto model;
    if (!model.ParseFromArray((*buffer)->getBufferStart(),
                              static_cast<int>((*buffer)->getBufferSize())))
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "cannot parse " + modelPath);
    NodeTest test;
    test.name = name.str();
    for (const auto &import : model.opset_import())
      if (import.domain().empty() || import.domain() == "ai.onnx")
        test.opset = std::max<int64_t>(test.opset, import.version());
    collectOps(model.graph(), test);
    test.interfaceProblem = interfaceProblem(model.graph());
    tests.push_back(std::move(test));
  }
  if (ec)
    return llvm::createStringError(ec, "cannot list " + dir.str());
  llvm::sort(tests, [](const NodeTest &a, const NodeTest &b) {
    return a.name < b.name;
  });
  return tests;
}

/// Markdown table cells must not contain '|' or newlines.
std::string cell(llvm::StringRef text) {
  std::string out;
  for (char ch : text)
    out += ch == '|' ? '/' : ch == '\n' ? ' ' : ch;
  return out;
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::ParseCommandLineOptions(argc, argv, "Kiln operator coverage page\n");

  auto expected = readList(expectedPath);
  if (!expected)
    return fail(llvm::toString(expected.takeError()));
  auto skipped = readList(skippedPath);
  if (!skipped)
    return fail(llvm::toString(skipped.takeError()));
  auto tests = readNodeTests(nodeTestDir);
  if (!tests)
    return fail(llvm::toString(tests.takeError()));
  std::vector<kiln::importer::OperatorSupport> ops =
      kiln::importer::listOperators();

  // Refusal reasons by op key, and the documentation every imported op needs.
  llvm::StringMap<std::string> refused;
  llvm::StringSet<> imported;
  std::vector<std::string> undocumented;
  for (const auto &op : ops) {
    std::string key = op.domain == "ai.onnx" ? op.opType
                                             : op.domain + "::" + op.opType;
    if (!op.rejection.empty()) {
      refused[key] = op.rejection;
      continue;
    }
    imported.insert(key);
    if (op.dtypes.empty())
      undocumented.push_back(key);
  }
  if (!undocumented.empty())
    return fail("operators with a handler but no entry in the importer's op "
                "catalog (lib/Importer/ONNX/OpCatalog.cpp): " +
                llvm::join(undocumented, ", "));

  // Per op: node tests that use it, and how many of those pass.
  std::map<std::string, std::pair<int, int>> perOp; // passed, total
  int counted = 0, passed = 0, tooNew = 0;
  std::vector<std::pair<std::string, std::string>> impossible;
  for (const NodeTest &t : *tests) {
    if (t.opset > maxOpset) {
      ++tooNew;
      continue;
    }
    ++counted;
    bool passes = expected->count(t.name);
    passed += passes;
    for (const std::string &op : t.ops) {
      auto &[p, total] = perOp[op];
      p += passes;
      ++total;
    }
    std::string reason;
    if (auto it = skipped->find(t.name); it != skipped->end())
      reason = "skipped: " + it->second;
    else if (!t.interfaceProblem.empty())
      reason = t.interfaceProblem;
    else
      for (const std::string &op : t.opsInOrder)
        if (auto it = refused.find(op); it != refused.end()) {
          reason = op + ": " + it->second;
          break;
        }
    if (reason.empty())
      continue;
    if (passes)
      return fail(t.name + " passes, yet it is listed as one that cannot: " +
                  reason);
    impossible.emplace_back(t.name, reason);
  }
  for (const auto &entry : *expected)
    if (!llvm::any_of(*tests,
                      [&](const NodeTest &t) { return t.name == entry.first; }))
      return fail("expected-pass.txt names " + entry.first +
                  ", which is not a node test in " + nodeTestDir);

  std::string text;
  llvm::raw_string_ostream os(text);
  os << "# Operator coverage\n\n"
        "<!-- Generated by kiln-ops-docgen from the importer's handler table "
        "(lib/Importer/ONNX, OpCatalog.cpp), test/e2e/node/expected-pass.txt "
        "and test/e2e/node/skipped.txt. Do not edit: regenerate with "
        "`ninja -C build kiln-ops-doc`. -->\n\n";
  int importedOps = static_cast<int>(imported.size());
  os << llvm::formatv(
      "Kiln imports {0} operators of the default ONNX domain (`ai.onnx`), "
      "from opset 7 to {1}; models of older opsets are upgraded to opset 7 "
      "by ONNX's version converter. Shapes must be static: an input that "
      "decides a shape (Reshape's shape, Slice's starts, ...) must be a "
      "constant, a value ONNX's shape inference can compute, or, where the "
      "limits say so, a run-time value whose result shape the model "
      "declares.\n\n",
      importedOps, int64_t(maxOpset));
  os << llvm::formatv(
      "Of the {0} ONNX backend node tests (Debian's libonnx-testdata, "
      "opset <= {1}), **{2} pass ({3:F1}%)**; {4} cannot pass for the "
      "reasons listed at the end; the others are refused at compile time "
      "with a message naming the node and the reason.",
      counted, int64_t(maxOpset), passed,
      counted ? 100.0 * passed / counted : 0.0, impossible.size());
  if (tooNew)
    os << llvm::formatv(" {0} more tests need an opset above {1} and are not "
                        "counted.",
                        tooNew, int64_t(maxOpset));
  os << "\n\n";
  os << "`kiln inspect MODEL.onnx` (or `--json`) lists, before compiling, "
        "every node Kiln would refuse, with the same reason `kiln compile` "
        "gives.\n\n";

  os << "## Imported operators\n\n"
        "*Node tests* counts the node tests whose model uses the operator "
        "(expanded function tests included): passed / total.\n\n"
        "| Operator | Opsets | Types | Limits | Node tests |\n"
        "|---|---|---|---|---|\n";
  for (const auto &op : ops) {
    if (!op.rejection.empty() || op.domain != "ai.onnx")
      continue;
    auto it = perOp.find(op.opType);
    std::string count =
        it == perOp.end()
            ? "-"
            : llvm::formatv("{0} / {1}", it->second.first, it->second.second)
                  .str();
    os << "| " << op.opType << " | "
       << llvm::formatv("{0}-{1}", op.firstOpset, op.lastOpset) << " | "
       << cell(op.dtypes) << " | " << cell(op.limits) << " | " << count
       << " |\n";
  }

  os << "\n## Operators Kiln refuses\n\n"
        "These are reported with their reason; all other operators without "
        "a handler are reported as \"op not supported\".\n\n"
        "| Operator | Reason |\n|---|---|\n";
  for (const auto &op : ops) {
    if (op.rejection.empty())
      continue;
    std::string name = op.domain == "ai.onnx" ? op.opType
                                              : op.domain + "::" + op.opType;
    os << "| " << name << " | " << cell(op.rejection) << " |\n";
  }

  os << llvm::formatv("\n## Node tests that cannot pass ({0})\n\n",
                      impossible.size())
     << "Tests that need a refused operator or a non-tensor or string graph "
        "input or output, and the tests of the skip list "
        "(test/e2e/node/skipped.txt), whose data is wrong.\n\n"
        "| Test | Reason |\n|---|---|\n";
  for (const auto &[name, reason] : impossible)
    os << "| " << name << " | " << cell(reason) << " |\n";

  std::error_code ec;
  llvm::ToolOutputFile file(outputPath, ec, llvm::sys::fs::OF_Text);
  if (ec)
    return fail("cannot write " + outputPath + ": " + ec.message());
  file.os() << text;
  file.keep();
  return 0;
}
