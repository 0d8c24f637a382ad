//===- CustomCall.h - Compiling graph.custom_call ---------------*- C++ -*-===//
//
// graph.custom_call from import to a C call: the type conversion in the
// lowering to linalg (which records the ONNX dtypes before unsigned types
// become signless) and bufferization into the op's buffer form. The
// kiln-lower-custom-calls pass is declared in CustomCallPasses.h. The same
// path carries graph.runtime_check, whose failure shares the status.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_CODEGEN_CUSTOMCALL_H
#define KILN_CODEGEN_CUSTOMCALL_H

#include "mlir/Transforms/DialectConversion.h"

namespace mlir {
class DialectRegistry;
}
namespace kiln::graph {
class GraphDialect;
}

namespace kiln::codegen {

/// The ONNX dtypes of a custom call's inputs then outputs
/// (array<i32: ...>, kiln_dtype numbering), set by the lowering to linalg.
inline constexpr llvm::StringLiteral kCustomCallDTypesAttr = "kiln.dtypes";

/// Makes graph.custom_call legal for `target` once converted, and adds the
/// pattern that converts its types with `typeConverter` and records
/// kiln.dtypes. Used by kiln-convert-graph-to-linalg.
void populateCustomCallConversion(mlir::TypeConverter &typeConverter,
                                  mlir::RewritePatternSet &patterns,
                                  mlir::ConversionTarget &target);

/// Attaches the BufferizableOpInterface to graph.custom_call: inputs are
/// read, each result gets a new buffer, and the op becomes its buffer form.
void registerCustomCallBufferization(mlir::DialectRegistry &registry);

/// Makes graph.runtime_check legal once its condition is one i1 (reduced
/// with a linalg.reduce), and reports a constant-false condition as a
/// compile error. Called by populateCustomCallConversion.
void populateRuntimeCheckConversion(mlir::RewritePatternSet &patterns,
                                    mlir::ConversionTarget &target);

/// Attaches the BufferizableOpInterface to graph.runtime_check (it reads its
/// condition). Called by registerCustomCallBufferization's extension.
void registerRuntimeCheckBufferization(graph::GraphDialect *dialect,
                                       mlir::MLIRContext *ctx);

} // namespace kiln::codegen

#endif // KILN_CODEGEN_CUSTOMCALL_H
