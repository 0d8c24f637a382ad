//===- TargetDescriptionTest.cpp - kiln.target and describeTarget ---------===//
//
// The `kiln.target` encoding and its validation (KilnSupport), and what
// describeTarget (KilnTarget) derives for the targets Kiln ships for.
//
//===----------------------------------------------------------------------===//

#include "kiln/Support/TargetDescription.h"
#include "kiln/Target/Target.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OperationSupport.h"

#include <gtest/gtest.h>

using namespace kiln;

namespace {

TargetDescription znver5() {
  TargetDescription t;
  t.triple = "x86_64-unknown-linux-gnu";
  t.cpu = "znver5";
  t.isa = "avx512";
  t.vectorBits = 512;
  t.vectorRegisters = 32;
  t.fma = true;
  t.l1dBytes = 49152;
  t.l2Bytes = 1048576;
  t.l3Bytes = 33554432;
  t.cores = 2;
  return t;
}

/// fromAttr's error text for `attr` ("" when it succeeds).
std::string parseError(mlir::MLIRContext &context, mlir::DictionaryAttr attr) {
  std::string message;
  mlir::ScopedDiagnosticHandler handler(&context, [&](mlir::Diagnostic &diag) {
    message = diag.str();
    return mlir::success();
  });
  auto result = TargetDescription::fromAttr(
      attr, [&] { return mlir::emitError(mlir::UnknownLoc::get(&context)); });
  EXPECT_EQ(mlir::failed(result), !message.empty());
  return message;
}

TEST(TargetDescriptionAttr, RoundTripsThroughTheModule) {
  mlir::MLIRContext context;
  EXPECT_EQ(znver5().f32Lanes(), 16);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::ModuleOp::create(mlir::UnknownLoc::get(&context));
  EXPECT_FALSE(TargetDescription::fromModule(*module).has_value());
  znver5().attachTo(*module);
  std::optional<TargetDescription> read =
      TargetDescription::fromModule(*module);
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(*read, znver5());
}

TEST(TargetDescriptionAttr, ErrorsNameTheKey) {
  mlir::MLIRContext context;
  mlir::Builder b(&context);
  auto with = [&](llvm::StringRef key, mlir::Attribute value) {
    mlir::NamedAttrList fields(znver5().toAttr(&context));
    if (value)
      fields.set(key, value);
    else
      fields.erase(key);
    return fields.getDictionary(&context);
  };
  EXPECT_EQ(parseError(context, znver5().toAttr(&context)), "");
  EXPECT_EQ(parseError(context, with("isa", b.getStringAttr("avx10"))),
            "malformed 'kiln.target': key 'isa' must be one of avx512, avx2, "
            "sse, neon, mve, rvv, scalar; got 'avx10'");
  EXPECT_EQ(parseError(context, with("cores", {})),
            "malformed 'kiln.target': key 'cores' is missing");
  EXPECT_EQ(parseError(context, with("cores", b.getI64IntegerAttr(0))),
            "malformed 'kiln.target': key 'cores' must be at least 1, got 0");
  EXPECT_EQ(parseError(context, with("l2_bytes", b.getI32IntegerAttr(4))),
            "malformed 'kiln.target': key 'l2_bytes' must be an i64 integer");
  EXPECT_EQ(parseError(context, with("fma", b.getI64IntegerAttr(1))),
            "malformed 'kiln.target': key 'fma' must be a bool");
  EXPECT_EQ(parseError(context, with("cpu", b.getI64IntegerAttr(1))),
            "malformed 'kiln.target': key 'cpu' must be a string");
  EXPECT_EQ(parseError(context, with("vector_bits", b.getI64IntegerAttr(100))),
            "malformed 'kiln.target': key 'vector_bits' must be a positive "
            "multiple of 32 for isa 'avx512', got 100");
  EXPECT_EQ(parseError(context, with("threads", b.getI64IntegerAttr(2))),
            "malformed 'kiln.target': key 'threads' is not a target property");
  mlir::NamedAttrList scalar(with("isa", b.getStringAttr("scalar")));
  EXPECT_EQ(parseError(context, scalar.getDictionary(&context)),
            "malformed 'kiln.target': key 'vector_bits' must be 0 for isa "
            "'scalar'");
}

TEST(TargetDescriptionAttr, MalformedModuleAttributeFailsLookup) {
  mlir::MLIRContext context;
  std::string message;
  mlir::ScopedDiagnosticHandler handler(&context, [&](mlir::Diagnostic &diag) {
    message = diag.str();
    return mlir::success();
  });
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::ModuleOp::create(mlir::UnknownLoc::get(&context));
  (*module)->setAttr(kTargetAttr, mlir::Builder(&context).getUnitAttr());
  EXPECT_TRUE(mlir::failed(TargetDescription::lookup(*module)));
  EXPECT_EQ(message,
            "malformed 'kiln.target': expected a dictionary, got unit");
}

/// describeTarget for `triple` and `cpu`, which must succeed.
TargetDescription describe(llvm::StringRef triple, llvm::StringRef cpu,
                           int cores = 0) {
  target::TargetOptions options;
  options.triple = triple.str();
  options.cpu = cpu.str();
  options.cores = cores;
  llvm::Expected<TargetDescription> desc = target::describeTarget(options);
  if (!desc) {
    ADD_FAILURE() << llvm::toString(desc.takeError());
    return {};
  }
  return *desc;
}

void expectISA(const TargetDescription &t, llvm::StringRef isa, int64_t bits,
               int64_t registers, bool fma) {
  EXPECT_EQ(t.isa, isa) << t.cpu;
  EXPECT_EQ(t.vectorBits, bits) << t.cpu;
  EXPECT_EQ(t.vectorRegisters, registers) << t.cpu;
  EXPECT_EQ(t.fma, fma) << t.cpu;
}

TEST(DescribeTarget, X86VectorISAs) {
  expectISA(describe("x86_64-unknown-linux-gnu", "znver5"), "avx512", 512, 32,
            true);
  expectISA(describe("x86_64-unknown-linux-gnu", "skylake-avx512"), "avx512",
            512, 32, true);
  expectISA(describe("x86_64-unknown-linux-gnu", "haswell"), "avx2", 256, 16,
            true);
  expectISA(describe("x86_64-unknown-linux-gnu", "x86-64"), "sse", 128, 16,
            false);
  expectISA(describe("i686-unknown-linux-gnu", "pentium4"), "sse", 128, 8,
            false);
}

TEST(DescribeTarget, ArmAndRiscV) {
  TargetDescription a72 = describe("aarch64-linux-gnu", "cortex-a72");
  expectISA(a72, "neon", 128, 32, true);
  EXPECT_EQ(a72.triple, "aarch64-unknown-linux-gnu");
  EXPECT_EQ(a72.l1dBytes, 32 * 1024);
  EXPECT_EQ(a72.l2Bytes, 1024 * 1024);
  // Another machine: serial unless --cores says how many it has.
  EXPECT_EQ(a72.cores, 1);
  TargetDescription generic = describe("aarch64-linux-gnu", "native");
  expectISA(generic, "neon", 128, 32, true);
  EXPECT_EQ(generic.l1dBytes, 32 * 1024);

  TargetDescription m4 = describe("cortex-m4", "native");
  expectISA(m4, "scalar", 0, 32, true);
  EXPECT_EQ(m4.l1dBytes, 0);
  EXPECT_EQ(m4.cores, 1);
  TargetDescription m7 = describe("cortex-m7", "native");
  expectISA(m7, "scalar", 0, 32, true);
  EXPECT_EQ(m7.l1dBytes, 16 * 1024);
  EXPECT_EQ(m7.cores, 1);
  TargetDescription m55 = describe("cortex-m55", "native");
  expectISA(m55, "mve", 128, 8, true);
  EXPECT_EQ(m55.cores, 1);
  // Bare metal has no threads to give more cores to.
  target::TargetOptions m7cores;
  m7cores.triple = "cortex-m7";
  m7cores.cores = 2;
  llvm::Expected<TargetDescription> bad = target::describeTarget(m7cores);
  ASSERT_FALSE(static_cast<bool>(bad));
  EXPECT_EQ(llvm::toString(bad.takeError()),
            "2 cores requested for bare-metal target "
            "'thumbv7em-unknown-none-eabihf', which runs no threads");
  EXPECT_EQ(describe("cortex-m7", "native", /*cores=*/1).cores, 1);

  // RV64GC (Debian's riscv64), and a core with the V extension.
  expectISA(describe("riscv64-linux-gnu", "native"), "scalar", 0, 32, true);
  expectISA(describe("riscv64-linux-gnu", "sifive-x280"), "rvv", 128, 32, true);
}

TEST(DescribeTarget, HostAndOverrides) {
  TargetDescription host = describe("", "native");
  EXPECT_GE(host.cores, 1);
  EXPECT_TRUE(host.isa == "avx512" || host.isa == "avx2" || host.isa == "sse" ||
              host.isa == "neon")
      << host.isa;
  EXPECT_EQ(describe("", "native", /*cores=*/7).cores, 7);
  EXPECT_EQ(describe("aarch64-linux-gnu", "cortex-a72", /*cores=*/2).cores, 2);
  // Another x86 CPU than this machine's is another machine.
  EXPECT_EQ(describe("x86_64-unknown-linux-gnu", "haswell").cores, 1);
  EXPECT_EQ(describe("x86_64-unknown-linux-gnu", "haswell").l2Bytes,
            1024 * 1024);

  target::TargetOptions bogus;
  bogus.triple = "bogus";
  llvm::Expected<TargetDescription> desc = target::describeTarget(bogus);
  ASSERT_FALSE(static_cast<bool>(desc));
  EXPECT_NE(llvm::toString(desc.takeError()).find("unknown target 'bogus'"),
            std::string::npos);
}

} // namespace
