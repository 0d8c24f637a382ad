//===- E2ESupport.cpp - Helpers shared by Kiln's end-to-end runners -------===//
//
// The comparison follows ONNX's backend tests (numpy.testing.assert_allclose
// with rtol 1e-3, atol 1e-7, NaN equal to NaN) so that a PASS here means what
// it means for other ONNX backends.
//
//===----------------------------------------------------------------------===//

#include "E2ESupport.h"

#include "onnx/onnx_pb.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>

using llvm::createStringError;
using llvm::inconvertibleErrorCode;

namespace kiln::e2e {

//===----------------------------------------------------------------------===//
// Buffers, dtypes and files
//===----------------------------------------------------------------------===//

void AlignedBuffer::Free::operator()(void *p) const { std::free(p); }

AlignedBuffer::AlignedBuffer(size_t size, size_t alignment,
                             unsigned char fill) {
  size_t align = std::max(alignment, kAlignment);
  // aligned_alloc wants a multiple of the alignment, and at least one block
  // so that empty tensors still get a non-null, aligned pointer.
  size_t rounded = std::max<size_t>(align, (size + align - 1) / align * align);
  storage.reset(std::aligned_alloc(align, rounded));
  if (!storage)
    throw std::bad_alloc();
  std::memset(storage.get(), fill, rounded);
  bytes = size;
}

int64_t HostTensor::numElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

size_t elementSize(int32_t dtype) {
  switch (dtype) {
  case KILN_DTYPE_BOOL:
  case KILN_DTYPE_U8:
  case KILN_DTYPE_I8:
    return 1;
  case KILN_DTYPE_U16:
  case KILN_DTYPE_I16:
  case KILN_DTYPE_F16:
  case KILN_DTYPE_BF16:
    return 2;
  case KILN_DTYPE_F32:
  case KILN_DTYPE_I32:
  case KILN_DTYPE_U32:
    return 4;
  case KILN_DTYPE_F64:
  case KILN_DTYPE_I64:
  case KILN_DTYPE_U64:
    return 8;
  default:
    return 0;
  }
}

std::string dtypeName(int32_t dtype) {
  switch (dtype) {
  case KILN_DTYPE_F32: return "f32";
  case KILN_DTYPE_U8: return "u8";
  case KILN_DTYPE_I8: return "i8";
  case KILN_DTYPE_U16: return "u16";
  case KILN_DTYPE_I16: return "i16";
  case KILN_DTYPE_I32: return "i32";
  case KILN_DTYPE_I64: return "i64";
  case KILN_DTYPE_BOOL: return "bool";
  case KILN_DTYPE_F16: return "f16";
  case KILN_DTYPE_F64: return "f64";
  case KILN_DTYPE_U32: return "u32";
  case KILN_DTYPE_U64: return "u64";
  case KILN_DTYPE_BF16: return "bf16";
  default: return "dtype" + std::to_string(dtype);
  }
}

std::string formatShape(llvm::ArrayRef<int64_t> shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

llvm::Expected<std::string> readFile(llvm::StringRef path) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer)
    return createStringError(buffer.getError(), "cannot read '%s': %s",
                             path.str().c_str(),
                             buffer.getError().message().c_str());
  return (*buffer)->getBuffer().str();
}

double nowMillis() {
  using namespace std::chrono;
  return duration<double, std::milli>(steady_clock::now().time_since_epoch())
      .count();
}

//===----------------------------------------------------------------------===//
// Reading tensors
//===----------------------------------------------------------------------===//

/// Appends `value`'s low `size` bytes, little-endian (the host is).
template <typename T>
static void appendAs(std::vector<unsigned char> &out, T value) {
  const unsigned char *p = reinterpret_cast<const unsigned char *>(&value);
  out.insert(out.end(), p, p + sizeof(T));
}

llvm::Expected<HostTensor> readTensorProtoFile(llvm::StringRef path) {
  auto text = readFile(path);
  if (!text)
    return text.takeError();
  onnx::TensorProto proto;
  if (!proto.ParseFromString(*text))
    return createStringError(inconvertibleErrorCode(),
                             "'%s' is not a serialized onnx.TensorProto",
                             path.str().c_str());
  HostTensor t;
  t.name = proto.name();
  t.dtype = proto.data_type();
  t.shape.assign(proto.dims().begin(), proto.dims().end());
  size_t elemSize = elementSize(t.dtype);
  if (elemSize == 0)
    return createStringError(inconvertibleErrorCode(),
                             "'%s': element type %d is not a Kiln dtype",
                             path.str().c_str(), t.dtype);
  if (proto.data_location() == onnx::TensorProto::EXTERNAL)
    return createStringError(inconvertibleErrorCode(),
                             "'%s': external data is not supported",
                             path.str().c_str());
  for (int64_t d : t.shape)
    if (d < 0)
      return createStringError(inconvertibleErrorCode(),
                               "'%s': negative dim", path.str().c_str());
  size_t count = static_cast<size_t>(t.numElements());

  if (proto.has_raw_data()) {
    const std::string &raw = proto.raw_data();
    t.bytes.assign(raw.begin(), raw.end());
  } else {
    auto &out = t.bytes;
    switch (t.dtype) {
    case KILN_DTYPE_F32:
      for (float v : proto.float_data())
        appendAs(out, v);
      break;
    case KILN_DTYPE_F64:
      for (double v : proto.double_data())
        appendAs(out, v);
      break;
    case KILN_DTYPE_I64:
      for (int64_t v : proto.int64_data())
        appendAs(out, v);
      break;
    case KILN_DTYPE_U32:
      for (uint64_t v : proto.uint64_data())
        appendAs(out, static_cast<uint32_t>(v));
      break;
    case KILN_DTYPE_U64:
      for (uint64_t v : proto.uint64_data())
        appendAs(out, v);
      break;
    case KILN_DTYPE_I32:
      for (int32_t v : proto.int32_data())
        appendAs(out, v);
      break;
    // The narrow types (and f16/bf16 bit patterns) live in int32_data.
    case KILN_DTYPE_I16:
    case KILN_DTYPE_U16:
    case KILN_DTYPE_F16:
    case KILN_DTYPE_BF16:
      for (int32_t v : proto.int32_data())
        appendAs(out, static_cast<uint16_t>(v));
      break;
    case KILN_DTYPE_I8:
    case KILN_DTYPE_U8:
    case KILN_DTYPE_BOOL:
      for (int32_t v : proto.int32_data())
        appendAs(out, static_cast<uint8_t>(v));
      break;
    default:
      break;
    }
  }
  if (t.bytes.size() != count * elemSize)
    return createStringError(
        inconvertibleErrorCode(),
        "'%s': %zu data bytes for %zu elements of %s", path.str().c_str(),
        t.bytes.size(), count, dtypeName(t.dtype).c_str());
  return t;
}

llvm::Expected<HostTensor> readRawTensorFile(llvm::StringRef path,
                                             int32_t dtype,
                                             llvm::ArrayRef<int64_t> shape) {
  auto data = readFile(path);
  if (!data)
    return data.takeError();
  HostTensor t;
  t.name = llvm::sys::path::stem(path).str();
  t.dtype = dtype;
  t.shape.assign(shape.begin(), shape.end());
  size_t expected = static_cast<size_t>(t.numElements()) * elementSize(dtype);
  if (data->size() != expected)
    return createStringError(inconvertibleErrorCode(),
                             "'%s' has %zu bytes, expected %zu for %s %s",
                             path.str().c_str(), data->size(), expected,
                             dtypeName(dtype).c_str(),
                             formatShape(shape).c_str());
  t.bytes.assign(data->begin(), data->end());
  return t;
}

//===----------------------------------------------------------------------===//
// Comparison
//===----------------------------------------------------------------------===//

static float halfToFloat(uint16_t h) {
  uint32_t sign = (h & 0x8000u) << 16;
  uint32_t exp = (h >> 10) & 0x1f;
  uint32_t mant = h & 0x3ff;
  uint32_t bits;
  if (exp == 0x1f) {
    bits = sign | 0x7f800000u | (mant << 13); // inf or NaN
  } else if (exp != 0) {
    bits = sign | ((exp + 112) << 23) | (mant << 13);
  } else if (mant == 0) {
    bits = sign; // signed zero
  } else {
    // Subnormal half: normalize into a float.
    int shift = 0;
    while (!(mant & 0x400)) {
      mant <<= 1;
      ++shift;
    }
    bits = sign | ((113 - shift) << 23) | ((mant & 0x3ff) << 13);
  }
  float f;
  std::memcpy(&f, &bits, sizeof(f));
  return f;
}

static float bf16ToFloat(uint16_t b) {
  uint32_t bits = uint32_t(b) << 16;
  float f;
  std::memcpy(&f, &bits, sizeof(f));
  return f;
}

/// Element `i` of a floating-point tensor, widened to double.
static double floatAt(const HostTensor &t, size_t i) {
  const unsigned char *p = t.bytes.data() + i * elementSize(t.dtype);
  switch (t.dtype) {
  case KILN_DTYPE_F32: {
    float v;
    std::memcpy(&v, p, 4);
    return v;
  }
  case KILN_DTYPE_F64: {
    double v;
    std::memcpy(&v, p, 8);
    return v;
  }
  default: {
    uint16_t v;
    std::memcpy(&v, p, 2);
    return t.dtype == KILN_DTYPE_F16 ? halfToFloat(v) : bf16ToFloat(v);
  }
  }
}

/// Element `i` of an integer tensor, as a string (exact for u64 too).
static std::string intAt(const HostTensor &t, size_t i) {
  const unsigned char *p = t.bytes.data() + i * elementSize(t.dtype);
  auto load = [&](auto v) {
    std::memcpy(&v, p, sizeof(v));
    return std::to_string(v);
  };
  switch (t.dtype) {
  case KILN_DTYPE_U8: return load(uint8_t());
  case KILN_DTYPE_I8: return load(int8_t());
  case KILN_DTYPE_BOOL: return load(uint8_t());
  case KILN_DTYPE_U16: return load(uint16_t());
  case KILN_DTYPE_I16: return load(int16_t());
  case KILN_DTYPE_U32: return load(uint32_t());
  case KILN_DTYPE_I32: return load(int32_t());
  case KILN_DTYPE_U64: return load(uint64_t());
  default: return load(int64_t());
  }
}

static bool isFloat(int32_t dtype) {
  return dtype == KILN_DTYPE_F32 || dtype == KILN_DTYPE_F64 ||
         dtype == KILN_DTYPE_F16 || dtype == KILN_DTYPE_BF16;
}

/// The multi-index of flat element `i` of `shape`, e.g. "[1, 2]".
static std::string indexOf(llvm::ArrayRef<int64_t> shape, size_t i) {
  std::vector<int64_t> idx(shape.size());
  for (size_t d = shape.size(); d-- > 0;) {
    idx[d] = shape[d] ? int64_t(i) % shape[d] : 0;
    i = shape[d] ? i / shape[d] : 0;
  }
  return formatShape(idx);
}

/// `v` with enough digits to tell float32 values apart, as printf's %g.
static std::string shortest(double v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.9g", v);
  return buf;
}

std::string compareTensors(llvm::StringRef what, const HostTensor &expected,
                           const HostTensor &actual, const Tolerance &tol) {
  if (expected.dtype != actual.dtype)
    return llvm::formatv("{0}: dtype {1}, expected {2}", what,
                         dtypeName(actual.dtype), dtypeName(expected.dtype))
        .str();
  if (expected.shape != actual.shape)
    return llvm::formatv("{0}: shape {1}, expected {2}", what,
                         formatShape(actual.shape),
                         formatShape(expected.shape))
        .str();
  if (expected.bytes.size() != actual.bytes.size())
    return llvm::formatv("{0}: {1} bytes, expected {2}", what,
                         actual.bytes.size(), expected.bytes.size())
        .str();
  size_t n = static_cast<size_t>(expected.numElements());
  size_t mismatches = 0, worst = 0;
  double worstExcess = -1;
  bool floating = isFloat(expected.dtype);
  size_t esize = elementSize(expected.dtype);
  for (size_t i = 0; i < n; ++i) {
    if (!floating) {
      if (std::memcmp(expected.bytes.data() + i * esize,
                      actual.bytes.data() + i * esize, esize) != 0) {
        if (mismatches++ == 0)
          worst = i;
      }
      continue;
    }
    double e = floatAt(expected, i), a = floatAt(actual, i);
    if (std::isnan(e) && std::isnan(a))
      continue;
    if (e == a) // also equal infinities
      continue;
    double allowed = tol.atol + tol.rtol * std::fabs(e);
    double diff = std::fabs(a - e);
    if (diff <= allowed)
      continue;
    ++mismatches;
    // NaN differences (a NaN against a number, or inf - inf) rank worst.
    double excess = std::isnan(diff) ? INFINITY : diff - allowed;
    if (excess > worstExcess) {
      worstExcess = excess;
      worst = i;
    }
  }
  if (mismatches == 0)
    return "";
  if (!floating)
    return llvm::formatv("{0}: {1} of {2} elements differ; first at {3}: got "
                         "{4}, expected {5}",
                         what, mismatches, n, indexOf(expected.shape, worst),
                         intAt(actual, worst), intAt(expected, worst))
        .str();
  double e = floatAt(expected, worst), a = floatAt(actual, worst);
  return llvm::formatv("{0}: {1} of {2} elements differ; worst at {3}: got "
                       "{4}, expected {5} (|diff| {6} > {7})",
                       what, mismatches, n, indexOf(expected.shape, worst),
                       shortest(a), shortest(e), shortest(std::fabs(a - e)),
                       shortest(tol.atol + tol.rtol * std::fabs(e)))
      .str();
}

ErrorStats f32ErrorStats(const HostTensor &expected, const HostTensor &actual) {
  ErrorStats stats;
  size_t n = std::min(expected.bytes.size(), actual.bytes.size()) / 4;
  for (size_t i = 0; i < n; ++i) {
    double e = floatAt(expected, i), a = floatAt(actual, i);
    double diff = std::fabs(a - e);
    if (std::isnan(diff))
      stats.maxAbsDiff = NAN;
    else if (!std::isnan(stats.maxAbsDiff))
      stats.maxAbsDiff = std::max(stats.maxAbsDiff, diff);
    stats.maxAbsExpected = std::max(stats.maxAbsExpected, std::fabs(e));
  }
  return stats;
}

//===----------------------------------------------------------------------===//
// Running a model
//===----------------------------------------------------------------------===//

/// Checks a kiln_tensor_info against what the test provides or expects.
static std::string checkInfo(llvm::StringRef what,
                             const kiln_tensor_info &info) {
  if (info.rank < 0 || (info.rank > 0 && !info.shape))
    return (what + ": malformed kiln_tensor_info").str();
  size_t esize = elementSize(info.dtype);
  if (esize == 0)
    return (what + ": unknown dtype " + std::to_string(info.dtype)).str();
  uint64_t count = 1;
  for (int32_t d = 0; d < info.rank; ++d)
    count *= static_cast<uint64_t>(info.shape[d]);
  if (count * esize != info.size_bytes)
    return llvm::formatv("{0}: size_bytes {1} does not match {2} x {3}", what,
                         info.size_bytes, dtypeName(info.dtype),
                         formatShape(llvm::ArrayRef(info.shape, info.rank)))
        .str();
  return "";
}

llvm::Expected<RunResult> runModel(const kiln_model_info &info,
                                   llvm::ArrayRef<HostTensor> inputs) {
  auto fail = [](const std::string &msg) -> llvm::Error {
    return createStringError(inconvertibleErrorCode(), msg);
  };
  if (info.abi_version != KILN_ABI_VERSION)
    return fail(llvm::formatv("abi_version {0}, expected {1}", info.abi_version,
                              KILN_ABI_VERSION));
  if (!info.run)
    return fail("kiln_model_info.run is null");
  if (info.num_inputs != inputs.size())
    return fail(llvm::formatv("the model has {0} inputs, the test data {1}",
                              info.num_inputs, inputs.size()));

  std::vector<AlignedBuffer> inBuffers;
  std::vector<const void *> inPtrs;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const kiln_tensor_info &ti = info.inputs[i];
    std::string what = llvm::formatv("input {0} '{1}'", i,
                                     ti.name ? ti.name : "<null>");
    if (std::string err = checkInfo(what, ti); !err.empty())
      return fail(err);
    llvm::ArrayRef<int64_t> shape(ti.shape, ti.rank);
    if (ti.dtype != inputs[i].dtype || shape != llvm::ArrayRef(inputs[i].shape))
      return fail(llvm::formatv("{0}: the model takes {1} {2}, the test data "
                                "is {3} {4}",
                                what, dtypeName(ti.dtype), formatShape(shape),
                                dtypeName(inputs[i].dtype),
                                formatShape(inputs[i].shape)));
    inBuffers.emplace_back(ti.size_bytes);
    std::memcpy(inBuffers.back().data(), inputs[i].bytes.data(),
                inputs[i].bytes.size());
    inPtrs.push_back(inBuffers.back().data());
  }

  RunResult result;
  std::vector<AlignedBuffer> outBuffers;
  std::vector<void *> outPtrs;
  for (uint32_t i = 0; i < info.num_outputs; ++i) {
    const kiln_tensor_info &ti = info.outputs[i];
    std::string what = llvm::formatv("output {0} '{1}'", i,
                                     ti.name ? ti.name : "<null>");
    if (std::string err = checkInfo(what, ti); !err.empty())
      return fail(err);
    outBuffers.emplace_back(ti.size_bytes, AlignedBuffer::kAlignment, 0xFF);
    outPtrs.push_back(outBuffers.back().data());
  }

  if (info.workspace_align == 0 ||
      (info.workspace_align & (info.workspace_align - 1)))
    return fail(llvm::formatv("workspace_align {0} is not a power of two",
                              info.workspace_align));
  AlignedBuffer workspace(info.workspace_size, info.workspace_align);

  // The generated entry point takes the NAME_inputs / NAME_outputs structs,
  // which are arrays of data pointers in the model's order.
  double start = nowMillis();
  int32_t status = info.run(inPtrs.data(), outPtrs.data(), workspace.data());
  result.runMillis = nowMillis() - start;
  if (status != KILN_STATUS_OK)
    return fail(llvm::formatv("run returned status {0}", status));

  for (uint32_t i = 0; i < info.num_outputs; ++i) {
    const kiln_tensor_info &ti = info.outputs[i];
    HostTensor t;
    t.name = ti.name ? ti.name : "";
    t.dtype = ti.dtype;
    t.shape.assign(ti.shape, ti.shape + ti.rank);
    auto *p = static_cast<const unsigned char *>(outBuffers[i].data());
    t.bytes.assign(p, p + ti.size_bytes);
    result.outputs.push_back(std::move(t));
  }
  return result;
}

} // namespace kiln::e2e
