//===- WeightsPasses.h - Kiln weights placement passes ----------*- C++ -*-===//
//
// Declarations of the passes in codegen/Weights/Passes.td.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_CODEGEN_WEIGHTSPASSES_H
#define KILN_CODEGEN_WEIGHTSPASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace kiln::codegen {

#define GEN_PASS_DECL
#include "codegen/Weights/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "codegen/Weights/Passes.h.inc"

} // namespace kiln::codegen

#endif // KILN_CODEGEN_WEIGHTSPASSES_H
