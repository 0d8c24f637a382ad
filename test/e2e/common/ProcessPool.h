//===- ProcessPool.h - Run test cases in forked children --------*- C++ -*-===//
//
// Each test case of the end-to-end runners compiles and runs untrusted model
// code; a crash or a hang in one must become a recorded outcome, not the end
// of the run. runForked() gives every case its own forked child, runs a few
// at once, and kills those that outlive their time limit.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_TEST_E2E_COMMON_PROCESSPOOL_H
#define KILN_TEST_E2E_COMMON_PROCESSPOOL_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace kiln::e2e {

/// How a forked child ended, and what it said.
struct ChildOutcome {
  enum class Kind { Exited, Signaled, TimedOut };
  Kind kind = Kind::Exited;
  /// The exit code (Exited) or the signal number (Signaled).
  int code = 0;
  /// Everything the child wrote to its result channel (see ChildMain).
  std::string result;
  /// The child's stdout and stderr, interleaved, truncated to a few KiB.
  std::string log;
  double millis = 0;

  /// "exit code 3", "signal 11 (Segmentation fault)", "timeout after 60 s".
  std::string describe(double timeoutSeconds) const;
};

/// Limits applied to every child.
struct ChildLimits {
  /// Wall-clock limit per child, in seconds.
  double timeoutSeconds = 60;
  /// Address-space limit per child in bytes (RLIMIT_AS); 0 for none. Keeps a
  /// runaway compile from taking the machine's memory from the other jobs.
  uint64_t addressSpaceBytes = 0;
};

/// Writes `text` to the result channel of the current child; returns false on
/// a write error.
bool writeResult(int resultFd, llvm::StringRef text);

/// Runs `childMain(i, resultFd)` for i in [0, count), each in a forked child,
/// at most `jobs` at a time. The child exits with 0 when childMain returns;
/// it reports through writeResult(resultFd, ...). `onDone(i, outcome)` runs in
/// the parent, in completion order. The parent must not have started threads
/// (fork copies only the calling thread).
void runForked(size_t count, unsigned jobs, const ChildLimits &limits,
               llvm::function_ref<void(size_t, int)> childMain,
               llvm::function_ref<void(size_t, const ChildOutcome &)> onDone);

} // namespace kiln::e2e

#endif // KILN_TEST_E2E_COMMON_PROCESSPOOL_H
