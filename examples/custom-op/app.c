/* Runs the drawdown model, whose CumMax nodes call example_cummax
 * (cummax.c), and checks it against a plain C computation. */
#include "drawdown.h"

#include <stdio.h>

int main(void) {
  static const float prices[2][6] = {{3, 5, 4, 6, 2, 7}, {9, 8, 9, 1, 1, 2}};
  static float drawdown[2][6], future_max[2][6];
  static unsigned char workspace[DRAWDOWN_WORKSPACE_SIZE + 64];
  void *ws = workspace + (64 - (size_t)workspace % 64) % 64;
  drawdown_inputs in = {&prices[0][0]};
  drawdown_outputs out = {&drawdown[0][0], &future_max[0][0]};
  int failures = 0, r, c;
  if (drawdown_run(&in, &out, ws) != KILN_STATUS_OK) {
    printf("FAILED: drawdown_run\n");
    return 1;
  }
  for (r = 0; r < 2; ++r) {
    float high = prices[r][0], later = prices[r][5];
    for (c = 0; c < 6; ++c) {
      int back = 5 - c;
      high = prices[r][c] > high ? prices[r][c] : high;
      later = prices[r][back] > later ? prices[r][back] : later;
      if (drawdown[r][c] != high - prices[r][c] ||
          future_max[r][back] != later) {
        printf("FAILED at [%d][%d]\n", r, c);
        ++failures;
      }
    }
    printf("drawdown[%d] = %g %g %g %g %g %g\n", r, drawdown[r][0],
           drawdown[r][1], drawdown[r][2], drawdown[r][3], drawdown[r][4],
           drawdown[r][5]);
  }
  if (failures)
    return 1;
  printf("custom-op: outputs match\n");
  return 0;
}
