/*===- capi_test.c - Kiln's C API from strict C99 -------------------------===*
 *
 * Compiles, inspects, runs and saves models through include/kiln-c/Kiln.h
 * with libkiln_capi alone: named inputs in any order, every argument check,
 * compile errors with their messages, a model held in memory, a custom op
 * defined in this program (exported, so the in-process loader finds it), the
 * three weights placements and a cross-target model that can be saved but
 * not run.
 * Usage: kiln-unit-capi INPUT_DIR OUTPUT_DIR
 *
 *===----------------------------------------------------------------------===*/
#include "kiln-c/Kiln.h"
#include "kiln_custom_op.h"
#include "test_app.h" /* CHECK and its failure count, from test/c/Inputs. */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* CHECK that `call` failed with `status` and a message containing `text`. */
#define CHECK_ERROR(call, status, text)                                      \
  do {                                                                       \
    kiln_api_status got_ = (call);                                           \
    CHECK(got_ == (status));                                                 \
    if (!strstr(kiln_session_error(session), (text))) {                      \
      printf("FAILED: message '%s' lacks '%s' (line %d)\n",                  \
             kiln_session_error(session), (text), __LINE__);                 \
      ++failures;                                                            \
    }                                                                        \
  } while (0)

static char path_buffer[4096];
static const char *input_dir;

static const char *input(const char *file) {
  snprintf(path_buffer, sizeof path_buffer, "%s/%s", input_dir, file);
  return path_buffer;
}

/* The custom op of Inputs/capi_custom.onnxtxt: y = 2 * x + bias; fails on a
 * negative first element. */
int32_t capi_test_double(const kiln_custom_tensor *inputs, int32_t num_inputs,
                         kiln_custom_tensor *outputs, int32_t num_outputs,
                         const kiln_custom_attrs *attrs) {
  const float *x = (const float *)inputs[0].data;
  float *y = (float *)outputs[0].data;
  float bias = kiln_custom_attr_float(attrs, "bias", 0.0f);
  int64_t i, n = kiln_custom_tensor_elements(&inputs[0]);
  if (num_inputs != 1 || num_outputs != 1 || x[0] < 0)
    return 5;
  for (i = 0; i < n; ++i)
    y[i] = 2 * x[i] + bias;
  return 0;
}

static void test_info_and_run(kiln_session *session) {
  kiln_options *options;
  kiln_model *model;
  const kiln_model_info *info;
  static const int64_t a_shape[2] = {2, 3}, b_shape[1] = {3};
  float a[6] = {-1, 2, -3, 4, -5, 6}, rectified[6];
  int64_t b[3] = {1, -2, 40}, doubled[3];
  kiln_tensor inputs[2], outputs[2];
  int i;

  CHECK(kiln_options_create(session, &options) == KILN_API_OK);
  CHECK(kiln_options_set_name(session, options, "capi_net") == KILN_API_OK);
  CHECK(kiln_options_set_opt_level(session, options, 1) == KILN_API_OK);
  CHECK_ERROR(kiln_options_set_opt_level(session, options, 7),
              KILN_API_INVALID_ARGUMENT, "must be 0 to 3, got 7");
  CHECK_ERROR(kiln_options_add_pipeline(session, options, "late", "cse"),
              KILN_API_INVALID_ARGUMENT, "unknown phase 'late'");
  CHECK(kiln_options_add_pipeline(session, options, "graph",
                                  "canonicalize") == KILN_API_OK);
  CHECK(kiln_compile_file(session, input("capi_model.onnxtxt"), options,
                          &model) == KILN_API_OK);
  kiln_options_destroy(options);
  if (failures)
    return;

  info = kiln_model_get_info(model);
  CHECK(strcmp(info->name, "capi_net") == 0);
  CHECK(info->abi_version == KILN_ABI_VERSION && info->run == NULL);
  CHECK(info->num_inputs == 2 && info->num_outputs == 2);
  CHECK(strcmp(info->inputs[0].name, "a") == 0);
  CHECK(info->inputs[0].dtype == KILN_DTYPE_F32 && info->inputs[0].rank == 2);
  CHECK(info->inputs[0].shape[1] == 3 && info->inputs[0].size_bytes == 24);
  CHECK(strcmp(info->inputs[1].name, "b") == 0);
  CHECK(info->inputs[1].dtype == KILN_DTYPE_I64);
  CHECK(strcmp(info->outputs[1].name, "doubled") == 0);
  CHECK(strstr(kiln_model_get_header(model), "int32_t capi_net_run(") != NULL);

  /* Inputs by name, in another order than the model's. */
  inputs[0].name = "b";
  inputs[0].data = b;
  inputs[0].dtype = KILN_DTYPE_I64;
  inputs[0].rank = 1;
  inputs[0].shape = b_shape;
  inputs[0].size_bytes = sizeof b;
  inputs[1].name = "a";
  inputs[1].data = a;
  inputs[1].dtype = KILN_DTYPE_F32;
  inputs[1].rank = 2;
  inputs[1].shape = a_shape;
  inputs[1].size_bytes = sizeof a;
  outputs[0] = inputs[1];
  outputs[0].name = "rectified";
  outputs[0].data = rectified;
  outputs[1] = inputs[0];
  outputs[1].name = "doubled";
  outputs[1].data = doubled;
  CHECK(kiln_model_run(session, model, inputs, 2, outputs, 2) == KILN_API_OK);
  for (i = 0; i < 6; ++i)
    CHECK(rectified[i] == (a[i] > 0 ? a[i] : 0));
  for (i = 0; i < 3; ++i)
    CHECK(doubled[i] == 2 * b[i]);

  /* Every mismatch is refused before the model runs. */
  CHECK_ERROR(kiln_model_run(session, model, inputs, 1, outputs, 2),
              KILN_API_INVALID_ARGUMENT, "input 'a' is missing");
  inputs[1].dtype = KILN_DTYPE_F64;
  CHECK_ERROR(kiln_model_run(session, model, inputs, 2, outputs, 2),
              KILN_API_INVALID_ARGUMENT, "input 'a' has dtype 11, the model's is 1");
  inputs[1].dtype = KILN_DTYPE_F32;
  inputs[1].shape = b_shape;
  inputs[1].rank = 1;
  CHECK_ERROR(kiln_model_run(session, model, inputs, 2, outputs, 2),
              KILN_API_INVALID_ARGUMENT,
              "input 'a' has shape [3], the model's is [2, 3]");
  inputs[1].shape = a_shape;
  inputs[1].rank = 2;
  inputs[1].size_bytes = 8;
  CHECK_ERROR(kiln_model_run(session, model, inputs, 2, outputs, 2),
              KILN_API_INVALID_ARGUMENT, "input 'a' needs 24 bytes of data, got 8");
  inputs[1].size_bytes = sizeof a;
  inputs[0].name = "a";
  CHECK_ERROR(kiln_model_run(session, model, inputs, 2, outputs, 2),
              KILN_API_INVALID_ARGUMENT, "input 'a' is given more than once");
  inputs[0].name = "c";
  CHECK_ERROR(kiln_model_run(session, model, inputs, 2, outputs, 2),
              KILN_API_INVALID_ARGUMENT,
              "the model has no input 'c' (its inputs are: a, b)");
  inputs[0].name = "b";
  CHECK_ERROR(kiln_model_run(session, model, inputs, 2, outputs, 1),
              KILN_API_INVALID_ARGUMENT, "output 'doubled' is missing");
  CHECK(kiln_model_run(session, model, inputs, 2, outputs, 2) == KILN_API_OK);
  CHECK(strcmp(kiln_session_error(session), "") == 0);
  kiln_model_destroy(model);
}

static void test_errors(kiln_session *session) {
  kiln_model *model = NULL;
  kiln_options *options;
  const char *json = NULL;
  static const char text[] = "<ir_version: 8, opset_import: [\"\" : 13]>\n"
                             "g (float[2] x) => (float[2] y) { y = Neg (x) }\n";
  CHECK_ERROR(kiln_compile_file(session, input("capi_unsupported.onnxtxt"),
                                NULL, &model),
              KILN_API_COMPILE_ERROR,
              "node 'y' (com.test::Mystery, opset 1): op not supported");
  CHECK(model == NULL);
  CHECK_ERROR(kiln_compile_file(session, input("missing.onnx"), NULL, &model),
              KILN_API_IO_ERROR, "missing.onnx");
  CHECK_ERROR(kiln_compile_file(session, NULL, NULL, &model),
              KILN_API_INVALID_ARGUMENT, "must not be NULL");
  CHECK(kiln_compile_file(NULL, "x", NULL, &model) ==
        KILN_API_INVALID_ARGUMENT);

  /* A model in memory, here as ONNX text. */
  CHECK(kiln_compile_buffer(session, text, strlen(text), NULL, &model) ==
        KILN_API_OK);
  if (model) {
    CHECK(strcmp(kiln_model_get_info(model)->name, "model") == 0);
    kiln_model_destroy(model);
  }
  CHECK_ERROR(kiln_compile_buffer(session, "garbage\001", 8, NULL, &model),
              KILN_API_COMPILE_ERROR, "not a valid ONNX model");

  CHECK(kiln_inspect_file(session, input("capi_unsupported.onnxtxt"),
                          &json) == KILN_API_OK);
  CHECK(json && strstr(json, "\"unsupported\"") && strstr(json, "Mystery"));

  /* A custom op is supported once its description is given, as with
   * `kiln inspect --custom-ops`; NULL options are no options. */
  CHECK(kiln_inspect_file_with_options(session, input("capi_custom.onnxtxt"),
                                       NULL, &json) == KILN_API_OK);
  CHECK(json && strstr(json, "\"custom_ops\": []") &&
        strstr(json, "com.test"));
  CHECK(kiln_options_create(session, &options) == KILN_API_OK);
  CHECK(kiln_options_add_custom_ops(session, options,
                                    input("capi_custom.json")) == KILN_API_OK);
  CHECK(kiln_inspect_file_with_options(session, input("capi_custom.onnxtxt"),
                                       options, &json) == KILN_API_OK);
  CHECK(json && strstr(json, "\"function\": \"capi_test_double\""));
  kiln_options_destroy(options);
  CHECK(kiln_options_create(session, &options) == KILN_API_OK);
  CHECK(kiln_options_add_custom_ops(session, options,
                                    input("no-such-ops.json")) == KILN_API_OK);
  CHECK_ERROR(kiln_inspect_file_with_options(
                  session, input("capi_custom.onnxtxt"), options, &json),
              KILN_API_IO_ERROR, "no-such-ops.json");
  kiln_options_destroy(options);
}

/* The f32 tensor `name` of `rank` dims `shape`, `size` bytes at `data`. */
static kiln_tensor float_tensor(const char *name, void *data, int32_t rank,
                                const int64_t *shape, uint64_t size) {
  kiln_tensor t;
  t.name = name;
  t.data = data;
  t.dtype = KILN_DTYPE_F32;
  t.rank = rank;
  t.shape = shape;
  t.size_bytes = size;
  return t;
}

static void test_custom_op(kiln_session *session) {
  kiln_options *options;
  kiln_model *model = NULL;
  static const int64_t shape[1] = {4};
  float x[4] = {1, 2, 3, 4}, y[4];
  kiln_tensor in, out;
  int i;

  CHECK(kiln_options_create(session, &options) == KILN_API_OK);
  CHECK(kiln_options_add_custom_ops(session, options,
                                    input("capi_custom.json")) == KILN_API_OK);
  CHECK(kiln_compile_file(session, input("capi_custom.onnxtxt"), options,
                          &model) == KILN_API_OK);
  kiln_options_destroy(options);
  if (!model)
    return;
  in = float_tensor("x", x, 1, shape, sizeof x);
  out = float_tensor("y", y, 1, shape, sizeof y);
  CHECK(kiln_model_run(session, model, &in, 1, &out, 1) == KILN_API_OK);
  for (i = 0; i < 4; ++i)
    CHECK(fabsf(y[i] + (2 * x[i] + 0.5f)) < 1e-6f);
  x[0] = -1;
  CHECK_ERROR(kiln_model_run(session, model, &in, 1, &out, 1),
              KILN_API_RUN_ERROR, "model 'capi_custom' failed: runtime error");
  kiln_model_destroy(model);
}

/* Compiles Inputs/capi_weights.onnxtxt with the weights at `placement` (in
 * `section`), runs it and checks the exact product; NULL on failure. */
static kiln_model *compile_weights(kiln_session *session, int32_t placement,
                                   const char *section) {
  static const int64_t x_shape[2] = {2, 4}, y_shape[2] = {2, 3};
  static const float want[6] = {5.625f, -2.0f, -3.0f, -4.0f, -0.125f, 8.5625f};
  float x[8] = {1, 2, -1, 0.5f, 0.25f, -2, 4, 1}, y[6];
  kiln_options *options;
  kiln_model *model = NULL;
  kiln_tensor in, out;

  CHECK(kiln_options_create(session, &options) == KILN_API_OK);
  CHECK(kiln_options_set_weights_placement(session, options, placement,
                                           section) == KILN_API_OK);
  CHECK(kiln_compile_file(session, input("capi_weights.onnxtxt"), options,
                          &model) == KILN_API_OK);
  kiln_options_destroy(options);
  if (!model)
    return NULL;
  in = float_tensor("x", x, 2, x_shape, sizeof x);
  out = float_tensor("y", y, 2, y_shape, sizeof y);
  CHECK(kiln_model_run(session, model, &in, 1, &out, 1) == KILN_API_OK);
  CHECK(memcmp(y, want, sizeof y) == 0);
  return model;
}

/* Reads the file `directory`/`file` into `buffer` (at most `capacity`
 * bytes); returns its size, or -1 if it cannot be read. */
static long read_file(const char *directory, const char *file, char *buffer,
                      size_t capacity) {
  char path[4096];
  FILE *f;
  size_t size;
  snprintf(path, sizeof path, "%s/%s", directory, file);
  if (!(f = fopen(path, "rb")))
    return -1;
  size = fread(buffer, 1, capacity, f);
  fclose(f);
  return (long)size;
}

static void test_weights_placement(kiln_session *session, const char *out_dir) {
  static char saved[1 << 16];
  kiln_options *options;
  kiln_model *model;
  const void *weights;
  uint64_t size = 1;
  long saved_size;

  /* Argument checks, with the CLI's rule for section names. */
  CHECK(kiln_options_create(session, &options) == KILN_API_OK);
  CHECK_ERROR(kiln_options_set_weights_placement(session, options, 7, NULL),
              KILN_API_INVALID_ARGUMENT, "unknown weights placement 7");
  CHECK_ERROR(kiln_options_set_weights_placement(
                  session, options, KILN_WEIGHTS_SECTION, "bad name"),
              KILN_API_INVALID_ARGUMENT,
              "weights section 'bad name' is not a section name");
  CHECK_ERROR(kiln_options_set_weights_placement(session, options,
                                                 KILN_WEIGHTS_SECTION, NULL),
              KILN_API_INVALID_ARGUMENT, "is not a section name");
  CHECK_ERROR(kiln_options_set_weights_placement(
                  session, options, KILN_WEIGHTS_FILE, ".ext_flash"),
              KILN_API_INVALID_ARGUMENT, "only with KILN_WEIGHTS_SECTION");
  kiln_options_destroy(options);

  /* In the object (the default): no weights file. */
  if ((model = compile_weights(session, KILN_WEIGHTS_OBJECT, NULL))) {
    CHECK(kiln_model_get_weights(model, &size) == NULL && size == 0);
    CHECK(strstr(kiln_model_get_header(model), "int32_t capi_weights_run(") !=
          NULL);
    kiln_model_destroy(model);
  }
  /* In a linker section, which the header names. */
  if ((model = compile_weights(session, KILN_WEIGHTS_SECTION, ".ext_flash"))) {
    CHECK(kiln_model_get_weights(model, &size) == NULL && size == 0);
    CHECK(strstr(kiln_model_get_header(model), ".ext_flash") != NULL);
    kiln_model_destroy(model);
  }
  /* In a file: the model runs with it, save writes it next to the header. */
  if ((model = compile_weights(session, KILN_WEIGHTS_FILE, NULL))) {
    weights = kiln_model_get_weights(model, &size);
    CHECK(weights != NULL && size > 12 * sizeof(float));
    CHECK(strstr(kiln_model_get_header(model),
                 "capi_weights_run_with_weights(") != NULL);
    CHECK(kiln_model_get_info(model)->run == NULL);
    CHECK(kiln_model_save(session, model, out_dir, "header") == KILN_API_OK);
    saved_size =
        read_file(out_dir, "capi_weights.weights.bin", saved, sizeof saved);
    CHECK(saved_size >= 0 && (uint64_t)saved_size == size);
    CHECK(weights && saved_size > 0 && memcmp(saved, weights, size) == 0);
    kiln_model_destroy(model);
  }
}

static void test_cross_target(kiln_session *session, const char *out_dir) {
  kiln_options *options;
  kiln_model *model = NULL;
  char path[4096];
  FILE *file;

  CHECK(kiln_options_create(session, &options) == KILN_API_OK);
  CHECK(kiln_options_set_target(session, options, "cortex-m4") == KILN_API_OK);
  CHECK(kiln_compile_file(session, input("capi_model.onnxtxt"), options,
                          &model) == KILN_API_OK);
  kiln_options_destroy(options);
  if (!model)
    return;
  CHECK_ERROR(kiln_model_run(session, model, NULL, 0, NULL, 0),
              KILN_API_UNSUPPORTED, "cannot run on this machine");
  CHECK_ERROR(kiln_model_save(session, model, out_dir, "lib,shared"),
              KILN_API_UNSUPPORTED, "only be written for the host");
  CHECK_ERROR(kiln_model_save(session, model, out_dir, "lib,dll"),
              KILN_API_INVALID_ARGUMENT, "unknown emit kind 'dll'");
  CHECK(kiln_model_save(session, model, out_dir, "lib,obj") == KILN_API_OK);
  snprintf(path, sizeof path, "%s/capi_model.a", out_dir);
  CHECK((file = fopen(path, "rb")) != NULL);
  if (file)
    fclose(file);
  snprintf(path, sizeof path, "%s/capi_model.h", out_dir);
  CHECK((file = fopen(path, "rb")) != NULL);
  if (file)
    fclose(file);
  snprintf(path, sizeof path, "%s/kiln_runtime.h", out_dir);
  CHECK((file = fopen(path, "rb")) != NULL);
  if (file)
    fclose(file);
  kiln_model_destroy(model);
}

int main(int argc, char **argv) {
  kiln_session *session;
  if (argc != 3) {
    fprintf(stderr, "usage: %s INPUT_DIR OUTPUT_DIR\n", argv[0]);
    return 2;
  }
  input_dir = argv[1];
  CHECK(kiln_api_version() == KILN_C_API_VERSION);
  CHECK(strlen(kiln_version()) >= 5);
  CHECK(kiln_session_create(&session) == KILN_API_OK);
  CHECK(strcmp(kiln_session_error(session), "") == 0);
  test_info_and_run(session);
  test_errors(session);
  test_custom_op(session);
  test_weights_placement(session, argv[2]);
  test_cross_target(session, argv[2]);
  kiln_session_destroy(session);
  if (failures) {
    printf("%d checks failed\n", failures);
    return 1;
  }
  printf("capi: all checks passed\n");
  return 0;
}
