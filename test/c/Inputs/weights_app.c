/*===- weights_app.c - The --weights-file ABI of Inputs/mlp.onnxtxt -------===*
 *
 * Host of weights-placement.test: includes the header `kiln compile
 * --weights-file` generated for the MLP, reads mlp.weights.bin (argv[1])
 * into a 64-byte aligned buffer, and checks the contract: the header's
 * macros describe the file, mlp_info.run is NULL, mlp_check_weights accepts
 * the file and refuses NULL, a misaligned copy, a short size and any
 * flipped bit, and mlp_run_with_weights computes the exact reference
 * outputs (those of mlp_app.c) with the loaded weights, returns
 * KILN_STATUS_INVALID_ARGUMENT for NULL weights, KILN_STATUS_MISALIGNED for
 * misaligned ones and KILN_STATUS_BAD_WEIGHTS for a blob whose header is not
 * this model's, while leaving the payload to mlp_check_weights. Prints one
 * line per failed check and "weights-app: all checks passed" if none.
 *
 *===----------------------------------------------------------------------===*/

#include "mlp.h"
#include "mlp_reference.h"
#include "test_app.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Room for the weights at any offset below 64 past an aligned address. */
static unsigned char block[MLP_WEIGHTS_SIZE + 2 * MLP_WEIGHTS_ALIGN];
static unsigned char workspace_block[MLP_WORKSPACE_SIZE + 2 * MLP_WORKSPACE_ALIGN];

static unsigned char *aligned(unsigned char *p, size_t align, size_t offset) {
  uintptr_t a = (uintptr_t)p;
  a += (align - a % align) % align;
  return (unsigned char *)(a + offset);
}

/* Runs the model with `weights`; returns its status, checks the outputs if
 * `expect_outputs`. */
static int32_t run(const void *weights, int expect_outputs) {
  float logits[2][3], hidden[2][5];
  mlp_inputs in;
  mlp_outputs out;
  int32_t status;
  memset(logits, 0, sizeof logits);
  memset(hidden, 0, sizeof hidden);
  in.x = &kX[0][0];
  in.scale = kScale;
  out.logits = &logits[0][0];
  out.hidden = &hidden[0][0];
  status = mlp_run_with_weights(
      &in, &out, aligned(workspace_block, MLP_WORKSPACE_ALIGN, 0), weights);
  if (expect_outputs) {
    CHECK(memcmp(logits, kLogits, sizeof logits) == 0);
    CHECK(memcmp(hidden, kHidden, sizeof hidden) == 0);
  }
  return status;
}

int main(int argc, char **argv) {
  unsigned char *weights = aligned(block, MLP_WEIGHTS_ALIGN, 0);
  unsigned char *misaligned = aligned(block, MLP_WEIGHTS_ALIGN, 8);
  size_t size;
  FILE *file;

  if (argc != 2) {
    printf("FAILED: usage: weights_app mlp.weights.bin\n");
    return 1;
  }
  file = fopen(argv[1], "rb");
  if (!file) {
    printf("FAILED: cannot open %s\n", argv[1]);
    return 1;
  }
  size = fread(weights, 1, MLP_WEIGHTS_SIZE + 1, file);
  fclose(file);

  /* The header describes the file. */
  CHECK(size == MLP_WEIGHTS_SIZE);
  CHECK(MLP_WEIGHTS_ALIGN == 64u && MLP_WEIGHTS_PAYLOAD_OFFSET == 64u);
  CHECK(MLP_WEIGHTS_FORMAT_VERSION == 1u);
  CHECK(memcmp(weights, MLP_WEIGHTS_MAGIC, 8) == 0);
  CHECK(strcmp(MLP_WEIGHTS_FILE, "mlp.weights.bin") == 0);
  CHECK(mlp_info.run == NULL);
  CHECK(mlp_info.workspace_size == MLP_WORKSPACE_SIZE);

  /* The check accepts the file and nothing else. */
  CHECK(mlp_check_weights(weights, size) == KILN_STATUS_OK);
  CHECK(mlp_check_weights(NULL, size) == KILN_STATUS_INVALID_ARGUMENT);
  CHECK(mlp_check_weights(weights, size - 1) == KILN_STATUS_BAD_WEIGHTS);
  memmove(misaligned, weights, size);
  CHECK(mlp_check_weights(misaligned, size) == KILN_STATUS_MISALIGNED);
  CHECK(run(misaligned, 0) == KILN_STATUS_MISALIGNED);
  memmove(weights, misaligned, size);

  /* The model computes the reference outputs from the loaded weights, run
   * after run from the same buffer. */
  CHECK(run(weights, 1) == KILN_STATUS_OK);
  CHECK(run(weights, 1) == KILN_STATUS_OK);
  CHECK(run(NULL, 0) == KILN_STATUS_INVALID_ARGUMENT);

  /* A blob whose header is not this model's: magic, format version, payload
   * size or checksum. The run refuses it before reading any weight. */
  {
    static const size_t fields[] = {0, 8, 16, 24};
    size_t i;
    for (i = 0; i < sizeof fields / sizeof fields[0]; ++i) {
      weights[fields[i]] ^= 0x10;
      CHECK(mlp_check_weights(weights, size) == KILN_STATUS_BAD_WEIGHTS);
      CHECK(run(weights, 0) == KILN_STATUS_BAD_WEIGHTS);
      weights[fields[i]] ^= 0x10;
    }
  }

  /* A flipped payload bit: the load-time check finds it (runs do not
   * re-read the whole file; they would compute with the wrong weight). */
  weights[size - 1] ^= 0x01;
  CHECK(mlp_check_weights(weights, size) == KILN_STATUS_BAD_WEIGHTS);
  weights[size - 1] ^= 0x01;
  CHECK(mlp_check_weights(weights, size) == KILN_STATUS_OK);
  CHECK(run(weights, 1) == KILN_STATUS_OK);

  return finish_checks("weights-app");
}
