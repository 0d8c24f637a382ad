//===- MemoryPlan.h - Static workspace planning -----------------*- C++ -*-===//
//
// The pure planning algorithm behind kiln-plan-workspace: given the byte size
// and live interval of every transient buffer, assign each one a fixed offset
// in a single workspace so that buffers live at the same time never share a
// byte. It knows nothing of MLIR, so unit tests can drive it directly.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_CODEGEN_MEMORYPLAN_H
#define KILN_CODEGEN_MEMORYPLAN_H

#include "kiln/Compiler.h"
#include "llvm/ADT/ArrayRef.h"
#include <cstdint>
#include <vector>

namespace kiln::codegen {

/// One buffer to place: `size` bytes, live from step `start` to step `end`
/// inclusive (steps are positions in the program; start <= end).
struct BufferInterval {
  uint64_t size = 0;
  int64_t start = 0;
  int64_t end = 0;
};

/// Where every buffer goes. `offsets[i]` belongs to the i-th input buffer;
/// `totalSize` is the workspace size in bytes, a multiple of the alignment;
/// `lowerBound` is peakLiveBytes() of the same intervals, so
/// totalSize / lowerBound measures how much the placement wastes.
struct WorkspacePlan {
  std::vector<uint64_t> offsets;
  uint64_t totalSize = 0;
  uint64_t lowerBound = 0;
};

/// Places `buffers` greedily, one by one; each one goes into the smallest
/// gap (best fit) left between already placed buffers whose live intervals
/// overlap its own, or after all of them. Tries three orders (decreasing
/// size, decreasing lifetime, decreasing size x lifetime) and keeps the
/// smallest plan, the earliest order on ties. Offsets are multiples of
/// `alignment` (a power of two). Deterministic: ties are broken by start step
/// and then by input position. The caller guarantees that the sum of the
/// sizes, each rounded up to `alignment`, fits in 63 bits; every offset and
/// the total are bounded by that sum.
WorkspacePlan planWorkspace(llvm::ArrayRef<BufferInterval> buffers,
                            uint64_t alignment = kWorkspaceAlignment);

/// The largest number of bytes live at any one step: a lower bound of the
/// total size of any valid plan (alignment padding aside).
uint64_t peakLiveBytes(llvm::ArrayRef<BufferInterval> buffers);

/// True if intervals `a` and `b` share at least one step.
inline bool liveRangesOverlap(const BufferInterval &a,
                              const BufferInterval &b) {
  return a.start <= b.end && b.start <= a.end;
}

} // namespace kiln::codegen

#endif // KILN_CODEGEN_MEMORYPLAN_H
