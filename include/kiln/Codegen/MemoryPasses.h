//===- MemoryPasses.h - Kiln memory planning passes -------------*- C++ -*-===//
//
// Declarations of the passes in codegen/Memory/Passes.td. kiln-plan-workspace
// itself is declared with the other codegen passes in kiln/Codegen/Passes.h.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_CODEGEN_MEMORYPASSES_H
#define KILN_CODEGEN_MEMORYPASSES_H

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace kiln::codegen {

#define GEN_PASS_DECL
#include "codegen/Memory/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "codegen/Memory/Passes.h.inc"

} // namespace kiln::codegen

#endif // KILN_CODEGEN_MEMORYPASSES_H
