//===- GraphCustomCall.cpp - graph.custom_call verifier and effects -------===//
//
// graph.custom_call has a tensor form (as imported) and a buffer form (after
// bufferization); the verifier keeps the two apart and checks what the
// lowering to a C call relies on: a C identifier as callee, identity-layout
// buffers, and attribute values the C side can represent.
//
//===----------------------------------------------------------------------===//

#include "dialects/Graph/IR/GraphOps.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/StringExtras.h"

using namespace mlir;
using namespace kiln::graph;

/// True for [A-Za-z_][A-Za-z0-9_]*.
static bool isCIdentifier(StringRef name) {
  if (name.empty() || llvm::isDigit(name.front()))
    return false;
  return llvm::all_of(name,
                      [](char c) { return llvm::isAlnum(c) || c == '_'; });
}

/// True for the attribute kinds kiln_custom_attrs can carry.
static bool isSupportedAttrValue(Attribute value) {
  if (auto integer = dyn_cast<IntegerAttr>(value))
    return integer.getType().isSignlessInteger(64);
  if (auto real = dyn_cast<FloatAttr>(value))
    return real.getType().isF32();
  return isa<StringAttr, DenseI64ArrayAttr, DenseF32ArrayAttr>(value);
}

LogicalResult CustomCallOp::verify() {
  if (!isCIdentifier(getCallee()))
    return emitOpError("callee '")
           << getCallee() << "' is not a C identifier";
  bool bufferForm = hasBufferSemantics();
  if (bufferForm == !getResults().empty())
    return emitOpError(bufferForm
                           ? "with outs (buffer form) must have no results"
                           : "needs results (tensor form) or outs (buffer "
                             "form)");
  for (auto [i, input] : llvm::enumerate(getInputs())) {
    bool isBuffer = isa<MemRefType>(input.getType());
    if (isBuffer != bufferForm)
      return emitOpError("input #")
             << i << " is a " << (isBuffer ? "memref" : "tensor")
             << " in the " << (bufferForm ? "buffer" : "tensor") << " form";
  }
  for (Value buffer : llvm::concat<Value>(getInputs(), getOutputs())) {
    auto type = dyn_cast<MemRefType>(buffer.getType());
    if (type && !type.getLayout().isIdentity())
      return emitOpError("buffer of type ")
             << type << " must have an identity layout";
  }
  if (auto attrs = getOpAttrsAttr()) {
    for (NamedAttribute attr : attrs) {
      if (!isSupportedAttrValue(attr.getValue()))
        return emitOpError("attribute '")
               << attr.getName().getValue()
               << "' must be an i64, an f32, a string, or an array of i64 "
                  "or f32";
    }
  }
  return success();
}

void CustomCallOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>>
        &effects) {
  // The tensor form is a pure function of its operands; the buffer form
  // reads its inputs and writes its outputs, nothing else.
  for (OpOperand &input : getInputsMutable())
    if (isa<MemRefType>(input.get().getType()))
      effects.emplace_back(MemoryEffects::Read::get(), &input,
                           SideEffects::DefaultResource::get());
  for (OpOperand &output : getOutputsMutable())
    effects.emplace_back(MemoryEffects::Write::get(), &output,
                         SideEffects::DefaultResource::get());
}
