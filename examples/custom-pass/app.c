/* Runs scaled_relu compiled with the example-relu6 plugin: y = relu(3x)
 * became min(max(3x, 0), 6), so large inputs are capped at 6. */
#include "scaled_relu.h"

#include <stdio.h>

int main(void) {
  static const float x[8] = {-2.0f, -0.5f, 0.0f, 0.5f, 1.0f, 1.9f, 2.5f, 10.0f};
  static float y[8];
  static unsigned char workspace[SCALED_RELU_WORKSPACE_SIZE + 64];
  void *ws = workspace + (64 - (size_t)workspace % 64) % 64;
  scaled_relu_inputs in = {x};
  scaled_relu_outputs out = {y};
  int failures = 0, i;
  if (scaled_relu_run(&in, &out, ws) != KILN_STATUS_OK) {
    printf("FAILED: scaled_relu_run\n");
    return 1;
  }
  for (i = 0; i < 8; ++i) {
    float expected = 3.0f * x[i];
    expected = expected < 0.0f ? 0.0f : expected > 6.0f ? 6.0f : expected;
    printf("x = %5.2f  y = %5.2f\n", x[i], y[i]);
    if (y[i] != expected) {
      printf("FAILED: y[%d] = %g, expected %g\n", i, y[i], expected);
      ++failures;
    }
  }
  if (failures)
    return 1;
  printf("relu6: all outputs capped at 6\n");
  return 0;
}
