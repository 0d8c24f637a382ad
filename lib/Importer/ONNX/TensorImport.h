//===- TensorImport.h - ONNX types and tensors as MLIR ----------*- C++ -*-===//
//
// ONNX data types map onto MLIR element types (float -> f32, int64 -> i64,
// uint8 -> ui8, bool -> i1, ...). Tensors become DenseElementsAttr when small
// and DenseResourceElementsAttr over the model's own bytes when large.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_IMPORTER_ONNX_TENSORIMPORT_H
#define KILN_LIB_IMPORTER_ONNX_TENSORIMPORT_H

#include "onnx/onnx_pb.h"

#include "mlir/IR/BuiltinAttributeInterfaces.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace kiln::importer {

struct LoadedModel;

/// Tensors with at most this many elements become DenseElementsAttr, so that
/// folders and the importer itself can read them cheaply.
inline constexpr int64_t kMaxInlineElements = 64;

/// Sets `result` to a * b; returns true when that overflows uint64.
inline bool mulOverflows(uint64_t a, uint64_t b, uint64_t &result) {
  return __builtin_mul_overflow(a, b, &result);
}

/// The MLIR element type of an ONNX TensorProto data type; null when Kiln
/// has none (string, complex, float8...).
mlir::Type elementTypeFor(int32_t dataType, mlir::MLIRContext *ctx);

/// The ONNX name of a data type in lower case ("float", "int64").
std::string dtypeName(int32_t dataType);

/// Bytes per element of a fixed-size data type, 0 for the others.
unsigned elementByteSize(int32_t dataType);

/// The number of elements of a tensor with `dims`; fails on negative dims or
/// overflow.
llvm::Expected<uint64_t>
checkedElementCount(const google::protobuf::RepeatedField<int64_t> &dims);

/// The static ranked tensor type of a value's TypeProto; the error says what
/// is missing ("has no shape", "dim 0 is dynamic ('N')", "dtype string is
/// not supported").
llvm::Expected<mlir::RankedTensorType>
tensorTypeFor(const onnx::TypeProto &type, mlir::MLIRContext *ctx);

/// Converts an initializer or a Constant's tensor. Large tensors whose bytes
/// are stored contiguously in the model (raw_data, float_data, int64_data,
/// double_data, external data) are referenced, not copied; the blob keeps
/// `model` alive. `nameHint` (default: the tensor's name) names the blob.
llvm::Expected<mlir::ElementsAttr>
importTensor(const onnx::TensorProto &tensor,
             const std::shared_ptr<LoadedModel> &model, mlir::MLIRContext *ctx,
             llvm::StringRef nameHint = {});

/// The elements of `tensor` as packed little-endian bytes: a view of the
/// model's storage when it holds them contiguously, else repacked into
/// `owned`. External tensors are looked up in `model` (may be null).
llvm::Expected<llvm::ArrayRef<char>>
tensorBytes(const onnx::TensorProto &tensor, const LoadedModel *model,
            std::vector<char> &owned);

/// The integer elements of a constant (integer element type), or nullopt.
/// Reads resource blobs too.
std::optional<llvm::SmallVector<int64_t>>
readIntElements(mlir::ElementsAttr attr);

/// The elements of a constant as doubles (integer or float element type),
/// or nullopt.
std::optional<llvm::SmallVector<double>>
readFloatElements(mlir::ElementsAttr attr);

} // namespace kiln::importer

#endif // KILN_LIB_IMPORTER_ONNX_TENSORIMPORT_H
