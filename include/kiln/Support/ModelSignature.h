//===- ModelSignature.h - A model's I/O signature on the module -*- C++ -*-===//
//
// The importer records the model's inputs and outputs on the module as
//   kiln.inputs  = [{name = "image", type = tensor<1x3x224x224xf32>}, ...]
//   kiln.outputs = [{name = "logits", type = tensor<1x1000xf32>}]
// so every later phase (bufferized memrefs, LLVM pointers) can still read
// names, dtypes and shapes: the entry-point generator and the header writer
// both go through readModelSignature().
//
//===----------------------------------------------------------------------===//

#ifndef KILN_SUPPORT_MODELSIGNATURE_H
#define KILN_SUPPORT_MODELSIGNATURE_H

#include "kiln/Compiler.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LLVM.h"

namespace mlir::func {
class FuncOp;
}

namespace kiln {

inline constexpr llvm::StringLiteral kInputsAttr = "kiln.inputs";
inline constexpr llvm::StringLiteral kOutputsAttr = "kiln.outputs";

/// Records `func`'s signature (tensor types and `kiln.name` arg/result
/// attributes) on `module`, with `modelName` as `kiln.model_name`.
void recordModelSignature(mlir::ModuleOp module, mlir::func::FuncOp func,
                          llvm::StringRef modelName);

/// Reads the signature recorded on `module`, with C identifiers for the model
/// name and every tensor (unique, not C keywords), and where the weights
/// went (`kiln.weights`, absent: the object). Emits an error on `module` and
/// fails if it is missing or malformed.
mlir::FailureOr<ModelSignature> readModelSignature(mlir::ModuleOp module);

/// The bytes of NAME.weights.bin that kiln-place-weights recorded on
/// `module` (placement = "file"); empty if the weights stay in the object
/// or a section. They live as long as the module's context holds the blob.
llvm::ArrayRef<char> weightsFileBytes(mlir::ModuleOp module);

/// The ONNX-numbered dtype of an MLIR element type (Undefined if none).
DType dtypeOf(mlir::Type elementType);

/// A valid C identifier derived from `name` ("conv1.weight" -> "conv1_weight").
std::string sanitizeCIdentifier(llvm::StringRef name);

} // namespace kiln

#endif // KILN_SUPPORT_MODELSIGNATURE_H
