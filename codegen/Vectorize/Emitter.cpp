//===- Emitter.cpp - Write the vector loops of a VectorPlan ---------------===//
//
// Emits the loop nest a VectorPlan describes: scf loops over the outer
// dims (the leading ones as one scf.parallel {kiln.parallel} when the plan
// says so), then the vector loop split into an unrolled main loop, single
// full tiles and static masked tiles. The payload is cloned once per tile
// with vector result types; values from outside the payload are broadcast
// once before the loops.
//
//===----------------------------------------------------------------------===//

#include "codegen/Vectorize/VectorPlan.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"

#include <functional>

using namespace mlir;

namespace kiln::codegen::vectorize {
namespace {

/// The unit attribute kiln-outline-parallel looks for.
constexpr llvm::StringLiteral kParallelAttr = "kiln.parallel";

/// The neutral element of `kind` on `type`: combining it changes nothing,
/// so masked lanes and fresh accumulators can start from it.
TypedAttr getNeutralElement(vector::CombiningKind kind, Type type) {
  using Kind = vector::CombiningKind;
  if (auto floatType = dyn_cast<FloatType>(type)) {
    const llvm::fltSemantics &sem = floatType.getFloatSemantics();
    switch (kind) {
    case Kind::MUL:
      return FloatAttr::get(type, APFloat::getOne(sem));
    case Kind::MAXIMUMF:
      return FloatAttr::get(type, APFloat::getInf(sem, /*Negative=*/true));
    case Kind::MINIMUMF:
      return FloatAttr::get(type, APFloat::getInf(sem, /*Negative=*/false));
    case Kind::MAXNUMF:
    case Kind::MINNUMF:
      // maxnum/minnum return the other operand when one is a NaN.
      return FloatAttr::get(type, APFloat::getQNaN(sem));
    default:
      // -0.0 + x == x for every x, +0.0 included.
      return FloatAttr::get(type, APFloat::getZero(sem, /*Negative=*/true));
    }
  }
  unsigned width = type.getIntOrFloatBitWidth();
  APInt value = APInt::getZero(width);
  switch (kind) {
  case Kind::MUL:
    value = APInt(width, 1);
    break;
  case Kind::AND:
  case Kind::MINUI:
    value = APInt::getAllOnes(width);
    break;
  case Kind::MAXSI:
    value = APInt::getSignedMinValue(width);
    break;
  case Kind::MINSI:
    value = APInt::getSignedMaxValue(width);
    break;
  default:
    break;
  }
  return IntegerAttr::get(type, value);
}

/// `1` of a scalar type: what masked-off lanes load, so that a payload
/// dividing by them cannot trap.
TypedAttr getOne(Type type) {
  if (auto floatType = dyn_cast<FloatType>(type))
    return FloatAttr::get(type, APFloat::getOne(floatType.getFloatSemantics()));
  return IntegerAttr::get(type, 1);
}

bool isIntegerDivision(Operation *op) {
  return isa<arith::DivSIOp, arith::DivUIOp, arith::RemSIOp, arith::RemUIOp,
             arith::CeilDivSIOp, arith::CeilDivUIOp, arith::FloorDivSIOp>(op);
}

class PlanEmitter {
public:
  PlanEmitter(OpBuilder &builder, const VectorPlan &plan)
      : b(builder), prologue(builder.getContext()), plan(plan),
        loc(plan.op->getLoc()), block(linalg::LinalgOp(plan.op).getBlock()),
        lanes(plan.lanes) {
    for (auto [add, mul] : plan.multiplyAdds)
      fusedProducts.insert(mul);
  }

  void emit();

private:
  using Body = std::function<SmallVector<Value>(ArrayRef<Value>, ValueRange)>;

  //===--- Values made once, before the loops -----------------------------===//
  Value index(int64_t value);
  /// The value of a folded index computation (constants from the cache).
  Value materialize(OpFoldResult value);
  Value splat(Value scalar);
  Value splatConstant(VectorType type, TypedAttr element);
  Value mask(int64_t size, int64_t valid);
  /// The 1-D view (or the scalar) of an operand of the plan.
  Value viewOf(const OperandPlan &p) const {
    return views[&p - plan.operands.data()];
  }
  VectorType vectorOf(Type element, int64_t size = 0) const {
    return VectorType::get({size ? size : lanes}, element);
  }

  //===--- Memory ---------------------------------------------------------===//
  Value linearIndex(const OperandPlan &p, ArrayRef<Value> ivs);
  Value load(const OperandPlan &p, ArrayRef<Value> ivs, int64_t valid);
  void store(const OperandPlan &p, ArrayRef<Value> ivs, Value value,
             int64_t valid);
  /// The shared loads of a tile: invariant inputs and scalars.
  void loadShared(ArrayRef<Value> ivs, IRMapping &map);

  //===--- Payload --------------------------------------------------------===//
  void clonePayload(Block *payload, IRMapping &map, int64_t valid,
                    const llvm::SmallPtrSetImpl<Operation *> *skip);
  Value lookupVector(IRMapping &map, Value scalar);
  Value combine(size_t output, Value acc, Value x);

  //===--- Loops ----------------------------------------------------------===//
  SmallVector<Value> emitForNest(ArrayRef<int64_t> sizes, ValueRange init,
                                 const Body &body,
                                 ArrayRef<int64_t> steps = {});
  void emitOuterLoops(function_ref<void(ArrayRef<Value>)> body);
  /// Runs `tile(base, count, valid, accs)` over the vector loop's tiles.
  SmallVector<Value> emitVectorRange(
      ValueRange init, bool parallel,
      const std::function<SmallVector<Value>(Value, int64_t, int64_t,
                                             ValueRange)> &tile);
  SmallVector<Value> tileBases(Value base, int64_t count);

  //===--- Strategies -----------------------------------------------------===//
  void emitLanes(ArrayRef<Value> outer);
  /// Evaluates `payload` at every position of a tile: the operands of
  /// `role` are loaded (loads shared where the positions agree), `bind`
  /// maps the rest; returns the yielded vectors, value-major.
  SmallVector<Value>
  mapPositions(Block *payload, Role role,
               ArrayRef<SmallVector<Value>> positions, int64_t valid,
               function_ref<void(IRMapping &, int64_t)> bind);
  void emitHorizontal(ArrayRef<Value> outer);
  SmallVector<Value> reduceTile(ArrayRef<Value> ivs, Value base, int64_t count,
                                int64_t valid, ValueRange accs);

  OpBuilder &b;
  OpBuilder prologue;
  const VectorPlan &plan;
  Location loc;
  Block *block;
  int64_t lanes;
  SmallVector<Value> views; ///< Per operand: its 1-D view or scalar.
  SmallVector<size_t> outputIndices;
  llvm::DenseMap<int64_t, Value> indices;
  llvm::DenseMap<Value, Value> splats;
  llvm::DenseMap<std::pair<Type, Attribute>, Value> constants;
  llvm::DenseMap<std::pair<int64_t, int64_t>, Value> masks;
  /// Products folded into an fmuladd by the payload op using them.
  llvm::SmallPtrSet<Operation *, 4> fusedProducts;
  /// Whether the tile being emitted is past the plan's full tiles.
  bool edgeTile = false;
};

//===----------------------------------------------------------------------===//
// Values made once
//===----------------------------------------------------------------------===//

Value PlanEmitter::index(int64_t value) {
  Value &slot = indices[value];
  if (!slot)
    slot = arith::ConstantIndexOp::create(prologue, loc, value);
  return slot;
}

Value PlanEmitter::materialize(OpFoldResult value) {
  if (std::optional<int64_t> constant = getConstantIntValue(value))
    return index(*constant);
  return cast<Value>(value);
}

Value PlanEmitter::splat(Value scalar) {
  Value &slot = splats[scalar];
  if (!slot) {
    if (auto cst = scalar.getDefiningOp<arith::ConstantOp>())
      slot = splatConstant(vectorOf(scalar.getType()), cst.getValue());
    else
      slot = vector::BroadcastOp::create(prologue, loc,
                                         vectorOf(scalar.getType()), scalar);
  }
  return slot;
}

Value PlanEmitter::splatConstant(VectorType type, TypedAttr element) {
  Value &slot = constants[{type, element}];
  if (!slot)
    slot = arith::ConstantOp::create(prologue, loc, type,
                                     DenseElementsAttr::get(type, element));
  return slot;
}

Value PlanEmitter::mask(int64_t size, int64_t valid) {
  Value &slot = masks[{size, valid}];
  if (!slot)
    slot = vector::ConstantMaskOp::create(
        prologue, loc, VectorType::get({size}, prologue.getI1Type()),
        ArrayRef<int64_t>{valid});
  return slot;
}

//===----------------------------------------------------------------------===//
// Memory
//===----------------------------------------------------------------------===//

Value PlanEmitter::linearIndex(const OperandPlan &p, ArrayRef<Value> ivs) {
  MLIRContext *ctx = b.getContext();
  AffineExpr expr = getAffineConstantExpr(p.constant, ctx);
  SmallVector<OpFoldResult> operands;
  for (auto [coefficient, iv] : llvm::zip(p.coefficients, ivs)) {
    if (coefficient == 0)
      continue;
    expr = expr + getAffineDimExpr(operands.size(), ctx) * coefficient;
    operands.push_back(iv);
  }
  if (operands.empty())
    return index(p.constant);
  OpFoldResult folded = affine::makeComposedFoldedAffineApply(
      b, loc, AffineMap::get(operands.size(), 0, expr), operands);
  return materialize(folded);
}

Value PlanEmitter::load(const OperandPlan &p, ArrayRef<Value> ivs,
                        int64_t valid) {
  Value view = viewOf(p);
  VectorType type = vectorOf(p.elementType);
  Value at = linearIndex(p, ivs);
  bool full = valid == lanes;
  switch (p.kind) {
  case AccessKind::Scalar:
    return splat(view);
  case AccessKind::Invariant:
    return vector::BroadcastOp::create(
        b, loc, type, memref::LoadOp::create(b, loc, view, ValueRange{at}));
  case AccessKind::Contiguous:
    if (full)
      return vector::LoadOp::create(b, loc, type, view, ValueRange{at});
    return vector::MaskedLoadOp::create(
        b, loc, type, view, ValueRange{at}, mask(lanes, valid),
        splatConstant(type, getOne(p.elementType)));
  case AccessKind::Stride2: {
    // Lanes 0, 2, 4, ... of a load twice as wide: the wide load is still
    // one or two contiguous vector loads, the shuffle a deinterleave.
    VectorType wide = vectorOf(p.elementType, 2 * lanes);
    // Past the plan's full tiles the wide load could leave the view even
    // when every lane is valid: mask it to the lanes it needs.
    Value both =
        full && !edgeTile
            ? Value(vector::LoadOp::create(b, loc, wide, view, ValueRange{at}))
            : Value(vector::MaskedLoadOp::create(
                  b, loc, wide, view, ValueRange{at},
                  mask(2 * lanes, 2 * (valid - 1) + 1),
                  splatConstant(wide, getOne(p.elementType))));
    SmallVector<int64_t> evens;
    for (int64_t i = 0; i < lanes; ++i)
      evens.push_back(2 * i);
    return vector::ShuffleOp::create(b, loc, both, both, evens);
  }
  case AccessKind::Gather: {
    int64_t stride = p.coefficients.back();
    SmallVector<int32_t> offsets;
    for (int64_t i = 0; i < lanes; ++i)
      offsets.push_back(static_cast<int32_t>(i * stride));
    VectorType offsetType = vectorOf(b.getI32Type());
    auto offsetAttr =
        DenseElementsAttr::get(offsetType, ArrayRef<int32_t>(offsets));
    Value &offsetVector = constants[{offsetType, offsetAttr}];
    if (!offsetVector)
      offsetVector =
          arith::ConstantOp::create(prologue, loc, offsetType, offsetAttr);
    return vector::GatherOp::create(b, loc, type, view, ValueRange{at},
                                    offsetVector, mask(lanes, valid),
                                    splatConstant(type, getOne(p.elementType)));
  }
  }
  return Value();
}

void PlanEmitter::store(const OperandPlan &p, ArrayRef<Value> ivs, Value value,
                        int64_t valid) {
  Value view = viewOf(p);
  Value at = linearIndex(p, ivs);
  if (valid == lanes)
    vector::StoreOp::create(b, loc, value, view, ValueRange{at});
  else
    vector::MaskedStoreOp::create(b, loc, view, ValueRange{at},
                                  mask(lanes, valid), value);
}

void PlanEmitter::loadShared(ArrayRef<Value> ivs, IRMapping &map) {
  for (const OperandPlan &p : plan.operands) {
    if (p.role != Role::Op || p.isOutput || !p.read)
      continue;
    if (p.kind == AccessKind::Scalar)
      map.map(p.arg, splat(viewOf(p)));
    else if (p.kind == AccessKind::Invariant)
      map.map(p.arg, load(p, ivs, lanes));
  }
}

//===----------------------------------------------------------------------===//
// Payload
//===----------------------------------------------------------------------===//

void PlanEmitter::clonePayload(Block *payload, IRMapping &map, int64_t valid,
                               const llvm::SmallPtrSetImpl<Operation *> *skip) {
  for (Operation &op : payload->without_terminator()) {
    if ((skip && skip->contains(&op)) || fusedProducts.contains(&op))
      continue;
    if (Operation *mul = plan.multiplyAdds.lookup(&op)) {
      Value acc = op.getOperand(0) == mul->getResult(0) ? op.getOperand(1)
                                                        : op.getOperand(0);
      map.map(op.getResult(0),
              LLVM::FMulAddOp::create(b, loc,
                                      lookupVector(map, mul->getOperand(0)),
                                      lookupVector(map, mul->getOperand(1)),
                                      lookupVector(map, acc)));
      continue;
    }
    if (auto cst = dyn_cast<arith::ConstantOp>(op)) {
      map.map(cst.getResult(),
              splatConstant(vectorOf(cst.getType()), cst.getValue()));
      continue;
    }
    for (Value operand : op.getOperands())
      if (!map.contains(operand))
        map.map(operand, splat(operand));
    Operation *clone = b.clone(op, map);
    for (OpResult result : clone->getResults())
      result.setType(vectorOf(result.getType()));
    if (valid < lanes && isIntegerDivision(clone)) {
      // Masked-off lanes must not divide by zero (an integer division
      // traps): they divide by one.
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPoint(clone);
      Value divisor = clone->getOperand(1);
      auto type = cast<VectorType>(divisor.getType());
      clone->setOperand(
          1, arith::SelectOp::create(
                 b, loc, mask(lanes, valid), divisor,
                 splatConstant(type, getOne(type.getElementType()))));
    }
  }
}

Value PlanEmitter::lookupVector(IRMapping &map, Value scalar) {
  Value mapped = map.lookupOrDefault(scalar);
  return isa<VectorType>(mapped.getType()) ? mapped : splat(mapped);
}

Value PlanEmitter::combine(size_t output, Value acc, Value x) {
  const Combiner &c = plan.combiners[output];
  const OperandPlan &p = plan.operands[outputIndices[output]];
  IRMapping map;
  map.map(p.arg, acc);
  map.map(c.value, x);
  Operation *clone = b.clone(*c.op, map);
  clone->getResult(0).setType(acc.getType());
  return clone->getResult(0);
}

//===----------------------------------------------------------------------===//
// Loops
//===----------------------------------------------------------------------===//

SmallVector<Value> PlanEmitter::emitForNest(ArrayRef<int64_t> sizes,
                                            ValueRange init, const Body &body,
                                            ArrayRef<int64_t> steps) {
  SmallVector<Value> ivs;
  std::function<SmallVector<Value>(size_t, ValueRange)> nest =
      [&](size_t level, ValueRange args) -> SmallVector<Value> {
    if (level == sizes.size())
      return body(ivs, args);
    int64_t step = steps.empty() ? 1 : steps[level];
    auto loop = scf::ForOp::create(
        b, loc, index(0), index(sizes[level]), index(step), args,
        [&](OpBuilder &, Location, Value iv, ValueRange iterArgs) {
          ivs.push_back(iv);
          SmallVector<Value> results = nest(level + 1, iterArgs);
          ivs.pop_back();
          scf::YieldOp::create(b, loc, results);
        });
    return SmallVector<Value>(loop.getResults());
  };
  return nest(0, init);
}

void PlanEmitter::emitOuterLoops(function_ref<void(ArrayRef<Value>)> body) {
  SmallVector<int64_t> sizes, steps, trips;
  for (int64_t l = 0; l < plan.numOuter; ++l) {
    sizes.push_back(plan.loops[l].size);
    steps.push_back(plan.step(l));
    trips.push_back(plan.tripCount(l));
  }
  int64_t numParallel = std::max<int64_t>(plan.parallelLoops, 0);
  auto serial = [&](ArrayRef<Value> leading) {
    emitForNest(
        ArrayRef(sizes).drop_front(numParallel), {},
        [&](ArrayRef<Value> rest, ValueRange) {
          SmallVector<Value> ivs(leading);
          ivs.append(rest.begin(), rest.end());
          body(ivs);
          return SmallVector<Value>();
        },
        ArrayRef(steps).drop_front(numParallel));
  };
  if (numParallel == 0)
    return serial({});
  ArrayRef<int64_t> leading = ArrayRef(trips).take_front(numParallel);
  int64_t items = 1;
  for (int64_t trip : leading)
    items *= trip;
  auto parallel = scf::ParallelOp::create(
      b, loc, ValueRange{index(0)}, ValueRange{index(items)},
      ValueRange{index(1)}, [&](OpBuilder &, Location, ValueRange item) {
        SmallVector<Value> ivs;
        if (numParallel == 1)
          ivs.push_back(item[0]);
        else
          ivs = SmallVector<Value>(
              affine::AffineDelinearizeIndexOp::create(b, loc, item[0], leading)
                  .getResults());
        // Loops with a step count iterations of that step.
        for (int64_t l = 0; l < numParallel; ++l)
          if (steps[l] != 1)
            ivs[l] = materialize(affine::makeComposedFoldedAffineApply(
                b, loc, b.getAffineDimExpr(0) * steps[l],
                ArrayRef<OpFoldResult>{ivs[l]}));
        serial(ivs);
      });
  parallel->setAttr(kParallelAttr, b.getUnitAttr());
}

SmallVector<Value> PlanEmitter::tileBases(Value base, int64_t count) {
  SmallVector<Value> bases = {base};
  AffineExpr d0 = b.getAffineDimExpr(0);
  for (int64_t u = 1; u < count; ++u)
    bases.push_back(materialize(affine::makeComposedFoldedAffineApply(
        b, loc, AffineMap::get(1, 0, d0 + u * lanes),
        ArrayRef<OpFoldResult>{base})));
  return bases;
}

SmallVector<Value> PlanEmitter::emitVectorRange(
    ValueRange init, bool parallel,
    const std::function<SmallVector<Value>(Value, int64_t, int64_t, ValueRange)>
        &tile) {
  int64_t unroll = plan.unroll, full = plan.fullTiles;
  int64_t size = plan.vectorSize();
  int64_t mainIterations = full / unroll, step = unroll * lanes;
  SmallVector<Value> accs(init);
  if (parallel && mainIterations >= 2) {
    // Only without loop-carried values (Lanes with no outer loop).
    auto loop = scf::ParallelOp::create(
        b, loc, ValueRange{index(0)}, ValueRange{index(mainIterations)},
        ValueRange{index(1)}, [&](OpBuilder &, Location, ValueRange item) {
          Value base = materialize(affine::makeComposedFoldedAffineApply(
              b, loc, b.getAffineDimExpr(0) * step,
              ArrayRef<OpFoldResult>{item[0]}));
          tile(base, unroll, lanes, {});
        });
    loop->setAttr(kParallelAttr, b.getUnitAttr());
  } else if (mainIterations == 1) {
    accs = tile(index(0), unroll, lanes, accs);
  } else if (mainIterations > 1) {
    auto loop = scf::ForOp::create(
        b, loc, index(0), index(mainIterations * step), index(step), accs,
        [&](OpBuilder &, Location, Value base, ValueRange args) {
          scf::YieldOp::create(b, loc, tile(base, unroll, lanes, args));
        });
    accs = SmallVector<Value>(loop.getResults());
  }
  // Full tiles the unrolled loop left, one at a time.
  int64_t restBegin = mainIterations * step, restEnd = full * lanes;
  if (restEnd - restBegin == lanes) {
    accs = tile(index(restBegin), 1, lanes, accs);
  } else if (restEnd > restBegin) {
    auto loop = scf::ForOp::create(
        b, loc, index(restBegin), index(restEnd), index(lanes), accs,
        [&](OpBuilder &, Location, Value base, ValueRange args) {
          scf::YieldOp::create(b, loc, tile(base, 1, lanes, args));
        });
    accs = SmallVector<Value>(loop.getResults());
  }
  // Static masked tiles for the rest.
  edgeTile = true;
  for (int64_t base = restEnd; base < size; base += lanes)
    accs = tile(index(base), 1, std::min(lanes, size - base), accs);
  edgeTile = false;
  return accs;
}

//===----------------------------------------------------------------------===//
// Lanes: vector along a parallel loop
//===----------------------------------------------------------------------===//

void PlanEmitter::emitLanes(ArrayRef<Value> outer) {
  SmallVector<int64_t> inner;
  for (size_t l = plan.numOuter; l + 1 < plan.loops.size(); ++l)
    inner.push_back(plan.loops[l].size);
  size_t numLoops = plan.loops.size();
  const OperandPlan *result = nullptr;
  for (const OperandPlan &p : plan.operands)
    if (p.role == Role::Result)
      result = &p;
  auto tile = [&](Value base, int64_t count, int64_t valid,
                  ValueRange) -> SmallVector<Value> {
    // The tile's positions: rows of the innermost outer loop x vectors.
    SmallVector<Value> bases = tileBases(base, count);
    SmallVector<SmallVector<Value>> positions;
    for (int64_t row = 0; row < plan.rowUnroll; ++row) {
      SmallVector<Value> ivs(outer);
      ivs.resize(numLoops);
      if (row > 0) {
        Value &rowIv = ivs[plan.numOuter - 1];
        rowIv = materialize(affine::makeComposedFoldedAffineApply(
            b, loc, b.getAffineDimExpr(0) + row,
            ArrayRef<OpFoldResult>{rowIv}));
      }
      for (Value tileBase : bases) {
        ivs.back() = tileBase;
        positions.push_back(ivs);
      }
    }
    int64_t n = positions.size();
    // Outputs stay in registers across the reduction loops, starting from
    // the fused initializer's values or from memory.
    SmallVector<Value> accs;
    if (plan.init) {
      accs = mapPositions(linalg::LinalgOp(plan.init).getBlock(), Role::Init,
                          positions, valid, [](IRMapping &, int64_t) {});
    } else {
      for (size_t index : outputIndices) {
        const OperandPlan &p = plan.operands[index];
        for (ArrayRef<Value> ivs : positions)
          accs.push_back(!inner.empty() || p.read ? load(p, ivs, valid)
                                                  : Value());
      }
    }
    auto compute = [&](ArrayRef<SmallVector<Value>> at, ValueRange args) {
      return mapPositions(
          block, Role::Op, at, valid, [&](IRMapping &map, int64_t u) {
            for (auto [o, index] : llvm::enumerate(outputIndices)) {
              const OperandPlan &p = plan.operands[index];
              if (p.read)
                map.map(p.arg, args[o * n + u]);
            }
          });
    };
    SmallVector<Value> results;
    if (inner.empty()) {
      results = compute(positions, accs);
    } else {
      results = emitForNest(
          inner, accs, [&](ArrayRef<Value> innerIvs, ValueRange args) {
            SmallVector<SmallVector<Value>> at(positions);
            for (SmallVector<Value> &ivs : at)
              llvm::copy(innerIvs, ivs.begin() + plan.numOuter);
            return compute(at, args);
          });
    }
    if (plan.epilogue) {
      results = mapPositions(linalg::LinalgOp(plan.epilogue).getBlock(),
                             Role::Epilogue, positions, valid,
                             [&](IRMapping &map, int64_t u) {
                               map.map(plan.epilogueArg, results[u]);
                             });
      for (auto [u, ivs] : llvm::enumerate(positions))
        store(*result, ivs, results[u], valid);
      return {};
    }
    for (auto [o, index] : llvm::enumerate(outputIndices))
      for (auto [u, ivs] : llvm::enumerate(positions))
        store(plan.operands[index], ivs, results[o * n + u], valid);
    return {};
  };
  emitVectorRange({}, plan.parallelLoops == -1, tile);
}

SmallVector<Value>
PlanEmitter::mapPositions(Block *payload, Role role,
                          ArrayRef<SmallVector<Value>> positions, int64_t valid,
                          function_ref<void(IRMapping &, int64_t)> bind) {
  int64_t n = positions.size();
  Operation *yield = payload->getTerminator();
  SmallVector<Value> results(yield->getNumOperands() * n);
  // A load is shared by the positions that agree on the loops it depends
  // on: the weights of every row and vector, a matmul's B row for every row.
  struct SharedLoad {
    const OperandPlan *operand;
    SmallVector<Value> key;
    Value value;
  };
  SmallVector<SharedLoad> loads;
  auto read = [&](const OperandPlan &p, ArrayRef<Value> ivs) {
    SmallVector<Value> key;
    for (auto [coefficient, iv] : llvm::zip(p.coefficients, ivs))
      if (coefficient != 0)
        key.push_back(iv);
    for (const SharedLoad &shared : loads)
      if (shared.operand == &p && shared.key == key)
        return shared.value;
    Value value = load(p, ivs, valid);
    loads.push_back({&p, std::move(key), value});
    return value;
  };
  for (int64_t u = 0; u < n; ++u) {
    IRMapping map;
    bind(map, u);
    for (const OperandPlan &p : plan.operands)
      if (p.role == role && !p.isOutput && p.read)
        map.map(p.arg, read(p, positions[u]));
    clonePayload(payload, map, valid, nullptr);
    for (auto [o, yielded] : llvm::enumerate(yield->getOperands()))
      results[o * n + u] = lookupVector(map, yielded);
  }
  return results;
}

//===----------------------------------------------------------------------===//
// Horizontal: vector along a reduction loop
//===----------------------------------------------------------------------===//

void PlanEmitter::emitHorizontal(ArrayRef<Value> outer) {
  int64_t count = plan.unroll;
  size_t numLoops = plan.loops.size();
  SmallVector<int64_t> inner;
  for (size_t l = plan.numOuter; l + 1 < numLoops; ++l)
    inner.push_back(plan.loops[l].size);

  SmallVector<Value> init;
  for (auto [o, index] : llvm::enumerate(outputIndices)) {
    Type element = plan.operands[index].elementType;
    Value neutral = splatConstant(
        vectorOf(element), getNeutralElement(plan.combiners[o].kind, element));
    init.append(count, neutral);
  }
  auto range = [&](ArrayRef<Value> ivs, ValueRange accs) {
    return emitVectorRange(
        accs, /*parallel=*/false,
        [&](Value base, int64_t tiles, int64_t valid, ValueRange args) {
          return reduceTile(ivs, base, tiles, valid, args);
        });
  };
  SmallVector<Value> ivs(outer);
  ivs.resize(numLoops);
  SmallVector<Value> accs =
      inner.empty()
          ? range(ivs, init)
          : emitForNest(inner, init,
                        [&](ArrayRef<Value> innerIvs, ValueRange args) {
                          SmallVector<Value> all(outer);
                          all.append(innerIvs.begin(), innerIvs.end());
                          all.push_back(Value());
                          return range(all, args);
                        });

  // Unrolled accumulators, then halves of the vector, then the output.
  for (auto [o, index] : llvm::enumerate(outputIndices)) {
    Value vector = accs[o * count];
    for (int64_t u = 1; u < count; ++u)
      vector = combine(o, vector, accs[o * count + u]);
    for (int64_t width = lanes / 2; width >= 1; width /= 2) {
      Value low = vector::ExtractStridedSliceOp::create(
          b, loc, vector, ArrayRef<int64_t>{0}, ArrayRef<int64_t>{width},
          ArrayRef<int64_t>{1});
      Value high = vector::ExtractStridedSliceOp::create(
          b, loc, vector, ArrayRef<int64_t>{width}, ArrayRef<int64_t>{width},
          ArrayRef<int64_t>{1});
      vector = combine(o, low, high);
    }
    Value total =
        vector::ExtractOp::create(b, loc, vector, ArrayRef<int64_t>{0});
    const OperandPlan &p = plan.operands[index];
    Value view = views[index];
    Value at = linearIndex(p, ivs);
    Value old = memref::LoadOp::create(b, loc, view, ValueRange{at});
    memref::StoreOp::create(b, loc, combine(o, old, total), view,
                            ValueRange{at});
  }
}

SmallVector<Value> PlanEmitter::reduceTile(ArrayRef<Value> ivs, Value base,
                                           int64_t count, int64_t valid,
                                           ValueRange accs) {
  SmallVector<Value> bases = tileBases(base, count);
  int64_t unroll = plan.unroll;
  llvm::SmallPtrSet<Operation *, 4> skipped;
  for (const Combiner &c : plan.combiners) {
    skipped.insert(c.op);
    if (c.product)
      skipped.insert(c.product);
  }
  IRMapping shared;
  loadShared(ivs, shared);
  SmallVector<Value> results(accs);
  SmallVector<Value> tileIvs(ivs);
  for (int64_t u = 0; u < count; ++u) {
    tileIvs.back() = bases[u];
    IRMapping map = shared;
    for (const OperandPlan &p : plan.operands)
      if (p.role == Role::Op && !p.isOutput && p.read && !map.contains(p.arg))
        map.map(p.arg, load(p, tileIvs, valid));
    clonePayload(block, map, valid, &skipped);
    for (auto [o, c] : llvm::enumerate(plan.combiners)) {
      Value acc = results[o * unroll + u];
      Value next =
          c.product ? Value(LLVM::FMulAddOp::create(
                          b, loc, lookupVector(map, c.product->getOperand(0)),
                          lookupVector(map, c.product->getOperand(1)), acc))
                    : combine(o, acc, lookupVector(map, c.value));
      if (valid < lanes)
        next = arith::SelectOp::create(b, loc, mask(lanes, valid), next, acc);
      results[o * unroll + u] = next;
    }
  }
  return results;
}

//===----------------------------------------------------------------------===//
// Driver
//===----------------------------------------------------------------------===//

void PlanEmitter::emit() {
  Operation *op = plan.op;
  b.setInsertionPoint(op);
  // Everything made once goes before this anchor, the loops after it.
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  indices[0] = zero;
  prologue.setInsertionPoint(zero.getDefiningOp());

  for (auto [index, p] : llvm::enumerate(plan.operands)) {
    if (p.isOutput)
      outputIndices.push_back(index);
    Value value = p.operand->get();
    auto type = dyn_cast<MemRefType>(value.getType());
    if (!type || (type.getRank() == 1 && type.getLayout().isIdentity())) {
      views.push_back(value);
      continue;
    }
    auto viewType =
        MemRefType::get({p.span}, p.elementType,
                        StridedLayoutAttr::get(b.getContext(), p.offset, {1}),
                        type.getMemorySpace());
    views.push_back(memref::ReinterpretCastOp::create(
        prologue, loc, viewType, value, p.offset, ArrayRef<int64_t>{p.span},
        ArrayRef<int64_t>{1}));
  }

  emitOuterLoops([&](ArrayRef<Value> outer) {
    if (plan.strategy == Strategy::Lanes)
      emitLanes(outer);
    else
      emitHorizontal(outer);
  });
}

} // namespace

void emitVectorPlan(OpBuilder &builder, const VectorPlan &plan) {
  Operation *op = plan.op;
  // The views and constants between the op and its fused epilogue (all
  // without memory effects) are needed before the loops.
  if (plan.epilogue)
    while (op->getNextNode() != plan.epilogue)
      op->getNextNode()->moveBefore(op);
  if (!plan.empty)
    PlanEmitter(builder, plan).emit();
  op->erase();
  if (plan.init)
    plan.init->erase();
  if (plan.epilogue)
    plan.epilogue->erase();
}

} // namespace kiln::codegen::vectorize
