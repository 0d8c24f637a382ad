/*===- kiln_runtime.h - Kiln runtime and generated-code ABI (C99) ---------===*
 *
 * The one header shared by generated code and the runtime. Generated model
 * headers include it. Pure C99, no allocation, no dependencies.
 *
 *===----------------------------------------------------------------------===*/
#ifndef KILN_RUNTIME_H
#define KILN_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Version of the structures below; bumped on any layout change. */
#define KILN_ABI_VERSION 1u

/** Status returned by every fallible call, generated `NAME_run` included. */
typedef enum kiln_status {
  KILN_STATUS_OK = 0,
  KILN_STATUS_INVALID_ARGUMENT = 1, /**< a NULL input, output or workspace */
  KILN_STATUS_MISALIGNED = 2,       /**< workspace not NAME_WORKSPACE_ALIGN-aligned */
  KILN_STATUS_RUNTIME_ERROR = 3,    /**< a check in the model failed at run time */
  KILN_STATUS_BAD_WEIGHTS = 4       /**< a weights blob (kiln compile --weights-file)
                                         of another model or format version */
} kiln_status;

/** Element types, numbered as ONNX's TensorProto.DataType. */
typedef enum kiln_dtype {
  KILN_DTYPE_UNDEFINED = 0,
  KILN_DTYPE_F32 = 1,
  KILN_DTYPE_U8 = 2,
  KILN_DTYPE_I8 = 3,
  KILN_DTYPE_U16 = 4,
  KILN_DTYPE_I16 = 5,
  KILN_DTYPE_I32 = 6,
  KILN_DTYPE_I64 = 7,
  KILN_DTYPE_BOOL = 9,
  KILN_DTYPE_F16 = 10,
  KILN_DTYPE_F64 = 11,
  KILN_DTYPE_U32 = 12,
  KILN_DTYPE_U64 = 13,
  KILN_DTYPE_BF16 = 16
} kiln_dtype;

/** One input or output tensor of a model. Field order is ABI. */
typedef struct kiln_tensor_info {
  const char *name;      /**< ONNX tensor name */
  int32_t dtype;         /**< a kiln_dtype */
  int32_t rank;
  const int64_t *shape;  /**< `rank` dims */
  uint64_t size_bytes;
} kiln_tensor_info;

/** Generic entry point: `inputs` and `outputs` are arrays of data pointers in
 *  the model's order (the generated NAME_inputs / NAME_outputs structs). */
typedef int32_t (*kiln_run_fn)(const void *inputs, void *outputs,
                               void *workspace);

/** Everything a generic host needs to run a model. Field order is ABI. */
typedef struct kiln_model_info {
  uint32_t abi_version;  /**< KILN_ABI_VERSION of the generating compiler */
  uint32_t num_inputs;
  uint32_t num_outputs;
  uint32_t reserved;
  const char *name;
  const kiln_tensor_info *inputs;
  const kiln_tensor_info *outputs;
  uint64_t workspace_size;
  uint64_t workspace_align;
  kiln_run_fn run;
} kiln_model_info;

/** A human-readable name for a status code. Never NULL. */
const char *kiln_status_string(int32_t status);

/** Bytes per element of a dtype, 0 if unknown. */
size_t kiln_dtype_size(int32_t dtype);

/** Body of a parallel loop: runs iterations [begin, end). */
typedef void (*kiln_parallel_body)(void *context, int64_t begin, int64_t end);

/** A runner executes body over [0, n), possibly split over threads. */
typedef void (*kiln_parallel_runner)(void *runner_context, int64_t n,
                                     kiln_parallel_body body, void *context);

/** Runs body over [0, n) with the installed runner (serial by default). */
void kiln_parallel_for(int64_t n, kiln_parallel_body body, void *context);

/** Installs a runner (NULL restores the serial one). Not thread-safe: call it
 *  before running models. */
void kiln_set_parallel_runner(kiln_parallel_runner runner,
                              void *runner_context);

#ifdef __cplusplus
}
#endif

#endif /* KILN_RUNTIME_H */
