//===- TargetDescription.cpp - What the schedules know about a target -----===//
//
// describeTarget: the vector ISA, register file and FMA come from the
// subtarget's feature bits (the same triple, CPU and features the object is
// built with); caches and cores come from the running machine when compiling
// for it, and from a small table of typical parts otherwise.
//
//===----------------------------------------------------------------------===//

#include "kiln/Target/Target.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/TargetParser/Host.h"

#include <thread>

#if defined(__linux__)
#include <sched.h>
#endif
#include <unistd.h>

using llvm::StringRef;
using llvm::Triple;

namespace kiln::target {

namespace {

//===----------------------------------------------------------------------===//
// Vector ISA and registers
//===----------------------------------------------------------------------===//

/// Whether `sti` has `feature` enabled (implied features included). Reads the
/// feature table directly: MCSubtargetInfo::checkFeatures prints a warning
/// for names the target does not know.
bool hasFeature(const llvm::MCSubtargetInfo &sti, StringRef feature) {
  for (const llvm::SubtargetFeatureKV &kv : sti.getAllProcessorFeatures())
    if (feature == kv.Key)
      return sti.getFeatureBits().test(kv.Value);
  return false;
}

/// Fills isa, vectorBits, vectorRegisters and fma from the feature bits.
/// Registers that hold floats on targets without an FPU are the general
/// purpose ones the code may use (soft float keeps values there).
void describeISA(const Triple &triple, const llvm::MCSubtargetInfo &sti,
                 TargetDescription &desc) {
  auto set = [&](StringRef isa, int64_t bits, int64_t registers, bool fma) {
    desc.isa = isa.str();
    desc.vectorBits = bits;
    desc.vectorRegisters = registers;
    desc.fma = fma;
  };
  if (triple.isX86()) {
    // 32-bit x86 encodes only 8 vector registers.
    bool x64 = triple.isArch64Bit();
    bool fma = hasFeature(sti, "fma");
    if (hasFeature(sti, "avx512f"))
      return set("avx512", 512, x64 ? 32 : 8, fma);
    if (hasFeature(sti, "avx2"))
      return set("avx2", 256, x64 ? 16 : 8, fma);
    if (hasFeature(sti, "sse2"))
      return set("sse", 128, x64 ? 16 : 8, fma);
    return set("scalar", 0, 8, false); // the x87 register stack
  }
  if (triple.isAArch64()) {
    bool fp = hasFeature(sti, "fp-armv8");
    if (hasFeature(sti, "neon"))
      return set("neon", 128, 32, true);
    return set("scalar", 0, fp ? 32 : 28, fp);
  }
  if (triple.isARM() || triple.isThumb()) {
    // VFMA.F32 exists from VFPv4 (Cortex-M4's FPv4-SP) and in MVE.
    bool fma = hasFeature(sti, "vfp4d16sp");
    if (hasFeature(sti, "mve.fp"))
      return set("mve", 128, 8, true);
    if (hasFeature(sti, "neon"))
      return set("neon", 128, 16, fma);
    // s0-s31 with an FPU, else r0-r12.
    return set("scalar", 0, hasFeature(sti, "fpregs") ? 32 : 13, fma);
  }
  if (triple.isRISCV()) {
    bool f = hasFeature(sti, "f");
    // VLEN is a property of the implementation, not of the ISA: 128 bits,
    // the minimum of the V extension (Zvl128b), is assumed.
    if (hasFeature(sti, "v"))
      return set("rvv", 128, 32, f);
    return set("scalar", 0, f ? 32 : 31, f);
  }
  set("scalar", 0, 16, false);
}

//===----------------------------------------------------------------------===//
// Caches and cores
//===----------------------------------------------------------------------===//

/// Typical caches of parts Kiln cross-compiles for. Values are per core for
/// L1D (and private L2s), the cluster's shared level otherwise; integrators
/// configure most of them, so these are the common configurations
/// (documented in docs/scheduling.md).
struct CPUCaches {
  StringRef cpu;
  int64_t l1d, l2, l3;
};

constexpr int64_t KiB = 1024, MiB = 1024 * 1024;

constexpr CPUCaches kCPUTable[] = {
    {"cortex-a53", 32 * KiB, 512 * KiB, 0},
    {"cortex-a55", 32 * KiB, 128 * KiB, 1 * MiB},
    {"cortex-a57", 32 * KiB, 2 * MiB, 0},
    {"cortex-a72", 32 * KiB, 1 * MiB, 0},
    {"cortex-a76", 64 * KiB, 512 * KiB, 2 * MiB},
    {"neoverse-n1", 64 * KiB, 1 * MiB, 32 * MiB},
    // Microcontrollers keep data in TCM/SRAM without a cache, except the
    // Cortex-M7's L1 data cache (16 KB on most parts, e.g. STM32F7/H7).
    {"cortex-m4", 0, 0, 0},
    {"cortex-m7", 16 * KiB, 0, 0},
    {"cortex-m55", 0, 0, 0},
};

/// Defaults for a CPU missing from the table: an application core with a
/// 32 KB L1D (x86: and a 1 MB L2) on an OS, no cache on bare metal.
CPUCaches defaultCaches(const Triple &triple) {
  if (triple.getOS() == Triple::UnknownOS)
    return {"", 0, 0, 0};
  if (triple.isX86())
    return {"", 32 * KiB, 1 * MiB, 0};
  return {"", 32 * KiB, 512 * KiB, 0};
}

/// A cache size from sysfs ("48K", "1024K", "32M"); 0 if unreadable.
int64_t parseCacheSize(StringRef text) {
  text = text.trim();
  int64_t scale = 1;
  if (text.consume_back("K"))
    scale = KiB;
  else if (text.consume_back("M"))
    scale = MiB;
  int64_t value = 0;
  if (text.getAsInteger(10, value) || value < 0)
    return 0;
  return value * scale;
}

std::string readSysFile(const llvm::Twine &path) {
  auto buffer = llvm::MemoryBuffer::getFileAsStream(path);
  return buffer ? (*buffer)->getBuffer().trim().str() : std::string();
}

/// The host's L1D, L2 and L3 sizes from /sys/devices/system/cpu/cpu0/cache
/// (zeros for what it does not list).
void readSysfsCaches(int64_t &l1d, int64_t &l2, int64_t &l3) {
  for (int index = 0; index < 8; ++index) {
    std::string dir =
        "/sys/devices/system/cpu/cpu0/cache/index" + std::to_string(index);
    std::string level = readSysFile(dir + "/level");
    if (level.empty())
      continue;
    std::string type = readSysFile(dir + "/type");
    int64_t size = parseCacheSize(readSysFile(dir + "/size"));
    if (level == "1" && (type == "Data" || type == "Unified"))
      l1d = size;
    else if (level == "2")
      l2 = size;
    else if (level == "3")
      l3 = size;
  }
}

/// sysconf(`name`) as a size, 0 when the C library does not know it.
[[maybe_unused]] int64_t sysconfSize(int name) {
  long value = sysconf(name);
  return value > 0 ? value : 0;
}

/// The CPUs this process may run on (its affinity mask), at least 1.
int64_t hostCores() {
#if defined(__linux__)
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) > 0)
    return CPU_COUNT(&set);
#endif
  unsigned n = std::thread::hardware_concurrency();
  return n > 0 ? n : 1;
}

/// Fills the caches and cores of the machine Kiln runs on; what the system
/// does not report falls back to `fallback`.
void describeHostMemory(const CPUCaches &fallback, TargetDescription &desc) {
  int64_t l1d = 0, l2 = 0, l3 = 0;
#if defined(_SC_LEVEL1_DCACHE_SIZE) && defined(_SC_LEVEL2_CACHE_SIZE) &&       \
    defined(_SC_LEVEL3_CACHE_SIZE)
  l1d = sysconfSize(_SC_LEVEL1_DCACHE_SIZE);
  l2 = sysconfSize(_SC_LEVEL2_CACHE_SIZE);
  l3 = sysconfSize(_SC_LEVEL3_CACHE_SIZE);
#endif
  // Some C libraries (glibc on AArch64) report 0: ask the kernel.
  if (l1d == 0 && l2 == 0)
    readSysfsCaches(l1d, l2, l3);
  if (l1d == 0 && l2 == 0) {
    l1d = fallback.l1d;
    l2 = fallback.l2;
    l3 = fallback.l3;
  }
  desc.l1dBytes = l1d;
  desc.l2Bytes = l2;
  desc.l3Bytes = l3;
  desc.cores = hostCores();
}

/// Whether `options` asks for code for the machine Kiln runs on (its triple
/// and its CPU, named or "native"), whose caches can then be measured.
bool targetsThisMachine(const TargetOptions &options) {
  if (!isHostTarget(options.triple))
    return false;
  StringRef cpu = StringRef(options.cpu).trim();
  return cpu.empty() || cpu == "native" || cpu == llvm::sys::getHostCPUName();
}

} // namespace

llvm::Expected<TargetDescription> describeTarget(const TargetOptions &options) {
  llvm::Expected<ResolvedTarget> resolved = resolveTarget(options);
  if (!resolved)
    return resolved.takeError();
  std::string error;
  const llvm::Target *target =
      llvm::TargetRegistry::lookupTarget(resolved->triple, error);
  if (!target)
    return llvm::createStringError("unsupported target '%s': %s",
                                   resolved->triple.str().c_str(),
                                   error.c_str());
  std::unique_ptr<llvm::MCSubtargetInfo> sti(target->createMCSubtargetInfo(
      resolved->triple, resolved->cpu, resolved->features));
  if (!sti)
    return llvm::createStringError("target '%s' has no subtarget information",
                                   resolved->triple.str().c_str());

  TargetDescription desc;
  desc.triple = resolved->triple.str();
  desc.cpu = resolved->cpu;
  describeISA(resolved->triple, *sti, desc);

  const CPUCaches *known =
      llvm::find_if(kCPUTable, [&](const CPUCaches &entry) {
        return entry.cpu == resolved->cpu;
      });
  CPUCaches caches =
      known != std::end(kCPUTable) ? *known : defaultCaches(resolved->triple);
  if (targetsThisMachine(options)) {
    describeHostMemory(caches, desc);
  } else {
    desc.l1dBytes = caches.l1d;
    desc.l2Bytes = caches.l2;
    desc.l3Bytes = caches.l3;
    // The deployment machine's core count is unknown, and parallel grids
    // call kiln_parallel_for, which only the host archives carry a runtime
    // for: other machines get serial code unless --cores asks otherwise.
    desc.cores = 1;
  }
  // Threads need an OS: bare-metal code is single-core.
  bool bareMetal = resolved->triple.getOS() == Triple::UnknownOS;
  if (bareMetal && options.cores > 1)
    return llvm::createStringError(
        "%d cores requested for bare-metal target '%s', which runs no threads",
        options.cores, resolved->triple.str().c_str());
  if (bareMetal)
    desc.cores = 1;
  else if (options.cores > 0)
    desc.cores = options.cores;
  return desc;
}

} // namespace kiln::target
