/*===- mlp_app.c - C99 host for the C ABI test (test/c/abi.test) -----------===*
 *
 * Includes only the header `kiln compile` generated for Inputs/mlp.onnxtxt
 * (which includes the kiln_runtime.h written next to it), is built with
 * -std=c99 -pedantic -Werror and linked with the model archive alone. Checks
 * the header's macros, mlp_info, results of mlp_run and of the generic
 * mlp_info.run, and the status codes of bad arguments. Prints one line per
 * failed check and "mlp: all checks passed" at the end if none failed.
 *
 *===----------------------------------------------------------------------===*/

#include "mlp.h"
#include "mlp_reference.h"
#include "test_app.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A workspace of MLP_WORKSPACE_SIZE bytes at an address that is exactly
 * `offset` bytes past a multiple of MLP_WORKSPACE_ALIGN. C99 has no
 * aligned_alloc, so it is carved out of a larger block. */
static void *carve(unsigned char *block, size_t offset) {
  uintptr_t p = (uintptr_t)block;
  p += (MLP_WORKSPACE_ALIGN - p % MLP_WORKSPACE_ALIGN) % MLP_WORKSPACE_ALIGN;
  return (void *)(p + offset);
}

static void check_tensor_info(const kiln_tensor_info *t, const char *name,
                              int64_t d0, int64_t d1, uint64_t size) {
  CHECK(t->name != NULL && strcmp(t->name, name) == 0);
  CHECK(t->dtype == KILN_DTYPE_F32);
  CHECK(t->rank == 2);
  if (t->rank == 2 && t->shape != NULL) {
    CHECK(t->shape[0] == d0);
    CHECK(t->shape[1] == d1);
  }
  CHECK(t->size_bytes == size);
}

int main(void) {
  unsigned char *block1 = malloc(MLP_WORKSPACE_SIZE + 2 * MLP_WORKSPACE_ALIGN);
  unsigned char *block2 = malloc(MLP_WORKSPACE_SIZE + 2 * MLP_WORKSPACE_ALIGN);
  void *ws1, *ws2;
  float logits[2][3], hidden[2][5], logits2[2][3], hidden2[2][5];
  mlp_inputs in;
  mlp_outputs out, out2;
  const void *generic_in[2];
  void *generic_out[2];

  if (!block1 || !block2) {
    printf("out of memory\n");
    return 1;
  }
  ws1 = carve(block1, 0);
  ws2 = carve(block2, 0);

  /* The header's macros. */
  CHECK(MLP_WORKSPACE_ALIGN >= 1);
  CHECK((MLP_WORKSPACE_ALIGN & (MLP_WORKSPACE_ALIGN - 1)) == 0);
  CHECK(MLP_X_COUNT == 8 && MLP_X_SIZE == 32);
  CHECK(MLP_SCALE_COUNT == 3 && MLP_SCALE_SIZE == 12);
  CHECK(MLP_LOGITS_COUNT == 6 && MLP_LOGITS_SIZE == 24);
  CHECK(MLP_HIDDEN_COUNT == 10 && MLP_HIDDEN_SIZE == 40);

  /* mlp_info, as a generic host sees it. */
  CHECK(mlp_info.abi_version == KILN_ABI_VERSION);
  CHECK(mlp_info.name != NULL && strcmp(mlp_info.name, "mlp") == 0);
  CHECK(mlp_info.num_inputs == 2);
  CHECK(mlp_info.num_outputs == 2);
  CHECK(mlp_info.workspace_size == MLP_WORKSPACE_SIZE);
  CHECK(mlp_info.workspace_align == MLP_WORKSPACE_ALIGN);
  CHECK(mlp_info.run != NULL);
  if (mlp_info.num_inputs == 2 && mlp_info.inputs != NULL) {
    check_tensor_info(&mlp_info.inputs[0], "x", 2, 4, MLP_X_SIZE);
    CHECK(mlp_info.inputs[1].name != NULL &&
          strcmp(mlp_info.inputs[1].name, "scale") == 0);
    CHECK(mlp_info.inputs[1].dtype == KILN_DTYPE_F32);
    CHECK(mlp_info.inputs[1].rank == 1);
    CHECK(mlp_info.inputs[1].rank != 1 || mlp_info.inputs[1].shape[0] == 3);
    CHECK(mlp_info.inputs[1].size_bytes == MLP_SCALE_SIZE);
  }
  if (mlp_info.num_outputs == 2 && mlp_info.outputs != NULL) {
    check_tensor_info(&mlp_info.outputs[0], "logits", 2, 3, MLP_LOGITS_SIZE);
    check_tensor_info(&mlp_info.outputs[1], "hidden", 2, 5, MLP_HIDDEN_SIZE);
  }

  /* A run through the typed entry point. */
  in.x = &kX[0][0];
  in.scale = kScale;
  out.logits = &logits[0][0];
  out.hidden = &hidden[0][0];
  memset(logits, 0xff, sizeof(logits));
  memset(hidden, 0xff, sizeof(hidden));
  CHECK(mlp_run(&in, &out, ws1) == KILN_STATUS_OK);
  CHECK(same_floats(&logits[0][0], &kLogits[0][0], 6, 0));
  CHECK(same_floats(&hidden[0][0], &kHidden[0][0], 10, 0));

  /* The generic entry point takes arrays of data pointers in model order;
   * a second workspace shows runs do not share state. */
  generic_in[0] = kX;
  generic_in[1] = kScale;
  generic_out[0] = logits2;
  generic_out[1] = hidden2;
  memset(logits2, 0xff, sizeof(logits2));
  memset(hidden2, 0xff, sizeof(hidden2));
  if (mlp_info.run != NULL) {
    CHECK(mlp_info.run(generic_in, generic_out, ws2) == KILN_STATUS_OK);
    CHECK(same_floats(&logits2[0][0], &kLogits[0][0], 6, 0));
    CHECK(same_floats(&hidden2[0][0], &kHidden[0][0], 10, 0));
  }

  /* Bad arguments are reported, never dereferenced. */
  CHECK(mlp_run(NULL, &out, ws1) == KILN_STATUS_INVALID_ARGUMENT);
  CHECK(mlp_run(&in, NULL, ws1) == KILN_STATUS_INVALID_ARGUMENT);
  out2 = out;
  out2.hidden = NULL;
  CHECK(mlp_run(&in, &out2, ws1) == KILN_STATUS_INVALID_ARGUMENT);
  in.scale = NULL;
  CHECK(mlp_run(&in, &out, ws1) == KILN_STATUS_INVALID_ARGUMENT);
  in.scale = kScale;
  if (MLP_WORKSPACE_SIZE > 0) {
    CHECK(mlp_run(&in, &out, NULL) == KILN_STATUS_INVALID_ARGUMENT);
    if (MLP_WORKSPACE_ALIGN > 1)
      CHECK(mlp_run(&in, &out, carve(block1, 1)) == KILN_STATUS_MISALIGNED);
  }
  /* After the refused calls, a good call still works. */
  memset(logits, 0xff, sizeof(logits));
  CHECK(mlp_run(&in, &out, ws1) == KILN_STATUS_OK);
  CHECK(same_floats(&logits[0][0], &kLogits[0][0], 6, 0));

  free(block1);
  free(block2);
  return finish_checks("mlp");
}
