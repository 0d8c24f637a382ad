/* Custom ops end to end: the model calls acme_swizzle and acme_scale,
 * implemented here against kiln_custom_op.h; the program checks what the
 * functions receive, the model's results, and that a failing function makes
 * swizzle_run return KILN_STATUS_RUNTIME_ERROR. */
#include "kiln_custom_op.h"
#include "swizzle.h"
#include "test_app.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static int fail_swizzle;
static int scale_calls;

/* out[i][j] = in[i][(j + shift) % cols] * weights[i % 2] - 1 */
int32_t acme_swizzle(const kiln_custom_tensor *inputs, int32_t num_inputs,
                     kiln_custom_tensor *outputs, int32_t num_outputs,
                     const kiln_custom_attrs *attrs) {
  const kiln_custom_attr *weights = kiln_custom_attr_find(attrs, "weights");
  const kiln_custom_attr *mode = kiln_custom_attr_find(attrs, "mode");
  int64_t shift = kiln_custom_attr_int(attrs, "shift", 0);
  const float *x = (const float *)inputs[0].data;
  float *y = (float *)outputs[0].data;
  int64_t rows, cols, i, j;
  if (fail_swizzle)
    return 42;
  CHECK(num_inputs == 1 && num_outputs == 1 && attrs->count == 3);
  CHECK(inputs[0].dtype == KILN_DTYPE_F32 && inputs[0].rank == 2);
  CHECK(outputs[0].dtype == KILN_DTYPE_F32 && outputs[0].rank == 2);
  CHECK(kiln_custom_tensor_elements(&inputs[0]) == 8);
  CHECK(weights && weights->kind == KILN_CUSTOM_ATTR_FLOATS &&
        weights->count == 2);
  CHECK(mode && mode->kind == KILN_CUSTOM_ATTR_STRING && mode->count == 6 &&
        strcmp(mode->string, "rotate") == 0);
  CHECK(kiln_custom_attr_find(attrs, "missing") == NULL);
  if (failures)
    return 1;
  rows = inputs[0].shape[0];
  cols = inputs[0].shape[1];
  for (i = 0; i < rows; ++i)
    for (j = 0; j < cols; ++j)
      y[i * cols + j] =
          x[i * cols + (j + shift) % cols] * weights->floats[i % 2] - 1.0f;
  return 0;
}

/* out[i] = in[i] * factor, from uint8 to float */
int32_t acme_scale(const kiln_custom_tensor *inputs, int32_t num_inputs,
                   kiln_custom_tensor *outputs, int32_t num_outputs,
                   const kiln_custom_attrs *attrs) {
  const uint8_t *codes = (const uint8_t *)inputs[0].data;
  float *out = (float *)outputs[0].data;
  float factor = kiln_custom_attr_float(attrs, "factor", 1.0f);
  int64_t i;
  ++scale_calls;
  CHECK(num_inputs == 1 && num_outputs == 1);
  CHECK(inputs[0].dtype == KILN_DTYPE_U8 && outputs[0].dtype == KILN_DTYPE_F32);
  CHECK(inputs[0].rank == 1 && inputs[0].shape[0] == 3);
  for (i = 0; i < 3; ++i)
    out[i] = codes[i] * factor;
  return 0;
}

int main(void) {
  static const float x[8] = {1, 2, 3, 4, 5, 6, 7, 8};
  static const uint8_t codes[3] = {4, 200, 255};
  static const float expected_y[8] = {0, 0.5f, 1, 0, 11, 13, 15, 9};
  static const float expected_scaled[3] = {1, 50, 63.75f};
  static float y[8], scaled[3];
  static unsigned char workspace[SWIZZLE_WORKSPACE_SIZE + 64];
  void *ws = workspace + (64 - (uintptr_t)workspace % 64) % 64;
  swizzle_inputs in = {x, codes};
  swizzle_outputs out = {y, scaled};
  int i;

  CHECK(swizzle_run(&in, &out, ws) == KILN_STATUS_OK);
  for (i = 0; i < 8; ++i)
    CHECK(fabsf(y[i] - expected_y[i]) < 1e-6f);
  for (i = 0; i < 3; ++i)
    CHECK(fabsf(scaled[i] - expected_scaled[i]) < 1e-6f);
  printf("y = %g %g %g %g %g %g %g %g\n", y[0], y[1], y[2], y[3], y[4], y[5],
         y[6], y[7]);

  /* A failing custom op stops the run with a runtime error. */
  fail_swizzle = 1;
  CHECK(swizzle_run(&in, &out, ws) == KILN_STATUS_RUNTIME_ERROR);
  CHECK(swizzle_info.run(&in, &out, ws) == KILN_STATUS_RUNTIME_ERROR);
  printf("scale calls: %d\n", scale_calls);
  return finish_checks("swizzle");
}
