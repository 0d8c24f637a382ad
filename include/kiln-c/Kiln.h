/*===- Kiln.h - Kiln's C API (C99) ----------------------------------------===*
 *
 * Compile ONNX models in process, inspect them, run them on this machine and
 * write their artifacts, from C or any language with a C FFI (the Python
 * package `kiln` uses this API through ctypes). Link with -lkiln_capi.
 *
 * Conventions: opaque handles; every fallible call returns a kiln_api_status
 * and, on failure, leaves a message in the kiln_session it was given, read
 * with kiln_session_error(). Out-parameters come last and are named out_*.
 * A session (and the handles used with it) is for one thread at a time;
 * different sessions may be used from different threads at once.
 *
 *   kiln_session *s;  kiln_model *m;
 *   kiln_session_create(&s);
 *   if (kiln_compile_file(s, "net.onnx", NULL, &m) != KILN_API_OK)
 *     fprintf(stderr, "%s\n", kiln_session_error(s));
 *
 *===----------------------------------------------------------------------===*/
#ifndef KILN_C_KILN_H
#define KILN_C_KILN_H

#include <stddef.h>
#include <stdint.h>

#include "kiln_runtime.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Version of this API; bumped on any incompatible change. */
#define KILN_C_API_VERSION 1u

/** What every fallible call of this API returns. */
typedef enum kiln_api_status {
  KILN_API_OK = 0,
  KILN_API_INVALID_ARGUMENT = 1, /**< NULL handle, bad option, wrong tensor */
  KILN_API_COMPILE_ERROR = 2,    /**< the model cannot be compiled */
  KILN_API_IO_ERROR = 3,         /**< a file cannot be read or written */
  KILN_API_RUN_ERROR = 4,        /**< the model cannot be loaded or its run
                                      returned a kiln_status other than OK */
  KILN_API_UNSUPPORTED = 5       /**< e.g. running a model built for another
                                      machine */
} kiln_api_status;

/** Owns error messages and strings returned to the caller. */
typedef struct kiln_session kiln_session;
/** Options of a compile; NULL options mean the defaults. */
typedef struct kiln_options kiln_options;
/** A compiled model: its object code, header and signature. */
typedef struct kiln_model kiln_model;

/** KILN_C_API_VERSION of the library. */
uint32_t kiln_api_version(void);
/** Kiln's version, "MAJOR.MINOR.PATCH". */
const char *kiln_version(void);

/*===----------------------------------------------------------------------===*
 * Sessions
 *===----------------------------------------------------------------------===*/

kiln_api_status kiln_session_create(kiln_session **out_session);
void kiln_session_destroy(kiln_session *session);
/** The message of the last failed call made with `session` ("" if none). The
 *  string is valid until the next call with `session`. */
const char *kiln_session_error(const kiln_session *session);

/** Loads the shared library at `path` into the process so that models run
 *  with kiln_model_run find the custom-op functions it defines. */
kiln_api_status kiln_load_library(kiln_session *session, const char *path);

/*===----------------------------------------------------------------------===*
 * Compile options (the flags of `kiln compile`)
 *===----------------------------------------------------------------------===*/

kiln_api_status kiln_options_create(kiln_session *session,
                                    kiln_options **out_options);
void kiln_options_destroy(kiln_options *options);
/** Model name, a C identifier: prefix of NAME_run (default: the file's stem,
 *  "model" for a buffer). */
kiln_api_status kiln_options_set_name(kiln_session *session,
                                      kiln_options *options, const char *name);
/** LLVM triple or short name ("aarch64-linux-gnu", "cortex-m7"); "" or
 *  "host" is this machine (the default). */
kiln_api_status kiln_options_set_target(kiln_session *session,
                                        kiln_options *options,
                                        const char *target);
/** CPU name ("native", the default, on the host). */
kiln_api_status kiln_options_set_cpu(kiln_session *session,
                                     kiln_options *options, const char *cpu);
/** 0..3 (default 2); 0 also disables the graph optimizer. */
kiln_api_status kiln_options_set_opt_level(kiln_session *session,
                                           kiln_options *options,
                                           int32_t level);
/** Non-zero allows rewrites that change floating-point results. */
kiln_api_status kiln_options_set_fast_math(kiln_session *session,
                                           kiln_options *options,
                                           int32_t enabled);
/** Adds a custom-op description file (docs/custom-ops.md). */
kiln_api_status kiln_options_add_custom_ops(kiln_session *session,
                                            kiln_options *options,
                                            const char *path);
/** Adds a pass plugin to load (docs/writing-a-pass.md). */
kiln_api_status kiln_options_add_pass_plugin(kiln_session *session,
                                             kiln_options *options,
                                             const char *path);
/** Where a model's weights (its constant tensors) go, as `kiln compile`
 *  places them (docs/firmware.md). */
typedef enum kiln_weights_placement {
  KILN_WEIGHTS_OBJECT = 0,  /**< the object's read-only data (the default) */
  KILN_WEIGHTS_SECTION = 1, /**< a named linker section (--weights-section) */
  KILN_WEIGHTS_FILE = 2     /**< NAME.weights.bin, which the program loads and
                                 passes to NAME_run_with_weights
                                 (--weights-file) */
} kiln_weights_placement;
/** Sets where the weights go: `placement` is a kiln_weights_placement;
 *  `section` names the linker section for KILN_WEIGHTS_SECTION (as
 *  --weights-section accepts it) and must be NULL for the others. */
kiln_api_status kiln_options_set_weights_placement(kiln_session *session,
                                                   kiln_options *options,
                                                   int32_t placement,
                                                   const char *section);
/** Runs `pipeline` (textual, "canonicalize,my-pass") at `phase`: "import",
 *  "graph", "schedule", "linalg", "bufferized" or "llvm". */
kiln_api_status kiln_options_add_pipeline(kiln_session *session,
                                          kiln_options *options,
                                          const char *phase,
                                          const char *pipeline);

/*===----------------------------------------------------------------------===*
 * Compiling and inspecting
 *===----------------------------------------------------------------------===*/

/** Compiles the ONNX model at `path` (binary or ONNX text). */
kiln_api_status kiln_compile_file(kiln_session *session, const char *path,
                                  const kiln_options *options,
                                  kiln_model **out_model);
/** Compiles a model held in memory (binary protobuf or ONNX text); models
 *  with external data must be compiled from their file. */
kiln_api_status kiln_compile_buffer(kiln_session *session, const void *data,
                                    size_t size, const kiln_options *options,
                                    kiln_model **out_model);
/** What `kiln inspect --json` prints about the model at `path`; the string is
 *  owned by `session` and valid until its next call. */
kiln_api_status kiln_inspect_file(kiln_session *session, const char *path,
                                  const char **out_json);
/** kiln_inspect_file with `kiln inspect`'s options: the custom-op files of
 *  `options` (kiln_options_add_custom_ops) make their ops supported, as
 *  `kiln inspect --custom-ops` does; its other settings are ignored.
 *  `options` may be NULL. */
kiln_api_status kiln_inspect_file_with_options(kiln_session *session,
                                               const char *path,
                                               const kiln_options *options,
                                               const char **out_json);

/*===----------------------------------------------------------------------===*
 * Compiled models
 *===----------------------------------------------------------------------===*/

void kiln_model_destroy(kiln_model *model);
/** The model's name, inputs, outputs (names, dtypes, shapes, sizes) and
 *  workspace, owned by `model`. Its `run` is NULL: run through
 *  kiln_model_run, or link the saved library and call NAME_run. */
const kiln_model_info *kiln_model_get_info(const kiln_model *model);
/** The generated NAME.h, owned by `model`. */
const char *kiln_model_get_header(const kiln_model *model);
/** For a model compiled with KILN_WEIGHTS_FILE: the bytes of its
 *  NAME.weights.bin, owned by `model`, with their count in `*out_size`.
 *  NULL (and 0) for the other placements. */
const void *kiln_model_get_weights(const kiln_model *model,
                                   uint64_t *out_size);

/** A tensor given to or filled by kiln_model_run. */
typedef struct kiln_tensor {
  const char *name;     /**< the model's input or output name */
  void *data;           /**< row-major elements; inputs are only read */
  int32_t dtype;        /**< a kiln_dtype; must be the model's */
  int32_t rank;
  const int64_t *shape; /**< `rank` dims; must be the model's */
  uint64_t size_bytes;  /**< bytes at `data`: at least the tensor's size */
} kiln_tensor;

/** Runs the model on this machine (host targets only). Every input and every
 *  output is given exactly once, by name, in any order, with the model's
 *  dtype and shape; the outputs' buffers are filled. The code is loaded on
 *  the first run; custom-op functions are looked up in the process (see
 *  kiln_load_library). A model whose weights are in a file runs with the
 *  weights kiln_model_get_weights gives. A model may be run from several
 *  threads at once (each with its own session). */
kiln_api_status kiln_model_run(kiln_session *session, kiln_model *model,
                               const kiln_tensor *inputs, size_t num_inputs,
                               kiln_tensor *outputs, size_t num_outputs);

/** Writes the model's artifacts into `directory` (created if needed), as
 *  `kiln compile --emit`: `emit` is a comma-separated list of "lib" (NAME.a:
 *  the model and the runtime core built for its target), "obj" (NAME.o),
 *  "shared" (libNAME.so, host only) and "header" (NAME.h); NULL means "lib".
 *  NAME.h and kiln_runtime.h come with every kind, and NAME.weights.bin
 *  too when the weights are in a file. */
kiln_api_status kiln_model_save(kiln_session *session,
                                const kiln_model *model,
                                const char *directory, const char *emit);

#ifdef __cplusplus
}
#endif

#endif /* KILN_C_KILN_H */
