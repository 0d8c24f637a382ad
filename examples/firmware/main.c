/*===- main.c - The mnist_cnn example model on a Cortex-M -----------------===*
 *
 * Firmware demo: runs the example CNN (examples/mnist_cnn), compiled by
 * `kiln compile --target cortex-m4` (or m7, m55), once on the "7" the
 * example draws, with a statically allocated workspace, and prints the
 * logits through semihosting. Also plain C99 for the host: the firmware
 * tests build this file for both and compare the two printouts
 * (test/firmware). The only check here is against torch's reference
 * (expected_output.h), with the example's own bar,
 * max|kiln - torch| <= 1e-4 * max|torch|.
 *
 * When the model was compiled with --weights-file, mnist_cnn.h says so
 * (MNIST_CNN_WEIGHTS_FILE): the weights are then read from that file at
 * start-up, as a device would load them from storage, into RAM aligned for
 * the model, checked once, and passed to every run.
 *
 *===----------------------------------------------------------------------===*/

#include "mnist_cnn.h"

#include "expected_output.h"

#include <stdint.h>
#include <stdio.h>

/* Scratch memory for the model: sized and aligned at compile time from the
 * generated header, so the firmware needs no heap for inference. */
static uint8_t workspace[MNIST_CNN_WORKSPACE_SIZE]
    __attribute__((aligned(MNIST_CNN_WORKSPACE_ALIGN)));
static float image[28][28];
static float logits[MNIST_CNN_LOGITS_COUNT];

#ifdef MNIST_CNN_WEIGHTS_FILE
static uint8_t weights[MNIST_CNN_WEIGHTS_SIZE]
    __attribute__((aligned(MNIST_CNN_WEIGHTS_ALIGN)));

/* Reads the weights file (on the board through semihosting: the host's file
 * in QEMU's working directory) and checks it. Returns 0 on success. */
static int load_weights(void) {
  FILE *file = fopen(MNIST_CNN_WEIGHTS_FILE, "rb");
  size_t size;
  int32_t status;
  if (!file) {
    printf("FAILED: cannot open %s\n", MNIST_CNN_WEIGHTS_FILE);
    return 1;
  }
  size = fread(weights, 1, sizeof weights, file);
  if (size == sizeof weights && fgetc(file) != EOF)
    size = 0; /* longer than this model's weights */
  fclose(file);
  status = mnist_cnn_check_weights(weights, size);
  if (status != KILN_STATUS_OK) {
    printf("FAILED: %s: %s\n", MNIST_CNN_WEIGHTS_FILE,
           kiln_status_string(status));
    return 1;
  }
  return 0;
}
#endif

/* The same picture as generate.py's draw_seven() and examples/mnist_cnn/
 * app.c, in the same integer steps. Returns the number of pixels set. */
static int draw_seven(void) {
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
  mnist_cnn_inputs in;
  mnist_cnn_outputs out;
  double max_diff = 0, max_ref = 0;
  int32_t status;
  unsigned i;

  if (draw_seven() != EXPECTED_INPUT_ONES) {
    printf("FAILED: the drawing differs from generate.py's\n");
    return 1;
  }
  in.image = &image[0][0];
  out.logits = logits;
#ifdef MNIST_CNN_WEIGHTS_FILE
  if (load_weights() != 0)
    return 1;
  status = mnist_cnn_run_with_weights(&in, &out, workspace, weights);
#else
  status = mnist_cnn_run(&in, &out, workspace);
#endif
  if (status != KILN_STATUS_OK) {
    printf("FAILED: mnist_cnn_run returned status %d\n", (int)status);
    return 1;
  }

  printf("model %s, workspace %u bytes\n", mnist_cnn_info.name,
         (unsigned)MNIST_CNN_WORKSPACE_SIZE);
  for (i = 0; i < MNIST_CNN_LOGITS_COUNT; ++i) {
    double diff = absolute((double)logits[i] - expected_logits[i]);
    printf("logits[%u] = %.9g\n", i, (double)logits[i]);
    if (diff > max_diff || diff != diff) /* diff != diff: NaN */
      max_diff = diff;
    if (absolute(expected_logits[i]) > max_ref)
      max_ref = absolute(expected_logits[i]);
  }
  if (!(max_diff <= 1e-4 * max_ref)) {
    printf("FAILED: logits differ from torch's by %g\n", max_diff);
    return 1;
  }
  printf("matches torch within 1e-4\n");
  return 0;
}
