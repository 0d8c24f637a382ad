/*===- kiln_custom_op.h - The C ABI of Kiln custom operators (C99) --------===*
 *
 * A model compiled with a custom-op description (`kiln compile --custom-ops
 * ops.json`) calls, for each node of a described op, the C function the
 * description names, with this signature:
 *
 *   int32_t fn(const kiln_custom_tensor *inputs, int32_t num_inputs,
 *              kiln_custom_tensor *outputs, int32_t num_outputs,
 *              const kiln_custom_attrs *attrs);
 *
 * Inputs and outputs are in the node's order, with the dtypes and static
 * shapes ONNX shape inference gave them (the description's rules). The
 * function fills every element of every output, reads its inputs only,
 * allocates nothing it keeps, and returns 0; any other value makes the
 * model's NAME_run return KILN_STATUS_RUNTIME_ERROR without running the
 * nodes after it. Several threads may run models at once, so the function
 * must be reentrant. Everything it is given is valid during the call only.
 * docs/custom-ops.md walks through an example.
 *
 *===----------------------------------------------------------------------===*/
#ifndef KILN_CUSTOM_OP_H
#define KILN_CUSTOM_OP_H

#include <stddef.h>
#include <stdint.h>

#include "kiln_runtime.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Version of the structures below; bumped on any layout change. */
#define KILN_CUSTOM_OP_ABI_VERSION 1u

/** One input or output of a custom op call. Field order is ABI. */
typedef struct kiln_custom_tensor {
  void *data;           /**< elements, row-major; read-only for inputs */
  int32_t dtype;        /**< a kiln_dtype */
  int32_t rank;
  const int64_t *shape; /**< `rank` dims; NULL when rank is 0 */
} kiln_custom_tensor;

/** What a kiln_custom_attr holds. */
typedef enum kiln_custom_attr_kind {
  KILN_CUSTOM_ATTR_INT = 1,    /**< ints[0] */
  KILN_CUSTOM_ATTR_FLOAT = 2,  /**< floats[0] */
  KILN_CUSTOM_ATTR_STRING = 3, /**< string: `count` bytes, NUL-terminated */
  KILN_CUSTOM_ATTR_INTS = 4,   /**< ints[0 .. count) */
  KILN_CUSTOM_ATTR_FLOATS = 5  /**< floats[0 .. count) */
} kiln_custom_attr_kind;

/** One attribute of the ONNX node. Field order is ABI. */
typedef struct kiln_custom_attr {
  const char *name;
  int32_t kind;         /**< a kiln_custom_attr_kind */
  int32_t count;        /**< elements (1 for INT and FLOAT), bytes for STRING */
  const int64_t *ints;  /**< INT and INTS, else NULL */
  const float *floats;  /**< FLOAT and FLOATS, else NULL */
  const char *string;   /**< STRING, else NULL */
} kiln_custom_attr;

/** The node's attributes, sorted by name; never NULL, `count` may be 0. */
typedef struct kiln_custom_attrs {
  int32_t count;
  const kiln_custom_attr *attrs;
} kiln_custom_attrs;

/** The signature of a custom op function. */
typedef int32_t (*kiln_custom_op_fn)(const kiln_custom_tensor *inputs,
                                     int32_t num_inputs,
                                     kiln_custom_tensor *outputs,
                                     int32_t num_outputs,
                                     const kiln_custom_attrs *attrs);

/** The attribute named `name`, or NULL. Needs no C library. */
static inline const kiln_custom_attr *
kiln_custom_attr_find(const kiln_custom_attrs *attrs, const char *name) {
  int32_t i;
  for (i = 0; i < attrs->count; ++i) {
    const char *a = attrs->attrs[i].name, *b = name;
    while (*a && *a == *b) {
      ++a;
      ++b;
    }
    if (*a == *b)
      return &attrs->attrs[i];
  }
  return NULL;
}

/** The INT attribute `name`, or `fallback` when it is absent or not an int. */
static inline int64_t kiln_custom_attr_int(const kiln_custom_attrs *attrs,
                                           const char *name,
                                           int64_t fallback) {
  const kiln_custom_attr *attr = kiln_custom_attr_find(attrs, name);
  return attr && attr->kind == KILN_CUSTOM_ATTR_INT ? attr->ints[0]
                                                     : fallback;
}

/** The FLOAT attribute `name`, or `fallback`. */
static inline float kiln_custom_attr_float(const kiln_custom_attrs *attrs,
                                           const char *name, float fallback) {
  const kiln_custom_attr *attr = kiln_custom_attr_find(attrs, name);
  return attr && attr->kind == KILN_CUSTOM_ATTR_FLOAT ? attr->floats[0]
                                                       : fallback;
}

/** The number of elements of `tensor` (1 for rank 0). */
static inline int64_t kiln_custom_tensor_elements(
    const kiln_custom_tensor *tensor) {
  int64_t n = 1;
  int32_t i;
  for (i = 0; i < tensor->rank; ++i)
    n *= tensor->shape[i];
  return n;
}

#ifdef __cplusplus
}
#endif

#endif /* KILN_CUSTOM_OP_H */
