/*===- test_app.h - Checks and verdict of the C test programs -------------===*
 *
 * Included by the hosts in this folder (mlp_app.c, weights_app.c,
 * checks_app.c, swizzle_app.c) and by test/unit/capi_test.c, which are
 * built with -std=c99 -pedantic -Werror: CHECK(cond) prints each failed check with "FAILED" (which the
 * .test files look for) and counts it; same_floats/same_ints compare
 * results; finish_checks(name) prints the verdict line the .test files
 * expect ("NAME: all checks passed") and returns main's exit status.
 * Needs no libm, so hosts linked with a model archive alone can use it.
 *
 *===----------------------------------------------------------------------===*/
#ifndef KILN_TEST_C_TEST_APP_H
#define KILN_TEST_C_TEST_APP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Failed checks so far. */
static int failures;

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      printf("FAILED: %s (line %d)\n", #cond, __LINE__);                       \
      ++failures;                                                              \
    }                                                                          \
  } while (0)

/* Whether every got[i] is within `tolerance` of want[i] (0: bit-exact
 * values); a NaN on either side never matches. */
static inline int same_floats(const float *got, const float *want, size_t n,
                              float tolerance) {
  size_t i;
  for (i = 0; i < n; ++i) {
    float d = got[i] - want[i];
    if (!(d <= tolerance && -d <= tolerance))
      return 0;
  }
  return 1;
}

/* Whether got[i] == want[i] for every i. */
static inline int same_ints(const int64_t *got, const int64_t *want, size_t n) {
  size_t i;
  for (i = 0; i < n; ++i)
    if (got[i] != want[i])
      return 0;
  return 1;
}

/* Prints the verdict for the program `name`; returns main's exit status. */
static inline int finish_checks(const char *name) {
  if (failures) {
    printf("%s: %d checks failed\n", name, failures);
    return 1;
  }
  printf("%s: all checks passed\n", name);
  return 0;
}

#endif /* KILN_TEST_C_TEST_APP_H */
