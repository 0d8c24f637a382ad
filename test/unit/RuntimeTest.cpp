//===- RuntimeTest.cpp - Unit tests of the core C runtime (kiln_rt) -------===//

#include "kiln_runtime.h"

#include <gtest/gtest.h>

#include <climits>
#include <cstddef>
#include <cstring>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace {

//===----------------------------------------------------------------------===//
// Status strings
//===----------------------------------------------------------------------===//

TEST(RuntimeStatus, EveryStatusHasItsOwnName) {
  const int32_t statuses[] = {KILN_STATUS_OK, KILN_STATUS_INVALID_ARGUMENT,
                              KILN_STATUS_MISALIGNED,
                              KILN_STATUS_RUNTIME_ERROR,
                              KILN_STATUS_BAD_WEIGHTS};
  std::set<std::string> names;
  for (int32_t s : statuses) {
    const char *name = kiln_status_string(s);
    ASSERT_NE(name, nullptr) << "status " << s;
    EXPECT_STRNE(name, "unknown status") << "status " << s;
    names.insert(name);
  }
  EXPECT_EQ(names.size(), 5u);
  EXPECT_STREQ(kiln_status_string(KILN_STATUS_OK), "ok");
  EXPECT_NE(std::string(kiln_status_string(KILN_STATUS_MISALIGNED))
                .find("misaligned"),
            std::string::npos);
}

TEST(RuntimeStatus, UnknownCodesAreNamedNotRejected) {
  for (int32_t s : {-1, 5, 1000, INT32_MAX, INT32_MIN}) {
    const char *name = kiln_status_string(s);
    ASSERT_NE(name, nullptr) << "status " << s;
    EXPECT_STREQ(name, "unknown status") << "status " << s;
  }
}

//===----------------------------------------------------------------------===//
// Dtype sizes
//===----------------------------------------------------------------------===//

TEST(RuntimeDtype, SizesOfEveryDtype) {
  const std::pair<int32_t, size_t> expected[] = {
      {KILN_DTYPE_F32, 4}, {KILN_DTYPE_U8, 1},   {KILN_DTYPE_I8, 1},
      {KILN_DTYPE_U16, 2}, {KILN_DTYPE_I16, 2},  {KILN_DTYPE_I32, 4},
      {KILN_DTYPE_I64, 8}, {KILN_DTYPE_BOOL, 1}, {KILN_DTYPE_F16, 2},
      {KILN_DTYPE_F64, 8}, {KILN_DTYPE_U32, 4},  {KILN_DTYPE_U64, 8},
      {KILN_DTYPE_BF16, 2}};
  for (auto [dtype, size] : expected)
    EXPECT_EQ(kiln_dtype_size(dtype), size) << "dtype " << dtype;
}

TEST(RuntimeDtype, UnknownDtypesHaveSizeZero) {
  // 8 is ONNX's string type and 14/15 its complex types: Kiln has none.
  for (int32_t dtype :
       {int32_t(KILN_DTYPE_UNDEFINED), 8, 14, 15, 17, -1, INT32_MAX})
    EXPECT_EQ(kiln_dtype_size(dtype), 0u) << "dtype " << dtype;
}

//===----------------------------------------------------------------------===//
// Parallel-for hook
//===----------------------------------------------------------------------===//

/// Records every [begin, end) chunk a body is called with.
struct Chunks {
  std::vector<std::pair<int64_t, int64_t>> calls;
};

void recordChunk(void *context, int64_t begin, int64_t end) {
  static_cast<Chunks *>(context)->calls.emplace_back(begin, end);
}

/// Runner that splits [0, n) into single iterations and records its calls.
struct Runner {
  int calls = 0;
  int64_t lastN = -1;
  kiln_parallel_body lastBody = nullptr;
  void *lastContext = nullptr;
};

void oneByOne(void *runnerContext, int64_t n, kiln_parallel_body body,
              void *context) {
  auto *runner = static_cast<Runner *>(runnerContext);
  ++runner->calls;
  runner->lastN = n;
  runner->lastBody = body;
  runner->lastContext = context;
  for (int64_t i = 0; i < n; ++i)
    body(context, i, i + 1);
}

class RuntimeParallel : public ::testing::Test {
protected:
  // The runner is process-wide state: never leak one into another test.
  void SetUp() override { kiln_set_parallel_runner(nullptr, nullptr); }
  void TearDown() override { kiln_set_parallel_runner(nullptr, nullptr); }
};

TEST_F(RuntimeParallel, SerialDefaultCoversTheWholeRangeOnce) {
  Chunks chunks;
  kiln_parallel_for(10, recordChunk, &chunks);
  ASSERT_EQ(chunks.calls.size(), 1u);
  EXPECT_EQ(chunks.calls[0], std::make_pair(int64_t(0), int64_t(10)));
}

TEST_F(RuntimeParallel, EmptyAndNegativeRangesRunNothing) {
  Chunks chunks;
  kiln_parallel_for(0, recordChunk, &chunks);
  kiln_parallel_for(-5, recordChunk, &chunks);
  EXPECT_TRUE(chunks.calls.empty());

  Runner runner;
  kiln_set_parallel_runner(oneByOne, &runner);
  kiln_parallel_for(0, recordChunk, &chunks);
  EXPECT_EQ(runner.calls, 0);
  EXPECT_TRUE(chunks.calls.empty());
}

TEST_F(RuntimeParallel, NullBodyIsIgnored) {
  Runner runner;
  kiln_parallel_for(3, nullptr, nullptr);
  kiln_set_parallel_runner(oneByOne, &runner);
  kiln_parallel_for(3, nullptr, nullptr);
  EXPECT_EQ(runner.calls, 0);
}

TEST_F(RuntimeParallel, InstalledRunnerGetsTheLoop) {
  Runner runner;
  Chunks chunks;
  kiln_set_parallel_runner(oneByOne, &runner);
  kiln_parallel_for(4, recordChunk, &chunks);
  EXPECT_EQ(runner.calls, 1);
  EXPECT_EQ(runner.lastN, 4);
  EXPECT_EQ(runner.lastBody, &recordChunk);
  EXPECT_EQ(runner.lastContext, &chunks);
  std::vector<std::pair<int64_t, int64_t>> expected = {
      {0, 1}, {1, 2}, {2, 3}, {3, 4}};
  EXPECT_EQ(chunks.calls, expected);
}

TEST_F(RuntimeParallel, NullRunnerRestoresSerial) {
  Runner runner;
  Chunks chunks;
  kiln_set_parallel_runner(oneByOne, &runner);
  kiln_set_parallel_runner(nullptr, &runner);
  kiln_parallel_for(6, recordChunk, &chunks);
  EXPECT_EQ(runner.calls, 0);
  ASSERT_EQ(chunks.calls.size(), 1u);
  EXPECT_EQ(chunks.calls[0], std::make_pair(int64_t(0), int64_t(6)));
}

//===----------------------------------------------------------------------===//
// ABI layout
//===----------------------------------------------------------------------===//

// Generated code mirrors these structs field by field (the entry-point
// generator writes kiln_model_info as an LLVM struct); pin the LP64 layout
// so an edit to the header that moves a field is caught here.
TEST(RuntimeABI, StructLayoutOnLP64) {
  if (sizeof(void *) != 8)
    GTEST_SKIP() << "layout pinned for 64-bit hosts";
  EXPECT_EQ(offsetof(kiln_tensor_info, name), 0u);
  EXPECT_EQ(offsetof(kiln_tensor_info, dtype), 8u);
  EXPECT_EQ(offsetof(kiln_tensor_info, rank), 12u);
  EXPECT_EQ(offsetof(kiln_tensor_info, shape), 16u);
  EXPECT_EQ(offsetof(kiln_tensor_info, size_bytes), 24u);
  EXPECT_EQ(sizeof(kiln_tensor_info), 32u);

  EXPECT_EQ(offsetof(kiln_model_info, abi_version), 0u);
  EXPECT_EQ(offsetof(kiln_model_info, num_inputs), 4u);
  EXPECT_EQ(offsetof(kiln_model_info, num_outputs), 8u);
  EXPECT_EQ(offsetof(kiln_model_info, reserved), 12u);
  EXPECT_EQ(offsetof(kiln_model_info, name), 16u);
  EXPECT_EQ(offsetof(kiln_model_info, inputs), 24u);
  EXPECT_EQ(offsetof(kiln_model_info, outputs), 32u);
  EXPECT_EQ(offsetof(kiln_model_info, workspace_size), 40u);
  EXPECT_EQ(offsetof(kiln_model_info, workspace_align), 48u);
  EXPECT_EQ(offsetof(kiln_model_info, run), 56u);
  EXPECT_EQ(sizeof(kiln_model_info), 64u);
}

} // namespace
