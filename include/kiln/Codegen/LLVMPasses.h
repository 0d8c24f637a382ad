//===- LLVMPasses.h - Kiln LLVM back-end passes -----------------*- C++ -*-===//
//
// Declarations of the passes in codegen/LLVM/Passes.td.
// kiln-generate-entry-point itself is declared with the other codegen passes
// in kiln/Codegen/Passes.h.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_CODEGEN_LLVMPASSES_H
#define KILN_CODEGEN_LLVMPASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace kiln::codegen {

#define GEN_PASS_DECL
#include "codegen/LLVM/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "codegen/LLVM/Passes.h.inc"

} // namespace kiln::codegen

#endif // KILN_CODEGEN_LLVMPASSES_H
