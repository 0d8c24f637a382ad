/* cummax.c - the C implementation of the custom op com.example.CumMax.
 *
 * y[..., i] = max(x[..., 0], ..., x[..., i]) along the last axis, or from
 * the end when the node's attribute `reverse` is 1. Kiln calls it with the
 * signature of kiln_custom_op.h; it allocates nothing and returns 0, or
 * non-zero (the model's run then fails with KILN_STATUS_RUNTIME_ERROR) when
 * called with something it does not handle. */
#include "kiln_custom_op.h"

int32_t example_cummax(const kiln_custom_tensor *inputs, int32_t num_inputs,
                       kiln_custom_tensor *outputs, int32_t num_outputs,
                       const kiln_custom_attrs *attrs) {
  const float *x;
  float *y;
  int64_t rows, cols, r, c, reverse;
  if (num_inputs != 1 || num_outputs != 1 ||
      inputs[0].dtype != KILN_DTYPE_F32 || inputs[0].rank < 1)
    return 1;
  reverse = kiln_custom_attr_int(attrs, "reverse", 0);
  cols = inputs[0].shape[inputs[0].rank - 1];
  rows = cols ? kiln_custom_tensor_elements(&inputs[0]) / cols : 0;
  x = (const float *)inputs[0].data;
  y = (float *)outputs[0].data;
  for (r = 0; r < rows; ++r) {
    const float *in = x + r * cols;
    float *out = y + r * cols;
    for (c = 0; c < cols; ++c) {
      int64_t i = reverse ? cols - 1 - c : c;
      int64_t previous = reverse ? i + 1 : i - 1;
      out[i] = c == 0 || in[i] > out[previous] ? in[i] : out[previous];
    }
  }
  return 0;
}
