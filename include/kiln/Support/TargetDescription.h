//===- TargetDescription.h - The machine the schedules are for --*- C++ -*-===//
//
// What the scheduling passes know about the target: vector ISA and width,
// register file, caches and cores. The driver derives it from --target/--cpu
// (kiln::target::describeTarget) and records it on the module as
//   kiln.target = {triple = "x86_64-unknown-linux-gnu", cpu = "znver5",
//                  isa = "avx512", vector_bits = 512 : i64,
//                  vector_registers = 32 : i64, fma = true,
//                  l1d_bytes = 49152 : i64, l2_bytes = 1048576 : i64,
//                  l3_bytes = 33554432 : i64, cores = 2 : i64}
// so every later pass (and a hand-written lit test) reads the same facts.
// Passes that need a target and find none do nothing.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_SUPPORT_TARGETDESCRIPTION_H
#define KILN_SUPPORT_TARGETDESCRIPTION_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Support/LLVM.h"

#include <cstdint>
#include <optional>
#include <string>

namespace kiln {

/// The module attribute holding the TargetDescription.
inline constexpr llvm::StringLiteral kTargetAttr = "kiln.target";

/// The vector ISAs a description may name (the `isa` key).
inline constexpr llvm::StringLiteral kTargetISAs[] = {
    "avx512", "avx2", "sse", "neon", "mve", "rvv", "scalar"};

/// f32 elements per cache line, as the kernels that prefetch lay out their
/// prefetches (64-byte lines: x86-64 and the AArch64 cores).
inline constexpr int64_t kCacheLineFloats = 16;

/// A target machine as the scheduling passes see it.
struct TargetDescription {
  std::string triple; ///< Normalized LLVM triple.
  std::string cpu;    ///< LLVM CPU name; empty: the triple's default.
  std::string isa;    ///< One of kTargetISAs.
  /// Width of the f32 vector registers the code should use; 0 for scalar.
  int64_t vectorBits = 0;
  /// Registers that hold f32 vectors (the FP registers for scalar).
  int64_t vectorRegisters = 0;
  /// Whether a fused multiply-add instruction exists for f32.
  bool fma = false;
  /// Per-core L1 data cache and the L2 and L3 caches a core sees, in bytes;
  /// 0: none (or unknown).
  int64_t l1dBytes = 0;
  int64_t l2Bytes = 0;
  int64_t l3Bytes = 0;
  /// Cores the generated code may run parallel loops on (at least 1).
  int64_t cores = 1;

  /// f32 lanes of a vector register: max(1, vectorBits / 32).
  int64_t f32Lanes() const;

  /// The `kiln.target` dictionary (every key, in a fixed order).
  mlir::DictionaryAttr toAttr(mlir::MLIRContext *context) const;

  /// Reads a `kiln.target` dictionary. Every key must be present with its
  /// type (strings, i64 integers, a bool for `fma`) and a valid value; no
  /// other key is allowed. Errors name the bad key.
  static mlir::FailureOr<TargetDescription>
  fromAttr(mlir::DictionaryAttr attr,
           llvm::function_ref<mlir::InFlightDiagnostic()> emitError);

  /// The description recorded on `module`; nullopt if there is none. A
  /// malformed one is reported as an error on `module` and yields nullopt
  /// too; passes that must fail on it use lookup().
  static std::optional<TargetDescription> fromModule(mlir::ModuleOp module);

  /// Like fromModule, but a malformed `kiln.target` is a failure (the error
  /// is emitted on `module`); success(nullopt) when there is none.
  static mlir::FailureOr<std::optional<TargetDescription>>
  lookup(mlir::ModuleOp module);

  /// Records this description on `module` as `kiln.target`.
  void attachTo(mlir::ModuleOp module) const;

  bool operator==(const TargetDescription &other) const;
  bool operator!=(const TargetDescription &other) const {
    return !(*this == other);
  }
};

} // namespace kiln

#endif // KILN_SUPPORT_TARGETDESCRIPTION_H
