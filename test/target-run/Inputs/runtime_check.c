/*===- runtime_check.c - A transcript of the core runtime's behaviour -----===*
 *
 * Calls every function of the core runtime (kiln_runtime.h) with ordinary
 * and hostile arguments and prints what it sees, one line per call: status
 * names (known codes, unknown ones, the int32 extremes), dtype sizes over
 * the whole enum and around it, the serial kiln_parallel_for (empty and
 * negative ranges, a NULL body), and installed runners (with and without a
 * context, uninstalled again). Linked once with a model archive (the
 * runtime `kiln compile` generates for the target) and once with
 * runtime/src (the C reference), the two transcripts must be identical
 * (test/target-run/runtime-core.test). Plain C99 with stdio only, so it
 * also runs on the firmware demo's board under semihosting.
 *
 *===----------------------------------------------------------------------===*/

#include "kiln_runtime.h"

#include <stdint.h>
#include <stdio.h>

static int body_tag = 11, runner_tag = 22;

static void print_tag(const char *what, const void *tag) {
  if (tag == &body_tag)
    printf("%s body_tag", what);
  else if (tag == &runner_tag)
    printf("%s runner_tag", what);
  else if (!tag)
    printf("%s NULL", what);
  else
    printf("%s ?", what);
}

static void body(void *context, int64_t begin, int64_t end) {
  printf("  body(");
  print_tag("context", context);
  printf(", %lld, %lld)\n", (long long)begin, (long long)end);
}

/* Splits [0, n) in two halves, as a thread pool with two threads would. */
static void halves(void *runner_context, int64_t n, kiln_parallel_body run,
                   void *context) {
  printf("  runner(");
  print_tag("runner_context", runner_context);
  printf(", n %lld)\n", (long long)n);
  run(context, 0, n / 2);
  run(context, n / 2, n);
}

static void parallel_for(int64_t n, kiln_parallel_body fn, void *context) {
  printf("parallel_for(%lld, %s, ", (long long)n, fn ? "body" : "NULL");
  print_tag("context", context);
  printf(")\n");
  kiln_parallel_for(n, fn, context);
}

int main(void) {
  static const int32_t statuses[] = {INT32_MIN, -1, 0, 1, 2, 3, 4, 5, 6,
                                     1000, INT32_MAX};
  unsigned i;
  int32_t dtype;

  for (i = 0; i < sizeof statuses / sizeof statuses[0]; ++i)
    printf("status %ld: %s\n", (long)statuses[i],
           kiln_status_string(statuses[i]));
  for (dtype = -2; dtype <= 20; ++dtype)
    printf("dtype %ld: %lu\n", (long)dtype,
           (unsigned long)kiln_dtype_size(dtype));
  printf("dtype INT32_MIN: %lu\n", (unsigned long)kiln_dtype_size(INT32_MIN));
  printf("dtype INT32_MAX: %lu\n", (unsigned long)kiln_dtype_size(INT32_MAX));

  printf("serial\n");
  parallel_for(5, body, &body_tag);
  parallel_for(1, body, NULL);
  parallel_for(0, body, &body_tag);
  parallel_for(-3, body, &body_tag);
  parallel_for(INT64_MIN, body, &body_tag);
  parallel_for(4, NULL, &body_tag);
  parallel_for((int64_t)1 << 40, body, &body_tag);

  printf("runner installed\n");
  kiln_set_parallel_runner(halves, &runner_tag);
  parallel_for(6, body, &body_tag);
  parallel_for(1, body, NULL);
  parallel_for(0, body, &body_tag);
  parallel_for(-1, body, &body_tag);
  parallel_for(3, NULL, &body_tag);

  printf("runner without a context\n");
  kiln_set_parallel_runner(halves, NULL);
  parallel_for(4, body, &body_tag);

  /* Uninstalling with a context drops it; a new runner gets its own. */
  printf("serial again\n");
  kiln_set_parallel_runner(NULL, &runner_tag);
  parallel_for(4, body, &body_tag);
  kiln_set_parallel_runner(halves, &runner_tag);
  parallel_for(2, body, &body_tag);
  kiln_set_parallel_runner(NULL, NULL);
  parallel_for(2, body, &body_tag);

  printf("runtime-check: done\n");
  return 0;
}
