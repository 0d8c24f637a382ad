/* Run-time checks end to end: checks.onnxtxt gives TopK, Split, Slice,
 * ReduceSum, OneHot, Tile, Range, Compress and NonZero run-time values that
 * fix their result shapes. Values that agree with the declared shapes give
 * the right results and KILN_STATUS_OK; changing any one of them so that it
 * disagrees makes checks_run return KILN_STATUS_RUNTIME_ERROR. */
#include "checks.h"
#include "test_app.h"

#include <stdio.h>

static const float x[10] = {1, 5, 2, 4, 3, 9, 7, 8, 6, 0};
static int64_t k[1] = {3}, sp[2] = {2, 3}, s[1] = {1}, e[1] = {3};
static int64_t ax[1] = {1}, rax[1] = {-1}, depth = 4, idx[2] = {1, -1};
static int64_t reps[2] = {2, 1}, rs = 1, rl = 7, rd = 2;
static float fs = 0.0f, fl = 1.0f, fd = 0.25f;
static uint8_t c[5] = {1, 0, 1, 0, 0};
static float nzin[4] = {0, 3, 0, 4};

static float v[6], a[4], b[6], sl[4], r[2], o[8], t[20], rf[4], cp[4];
static int64_t ind[6], rg[3], nz[4];
static unsigned char workspace[CHECKS_WORKSPACE_SIZE + 64];

static int32_t run(void) {
  checks_inputs in = {x,   k,    sp, s,  e,  ax, rax, &depth, idx,
                      reps, &rs, &rl, &rd, &fs, &fl, &fd, c,  nzin};
  checks_outputs out = {v, ind, a, b, sl, r, o, t, rg, rf, cp, nz};
  void *ws = workspace + (64 - (uintptr_t)workspace % 64) % 64;
  return checks_run(&in, &out, ws);
}

/* Results of float ops agree to within 1e-6. */
static int same(const float *got, const float *want, size_t n) {
  return same_floats(got, want, n, 1e-6f);
}

/* Sets *slot to bad, expects a runtime error, then restores it. */
#define EXPECT_FAILS(type, slot, bad)                                         \
  do {                                                                       \
    type saved = (slot);                                                     \
    (slot) = (bad);                                                          \
    int32_t status = run();                                                  \
    if (status != KILN_STATUS_RUNTIME_ERROR) {                               \
      printf("FAILED: %s = %s gave status %d\n", #slot, #bad, (int)status);  \
      ++failures;                                                            \
    }                                                                        \
    (slot) = saved;                                                          \
  } while (0)

int main(void) {
  static const float want_v[6] = {5, 4, 3, 9, 8, 7};
  static const int64_t want_i[6] = {1, 3, 4, 0, 2, 1};
  static const float want_a[4] = {1, 5, 9, 7}, want_b[6] = {2, 4, 3, 8, 6, 0};
  static const float want_sl[4] = {5, 2, 7, 8}, want_r[2] = {15, 30};
  static const float want_o[8] = {0, 1, 0, 0, 0, 0, 0, 1};
  static const int64_t want_rg[3] = {1, 3, 5}, want_nz[4] = {0, 1, 1, 1};
  static const float want_rf[4] = {0, 0.25f, 0.5f, 0.75f};
  static const float want_cp[4] = {1, 2, 9, 8};
  int32_t status = run();
  printf("agreeing values: status %d\n", (int)status);
  CHECK(status == KILN_STATUS_OK);
  CHECK(same(v, want_v, 6) && same_ints(ind, want_i, 6));
  CHECK(same(a, want_a, 4) && same(b, want_b, 6));
  CHECK(same(sl, want_sl, 4) && same(r, want_r, 2) && same(o, want_o, 8));
  CHECK(same(t, x, 10) && same(t + 10, x, 10));
  CHECK(same_ints(rg, want_rg, 3) && same(rf, want_rf, 4));
  CHECK(same(cp, want_cp, 4) && same_ints(nz, want_nz, 4));

  /* Each disagreeing value alone stops the run. */
  EXPECT_FAILS(int64_t, k[0], 2);
  EXPECT_FAILS(int64_t, sp[0], 3);
  EXPECT_FAILS(int64_t, e[0], 4);
  EXPECT_FAILS(int64_t, ax[0], 0);
  EXPECT_FAILS(int64_t, rax[0], 0);
  EXPECT_FAILS(int64_t, depth, 5);
  EXPECT_FAILS(int64_t, reps[1], 2);
  EXPECT_FAILS(int64_t, rl, 8);
  EXPECT_FAILS(int64_t, rd, 0);
  EXPECT_FAILS(float, fd, 0.2f);
  EXPECT_FAILS(uint8_t, c[1], 1);
  EXPECT_FAILS(float, nzin[0], 1.0f);

  /* Other values that agree: a negative end, a negative axis. */
  e[0] = -2;
  ax[0] = -1;
  rax[0] = 1;
  CHECK(run() == KILN_STATUS_OK && same(sl, want_sl, 4) && same(r, want_r, 2));
  return finish_checks("checks");
}
