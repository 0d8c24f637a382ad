//===- Header.cpp - The generated NAME.h ----------------------------------===//
//
// Writes the C interface of a compiled model, as the ABI contract in
// ARCHITECTURE.md spells it out: size macros, one struct of data pointers
// for the inputs and one for the outputs (in the model's order, which is the
// array layout `kiln_run_fn` sees), NAME_run and NAME_info. The text depends
// only on the signature, so identical models give identical headers.
//
// With --weights-section the header names the section; with --weights-file
// it describes NAME.weights.bin (size, alignment, magic, version, checksum
// and the offset of every tensor), defines NAME_check_weights to validate a
// loaded blob, and declares NAME_run_with_weights instead of NAME_run.
//
//===----------------------------------------------------------------------===//

#include "kiln/Target/Target.h"

#include "kiln/Support/WeightsFile.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/raw_ostream.h"

namespace kiln::target {

namespace {

/// The C element type of a dtype. Half floats and bools have no portable C99
/// type: they travel as their bit patterns / one byte per element.
llvm::StringRef cType(DType dtype) {
  switch (dtype) {
  case DType::F32:
    return "float";
  case DType::F64:
    return "double";
  case DType::I8:
    return "int8_t";
  case DType::U8:
    return "uint8_t";
  case DType::I16:
    return "int16_t";
  case DType::U16:
    return "uint16_t";
  case DType::I32:
    return "int32_t";
  case DType::U32:
    return "uint32_t";
  case DType::I64:
    return "int64_t";
  case DType::U64:
    return "uint64_t";
  case DType::Bool:
    return "uint8_t";
  case DType::F16:
    return "uint16_t";
  case DType::BF16:
    return "uint16_t";
  case DType::Undefined:
    break;
  }
  return "void";
}

/// How the element type reads in a comment, and what the C type does not
/// say about it.
std::pair<llvm::StringRef, llvm::StringRef> dtypeDescription(DType dtype) {
  switch (dtype) {
  case DType::F32:
    return {"float32", ""};
  case DType::F64:
    return {"float64", ""};
  case DType::I8:
    return {"int8", ""};
  case DType::U8:
    return {"uint8", ""};
  case DType::I16:
    return {"int16", ""};
  case DType::U16:
    return {"uint16", ""};
  case DType::I32:
    return {"int32", ""};
  case DType::U32:
    return {"uint32", ""};
  case DType::I64:
    return {"int64", ""};
  case DType::U64:
    return {"uint64", ""};
  case DType::Bool:
    return {"bool", " (one byte per element, 0 or 1)"};
  case DType::F16:
    return {"float16", " (IEEE half-precision bits)"};
  case DType::BF16:
    return {"bfloat16", " (bfloat16 bits)"};
  case DType::Undefined:
    break;
  }
  return {"undefined", ""};
}

/// Makes model-controlled text (ONNX tensor names) safe inside a /* */
/// comment: no comment terminator, only printable ASCII.
std::string commentText(llvm::StringRef text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = text[i];
    if (c == '*' && i + 1 < text.size() && text[i + 1] == '/')
      out += "*\\";
    else if (c < 0x20 || c >= 0x7f || c == '\\')
      out += "\\x" + llvm::utohexstr(c, /*LowerCase=*/true, /*Width=*/2);
    else
      out.push_back(c);
  }
  return out;
}

std::string shapeText(llvm::ArrayRef<int64_t> shape) {
  if (shape.empty())
    return "scalar";
  std::string out;
  for (int64_t dim : shape)
    out += "[" + std::to_string(dim) + "]";
  return out;
}

/// Number of elements, or nothing if it does not fit in 64 bits.
std::optional<uint64_t> elementCount(llvm::ArrayRef<int64_t> shape) {
  uint64_t count = 1;
  for (int64_t dim : shape) {
    if (dim < 0)
      return std::nullopt;
    bool overflow = false;
    count =
        llvm::SaturatingMultiply(count, static_cast<uint64_t>(dim), &overflow);
    if (overflow)
      return std::nullopt;
  }
  return count;
}

/// Emits the size macros of one tensor. Macro names are upper-cased C names,
/// which can collide ("a" and "A", or a tensor named "workspace"); a suffix
/// keeps every macro unique.
void emitTensorMacros(llvm::raw_ostream &os, llvm::StringRef prefix,
                      const TensorSignature &tensor, llvm::StringSet<> &used) {
  std::string stem = llvm::StringRef(tensor.cName).upper();
  std::string base = stem;
  auto macro = [&](llvm::StringRef what) {
    return (prefix + "_" + stem + "_" + what).str();
  };
  for (int n = 2; used.contains(macro("COUNT")) || used.contains(macro("SIZE"));
       ++n)
    stem = base + "_" + std::to_string(n);
  used.insert(macro("COUNT"));
  used.insert(macro("SIZE"));

  auto [dtypeName, dtypeNote] = dtypeDescription(tensor.dtype);
  // "float32[1][10]", "int32 scalar".
  os << "/* " << tensor.cName << ": " << dtypeName
     << (tensor.shape.empty() ? " " : "") << shapeText(tensor.shape)
     << dtypeNote << ", ONNX name \"" << commentText(tensor.name) << "\" */\n";
  std::optional<uint64_t> count = elementCount(tensor.shape);
  if (!count) {
    os << "#error \"tensor '" << tensor.cName
       << "' has more elements than fit in 64 bits\"\n";
    return;
  }
  os << "#define " << macro("COUNT") << " " << *count << "u /* elements */\n";
  os << "#define " << macro("SIZE") << " " << tensor.sizeBytes
     << "u /* bytes */\n";
}

/// One struct of data pointers; `constData` for inputs.
void emitStruct(llvm::raw_ostream &os, llvm::StringRef typeName,
                llvm::ArrayRef<TensorSignature> tensors, bool constData) {
  os << "typedef struct {\n";
  // C99 has no empty structs; a model without inputs (all constants) still
  // gets a well-formed type that its run function never reads.
  if (tensors.empty())
    os << "  const void *unused; /* the model has none */\n";
  for (const TensorSignature &t : tensors)
    os << "  " << (constData ? "const " : "") << cType(t.dtype) << " *"
       << t.cName << "; /* " << shapeText(t.shape) << " */\n";
  os << "} " << typeName << ";\n";
}

/// Macros and comments describing where the weights are, and for a weights
/// file a C99 function that checks a loaded blob.
void emitWeights(llvm::raw_ostream &os, llvm::StringRef name,
                 llvm::StringRef upper, const WeightsLayout &layout,
                 llvm::StringSet<> &used) {
  if (layout.placement == WeightsPlacement::Object)
    return;
  auto define = [&](llvm::StringRef suffix) {
    std::string macro = (upper + "_WEIGHTS_" + suffix).str();
    used.insert(macro);
    return "#define " + macro + " ";
  };
  uint64_t bytes = 0;
  for (const WeightTensor &t : layout.tensors)
    bytes += t.size;
  if (layout.placement == WeightsPlacement::Section) {
    os << "/* The weights (" << layout.tensors.size() << " constant tensors, "
       << bytes << " bytes) are in the linker\n"
       << " * section below, for the linker script to place. */\n"
       << define("SECTION") << "\"" << layout.section << "\"\n\n";
    return;
  }
  uint64_t payload = layout.fileSize - weights::kHeaderSize;
  os << "/* The weights are not in the library: " << name
     << ".weights.bin holds them. Load the\n"
     << " * whole file to memory aligned to " << upper
     << "_WEIGHTS_ALIGN, check it once with\n"
     << " * " << name << "_check_weights and pass it to " << name
     << "_run_with_weights. */\n"
     << define("FILE") << "\"" << name << ".weights.bin\"\n"
     << define("SIZE") << layout.fileSize << "u /* bytes: the whole file */\n"
     << define("ALIGN") << layout.align << "u\n"
     << define("MAGIC") << "\"KILNWTS\" /* 8 bytes with its NUL */\n"
     << define("FORMAT_VERSION") << weights::kFormatVersion << "u\n"
     << define("PAYLOAD_OFFSET") << weights::kHeaderSize << "u\n"
     << define("CHECKSUM") << "0x"
     << llvm::utohexstr(layout.checksum, /*LowerCase=*/true, /*Width=*/8)
     << "u /* CRC-32 (zlib's) of the payload */\n"
     << "/* Layout, integers little-endian:\n"
     << " *   [0, 8)    magic \"KILNWTS\\0\"\n"
     << " *   [8, 12)   uint32 format version\n"
     << " *   [12, 16)  uint32 payload offset (" << weights::kHeaderSize
     << ")\n"
     << " *   [16, 24)  uint64 payload size (" << payload << ")\n"
     << " *   [24, 28)  uint32 CRC-32 of the payload\n"
     << " *   [28, " << weights::kHeaderSize << ")  zero\n"
     << " * then " << layout.tensors.size() << " tensors, each aligned to "
     << weights::kAlignment << " bytes, zero between them:\n"
     << " *     offset       bytes  tensor\n";
  for (const WeightTensor &t : layout.tensors) {
    llvm::StringRef dtypeName = dtypeDescription(t.dtype).first;
    os << " *   " << llvm::format_decimal(t.offset, 8) << " "
       << llvm::format_decimal(t.size, 11) << "  " << dtypeName
       << (t.shape.empty() ? " " : "") << shapeText(t.shape) << " "
       << commentText(t.symbol) << "\n";
  }
  os << " */\n\n";

  // The check reads the blob byte by byte: any alignment, any endianness.
  std::string header = weights::fileHeader(payload, layout.checksum);
  os << "/* Checks a loaded " << name
     << ".weights.bin of `size` bytes: size, magic, format\n"
     << " * version, layout and the CRC-32 of the payload. Returns "
        "KILN_STATUS_OK,\n"
     << " * KILN_STATUS_INVALID_ARGUMENT (NULL), KILN_STATUS_MISALIGNED or\n"
     << " * KILN_STATUS_BAD_WEIGHTS. Reads every byte once. */\n"
     << "static inline int32_t " << name
     << "_check_weights(const void *weights, size_t size) {\n"
     << "  static const uint8_t header[" << weights::kChecksumOffset + 4
     << "] = {";
  for (uint64_t i = 0; i < weights::kChecksumOffset + 4; ++i)
    os << (i ? ", " : "")
       << static_cast<unsigned>(static_cast<unsigned char>(header[i]));
  os << "};\n"
     << "  const uint8_t *b = (const uint8_t *)weights;\n"
     << "  uint32_t crc = 0xffffffffu;\n"
     << "  size_t i;\n"
     << "  int bit;\n"
     << "  if (!b)\n"
     << "    return KILN_STATUS_INVALID_ARGUMENT;\n"
     << "  if ((uintptr_t)b % " << upper << "_WEIGHTS_ALIGN != 0)\n"
     << "    return KILN_STATUS_MISALIGNED;\n"
     << "  if (size != " << upper << "_WEIGHTS_SIZE)\n"
     << "    return KILN_STATUS_BAD_WEIGHTS;\n"
     << "  for (i = 0; i < sizeof header; ++i)\n"
     << "    if (b[i] != header[i])\n"
     << "      return KILN_STATUS_BAD_WEIGHTS;\n"
     << "  for (i = " << upper << "_WEIGHTS_PAYLOAD_OFFSET; i < size; ++i) {\n"
     << "    crc ^= b[i];\n"
     << "    for (bit = 0; bit < 8; ++bit)\n"
     << "      crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));\n"
     << "  }\n"
     << "  return (crc ^ 0xffffffffu) == " << upper << "_WEIGHTS_CHECKSUM\n"
     << "             ? KILN_STATUS_OK\n"
     << "             : KILN_STATUS_BAD_WEIGHTS;\n"
     << "}\n\n";
}

} // namespace

std::string generateHeader(const ModelSignature &signature) {
  std::string text;
  llvm::raw_string_ostream os(text);
  const std::string &name = signature.name;
  std::string upper = llvm::StringRef(name).upper();
  // Prefixed so a model named e.g. "kiln_runtime" cannot take the runtime
  // header's guard.
  std::string guard = "KILN_MODEL_" + upper + "_H";

  os << "/* generated by kiln; do not edit */\n"
     << "/* " << name << ".h - the C interface of model '" << name << "' */\n"
     << "#ifndef " << guard << "\n"
     << "#define " << guard << "\n\n"
     << "#include \"kiln_runtime.h\"\n\n"
     << "#ifdef __cplusplus\n"
     << "extern \"C\" {\n"
     << "#endif\n\n";

  llvm::StringSet<> used;
  std::string wsSize = upper + "_WORKSPACE_SIZE";
  std::string wsAlign = upper + "_WORKSPACE_ALIGN";
  used.insert(wsSize);
  used.insert(wsAlign);
  os << "/* Scratch memory for one run, provided by the caller. */\n"
     << "#define " << wsSize << " " << signature.workspaceSize
     << "u /* bytes; 0 allowed */\n"
     << "#define " << wsAlign << " " << signature.workspaceAlign << "u\n\n";

  emitWeights(os, name, upper, signature.weights, used);

  for (const TensorSignature &t : signature.inputs)
    emitTensorMacros(os, upper, t, used);
  for (const TensorSignature &t : signature.outputs)
    emitTensorMacros(os, upper, t, used);
  os << "\n";

  os << "/* Input data, in the model's input order. */\n";
  emitStruct(os, name + "_inputs", signature.inputs, /*constData=*/true);
  bool weightsFile = signature.weights.placement == WeightsPlacement::File;
  os << "\n/* Output buffers, in the model's output order; filled by " << name
     << (weightsFile ? "_run_with_weights" : "_run") << ". */\n";
  emitStruct(os, name + "_outputs", signature.outputs, /*constData=*/false);

  if (weightsFile) {
    os << "\n/* Runs the model. `workspace` points to " << wsSize
       << " bytes aligned to\n"
       << " * " << wsAlign << "; `weights` to the loaded " << name
       << ".weights.bin, aligned to\n"
       << " * " << upper
       << "_WEIGHTS_ALIGN (read only; any number of runs may share it).\n"
       << " * Returns a kiln_status, KILN_STATUS_OK on success, "
          "KILN_STATUS_BAD_WEIGHTS\n"
       << " * if the blob's header is not this model's. Reentrant: "
          "concurrent runs\n"
       << " * need separate workspaces. */\n"
       << "int32_t " << name << "_run_with_weights(const " << name
       << "_inputs *in, " << name << "_outputs *out,\n"
       << "    void *workspace, const void *weights);\n\n"
       << "/* Names, dtypes, shapes and sizes, for generic hosts. Its `run` "
          "is NULL:\n"
       << " * a kiln_run_fn cannot pass the weights. */\n";
  } else {
    os << "\n/* Runs the model. `workspace` points to " << wsSize << " bytes\n"
       << " * aligned to " << wsAlign
       << ". Returns a kiln_status, KILN_STATUS_OK\n"
       << " * on success. Reentrant: concurrent runs need separate "
          "workspaces. */\n"
       << "int32_t " << name << "_run(const " << name << "_inputs *in, " << name
       << "_outputs *out, void *workspace);\n\n"
       << "/* Names, dtypes, shapes and sizes, for generic hosts. */\n";
  }
  os << "extern const kiln_model_info " << name << "_info;\n\n"
     << "#ifdef __cplusplus\n"
     << "}\n"
     << "#endif\n\n"
     << "#endif /* " << guard << " */\n";
  return text;
}

} // namespace kiln::target
