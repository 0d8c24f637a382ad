/*===- app.c - Run the mnist_cnn example model compiled by Kiln ------------===*
 *
 * Build (scripts/quickstart.sh does exactly this):
 *   build/tools/kiln/kiln compile examples/mnist_cnn/mnist_cnn.onnx -o out/
 *   cc examples/mnist_cnn/app.c out/mnist_cnn.a -Iout -o out/app && out/app
 *
 * Draws a "7", runs the model, prints the logits and checks them against
 * torch's (expected_output.h, written by generate.py). Plain C99: only the
 * generated header, the archive and the C library; no libm.
 *
 *===----------------------------------------------------------------------===*/

#include "mnist_cnn.h"

#include "expected_output.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* The same picture as generate.py's draw_seven(), in the same integer steps. */
static int draw_seven(float image[28][28]) {
  int ones = 0, r, c;
  for (r = 0; r < 28; ++r) {
    for (c = 0; c < 28; ++c) {
      int center = 21 - (r - 8) / 2;
      int bar = r >= 5 && r <= 7 && c >= 6 && c <= 21;
      int stem = r >= 8 && r <= 23 && c - center >= -1 && c - center <= 1;
      image[r][c] = (bar || stem) ? 1.0f : 0.0f;
      ones += bar || stem;
    }
  }
  return ones;
}

static double absolute(double x) { return x < 0 ? -x : x; }

int main(void) {
  static float image[28][28];
  static float logits[10];
  mnist_cnn_inputs in;
  mnist_cnn_outputs out;
  unsigned char *block;
  void *workspace;
  double max_diff = 0, max_ref = 0;
  int32_t status;
  int i, best = 0;

  if (draw_seven(image) != EXPECTED_INPUT_ONES) {
    fprintf(stderr, "app: the drawing differs from generate.py's\n");
    return 1;
  }

  /* C99 has no aligned_alloc: over-allocate and align by hand. */
  block = malloc(MNIST_CNN_WORKSPACE_SIZE + MNIST_CNN_WORKSPACE_ALIGN);
  if (!block) {
    fprintf(stderr, "app: out of memory\n");
    return 1;
  }
  workspace = block + (MNIST_CNN_WORKSPACE_ALIGN -
                       (uintptr_t)block % MNIST_CNN_WORKSPACE_ALIGN) %
                          MNIST_CNN_WORKSPACE_ALIGN;

  in.image = &image[0][0];
  out.logits = logits;
  status = mnist_cnn_run(&in, &out, workspace);
  free(block);
  if (status != KILN_STATUS_OK) {
    fprintf(stderr, "app: mnist_cnn_run failed with status %d\n", (int)status);
    return 1;
  }

  printf("model %s: %u input(s), %u output(s), workspace %lu bytes\n",
         mnist_cnn_info.name, (unsigned)mnist_cnn_info.num_inputs,
         (unsigned)mnist_cnn_info.num_outputs,
         (unsigned long)MNIST_CNN_WORKSPACE_SIZE);
  for (i = 0; i < 10; ++i) {
    double diff = absolute((double)logits[i] - expected_logits[i]);
    printf("logits[%d] = %+.6f  (torch %+.6f)\n", i, logits[i],
           expected_logits[i]);
    if (diff > max_diff || diff != diff) /* diff != diff: NaN */
      max_diff = diff;
    if (absolute(expected_logits[i]) > max_ref)
      max_ref = absolute(expected_logits[i]);
    if (logits[i] > logits[best])
      best = i;
  }
  printf("predicted class: %d (random weights: the class means nothing)\n",
         best);
  /* Kiln's accuracy bar against torch: max|diff| <= 1e-4 * max|torch|. */
  if (!(max_diff <= 1e-4 * max_ref)) {
    printf("MISMATCH: max|kiln - torch| = %g\n", max_diff);
    return 1;
  }
  printf("OK: max|kiln - torch| = %g\n", max_diff);
  return 0;
}
