/*===- runtime_test.c - The runtime from strict C99 -----------------------===*
 *
 * kiln_runtime.h promises pure C99: this file is compiled with -std=c99
 * -pedantic -Werror (see CMakeLists.txt) and linked with kiln_rt alone, as a
 * firmware application would be. Exits non-zero on the first failed check.
 *
 *===----------------------------------------------------------------------===*/
#include "kiln_runtime.h"

#include <stdio.h>
#include <string.h>

static int failures = 0;

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      printf("%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);          \
      ++failures;                                                              \
    }                                                                          \
  } while (0)

static void sum_body(void *context, int64_t begin, int64_t end) {
  int64_t *sum = (int64_t *)context;
  int64_t i;
  for (i = begin; i < end; ++i)
    *sum += i;
}

static int runner_calls = 0;

static void halves(void *runner_context, int64_t n, kiln_parallel_body body,
                   void *context) {
  ++*(int *)runner_context;
  body(context, 0, n / 2);
  body(context, n / 2, n);
}

int main(void) {
  int64_t sum = 0;

  CHECK(strcmp(kiln_status_string(KILN_STATUS_OK), "ok") == 0);
  CHECK(strcmp(kiln_status_string(42), "unknown status") == 0);
  CHECK(kiln_dtype_size(KILN_DTYPE_F32) == 4);
  CHECK(kiln_dtype_size(KILN_DTYPE_BOOL) == 1);
  CHECK(kiln_dtype_size(KILN_DTYPE_UNDEFINED) == 0);

  kiln_parallel_for(100, sum_body, &sum);
  CHECK(sum == 4950);

  sum = 0;
  kiln_set_parallel_runner(halves, &runner_calls);
  kiln_parallel_for(101, sum_body, &sum);
  CHECK(sum == 5050);
  CHECK(runner_calls == 1);

  sum = 0;
  kiln_set_parallel_runner(NULL, NULL);
  kiln_parallel_for(10, sum_body, &sum);
  CHECK(sum == 45);
  CHECK(runner_calls == 1);

  CHECK(KILN_ABI_VERSION == 1u);
  if (failures == 0)
    printf("runtime_test: all checks passed\n");
  return failures == 0 ? 0 : 1;
}
