//===- MemoryPlan.cpp - Static workspace planning -------------------------===//
//
// Greedy-by-size offset assignment (the "offset calculation" problem of
// TFLite's arena planner and of TVM/XLA static memory planning). Placing the
// biggest buffers first keeps small ones from fragmenting the space the big
// ones need; best fit keeps large gaps for later large buffers.
//
//===----------------------------------------------------------------------===//

#include "kiln/Codegen/MemoryPlan.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/MathExtras.h"
#include <algorithm>
#include <limits>
#include <map>

namespace kiln::codegen {

namespace {

/// Places the buffers in `order` one by one, each in the smallest gap left
/// between already placed buffers whose live intervals overlap its own.
WorkspacePlan placeInOrder(llvm::ArrayRef<BufferInterval> buffers,
                           llvm::ArrayRef<size_t> order, uint64_t alignment) {
  WorkspacePlan plan;
  plan.offsets.assign(buffers.size(), 0);
  std::vector<size_t> placed;
  std::vector<size_t> conflicts;
  uint64_t total = 0;
  for (size_t idx : order) {
    const BufferInterval &buf = buffers[idx];
    conflicts.clear();
    for (size_t p : placed)
      if (liveRangesOverlap(buffers[p], buf))
        conflicts.push_back(p);
    std::sort(conflicts.begin(), conflicts.end(), [&](size_t a, size_t b) {
      if (plan.offsets[a] != plan.offsets[b])
        return plan.offsets[a] < plan.offsets[b];
      return a < b;
    });

    // Walk the gaps between the conflicting buffers in address order;
    // `cursor` is the first aligned byte not covered by the ones seen so far.
    uint64_t cursor = 0;
    uint64_t bestOffset = 0, bestGap = std::numeric_limits<uint64_t>::max();
    bool found = false;
    for (size_t c : conflicts) {
      uint64_t gapEnd = plan.offsets[c];
      if (gapEnd >= cursor && gapEnd - cursor >= buf.size &&
          gapEnd - cursor < bestGap) {
        bestGap = gapEnd - cursor;
        bestOffset = cursor;
        found = true;
      }
      cursor = std::max(
          cursor, llvm::alignTo(plan.offsets[c] + buffers[c].size, alignment));
    }
    if (!found)
      bestOffset = cursor;
    plan.offsets[idx] = bestOffset;
    total = std::max(total, bestOffset + buf.size);
    placed.push_back(idx);
  }
  plan.totalSize = llvm::alignTo(total, alignment);
  return plan;
}

} // namespace

WorkspacePlan planWorkspace(llvm::ArrayRef<BufferInterval> buffers,
                            uint64_t alignment) {
  if (alignment == 0)
    alignment = 1;
  std::vector<size_t> bySize(buffers.size());
  for (size_t i = 0; i < bySize.size(); ++i)
    bySize[i] = i;
  std::stable_sort(bySize.begin(), bySize.end(), [&](size_t a, size_t b) {
    if (buffers[a].size != buffers[b].size)
      return buffers[a].size > buffers[b].size;
    if (buffers[a].start != buffers[b].start)
      return buffers[a].start < buffers[b].start;
    return a < b;
  });
  // Greedy by size is the best single order on most graphs, but where big
  // buffers with short lives alternate with long-lived ones (attention
  // blocks) placing the longest-lived and the largest area (bytes x steps)
  // first packs tighter. Each order is cheap: keep the smallest result;
  // ties keep the earlier order, so the plan stays deterministic.
  auto byKey = [&](auto key) {
    std::vector<size_t> order = bySize;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return key(buffers[a]) > key(buffers[b]);
    });
    return order;
  };
  auto steps = [](const BufferInterval &b) {
    return static_cast<uint64_t>(b.end - b.start) + 1;
  };
  std::vector<size_t> orders[] = {
      bySize,
      byKey([&](const BufferInterval &b) { return steps(b); }),
      byKey([&](const BufferInterval &b) {
        // Saturate: only the order matters, not the exact product.
        uint64_t n = steps(b);
        return b.size > std::numeric_limits<uint64_t>::max() / n
                   ? std::numeric_limits<uint64_t>::max()
                   : b.size * n;
      })};
  WorkspacePlan best;
  bool first = true;
  for (const std::vector<size_t> &order : orders) {
    WorkspacePlan plan = placeInOrder(buffers, order, alignment);
    if (first || plan.totalSize < best.totalSize)
      best = std::move(plan);
    first = false;
  }
  best.lowerBound = peakLiveBytes(buffers);
  return best;
}

uint64_t peakLiveBytes(llvm::ArrayRef<BufferInterval> buffers) {
  // Sweep the interval endpoints: +size at start, -size after end.
  std::map<int64_t, int64_t> delta;
  for (const BufferInterval &b : buffers) {
    delta[b.start] += static_cast<int64_t>(b.size);
    delta[b.end + 1] -= static_cast<int64_t>(b.size);
  }
  int64_t live = 0, peak = 0;
  for (const auto &[step, d] : delta) {
    live += d;
    peak = std::max(peak, live);
  }
  return static_cast<uint64_t>(peak);
}

} // namespace kiln::codegen
