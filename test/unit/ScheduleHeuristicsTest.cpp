//===- ScheduleHeuristicsTest.cpp - Contraction schedule policy -----------===//
//
// The pure heuristics of codegen/Schedule/Heuristics.h per ISA: register
// tiles (and how narrow N, few M rows and small register files reshape
// them), K blocks from the caches, the grid from the cores, and the
// kiln.schedule attribute's encoding.
//
//===----------------------------------------------------------------------===//

#include "codegen/Schedule/Heuristics.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OperationSupport.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>

using namespace kiln;
using namespace kiln::schedule;

namespace {

TargetDescription makeTarget(llvm::StringRef isa, int64_t bits,
                             int64_t registers, int64_t cores = 1) {
  TargetDescription t;
  t.triple = "test";
  t.isa = isa.str();
  t.vectorBits = bits;
  t.vectorRegisters = registers;
  t.fma = true;
  t.l1dBytes = 48 * 1024;
  t.l2Bytes = 1024 * 1024;
  t.cores = cores;
  return t;
}

TargetDescription avx512(int64_t cores = 1) {
  return makeTarget("avx512", 512, 32, cores);
}

void expectTile(const RegisterTile &tile, int64_t vw, int64_t mr, int64_t nr) {
  EXPECT_EQ(tile.vectorWidth, vw);
  EXPECT_EQ(tile.mr, mr);
  EXPECT_EQ(tile.nr, nr);
}

ContractionShape gemm(int64_t m, int64_t n, int64_t k) {
  ContractionShape s;
  s.m = m;
  s.n = n;
  s.k = k;
  return s;
}

ContractionShape conv(int64_t batch, int64_t m, int64_t n, int64_t k,
                      bool direct) {
  ContractionShape s = gemm(m, n, k);
  s.kind = ContractionShape::Kind::Conv2D;
  s.batch = batch;
  s.directB = direct;
  return s;
}

ContractionShape stride2(ContractionShape s) {
  s.strideW = 2;
  return s;
}

TEST(RegisterTile, PerISAOnLargeProblems) {
  expectTile(chooseRegisterTile(1024, 1024, avx512()), 16, 8, 32);
  expectTile(chooseRegisterTile(1024, 1024, makeTarget("avx2", 256, 16)), 8, 6,
             16);
  expectTile(chooseRegisterTile(1024, 1024, makeTarget("sse", 128, 16)), 4, 6,
             8);
  expectTile(chooseRegisterTile(1024, 1024, makeTarget("neon", 128, 32)), 4, 8,
             8);
  expectTile(chooseRegisterTile(1024, 1024, makeTarget("rvv", 128, 32)), 4, 8,
             8);
  expectTile(chooseRegisterTile(1024, 1024, makeTarget("mve", 128, 8)), 4, 2,
             8);
  expectTile(chooseRegisterTile(1024, 1024, makeTarget("scalar", 0, 32)), 1, 4,
             4);
}

TEST(RegisterTile, NarrowNTradesColumnsForRows) {
  // 16 accumulators kept: one vector of columns, 16 rows.
  expectTile(chooseRegisterTile(100, 16, avx512()), 16, 16, 16);
  // N = 10 still needs a whole (masked) vector.
  expectTile(chooseRegisterTile(100, 10, avx512()), 16, 16, 16);
  // ...but never more rows than M.
  expectTile(chooseRegisterTile(12, 16, avx512()), 16, 12, 16);
  expectTile(chooseRegisterTile(100, 4, makeTarget("neon", 128, 32)), 4, 16, 4);
  expectTile(chooseRegisterTile(100, 4, makeTarget("mve", 128, 8)), 4, 4, 4);
  // avx2: 12 accumulators would need 12 + 1 + 1 registers of 16: fits.
  expectTile(chooseRegisterTile(100, 8, makeTarget("avx2", 256, 16)), 8, 12, 8);
  expectTile(chooseRegisterTile(100, 2, makeTarget("scalar", 0, 32)), 1, 8, 2);
}

TEST(RegisterTile, FewRowsWidenTheTile) {
  // GEMV: 8 vectors of columns hide the FMA latency.
  expectTile(chooseRegisterTile(1, 1000, avx512()), 16, 1, 128);
  // ...as far as N needs,
  expectTile(chooseRegisterTile(1, 20, avx512()), 16, 1, 32);
  // ...and the registers allow (accumulators + B row + broadcast).
  expectTile(chooseRegisterTile(1, 1000, makeTarget("avx2", 256, 16)), 8, 1,
             56);
  expectTile(chooseRegisterTile(1, 1000, makeTarget("mve", 128, 8)), 4, 1, 12);
  // N is spread evenly over the fewest tiles, so packed weights are not
  // padded: 10 scalar columns are two tiles of 5, not 8 + 8.
  expectTile(chooseRegisterTile(1, 10, makeTarget("scalar", 0, 32)), 1, 1, 5);
  // M = 3 < 8: 16 / 3 = 5 vectors.
  expectTile(chooseRegisterTile(3, 1000, avx512()), 16, 3, 80);
  // M = 4 < 6 on avx2: 12 / 4 = 3 vectors.
  expectTile(chooseRegisterTile(4, 1000, makeTarget("avx2", 256, 16)), 8, 4,
             24);
}

TEST(RegisterTile, SmallRegisterFilesShrinkTheTile) {
  // Soft float on Arm: 13 general-purpose registers.
  expectTile(chooseRegisterTile(100, 100, makeTarget("scalar", 0, 13)), 1, 2,
             4);
  expectTile(chooseRegisterTile(100, 100, makeTarget("scalar", 0, 1)), 1, 1, 1);
}

TEST(KBlock, GemmAgainstHalfOfL2) {
  TargetDescription t = avx512();
  EXPECT_EQ(chooseKBlock(gemm(64, 1024, 768), 32, t), 768);
  // 32 * 4 * 4096 bytes = half of 1 MiB exactly: no blocking.
  EXPECT_EQ(chooseKBlock(gemm(64, 1024, 4096), 32, t), 4096);
  EXPECT_EQ(chooseKBlock(gemm(64, 1024, 8192), 32, t), 4096);
  // 512 KiB / (128 * 4) = 1024.
  EXPECT_EQ(chooseKBlock(gemm(1, 4096, 8192), 128, t), 1024);
  // Direct convs read B like gemm.
  EXPECT_EQ(chooseKBlock(conv(1, 64, 3136, 8192, true), 32, t), 4096);
  t.l2Bytes = 0;
  EXPECT_EQ(chooseKBlock(gemm(64, 1024, 100000), 32, t), 100000);
}

TEST(KBlock, Im2colAgainstHalfOfL1D) {
  TargetDescription t = avx512();
  // 24 KiB / (32 * 4) = 192.
  EXPECT_EQ(chooseKBlock(conv(1, 64, 3136, 576, false), 32, t), 192);
  EXPECT_EQ(chooseKBlock(conv(1, 64, 3136, 147, false), 32, t), 147);
  // The result is a multiple of 8: 24 KiB / (48 * 4) = 128; 24 KiB / 112 =
  // 219 -> 216.
  EXPECT_EQ(chooseKBlock(conv(1, 64, 3136, 576, false), 48, t), 128);
  EXPECT_EQ(chooseKBlock(conv(1, 64, 3136, 576, false), 28, t), 216);
  // At least 8, at most K.
  t.l1dBytes = 1024;
  EXPECT_EQ(chooseKBlock(conv(1, 64, 3136, 576, false), 32, t), 8);
  EXPECT_EQ(chooseKBlock(conv(1, 64, 3136, 5, false), 32, t), 5);
  // Cortex-M4: no data cache.
  t.l1dBytes = 0;
  EXPECT_EQ(chooseKBlock(conv(1, 64, 3136, 576, false), 8, t), 576);
}

TEST(Grid, OneCoreIsSerial) {
  ContractionSchedule s =
      chooseContractionSchedule(gemm(1024, 1024, 1024), avx512(/*cores=*/1));
  EXPECT_EQ(s.mSplit, 1);
  EXPECT_FALSE(s.parallel);
}

TEST(Grid, MSplitReachesFourItemsPerCore) {
  // N = 64: two N tiles; 8 items wanted on 2 cores.
  ContractionShape shape = gemm(1024, 64, 256);
  RegisterTile tile = chooseRegisterTile(shape.m, shape.n, avx512(2));
  EXPECT_EQ(chooseMSplit(shape, tile, avx512(2)), 4);
  ContractionSchedule s = chooseContractionSchedule(shape, avx512(2));
  EXPECT_EQ(s.mSplit, 4);
  EXPECT_TRUE(s.parallel);
  // Bounded by the M tiles: M = 16 is two tiles of 8.
  EXPECT_EQ(chooseContractionSchedule(gemm(16, 32, 256), avx512(2)).mSplit, 2);
  // Enough N tiles: no split.
  EXPECT_EQ(chooseContractionSchedule(gemm(1024, 1024, 256), avx512(2)).mSplit,
            1);
  // Conv batch x groups count as items: 32 groups x 1 tile.
  EXPECT_EQ(
      chooseContractionSchedule(conv(32, 4, 32, 36, false), avx512(2)).mSplit,
      1);
}

TEST(Grid, MMajorSplitsTheLargerOperand) {
  // gemm: A (1024 x 256) is larger than B (256 x 64): M chunk first.
  ContractionShape tall = gemm(1024, 64, 256);
  EXPECT_TRUE(chooseContractionSchedule(tall, avx512(2)).mMajor);
  EXPECT_TRUE(chooseMMajor("gemm", tall, 4, avx512(2)));
  // Not without an M split, nor on one core.
  EXPECT_FALSE(chooseMMajor("gemm", tall, 1, avx512(2)));
  EXPECT_FALSE(chooseContractionSchedule(tall, avx512(1)).mMajor);
  // B larger than A: N tile first.
  EXPECT_FALSE(chooseMMajor("gemm", gemm(64, 2048, 256), 4, avx512(2)));
  // conv2d_nchw_cvec (M = pixels): the input read in place counts, not the
  // K x pixels matrix. 3x3 stride 2, 128 channels, 56x56 -> 28x28: input
  // 401408 elements against 147456 of weights; on 28x28 -> 28x28 the input
  // is 100352 elements.
  ContractionShape strided = conv(1, 128, 784, 1152, false);
  strided.inputElements = 128 * 56 * 56;
  ContractionSchedule s = chooseContractionSchedule(strided, avx512(2));
  EXPECT_EQ(s.kernel, "conv2d_nchw_cvec");
  EXPECT_EQ(s.nr, 32); // 128 channels: 4 panels of 2 vectors
  EXPECT_EQ(s.mSplit, 2);
  EXPECT_TRUE(s.mMajor);
  ContractionShape same = strided;
  same.inputElements = 128 * 28 * 28;
  EXPECT_FALSE(chooseContractionSchedule(same, avx512(2)).mMajor);
  // conv2d_nchw (M = output channels): the weights against the input.
  ContractionShape wide = conv(1, 512, 196, 1024, true);
  wide.inputElements = 1024 * 196;
  EXPECT_TRUE(chooseMMajor("conv2d_nchw", wide, 2, avx512(2)));
  wide.inputElements = 1024 * 1024;
  EXPECT_FALSE(chooseMMajor("conv2d_nchw", wide, 2, avx512(2)));
}

TEST(Grid, ParallelNeedsTwoItems) {
  // One N tile, one M tile: nothing to share.
  ContractionSchedule single =
      chooseContractionSchedule(gemm(1, 64, 256), avx512(2));
  EXPECT_EQ(single.mSplit, 1);
  EXPECT_FALSE(single.parallel);
  ContractionSchedule gemv =
      chooseContractionSchedule(gemm(1, 1000, 256), avx512(2));
  EXPECT_EQ(gemv.nr, 128);
  EXPECT_TRUE(gemv.parallel);
}

TEST(Schedule, KernelAndBSource) {
  ContractionSchedule g =
      chooseContractionSchedule(gemm(64, 512, 256), avx512(2));
  EXPECT_EQ(g.kernel, "gemm");
  EXPECT_EQ(g.bSource, "");
  EXPECT_EQ(g.kc, 256);
  ContractionSchedule im2col =
      chooseContractionSchedule(conv(1, 128, 784, 288, false), avx512(2));
  EXPECT_EQ(im2col.kernel, "conv2d_nchw");
  EXPECT_EQ(im2col.bSource, "im2col");
  EXPECT_EQ(im2col.kc, 192);
  ContractionSchedule direct =
      chooseContractionSchedule(conv(1, 64, 3136, 576, true), avx512(2));
  EXPECT_EQ(direct.bSource, "direct");
  EXPECT_EQ(direct.kc, 576);
}

TEST(Schedule, WeightPrefetch) {
  auto scheduleOf = [](const ContractionShape &shape) {
    return chooseContractionSchedule(shape, avx512(2));
  };
  // conv2d_nchw prefetches weights that exceed half of L2 (1 MiB here).
  EXPECT_EQ(chooseWeightPrefetch(conv(1, 256, 196, 1024, true), avx512(2)),
            1024);
  EXPECT_EQ(chooseWeightPrefetch(conv(1, 64, 196, 256, true), avx512(2)), 0);
  ContractionSchedule nchw = scheduleOf(conv(1, 256, 196, 1024, true));
  EXPECT_EQ(nchw.kernel, "conv2d_nchw");
  EXPECT_EQ(nchw.prefetch, 1024);
  // conv2d_nchw_cvec with K in one block and streamed weights (ResNet-50's
  // 7x7 1024 -> 2048 layer: 8 MB in 192 KiB panels) prefetches each next
  // channel panel; with K blocked (panels over a quarter of L2: ResNet's
  // 256-channel 3x3 layers on 14x14, 2.4 MB in 288 KiB panels) it always
  // prefetches the next block, and the flag stays 0; weights that stay in
  // L2 are not prefetched.
  ContractionSchedule streamed = scheduleOf(conv(1, 2048, 49, 1024, false));
  EXPECT_EQ(streamed.kernel, "conv2d_nchw_cvec");
  EXPECT_EQ(streamed.kc, 1024);
  EXPECT_EQ(streamed.prefetch, 1);
  for (ContractionShape shape :
       {conv(1, 512, 49, 4608, false), conv(1, 256, 196, 2304, false)}) {
    ContractionSchedule blocked = scheduleOf(shape);
    EXPECT_EQ(blocked.kernel, "conv2d_nchw_cvec");
    EXPECT_LT(blocked.kc, shape.k);
    EXPECT_EQ(blocked.prefetch, 0);
  }
  EXPECT_EQ(scheduleOf(conv(1, 96, 196, 576, true)).prefetch, 0);
  // Not without caches (a microcontroller), nor for GEMMs.
  TargetDescription mcu = makeTarget("scalar", 0, 32, 1);
  mcu.l1dBytes = 0;
  mcu.l2Bytes = 0;
  EXPECT_EQ(chooseWeightPrefetch(conv(1, 256, 196, 1024, true), mcu), 0);
  EXPECT_EQ(scheduleOf(gemm(64, 1024, 1024)).prefetch, 0);
}

TEST(Schedule, HugeShapesDoNotOverflow) {
  int64_t huge = std::numeric_limits<int64_t>::max();
  // A direct layer: pixels as vectors (the channel kernel's epilogue costs
  // something, the pixel lanes are full).
  ContractionSchedule s =
      chooseContractionSchedule(conv(huge, huge, huge, huge, true), avx512(2));
  EXPECT_EQ(s.kernel, "conv2d_nchw");
  EXPECT_EQ(s.mr, 8);
  EXPECT_EQ(s.nr, 32);
  EXPECT_EQ(s.kc, 4096);
  EXPECT_EQ(s.mSplit, 1);
  EXPECT_TRUE(s.parallel);
  // With im2col packing, the channel kernel: its M split keeps each
  // chunk's scratch tile within half of L2 (512 KiB of 48-float rows: at
  // most 2720 rows, whole blocks of 16) whatever the pixel count, without
  // overflowing.
  ContractionSchedule c =
      chooseContractionSchedule(conv(huge, huge, huge, huge, false), avx512(2));
  EXPECT_EQ(c.kernel, "conv2d_nchw_cvec");
  EXPECT_EQ(c.nr, 48);
  int64_t tiles = huge / c.mr + 1;
  EXPECT_LE((tiles + c.mSplit - 1) / c.mSplit * c.mr, 2720);
  EXPECT_TRUE(c.parallel);
}

/// Runs fromAttr on `attr`, returning the error text ("" on success).
std::string parseError(mlir::MLIRContext &context, mlir::DictionaryAttr attr) {
  std::string message;
  mlir::ScopedDiagnosticHandler handler(&context, [&](mlir::Diagnostic &diag) {
    message = diag.str();
    return mlir::success();
  });
  auto result = ContractionSchedule::fromAttr(
      attr, [&] { return mlir::emitError(mlir::UnknownLoc::get(&context)); });
  EXPECT_EQ(mlir::failed(result), !message.empty());
  return message;
}

TEST(ScheduleAttr, RoundTrips) {
  mlir::MLIRContext context;
  for (const ContractionSchedule &s :
       {chooseContractionSchedule(gemm(64, 512, 256), avx512(2)),
        chooseContractionSchedule(gemm(1024, 64, 256), avx512(2)),
        chooseContractionSchedule(conv(1, 64, 3136, 576, false), avx512(2)),
        chooseContractionSchedule(conv(1, 128, 784, 288, false), avx512(2)),
        chooseContractionSchedule(conv(1, 256, 196, 1024, true), avx512(2)),
        chooseContractionSchedule(conv(1, 256, 196, 2304, false), avx512(2)),
        chooseContractionSchedule(stride2(conv(1, 64, 12544, 147, false)),
                                  avx512(2))}) {
    mlir::DictionaryAttr attr = s.toAttr(&context);
    auto parsed = ContractionSchedule::fromAttr(
        attr, [&] { return mlir::emitError(mlir::UnknownLoc::get(&context)); });
    ASSERT_TRUE(mlir::succeeded(parsed));
    EXPECT_EQ(*parsed, s);
  }
}

TEST(ScheduleAttr, KernelOfAnOp) {
  mlir::MLIRContext context;
  context.allowUnregisteredDialects();
  mlir::OpBuilder b(&context);
  mlir::OperationState state(b.getUnknownLoc(), "test.op");
  mlir::Operation *op = mlir::Operation::create(state);
  EXPECT_EQ(scheduleKernel(op), "");
  ContractionSchedule schedule;
  schedule.kernel = kConv2DChannelsKernel.str();
  op->setAttr(kScheduleAttr, schedule.toAttr(&context));
  EXPECT_EQ(scheduleKernel(op), kConv2DChannelsKernel);
  // Another attribute under the name, or a kernel that is not a string.
  op->setAttr(kScheduleAttr, b.getI64IntegerAttr(1));
  EXPECT_EQ(scheduleKernel(op), "");
  op->setAttr(kScheduleAttr,
              b.getDictionaryAttr({b.getNamedAttr("kernel",
                                                  b.getI64IntegerAttr(1))}));
  EXPECT_EQ(scheduleKernel(op), "");
  op->destroy();
}

TEST(ScheduleAttr, RejectsMalformedSchedules) {
  mlir::MLIRContext context;
  mlir::Builder b(&context);
  ContractionSchedule base =
      chooseContractionSchedule(conv(1, 128, 784, 288, false), avx512(2));
  ASSERT_EQ(base.kernel, "conv2d_nchw");
  auto with = [&](llvm::StringRef key, mlir::Attribute value) {
    mlir::NamedAttrList fields(base.toAttr(&context));
    if (value)
      fields.set(key, value);
    else
      fields.erase(key);
    return fields.getDictionary(&context);
  };
  EXPECT_EQ(parseError(context, base.toAttr(&context)), "");
  EXPECT_EQ(parseError(context, with("kernel", b.getStringAttr("winograd"))),
            "malformed 'kiln.schedule': key 'kernel' names no known kernel: "
            "'winograd' (expected gemm, conv2d_nchw or conv2d_nchw_cvec)");
  EXPECT_EQ(parseError(context, with("nr", b.getI64IntegerAttr(24))),
            "malformed 'kiln.schedule': key 'nr' must be a multiple of "
            "vector_width (16), got 24");
  EXPECT_EQ(parseError(context, with("mr", b.getI64IntegerAttr(0))),
            "malformed 'kiln.schedule': key 'mr' must be at least 1, got 0");
  EXPECT_EQ(parseError(context, with("kc", {})),
            "malformed 'kiln.schedule': key 'kc' is missing");
  EXPECT_EQ(parseError(context, with("kc", b.getI32IntegerAttr(64))),
            "malformed 'kiln.schedule': key 'kc' must be an i64 integer");
  EXPECT_EQ(parseError(context, with("parallel", b.getI64IntegerAttr(1))),
            "malformed 'kiln.schedule': key 'parallel' must be a bool");
  EXPECT_EQ(parseError(context, with("b_source", b.getStringAttr("gather"))),
            "malformed 'kiln.schedule': key 'b_source' must be \"im2col\" or "
            "\"direct\"");
  EXPECT_EQ(parseError(context, with("m_major", b.getI64IntegerAttr(1))),
            "malformed 'kiln.schedule': key 'm_major' must be a bool");
  EXPECT_EQ(parseError(context, with("m_major", b.getBoolAttr(false))), "");
  EXPECT_EQ(parseError(context, with("prefetch", b.getI64IntegerAttr(256))),
            "");
  EXPECT_EQ(parseError(context, with("prefetch", b.getI64IntegerAttr(-1))),
            "malformed 'kiln.schedule': key 'prefetch' must be at least 0, "
            "got -1");
  EXPECT_EQ(parseError(context, with("tile", b.getI64IntegerAttr(1))),
            "malformed 'kiln.schedule': key 'tile' is not a schedule "
            "parameter");
  ContractionSchedule g = base;
  g.kernel = "gemm";
  base = g;
  EXPECT_EQ(parseError(context, base.toAttr(&context)),
            "malformed 'kiln.schedule': key 'b_source' only applies to "
            "conv2d_nchw");
}

//===----------------------------------------------------------------------===//
// conv2d_nchw vs conv2d_nchw_cvec
//===----------------------------------------------------------------------===//

TEST(ConvKernel, CostModelOfASmallPixelLayer) {
  // ResNet's 512 -> 512 3x3 convolution on 7x7 pixels: 49 of 64 lanes,
  // and 9.4 MB of weights read twice by the 32-pixel tiles.
  ConvKernelCosts costs =
      estimateConvKernelCosts(conv(1, 512, 49, 4608, false), avx512(2));
  // and 9.4 MB of weights read twice by the 32-pixel tiles, plus the
  // im2col packing spread over 512 weight rows.
  EXPECT_NEAR(costs.pixels,
              64.0 / 49.0 + 6.0 / 512.0 + 4.0 / 49.0 * 0.25 * 16.0, 1e-9);
  EXPECT_NEAR(costs.channels, 1.0 + 1.0 * 16.0 / 4608.0, 1e-9);
  EXPECT_TRUE(costs.channelsFits);
  // A direct 1x1 layer packs nothing.
  ConvKernelCosts direct =
      estimateConvKernelCosts(conv(1, 256, 3136, 64, true), avx512(2));
  EXPECT_NEAR(direct.pixels, 1.0, 1e-9);
  EXPECT_NEAR(direct.channels, 1.0 + 16.0 / 64.0, 1e-9);
  // Strided packing (two loads and a permute per vector) costs twice.
  ContractionShape strided = conv(1, 128, 784, 576, false);
  strided.strideW = 2;
  EXPECT_NEAR(estimateConvKernelCosts(strided, avx512(2)).pixels,
              1.0 + 2.0 * 6.0 / 128.0, 1e-9);
}

TEST(ConvKernel, PicksTheKernelPerLayer) {
  TargetDescription t = avx512(2);
  auto kernelOf = [&](const ContractionShape &s) {
    return chooseConvKernel(s, t).str();
  };
  // Small pixel counts with large weights: channels as vectors.
  EXPECT_EQ(kernelOf(conv(1, 512, 49, 4608, false)), "conv2d_nchw_cvec");
  EXPECT_EQ(kernelOf(conv(1, 512, 49, 2048, true)), "conv2d_nchw_cvec");
  EXPECT_EQ(kernelOf(conv(1, 256, 196, 2304, false)), "conv2d_nchw_cvec");
  EXPECT_EQ(kernelOf(conv(1, 320, 49, 960, true)), "conv2d_nchw_cvec");
  // With K = 160 the epilogue costs less than the 15 idle pixel lanes.
  EXPECT_EQ(kernelOf(conv(1, 960, 49, 160, true)), "conv2d_nchw_cvec");
  // 64 output channels pack an im2col panel for few weight rows: 6 / 64
  // against an epilogue of 16 / 576.
  EXPECT_EQ(kernelOf(conv(1, 64, 3136, 576, false)), "conv2d_nchw_cvec");
  // Full pixel lanes, weights that stay in L2, more rows to amortise the
  // packing, or direct 1x1 layers: pixels as vectors.
  EXPECT_EQ(kernelOf(conv(1, 128, 784, 288, false)), "conv2d_nchw");
  // With K = 576 the epilogue is cheaper (16 / 576 against the packing's
  // 6 / 128, within the 1% margin).
  EXPECT_EQ(kernelOf(conv(1, 128, 784, 576, false)), "conv2d_nchw_cvec");
  // The same layer at stride 2 (ResNet-18's 64 -> 128 on 56x56): its
  // packing costs twice, and the channel kernel wins.
  ContractionShape strided = conv(1, 128, 784, 576, false);
  strided.strideW = 2;
  EXPECT_EQ(kernelOf(strided), "conv2d_nchw_cvec");
  EXPECT_EQ(kernelOf(conv(1, 256, 3136, 64, true)), "conv2d_nchw");
  EXPECT_EQ(kernelOf(conv(1, 384, 196, 64, true)), "conv2d_nchw");
  EXPECT_EQ(kernelOf(conv(1, 64, 196, 256, true)), "conv2d_nchw");
  EXPECT_EQ(kernelOf(conv(1, 1024, 196, 256, true)), "conv2d_nchw");
  // 196 pixels fill 196 of 208 lanes; K = 576 makes the epilogue cheaper
  // than that (MobileNetV2's 576 -> 96 1x1 layers on 14x14). ResNet-50's
  // 1024 -> 256 (4.3% cheaper too) streams 1 MiB of weights: the margin is
  // then 5%.
  EXPECT_EQ(kernelOf(conv(1, 96, 196, 576, true)), "conv2d_nchw_cvec");
  EXPECT_EQ(kernelOf(conv(1, 256, 196, 1024, true)), "conv2d_nchw");
  // Few channels per group waste the channel lanes.
  EXPECT_EQ(kernelOf(conv(8, 4, 49, 36, false)), "conv2d_nchw");
  // ResNet's 7x7 stride-2 stem (112x112 output pixels): its strided
  // packing (2 * 6 / 64) costs more than the epilogue (16 / 147), and the
  // M split makes its scratch tile fit; at stride 1 the packing costs
  // 6 / 64 and pixels stay the vectors.
  ContractionShape stem = conv(1, 64, 12544, 147, false);
  stem.strideW = 2;
  EXPECT_TRUE(estimateConvKernelCosts(stem, t).channelsFits);
  EXPECT_EQ(kernelOf(stem), "conv2d_nchw_cvec");
  EXPECT_EQ(kernelOf(conv(1, 64, 12544, 147, false)), "conv2d_nchw");
  // The split goes as far as it must: with 64 KiB of L2 (32 KiB for the
  // scratch tile) 49 chunks of 256 pixels; with 2 KiB even one 8-pixel
  // tile's scratch (rounded up to 16 rows: 2 KiB) exceeds half of it.
  TargetDescription tinyL2 = makeTarget("avx512", 512, 32, 2);
  tinyL2.l1dBytes = 32 << 10;
  tinyL2.l2Bytes = 64 << 10;
  EXPECT_TRUE(estimateConvKernelCosts(stem, tinyL2).channelsFits);
  tinyL2.l2Bytes = 2 << 10;
  EXPECT_FALSE(estimateConvKernelCosts(stem, tinyL2).channelsFits);
  // Scalar code has no lanes to waste.
  EXPECT_EQ(chooseConvKernel(conv(1, 512, 49, 4608, false),
                             makeTarget("scalar", 0, 32, 2))
                .str(),
            "conv2d_nchw");
}

TEST(ConvKernel, ChannelsSchedule) {
  ContractionSchedule s =
      chooseContractionSchedule(conv(1, 512, 49, 4608, false), avx512(2));
  EXPECT_EQ(s.kernel, "conv2d_nchw_cvec");
  EXPECT_EQ(s.bSource, "");
  // M = 49 pixels, N = 512 channels: the 7 x 48 tile (7 whole pixel
  // tiles); the 48-wide weight panel (4608 x 48 floats, 864 KiB) is more
  // than a quarter of L2: blocks of half of L1D (24 KiB / 192 B per k =
  // 128).
  EXPECT_EQ(s.vectorWidth, 16);
  EXPECT_EQ(s.mr, 7);
  EXPECT_EQ(s.nr, 48);
  EXPECT_EQ(s.kc, 128);
  // A panel within a quarter of L2 (K = 1024: 192 KiB) keeps kc = K; a
  // larger one is blocked however many pixel tiles reuse it (14 x 14
  // pixels: 28 tiles of 7 over a 2304 x 32 panel, 288 KiB: 24 KiB / 128 B
  // per k = 192).
  EXPECT_EQ(chooseContractionSchedule(conv(1, 2048, 49, 1024, false),
                                      avx512(2))
                .kc,
            1024);
  ContractionSchedule many =
      chooseContractionSchedule(conv(1, 256, 196, 2304, false), avx512(2));
  EXPECT_EQ(many.kernel, "conv2d_nchw_cvec");
  EXPECT_EQ(many.nr, 32);
  EXPECT_EQ(many.kc, 192);
  // 16 channel panels are enough items for 2 cores.
  EXPECT_EQ(s.mSplit, 1);
  EXPECT_TRUE(s.parallel);
  // Its items write 49 x 48 outputs: no output prefetch.
  EXPECT_FALSE(s.prefetchOutput);

  // ResNet's stem: 2 channel panels of 32; 4 items per core would split
  // the 1568 pixel tiles 4 ways, and 4 chunks of 3136 pixels keep the
  // scratch tile (392 KiB) within half of L2. On one core the grid does
  // not split, but the scratch tile does, all the same. Its items' output
  // (392 KiB) outgrows a quarter of L2: each M tile prefetches its output
  // lines; a 56x56 3x3 layer's items (98 KiB) do not.
  ContractionShape stem = conv(1, 64, 12544, 147, false);
  stem.strideW = 2;
  stem.window = 49;
  ContractionSchedule stemSchedule = chooseContractionSchedule(stem, avx512(2));
  EXPECT_EQ(stemSchedule.kernel, "conv2d_nchw_cvec");
  EXPECT_EQ(stemSchedule.nr, 32);
  EXPECT_EQ(stemSchedule.mr, 8);
  EXPECT_EQ(stemSchedule.mSplit, 4);
  EXPECT_TRUE(stemSchedule.prefetchOutput);
  ContractionSchedule stemOneCore = chooseContractionSchedule(stem, avx512(1));
  EXPECT_EQ(stemOneCore.kernel, "conv2d_nchw_cvec");
  EXPECT_EQ(stemOneCore.mSplit, 4);
  EXPECT_FALSE(stemOneCore.parallel);
  EXPECT_FALSE(
      chooseContractionSchedule(conv(1, 64, 3136, 576, false), avx512(2))
          .prefetchOutput);
  // One image of 256 channels on 4 cores: 8 panels of 32 channels, so the
  // 28 pixel tiles of 7 split 2 ways (16 items wanted).
  ContractionSchedule split =
      chooseContractionSchedule(conv(1, 256, 196, 2304, false), avx512(4));
  EXPECT_EQ(split.kernel, "conv2d_nchw_cvec");
  EXPECT_EQ(split.nr, 32);
  EXPECT_EQ(split.mSplit, 2);

  // A stride-2 3x3 layer of 512 channels: 11 panels of 48 split 6 / 5
  // over 2 cores, 16 of 32 split evenly: 2-vector panels. Not at stride 1,
  // not for a 1x1 window, not on one core, and not on 3 cores (11 panels
  // of 48 and 16 of 32 both split unevenly).
  ContractionShape strided3x3 = conv(1, 512, 49, 2304, false);
  strided3x3.strideW = 2;
  strided3x3.window = 9;
  EXPECT_EQ(chooseContractionSchedule(strided3x3, avx512(2)).nr, 32);
  EXPECT_EQ(chooseContractionSchedule(strided3x3, avx512(2)).mr, 7);
  EXPECT_EQ(chooseContractionSchedule(strided3x3, avx512(1)).nr, 48);
  EXPECT_EQ(chooseContractionSchedule(strided3x3, avx512(3)).nr, 48);
  ContractionShape strided1x1 = conv(1, 512, 49, 256, false);
  strided1x1.strideW = 2;
  EXPECT_EQ(chooseContractionSchedule(strided1x1, avx512(2)).nr, 48);
  ContractionShape unstrided = strided3x3;
  unstrided.strideW = 1;
  EXPECT_EQ(chooseContractionSchedule(unstrided, avx512(2)).nr, 48);

  // 8 x 8 = 64 and 28 x 28 = 784 pixels keep 8 rows; 14 x 14 = 196 take
  // 7; for 9 x 9 = 81, 7 and 6 rows both pad 3 and the larger wins.
  auto tileOf = [](int64_t pixels, int64_t channels) {
    RegisterTile t = chooseChannelsRegisterTile(pixels, channels, avx512(1));
    return std::to_string(t.mr) + "x" + std::to_string(t.nr);
  };
  EXPECT_EQ(tileOf(64, 512), "8x48");
  EXPECT_EQ(tileOf(784, 192), "8x48");
  EXPECT_EQ(tileOf(196, 384), "7x48");
  EXPECT_EQ(tileOf(81, 576), "7x48");
  // Channel vectors that 2 divides and 3 does not, below 18, keep 2-vector
  // panels (no tail panel, panels of equal work); from 18 on, 3.
  EXPECT_EQ(tileOf(784, 128), "8x32");
  EXPECT_EQ(tileOf(196, 256), "7x32");
  EXPECT_EQ(tileOf(49, 160), "7x32");
  EXPECT_EQ(tileOf(49, 320), "7x48");
  EXPECT_EQ(tileOf(49, 112), "7x48"); // 7 vectors: a 1-vector tail either way
  // Under 6 vectors of channels the tile keeps 2 vectors (no 1-vector
  // tail tile); under 8 pixels, chooseRegisterTile's wide GEMV-like tile.
  EXPECT_EQ(tileOf(49, 80), "7x32");
  EXPECT_EQ(tileOf(4, 512), "4x64");
  // 16 registers (avx2) have no room for 3 vectors: 6 x 2vw.
  RegisterTile avx2Tile =
      chooseChannelsRegisterTile(49, 512, makeTarget("avx2", 256, 16, 1));
  EXPECT_EQ(avx2Tile.mr, 6);
  EXPECT_EQ(avx2Tile.nr, 16);

  mlir::MLIRContext context;
  mlir::DictionaryAttr attr = s.toAttr(&context);
  EXPECT_FALSE(attr.contains("b_source"));
  auto parsed = ContractionSchedule::fromAttr(
      attr, [&] { return mlir::emitError(mlir::UnknownLoc::get(&context)); });
  ASSERT_TRUE(mlir::succeeded(parsed));
  EXPECT_EQ(*parsed, s);
  mlir::NamedAttrList fields(attr);
  fields.set("b_source", mlir::Builder(&context).getStringAttr("im2col"));
  EXPECT_EQ(parseError(context, fields.getDictionary(&context)),
            "malformed 'kiln.schedule': key 'b_source' only applies to "
            "conv2d_nchw");
}

} // namespace
