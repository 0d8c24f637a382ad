//===- VectorPlan.h - How kiln-vectorize rewrites one linalg op -*- C++ -*-===//
//
// The vectorizer works in two steps: analyzeLinalgOp() turns a linalg op on
// static memrefs into a VectorPlan (a loop nest over 1-D views of the
// operands, each operand addressed by a linear form of the loop indices) or
// says why it cannot; emitVectorPlan() then writes the loops and vector ops
// and erases the op. Keeping the decisions in the plan lets the emitter stay
// free of legality checks.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_CODEGEN_VECTORIZE_VECTORPLAN_H
#define KILN_CODEGEN_VECTORIZE_VECTORPLAN_H

#include "kiln/Support/TargetDescription.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/PatternMatch.h"

#include <string>

namespace kiln::codegen::vectorize {

/// What the analysis needs to know about the target.
struct VectorTarget {
  int64_t vectorBits = 0; ///< Width of a vector register; 0: scalar.
  int64_t vectorRegisters = 0;
  int64_t cores = 1;
  int64_t l1dBytes = 0; ///< Per core; 0: unknown.
};

/// The fewest loop iterations (all loops of an op, reductions included) for
/// which an op runs its loops as a `kiln.parallel` grid on `target`: the
/// f32 elements that fill the L1D of every core (2 x 48 KB: 24576), so that
/// an op whose data fits in the cores' L1 caches together, which runs in
/// about the time of a fork/join, stays serial; 65536 when the L1D size is
/// unknown; never below 4096. Only meaningful with target.cores > 1.
int64_t parallelThreshold(const VectorTarget &target);

/// How an operand is read or written along the vector dim.
enum class AccessKind {
  Scalar,     ///< Not a memref (linalg.fill's value): broadcast once.
  Invariant,  ///< Coefficient 0: one scalar load, broadcast.
  Contiguous, ///< Coefficient 1: vector.load / vector.store.
  Stride2,    ///< Coefficient 2: a 2 x lanes load and a deinterleave.
  Gather,     ///< Coefficient > 2: vector.gather.
};

/// Which op an operand belongs to.
enum class Role {
  Op,       ///< The op being vectorized.
  Init,     ///< An input of the fused initializer.
  Epilogue, ///< An input of the fused epilogue.
  Result,   ///< The fused epilogue's output: stored instead of the op's.
};

/// One operand of the op, addressed through a 1-D view of its memref.
struct OperandPlan {
  mlir::OpOperand *operand = nullptr;
  mlir::BlockArgument arg; ///< The payload's block argument for it.
  Role role = Role::Op;
  bool isOutput = false; ///< An output of the op itself (Role::Op).
  bool read = false;     ///< Whether the payload reads the block argument.
  mlir::Type elementType;
  /// The 1-D view: element offset of the memref's layout and the number of
  /// elements from there to the last one the memref can address.
  int64_t offset = 0, span = 0;
  /// Linear index = constant + sum(coefficients[l] * iv[l]) over plan loops.
  llvm::SmallVector<int64_t> coefficients;
  int64_t constant = 0;
  AccessKind kind = AccessKind::Scalar;
};

/// The two loop-nest shapes.
enum class Strategy {
  /// Vector along a parallel dim; reduction loops inside the tile.
  Lanes,
  /// Vector along a reduction dim; a horizontal reduction per output.
  Horizontal,
};

/// A loop of the plan: outer loops first, the vector loop last.
struct PlanLoop {
  int64_t size = 1;
  bool reduction = false;
};

/// How to combine the payload's value into an output (Horizontal).
struct Combiner {
  mlir::Operation *op = nullptr; ///< The payload op doing it.
  mlir::Value value;             ///< Its operand that is not the output.
  mlir::vector::CombiningKind kind = mlir::vector::CombiningKind::ADD;
  /// The arith.mulf producing `value` when the combiner is an arith.addf
  /// and the product has no other use: accumulated as one fmuladd.
  mlir::Operation *product = nullptr;
};

/// Everything emitVectorPlan() needs.
struct VectorPlan {
  mlir::linalg::LinalgOp op;
  Strategy strategy = Strategy::Lanes;
  /// Loops in emission order: `numOuter` parallel loops, then the loops run
  /// inside (reductions for Lanes, the other reductions for Horizontal),
  /// then the vector loop.
  llvm::SmallVector<PlanLoop> loops;
  int64_t numOuter = 0;
  int64_t lanes = 0;  ///< Vector length.
  int64_t unroll = 1; ///< Vector tiles per iteration of the vector loop.
  /// Tiles of `lanes` read and written without masks, from the start of the
  /// vector loop; the rest are masked tiles. Fewer than vectorSize / lanes
  /// when a stride-2 operand's wide loads would leave its view.
  int64_t fullTiles = 0;
  /// Lanes with reduction loops: iterations of the innermost outer loop
  /// computed together (its step), so a tile holds rowUnroll x unroll
  /// accumulators and shares the loads that do not depend on that loop.
  int64_t rowUnroll = 1;
  /// Leading outer loops run as one scf.parallel {kiln.parallel}; 0: none.
  /// When there is no outer loop, -1 makes the vector loop parallel.
  int64_t parallelLoops = 0;
  llvm::SmallVector<OperandPlan> operands;
  llvm::SmallVector<Combiner> combiners; ///< Per output (Horizontal).
  /// Lanes with reduction loops: `out + a * b` payload adds (key) and their
  /// single-use products (value), emitted as one llvm.intr.fmuladd.
  llvm::DenseMap<mlir::Operation *, mlir::Operation *> multiplyAdds;
  /// The op does nothing (a zero-sized loop): erase it.
  bool empty = false;
  /// Fused neighbours (Lanes): the op whose payload computes the initial
  /// output (instead of loading it) and the op whose payload maps the
  /// final output before it is stored in that op's output. Both are erased
  /// with the op.
  mlir::linalg::LinalgOp init, epilogue;
  /// The epilogue's block argument that reads the op's output.
  mlir::BlockArgument epilogueArg;

  int64_t vectorLoop() const { return loops.size() - 1; }
  /// The step of outer loop `l` and its number of iterations.
  int64_t step(int64_t l) const { return l == numOuter - 1 ? rowUnroll : 1; }
  int64_t tripCount(int64_t l) const { return loops[l].size / step(l); }
  int64_t vectorSize() const { return loops.back().size; }
};

/// Builds the plan for `op`, or returns failure with the reason in `why`.
/// With `claimed`, the plan may take in the ops writing its output right
/// before it and consuming it right after it (see fuseNeighbors) unless they
/// are in `claimed`, and adds them there.
mlir::FailureOr<VectorPlan>
analyzeLinalgOp(mlir::linalg::LinalgOp op, const VectorTarget &target,
                std::string &why,
                llvm::SmallPtrSetImpl<mlir::Operation *> *claimed = nullptr);

/// Whether every payload op of `op` has a vector form; raises `maxBits` to
/// the widest type the payload computes.
mlir::LogicalResult checkPayload(mlir::linalg::LinalgOp op, unsigned &maxBits,
                                 std::string &why);

/// `operand` of `op` with its linear form over the loops of `op`.
mlir::FailureOr<OperandPlan> planOperand(mlir::linalg::LinalgOp op,
                                         mlir::OpOperand &operand,
                                         std::string &why);

/// For a Lanes plan along `vectorDim` whose op has reduction loops and one
/// output, with operands planned over the op's loops (before any loop is
/// reordered or merged): takes in the op that writes the whole output right
/// before (an initializer: bias broadcast, fill) and the elementwise op that
/// reads the output right after (an epilogue: activation, residual add)
/// when that is safe and leaves at least two lanes of `vectorBits`,
/// appending their operands to the plan and raising `maxBits` to their
/// types. Fused ops are added to `claimed`.
void fuseNeighbors(VectorPlan &plan, unsigned vectorDim, unsigned &maxBits,
                   int64_t vectorBits,
                   llvm::SmallPtrSetImpl<mlir::Operation *> &claimed);

/// Rewrites a fill of a whole buffer directly followed by a copy into a box
/// of it (a bufferized tensor.pad) into fills of the border only.
void populateFillOnlyBorderPatterns(mlir::RewritePatternSet &patterns);

/// With several cores: rewrites each memref.copy of static shapes and
/// strided layouts of at least parallelThreshold() elements (a concat, a
/// padding copy left as a memcpy) into a linalg.copy, which the vectorizer
/// then runs as a parallel grid instead of one serial memcpy.
void copiesToLinalg(mlir::ModuleOp module, const VectorTarget &target);

/// The `kiln.target` of `module` for a vectorizing pass: failure when it is
/// malformed (the error is emitted on `module`); success(nullopt) when there
/// is none or its vector registers are narrower than `minVectorBits`, so
/// that the pass has nothing to rewrite.
mlir::FailureOr<std::optional<TargetDescription>>
lookupVectorTarget(mlir::ModuleOp module, int64_t minVectorBits);

/// Replaces the op of `plan` by its vector loops.
void emitVectorPlan(mlir::OpBuilder &builder, const VectorPlan &plan);

} // namespace kiln::codegen::vectorize

#endif // KILN_CODEGEN_VECTORIZE_VECTORPLAN_H
