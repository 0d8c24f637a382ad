//===- Analysis.cpp - Decide how kiln-vectorize rewrites a linalg op ------===//
//
// Turns a linalg op on static memrefs into a VectorPlan. Every operand is
// seen through a 1-D view of its memref, addressed by a linear form of the
// loop indices (its indexing map composed with the memref's strides). In
// that form all the questions the vectorizer asks are arithmetic on
// coefficients: an operand is contiguous along a loop whose coefficient is
// 1, broadcast along one whose coefficient is 0, and two adjacent loops can
// be merged into one when every operand's outer coefficient is the inner one
// times the inner extent.
//
//===----------------------------------------------------------------------===//

#include "codegen/Vectorize/VectorPlan.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/CheckedArithmetic.h"

#include <algorithm>

using namespace mlir;

namespace kiln::codegen::vectorize {
namespace {

std::string typeString(Type type) {
  std::string text;
  llvm::raw_string_ostream(text) << type;
  return text;
}

/// Scalar integer or float types of whole bytes; vectors of i1 in memory
/// would be bit-packed by LLVM while memrefs of i1 hold a byte per element.
bool isVectorizableElementType(Type type) {
  if (!isa<IntegerType, FloatType>(type))
    return false;
  unsigned width = type.getIntOrFloatBitWidth();
  return width >= 8 && width % 8 == 0;
}

/// A payload value type that may become a vector (i1 included).
bool isVectorizableValueType(Type type) {
  return isa<IntegerType, FloatType>(type);
}

/// Ops the emitter can clone with vector types: elementwise-mappable ops
/// (arith, math) and the fmuladd kiln-legalize-freestanding made of math.fma.
bool isVectorizablePayloadOp(Operation *op) {
  if (op->getNumRegions() != 0 || !isMemoryEffectFree(op))
    return false;
  for (Type type :
       llvm::concat<const Type>(op->getOperandTypes(), op->getResultTypes()))
    if (!isVectorizableValueType(type))
      return false;
  if (isa<arith::ConstantOp>(op))
    return true;
  if (isa<LLVM::FMulAddOp>(op))
    return true;
  return OpTrait::hasElementwiseMappableTraits(op);
}

/// Adds `scale` * `expr` to the linear form (`coefficients`, `constant`).
/// Fails on non-linear expressions (mod, div, symbols) and on overflow.
bool addLinear(AffineExpr expr, int64_t scale,
               MutableArrayRef<int64_t> coefficients, int64_t &constant) {
  auto addTo = [&](int64_t &slot, int64_t factor) {
    std::optional<int64_t> term = llvm::checkedMul(scale, factor);
    if (!term)
      return false;
    std::optional<int64_t> sum = llvm::checkedAdd(slot, *term);
    if (!sum)
      return false;
    slot = *sum;
    return true;
  };
  if (auto dim = dyn_cast<AffineDimExpr>(expr))
    return addTo(coefficients[dim.getPosition()], 1);
  if (auto cst = dyn_cast<AffineConstantExpr>(expr))
    return addTo(constant, cst.getValue());
  auto binary = dyn_cast<AffineBinaryOpExpr>(expr);
  if (!binary)
    return false;
  if (binary.getKind() == AffineExprKind::Add)
    return addLinear(binary.getLHS(), scale, coefficients, constant) &&
           addLinear(binary.getRHS(), scale, coefficients, constant);
  if (binary.getKind() == AffineExprKind::Mul) {
    AffineExpr lhs = binary.getLHS(), rhs = binary.getRHS();
    if (isa<AffineConstantExpr>(lhs))
      std::swap(lhs, rhs);
    auto factor = dyn_cast<AffineConstantExpr>(rhs);
    if (!factor)
      return false;
    std::optional<int64_t> scaled = llvm::checkedMul(scale, factor.getValue());
    return scaled && addLinear(lhs, *scaled, coefficients, constant);
  }
  return false;
}

/// The combining kind of a payload op that can reduce horizontally.
std::optional<vector::CombiningKind> getCombiningKind(Operation *op) {
  using Kind = vector::CombiningKind;
  return llvm::TypeSwitch<Operation *, std::optional<Kind>>(op)
      .Case<arith::AddFOp, arith::AddIOp>([](auto) { return Kind::ADD; })
      .Case<arith::MulFOp, arith::MulIOp>([](auto) { return Kind::MUL; })
      .Case<arith::MaximumFOp>([](auto) { return Kind::MAXIMUMF; })
      .Case<arith::MinimumFOp>([](auto) { return Kind::MINIMUMF; })
      .Case<arith::MaxNumFOp>([](auto) { return Kind::MAXNUMF; })
      .Case<arith::MinNumFOp>([](auto) { return Kind::MINNUMF; })
      .Case<arith::AndIOp>([](auto) { return Kind::AND; })
      .Case<arith::OrIOp>([](auto) { return Kind::OR; })
      .Case<arith::XOrIOp>([](auto) { return Kind::XOR; })
      .Case<arith::MaxSIOp>([](auto) { return Kind::MAXSI; })
      .Case<arith::MinSIOp>([](auto) { return Kind::MINSI; })
      .Case<arith::MaxUIOp>([](auto) { return Kind::MAXUI; })
      .Case<arith::MinUIOp>([](auto) { return Kind::MINUI; })
      .Default([](Operation *) { return std::nullopt; });
}

/// Matches `yield(combine(out, x))` for every output, where `out` (the
/// output's block argument) is used only there: the payload is then a map
/// over the inputs followed by a reduction the emitter may reassociate.
FailureOr<SmallVector<Combiner>> matchCombiners(linalg::LinalgOp op) {
  Block *block = op.getBlock();
  SmallVector<Combiner> combiners;
  for (OpOperand &init : op.getDpsInitsMutable()) {
    BlockArgument out = op.getMatchingBlockArgument(&init);
    Value yielded = op.getMatchingYieldValue(&init)->get();
    Operation *combine = yielded.getDefiningOp();
    if (!combine || combine->getBlock() != block || !yielded.hasOneUse() ||
        !out.hasOneUse() || combine->getNumOperands() != 2)
      return failure();
    std::optional<vector::CombiningKind> kind = getCombiningKind(combine);
    if (!kind)
      return failure();
    Value lhs = combine->getOperand(0), rhs = combine->getOperand(1);
    if (lhs != out && rhs != out)
      return failure();
    Combiner c;
    c.op = combine;
    c.value = lhs == out ? rhs : lhs;
    c.kind = *kind;
    if (c.value == out)
      return failure();
    combiners.push_back(c);
  }
  return combiners;
}

/// A loop of the op while the plan is being built: its extent, its
/// coefficient in every operand's linear form, and whether it reduces.
struct WorkLoop {
  int64_t size;
  bool reduction;
  SmallVector<int64_t> coefficients; ///< Per operand.
};

/// Whether `outer` followed by `inner` walk every operand as one loop of
/// outer.size * inner.size iterations would.
bool canMerge(const WorkLoop &outer, const WorkLoop &inner) {
  if (outer.reduction != inner.reduction)
    return false;
  for (auto [o, i] : llvm::zip(outer.coefficients, inner.coefficients)) {
    std::optional<int64_t> chained = llvm::checkedMul(i, inner.size);
    if (!chained || *chained != o)
      return false;
  }
  return true;
}

/// `inner` becomes the merged loop.
bool merge(const WorkLoop &outer, WorkLoop &inner) {
  std::optional<int64_t> size = llvm::checkedMul(outer.size, inner.size);
  if (!size)
    return false;
  inner.size = *size;
  return true;
}

/// Merges adjacent mergeable loops of `loops` (innermost first).
void mergeLoops(SmallVectorImpl<WorkLoop> &loops) {
  for (size_t i = loops.size(); i-- > 1;) {
    if (canMerge(loops[i - 1], loops[i]) && merge(loops[i - 1], loops[i]))
      loops.erase(loops.begin() + i - 1);
  }
}

} // namespace

LogicalResult checkPayload(linalg::LinalgOp op, unsigned &maxBits,
                           std::string &why) {
  Block *block = op.getBlock();
  if (!block || block->getNumArguments() != op->getNumOperands()) {
    why = "no payload block argument per operand";
    return failure();
  }
  for (Operation &inner : block->without_terminator()) {
    if (!isVectorizablePayloadOp(&inner)) {
      why = ("payload op '" + inner.getName().getStringRef() +
             "' has no vector form")
                .str();
      return failure();
    }
    for (Type type : inner.getResultTypes())
      maxBits = std::max(maxBits, type.getIntOrFloatBitWidth());
  }
  return success();
}

FailureOr<OperandPlan> planOperand(linalg::LinalgOp op, OpOperand &operand,
                                   std::string &why) {
  auto fail = [&](const Twine &reason) -> FailureOr<OperandPlan> {
    why = reason.str();
    return failure();
  };
  OperandPlan p;
  p.operand = &operand;
  p.isOutput = op.isDpsInit(&operand);
  p.arg = op.getMatchingBlockArgument(&operand);
  p.read = !p.arg.use_empty();
  p.coefficients.assign(op.getNumLoops(), 0);
  Type type = operand.get().getType();
  auto memref = dyn_cast<MemRefType>(type);
  if (!memref) {
    if (p.isOutput || !isVectorizableValueType(type))
      return fail("operand of type " + typeString(type));
    p.elementType = type;
    p.kind = AccessKind::Scalar;
    return p;
  }
  p.elementType = memref.getElementType();
  p.kind = AccessKind::Invariant; // Refined once the vector loop is known.
  if (!isVectorizableElementType(p.elementType))
    return fail("memref of " + typeString(p.elementType));
  SmallVector<int64_t> strides;
  if (!memref.hasStaticShape() ||
      failed(memref.getStridesAndOffset(strides, p.offset)) ||
      ShapedType::isDynamic(p.offset) || llvm::any_of(strides, [](int64_t s) {
        return ShapedType::isDynamic(s) || s < 0;
      }))
    return fail("memref without a static strided layout");
  AffineMap map = op.getMatchingIndexingMap(&operand);
  p.span = 1;
  for (auto [pos, size] : llvm::enumerate(memref.getShape())) {
    if (!addLinear(map.getResult(pos), strides[pos], p.coefficients,
                   p.constant))
      return fail("indexing expression is not a linear form");
    std::optional<int64_t> extent = llvm::checkedMul(size - 1, strides[pos]);
    std::optional<int64_t> span =
        extent ? llvm::checkedAdd(p.span, *extent) : std::nullopt;
    if (!span)
      return fail("memref too large");
    p.span = *span;
  }
  if (p.constant < 0 ||
      llvm::any_of(p.coefficients, [](int64_t c) { return c < 0; }))
    return fail("decreasing index");
  return p;
}

FailureOr<VectorPlan>
analyzeLinalgOp(linalg::LinalgOp op, const VectorTarget &target,
                std::string &why, llvm::SmallPtrSetImpl<Operation *> *claimed) {
  auto fail = [&](const Twine &reason) -> FailureOr<VectorPlan> {
    why = reason.str();
    return failure();
  };
  if (target.vectorBits <= 0)
    return fail("scalar target");
  if (!op.hasPureBufferSemantics())
    return fail("not on buffers");
  if (op.hasIndexSemantics())
    return fail("the payload reads loop indices (linalg.index)");
  Block *block = op.getBlock();
  // The widest type the payload computes in sets the number of lanes.
  unsigned maxBits = 8;
  if (failed(checkPayload(op, maxBits, why)))
    return failure();

  VectorPlan plan;
  plan.op = op;
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  if (llvm::any_of(ranges, ShapedType::isDynamic))
    return fail("dynamic loop range");
  if (llvm::is_contained(ranges, 0)) {
    plan.empty = true;
    return plan;
  }
  unsigned numLoops = ranges.size();
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();

  // Linear forms of the operands over the op's loops.
  for (OpOperand &operand : op->getOpOperands()) {
    FailureOr<OperandPlan> p = planOperand(op, operand, why);
    if (failed(p))
      return failure();
    if (p->read || p->isOutput)
      maxBits = std::max(maxBits, p->elementType.getIntOrFloatBitWidth());
    plan.operands.push_back(std::move(*p));
  }
  plan.lanes = target.vectorBits / maxBits;
  if (plan.lanes < 2)
    return fail("fewer than two lanes of " + Twine(maxBits) + " bits");

  auto outputs = llvm::make_filter_range(
      plan.operands, [](const OperandPlan &p) { return p.isOutput; });
  auto readInputs =
      llvm::make_filter_range(plan.operands, [](const OperandPlan &p) {
        return !p.isOutput && p.read && p.kind != AccessKind::Scalar;
      });
  for (unsigned d = 0; d < numLoops; ++d)
    if (iterators[d] == utils::IteratorType::reduction)
      for (const OperandPlan &p : outputs)
        if (p.coefficients[d] != 0)
          return fail("an output is indexed by a reduction loop");

  // Lanes: a parallel loop along which every output is contiguous.
  std::optional<unsigned> lanesDim;
  bool needsGather = false;
  for (unsigned d = 0; d < numLoops && !lanesDim; ++d) {
    if (iterators[d] != utils::IteratorType::parallel || ranges[d] < 2)
      continue;
    if (llvm::all_of(outputs, [&](const OperandPlan &p) {
          return p.coefficients[d] == 1;
        }))
      lanesDim = d;
  }
  if (lanesDim)
    needsGather = llvm::any_of(readInputs, [&](const OperandPlan &p) {
      return p.coefficients[*lanesDim] > 2;
    });

  // Horizontal: a reduction loop along which every input read is contiguous
  // or invariant, with payloads that end in a combiner of each output.
  std::optional<unsigned> reductionDim;
  FailureOr<SmallVector<Combiner>> combiners = matchCombiners(op);
  if (succeeded(combiners)) {
    for (unsigned d = 0; d < numLoops; ++d) {
      if (iterators[d] != utils::IteratorType::reduction || ranges[d] < 2)
        continue;
      bool ok = llvm::all_of(readInputs, [&](const OperandPlan &p) {
        return p.coefficients[d] <= 1;
      });
      bool contiguous = llvm::any_of(readInputs, [&](const OperandPlan &p) {
        return p.coefficients[d] == 1;
      });
      // The last one: inputs are usually contiguous in the innermost loop.
      if (ok && contiguous)
        reductionDim = d;
    }
  }

  // The extent of the horizontal vector loop once the reduction loops
  // before it merge into it (7 x 7 for a global pooling).
  int64_t horizontalExtent = 0;
  if (reductionDim) {
    horizontalExtent = ranges[*reductionDim];
    int64_t chained = *reductionDim;
    for (int64_t d = chained - 1; d >= 0; --d) {
      if (iterators[d] != utils::IteratorType::reduction || ranges[d] == 1)
        continue;
      bool merges = llvm::all_of(plan.operands, [&](const OperandPlan &p) {
        return p.coefficients[d] == p.coefficients[chained] * ranges[chained];
      });
      if (!merges)
        break;
      horizontalExtent *= ranges[d];
      chained = d;
    }
  }
  // Gathers are a last resort: a horizontal reduction of at least one full
  // vector is better, a shorter one is not.
  bool horizontal =
      reductionDim &&
      (!lanesDim || (needsGather && horizontalExtent >= plan.lanes));
  unsigned vectorDim;
  if (lanesDim && !horizontal) {
    plan.strategy = Strategy::Lanes;
    vectorDim = *lanesDim;
  } else if (horizontal) {
    plan.strategy = Strategy::Horizontal;
    plan.combiners = std::move(*combiners);
    vectorDim = *reductionDim;
  } else {
    return fail("no loop along which every output is contiguous, nor a "
                "contiguous reduction");
  }

  bool reduces = llvm::any_of(llvm::seq(numLoops), [&](unsigned d) {
    return iterators[d] == utils::IteratorType::reduction && ranges[d] > 1;
  });
  if (claimed && plan.strategy == Strategy::Lanes && reduces) {
    fuseNeighbors(plan, vectorDim, maxBits, target.vectorBits, *claimed);
    plan.lanes = target.vectorBits / maxBits;
  }

  // Loops in emission order; unit loops vanish (their index is 0).
  auto makeLoop = [&](unsigned d) {
    WorkLoop loop{
        ranges[d], iterators[d] == utils::IteratorType::reduction, {}};
    for (const OperandPlan &p : plan.operands)
      loop.coefficients.push_back(p.coefficients[d]);
    return loop;
  };
  SmallVector<unsigned> outerDims;
  SmallVector<WorkLoop> outer, inner;
  for (unsigned d = 0; d < numLoops; ++d) {
    if (d == vectorDim || ranges[d] == 1)
      continue;
    if (iterators[d] == utils::IteratorType::parallel)
      outerDims.push_back(d);
    else
      inner.push_back(makeLoop(d));
  }
  // Outer loops in the order of the first output's layout: consecutive
  // iterations then write neighbouring memory.
  const OperandPlan &firstOutput = *outputs.begin();
  llvm::stable_sort(outerDims, [&](unsigned a, unsigned b) {
    return firstOutput.coefficients[a] > firstOutput.coefficients[b];
  });
  for (unsigned d : outerDims)
    outer.push_back(makeLoop(d));
  WorkLoop vector = makeLoop(vectorDim);
  SmallVectorImpl<WorkLoop> &feeding =
      plan.strategy == Strategy::Lanes ? outer : inner;
  while (!feeding.empty() && canMerge(feeding.back(), vector) &&
         merge(feeding.back(), vector))
    feeding.pop_back();
  mergeLoops(outer);
  mergeLoops(inner);

  SmallVector<WorkLoop> loops(outer);
  loops.append(inner.begin(), inner.end());
  loops.push_back(vector);
  plan.numOuter = outer.size();
  int64_t total = 1;
  for (const WorkLoop &loop : loops) {
    plan.loops.push_back({loop.size, loop.reduction});
    total = llvm::checkedMul(total, loop.size).value_or(INT64_MAX);
  }
  for (auto [index, p] : llvm::enumerate(plan.operands)) {
    p.coefficients.clear();
    for (const WorkLoop &loop : loops)
      p.coefficients.push_back(loop.coefficients[index]);
  }

  // Access kinds along the vector loop, and how many full tiles every
  // operand can read without leaving its view.
  int64_t lanes = plan.lanes;
  int64_t vectorSize = plan.vectorSize();
  plan.fullTiles = vectorSize / lanes;
  for (OperandPlan &p : plan.operands) {
    if (p.kind == AccessKind::Scalar)
      continue;
    int64_t c = p.coefficients.back();
    p.kind = c == 0   ? AccessKind::Invariant
             : c == 1 ? AccessKind::Contiguous
             : c == 2 ? AccessKind::Stride2
                      : AccessKind::Gather;
    if (p.kind != AccessKind::Stride2 || !p.read)
      continue;
    // A full tile at `base` reads up to index
    // rest + 2 * base + 2 * lanes - 1, where rest is the largest index the
    // other loops add.
    int64_t rest = p.constant;
    for (auto [loop, coefficient] : llvm::zip(plan.loops, p.coefficients))
      if (&loop != &plan.loops.back())
        rest += coefficient * (loop.size - 1);
    int64_t room = p.span - rest - 2 * lanes;
    int64_t safe = room < 0 ? 0 : room / 2 / lanes + 1;
    plan.fullTiles = std::min(plan.fullTiles, safe);
  }

  // Accumulations `acc + a * b` become one fmuladd (fused where the target
  // has an FMA, as in the contraction kernels); other arithmetic is kept.
  auto singleUseProduct = [&](Value value) -> Operation * {
    auto mul = value.getDefiningOp<arith::MulFOp>();
    return mul && mul->getBlock() == block && mul->hasOneUse() ? mul : nullptr;
  };
  bool hasInner = plan.numOuter + 1 < static_cast<int64_t>(plan.loops.size());
  if (plan.strategy == Strategy::Lanes && hasInner) {
    for (const OperandPlan &p : outputs) {
      for (OpOperand &use : p.arg.getUses()) {
        auto add = dyn_cast<arith::AddFOp>(use.getOwner());
        if (!add)
          continue;
        if (Operation *mul =
                singleUseProduct(add->getOperand(1 - use.getOperandNumber())))
          plan.multiplyAdds[add] = mul;
      }
    }
  }
  for (Combiner &c : plan.combiners)
    if (isa<arith::AddFOp>(c.op))
      c.product = singleUseProduct(c.value);

  // Independent accumulators hide the latency of the reduction loops; plain
  // elementwise loops only amortize the loop overhead.
  int64_t unroll = 4;
  if (plan.strategy == Strategy::Lanes && hasInner)
    unroll = std::clamp<int64_t>(target.vectorRegisters / 4, 1, 8);
  plan.unroll = std::max<int64_t>(1, std::min(unroll, plan.fullTiles));

  // Small rows leave too few accumulators to hide the FMA latency: compute
  // several iterations of the innermost outer loop together (rows of a
  // depthwise convolution or a pooling, rows of A in a matmul).
  if (plan.strategy == Strategy::Lanes && hasInner && plan.numOuter > 0) {
    int64_t accumulators =
        std::clamp<int64_t>(target.vectorRegisters / 4, 1, 8);
    int64_t rows = plan.loops[plan.numOuter - 1].size;
    for (int64_t d = accumulators / plan.unroll; d > 1; --d) {
      if (rows % d == 0) {
        plan.rowUnroll = d;
        break;
      }
    }
  }

  if (target.cores > 1 && total >= parallelThreshold(target)) {
    int64_t items = 1, k = 0;
    while (k < plan.numOuter && items < 4 * target.cores)
      items *= plan.tripCount(k++);
    if (items >= 2)
      plan.parallelLoops = k;
    else if (plan.numOuter == 0 && plan.strategy == Strategy::Lanes &&
             plan.fullTiles / plan.unroll >= 2)
      plan.parallelLoops = -1;
  }
  return plan;
}

int64_t parallelThreshold(const VectorTarget &target) {
  if (target.l1dBytes <= 0)
    return 1 << 16;
  int64_t elements = llvm::checkedMul(target.l1dBytes / 4,
                                      std::max<int64_t>(target.cores, 1))
                         .value_or(INT64_MAX);
  return std::max<int64_t>(elements, 4096);
}

FailureOr<std::optional<TargetDescription>>
lookupVectorTarget(ModuleOp module, int64_t minVectorBits) {
  FailureOr<std::optional<TargetDescription>> description =
      TargetDescription::lookup(module);
  if (failed(description))
    return failure();
  if (*description && (*description)->vectorBits < minVectorBits)
    return std::optional<TargetDescription>();
  return description;
}

} // namespace kiln::codegen::vectorize
