//===- VectorizePasses.h - Kiln post-bufferization vectorizer ---*- C++ -*-===//
//
// Declarations of the passes in codegen/Vectorize/Passes.td.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_CODEGEN_VECTORIZEPASSES_H
#define KILN_CODEGEN_VECTORIZEPASSES_H

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace kiln::codegen {

#define GEN_PASS_DECL
#include "codegen/Vectorize/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "codegen/Vectorize/Passes.h.inc"

} // namespace kiln::codegen

#endif // KILN_CODEGEN_VECTORIZEPASSES_H
