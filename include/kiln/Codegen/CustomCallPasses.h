//===- CustomCallPasses.h - kiln-lower-custom-calls -------------*- C++ -*-===//
//
// Declarations of the passes in codegen/CustomCall/Passes.td.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_CODEGEN_CUSTOMCALLPASSES_H
#define KILN_CODEGEN_CUSTOMCALLPASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace kiln::codegen {

#define GEN_PASS_DECL
#include "codegen/CustomCall/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "codegen/CustomCall/Passes.h.inc"

} // namespace kiln::codegen

#endif // KILN_CODEGEN_CUSTOMCALLPASSES_H
