//===- NodeTestRunner.cpp - ONNX backend node tests for Kiln --------------===//
//
// kiln-node-tests compiles every model of ONNX's backend node tests
// (libonnx-testdata: one directory per test with model.onnx and
// test_data_set_*/{input,output}_*.pb) in process, links the object into a
// forked child with the Target loader, runs it through kiln_model_info and
// compares with the reference outputs as ONNX's own backend tests do.
//
// Each test ends as PASS, REJECTED (Kiln refused the model at compile time:
// a clear "unsupported", which is fine), WRONG (it compiled, but the values,
// shapes or the run itself are wrong) or CRASH (the child died or hung).
// test/e2e/node/expected-pass.txt lists the tests that pass; the run fails on
// any WRONG or CRASH, on an expected pass that no longer passes, and on a pass
// missing from that list (--update-expectations rewrites it).
//
//===----------------------------------------------------------------------===//

#include "E2ESupport.h"
#include "ProcessPool.h"

#include "kiln/Compiler.h"
#include "kiln/Target/Loader.h"

#include "onnx/onnx_pb.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>

using namespace kiln;
using namespace kiln::e2e;
namespace cl = llvm::cl;

#ifndef KILN_ONNX_NODE_TEST_DIR
#define KILN_ONNX_NODE_TEST_DIR "/usr/share/libonnx-testdata/data/node"
#endif
#ifndef KILN_NODE_EXPECTATIONS
#define KILN_NODE_EXPECTATIONS "expected-pass.txt"
#endif
#ifndef KILN_NODE_SKIPS
#define KILN_NODE_SKIPS "skipped.txt"
#endif
#ifndef KILN_NODE_REPORT
#define KILN_NODE_REPORT "node-tests-report.txt"
#endif

static cl::OptionCategory category("kiln-node-tests options");
static cl::opt<std::string> dataDir("data-dir",
                                    cl::desc("ONNX node test directory"),
                                    cl::init(KILN_ONNX_NODE_TEST_DIR),
                                    cl::cat(category));
static cl::opt<std::string>
    expectationsPath("expectations",
                     cl::desc("file listing the tests expected to pass"),
                     cl::init(KILN_NODE_EXPECTATIONS), cl::cat(category));
static cl::opt<std::string>
    skipsPath("skip-list",
              cl::desc("file listing tests with broken data, and why"),
              cl::init(KILN_NODE_SKIPS), cl::cat(category));
static cl::opt<std::string> reportPath("report",
                                       cl::desc("per-test report to write"),
                                       cl::init(KILN_NODE_REPORT),
                                       cl::cat(category));
static cl::opt<std::string>
    filter("filter", cl::desc("only run tests whose name matches REGEX"),
           cl::value_desc("REGEX"), cl::cat(category));
static cl::opt<unsigned> jobs("jobs", cl::desc("tests run at once"),
                              cl::init(2), cl::cat(category));
static cl::opt<double> timeoutSeconds("timeout",
                                      cl::desc("seconds allowed per test"),
                                      cl::init(60), cl::cat(category));
static cl::opt<int> optLevel("O", cl::desc("optimization level (0-3)"),
                             cl::init(2), cl::Prefix, cl::cat(category));
static cl::opt<int64_t> maxOpset("max-opset",
                                 cl::desc("skip models importing a newer "
                                          "default-domain opset"),
                                 cl::init(17), cl::cat(category));
static cl::opt<bool> updateExpectations(
    "update-expectations",
    cl::desc("rewrite the expectations file with the tests that pass"),
    cl::cat(category));
static cl::opt<bool> verbose("verbose", cl::desc("print every test's outcome"),
                             cl::cat(category));

namespace {

enum class Outcome { Pass, Rejected, Wrong, Crash, Skipped };

const char *outcomeName(Outcome o) {
  switch (o) {
  case Outcome::Pass: return "PASS";
  case Outcome::Rejected: return "REJECTED";
  case Outcome::Wrong: return "WRONG";
  case Outcome::Crash: return "CRASH";
  case Outcome::Skipped: return "SKIPPED";
  }
  return "?";
}

struct TestCase {
  std::string name;
  std::string dir;
  Outcome outcome = Outcome::Crash;
  std::string message; ///< Why, for everything but PASS.
  double compileMillis = 0, runMillis = 0;
};

/// The default-domain opset `model.onnx` imports, or an error message.
llvm::Expected<int64_t> readOpset(const std::string &modelPath) {
  std::ifstream in(modelPath, std::ios::binary);
  onnx::ModelProto model;
  if (!in || !model.ParseFromIstream(&in))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "cannot parse " + modelPath);
  int64_t opset = 0;
  for (const auto &import : model.opset_import())
    if (import.domain().empty() || import.domain() == "ai.onnx")
      opset = std::max(opset, import.version());
  return opset;
}

/// Sorted paths of `dir`'s entries whose name starts with `prefix`.
std::vector<std::string> listDir(const std::string &dir,
                                 llvm::StringRef prefix, bool wantDirs) {
  std::vector<std::string> out;
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it(dir, ec), end; it != end && !ec;
       it.increment(ec)) {
    llvm::StringRef name = llvm::sys::path::filename(it->path());
    // is_directory follows symlinks, so a tree of links to tests works too.
    bool isDir = llvm::sys::fs::is_directory(it->path());
    if (name.starts_with(prefix) && isDir == wantDirs)
      out.push_back(it->path());
  }
  // Numeric order: input_10 after input_9.
  std::sort(out.begin(), out.end(), [](const std::string &a,
                                       const std::string &b) {
    return a.size() != b.size() ? a.size() < b.size() : a < b;
  });
  return out;
}

//===----------------------------------------------------------------------===//
// The child: compile, load, run, compare
//===----------------------------------------------------------------------===//

/// numpy has no bfloat16, so ONNX 1.12's test data stores bfloat16 tensors as
/// uint16 bit patterns. Where the model says bf16 and the data u16 of the
/// same shape, the data is read as the bf16 bits it is.
void adoptBF16(HostTensor &data, int32_t modelDType,
               llvm::ArrayRef<int64_t> modelShape) {
  if (modelDType == KILN_DTYPE_BF16 && data.dtype == KILN_DTYPE_U16 &&
      llvm::ArrayRef(data.shape) == modelShape)
    data.dtype = KILN_DTYPE_BF16;
}

/// Writes "OUTCOME\tcompile_ms\trun_ms\nmessage" to the result channel.
void report(int fd, Outcome o, double compileMs, double runMs,
            llvm::StringRef message) {
  char times[64];
  std::snprintf(times, sizeof(times), "%.6f\t%.6f", compileMs, runMs);
  writeResult(fd, (outcomeName(o) + llvm::Twine("\t") + times + "\n" +
                   message)
                      .str());
}

void runTestInChild(const TestCase &test, int fd) {
  std::string modelPath = test.dir + "/model.onnx";
  CompileOptions options;
  options.optLevel = optLevel;
  double start = nowMillis();
  auto compiled = compileModelFile(modelPath, options);
  double compileMs = nowMillis() - start;
  if (!compiled)
    return report(fd, Outcome::Rejected, compileMs, 0,
                  llvm::toString(compiled.takeError()));

  auto loaded = target::loadObject(std::move(compiled->object),
                                   compiled->signature.name);
  if (!loaded)
    return report(fd, Outcome::Wrong, compileMs, 0,
                  "compiled, but the object does not load: " +
                      llvm::toString(loaded.takeError()));
  const kiln_model_info *info = (*loaded)->info();

  double runMs = 0;
  std::vector<std::string> sets = listDir(test.dir, "test_data_set_", true);
  if (sets.empty())
    return report(fd, Outcome::Wrong, compileMs, 0, "no test_data_set_*");
  Tolerance tol; // ONNX backend-test defaults
  for (const std::string &set : sets) {
    llvm::StringRef setName = llvm::sys::path::filename(set);
    std::vector<HostTensor> inputs, expected;
    for (auto [prefix, tensors] :
         {std::pair("input_", &inputs), std::pair("output_", &expected)}) {
      for (const std::string &path : listDir(set, prefix, false)) {
        auto t = readTensorProtoFile(path);
        if (!t)
          return report(fd, Outcome::Wrong, compileMs, runMs,
                        (setName + ": compiled a model whose test data Kiln "
                                   "cannot represent: " +
                         llvm::toString(t.takeError()))
                            .str());
        tensors->push_back(std::move(*t));
      }
    }
    for (size_t i = 0; i < inputs.size() && i < info->num_inputs; ++i)
      adoptBF16(inputs[i], info->inputs[i].dtype,
                llvm::ArrayRef(info->inputs[i].shape, info->inputs[i].rank));
    auto result = runModel(*info, inputs);
    if (!result)
      return report(fd, Outcome::Wrong, compileMs, runMs,
                    (setName + ": " + llvm::toString(result.takeError())).str());
    runMs += result->runMillis;
    if (result->outputs.size() != expected.size())
      return report(fd, Outcome::Wrong, compileMs, runMs,
                    llvm::formatv("{0}: the model has {1} outputs, the test "
                                  "data {2}",
                                  setName, result->outputs.size(),
                                  expected.size())
                        .str());
    for (size_t i = 0; i < expected.size(); ++i) {
      adoptBF16(expected[i], result->outputs[i].dtype,
                result->outputs[i].shape);
      std::string what = llvm::formatv("{0}: output {1} '{2}'", setName, i,
                                       result->outputs[i].name);
      std::string diff =
          compareTensors(what, expected[i], result->outputs[i], tol);
      if (!diff.empty())
        return report(fd, Outcome::Wrong, compileMs, runMs, diff);
    }
  }
  report(fd, Outcome::Pass, compileMs, runMs, "");
}

/// Turns what a child reported (or how it died) into the test's outcome.
void recordOutcome(TestCase &test, const ChildOutcome &child) {
  llvm::StringRef result = child.result;
  auto [header, message] = result.split('\n');
  llvm::SmallVector<llvm::StringRef> fields;
  header.split(fields, '\t');
  std::optional<Outcome> outcome;
  if (fields.size() == 3) {
    for (Outcome o : {Outcome::Pass, Outcome::Rejected, Outcome::Wrong})
      if (fields[0] == outcomeName(o))
        outcome = o;
    fields[1].getAsDouble(test.compileMillis);
    fields[2].getAsDouble(test.runMillis);
  }
  bool cleanExit = child.kind == ChildOutcome::Kind::Exited && child.code == 0;
  if (outcome && cleanExit) {
    test.outcome = *outcome;
    test.message = message.rtrim().str();
    return;
  }
  test.outcome = Outcome::Crash;
  test.message = child.describe(timeoutSeconds);
  if (outcome)
    test.message += llvm::formatv(" after reporting {0}", outcomeName(*outcome));
  llvm::StringRef log = llvm::StringRef(child.log).rtrim();
  if (!log.empty())
    test.message += "\n" + log.str();
}

//===----------------------------------------------------------------------===//
// Expectations and reporting
//===----------------------------------------------------------------------===//

/// Reads "name  # reason" lines; a name without a reason is an error.
llvm::Expected<std::map<std::string, std::string>>
readSkipList(const std::string &path) {
  std::ifstream in(path);
  if (!in)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "cannot read '" + path + "'");
  std::map<std::string, std::string> skips;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    llvm::StringRef text = llvm::StringRef(line).trim();
    if (text.empty() || text.starts_with("#"))
      continue;
    auto [name, reason] = text.split('#');
    name = name.trim();
    reason = reason.trim();
    if (reason.empty())
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(),
          llvm::formatv("{0}:{1}: '{2}' needs a reason (name  # reason)", path,
                        number, name)
              .str());
    skips[name.str()] = reason.str();
  }
  return skips;
}

std::set<std::string> readExpectations(const std::string &path, bool &ok) {
  std::set<std::string> names;
  std::ifstream in(path);
  ok = static_cast<bool>(in);
  std::string line;
  while (std::getline(in, line)) {
    llvm::StringRef name = llvm::StringRef(line).trim();
    if (!name.empty() && !name.starts_with("#"))
      names.insert(name.str());
  }
  return names;
}

bool writeExpectations(const std::string &path,
                       const std::set<std::string> &names) {
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec);
  if (ec)
    return false;
  os << "# ONNX backend node tests Kiln passes (compiled, run, matched the\n"
        "# reference). One name per line, sorted. Regenerate with\n"
        "#   build/test/bin/kiln-node-tests --update-expectations\n";
  for (const std::string &name : names)
    os << name << "\n";
  return !os.has_error();
}

std::string indent(llvm::StringRef text) {
  std::string out;
  llvm::SmallVector<llvm::StringRef> lines;
  text.split(lines, '\n');
  for (llvm::StringRef line : lines)
    out += "    " + line.str() + "\n";
  return out;
}

std::string firstLine(llvm::StringRef text) {
  return text.split('\n').first.str();
}

//===----------------------------------------------------------------------===//
// The run
//===----------------------------------------------------------------------===//

/// Marks skipped tests (skip list, too new an opset) and returns the indices
/// of those to run. Names in the skip list that match no selected test are
/// appended to `staleSkips`.
std::vector<size_t> selectTests(std::vector<TestCase> &tests,
                                const std::map<std::string, std::string> &skips,
                                const std::optional<llvm::Regex> &regex,
                                std::vector<std::string> &staleSkips) {
  std::set<std::string> names;
  for (const TestCase &t : tests)
    names.insert(t.name);
  for (const auto &[name, reason] : skips)
    if (!names.count(name) && (!regex || regex->match(name)))
      staleSkips.push_back(name);

  std::vector<size_t> toRun;
  for (size_t i = 0; i < tests.size(); ++i) {
    TestCase &t = tests[i];
    if (auto it = skips.find(t.name); it != skips.end()) {
      t.outcome = Outcome::Skipped;
      t.message = it->second;
      continue;
    }
    auto opset = readOpset(t.dir + "/model.onnx");
    if (!opset) {
      // Broken test data is not Kiln's fault, but it must not go unnoticed.
      t.outcome = Outcome::Crash;
      t.message = "the test's model does not parse: " +
                  llvm::toString(opset.takeError());
    } else if (*opset > maxOpset) {
      t.outcome = Outcome::Skipped;
      t.message = llvm::formatv("opset {0} > {1}", *opset, maxOpset);
    } else {
      toRun.push_back(i);
    }
  }
  return toRun;
}

/// Runs the selected tests, each in a forked child, printing failures (or,
/// with --verbose, everything) as they finish.
void runTests(std::vector<TestCase> &tests, llvm::ArrayRef<size_t> toRun) {
  llvm::outs() << llvm::formatv("kiln-node-tests: {0} tests from {1}, {2} "
                                "jobs, -O{3}\n",
                                toRun.size(), dataDir, jobs, optLevel);
  llvm::outs().flush();
  ChildLimits limits;
  limits.timeoutSeconds = timeoutSeconds;
  // Node-test models are tiny; 8 GiB of address space is far beyond what a
  // correct compile of one needs, and keeps a runaway one from taking the
  // memory of the other jobs.
  limits.addressSpaceBytes = 8ull << 30;
  size_t done = 0;
  runForked(
      toRun.size(), jobs, limits,
      [&](size_t i, int fd) { runTestInChild(tests[toRun[i]], fd); },
      [&](size_t i, const ChildOutcome &child) {
        TestCase &t = tests[toRun[i]];
        recordOutcome(t, child);
        ++done;
        bool bad = t.outcome == Outcome::Wrong || t.outcome == Outcome::Crash;
        if (bad || verbose)
          llvm::outs() << llvm::formatv(
              "[{0}/{1}] {2,-8} {3}{4}\n", done, toRun.size(),
              outcomeName(t.outcome), t.name,
              t.message.empty() ? "" : ": " + firstLine(t.message));
        else if (done % 100 == 0)
          llvm::outs() << llvm::formatv("[{0}/{1}] ...\n", done, toRun.size());
        llvm::outs().flush();
      });
}

/// The outcome of a run against the expectations.
struct Summary {
  std::map<Outcome, size_t> counts;
  /// Expected to pass, but did not.
  std::vector<std::string> lostPasses;
  /// Passed, but not expected to.
  std::vector<std::string> newPasses;
  /// Expected to pass, but absent from the test data (full runs only).
  std::vector<std::string> missing;
  /// Named by the skip list, but absent from the test data.
  std::vector<std::string> staleSkips;
  /// Lost passes that were REJECTED or SKIPPED (WRONG and CRASH count anyway).
  size_t lostQuietly = 0;

  size_t failed() const {
    return counts.at(Outcome::Wrong) + counts.at(Outcome::Crash) +
           lostQuietly + missing.size() + staleSkips.size();
  }
  std::string countsLine() const {
    std::string skipped;
    if (size_t n = counts.at(Outcome::Skipped))
      skipped = llvm::formatv(", {0} skipped (bad test data or opset > {1})",
                              n, maxOpset);
    return llvm::formatv("node tests: {0} passed, {1} rejected (unsupported), "
                         "{2} wrong, {3} crashed{4}",
                         counts.at(Outcome::Pass),
                         counts.at(Outcome::Rejected),
                         counts.at(Outcome::Wrong), counts.at(Outcome::Crash),
                         skipped);
  }
  std::string finalLine() const {
    return llvm::formatv("{0} passed, {1} failed", counts.at(Outcome::Pass),
                         failed());
  }
};

Summary summarize(llvm::ArrayRef<TestCase> tests,
                  const std::set<std::string> &expected, bool filtered) {
  Summary s;
  for (Outcome o : {Outcome::Pass, Outcome::Rejected, Outcome::Wrong,
                    Outcome::Crash, Outcome::Skipped})
    s.counts[o] = 0;
  std::set<std::string> selected;
  for (const TestCase &t : tests) {
    ++s.counts[t.outcome];
    selected.insert(t.name);
    bool isExpected = expected.count(t.name);
    if (t.outcome == Outcome::Pass && !isExpected)
      s.newPasses.push_back(t.name);
    if (t.outcome != Outcome::Pass && isExpected) {
      s.lostPasses.push_back(t.name);
      if (t.outcome == Outcome::Rejected || t.outcome == Outcome::Skipped)
        ++s.lostQuietly;
    }
  }
  // A filter deselects tests on purpose; only a full run can tell that an
  // expected pass has vanished from the test data.
  if (!filtered)
    for (const std::string &name : expected)
      if (!selected.count(name))
        s.missing.push_back(name);
  return s;
}

/// Rewrites the expectations with this run's passes (keeping entries a
/// filter left out) and clears what the new file now accounts for.
bool updateExpectationsFile(llvm::ArrayRef<TestCase> tests,
                            const std::set<std::string> &expected,
                            bool filtered, Summary &summary) {
  std::set<std::string> selected, updated;
  for (const TestCase &t : tests) {
    selected.insert(t.name);
    if (t.outcome == Outcome::Pass)
      updated.insert(t.name);
  }
  if (filtered)
    for (const std::string &name : expected)
      if (!selected.count(name))
        updated.insert(name);
  if (!writeExpectations(expectationsPath, updated)) {
    llvm::errs() << "kiln-node-tests: cannot write '" << expectationsPath
                 << "'\n";
    return false;
  }
  llvm::outs() << "updated " << expectationsPath << ": " << updated.size()
               << " expected passes\n";
  summary.lostPasses.clear();
  summary.newPasses.clear();
  summary.missing.clear();
  summary.lostQuietly = 0;
  return true;
}

void writeReport(llvm::ArrayRef<TestCase> tests, const Summary &summary,
                 double seconds) {
  std::error_code ec;
  llvm::raw_fd_ostream os(reportPath, ec);
  if (ec) {
    llvm::errs() << "kiln-node-tests: cannot write '" << reportPath
                 << "': " << ec.message() << "\n";
    return;
  }
  os << llvm::formatv("# kiln-node-tests report: {0} tests, -O{1}, {2:f1} s\n",
                      tests.size(), optLevel, seconds);
  for (const TestCase &t : tests) {
    os << llvm::formatv("{0,-8} {1}", outcomeName(t.outcome), t.name);
    if (t.outcome == Outcome::Pass || t.outcome == Outcome::Wrong)
      os << llvm::formatv(" (compile {0:f0} ms, run {1:f2} ms)",
                          t.compileMillis, t.runMillis);
    os << "\n";
    if (!t.message.empty())
      os << indent(t.message);
  }
  os << summary.countsLine() << "\n" << summary.finalLine() << "\n";
}

void printList(llvm::StringRef title, llvm::ArrayRef<std::string> names) {
  if (names.empty())
    return;
  llvm::outs() << title << "\n";
  for (const std::string &name : names)
    llvm::outs() << "  " << name << "\n";
}

} // namespace

int main(int argc, char **argv) {
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(
      argc, argv,
      "Runs ONNX's backend node tests through Kiln and checks the results "
      "against test/e2e/node/expected-pass.txt.\n");

  std::optional<llvm::Regex> regex;
  if (!filter.empty()) {
    regex.emplace(filter);
    std::string error;
    if (!regex->isValid(error)) {
      llvm::errs() << "kiln-node-tests: bad --filter: " << error << "\n";
      return 2;
    }
  }
  bool haveExpectations = false;
  std::set<std::string> expected =
      readExpectations(expectationsPath, haveExpectations);
  if (!haveExpectations && !updateExpectations) {
    llvm::errs() << "kiln-node-tests: cannot read '" << expectationsPath
                 << "'\n";
    return 2;
  }
  auto skips = readSkipList(skipsPath);
  if (!skips) {
    llvm::errs() << "kiln-node-tests: " << llvm::toString(skips.takeError())
                 << "\n";
    return 2;
  }

  std::vector<TestCase> tests;
  for (const std::string &dir : listDir(dataDir, "test_", true)) {
    TestCase t;
    t.name = llvm::sys::path::filename(dir).str();
    t.dir = dir;
    if (!regex || regex->match(t.name))
      tests.push_back(std::move(t));
  }
  std::sort(tests.begin(), tests.end(),
            [](const TestCase &a, const TestCase &b) { return a.name < b.name; });
  if (tests.empty()) {
    llvm::errs() << "kiln-node-tests: no tests in '" << dataDir << "'"
                 << (regex ? " match the filter" : "") << "\n";
    return 2;
  }

  std::vector<std::string> staleSkips;
  std::vector<size_t> toRun = selectTests(tests, *skips, regex, staleSkips);
  double start = nowMillis();
  runTests(tests, toRun);
  double seconds = (nowMillis() - start) / 1000;

  Summary summary = summarize(tests, expected, regex.has_value());
  summary.staleSkips = std::move(staleSkips);
  if (updateExpectations &&
      !updateExpectationsFile(tests, expected, regex.has_value(), summary))
    return 2;
  writeReport(tests, summary, seconds);

  printList("expected to pass, but did not:", summary.lostPasses);
  printList("expected to pass, but not in the test data:", summary.missing);
  printList("in " + skipsPath + ", but not in the test data:",
            summary.staleSkips);
  if (!summary.newPasses.empty()) {
    printList(llvm::formatv("{0} tests pass that are not in {1}:",
                            summary.newPasses.size(), expectationsPath.getValue())
                  .str(),
              summary.newPasses);
    llvm::outs() << "record them with: kiln-node-tests --update-expectations\n";
  }
  llvm::outs() << llvm::formatv("report: {0} ({1:f1} s)\n", reportPath,
                                seconds);
  llvm::outs() << summary.countsLine() << "\n"
               << summary.finalLine() << "\n";
  llvm::outs().flush();
  return summary.failed() || !summary.newPasses.empty() ? 1 : 0;
}
