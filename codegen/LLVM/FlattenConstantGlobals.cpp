//===- FlattenConstantGlobals.cpp - 1-D arrays for constant globals -------===//
//
// Implements kiln-flatten-constant-globals: large weights must reach LLVM IR
// as one ConstantDataArray built from their bytes, not as one constant per
// innermost row (see codegen/LLVM/Passes.td).
//
//===----------------------------------------------------------------------===//

#include "kiln/Codegen/LLVMPasses.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"

namespace kiln::codegen {

#define GEN_PASS_DEF_FLATTENCONSTANTGLOBALS
#include "codegen/LLVM/Passes.h.inc"

using namespace mlir;

namespace {

/// The scalar element and the element count of nested LLVM arrays; the
/// element is null if `type` is no array of int/float scalars.
std::pair<Type, uint64_t> flattenArrayType(Type type, unsigned &depth) {
  uint64_t count = 1;
  depth = 0;
  while (auto array = dyn_cast<LLVM::LLVMArrayType>(type)) {
    count *= array.getNumElements();
    type = array.getElementType();
    ++depth;
  }
  if (depth == 0 || !isa<IntegerType, FloatType>(type))
    return {Type(), 0};
  return {type, count};
}

struct FlattenConstantGlobals
    : impl::FlattenConstantGlobalsBase<FlattenConstantGlobals> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    getOperation().walk([&](LLVM::GlobalOp global) {
      auto value = dyn_cast_or_null<ElementsAttr>(global.getValueAttr());
      if (!value)
        return;
      unsigned depth = 0;
      auto [element, count] = flattenArrayType(global.getGlobalType(), depth);
      if (!element || static_cast<int64_t>(count) != value.getNumElements())
        return;
      Type valueElement = value.getShapedType().getElementType();

      if (auto resource = dyn_cast<DenseResourceElementsAttr>(value)) {
        // Booleans are stored one byte per element in the blob: view them as
        // i8, which loads of the i1 memref read back the same.
        bool boolean = element.isInteger(1);
        if (depth < 2 && !boolean)
          return;
        Type flatElement = boolean ? IntegerType::get(ctx, 8) : element;
        Type flatValueElement = boolean ? flatElement : valueElement;
        auto flatType = RankedTensorType::get({static_cast<int64_t>(count)},
                                              flatValueElement);
        global.setValueAttr(
            DenseResourceElementsAttr::get(flatType, resource.getRawHandle()));
        global.setGlobalType(LLVM::LLVMArrayType::get(flatElement, count));
        return;
      }
      auto dense = dyn_cast<DenseElementsAttr>(value);
      // i1 dense attributes are bit-packed; translation handles them as is.
      if (!dense || depth < 2 || element.isInteger(1))
        return;
      auto flatType =
          RankedTensorType::get({static_cast<int64_t>(count)}, valueElement);
      global.setValueAttr(dense.reshape(flatType));
      global.setGlobalType(LLVM::LLVMArrayType::get(element, count));
    });
  }
};

} // namespace
} // namespace kiln::codegen
