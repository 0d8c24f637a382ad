#!/usr/bin/python3
# ===- check_object.py - Check that a Kiln object is freestanding and pure -=== #
#
# Usage: check_object.py [--symbols-only] OBJECT...
#        (llvm-nm and llvm-readobj from PATH)
#
# Checks the promises of ARCHITECTURE.md's firmware ABI on relocatable ELF
# objects Kiln emits:
#   - freestanding: the only undefined symbols are memcpy, memset and memmove
#     (no libm, no other libc, no compiler-rt helpers);
#   - reentrant: no writable data, i.e. no SHF_WRITE section with a non-zero
#     size (.data, .bss, .tbss, ...), with one exception: .data.rel.ro*.
#     Position-independent code cannot put a constant that holds an address
#     (kiln_model_info's name/shape/run pointers) in .rodata, because the
#     dynamic loader must relocate it; the compiler puts it in .data.rel.ro,
#     which is writable only until relocation is done (RELRO), then read-only.
#     So .data.rel.ro is accepted only when the object really is PIC (no
#     absolute 32-bit relocations in code); a non-PIC object must keep such
#     constants in .rodata.
# --symbols-only skips the second check. It is for the runtime object: its
# parallel-for hook is deliberately one global pointer pair, installed once by
# the host before any model runs (kiln_set_parallel_runner), and only its
# dependencies matter for freestanding targets.
# Prints one line per problem and exits 1 if there is any.
#
# ===----------------------------------------------------------------------=== #

import json
import subprocess
import sys

ALLOWED_UNDEFINED = {"memcpy", "memset", "memmove"}
# Defined by every static linker, not a library: PIC code may refer to it.
LINKER_DEFINED = {"_GLOBAL_OFFSET_TABLE_"}
SHF_WRITE = 0x1
SHF_EXECINSTR = 0x4
# x86-64 relocations that only non-PIC code uses in instructions.
X86_64_ABSOLUTE_IN_CODE = {"R_X86_64_32", "R_X86_64_32S"}


def run(*args):
    return subprocess.run(args, check=True, capture_output=True,
                          text=True).stdout


def readobj(path, what):
    out = json.loads(run("llvm-readobj", what, "--elf-output-style=JSON", path))
    return out[0]


def check(path, symbols_only):
    problems = []
    undefined = run("llvm-nm", "--undefined-only", "--format=just-symbols",
                    path).split()
    for sym in sorted(set(undefined) - ALLOWED_UNDEFINED - LINKER_DEFINED):
        problems.append("undefined symbol '%s': generated code may only need "
                        "memcpy, memset and memmove" % sym)
    if symbols_only:
        return problems

    info = readobj(path, "--sections")
    arch = info["FileSummary"]["Arch"]
    sections = [s["Section"] for s in info["Sections"]]
    by_index = {s["Index"]: s for s in sections}
    relro = []
    for s in sections:
        name = s["Name"]["Name"]
        if not s["Flags"]["Value"] & SHF_WRITE or s["Size"] == 0:
            continue
        if name.startswith(".data.rel.ro"):
            relro.append(name)
            continue
        problems.append("writable section %s has %d bytes: generated code "
                        "must not have writable globals" % (name, s["Size"]))

    if relro:
        if arch != "x86_64":
            problems.append("%s: cannot tell whether a %s object is PIC, so "
                            "%s cannot be accepted" % (path, arch,
                                                       ", ".join(relro)))
        else:
            relocs = readobj(path, "--relocations")["Relocations"]
            for group in relocs:
                target = by_index.get(group["SectionIndex"])
                applies_to = by_index.get(target["Info"]) if target else None
                if not applies_to or not applies_to["Flags"]["Value"] & SHF_EXECINSTR:
                    continue
                for r in group["Relocs"]:
                    kind = r["Relocation"]["Type"]["Name"]
                    if kind in X86_64_ABSOLUTE_IN_CODE:
                        problems.append(
                            "%s in %s: the object is not PIC, so its "
                            "address-holding constants belong in .rodata, not "
                            "%s" % (kind, applies_to["Name"]["Name"],
                                    ", ".join(relro)))
                        break
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
