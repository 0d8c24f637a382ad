//===- KernelEmitter.h - Grid, tiles and micro-kernel (internal) -*- C++
//-*-===//
//
// The part of the contraction kernels that GEMM and convolution share: the
// grid loop over batch x N tiles x M chunks, the K blocks, the M and N tiles
// with their static remainders, the register-tile micro-kernel and the C
// tile loads and stores. A kernel subclasses ContractionKernelEmitter and
// says where A, B and C live through a few hooks; everything is emitted on
// memrefs (the subclass took its buffers with bufferization.to_buffer).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_CODEGEN_SCHEDULE_KERNELEMITTER_H
#define KILN_CODEGEN_SCHEDULE_KERNELEMITTER_H

#include "codegen/Schedule/ContractionKernel.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>

namespace kiln::codegen::detail {

/// The static shape of the columns of an N tile: full tiles have nr valid
/// columns, the tail tile N % nr.
struct ColumnTile {
  /// Valid columns.
  int64_t columns;
  /// Vectors that cover them: ceil(columns / vector width).
  int64_t vectors;
  /// Valid lanes of the last vector (the vector width when it is full).
  int64_t lastLanes;
};

/// The indices of one grid item, as index values inside the grid loop.
struct GridItem {
  /// In [0, batch count): batch (and group) of the item.
  mlir::Value batch;
  /// N tile and its first column (nTile * nr).
  mlir::Value nTile, n0;
  /// Which 1/m_split share of the M tiles the item computes.
  mlir::Value mChunk;
};

/// Emits C[b] = A[b] x B[b] for b < batchCount, C[b] of [M][N], through the
/// hooks below, following a KernelSchedule.
class ContractionKernelEmitter {
public:
  ContractionKernelEmitter(const KernelSchedule &schedule, int64_t batchCount,
                           int64_t m, int64_t n, int64_t k);
  virtual ~ContractionKernelEmitter() = default;

  /// Emits the grid loop at `b`'s insertion point.
  void emit(mlir::OpBuilder &b, mlir::Location loc);

protected:
  //===--------------------------------------------------------------------===//
  // Hooks
  //===--------------------------------------------------------------------===//

  /// True if beginItem allocates scratch memory (memref.alloca): the item
  /// body is then wrapped in a memref.alloca_scope.
  virtual bool needsScratch() const { return false; }
  /// Once per grid item, before anything else.
  virtual void beginItem(mlir::OpBuilder &b, mlir::Location loc,
                         const GridItem &item) {}
  /// Once per K block [k0, k0 + kLen) of an item, before its M tiles.
  virtual void beginKBlock(mlir::OpBuilder &b, mlir::Location loc,
                           const GridItem &item, const ColumnTile &tile,
                           mlir::Value k0, mlir::Value kLen) {}
  /// Once per grid item, after its last K block: whatever the item must
  /// still do with its finished results (conv2d_nchw_cvec: write its
  /// [pixel][channel] scratch tile to NCHW).
  virtual void endItem(mlir::OpBuilder &b, mlir::Location loc,
                       const GridItem &item, const ColumnTile &tile) {}
  /// Before the k loop of M tile `mTile` (rows from m0 = mTile * mr) over
  /// the K block [k0, k0 + kLen): whatever loadA needs that does not depend
  /// on k (by default m0).
  virtual mlir::Value beginTile(mlir::OpBuilder &b, mlir::Location loc,
                                const GridItem &item, mlir::Value mTile,
                                mlir::Value m0, mlir::Value k0,
                                mlir::Value kLen) {
    return m0;
  }
  /// The f32 scalar A[m0 + row][k]; `tileBase` is beginTile's result.
  virtual mlir::Value loadA(mlir::OpBuilder &b, mlir::Location loc,
                            const GridItem &item, mlir::Value tileBase,
                            int64_t row, mlir::Value k) = 0;
  /// Vector `vector` of row k of B (columns n0 + vector * vw, ...) while the
  /// K block starting at k0 is computed. Lanes past tile.columns may hold
  /// anything.
  virtual mlir::Value loadB(mlir::OpBuilder &b, mlir::Location loc,
                            const GridItem &item, const ColumnTile &tile,
                            mlir::Value k0, mlir::Value k, int64_t vector) = 0;
  /// The result buffer and the indices of element (m, n) of the item's C;
  /// n is the innermost, unit-stride index.
  virtual mlir::Value resultBuffer() const = 0;
  virtual llvm::SmallVector<mlir::Value>
  resultIndices(mlir::OpBuilder &b, mlir::Location loc, const GridItem &item,
                mlir::Value m, mlir::Value n) = 0;
  /// Loads / stores vector `vector` of `tile` of row m, columns n.. of the
  /// item's C (partial sums between K blocks, and the finished values): by
  /// default a (masked) vector access of resultBuffer() at resultIndices.
  virtual mlir::Value loadResultVector(mlir::OpBuilder &b, mlir::Location loc,
                                       const GridItem &item, mlir::Value m,
                                       mlir::Value n, int64_t lanes);
  virtual void storeResultVector(mlir::OpBuilder &b, mlir::Location loc,
                                 const GridItem &item, mlir::Value m,
                                 mlir::Value n, mlir::Value value,
                                 int64_t lanes);
  /// Turns the finished accumulator vector of row m, columns n.. (vector
  /// `vector` of the tile) into the stored value: scaling, bias, activation.
  virtual mlir::Value finish(mlir::OpBuilder &b, mlir::Location loc,
                             const GridItem &item, mlir::Value m, mlir::Value n,
                             const ColumnTile &tile, int64_t vector,
                             mlir::Value acc) = 0;

  //===--------------------------------------------------------------------===//
  // Helpers for the hooks
  //===--------------------------------------------------------------------===//

  mlir::Value constantIndex(mlir::OpBuilder &b, mlir::Location loc,
                            int64_t value) const;
  /// vector<vw x f32>.
  mlir::VectorType vectorType() const { return vecType; }
  /// Lanes of vector `vector` of `tile` that hold valid columns.
  int64_t lanesOf(const ColumnTile &tile, int64_t vector) const;
  /// A vector load of `memref[indices]` of which only the first `lanes`
  /// lanes are read (masked, zeros elsewhere, when lanes < vw).
  mlir::Value loadVector(mlir::OpBuilder &b, mlir::Location loc,
                         mlir::Value memref, mlir::ValueRange indices,
                         int64_t lanes) const;
  /// A vector store of the first `lanes` lanes of `value`.
  void storeVector(mlir::OpBuilder &b, mlir::Location loc, mlir::Value value,
                   mlir::Value memref, mlir::ValueRange indices,
                   int64_t lanes) const;

  KernelSchedule schedule;
  int64_t batchCount, M, N, K;
  /// N tiles: numFullN of nr columns, then one of nRem if nRem > 0.
  int64_t nTiles, numFullN, nRem;
  /// M tiles: numFullM of mr rows, then one of mRem if mRem > 0.
  int64_t mTiles, numFullM, mRem;
  /// K blocks of kc (the last one may be shorter).
  int64_t kBlocks;

private:
  void emitItem(mlir::OpBuilder &b, mlir::Location loc, mlir::Value iv);
  void emitColumnTile(mlir::OpBuilder &b, mlir::Location loc,
                      const GridItem &item, const ColumnTile &tile);
  /// `first`/`last`: statically known (true/false) or the i1 value.
  void emitKBlock(mlir::OpBuilder &b, mlir::Location loc, const GridItem &item,
                  const ColumnTile &tile, mlir::Value k0, mlir::Value kLen,
                  std::optional<bool> first, std::optional<bool> last,
                  mlir::Value firstFlag, mlir::Value lastFlag);
  /// One mr' x columns register tile over one K block.
  void emitTile(mlir::OpBuilder &b, mlir::Location loc, const GridItem &item,
                const ColumnTile &tile, mlir::Value mTile, int64_t rows,
                mlir::Value k0, mlir::Value kLen, std::optional<bool> first,
                std::optional<bool> last, mlir::Value firstFlag,
                mlir::Value lastFlag);
  /// The k loop: rows x tile.vectors accumulators as iter_args.
  llvm::SmallVector<mlir::Value>
  emitMicroKernel(mlir::OpBuilder &b, mlir::Location loc, const GridItem &item,
                  const ColumnTile &tile, mlir::Value tileBase, int64_t rows,
                  mlir::Value k0, mlir::Value kLen, mlir::ValueRange init);

  llvm::SmallVector<mlir::Value>
  loadAccumulators(mlir::OpBuilder &b, mlir::Location loc, const GridItem &item,
                   const ColumnTile &tile, mlir::Value m0, int64_t rows);
  void storeAccumulators(mlir::OpBuilder &b, mlir::Location loc,
                         const GridItem &item, const ColumnTile &tile,
                         mlir::Value m0, int64_t rows, mlir::ValueRange accs,
                         bool finished);

  mlir::VectorType vecType;
};

/// Read access to the elements of a constant f32 tensor attribute without
/// copying it (dense, splat or dense_resource).
class ConstantF32View {
public:
  /// Fails (with an error on `op`) unless `attr` is readable f32 data of
  /// `numElements` elements.
  static mlir::FailureOr<ConstantF32View>
  get(mlir::Operation *op, mlir::ElementsAttr attr, int64_t numElements);

  float operator[](int64_t i) const;

private:
  const char *data = nullptr;
  bool splat = false;
};

/// A dense_resource f32 constant of `shape` whose contents `fill` writes
/// (zero-initialized, 64-byte aligned), as a read-only memref.
mlir::Value createPackedConstant(mlir::OpBuilder &b, mlir::Location loc,
                                 llvm::ArrayRef<int64_t> shape,
                                 llvm::function_ref<void(float *)> fill);

/// `bufferization.to_buffer %tensor read_only` with an identity layout.
mlir::Value toReadOnlyBuffer(mlir::OpBuilder &b, mlir::Location loc,
                             mlir::Value tensor);

} // namespace kiln::codegen::detail

#endif // KILN_CODEGEN_SCHEDULE_KERNELEMITTER_H
