//===- E2ESupport.h - Helpers shared by Kiln's end-to-end runners -*- C++ -*-===//
//
// Tensors in host memory, readers for ONNX TensorProto files and raw .bin
// files, numpy-style comparison, and running a compiled model through its
// kiln_model_info. Used by kiln-node-tests and kiln-model-tests.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_TEST_E2E_COMMON_E2ESUPPORT_H
#define KILN_TEST_E2E_COMMON_E2ESUPPORT_H

#include "kiln_runtime.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace kiln::e2e {

/// A block of memory aligned to `kAlignment` bytes, never a null pointer (an
/// empty buffer still owns one aligned block), so that zero-sized tensors and
/// workspaces still get valid pointers as the ABI requires.
class AlignedBuffer {
public:
  static constexpr size_t kAlignment = 64;
  AlignedBuffer() = default;
  /// Allocates `size` bytes aligned to max(kAlignment, alignment), filled
  /// with `fill`.
  AlignedBuffer(size_t size, size_t alignment = kAlignment,
                unsigned char fill = 0);
  void *data() { return storage.get(); }
  const void *data() const { return storage.get(); }
  size_t size() const { return bytes; }

private:
  struct Free {
    void operator()(void *p) const;
  };
  std::unique_ptr<void, Free> storage;
  size_t bytes = 0;
};

/// A dense tensor in host memory, little-endian, in kiln_dtype numbering.
struct HostTensor {
  std::string name;
  int32_t dtype = KILN_DTYPE_UNDEFINED;
  std::vector<int64_t> shape;
  std::vector<unsigned char> bytes;

  /// Number of elements (1 for a scalar).
  int64_t numElements() const;
};

/// Bytes per element of `dtype` (bool is one byte), 0 when Kiln has no such
/// element type.
size_t elementSize(int32_t dtype);

/// A short name for `dtype`: "f32", "i64", "bool", ...
std::string dtypeName(int32_t dtype);

/// "[1, 3, 224, 224]".
std::string formatShape(llvm::ArrayRef<int64_t> shape);

/// Reads a serialized onnx.TensorProto (raw_data or the typed fields).
llvm::Expected<HostTensor> readTensorProtoFile(llvm::StringRef path);

/// Reads `path` as raw little-endian data of `dtype` and `shape`; fails when
/// the file size does not match.
llvm::Expected<HostTensor> readRawTensorFile(llvm::StringRef path,
                                             int32_t dtype,
                                             llvm::ArrayRef<int64_t> shape);

/// Tolerances of a value comparison, as numpy.allclose:
/// |actual - expected| <= atol + rtol * |expected|, NaN equal to NaN.
/// Integer and boolean tensors always compare exactly.
struct Tolerance {
  double rtol = 1e-3;
  double atol = 1e-7;
};

/// Checks dtype and shape of `actual` against `expected`, then the values.
/// Returns an empty string when they match, else a one-line explanation that
/// names `what` (e.g. "output 0 'y'") and the worst element.
std::string compareTensors(llvm::StringRef what, const HostTensor &expected,
                           const HostTensor &actual, const Tolerance &tol);

/// max |actual - expected| and max |expected| over two f32 tensors of the
/// same size; the model tests' relative-error criterion uses both. NaN in
/// either makes the difference NaN.
struct ErrorStats {
  double maxAbsDiff = 0;
  double maxAbsExpected = 0;
};
ErrorStats f32ErrorStats(const HostTensor &expected, const HostTensor &actual);

/// The tensors a model consumes and produces, as its kiln_model_info says.
struct RunResult {
  std::vector<HostTensor> outputs;
  double runMillis = 0;
};

/// Runs `info->run` once on `inputs` (matched to the model's inputs by
/// position; dtypes, shapes and sizes must agree) with a freshly allocated
/// workspace. Fails, with a message, on a mismatch or a non-OK status. Output
/// buffers are pre-filled with 0xFF bytes so unwritten elements show up as
/// NaN or -1 instead of passing by luck.
llvm::Expected<RunResult> runModel(const kiln_model_info &info,
                                   llvm::ArrayRef<HostTensor> inputs);

/// Reads an entire file.
llvm::Expected<std::string> readFile(llvm::StringRef path);

/// Monotonic wall-clock time in milliseconds.
double nowMillis();

} // namespace kiln::e2e

#endif // KILN_TEST_E2E_COMMON_E2ESUPPORT_H
