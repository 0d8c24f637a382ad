//===- CAPI.cpp - Kiln's C API (include/kiln-c/Kiln.h) --------------------===//
//
// A thin layer over kiln::compileModelFile/compileModelBuffer, the importer's
// inspect and the Target loader. No C++ exception or llvm::Error crosses the
// boundary: each becomes a status and a message in the session.
//
//===----------------------------------------------------------------------===//

#include "kiln-c/Kiln.h"

#include "kiln/Compiler.h"
#include "kiln/Driver/Driver.h"
#include "kiln/Importer/CustomOps.h"
#include "kiln/Importer/ONNXImporter.h"
#include "kiln/Support/ModelSignature.h"
#include "kiln/Support/WeightsFile.h"
#include "kiln/Target/Loader.h"
#include "kiln/Target/Target.h"
#include "kiln/Version.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/DynamicLibrary.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <set>

struct kiln_session {
  std::string error;
  std::string json;
};

struct kiln_options {
  kiln::CompileOptions options;
};

struct kiln_model {
  kiln::CompiledModel compiled;
  /// The options it was compiled with (its target, for running and saving).
  kiln::CompileOptions options;
  /// kiln_model_get_info's answer, pointing into `compiled.signature`.
  std::vector<kiln_tensor_info> inputs, outputs;
  kiln_model_info info = {};
  /// The object linked into this process, on the first run.
  std::mutex loadMutex;
  std::unique_ptr<kiln::target::LoadedModel> loaded;
  /// Weights in a file: NAME_run_with_weights and an aligned copy of
  /// NAME.weights.bin (the bytes in `compiled` have no alignment), both set
  /// up with `loaded`.
  using RunWithWeightsFn = int32_t (*)(void *const *inputs,
                                       void *const *outputs, void *workspace,
                                       const void *weights);
  RunWithWeightsFn runWithWeights = nullptr;
  std::unique_ptr<void, void (*)(void *)> weights{nullptr, std::free};
};

namespace {

kiln_api_status fail(kiln_session *session, kiln_api_status status,
                     const llvm::Twine &message) {
  if (session)
    session->error = message.str();
  return status;
}

kiln_api_status succeed(kiln_session *session) {
  session->error.clear();
  return KILN_API_OK;
}

/// Runs `body`, turning anything thrown into KILN_API_INVALID_ARGUMENT (out
/// of memory on hostile sizes is the only expected case).
template <typename Fn>
kiln_api_status guarded(kiln_session *session, Fn body) {
  if (!session)
    return KILN_API_INVALID_ARGUMENT;
  try {
    return body();
  } catch (const std::exception &e) {
    return fail(session, KILN_API_INVALID_ARGUMENT,
                llvm::Twine("internal error: ") + e.what());
  }
}

std::vector<kiln_tensor_info>
describe(const std::vector<kiln::TensorSignature> &tensors) {
  std::vector<kiln_tensor_info> infos;
  for (const kiln::TensorSignature &t : tensors)
    infos.push_back({t.name.c_str(), static_cast<int32_t>(t.dtype),
                     static_cast<int32_t>(t.shape.size()),
                     t.shape.empty() ? nullptr : t.shape.data(),
                     t.sizeBytes});
  return infos;
}

kiln_model *makeModel(kiln::CompiledModel compiled,
                      const kiln::CompileOptions &options) {
  auto *model = new kiln_model;
  model->compiled = std::move(compiled);
  model->options = options;
  const kiln::ModelSignature &sig = model->compiled.signature;
  model->inputs = describe(sig.inputs);
  model->outputs = describe(sig.outputs);
  model->info.abi_version = KILN_ABI_VERSION;
  model->info.num_inputs = static_cast<uint32_t>(sig.inputs.size());
  model->info.num_outputs = static_cast<uint32_t>(sig.outputs.size());
  model->info.name = sig.name.c_str();
  model->info.inputs = model->inputs.empty() ? nullptr : model->inputs.data();
  model->info.outputs =
      model->outputs.empty() ? nullptr : model->outputs.data();
  model->info.workspace_size = sig.workspaceSize;
  model->info.workspace_align = sig.workspaceAlign;
  model->info.run = nullptr;
  return model;
}

/// Stores `value` into the field `field` selects of `options`.
template <typename Field>
kiln_api_status setString(kiln_session *session, kiln_options *options,
                          const char *value, Field field) {
  return guarded(session, [&] {
    if (!options || !value)
      return fail(session, KILN_API_INVALID_ARGUMENT,
                  "options and value must not be NULL");
    field(options->options) = value;
    return succeed(session);
  });
}

/// Appends the non-empty `value` to the list `list` selects of `options`.
template <typename List>
kiln_api_status addString(kiln_session *session, kiln_options *options,
                          const char *value, List list) {
  return guarded(session, [&] {
    if (!options || !value || !*value)
      return fail(session, KILN_API_INVALID_ARGUMENT,
                  "options must not be NULL and the path not empty");
    list(options->options).push_back(value);
    return succeed(session);
  });
}

/// Fails unless the model name in `options` is empty or a C identifier.
kiln_api_status checkName(kiln_session *session,
                          const kiln::CompileOptions &options) {
  if (!options.name.empty() &&
      kiln::sanitizeCIdentifier(options.name) != options.name)
    return fail(session, KILN_API_INVALID_ARGUMENT,
                "model name '" + options.name + "' is not a C identifier");
  return KILN_API_OK;
}

kiln_api_status finishCompile(kiln_session *session,
                              llvm::Expected<kiln::CompiledModel> compiled,
                              const kiln::CompileOptions &options,
                              kiln_model **out_model) {
  if (!compiled)
    return fail(session, KILN_API_COMPILE_ERROR,
                llvm::toString(compiled.takeError()));
  *out_model = makeModel(std::move(*compiled), options);
  return succeed(session);
}

/// Writes `bytes` to `path`.
llvm::Error writeFile(llvm::StringRef path, llvm::StringRef bytes) {
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec, llvm::sys::fs::OF_None);
  if (ec)
    return llvm::createStringError("cannot write '%s': %s", path.str().c_str(),
                                   ec.message().c_str());
  os << bytes;
  os.close();
  if (os.has_error())
    return llvm::createStringError("cannot write '%s': %s", path.str().c_str(),
                                   os.error().message().c_str());
  return llvm::Error::success();
}

/// Finds the tensor named `name` among `given`; fails on a repeat.
const kiln_tensor *findTensor(const kiln_tensor *given, size_t count,
                              llvm::StringRef name, bool &repeated) {
  const kiln_tensor *found = nullptr;
  repeated = false;
  for (size_t i = 0; i < count; ++i) {
    if (!given[i].name || name != given[i].name)
      continue;
    if (found)
      repeated = true;
    found = &given[i];
  }
  return found;
}

/// Matches `given` against the model's `expected` tensors, in the model's
/// order, into `pointers`.
kiln_api_status bindTensors(kiln_session *session, const char *kind,
                            const std::vector<kiln::TensorSignature> &expected,
                            const kiln_tensor *given, size_t count,
                            std::vector<void *> &pointers) {
  if (count && !given)
    return fail(session, KILN_API_INVALID_ARGUMENT,
                llvm::Twine(kind) + "s must not be NULL");
  std::vector<std::string> names;
  for (const kiln::TensorSignature &t : expected)
    names.push_back(t.name);
  for (size_t i = 0; i < count; ++i) {
    if (!given[i].name)
      return fail(session, KILN_API_INVALID_ARGUMENT,
                  llvm::Twine(kind) + " #" + llvm::Twine(i) + " has no name");
    if (!llvm::is_contained(names, given[i].name))
      return fail(session, KILN_API_INVALID_ARGUMENT,
                  llvm::Twine("the model has no ") + kind + " '" +
                      given[i].name + "' (its " + kind +
                      "s are: " + llvm::join(names, ", ") + ")");
  }
  for (const kiln::TensorSignature &t : expected) {
    bool repeated;
    const kiln_tensor *tensor = findTensor(given, count, t.name, repeated);
    std::string what = std::string(kind) + " '" + t.name + "'";
    if (!tensor)
      return fail(session, KILN_API_INVALID_ARGUMENT, what + " is missing");
    if (repeated)
      return fail(session, KILN_API_INVALID_ARGUMENT,
                  what + " is given more than once");
    if (tensor->dtype != static_cast<int32_t>(t.dtype))
      return fail(session, KILN_API_INVALID_ARGUMENT,
                  what + " has dtype " + llvm::Twine(tensor->dtype) +
                      ", the model's is " +
                      llvm::Twine(static_cast<int32_t>(t.dtype)) +
                      " (kiln_dtype numbering)");
    bool sameShape = tensor->rank == static_cast<int32_t>(t.shape.size()) &&
                     (t.shape.empty() || tensor->shape) &&
                     std::equal(t.shape.begin(), t.shape.end(),
                                t.shape.empty() ? t.shape.data()
                                                : tensor->shape);
    if (!sameShape) {
      std::string got = "[";
      for (int32_t d = 0; tensor->shape && d < tensor->rank; ++d)
        got += (d ? ", " : "") + std::to_string(tensor->shape[d]);
      got += "]";
      std::string want = "[";
      for (size_t d = 0; d < t.shape.size(); ++d)
        want += (d ? ", " : "") + std::to_string(t.shape[d]);
      want += "]";
      return fail(session, KILN_API_INVALID_ARGUMENT,
                  what + " has shape " + got + ", the model's is " + want);
    }
    if (tensor->size_bytes < t.sizeBytes || (t.sizeBytes && !tensor->data))
      return fail(session, KILN_API_INVALID_ARGUMENT,
                  what + " needs " + llvm::Twine(t.sizeBytes) +
                      " bytes of data, got " +
                      llvm::Twine(tensor->data ? tensor->size_bytes : 0));
    pointers.push_back(tensor->data);
  }
  return KILN_API_OK;
}

} // namespace

extern "C" {

uint32_t kiln_api_version(void) { return KILN_C_API_VERSION; }

const char *kiln_version(void) { return KILN_VERSION_STRING; }

kiln_api_status kiln_session_create(kiln_session **out_session) {
  if (!out_session)
    return KILN_API_INVALID_ARGUMENT;
  *out_session = new (std::nothrow) kiln_session;
  return *out_session ? KILN_API_OK : KILN_API_INVALID_ARGUMENT;
}

void kiln_session_destroy(kiln_session *session) { delete session; }

const char *kiln_session_error(const kiln_session *session) {
  return session ? session->error.c_str() : "no session (NULL)";
}

kiln_api_status kiln_load_library(kiln_session *session, const char *path) {
  return guarded(session, [&] {
    if (!path)
      return fail(session, KILN_API_INVALID_ARGUMENT, "path is NULL");
    std::string error;
    if (llvm::sys::DynamicLibrary::LoadLibraryPermanently(path, &error))
      return fail(session, KILN_API_IO_ERROR,
                  llvm::Twine("cannot load '") + path + "': " + error);
    return succeed(session);
  });
}

kiln_api_status kiln_options_create(kiln_session *session,
                                    kiln_options **out_options) {
  return guarded(session, [&] {
    if (!out_options)
      return fail(session, KILN_API_INVALID_ARGUMENT, "out_options is NULL");
    *out_options = new kiln_options;
    return succeed(session);
  });
}

void kiln_options_destroy(kiln_options *options) { delete options; }

kiln_api_status kiln_options_set_name(kiln_session *session,
                                      kiln_options *options,
                                      const char *name) {
  return setString(session, options, name,
                   [](kiln::CompileOptions &o) -> auto & { return o.name; });
}

kiln_api_status kiln_options_set_target(kiln_session *session,
                                        kiln_options *options,
                                        const char *target) {
  return setString(session, options, target,
                   [](kiln::CompileOptions &o) -> auto & { return o.target; });
}

kiln_api_status kiln_options_set_cpu(kiln_session *session,
                                     kiln_options *options, const char *cpu) {
  return setString(session, options, cpu,
                   [](kiln::CompileOptions &o) -> auto & { return o.cpu; });
}

kiln_api_status kiln_options_set_opt_level(kiln_session *session,
                                           kiln_options *options,
                                           int32_t level) {
  return guarded(session, [&] {
    if (!options || level < 0 || level > 3)
      return fail(session, KILN_API_INVALID_ARGUMENT,
                  "the optimization level must be 0 to 3, got " +
                      llvm::Twine(level));
    options->options.optLevel = level;
    return succeed(session);
  });
}

kiln_api_status kiln_options_set_fast_math(kiln_session *session,
                                           kiln_options *options,
                                           int32_t enabled) {
  return guarded(session, [&] {
    if (!options)
      return fail(session, KILN_API_INVALID_ARGUMENT, "options is NULL");
    options->options.fastMath = enabled != 0;
    return succeed(session);
  });
}

kiln_api_status kiln_options_add_custom_ops(kiln_session *session,
                                            kiln_options *options,
                                            const char *path) {
  return addString(
      session, options, path,
      [](kiln::CompileOptions &o) -> auto & { return o.customOpFiles; });
}

kiln_api_status kiln_options_add_pass_plugin(kiln_session *session,
                                             kiln_options *options,
                                             const char *path) {
  return addString(
      session, options, path,
      [](kiln::CompileOptions &o) -> auto & { return o.passPlugins; });
}

kiln_api_status kiln_options_set_weights_placement(kiln_session *session,
                                                   kiln_options *options,
                                                   int32_t placement,
                                                   const char *section) {
  return guarded(session, [&] {
    if (!options)
      return fail(session, KILN_API_INVALID_ARGUMENT, "options is NULL");
    switch (placement) {
    case KILN_WEIGHTS_OBJECT:
    case KILN_WEIGHTS_FILE:
      if (section)
        return fail(session, KILN_API_INVALID_ARGUMENT,
                    "a section name goes only with KILN_WEIGHTS_SECTION");
      options->options.weightsPlacement = placement == KILN_WEIGHTS_FILE
                                              ? kiln::WeightsPlacement::File
                                              : kiln::WeightsPlacement::Object;
      options->options.weightsSection.clear();
      return succeed(session);
    case KILN_WEIGHTS_SECTION:
      // The same rule and message as `kiln compile --weights-section`.
      if (!section || !kiln::weights::isValidSectionName(section))
        return fail(session, KILN_API_INVALID_ARGUMENT,
                    llvm::Twine("weights section '") +
                        (section ? section : "(null)") +
                        "' is not a section name: use letters, digits and "
                        "'._$-' (e.g. .ext_flash)");
      options->options.weightsPlacement = kiln::WeightsPlacement::Section;
      options->options.weightsSection = section;
      return succeed(session);
    default:
      return fail(session, KILN_API_INVALID_ARGUMENT,
                  "unknown weights placement " + llvm::Twine(placement) +
                      " (expected KILN_WEIGHTS_OBJECT, _SECTION or _FILE)");
    }
  });
}

kiln_api_status kiln_options_add_pipeline(kiln_session *session,
                                          kiln_options *options,
                                          const char *phase,
                                          const char *pipeline) {
  return guarded(session, [&] {
    if (!options || !phase || !pipeline || !*pipeline)
      return fail(session, KILN_API_INVALID_ARGUMENT,
                  "options, phase and a non-empty pipeline are required");
    auto hook = kiln::parsePipelineHook(phase);
    if (!hook)
      return fail(session, KILN_API_INVALID_ARGUMENT,
                  llvm::Twine("unknown phase '") + phase +
                      "' (expected import, graph, schedule, linalg, "
                      "bufferized or llvm)");
    options->options.extraPipelines[*hook].push_back(pipeline);
    return succeed(session);
  });
}

kiln_api_status kiln_compile_file(kiln_session *session, const char *path,
                                  const kiln_options *options,
                                  kiln_model **out_model) {
  return guarded(session, [&] {
    if (!path || !out_model)
      return fail(session, KILN_API_INVALID_ARGUMENT,
                  "path and out_model must not be NULL");
    kiln::CompileOptions compileOptions =
        options ? options->options : kiln::CompileOptions();
    if (kiln_api_status status = checkName(session, compileOptions))
      return status;
    if (compileOptions.name.empty())
      compileOptions.name =
          kiln::sanitizeCIdentifier(llvm::sys::path::stem(path));
    if (!llvm::sys::fs::exists(path))
      return fail(session, KILN_API_IO_ERROR,
                  llvm::Twine("cannot read '") + path + "': no such file");
    return finishCompile(session,
                         kiln::compileModelFile(path, compileOptions),
                         compileOptions, out_model);
  });
}

kiln_api_status kiln_compile_buffer(kiln_session *session, const void *data,
                                    size_t size, const kiln_options *options,
                                    kiln_model **out_model) {
  return guarded(session, [&] {
    if (!data || !out_model)
      return fail(session, KILN_API_INVALID_ARGUMENT,
                  "data and out_model must not be NULL");
    kiln::CompileOptions compileOptions =
        options ? options->options : kiln::CompileOptions();
    if (kiln_api_status status = checkName(session, compileOptions))
      return status;
    llvm::StringRef bytes(static_cast<const char *>(data), size);
    return finishCompile(session,
                         kiln::compileModelBuffer(bytes, compileOptions),
                         compileOptions, out_model);
  });
}

kiln_api_status kiln_inspect_file(kiln_session *session, const char *path,
                                  const char **out_json) {
  return kiln_inspect_file_with_options(session, path, nullptr, out_json);
}

kiln_api_status kiln_inspect_file_with_options(kiln_session *session,
                                               const char *path,
                                               const kiln_options *options,
                                               const char **out_json) {
  return guarded(session, [&] {
    if (!path || !out_json)
      return fail(session, KILN_API_INVALID_ARGUMENT,
                  "path and out_json must not be NULL");
    // The table `kiln inspect --custom-ops` and compiling build.
    kiln::importer::CustomOpTable customOps;
    if (options)
      if (llvm::Error err =
              customOps.addFromFiles(options->options.customOpFiles))
        return fail(session, KILN_API_IO_ERROR, llvm::toString(std::move(err)));
    auto summary = kiln::importer::inspectONNXFile(path, &customOps);
    if (!summary)
      return fail(session, KILN_API_IO_ERROR,
                  llvm::Twine(path) + ": " +
                      llvm::toString(summary.takeError()));
    session->json = summary->toJSON();
    *out_json = session->json.c_str();
    return succeed(session);
  });
}

void kiln_model_destroy(kiln_model *model) { delete model; }

const kiln_model_info *kiln_model_get_info(const kiln_model *model) {
  return model ? &model->info : nullptr;
}

const char *kiln_model_get_header(const kiln_model *model) {
  return model ? model->compiled.header.c_str() : nullptr;
}

const void *kiln_model_get_weights(const kiln_model *model,
                                   uint64_t *out_size) {
  bool inFile = model && model->compiled.signature.weights.placement ==
                             kiln::WeightsPlacement::File;
  if (out_size)
    *out_size = inFile ? model->compiled.weightsFile.size() : 0;
  return inFile ? model->compiled.weightsFile.data() : nullptr;
}

kiln_api_status kiln_model_run(kiln_session *session, kiln_model *model,
                               const kiln_tensor *inputs, size_t num_inputs,
                               kiln_tensor *outputs, size_t num_outputs) {
  return guarded(session, [&]() -> kiln_api_status {
    if (!model)
      return fail(session, KILN_API_INVALID_ARGUMENT, "model is NULL");
    const kiln::ModelSignature &sig = model->compiled.signature;
    if (!kiln::target::isHostTarget(model->options.target))
      return fail(session, KILN_API_UNSUPPORTED,
                  "model '" + sig.name + "' was compiled for '" +
                      model->options.target +
                      "' and cannot run on this machine; save it and run it "
                      "there");
    std::vector<void *> inputPointers, outputPointers;
    if (kiln_api_status status = bindTensors(session, "input", sig.inputs,
                                             inputs, num_inputs,
                                             inputPointers))
      return status;
    if (kiln_api_status status = bindTensors(session, "output", sig.outputs,
                                             outputs, num_outputs,
                                             outputPointers))
      return status;
    const kiln_model_info *info;
    {
      std::lock_guard<std::mutex> lock(model->loadMutex);
      if (!model->loaded) {
        auto loaded =
            kiln::target::loadObject(model->compiled.object, sig.name);
        if (!loaded)
          return fail(session, KILN_API_RUN_ERROR,
                      "cannot load model '" + sig.name +
                          "': " + llvm::toString(loaded.takeError()));
        if (sig.weights.placement == kiln::WeightsPlacement::File) {
          // NAME_inputs/NAME_outputs are structs of data pointers in the
          // model's order: the arrays bindTensors fills have their layout.
          auto entry = (*loaded)->lookup(sig.name + "_run_with_weights");
          if (!entry)
            return fail(session, KILN_API_RUN_ERROR,
                        "cannot load model '" + sig.name +
                            "': " + llvm::toString(entry.takeError()));
          const std::string &bytes = model->compiled.weightsFile;
          uint64_t weightsAlign =
              std::max<uint64_t>(sig.weights.align, sizeof(void *));
          model->weights.reset(std::aligned_alloc(
              weightsAlign, llvm::alignTo(std::max<uint64_t>(bytes.size(), 1),
                                          weightsAlign)));
          if (!model->weights)
            return fail(session, KILN_API_RUN_ERROR,
                        "cannot allocate the weights (" +
                            llvm::Twine(bytes.size()) + " bytes)");
          std::memcpy(model->weights.get(), bytes.data(), bytes.size());
          model->runWithWeights =
              reinterpret_cast<kiln_model::RunWithWeightsFn>(*entry);
        }
        model->loaded = std::move(*loaded);
      }
      info = model->loaded->info();
    }
    // A workspace per run, so that runs on several threads never share one.
    uint64_t align = std::max<uint64_t>(sig.workspaceAlign, sizeof(void *));
    uint64_t size = llvm::alignTo(std::max<uint64_t>(sig.workspaceSize, 1),
                                  align);
    std::unique_ptr<void, void (*)(void *)> workspace(
        std::aligned_alloc(align, size), std::free);
    if (!workspace)
      return fail(session, KILN_API_RUN_ERROR,
                  "cannot allocate the workspace (" + llvm::Twine(size) +
                      " bytes)");
    int32_t status =
        model->runWithWeights
            ? model->runWithWeights(inputPointers.data(), outputPointers.data(),
                                    workspace.get(), model->weights.get())
            : info->run(inputPointers.data(), outputPointers.data(),
                        workspace.get());
    if (status != KILN_STATUS_OK)
      return fail(session, KILN_API_RUN_ERROR,
                  "model '" + sig.name + "' failed: " +
                      kiln_status_string(status));
    return succeed(session);
  });
}

kiln_api_status kiln_model_save(kiln_session *session,
                                const kiln_model *model,
                                const char *directory, const char *emit) {
  return guarded(session, [&]() -> kiln_api_status {
    if (!model || !directory)
      return fail(session, KILN_API_INVALID_ARGUMENT,
                  "model and directory must not be NULL");
    std::set<std::string> kinds;
    llvm::SmallVector<llvm::StringRef> parts;
    llvm::StringRef(emit ? emit : "lib").split(parts, ',');
    for (llvm::StringRef part : parts) {
      part = part.trim();
      if (part != "lib" && part != "obj" && part != "shared" &&
          part != "header")
        return fail(session, KILN_API_INVALID_ARGUMENT,
                    "unknown emit kind '" + part +
                        "' (expected lib, obj, shared or header)");
      kinds.insert(part.str());
    }
    bool host = kiln::target::isHostTarget(model->options.target);
    if (kinds.count("shared") && !host)
      return fail(session, KILN_API_UNSUPPORTED,
                  "a shared library can only be written for the host target");
    if (std::error_code ec = llvm::sys::fs::create_directories(directory))
      return fail(session, KILN_API_IO_ERROR,
                  llvm::Twine("cannot create '") + directory +
                      "': " + ec.message());
    const std::string &name = model->compiled.signature.name;
    auto pathOf = [&](const std::string &file) {
      llvm::SmallString<256> path(directory);
      llvm::sys::path::append(path, file);
      return std::string(path);
    };
    auto check = [&](llvm::Error err) -> kiln_api_status {
      if (err)
        return fail(session, KILN_API_IO_ERROR,
                    llvm::toString(std::move(err)));
      return KILN_API_OK;
    };
    if (kiln_api_status status =
            check(writeFile(pathOf(name + ".h"), model->compiled.header)))
      return status;
    if (kiln_api_status status =
            check(writeFile(pathOf("kiln_runtime.h"),
                            kiln::target::runtimeHeaderText())))
      return status;
    // As `kiln compile`: the header describes the weights file, so they
    // come together.
    if (model->compiled.signature.weights.placement ==
        kiln::WeightsPlacement::File)
      if (kiln_api_status status = check(writeFile(
              pathOf(name + ".weights.bin"), model->compiled.weightsFile)))
        return status;
    if (kinds.count("obj"))
      if (kiln_api_status status =
              check(writeFile(pathOf(name + ".o"), model->compiled.object)))
        return status;
    if (!kinds.count("lib") && !kinds.count("shared"))
      return succeed(session);
    // As `kiln compile`: archives and libraries carry the runtime core built
    // for the model's target.
    std::vector<kiln::target::ArchiveMember> objects;
    objects.push_back({name + ".o", model->compiled.object});
    auto runtime = kiln::target::buildRuntimeObject(
        kiln::driver::targetOptionsFor(model->options));
    if (!runtime)
      return fail(session, KILN_API_COMPILE_ERROR,
                  llvm::toString(runtime.takeError()));
    objects.push_back({"kiln_rt.o", std::move(*runtime)});
    if (kinds.count("lib"))
      if (kiln_api_status status = check(
              kiln::target::writeArchive(pathOf(name + ".a"), objects)))
        return status;
    if (kinds.count("shared"))
      if (kiln_api_status status = check(kiln::target::linkSharedLibrary(
              pathOf("lib" + name + ".so"), objects)))
        return status;
    return succeed(session);
  });
}

} // extern "C"
