//===- ModelTestRunner.cpp - End-to-end model tests for Kiln --------------===//
//
// kiln-model-tests compiles each model export_models.py wrote (MLP, ResNet-18,
// MobileNetV2, SqueezeNet 1.1, a BERT encoder layer) in process, runs it on
// the stored input in a forked child and checks the outputs against torch's:
// max|kiln - torch| <= rel * max|torch| (rel = 1e-4 by default). With
// --compare-O0 it also compiles the model at -O0 (graph optimizer off) and
// checks max|opt - O0| <= rel * max|O0|, so that the optimizer's rewrites
// are checked on their own, not only through the torch tolerance. With
// --parallel-threads N it runs each model once more with its parallel loops
// on a kiln_rt_threads pool of N threads, whose outputs must equal the
// one-thread run's bit for bit. It prints one line per model with the
// compile and run times.
//
//===----------------------------------------------------------------------===//

#include "E2ESupport.h"
#include "ProcessPool.h"

#include "kiln/Compiler.h"
#include "kiln/Target/Loader.h"
#include "kiln_threads.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <cstdio>

using namespace kiln;
using namespace kiln::e2e;
namespace cl = llvm::cl;
namespace json = llvm::json;

static cl::OptionCategory category("kiln-model-tests options");
static cl::opt<std::string>
    modelsDir("dir", cl::desc("directory export_models.py wrote"),
              cl::Required, cl::cat(category));
static cl::opt<std::string>
    filter("filter", cl::desc("only run models whose name matches REGEX"),
           cl::value_desc("REGEX"), cl::cat(category));
static cl::opt<double>
    relTolerance("rel", cl::desc("allowed max|diff| / max|reference|"),
                 cl::init(1e-4), cl::cat(category));
static cl::opt<unsigned> jobs("jobs", cl::desc("models compiled at once"),
                              cl::init(1), cl::cat(category));
static cl::opt<unsigned> runs("runs",
                              cl::desc("runs per model; the fastest is shown"),
                              cl::init(1), cl::cat(category));
static cl::opt<double> timeoutSeconds("timeout",
                                      cl::desc("seconds allowed per model"),
                                      cl::init(900), cl::cat(category));
static cl::opt<int> optLevel("O", cl::desc("optimization level (0-3)"),
                             cl::init(2), cl::Prefix, cl::cat(category));
static cl::opt<std::string> compareO0(
    "compare-O0",
    cl::desc("also compile the models whose name matches REGEX at -O0 and "
             "check that the outputs agree within --rel"),
    cl::value_desc("REGEX"), cl::cat(category));
// Not "threads": LLVM's own libraries register that option name.
static cl::opt<unsigned> threads(
    "parallel-threads",
    cl::desc("also run each model on a pool of N threads and check that the "
             "outputs are the one-thread outputs exactly (0, 1: do not)"),
    cl::value_desc("N"), cl::init(0), cl::cat(category));

namespace {

struct TensorSpec {
  std::string name, file;
  int32_t dtype = KILN_DTYPE_F32;
  std::vector<int64_t> shape;
};

struct ModelCase {
  std::string name, dir;
  std::vector<TensorSpec> inputs, outputs;
  // Filled in from the child's report.
  std::string status = "CRASH";
  std::string message;
  double compileMs = 0, runMs = 0, maxDiff = 0, maxRef = 0;
  /// max|opt - O0| / max|O0|, or -1 when not compared.
  double relToO0 = -1;
};

llvm::Error parseSpecs(const json::Array *array, std::vector<TensorSpec> &out,
                       llvm::StringRef what) {
  if (!array)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "meta.json: missing '%s'", what.data());
  for (const json::Value &v : *array) {
    const json::Object *o = v.getAsObject();
    TensorSpec spec;
    std::optional<llvm::StringRef> name, file, dtype;
    const json::Array *shape = nullptr;
    if (o) {
      name = o->getString("name");
      file = o->getString("file");
      dtype = o->getString("dtype");
      shape = o->getArray("shape");
    }
    if (!name || !file || !dtype || !shape || *dtype != "f32")
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(),
          "meta.json: each of '%s' needs name, file, shape and dtype f32",
          what.data());
    spec.name = name->str();
    spec.file = file->str();
    for (const json::Value &d : *shape) {
      std::optional<int64_t> dim = d.getAsInteger();
      if (!dim || *dim < 0)
        return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                       "meta.json: bad shape in '%s'",
                                       what.data());
      spec.shape.push_back(*dim);
    }
    out.push_back(std::move(spec));
  }
  return llvm::Error::success();
}

/// Reads DIR/manifest.json and each model's meta.json.
llvm::Expected<std::vector<ModelCase>> readModels(const std::string &dir) {
  auto text = readFile(dir + "/manifest.json");
  if (!text)
    return text.takeError();
  auto manifest = json::parse(*text);
  if (!manifest)
    return manifest.takeError();
  const json::Array *names =
      manifest->getAsObject() ? manifest->getAsObject()->getArray("models")
                              : nullptr;
  if (!names)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "manifest.json: no 'models' list");
  std::vector<ModelCase> models;
  for (const json::Value &n : *names) {
    std::optional<llvm::StringRef> name = n.getAsString();
    if (!name)
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "manifest.json: model names are strings");
    ModelCase m;
    m.name = name->str();
    m.dir = dir + "/" + m.name;
    auto metaText = readFile(m.dir + "/meta.json");
    if (!metaText)
      return metaText.takeError();
    auto meta = json::parse(*metaText);
    if (!meta)
      return meta.takeError();
    const json::Object *o = meta->getAsObject();
    if (!o)
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "%s/meta.json is not an object",
                                     m.dir.c_str());
    if (llvm::Error err = parseSpecs(o->getArray("inputs"), m.inputs, "inputs"))
      return std::move(err);
    if (llvm::Error err =
            parseSpecs(o->getArray("outputs"), m.outputs, "outputs"))
      return std::move(err);
    models.push_back(std::move(m));
  }
  return models;
}

/// The child's report:
/// "STATUS\tcompile\trun\tmaxdiff\tmaxref\trelToO0\nmessage".
void report(int fd, llvm::StringRef status, double compileMs, double runMs,
            double maxDiff, double maxRef, llvm::StringRef message,
            double relToO0 = -1) {
  // %.17g: the parent must see exactly the numbers the verdict used.
  char numbers[160];
  std::snprintf(numbers, sizeof(numbers),
                "%.17g\t%.17g\t%.17g\t%.17g\t%.17g", compileMs, runMs,
                maxDiff, maxRef, relToO0);
  writeResult(fd, (status + "\t" + numbers + "\n" + message).str());
}

/// Compiles `m` at -O0, runs it on `inputs` and returns
/// max|outputs - O0 outputs| / max|O0 outputs| over all outputs.
llvm::Expected<double> relativeDiffToO0(const ModelCase &m,
                                        const std::vector<HostTensor> &inputs,
                                        const std::vector<HostTensor> &outputs) {
  CompileOptions options;
  // Its own symbol names: both objects live in this process.
  options.name = m.name + "_O0";
  options.optLevel = 0;
  auto compiled = compileModelFile(m.dir + "/model.onnx", options);
  if (!compiled)
    return compiled.takeError();
  auto loaded = target::loadObject(std::move(compiled->object),
                                   compiled->signature.name);
  if (!loaded)
    return loaded.takeError();
  auto result = runModel(*(*loaded)->info(), inputs);
  if (!result)
    return result.takeError();
  if (result->outputs.size() != outputs.size())
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "-O0 gives a different number of outputs");
  double maxDiff = 0, maxRef = 0;
  for (size_t i = 0; i < outputs.size(); ++i) {
    if (result->outputs[i].shape != outputs[i].shape)
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "-O0 output %zu has another shape", i);
    ErrorStats stats = f32ErrorStats(result->outputs[i], outputs[i]);
    maxDiff = std::isnan(stats.maxAbsDiff) ? NAN
                                           : std::max(maxDiff, stats.maxAbsDiff);
    maxRef = std::max(maxRef, stats.maxAbsExpected);
  }
  if (std::isnan(maxDiff))
    return NAN;
  return maxRef > 0 ? maxDiff / maxRef : maxDiff;
}

/// Runs the model again with its parallel loops on a pool of
/// --parallel-threads threads (the loader binds the object's
/// kiln_parallel_for to this process's runtime); returns why the outputs
/// differ from `serial`, or "".
std::string differenceWithThreads(const kiln_model_info &info,
                                  const std::vector<HostTensor> &inputs,
                                  const std::vector<HostTensor> &serial) {
  kiln_threads *pool = nullptr;
  if (kiln_threads_create(static_cast<int32_t>(threads), &pool) !=
      KILN_STATUS_OK)
    return llvm::formatv("cannot start {0} threads", threads.getValue());
  kiln_threads_install(pool);
  auto result = runModel(info, inputs);
  kiln_threads_install(nullptr);
  kiln_threads_destroy(pool);
  if (!result)
    return llvm::toString(result.takeError());
  for (size_t i = 0; i < serial.size(); ++i)
    if (i >= result->outputs.size() ||
        result->outputs[i].bytes != serial[i].bytes)
      return llvm::formatv("output {0} on {1} threads differs from one "
                           "thread's",
                           serial[i].name, threads.getValue());
  return "";
}

void runModelInChild(const ModelCase &m, int fd) {
  std::vector<HostTensor> inputs, expected;
  for (auto [specs, tensors] : {std::pair(&m.inputs, &inputs),
                                std::pair(&m.outputs, &expected)}) {
    for (const TensorSpec &s : *specs) {
      auto t = readRawTensorFile(m.dir + "/" + s.file, s.dtype, s.shape);
      if (!t)
        return report(fd, "ERROR", 0, 0, 0, 0, llvm::toString(t.takeError()));
      t->name = s.name;
      tensors->push_back(std::move(*t));
    }
  }

  CompileOptions options;
  options.name = m.name;
  options.optLevel = optLevel;
  double start = nowMillis();
  auto compiled = compileModelFile(m.dir + "/model.onnx", options);
  double compileMs = nowMillis() - start;
  if (!compiled)
    return report(fd, "REJECTED", compileMs, 0, 0, 0,
                  llvm::toString(compiled.takeError()));
  auto loaded = target::loadObject(std::move(compiled->object),
                                   compiled->signature.name);
  if (!loaded)
    return report(fd, "WRONG", compileMs, 0, 0, 0,
                  "the object does not load: " +
                      llvm::toString(loaded.takeError()));

  double bestRunMs = INFINITY;
  std::vector<HostTensor> outputs;
  for (unsigned r = 0; r < std::max(1u, unsigned(runs)); ++r) {
    auto result = runModel(*(*loaded)->info(), inputs);
    if (!result)
      return report(fd, "WRONG", compileMs, 0, 0, 0,
                    llvm::toString(result.takeError()));
    bestRunMs = std::min(bestRunMs, result->runMillis);
    outputs = std::move(result->outputs);
  }
  if (outputs.size() != expected.size())
    return report(fd, "WRONG", compileMs, bestRunMs, 0, 0,
                  llvm::formatv("{0} outputs, expected {1}", outputs.size(),
                                expected.size())
                      .str());

  double maxDiff = 0, maxRef = 0;
  for (size_t i = 0; i < expected.size(); ++i) {
    if (outputs[i].dtype != expected[i].dtype ||
        outputs[i].shape != expected[i].shape)
      return report(fd, "WRONG", compileMs, bestRunMs, 0, 0,
                    llvm::formatv("output {0}: {1} {2}, expected {3} {4}", i,
                                  dtypeName(outputs[i].dtype),
                                  formatShape(outputs[i].shape),
                                  dtypeName(expected[i].dtype),
                                  formatShape(expected[i].shape))
                        .str());
    ErrorStats stats = f32ErrorStats(expected[i], outputs[i]);
    maxDiff = std::isnan(stats.maxAbsDiff) ? NAN
                                           : std::max(maxDiff, stats.maxAbsDiff);
    maxRef = std::max(maxRef, stats.maxAbsExpected);
  }
  // NaN fails the comparison, so a NaN anywhere is WRONG.
  bool ok = maxDiff <= relTolerance * maxRef;
  std::string message =
      ok ? "" : llvm::formatv("max|diff| {0:e} > {1:e} * max|torch| {2:e}",
                              maxDiff, relTolerance.getValue(), maxRef)
                    .str();
  if (threads > 1) {
    std::string difference =
        differenceWithThreads(*(*loaded)->info(), inputs, outputs);
    if (!difference.empty()) {
      ok = false;
      message += (message.empty() ? "" : "\n") + difference;
    }
  }
  double relToO0 = -1;
  if (!compareO0.empty() && optLevel != 0 &&
      llvm::Regex(compareO0).match(m.name)) {
    auto rel = relativeDiffToO0(m, inputs, outputs);
    if (!rel) {
      ok = false;
      message += (message.empty() ? "" : "\n") + std::string("-O0: ") +
                 llvm::toString(rel.takeError());
    } else {
      relToO0 = *rel;
      if (!(*rel <= relTolerance)) {
        ok = false;
        message += (message.empty() ? "" : "\n") +
                   llvm::formatv("max|diff to -O0| {0:e} > {1:e} * max|-O0|",
                                 *rel, relTolerance.getValue())
                       .str();
      }
    }
  }
  report(fd, ok ? "PASS" : "WRONG", compileMs, bestRunMs, maxDiff, maxRef,
         message, relToO0);
}

void recordOutcome(ModelCase &m, const ChildOutcome &child) {
  auto [header, message] = llvm::StringRef(child.result).split('\n');
  llvm::SmallVector<llvm::StringRef> f;
  header.split(f, '\t');
  bool cleanExit = child.kind == ChildOutcome::Kind::Exited && child.code == 0;
  if (f.size() == 6 && cleanExit) {
    m.status = f[0].str();
    f[1].getAsDouble(m.compileMs);
    f[2].getAsDouble(m.runMs);
    f[3].getAsDouble(m.maxDiff);
    f[4].getAsDouble(m.maxRef);
    f[5].getAsDouble(m.relToO0);
    m.message = message.rtrim().str();
    return;
  }
  m.status = "CRASH";
  m.message = child.describe(timeoutSeconds);
  llvm::StringRef log = llvm::StringRef(child.log).rtrim();
  if (!log.empty())
    m.message += "\n" + log.str();
}

} // namespace

int main(int argc, char **argv) {
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(
      argc, argv, "Compiles and runs the exported models, checking them "
                  "against torch's outputs.\n");
  auto models = readModels(modelsDir);
  if (!models) {
    llvm::errs() << "kiln-model-tests: " << llvm::toString(models.takeError())
                 << "\n(run test/e2e/models/export_models.py --out "
                 << modelsDir << " first)\n";
    return 2;
  }
  if (!compareO0.empty()) {
    std::string error;
    if (!llvm::Regex(compareO0).isValid(error)) {
      llvm::errs() << "kiln-model-tests: bad --compare-O0: " << error << "\n";
      return 2;
    }
  }
  if (!filter.empty()) {
    llvm::Regex regex(filter);
    std::string error;
    if (!regex.isValid(error)) {
      llvm::errs() << "kiln-model-tests: bad --filter: " << error << "\n";
      return 2;
    }
    llvm::erase_if(*models,
                   [&](const ModelCase &m) { return !regex.match(m.name); });
  }
  if (models->empty()) {
    llvm::errs() << "kiln-model-tests: no models selected\n";
    return 2;
  }

  llvm::outs() << llvm::formatv("{0,-14} {1,-8} {2,+10} {3,+11} {4,+11} "
                                "{5,+9} {6,+10}\n",
                                "model", "result", "compile", "run",
                                "max|diff|", "rel", "rel to -O0");
  llvm::outs().flush();
  ChildLimits limits;
  limits.timeoutSeconds = timeoutSeconds;
  size_t failed = 0;
  runForked(
      models->size(), jobs, limits,
      [&](size_t i, int fd) { runModelInChild((*models)[i], fd); },
      [&](size_t i, const ChildOutcome &child) {
        ModelCase &m = (*models)[i];
        recordOutcome(m, child);
        bool pass = m.status == "PASS";
        failed += !pass;
        double rel = m.maxRef > 0 ? m.maxDiff / m.maxRef : m.maxDiff;
        std::string relToO0 =
            m.relToO0 < 0 ? "-" : llvm::formatv("{0:e}", m.relToO0).str();
        llvm::outs() << llvm::formatv(
            "{0,-14} {1,-8} {2,+8:f2} s {3,+8:f2} ms {4,+11:e} {5,+9:e} "
            "{6,+10}\n",
            m.name, m.status, m.compileMs / 1000, m.runMs, m.maxDiff, rel,
            relToO0);
        if (!pass && !m.message.empty()) {
          llvm::SmallVector<llvm::StringRef> lines;
          llvm::StringRef(m.message).split(lines, '\n');
          for (llvm::StringRef line : lines)
            llvm::outs() << "    " << line << "\n";
        }
        llvm::outs().flush();
      });
  llvm::outs() << llvm::formatv("model tests: {0} passed, {1} failed\n",
                                models->size() - failed, failed);
  return failed ? 1 : 0;
}
