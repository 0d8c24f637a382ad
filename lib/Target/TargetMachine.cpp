//===- TargetMachine.cpp - Target names, CPUs and TargetMachines ----------===//
//
// Maps what users type (--target, --cpu) to an LLVM triple, CPU and feature
// string, and builds the TargetMachine from them. Every name is checked
// against LLVM's tables here so a typo is an error, not a silent fallback to
// a generic CPU (LLVM itself only prints a warning).
//
//===----------------------------------------------------------------------===//

#include "kiln/Target/Target.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Host.h"

#include <algorithm>
#include <mutex>

using llvm::createStringError;
using llvm::Expected;
using llvm::StringRef;
using llvm::Triple;

namespace kiln::target {

namespace {

/// A short target name and what it stands for.
struct ShortName {
  StringRef name;
  StringRef triple;
  StringRef cpu; ///< Empty: the CPU follows --cpu.
};

// Later issues extend this table (AArch64 CPUs, RISC-V with vectors...).
constexpr ShortName kShortNames[] = {
    {"x86-64", "x86_64-unknown-linux-gnu", ""},
    {"aarch64-linux-gnu", "aarch64-unknown-linux-gnu", ""},
    {"riscv64-linux-gnu", "riscv64-unknown-linux-gnu", ""},
    {"cortex-m4", "thumbv7em-none-eabihf", "cortex-m4"},
    {"cortex-m7", "thumbv7em-none-eabihf", "cortex-m7"},
    {"cortex-m55", "thumbv8.1m.main-none-eabihf", "cortex-m55"},
};

void initializeLLVMTargets() {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeAllTargetInfos();
    llvm::InitializeAllTargets();
    llvm::InitializeAllTargetMCs();
    llvm::InitializeAllAsmPrinters();
    llvm::InitializeAllAsmParsers();
  });
}

/// Triples are always normalized: Triple("thumbv7em-none-eabihf") would read
/// "eabihf" as the OS and lose the hard-float environment.
Triple parseTriple(StringRef name) { return Triple(Triple::normalize(name)); }

Triple hostTriple() { return parseTriple(llvm::sys::getProcessTriple()); }

bool isHostTriple(const Triple &triple) {
  Triple host = hostTriple();
  return triple.getArch() == host.getArch() && triple.getOS() == host.getOS() &&
         triple.getObjectFormat() == host.getObjectFormat();
}

/// The host CPU's features as a sorted "+a,-b" string: StringMap iteration
/// order is unspecified and artifacts must not depend on it.
std::string hostFeatures() {
  std::vector<std::string> list;
  for (const auto &feature : llvm::sys::getHostCPUFeatures())
    list.push_back((feature.second ? "+" : "-") + feature.first().str());
  llvm::sort(list);
  return llvm::join(list, ",");
}

/// Checks every entry of a "+a,-b" feature list against the target's table.
llvm::Error checkFeatures(StringRef features, const llvm::MCSubtargetInfo &sti,
                          const Triple &triple) {
  llvm::SmallVector<StringRef> entries;
  features.split(entries, ',', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  for (StringRef entry : entries) {
    entry = entry.trim();
    if (!entry.consume_front("+") && !entry.consume_front("-"))
      return createStringError("target feature '%s' must start with '+' or "
                               "'-' (e.g. '+avx2')",
                               entry.str().c_str());
    bool known = llvm::any_of(
        sti.getAllProcessorFeatures(),
        [&](const llvm::SubtargetFeatureKV &kv) { return entry == kv.Key; });
    if (!known)
      return createStringError("unknown feature '%s' for target '%s'",
                               entry.str().c_str(), triple.str().c_str());
  }
  return llvm::Error::success();
}

/// What 64-bit RISC-V Linux means everywhere (Debian's riscv64 port, GCC's
/// and Clang's defaults): RV64GC with the lp64d ABI, i.e. float arguments in
/// FP registers and the "double-float" ELF flag. LLVM's own default for the
/// bare triple is RV64I with soft float, whose objects call __addsf3 and
/// __muldi3 and do not even link with the distribution's toolchain.
constexpr StringRef kRiscv64LinuxFeatures = "+m,+a,+f,+d,+c";
constexpr StringRef kRiscv64LinuxABI = "lp64d";

bool isRiscv64Linux(const Triple &triple) {
  return triple.getArch() == Triple::riscv64 && triple.isOSLinux();
}

/// Whether a "+a,-b" list turns `feature` off.
bool disablesFeature(StringRef features, StringRef feature) {
  llvm::SmallVector<StringRef> entries;
  features.split(entries, ',', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  return llvm::any_of(entries, [&](StringRef entry) {
    return entry.trim() == ("-" + feature).str();
  });
}

} // namespace

Expected<ResolvedTarget> resolveTarget(const TargetOptions &options) {
  initializeLLVMTargets();
  ResolvedTarget resolved;
  StringRef name = StringRef(options.triple).trim();
  StringRef impliedCpu;
  if (name.empty() || name == "host") {
    resolved.triple = hostTriple();
  } else if (const ShortName *shortName = llvm::find_if(
                 kShortNames,
                 [&](const ShortName &s) { return s.name == name; });
             shortName != std::end(kShortNames)) {
    resolved.triple = parseTriple(shortName->triple);
    impliedCpu = shortName->cpu;
  } else {
    resolved.triple = parseTriple(name);
    if (resolved.triple.getArch() == Triple::UnknownArch) {
      std::string known;
      for (const ShortName &s : kShortNames)
        known += (known.empty() ? "" : ", ") + s.name.str();
      return createStringError("unknown target '%s': expected an LLVM triple "
                               "or one of host, %s",
                               name.str().c_str(), known.c_str());
    }
  }

  std::string error;
  const llvm::Target *target =
      llvm::TargetRegistry::lookupTarget(resolved.triple, error);
  if (!target)
    return createStringError("unsupported target '%s': %s",
                             resolved.triple.str().c_str(), error.c_str());

  bool host = isHostTriple(resolved.triple);
  StringRef cpu = StringRef(options.cpu).trim();
  if (cpu.empty() || cpu == "native") {
    if (!impliedCpu.empty()) {
      resolved.cpu = impliedCpu.str();
    } else if (host) {
      resolved.cpu = llvm::sys::getHostCPUName().str();
      resolved.features = hostFeatures();
    } else {
      resolved.cpu = "generic";
    }
  } else {
    resolved.cpu = cpu.str();
  }

  std::unique_ptr<llvm::MCSubtargetInfo> sti(target->createMCSubtargetInfo(
      resolved.triple, resolved.cpu, /*Features=*/""));
  if (!sti)
    return createStringError("target '%s' has no subtarget information",
                             resolved.triple.str().c_str());
  if (!sti->isCPUStringValid(resolved.cpu)) {
    // Some targets (RISC-V) spell their generic CPU differently; an empty
    // CPU is the backend's own default for the triple.
    if (cpu.empty() || cpu == "native") {
      resolved.cpu.clear();
    } else {
      return createStringError("unknown CPU '%s' for target '%s'",
                               resolved.cpu.c_str(),
                               resolved.triple.str().c_str());
    }
  }
  if (llvm::Error err = checkFeatures(options.features, *sti, resolved.triple))
    return std::move(err);
  if (isRiscv64Linux(resolved.triple)) {
    // The platform's extensions go before the user's features, which may
    // still adjust them (later entries win); the ABI is fixed by the
    // platform, though, so the FP extensions it relies on cannot be turned
    // off (LLVM would only warn and silently fall back to soft float).
    for (StringRef needed : {"f", "d"})
      if (disablesFeature(options.features, needed))
        return createStringError(
            "feature '-%s' conflicts with target '%s': RISC-V Linux uses the "
            "%s ABI, which passes floats in FP registers",
            needed.str().c_str(), resolved.triple.str().c_str(),
            kRiscv64LinuxABI.str().c_str());
    resolved.features +=
        (resolved.features.empty() ? "" : ",") + kRiscv64LinuxFeatures.str();
    resolved.abiName = kRiscv64LinuxABI.str();
  }
  if (!options.features.empty())
    resolved.features += (resolved.features.empty() ? "" : ",") +
                         StringRef(options.features).trim().str();
  return resolved;
}

bool isHostTarget(StringRef target) {
  StringRef name = target.trim();
  if (name.empty() || name == "host")
    return true;
  for (const ShortName &s : kShortNames)
    if (s.name == name)
      return isHostTriple(parseTriple(s.triple));
  return isHostTriple(parseTriple(name));
}

Expected<std::unique_ptr<llvm::TargetMachine>>
createTargetMachine(const TargetOptions &options) {
  std::optional<llvm::CodeGenOptLevel> level =
      llvm::CodeGenOpt::getLevel(options.optLevel);
  if (!level)
    return createStringError("optimization level %d is not in 0..3",
                             options.optLevel);
  Expected<ResolvedTarget> resolved = resolveTarget(options);
  if (!resolved)
    return resolved.takeError();

  std::string error;
  const llvm::Target *target =
      llvm::TargetRegistry::lookupTarget(resolved->triple, error);
  if (!target)
    return createStringError("unsupported target '%s': %s",
                             resolved->triple.str().c_str(), error.c_str());

  llvm::TargetOptions targetOptions;
  // One section per function and object so firmware links can drop what a
  // model never uses (--gc-sections).
  targetOptions.FunctionSections = true;
  targetOptions.DataSections = true;
  targetOptions.MCOptions.ABIName = resolved->abiName;
  // Bare-metal images are linked at fixed addresses; PIC there would only add
  // GOT indirections.
  bool bareMetal = resolved->triple.getOS() == Triple::UnknownOS;
  llvm::Reloc::Model reloc =
      options.pic && !bareMetal ? llvm::Reloc::PIC_ : llvm::Reloc::Static;
  std::unique_ptr<llvm::TargetMachine> tm(target->createTargetMachine(
      resolved->triple, resolved->cpu, resolved->features, targetOptions, reloc,
      std::nullopt, *level));
  if (!tm)
    return createStringError("cannot create a target machine for '%s' "
                             "(cpu '%s')",
                             resolved->triple.str().c_str(),
                             resolved->cpu.c_str());
  return std::move(tm);
}

} // namespace kiln::target
