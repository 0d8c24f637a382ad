/*===- dtype.c - Element sizes of kiln_dtype values -----------------------===*/
#include "kiln_runtime.h"

size_t kiln_dtype_size(int32_t dtype) {
  switch (dtype) {
  case KILN_DTYPE_U8:
  case KILN_DTYPE_I8:
  case KILN_DTYPE_BOOL: /* one byte per element, not packed bits */
    return 1;
  case KILN_DTYPE_U16:
  case KILN_DTYPE_I16:
  case KILN_DTYPE_F16:
  case KILN_DTYPE_BF16:
    return 2;
  case KILN_DTYPE_F32:
  case KILN_DTYPE_I32:
  case KILN_DTYPE_U32:
    return 4;
  case KILN_DTYPE_I64:
  case KILN_DTYPE_F64:
  case KILN_DTYPE_U64:
    return 8;
  default:
    return 0;
  }
}
