//===- PlaceWeights.cpp - Weights in a linker section or a file -----------===//
//
// Implements kiln-place-weights (bufferized IR) and
// kiln-apply-weights-section (LLVM dialect); see codegen/Weights/Passes.td.
// The file layout is kiln/Support/WeightsFile.h's.
//
//===----------------------------------------------------------------------===//

#include "kiln/Codegen/WeightsPasses.h"

#include "kiln/Compiler.h"
#include "kiln/Support/TargetDescription.h"
#include "kiln/Support/WeightsFile.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/CRC.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/TargetParser/Triple.h"

#include <cstring>

namespace kiln::codegen {

#define GEN_PASS_DEF_PLACEWEIGHTS
#define GEN_PASS_DEF_APPLYWEIGHTSSECTION
#include "codegen/Weights/Passes.h.inc"

using namespace mlir;

namespace {

/// A weight: a constant global and the get_global ops that read it.
struct Weight {
  memref::GlobalOp global;
  ElementsAttr value;
  SmallVector<memref::GetGlobalOp> reads;
  uint64_t size = 0;
  uint64_t offset = 0;
};

/// Bytes per element in memory: booleans take a byte each, as everywhere
/// in Kiln's ABI; 0 for types without a fixed byte size (index, complex).
uint64_t storageBytes(Type elementType) {
  if (auto i = dyn_cast<IntegerType>(elementType)) {
    unsigned width = i.getWidth();
    if (width == 1)
      return 1;
    return width == 8 || width == 16 || width == 32 || width == 64 ? width / 8
                                                                   : 0;
  }
  if (isa<Float16Type, BFloat16Type, Float32Type, Float64Type>(elementType))
    return elementType.getIntOrFloatBitWidth() / 8;
  return 0;
}

/// Writes the little-endian bytes of `value` (elements of `bytesPerElement`
/// bytes) to `out`, which has exactly their size. Fails with `why`.
LogicalResult writeBytes(ElementsAttr value, uint64_t bytesPerElement,
                         MutableArrayRef<char> out, std::string &why) {
  uint64_t count = value.getNumElements();
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(value)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob) {
      why = "its data is not available (an elided resource)";
      return failure();
    }
    ArrayRef<char> data = blob->getData();
    if (data.size() != out.size()) {
      why = "its resource holds " + std::to_string(data.size()) +
            " bytes, not " + std::to_string(out.size());
      return failure();
    }
    std::memcpy(out.data(), data.data(), data.size());
    return success();
  }
  auto dense = dyn_cast<DenseElementsAttr>(value);
  if (!dense || isa<DenseStringElementsAttr>(dense)) {
    why = "its value is neither dense nor a resource";
    return failure();
  }
  if (dense.getElementType().isInteger(1)) {
    // Bit-packed in the attribute, one byte each in memory.
    uint64_t i = 0;
    for (bool b : dense.getValues<bool>())
      out[i++] = b ? 1 : 0;
    return success();
  }
  ArrayRef<char> raw = dense.getRawData();
  if (dense.isSplat()) {
    for (uint64_t i = 0; i < count; ++i)
      std::memcpy(out.data() + i * bytesPerElement, raw.data(),
                  bytesPerElement);
    return success();
  }
  if (raw.size() != out.size()) {
    why = "its data has " + std::to_string(raw.size()) + " bytes, not " +
          std::to_string(out.size());
    return failure();
  }
  std::memcpy(out.data(), raw.data(), raw.size());
  return success();
}

struct PlaceWeights : impl::PlaceWeightsBase<PlaceWeights> {
  using PlaceWeightsBase::PlaceWeightsBase;

  void runOnOperation() override;

private:
  /// The weights of the module, in module order (deterministic).
  SmallVector<Weight> collectWeights(ModuleOp module);
  /// kiln.weights entry of `weight`.
  DictionaryAttr entry(Weight &weight, bool withOffset);
  void placeInSection(ModuleOp module);
  void placeInFile(ModuleOp module);
};

SmallVector<Weight> PlaceWeights::collectWeights(ModuleOp module) {
  llvm::DenseMap<StringAttr, size_t> index;
  SmallVector<Weight> weights;
  for (auto global : module.getOps<memref::GlobalOp>()) {
    auto value = dyn_cast_or_null<ElementsAttr>(global.getInitialValueAttr());
    if (!global.getConstant() || !value)
      continue;
    Weight weight;
    weight.global = global;
    weight.value = value;
    weight.size = value.getNumElements() *
                  storageBytes(global.getType().getElementType());
    index[global.getSymNameAttr()] = weights.size();
    weights.push_back(std::move(weight));
  }
  module.walk([&](memref::GetGlobalOp read) {
    auto it = index.find(read.getNameAttr().getAttr());
    if (it != index.end())
      weights[it->second].reads.push_back(read);
  });
  return weights;
}

DictionaryAttr PlaceWeights::entry(Weight &weight, bool withOffset) {
  Builder b(&getContext());
  MemRefType type = weight.global.getType();
  SmallVector<NamedAttribute> fields = {
      b.getNamedAttr("symbol", weight.global.getSymNameAttr()),
      b.getNamedAttr("type", TypeAttr::get(RankedTensorType::get(
                                 type.getShape(), type.getElementType()))),
      b.getNamedAttr("size",
                     b.getI64IntegerAttr(static_cast<int64_t>(weight.size)))};
  if (withOffset)
    fields.push_back(b.getNamedAttr(
        "offset", b.getI64IntegerAttr(static_cast<int64_t>(weight.offset))));
  return b.getDictionaryAttr(fields);
}

void PlaceWeights::placeInSection(ModuleOp module) {
  if (!weights::isValidSectionName(section)) {
    module.emitError("invalid weights section name '")
        << section
        << "': expected letters, digits and '._$-' (e.g. '.ext_flash')";
    return signalPassFailure();
  }
  Builder b(&getContext());
  SmallVector<Attribute> entries;
  for (Weight &weight : collectWeights(module))
    entries.push_back(entry(weight, /*withOffset=*/false));
  NamedAttribute fields[] = {
      b.getNamedAttr("placement", b.getStringAttr("section")),
      b.getNamedAttr("section", b.getStringAttr(section)),
      b.getNamedAttr("entries", b.getArrayAttr(entries))};
  module->setAttr(attrs::kWeights, b.getDictionaryAttr(fields));
}

void PlaceWeights::placeInFile(ModuleOp module) {
  // The file holds the bytes as this (little-endian) machine has them.
  if (std::optional<TargetDescription> target =
          TargetDescription::fromModule(module);
      target && !target->triple.empty() &&
      !llvm::Triple(target->triple).isLittleEndian()) {
    module.emitError("--weights-file needs a little-endian target, not '")
        << target->triple << "'";
    return signalPassFailure();
  }
  auto main = module.lookupSymbol<func::FuncOp>(kEntryFunction);
  if (!main || main.isExternal()) {
    module.emitError("expected a defined function '@") << kEntryFunction << "'";
    return signalPassFailure();
  }

  // Lay out the weights that can move; warn about the others.
  SmallVector<Weight> placed;
  uint64_t end = weights::kHeaderSize;
  for (Weight &weight : collectWeights(module)) {
    // Unused constants take no room; symbol DCE drops them later.
    if (weight.reads.empty())
      continue;
    MemRefType type = weight.global.getType();
    const char *reason = nullptr;
    if (storageBytes(type.getElementType()) == 0)
      reason = "its element type has no fixed size in bytes";
    else if (!type.getLayout().isIdentity())
      reason = "it has a strided layout";
    else if (llvm::any_of(weight.reads, [&](memref::GetGlobalOp read) {
               return read->getParentOfType<func::FuncOp>() != main;
             }))
      reason = "it is used outside @main";
    if (reason) {
      weight.global.emitWarning("constant stays in the object, not the "
                                "weights file: ")
          << reason;
      continue;
    }
    uint64_t align = std::max<uint64_t>(
        weights::kAlignment, weight.global.getAlignment().value_or(1));
    weight.offset = llvm::alignTo(end, align);
    end = weight.offset + weight.size;
    placed.push_back(std::move(weight));
  }

  // The file: payload first, then the header with the payload's CRC.
  std::vector<char> file(end, 0);
  for (Weight &weight : placed) {
    std::string why;
    uint64_t bytesPerElement =
        storageBytes(weight.global.getType().getElementType());
    if (failed(writeBytes(
            weight.value, bytesPerElement,
            MutableArrayRef<char>(file).slice(weight.offset, weight.size),
            why))) {
      weight.global.emitError("cannot write this constant to the weights "
                              "file: ")
          << why;
      return signalPassFailure();
    }
  }
  uint32_t checksum = llvm::crc32(ArrayRef<uint8_t>(
      reinterpret_cast<const uint8_t *>(file.data()) + weights::kHeaderSize,
      end - weights::kHeaderSize));
  std::string header =
      weights::fileHeader(end - weights::kHeaderSize, checksum);
  std::memcpy(file.data(), header.data(), header.size());

  // @main takes the loaded file as its last argument.
  MLIRContext *ctx = &getContext();
  Builder b(ctx);
  auto fileType =
      MemRefType::get({static_cast<int64_t>(end)}, IntegerType::get(ctx, 8));
  unsigned index = main.getNumArguments();
  if (failed(main.insertArgument(index, fileType, b.getDictionaryAttr({}),
                                 main.getLoc()))) {
    main.emitError("cannot append the weights argument");
    return signalPassFailure();
  }
  Value blob = main.getArgument(index);
  // The offsets first, at the top of @main (views in nested regions use
  // them too), before any op there is erased under the builder.
  OpBuilder top = OpBuilder::atBlockBegin(&main.getBody().front());
  SmallVector<Value> offsets;
  for (Weight &weight : placed)
    offsets.push_back(arith::ConstantIndexOp::create(
        top, weight.global.getLoc(), static_cast<int64_t>(weight.offset)));
  SmallVector<Attribute> entries;
  for (auto [weight, offset] : llvm::zip_equal(placed, offsets)) {
    for (memref::GetGlobalOp read : weight.reads) {
      OpBuilder at(read);
      Value view = memref::ViewOp::create(at, read.getLoc(), read.getType(),
                                          blob, offset, ValueRange());
      read.getResult().replaceAllUsesWith(view);
      read.erase();
    }
    entries.push_back(entry(weight, /*withOffset=*/true));
    weight.global.erase();
  }

  auto blobType = RankedTensorType::get({static_cast<int64_t>(end)},
                                        IntegerType::get(ctx, 8));
  auto blobAttr = DenseResourceElementsAttr::get(
      blobType, "kiln_weights",
      HeapAsmResourceBlob::allocateAndCopyWithAlign(file, weights::kAlignment));
  NamedAttribute fields[] = {
      b.getNamedAttr("placement", b.getStringAttr("file")),
      b.getNamedAttr("size", b.getI64IntegerAttr(static_cast<int64_t>(end))),
      b.getNamedAttr("align", b.getI64IntegerAttr(
                                  static_cast<int64_t>(weights::kAlignment))),
      b.getNamedAttr("checksum", b.getI64IntegerAttr(checksum)),
      b.getNamedAttr("format_version",
                     b.getI64IntegerAttr(weights::kFormatVersion)),
      b.getNamedAttr("entries", b.getArrayAttr(entries)),
      b.getNamedAttr("blob", blobAttr)};
  module->setAttr(attrs::kWeights, b.getDictionaryAttr(fields));
}

void PlaceWeights::runOnOperation() {
  ModuleOp module = getOperation();
  if (placement == "object")
    return;
  if (module->hasAttr(attrs::kWeights)) {
    module.emitError("the weights were placed already ('")
        << attrs::kWeights << "' is set)";
    return signalPassFailure();
  }
  if (placement == "section")
    return placeInSection(module);
  if (placement == "file")
    return placeInFile(module);
  module.emitError("unknown weights placement '")
      << placement << "' (expected object, section or file)";
  signalPassFailure();
}

struct ApplyWeightsSection
    : impl::ApplyWeightsSectionBase<ApplyWeightsSection> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto placement = module->getAttrOfType<DictionaryAttr>(attrs::kWeights);
    if (!placement || placement.getAs<StringAttr>("placement") !=
                          StringAttr::get(&getContext(), "section"))
      return;
    auto section = placement.getAs<StringAttr>("section");
    auto entries = placement.getAs<ArrayAttr>("entries");
    if (!section || !entries) {
      module.emitError("malformed '") << attrs::kWeights << "': " << placement;
      return signalPassFailure();
    }
    for (Attribute entry : entries) {
      auto fields = dyn_cast<DictionaryAttr>(entry);
      auto symbol = fields ? fields.getAs<StringAttr>("symbol") : StringAttr();
      if (!symbol) {
        module.emitError("malformed '")
            << attrs::kWeights << "' entry " << entry;
        return signalPassFailure();
      }
      if (auto global = module.lookupSymbol<LLVM::GlobalOp>(symbol))
        global.setSection(section.getValue());
    }
  }
};

} // namespace
} // namespace kiln::codegen
