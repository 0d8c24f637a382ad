//===- ParallelBody.h - Names of outlined parallel-loop bodies --*- C++ -*-===//
//
// kiln-outline-parallel outlines each `kiln.parallel` loop of a function F
// into a body function named F_parallel; the symbol table makes the names
// of F's later bodies unique as F_parallel_<N>. The memory report tells the
// bodies apart by that name (their frames count once in the stack
// estimate), so both sides take it from here.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_SUPPORT_PARALLELBODY_H
#define KILN_SUPPORT_PARALLELBODY_H

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace kiln {

inline constexpr llvm::StringLiteral kParallelBodySuffix = "_parallel";

/// The name of a parallel-loop body outlined from `caller` (before the
/// symbol table makes it unique).
inline std::string getParallelBodyName(llvm::StringRef caller) {
  return (caller + kParallelBodySuffix).str();
}

/// Whether `name` is a parallel-loop body's: `<function>_parallel` or
/// `<function>_parallel_<N>`.
inline bool isParallelBodyName(llvm::StringRef name) {
  size_t at = name.rfind(kParallelBodySuffix);
  if (at == llvm::StringRef::npos || at == 0)
    return false;
  llvm::StringRef rest = name.substr(at + kParallelBodySuffix.size());
  if (rest.empty())
    return true;
  return rest.consume_front("_") && !rest.empty() &&
         llvm::all_of(rest, llvm::isDigit);
}

} // namespace kiln

#endif // KILN_SUPPORT_PARALLELBODY_H
