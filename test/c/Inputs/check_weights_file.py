#!/usr/bin/python3
# ===- check_weights_file.py - NAME.weights.bin against NAME.h ------------=== #
#
# Usage: check_weights_file.py NAME.h NAME.weights.bin
#
# Reads the file the way a loader written from the header's description
# would, independently of the generated C check: the 64-byte header (magic
# "KILNWTS\0", format version 1, payload offset 64, payload size, CRC-32 by
# Python's zlib), the SIZE and CHECKSUM macros, and the tensor table in the
# header's comment (every tensor 64-byte aligned, inside the file, not
# overlapping the header or each other). Prints "weights file: N tensors,
# S bytes" or the first problem, and exits 1 on a problem.
#
# ===----------------------------------------------------------------------=== #

import re
import struct
import sys
import zlib


def fail(message):
    print("weights file: " + message)
    sys.exit(1)


def main():
    header_path, file_path = sys.argv[1:]
    header = open(header_path).read()
    data = open(file_path, "rb").read()
    macros = dict(re.findall(r"#define \w+_WEIGHTS_(\w+) (\S+)", header))
    size = int(macros["SIZE"].rstrip("u"))
    checksum = int(macros["CHECKSUM"].rstrip("u"), 16)
    if len(data) != size:
        fail("%d bytes, the header says %d" % (len(data), size))
    magic, version, offset, payload, crc = struct.unpack_from("<8sIIQI", data)
    if magic != b"KILNWTS\0" or version != 1 or offset != 64:
        fail("bad magic, version or payload offset")
    if payload != size - 64 or any(data[28:64]):
        fail("bad payload size or non-zero reserved bytes")
    if crc != checksum or zlib.crc32(data[64:]) != crc:
        fail("CRC-32 %#x, header %#x, computed %#x" %
             (crc, checksum, zlib.crc32(data[64:])))
    end = 64
    tensors = re.findall(r"^ \*\s+(\d+)\s+(\d+)\s+\S+(?: scalar)? \S+$", header,
                         re.M)
    for at, length in ((int(a), int(b)) for a, b in tensors):
        if at % 64 or at < end or at + length > size:
            fail("tensor at %d (%d bytes) is misplaced" % (at, length))
        end = at + length
    if not tensors:
        fail("no tensor table in the header")
    print("weights file: %d tensors, %d bytes" % (len(tensors), size))


if __name__ == "__main__":
    main()
