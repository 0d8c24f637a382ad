/*===- parallel.c - The parallel-for hook ---------------------------------===*
 *
 * Generated code calls kiln_parallel_for for loops the schedule marks
 * parallel. The core runtime runs them serially; a host installs a runner
 * (a thread pool, kiln_rt_threads) to split them. This is the runtime's only
 * writable state, and it is set before any model runs.
 *
 *===----------------------------------------------------------------------===*/
#include "kiln_runtime.h"

static kiln_parallel_runner kiln_installed_runner = 0;
static void *kiln_installed_runner_context = 0;

void kiln_parallel_for(int64_t n, kiln_parallel_body body, void *context) {
  if (n <= 0 || !body)
    return;
  if (kiln_installed_runner) {
    kiln_installed_runner(kiln_installed_runner_context, n, body, context);
    return;
  }
  body(context, 0, n);
}

void kiln_set_parallel_runner(kiln_parallel_runner runner,
                              void *runner_context) {
  kiln_installed_runner = runner;
  /* The serial default has no context; dropping it keeps a stale pointer
   * from outliving the runner it belonged to. */
  kiln_installed_runner_context = runner ? runner_context : 0;
}
