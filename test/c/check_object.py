#!/usr/bin/python3
# ===- check_object.py - Check that a Kiln object is freestanding and pure -=== #
#
# Usage: check_object.py [--symbols-only] OBJECT...
#        (llvm-nm and llvm-readobj from PATH)
#
# Checks the promises of ARCHITECTURE.md's firmware ABI on relocatable ELF
# objects Kiln emits, for every target Kiln has: x86-64, AArch64 and RISC-V
# 64 (hosted, position-independent) and Arm/Thumb (Cortex-M, bare metal):
#   - freestanding: the only undefined symbols are memcpy, memset and memmove
#     (no malloc, no printf, no libm, no other libc, no compiler-rt helpers),
#     on Arm EABI targets also their __aeabi_mem* forms (which the Arm
#     run-time ABI defines and newlib provides), and the functions of the
#     core runtime kiln_rt (runtime/include/kiln_runtime.h), which every
#     model archive carries: generated code calls kiln_parallel_for for the
#     loops the schedule marks parallel;
#   - reentrant: no writable data, i.e. no SHF_WRITE section with a non-zero
#     size (.data, .bss, .tbss, ...), with one exception: .data.rel.ro*.
#     Position-independent code cannot put a constant that holds an address
#     (kiln_model_info's name/shape/run pointers) in .rodata, because the
#     dynamic loader must relocate it; the compiler puts it in .data.rel.ro,
#     which is writable only until relocation is done (RELRO), then read-only.
#     So .data.rel.ro is accepted only on the hosted targets and only when
#     the object really is PIC: no absolute relocation in code (per
#     architecture below), and nothing in .data.rel.ro but absolute pointers
#     for the loader to fill. A non-PIC object keeps such constants in
#     .rodata, and bare-metal (Arm) objects, which no loader relocates, must
#     never have them.
# --symbols-only skips the second check. It is for the runtime object: its
# parallel-for hook is deliberately one global pointer pair, installed once by
# the host before any model runs (kiln_set_parallel_runner), and only its
# dependencies matter for freestanding targets.
# Prints one line per problem and exits 1 if there is any.
#
# ===----------------------------------------------------------------------=== #

import json
import re
import subprocess
import sys

ALLOWED_UNDEFINED = {"memcpy", "memset", "memmove"}
# The Arm EABI's memory functions (Run-time ABI, section 4.3.4): what LLVM
# calls on Arm instead of memcpy & co; the suffix is the known alignment.
ARM_EABI_MEMORY = {"__aeabi_%s%s" % (f, a)
                   for f in ("memcpy", "memmove", "memset", "memclr")
                   for a in ("", "4", "8")}
# Exactly what the core runtime defines, nothing else named kiln_*.
KILN_RUNTIME = {"kiln_status_string", "kiln_dtype_size", "kiln_parallel_for",
                "kiln_set_parallel_runner"}
# Defined by every static linker, not a library: PIC code may refer to it.
LINKER_DEFINED = {"_GLOBAL_OFFSET_TABLE_"}
SHF_WRITE = 0x1
SHF_EXECINSTR = 0x4
# Per hosted architecture (llvm-readobj's Arch): relocations that only
# non-PIC code uses in instructions, and the absolute pointer relocation a
# .data.rel.ro table is made of.
HOSTED = {
    "x86_64": ({"R_X86_64_32", "R_X86_64_32S"}, {"R_X86_64_64"}),
    "aarch64": ({"R_AARCH64_ABS64", "R_AARCH64_ABS32", "R_AARCH64_ABS16",
                 "R_AARCH64_MOVW_UABS_G0", "R_AARCH64_MOVW_UABS_G0_NC",
                 "R_AARCH64_MOVW_UABS_G1", "R_AARCH64_MOVW_UABS_G1_NC",
                 "R_AARCH64_MOVW_UABS_G2", "R_AARCH64_MOVW_UABS_G2_NC",
                 "R_AARCH64_MOVW_UABS_G3"},
                {"R_AARCH64_ABS64"}),
    "riscv64": ({"R_RISCV_HI20", "R_RISCV_LO12_I", "R_RISCV_LO12_S"},
                {"R_RISCV_64"}),
}
ARM_ARCHES = {"arm", "thumb"}


def run(*args):
    return subprocess.run(args, check=True, capture_output=True,
                          text=True).stdout


def summary_and_sections(path):
    """The file summary and the sections as (index, name, flags, size, info)
    tuples. llvm-readobj's JSON changed shape across LLVM versions (14: one
    object per file; 22: keyed by file name, names under "Value", flags
    under "RawFlags"), so both are read."""
    out = json.loads(run("llvm-readobj", "--sections",
                         "--elf-output-style=JSON", path))[0]
    if "FileSummary" not in out:
        out = next(iter(out.values()))
    sections = []
    for entry in out["Sections"]:
        s = entry["Section"]
        name = s["Name"].get("Name", s["Name"].get("Value", ""))
        flags = s["Flags"].get("Value", s["Flags"].get("RawFlags", 0))
        sections.append((s["Index"], name, flags, s["Size"], s["Info"]))
    return out["FileSummary"], sections


RELOC_SECTION = re.compile(r"^\s*Section \((\d+)\) (\S+) \{$")


def relocations(path):
    """{relocation section index: [relocation type, ...]}, from the LLVM
    style output (its JSON form is not valid JSON on every architecture)."""
    groups, current = {}, None
    for line in run("llvm-readobj", "--relocations", path).splitlines():
        match = RELOC_SECTION.match(line)
        if match:
            current = groups.setdefault(int(match.group(1)), [])
        elif line.strip() == "}":
            current = None
        elif current is not None and line.strip():
            current.append(line.split()[1])
    return groups


def check(path, symbols_only):
    problems = []
    summary, sections = summary_and_sections(path)
    arch = summary["Arch"]
    allowed = ALLOWED_UNDEFINED | KILN_RUNTIME | LINKER_DEFINED
    if arch in ARM_ARCHES:
        allowed |= ARM_EABI_MEMORY
    undefined = run("llvm-nm", "--undefined-only", "--format=just-symbols",
                    path).split()
    for sym in sorted(set(undefined) - allowed):
        problems.append("undefined symbol '%s': generated code may only need "
                        "memcpy, memset, memmove and the core runtime" % sym)
    if symbols_only:
        return problems

    by_index = {s[0]: s for s in sections}
    relro = []
    for index, name, flags, size, _ in sections:
        if not flags & SHF_WRITE or size == 0:
            continue
        if name.startswith(".data.rel.ro"):
            relro.append(index)
            continue
        problems.append("writable section %s has %d bytes: generated code "
                        "must not have writable globals" % (name, size))
    if not relro:
        return problems

    relro_names = ", ".join(by_index[i][1] for i in relro)
    if arch not in HOSTED:
        problems.append("no dynamic loader relocates %s objects, so their "
                        "constants belong in .rodata, not %s" %
                        (arch, relro_names))
        return problems
    absolute_in_code, pointer = HOSTED[arch]
    for index, kinds in sorted(relocations(path).items()):
        target = by_index.get(index)
        applies_to = by_index.get(target[4]) if target else None
        if not applies_to:
            continue
        name = applies_to[1]
        if applies_to[2] & SHF_EXECINSTR:
            bad = sorted(set(kinds) & absolute_in_code)
            if bad:
                problems.append(
                    "%s in %s: the object is not PIC, so its address-holding "
                    "constants belong in .rodata, not %s" %
                    (bad[0], name, relro_names))
        elif applies_to[0] in relro:
            bad = sorted(set(kinds) - pointer)
            if bad:
                problems.append(
                    "%s in %s: .data.rel.ro may only hold pointers for the "
                    "dynamic loader (%s)" % (bad[0], name,
                                             ", ".join(sorted(pointer))))
    return problems


def main():
    args = sys.argv[1:]
    symbols_only = "--symbols-only" in args
    paths = [a for a in args if a != "--symbols-only"]
    if not paths:
        sys.exit("usage: check_object.py [--symbols-only] OBJECT...")
    failed = False
    for path in paths:
        problems = check(path, symbols_only)
        for p in problems:
            print("%s: %s" % (path, p))
        failed |= bool(problems)
        if not problems:
            print("%s: freestanding%s" % (
                path, "" if symbols_only else ", no writable data"))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
