//===- WeightsFile.h - The NAME.weights.bin format --------------*- C++ -*-===//
//
// `kiln compile --weights-file` leaves the weights out of the library and
// writes them to NAME.weights.bin, which the caller loads and passes to
// NAME_run_with_weights. The file is a 64-byte header and the tensors, each
// at an offset (from the start of the file) aligned to 64 bytes:
//
//   [0, 8)    magic "KILNWTS\0"
//   [8, 12)   uint32 format version (1)
//   [12, 16)  uint32 offset of the first tensor, the header size (64)
//   [16, 24)  uint64 payload size: file size - 64
//   [24, 28)  uint32 CRC-32 (zlib's polynomial) of the payload
//   [28, 64)  zero
//   [64, ...) the tensors, zero padding between them
//
// All integers little-endian, as every tensor. The generated code checks
// the header fields of the blob it is given against the ones it was
// compiled with (not the CRC of the payload: that is NAME_check_weights's
// job, once, after loading), so a blob of another model fails with
// KILN_STATUS_BAD_WEIGHTS instead of computing garbage.
//
// kiln-place-weights (codegen/Weights) lays the file out, the entry point
// and the header generator read the same constants from here.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_SUPPORT_WEIGHTSFILE_H
#define KILN_SUPPORT_WEIGHTSFILE_H

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>

namespace kiln::weights {

/// The 8 bytes every weights file starts with.
inline constexpr char kMagic[8] = {'K', 'I', 'L', 'N', 'W', 'T', 'S', '\0'};
/// The layout version this compiler writes and its generated code accepts.
inline constexpr uint32_t kFormatVersion = 1;
/// Bytes of the header, which is also the offset of the first tensor.
inline constexpr uint64_t kHeaderSize = 64;
/// The alignment of the file in memory and of every tensor in it.
inline constexpr uint64_t kAlignment = 64;

/// Byte offsets of the header fields.
inline constexpr uint64_t kVersionOffset = 8;
inline constexpr uint64_t kPayloadOffsetOffset = 12;
inline constexpr uint64_t kPayloadSizeOffset = 16;
inline constexpr uint64_t kChecksumOffset = 24;

/// The magic read as a little-endian uint64_t, as generated code loads it.
inline constexpr uint64_t magicAsUInt64() {
  uint64_t value = 0;
  for (int i = 7; i >= 0; --i)
    value = (value << 8) | static_cast<unsigned char>(kMagic[i]);
  return value;
}

/// Appends `value` to `out` as `bytes` little-endian bytes.
inline void appendLittleEndian(std::string &out, uint64_t value,
                               unsigned bytes) {
  for (unsigned i = 0; i < bytes; ++i)
    out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

/// The 64-byte header of a file whose payload has `payloadSize` bytes with
/// CRC-32 `checksum`.
inline std::string fileHeader(uint64_t payloadSize, uint32_t checksum) {
  std::string header(kMagic, sizeof(kMagic));
  appendLittleEndian(header, kFormatVersion, 4);
  appendLittleEndian(header, kHeaderSize, 4);
  appendLittleEndian(header, payloadSize, 8);
  appendLittleEndian(header, checksum, 4);
  header.resize(kHeaderSize, '\0');
  return header;
}

/// Whether `name` can name the linker section of --weights-section: a
/// non-empty run of letters, digits and `._$-`, which every linker script
/// can match without quoting.
inline bool isValidSectionName(llvm::StringRef name) {
  if (name.empty() || name.size() > 200)
    return false;
  for (char c : name)
    if (!llvm::isAlnum(c) && c != '.' && c != '_' && c != '$' && c != '-')
      return false;
  return true;
}

} // namespace kiln::weights

#endif // KILN_SUPPORT_WEIGHTSFILE_H
