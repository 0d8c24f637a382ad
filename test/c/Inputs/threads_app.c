/*===- threads_app.c - Any model on one thread and on a pool of two -------===*
 *
 * The host of threads-mnist.test: knows a model only through its
 * kiln_model_info (build with -DKILN_MODEL_INFO=NAME_info), fills its float
 * inputs with a fixed pattern and runs it first with the runtime's serial
 * default, then many times with a kiln_rt_threads pool of two threads
 * installed behind a counting runner (counting_runner.h), which records
 * the thread that ran each chunk of each parallel loop. Every two-thread
 * run must give the serial outputs bit for bit (each grid item is computed
 * by one thread, in the same order), must run at least one parallel loop,
 * and must have used exactly two distinct threads. Prints the loop count and
 * "threads-app: all checks passed" if so.
 *
 *===----------------------------------------------------------------------===*/
#define _POSIX_C_SOURCE 200112L

#include "counting_runner.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef KILN_MODEL_INFO
#error "build with -DKILN_MODEL_INFO=<model>_info"
#endif

extern const kiln_model_info KILN_MODEL_INFO;

enum { kMaxTensors = 16, kRuns = 50 };

/* The same integer-hash pattern as ../../target-run/Inputs/run_model.c. */
static float pattern(uint32_t tensor, uint32_t index) {
  uint32_t h = (index + 1u) * 2654435761u ^ (tensor + 1u) * 40503u;
  h ^= h >> 13;
  h *= 2246822519u;
  h ^= h >> 16;
  return (float)((int32_t)(h % 128u) - 64) / 64.0f;
}

static int fail(const char *what) {
  printf("FAILED: %s\n", what);
  return 1;
}

int main(void) {
  const kiln_model_info *info = &KILN_MODEL_INFO;
  void *in[kMaxTensors], *out[kMaxTensors], *reference[kMaxTensors];
  void *workspace = NULL;
  static counter c;
  uint32_t t;
  uint64_t i;
  int run, failures = 0, loops_per_run = -1;

  if (info->num_inputs > kMaxTensors || info->num_outputs > kMaxTensors)
    return fail("too many inputs or outputs");
  for (t = 0; t < info->num_inputs; ++t) {
    const kiln_tensor_info *tensor = &info->inputs[t];
    float *data = (float *)malloc((size_t)tensor->size_bytes + 1);
    if (tensor->dtype != KILN_DTYPE_F32 || !data)
      return fail("inputs must be float");
    for (i = 0; i < tensor->size_bytes / sizeof(float); ++i)
      data[i] = pattern(t, (uint32_t)i);
    in[t] = data;
  }
  for (t = 0; t < info->num_outputs; ++t) {
    out[t] = malloc((size_t)info->outputs[t].size_bytes + 1);
    reference[t] = malloc((size_t)info->outputs[t].size_bytes + 1);
    if (!out[t] || !reference[t])
      return fail("out of memory");
  }
  if (posix_memalign(&workspace, (size_t)info->workspace_align,
                     (size_t)info->workspace_size + 1))
    return fail("no workspace");

  /* One thread: the serial default of the model's runtime. */
  if (info->run(in, reference, workspace) != KILN_STATUS_OK)
    return fail("serial run");

  if (kiln_threads_create(2, &c.pool) != KILN_STATUS_OK)
    return fail("cannot create a pool of two threads");
  pthread_mutex_init(&c.mutex, NULL);
  kiln_set_parallel_runner(counting_runner, &c);
  for (run = 0; run < kRuns; ++run) {
    c.loops = c.chunks = c.num_threads = 0;
    for (t = 0; t < info->num_outputs; ++t)
      memset(out[t], 0xff, (size_t)info->outputs[t].size_bytes);
    if (info->run(in, out, workspace) != KILN_STATUS_OK) {
      ++failures;
      printf("FAILED: two-thread run %d\n", run);
      continue;
    }
    for (t = 0; t < info->num_outputs; ++t)
      if (memcmp(out[t], reference[t], (size_t)info->outputs[t].size_bytes)) {
        ++failures;
        printf("FAILED: run %d: output %s differs from one thread's\n", run,
               info->outputs[t].name);
      }
    if (c.loops == 0 || c.num_threads != 2) {
      ++failures;
      printf("FAILED: run %d: %d parallel loops on %d threads\n", run,
             c.loops, c.num_threads);
    }
    if (loops_per_run >= 0 && c.loops != loops_per_run) {
      ++failures;
      printf("FAILED: run %d: %d parallel loops, %d before\n", run, c.loops,
             loops_per_run);
    }
    loops_per_run = c.loops;
  }
  kiln_set_parallel_runner(NULL, NULL);
  kiln_threads_destroy(c.pool);

  printf("%s: %d parallel loops per run\n", info->name, loops_per_run);
  if (failures)
    return 1;
  printf("threads-app: all checks passed (1 and 2 threads, %d runs)\n", kRuns);
  return 0;
}
