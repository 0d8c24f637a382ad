//===- SchedulePasses.h - Kiln scheduling passes ----------------*- C++ -*-===//
//
// Declarations of the passes in codegen/Schedule/Passes.td.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_CODEGEN_SCHEDULEPASSES_H
#define KILN_CODEGEN_SCHEDULEPASSES_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace kiln::codegen {

#define GEN_PASS_DECL
#include "codegen/Schedule/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "codegen/Schedule/Passes.h.inc"

} // namespace kiln::codegen

#endif // KILN_CODEGEN_SCHEDULEPASSES_H
