//===- Target.h - From the LLVM dialect to native artifacts ----*- C++ -*-===//
//
// The last phase of a compile, all in process: pick a TargetMachine, translate
// the LLVM-dialect module to LLVM IR, optimize it, emit an ELF object, and
// package objects as an archive or a shared library (through lld linked in as
// a library). Also writes the generated NAME.h and builds the core C runtime
// that model archives carry, for any target.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_TARGET_TARGET_H
#define KILN_TARGET_TARGET_H

#include "kiln/Compiler.h"
#include "kiln/Support/TargetDescription.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/TargetParser/Triple.h"
// Complete types, not declarations: callers own the unique_ptrs returned
// below and must be able to destroy them.
#include "llvm/IR/Module.h"
#include "llvm/Target/TargetMachine.h"

#include <memory>
#include <string>

namespace kiln::target {

//===----------------------------------------------------------------------===//
// Target selection
//===----------------------------------------------------------------------===//

/// What to generate code for.
struct TargetOptions {
  /// An LLVM triple or a short name: "host"/"x86-64", "aarch64-linux-gnu",
  /// "riscv64-linux-gnu", "cortex-m4", "cortex-m7", "cortex-m55". Empty means
  /// the host.
  std::string triple;
  /// An LLVM CPU name. "native" is the host CPU (with its detected features)
  /// when targeting the host, the CPU a short name implies ("cortex-m7"), or
  /// else the triple's generic CPU.
  std::string cpu = "native";
  /// Extra LLVM features, "+avx2,-fma" style, applied after the CPU's.
  std::string features;
  /// 0..3, for both the IR optimizer and the code generator.
  int optLevel = 2;
  /// Position-independent code, needed for PIE executables and shared
  /// libraries. Ignored on bare-metal triples, which are always static.
  bool pic = true;
  /// Cores the schedules may spread work over (describeTarget); 0: the
  /// machine's own when compiling for it, else 1. More than 1 is an error
  /// for bare-metal targets.
  int cores = 0;
};

/// A target after short names and "native" are resolved.
struct ResolvedTarget {
  llvm::Triple triple;
  std::string cpu;
  std::string features;
  /// The target's ABI name where the platform fixes one that is not LLVM's
  /// default for the triple ("lp64d" for RISC-V Linux); empty otherwise.
  std::string abiName;
};

/// Resolves short names, "native" and the host. Fails with a message naming
/// the triple, CPU or feature that LLVM does not know.
llvm::Expected<ResolvedTarget> resolveTarget(const TargetOptions &options);

/// Whether `target` (a TargetOptions::triple value) names the machine Kiln
/// runs on: empty, "host", or a triple with the host's architecture and OS.
bool isHostTarget(llvm::StringRef target);

/// What the scheduling passes need to know about `options`' target (the
/// module's `kiln.target`): the vector ISA, width, registers and FMA from
/// the subtarget's features; caches and cores measured on this machine when
/// compiling for it (its triple with --cpu native or its own CPU name), else
/// caches from a table of typical parts (docs/scheduling.md) and one core
/// unless `options.cores` says otherwise. Fails like resolveTarget, and on
/// more than one core for a bare-metal target.
llvm::Expected<TargetDescription> describeTarget(const TargetOptions &options);

/// Creates the TargetMachine for `options` (see resolveTarget for errors).
llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
createTargetMachine(const TargetOptions &options);

//===----------------------------------------------------------------------===//
// Code generation
//===----------------------------------------------------------------------===//

/// Translates an LLVM-dialect module to LLVM IR in `context`, with the
/// triple and data layout of `tm`.
llvm::Expected<std::unique_ptr<llvm::Module>>
translateToLLVMIR(mlir::ModuleOp module, llvm::LLVMContext &context,
                  llvm::TargetMachine &tm);

/// Runs LLVM's default O0..O3 pipeline on `module`. The optimizer sees a
/// freestanding environment: it may only introduce memcpy, memset and
/// memmove, never other library calls (no libm, no bcmp).
llvm::Error optimizeModule(llvm::Module &module, llvm::TargetMachine &tm,
                           int optLevel);

/// Emits `module` as a relocatable object file; returns its bytes.
llvm::Expected<std::string> emitObject(llvm::Module &module,
                                       llvm::TargetMachine &tm);

//===----------------------------------------------------------------------===//
// Artifacts
//===----------------------------------------------------------------------===//

/// A named object file in memory: an archive member or a linker input.
struct ArchiveMember {
  std::string name;  ///< File name, e.g. "net.o"; no directory part.
  std::string bytes; ///< The object's contents.
};

/// Writes a GNU archive with a symbol table to `path`. Deterministic: zero
/// timestamps, uid and gid, mode 0644, members in the given order.
llvm::Error writeArchive(llvm::StringRef path,
                         llvm::ArrayRef<ArchiveMember> members);

/// Links ELF `objects` into the shared library `path` with lld, in process.
/// Undefined symbols (memcpy, memset) are left for the dynamic loader.
llvm::Error linkSharedLibrary(llvm::StringRef path,
                              llvm::ArrayRef<ArchiveMember> objects);

//===----------------------------------------------------------------------===//
// Generated header and runtime
//===----------------------------------------------------------------------===//

/// The text of the generated NAME.h for `signature`: the C contract of
/// generated code in the architecture design. Deterministic.
std::string generateHeader(const ModelSignature &signature);

/// The core runtime of runtime/src (kiln_status_string, kiln_dtype_size,
/// kiln_parallel_for, kiln_set_parallel_runner) as LLVM IR for `tm`'s
/// target: a second implementation, behaviourally identical to the C one
/// (test/target-run/runtime-core.test compares them).
std::unique_ptr<llvm::Module> buildRuntimeModule(llvm::LLVMContext &context,
                                                 llvm::TargetMachine &tm);

/// The core runtime compiled for `options`' target (triple, CPU, features,
/// optimization level, PIC) as one relocatable object: the `kiln_rt.o`
/// member of every model archive, so a library for any target links with
/// nothing but the C library. Fails like createTargetMachine.
llvm::Expected<std::string> buildRuntimeObject(const TargetOptions &options);

/// The text of kiln_runtime.h, which NAME.h includes.
llvm::StringRef runtimeHeaderText();

} // namespace kiln::target

#endif // KILN_TARGET_TARGET_H
