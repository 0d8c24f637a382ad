/* The consumer's program: tiny.h and tiny.a come from kiln_add_model. */
#include "tiny.h"

#include <stdio.h>

int main(void) {
  static const float x[4] = {1, 2, 3, 4}, y[4] = {0.5f, -1, 2, 8};
  static float sum[4], product[4];
  tiny_inputs in = {x, y};
  tiny_outputs out = {sum, product};
  int i;
  /* A model without workspace accepts a NULL workspace. */
  if (TINY_WORKSPACE_SIZE != 0 || tiny_run(&in, &out, NULL) != KILN_STATUS_OK)
    return 1;
  for (i = 0; i < 4; ++i)
    if (sum[i] != x[i] + y[i] || product[i] != x[i] * y[i])
      return 1;
  printf("consumer: model ok\n");
  return 0;
}
