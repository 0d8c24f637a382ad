/*===- run_model.c - Run any Kiln model and print its outputs -------------===*
 *
 * A generic host for cross-target tests: it knows a model only through its
 * kiln_model_info (build with -DKILN_MODEL_INFO=NAME_info), fills every
 * float input with the same deterministic pattern, runs the model once and
 * prints every output element as "NAME[i] = VALUE" with 9 significant
 * digits. Built for the host and for each cross target from the same source,
 * so compare_outputs.py can diff the two printouts. Plain C99 with the C
 * library only (qemu-user runs it against the cross target's libc).
 *
 * For a model compiled with --weights-file, build with
 * -DKILN_RUN_WITH_WEIGHTS=NAME_run_with_weights and pass the path of
 * NAME.weights.bin: the file is read into a 64-byte aligned block and the
 * model runs through that entry point (whose NAME_info.run must be NULL),
 * with the same pointer arrays; the printout is the same as without.
 *
 *===----------------------------------------------------------------------===*/

#include "kiln_runtime.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef KILN_MODEL_INFO
#error "build with -DKILN_MODEL_INFO=<model>_info"
#endif

extern const kiln_model_info KILN_MODEL_INFO;

#ifdef KILN_RUN_WITH_WEIGHTS
int32_t KILN_RUN_WITH_WEIGHTS(const void *in, void *out, void *workspace,
                              const void *weights);
#endif

/* Values in [-1, 1) on a 1/64 grid from an integer hash of (tensor, index):
 * exact in float, identical on every machine, and not so regular that a
 * wrong stride or a transposed weight could go unnoticed. */
static float pattern(uint32_t tensor, uint32_t index) {
  uint32_t h = (index + 1u) * 2654435761u ^ (tensor + 1u) * 40503u;
  h ^= h >> 13;
  h *= 2246822519u;
  h ^= h >> 16;
  return (float)((int32_t)(h % 128u) - 64) / 64.0f;
}

/* Over-allocates and aligns by hand: C99 has no aligned_alloc. */
static void *aligned_block(uint64_t size, uint64_t align, void **block) {
  uintptr_t address;
  *block = malloc((size_t)(size + align));
  if (!*block)
    return NULL;
  address = (uintptr_t)*block;
  return (void *)(address + (uintptr_t)((align - address % align) % align));
}

static int fail(const char *what, const char *name) {
  fprintf(stderr, "run_model: %s '%s'\n", what, name);
  return 1;
}

#ifdef KILN_RUN_WITH_WEIGHTS
/* Reads the whole file at `path` into a 64-byte aligned block. */
static void *read_weights(const char *path, void **block) {
  FILE *f = fopen(path, "rb");
  long size;
  void *data = NULL;
  if (!f)
    return NULL;
  if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) > 0 &&
      fseek(f, 0, SEEK_SET) == 0) {
    data = aligned_block((uint64_t)size, 64, block);
    if (data && fread(data, 1, (size_t)size, f) != (size_t)size)
      data = NULL;
  }
  fclose(f);
  return data;
}
#endif

int main(int argc, char **argv) {
  const kiln_model_info *info = &KILN_MODEL_INFO;
  void *in_data[16], *out_data[16], *workspace_block, *workspace;
  uint32_t t, status;
  uint64_t i, count;
#ifdef KILN_RUN_WITH_WEIGHTS
  void *weights_block = NULL, *weights;
  if (argc != 2)
    return fail("usage: run_model NAME.weights.bin; model", info->name);
  if (info->run)
    return fail("NAME_info.run must be NULL with external weights; model",
                info->name);
  weights = read_weights(argv[1], &weights_block);
  if (!weights)
    return fail("cannot read the weights file", argv[1]);
#else
  (void)argv;
  if (argc != 1)
    return fail("no arguments expected; model", info->name);
#endif

  if (info->num_inputs > 16 || info->num_outputs > 16)
    return fail("too many inputs or outputs in model", info->name);
  for (t = 0; t < info->num_inputs; ++t) {
    const kiln_tensor_info *tensor = &info->inputs[t];
    float *data;
    if (tensor->dtype != KILN_DTYPE_F32)
      return fail("only float inputs are supported; not", tensor->name);
    data = malloc((size_t)tensor->size_bytes + 1);
    if (!data)
      return fail("out of memory for input", tensor->name);
    count = tensor->size_bytes / sizeof(float);
    for (i = 0; i < count; ++i)
      data[i] = pattern(t, (uint32_t)i);
    in_data[t] = data;
  }
  for (t = 0; t < info->num_outputs; ++t) {
    const kiln_tensor_info *tensor = &info->outputs[t];
    if (tensor->dtype != KILN_DTYPE_F32)
      return fail("only float outputs are supported; not", tensor->name);
    out_data[t] = malloc((size_t)tensor->size_bytes + 1);
    if (!out_data[t])
      return fail("out of memory for output", tensor->name);
  }
  workspace = aligned_block(info->workspace_size,
                            info->workspace_align ? info->workspace_align : 1,
                            &workspace_block);
  if (!workspace)
    return fail("out of memory for the workspace of", info->name);

#ifdef KILN_RUN_WITH_WEIGHTS
  status = (uint32_t)KILN_RUN_WITH_WEIGHTS(in_data, out_data, workspace,
                                           weights);
  free(weights_block);
#else
  status = (uint32_t)info->run(in_data, out_data, workspace);
#endif
  if (status != KILN_STATUS_OK) {
    fprintf(stderr, "run_model: %s_run returned status %u\n", info->name,
            (unsigned)status);
    return 1;
  }
  printf("model %s\n", info->name);
  for (t = 0; t < info->num_outputs; ++t) {
    const kiln_tensor_info *tensor = &info->outputs[t];
    const float *data = out_data[t];
    count = tensor->size_bytes / sizeof(float);
    for (i = 0; i < count; ++i)
      printf("%s[%lu] = %.9g\n", tensor->name, (unsigned long)i,
             (double)data[i]);
  }
  for (t = 0; t < info->num_inputs; ++t)
    free(in_data[t]);
  for (t = 0; t < info->num_outputs; ++t)
    free(out_data[t]);
  free(workspace_block);
  return 0;
}
