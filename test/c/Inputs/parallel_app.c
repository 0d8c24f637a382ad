/*===- parallel_app.c - A parallel loop on one and two threads ------------===*
 *
 * The host of parallel-threads.test, for Inputs/parallel_model.mlir: runs
 * the model with the runtime's serial default, then with a kiln_rt_threads
 * pool of two threads installed behind a counting runner that records which
 * threads ran the loop's chunks (counting_runner.h). Every run must give y
 * bit for bit as computed here, and the two-thread runs must have used two
 * distinct threads, in two chunks or more. Prints "parallel: all checks
 * passed" if so.
 *
 *===----------------------------------------------------------------------===*/
#define _POSIX_C_SOURCE 200112L

#include "counting_runner.h"
#include "par.h"
#include "test_app.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { kRows = 64, kCols = 16, kRuns = 100 };

static float x[kRows * kCols], expected[kRows * kCols], y[kRows * kCols];

static int32_t run(void *workspace) {
  par_inputs in;
  par_outputs out;
  in.x = x;
  out.y = y;
  memset(y, 0xff, sizeof(y));
  return par_run(&in, &out, workspace);
}

int main(void) {
  static counter c;
  void *workspace = NULL;
  float s, scratch[kCols];
  int i, j, k, r;

  for (i = 0; i < kRows * kCols; ++i)
    x[i] = (float)(i % 11) * 0.5f;
  x[0] = 3.0f;
  s = x[0];
  k = (int)s;
  for (i = 0; i < kRows; ++i) {
    for (j = 0; j < kCols; ++j)
      scratch[j] = x[i * kCols + j] * s + (float)j;
    for (j = 0; j < kCols; ++j)
      expected[i * kCols + j] = scratch[(j + k) % kCols];
  }
  if (posix_memalign(&workspace, PAR_WORKSPACE_ALIGN, PAR_WORKSPACE_SIZE)) {
    printf("FAILED: no workspace\n");
    return 1;
  }

  /* One thread: the runtime's serial default. */
  CHECK(run(workspace) == KILN_STATUS_OK);
  CHECK(memcmp(y, expected, sizeof(y)) == 0);

  /* Two threads, run after run. */
  CHECK(kiln_threads_create(2, &c.pool) == KILN_STATUS_OK);
  if (!c.pool)
    return 1;
  pthread_mutex_init(&c.mutex, NULL);
  kiln_set_parallel_runner(counting_runner, &c);
  for (r = 0; r < kRuns; ++r) {
    c.loops = c.chunks = c.num_threads = 0;
    CHECK(run(workspace) == KILN_STATUS_OK);
    CHECK(memcmp(y, expected, sizeof(y)) == 0);
    CHECK(c.loops == 1);
    CHECK(c.chunks >= 2);
    CHECK(c.num_threads == 2);
  }
  kiln_set_parallel_runner(NULL, NULL);
  kiln_threads_destroy(c.pool);
  free(workspace);

  if (failures)
    return 1;
  printf("parallel: all checks passed (1 and 2 threads, %d runs)\n", kRuns);
  return 0;
}
