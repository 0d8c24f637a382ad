/*===- wait_flag.h - A bounded wait for a flag another thread sets -------===*
 *
 * Shared by the C tests of kiln_rt_threads (test/c/Inputs/counting_runner.h,
 * test/unit/threads_test.c; C99, -pedantic -Werror): a chunk that must not
 * finish before another thread has run one polls a flag, at most ~10 s, so
 * that a pool which never hands work to another thread fails its check
 * instead of hanging the test.
 *
 *===----------------------------------------------------------------------===*/
#ifndef KILN_TEST_C_WAIT_FLAG_H
#define KILN_TEST_C_WAIT_FLAG_H

#include <time.h>

/* Polls `*flag` (acquire) every 0.1 ms until it is set or about 10 s have
 * passed; returns whether it was set. */
static int wait_flag(const int *flag) {
  struct timespec pause = {0, 100000};
  int waited;
  for (waited = 0; waited < 100000; ++waited) {
    if (__atomic_load_n(flag, __ATOMIC_ACQUIRE))
      return 1;
    nanosleep(&pause, NULL);
  }
  return 0;
}

#endif /* KILN_TEST_C_WAIT_FLAG_H */
