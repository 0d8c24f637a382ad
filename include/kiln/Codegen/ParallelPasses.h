//===- ParallelPasses.h - Kiln parallel-loop passes -------------*- C++ -*-===//
//
// Declarations of the passes in codegen/Parallel/Passes.td, and the name of
// the attribute that marks a loop to run on threads.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_CODEGEN_PARALLELPASSES_H
#define KILN_CODEGEN_PARALLELPASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace kiln::codegen {

/// Unit attribute on an `scf.parallel` whose iterations may run on threads:
/// kiln-outline-parallel turns it into a kiln_parallel_for call.
inline constexpr llvm::StringLiteral kParallelAttrName = "kiln.parallel";

/// The runtime's parallel-for hook that outlined loops call.
inline constexpr llvm::StringLiteral kParallelForSymbol = "kiln_parallel_for";

#define GEN_PASS_DECL
#include "codegen/Parallel/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "codegen/Parallel/Passes.h.inc"

} // namespace kiln::codegen

#endif // KILN_CODEGEN_PARALLELPASSES_H
