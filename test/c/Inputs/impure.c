/*===- impure.c - Everything a Kiln object must not have ------------------===*
 *
 * Input of check-object.test: compiled to an object, it must fail every
 * check of check_object.py: calls to malloc, free, printf and libm's expf,
 * a writable global (.data) and a zero-initialized one (.bss). The table of
 * pointers is constant but holds addresses: in PIC objects it lands in
 * .data.rel.ro, which is only fine where a dynamic loader relocates it.
 *
 *===----------------------------------------------------------------------===*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

int counter = 1;
float scratch[16];
static const char *const names[] = {"a", "b"};

const char *const *impure(int n) {
  float *p = malloc(sizeof(float) * (size_t)n);
  if (p) {
    p[0] = expf(scratch[0]);
    printf("%f\n", (double)p[0]);
    free(p);
  }
  counter += n;
  return names;
}
