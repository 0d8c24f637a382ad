//===- MemoryPlanTest.cpp - Tests of the static workspace planner ---------===//
//
// Unit tests of kiln::codegen::planWorkspace (kiln/Codegen/MemoryPlan.h):
// hand-made cases with known answers, then a randomized property test that
// checks every plan against brute-force overlap checking and the lower bound
// of the bytes live at once.
//
//===----------------------------------------------------------------------===//

#include "kiln/Codegen/MemoryPlan.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

using kiln::codegen::BufferInterval;
using kiln::codegen::peakLiveBytes;
using kiln::codegen::planWorkspace;
using kiln::codegen::WorkspacePlan;

namespace {

constexpr uint64_t kAlign = 64;

uint64_t alignUp(uint64_t v) { return (v + kAlign - 1) / kAlign * kAlign; }

/// Every property a valid plan has; returns a description of the first
/// violation, or an empty string.
std::string checkPlan(const std::vector<BufferInterval> &buffers,
                      const WorkspacePlan &plan) {
  if (plan.offsets.size() != buffers.size())
    return "one offset per buffer";
  if (plan.totalSize % kAlign != 0)
    return "total size not aligned";
  for (size_t i = 0; i < buffers.size(); ++i) {
    if (plan.offsets[i] % kAlign != 0)
      return "offset " + std::to_string(i) + " not aligned";
    if (plan.offsets[i] + buffers[i].size > plan.totalSize)
      return "buffer " + std::to_string(i) + " past the end";
    for (size_t j = i + 1; j < buffers.size(); ++j) {
      if (!kiln::codegen::liveRangesOverlap(buffers[i], buffers[j]))
        continue;
      if (buffers[i].size == 0 || buffers[j].size == 0)
        continue;
      bool disjoint = plan.offsets[i] + buffers[i].size <= plan.offsets[j] ||
                      plan.offsets[j] + buffers[j].size <= plan.offsets[i];
      if (!disjoint)
        return "buffers " + std::to_string(i) + " and " + std::to_string(j) +
               " are live together and share bytes";
    }
  }
  return "";
}

TEST(MemoryPlan, EmptyNeedsNoBytes) {
  WorkspacePlan plan = planWorkspace({});
  EXPECT_TRUE(plan.offsets.empty());
  EXPECT_EQ(plan.totalSize, 0u);
  EXPECT_EQ(peakLiveBytes({}), 0u);
}

TEST(MemoryPlan, LongestLivedFirstWhenSizeOrderWastes) {
  // By size, the 192-byte buffers go first at 0 and at 192 (they share no
  // step), and the 128-byte ones then end at 512. Placing the longest-lived
  // first reaches the lower bound, 448 bytes at steps 2..4.
  std::vector<BufferInterval> buffers = {
      {128, 4, 5}, {192, 1, 4}, {128, 2, 5}, {192, 0, 1}};
  WorkspacePlan plan = planWorkspace(buffers);
  EXPECT_EQ(checkPlan(buffers, plan), "");
  EXPECT_EQ(plan.lowerBound, peakLiveBytes(buffers));
  EXPECT_EQ(plan.lowerBound, 448u);
  EXPECT_EQ(plan.totalSize, 448u);
}

TEST(MemoryPlan, DisjointLifetimesShareOffsetZero) {
  std::vector<BufferInterval> buffers = {{1000, 0, 1}, {1000, 2, 3}};
  WorkspacePlan plan = planWorkspace(buffers);
  EXPECT_EQ(plan.offsets[0], 0u);
  EXPECT_EQ(plan.offsets[1], 0u);
  EXPECT_EQ(plan.totalSize, alignUp(1000));
}

TEST(MemoryPlan, OverlappingLifetimesGetDisjointBytes) {
  // Sharing the step 1 is overlapping: intervals are inclusive.
  std::vector<BufferInterval> buffers = {{100, 0, 1}, {100, 1, 2}};
  WorkspacePlan plan = planWorkspace(buffers);
  EXPECT_EQ(checkPlan(buffers, plan), "");
  EXPECT_NE(plan.offsets[0], plan.offsets[1]);
  EXPECT_EQ(plan.totalSize, 2 * alignUp(100));
}

TEST(MemoryPlan, OffsetsAreAligned) {
  std::vector<BufferInterval> buffers = {{1, 0, 5}, {3, 0, 5}, {65, 0, 5}};
  WorkspacePlan plan = planWorkspace(buffers);
  EXPECT_EQ(checkPlan(buffers, plan), "");
  // Largest first: 65 bytes at 0, then 3 and 1 at 128 and 192.
  EXPECT_EQ(plan.offsets[2], 0u);
  EXPECT_EQ(plan.offsets[1], 128u);
  EXPECT_EQ(plan.offsets[0], 192u);
  EXPECT_EQ(plan.totalSize, 256u);
}

TEST(MemoryPlan, ChainOfLayersNeedsTwoBuffers) {
  // A network's activations: each layer reads the previous output only.
  std::vector<BufferInterval> buffers;
  for (int64_t layer = 0; layer < 10; ++layer)
    buffers.push_back({4096, layer, layer + 1});
  WorkspacePlan plan = planWorkspace(buffers);
  EXPECT_EQ(checkPlan(buffers, plan), "");
  EXPECT_EQ(plan.totalSize, 2 * 4096u);
  EXPECT_EQ(peakLiveBytes(buffers), 2 * 4096u);
}

TEST(MemoryPlan, BestFitPicksTheSmallestGap) {
  // Placed by decreasing size: P at 0, Q after it, R after Q, S after R and
  // T after S. Once Q and S are dead, U (live at steps 5-6) sees a 1024-byte
  // gap where Q was and a 256-byte gap where S was: best fit takes the
  // smaller one (first fit would take the first).
  std::vector<BufferInterval> buffers = {
      {1024, 0, 10}, // P
      {1000, 0, 0},  // Q
      {512, 0, 10},  // R
      {200, 0, 0},   // S
      {128, 0, 10},  // T
      {100, 5, 6},   // U
  };
  WorkspacePlan plan = planWorkspace(buffers);
  EXPECT_EQ(checkPlan(buffers, plan), "");
  std::vector<uint64_t> expected = {0, 1024, 2048, 2560, 2816, 2560};
  EXPECT_EQ(plan.offsets, expected);
  EXPECT_EQ(plan.totalSize, 2944u);
}

TEST(MemoryPlan, ZeroSizedBuffersAreHarmless) {
  std::vector<BufferInterval> buffers = {{0, 0, 3}, {128, 1, 2}, {0, 2, 2}};
  WorkspacePlan plan = planWorkspace(buffers);
  EXPECT_EQ(checkPlan(buffers, plan), "");
  EXPECT_EQ(plan.totalSize, 128u);
}

TEST(MemoryPlan, Deterministic) {
  std::vector<BufferInterval> buffers = {
      {100, 0, 3}, {100, 1, 2}, {300, 2, 5}, {100, 4, 6}, {100, 0, 6}};
  WorkspacePlan a = planWorkspace(buffers);
  WorkspacePlan b = planWorkspace(buffers);
  EXPECT_EQ(a.offsets, b.offsets);
  EXPECT_EQ(a.totalSize, b.totalSize);
}

TEST(MemoryPlan, PeakLiveBytes) {
  std::vector<BufferInterval> buffers = {
      {10, 0, 2}, {20, 1, 3}, {40, 3, 4}, {5, 4, 4}};
  // Step 3: 20 + 40; step 4: 40 + 5.
  EXPECT_EQ(peakLiveBytes(buffers), 60u);
}

/// Random programs: plans are valid, within the sum of the sizes, at least
/// the lower bound, and close to it on these mostly chain-like workloads.
TEST(MemoryPlan, RandomPlansAreValidAndTight) {
  std::mt19937_64 rng(20240611);
  double worstRatio = 1.0;
  for (int trial = 0; trial < 500; ++trial) {
    int n = 1 + static_cast<int>(rng() % 40);
    int64_t steps = 1 + static_cast<int64_t>(rng() % 60);
    std::vector<BufferInterval> buffers;
    uint64_t alignedSum = 0;
    for (int i = 0; i < n; ++i) {
      int64_t start = static_cast<int64_t>(rng() % steps);
      int64_t length = static_cast<int64_t>(rng() % 8);
      uint64_t size = (rng() % 4 == 0) ? rng() % 64 : rng() % 100000;
      buffers.push_back({size, start, start + length});
      alignedSum += alignUp(size);
    }
    WorkspacePlan plan = planWorkspace(buffers);
    ASSERT_EQ(checkPlan(buffers, plan), "") << "trial " << trial;
    uint64_t lower = peakLiveBytes(buffers);
    EXPECT_GE(plan.totalSize, lower) << "trial " << trial;
    EXPECT_LE(plan.totalSize, alignedSum) << "trial " << trial;
    // With sizes rounded up to the alignment, the bound is reachable in
    // principle; measure how far the heuristic stays from it.
    std::vector<BufferInterval> aligned = buffers;
    for (BufferInterval &b : aligned)
      b.size = alignUp(b.size);
    uint64_t alignedLower = peakLiveBytes(aligned);
    EXPECT_GE(plan.totalSize, alignedLower) << "trial " << trial;
    if (alignedLower > 0)
      worstRatio =
          std::max(worstRatio, double(plan.totalSize) / double(alignedLower));
  }
  // Greedy by size is not optimal (the problem is NP-hard), but stays within
  // a small factor of the bound on such workloads.
  EXPECT_LT(worstRatio, 1.5) << "worst plan/bound ratio " << worstRatio;
}

} // namespace
