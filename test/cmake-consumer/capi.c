/* The installed C API: compile tiny.onnxtxt in process and run it. */
#include "kiln-c/Kiln.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
  static const int64_t shape[1] = {4};
  float x[4] = {1, 2, 3, 4}, y[4] = {2, 2, 2, 2}, sum[4], product[4];
  kiln_tensor inputs[2] = {{"x", x, KILN_DTYPE_F32, 1, shape, sizeof x},
                           {"y", y, KILN_DTYPE_F32, 1, shape, sizeof y}};
  kiln_tensor outputs[2] = {
      {"product", product, KILN_DTYPE_F32, 1, shape, sizeof product},
      {"sum", sum, KILN_DTYPE_F32, 1, shape, sizeof sum}};
  kiln_session *session;
  kiln_model *model;
  int i;
  if (argc != 2 || kiln_session_create(&session) != KILN_API_OK)
    return 1;
  if (kiln_compile_file(session, argv[1], NULL, &model) != KILN_API_OK ||
      kiln_model_run(session, model, inputs, 2, outputs, 2) != KILN_API_OK) {
    printf("FAILED: %s\n", kiln_session_error(session));
    return 1;
  }
  for (i = 0; i < 4; ++i)
    if (sum[i] != x[i] + y[i] || product[i] != x[i] * y[i])
      return 1;
  printf("consumer: C API %s ok\n", kiln_version());
  kiln_model_destroy(model);
  kiln_session_destroy(session);
  return 0;
}
