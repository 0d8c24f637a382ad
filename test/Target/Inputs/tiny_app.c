/* tiny_app.c - a C99 host for Inputs/tiny.mlir, written against the
 * generated tiny.h only: the lit tests link it with the model archive or
 * shared library and nothing else. */
#include "tiny.h"

#include <stdio.h>

/* C99 has no alignas: over-allocate and align by hand. */
static unsigned char workspace_storage[TINY_WORKSPACE_SIZE + TINY_WORKSPACE_ALIGN];

int main(void) {
  float x[TINY_X_COUNT], y[TINY_Y_COUNT];
  unsigned char *workspace = workspace_storage;
  tiny_inputs in;
  tiny_outputs out;
  int32_t status;
  unsigned i;

  while ((uintptr_t)workspace % TINY_WORKSPACE_ALIGN)
    ++workspace;
  for (i = 0; i < TINY_X_COUNT; ++i)
    x[i] = (float)i;
  in.x = x;
  out.y = y;
  status = tiny_run(&in, &out, workspace);
  printf("status %d (%s)\n", (int)status, kiln_status_string(status));
  printf("y =");
  for (i = 0; i < TINY_Y_COUNT; ++i)
    printf(" %g", (double)y[i]);
  printf("\n");
  printf("info: %s, %u input(s), %u output(s), %s is %u bytes\n",
         tiny_info.name, (unsigned)tiny_info.num_inputs,
         (unsigned)tiny_info.num_outputs, tiny_info.inputs[0].name,
         (unsigned)tiny_info.inputs[0].size_bytes);
  status = tiny_run(&in, &out, NULL);
  printf("no workspace: %s\n", kiln_status_string(status));
  return sizeof(x) == TINY_X_SIZE ? 0 : 1;
}
