/*===- status.c - Names of kiln_status codes ------------------------------===*/
#include "kiln_runtime.h"

const char *kiln_status_string(int32_t status) {
  /* A switch rather than a table indexed by status: codes come from callers
   * and may be anything, and this never reads out of bounds. */
  switch (status) {
  case KILN_STATUS_OK:
    return "ok";
  case KILN_STATUS_INVALID_ARGUMENT:
    return "invalid argument (a NULL input, output or workspace)";
  case KILN_STATUS_MISALIGNED:
    return "misaligned workspace";
  case KILN_STATUS_RUNTIME_ERROR:
    return "runtime error (a check in the model failed)";
  case KILN_STATUS_BAD_WEIGHTS:
    return "weights blob does not match the model (magic, format version, "
           "size or checksum)";
  default:
    return "unknown status";
  }
}
