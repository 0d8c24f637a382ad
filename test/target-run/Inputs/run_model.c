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
 *===----------------------------------------------------------------------===*/

#include "kiln_runtime.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef KILN_MODEL_INFO
#error "build with -DKILN_MODEL_INFO=<model>_info"
#endif

extern const kiln_model_info KILN_MODEL_INFO;

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

int main(void) {
  const kiln_model_info *info = &KILN_MODEL_INFO;
  void *in_data[16], *out_data[16], *workspace_block, *workspace;
  uint32_t t, status;
  uint64_t i, count;

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

  status = (uint32_t)info->run(in_data, out_data, workspace);
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
