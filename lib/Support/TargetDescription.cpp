//===- TargetDescription.cpp - The kiln.target module attribute -----------===//
//
// Conversion between TargetDescription and its `kiln.target` dictionary, with
// the validation that lets every pass trust the values it reads.
//
//===----------------------------------------------------------------------===//

#include "kiln/Support/TargetDescription.h"

#include "kiln/Support/DictionaryReader.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/STLExtras.h"

#include <algorithm>

using namespace mlir;

namespace kiln {

namespace {

// The keys of `kiln.target`, in the order toAttr writes them.
constexpr llvm::StringLiteral kTriple = "triple";
constexpr llvm::StringLiteral kCpu = "cpu";
constexpr llvm::StringLiteral kIsa = "isa";
constexpr llvm::StringLiteral kVectorBits = "vector_bits";
constexpr llvm::StringLiteral kVectorRegisters = "vector_registers";
constexpr llvm::StringLiteral kFma = "fma";
constexpr llvm::StringLiteral kL1d = "l1d_bytes";
constexpr llvm::StringLiteral kL2 = "l2_bytes";
constexpr llvm::StringLiteral kL3 = "l3_bytes";
constexpr llvm::StringLiteral kCores = "cores";
constexpr llvm::StringRef kKeys[] = {
    kTriple, kCpu, kIsa, kVectorBits, kVectorRegisters,
    kFma,    kL1d, kL2,  kL3,         kCores};

} // namespace

int64_t TargetDescription::f32Lanes() const {
  return std::max<int64_t>(1, vectorBits / 32);
}

DictionaryAttr TargetDescription::toAttr(MLIRContext *context) const {
  Builder b(context);
  NamedAttribute fields[] = {
      b.getNamedAttr(kTriple, b.getStringAttr(triple)),
      b.getNamedAttr(kCpu, b.getStringAttr(cpu)),
      b.getNamedAttr(kIsa, b.getStringAttr(isa)),
      b.getNamedAttr(kVectorBits, b.getI64IntegerAttr(vectorBits)),
      b.getNamedAttr(kVectorRegisters, b.getI64IntegerAttr(vectorRegisters)),
      b.getNamedAttr(kFma, b.getBoolAttr(fma)),
      b.getNamedAttr(kL1d, b.getI64IntegerAttr(l1dBytes)),
      b.getNamedAttr(kL2, b.getI64IntegerAttr(l2Bytes)),
      b.getNamedAttr(kL3, b.getI64IntegerAttr(l3Bytes)),
      b.getNamedAttr(kCores, b.getI64IntegerAttr(cores)),
  };
  return b.getDictionaryAttr(fields);
}

FailureOr<TargetDescription> TargetDescription::fromAttr(
    DictionaryAttr attr, llvm::function_ref<InFlightDiagnostic()> emitError) {
  DictionaryReader reader(attr, kTargetAttr, emitError);
  reader.rejectUnknownKeys(kKeys, "a target property");

  TargetDescription desc;
  desc.triple = reader.getString(kTriple);
  desc.cpu = reader.getString(kCpu);
  desc.isa = reader.getString(kIsa);
  if (!reader.failed() && !llvm::is_contained(kTargetISAs, desc.isa))
    reader.fail(kIsa, "must be one of avx512, avx2, sse, neon, mve, rvv, "
                      "scalar; got '" +
                          desc.isa + "'");
  desc.vectorBits = reader.getInt(kVectorBits, 0);
  if (!reader.failed()) {
    bool scalar = desc.isa == "scalar";
    if (scalar && desc.vectorBits != 0)
      reader.fail(kVectorBits, "must be 0 for isa 'scalar'");
    else if (!scalar && (desc.vectorBits < 32 || desc.vectorBits % 32 != 0))
      reader.fail(kVectorBits, "must be a positive multiple of 32 for isa '" +
                                   desc.isa + "', got " +
                                   llvm::Twine(desc.vectorBits));
  }
  desc.vectorRegisters = reader.getInt(kVectorRegisters, 1);
  desc.fma = reader.getBool(kFma);
  desc.l1dBytes = reader.getInt(kL1d, 0);
  desc.l2Bytes = reader.getInt(kL2, 0);
  desc.l3Bytes = reader.getInt(kL3, 0);
  desc.cores = reader.getInt(kCores, 1);
  if (reader.failed())
    return failure();
  return desc;
}

FailureOr<std::optional<TargetDescription>>
TargetDescription::lookup(ModuleOp module) {
  Attribute attr = module->getAttr(kTargetAttr);
  if (!attr)
    return std::optional<TargetDescription>();
  auto dict = dyn_cast<DictionaryAttr>(attr);
  if (!dict)
    return module.emitError("malformed '")
           << kTargetAttr << "': expected a dictionary, got " << attr;
  FailureOr<TargetDescription> desc =
      fromAttr(dict, [&] { return module.emitError(); });
  if (failed(desc))
    return failure();
  return std::optional<TargetDescription>(std::move(*desc));
}

std::optional<TargetDescription>
TargetDescription::fromModule(ModuleOp module) {
  FailureOr<std::optional<TargetDescription>> desc = lookup(module);
  if (failed(desc))
    return std::nullopt;
  return *desc;
}

void TargetDescription::attachTo(ModuleOp module) const {
  module->setAttr(kTargetAttr, toAttr(module.getContext()));
}

bool TargetDescription::operator==(const TargetDescription &other) const {
  return triple == other.triple && cpu == other.cpu && isa == other.isa &&
         vectorBits == other.vectorBits &&
         vectorRegisters == other.vectorRegisters && fma == other.fma &&
         l1dBytes == other.l1dBytes && l2Bytes == other.l2Bytes &&
         l3Bytes == other.l3Bytes && cores == other.cores;
}

} // namespace kiln
