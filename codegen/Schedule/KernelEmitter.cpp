//===- KernelEmitter.cpp - Grid, tiles and micro-kernel -------------------===//
//
// Loop structure of every contraction kernel (docs/contraction-kernels.md):
//
//   grid item (batch, N tile, M chunk)      scf.parallel {kiln.parallel}
//     N tile variant: full (nr) | tail      scf.if, static shapes each
//       K block [k0, k0 + kc)               scf.for (absent if one block)
//         beginKBlock (im2col packing)
//         M tiles of mr rows, then mr'      scf.for + one static tile
//           accumulators: 0 or C            scf.if on the first block
//           k loop: B vectors, A splats,    scf.for, iter_args = the
//             mr x nr/vw fma                  register tile
//           store: raw or finished          scf.if on the last block
//       endItem (conv2d_nchw_cvec: scratch tile -> NCHW + epilogue)
//
// Every vector has the schedule's width; tails are masked with constant
// masks, never dynamic vector sizes.
//
//===----------------------------------------------------------------------===//

#include "codegen/Schedule/KernelEmitter.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <cstring>

using namespace mlir;

namespace kiln::codegen::detail {

ContractionKernelEmitter::ContractionKernelEmitter(
    const KernelSchedule &schedule, int64_t batchCount, int64_t m, int64_t n,
    int64_t k)
    : schedule(schedule), batchCount(batchCount), M(m), N(n), K(k) {
  nTiles = llvm::divideCeil(N, schedule.nr);
  numFullN = N / schedule.nr;
  nRem = N % schedule.nr;
  mTiles = llvm::divideCeil(M, schedule.mr);
  numFullM = M / schedule.mr;
  mRem = M % schedule.mr;
  kBlocks = llvm::divideCeil(K, schedule.kc);
}

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

Value ContractionKernelEmitter::constantIndex(OpBuilder &b, Location loc,
                                              int64_t value) const {
  return arith::ConstantIndexOp::create(b, loc, value);
}

int64_t ContractionKernelEmitter::lanesOf(const ColumnTile &tile,
                                          int64_t vector) const {
  return vector + 1 == tile.vectors ? tile.lastLanes : schedule.vectorWidth;
}

Value ContractionKernelEmitter::loadVector(OpBuilder &b, Location loc,
                                           Value memref, ValueRange indices,
                                           int64_t lanes) const {
  if (lanes == schedule.vectorWidth)
    return vector::LoadOp::create(b, loc, vecType, memref, indices);
  Value mask = vector::ConstantMaskOp::create(
      b, loc, VectorType::get({schedule.vectorWidth}, b.getI1Type()),
      ArrayRef<int64_t>{lanes});
  Value zero = arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(vecType, b.getF32FloatAttr(0.0f)));
  return vector::MaskedLoadOp::create(b, loc, vecType, memref, indices, mask,
                                      zero);
}

void ContractionKernelEmitter::storeVector(OpBuilder &b, Location loc,
                                           Value value, Value memref,
                                           ValueRange indices,
                                           int64_t lanes) const {
  if (lanes == schedule.vectorWidth) {
    vector::StoreOp::create(b, loc, value, memref, indices);
    return;
  }
  Value mask = vector::ConstantMaskOp::create(
      b, loc, VectorType::get({schedule.vectorWidth}, b.getI1Type()),
      ArrayRef<int64_t>{lanes});
  vector::MaskedStoreOp::create(b, loc, memref, indices, mask, value);
}

//===----------------------------------------------------------------------===//
// Grid
//===----------------------------------------------------------------------===//

void ContractionKernelEmitter::emit(OpBuilder &b, Location loc) {
  vecType = VectorType::get({schedule.vectorWidth}, b.getF32Type());
  int64_t items = batchCount * nTiles * schedule.mSplit;
  Value lb = constantIndex(b, loc, 0), ub = constantIndex(b, loc, items),
        step = constantIndex(b, loc, 1);
  if (schedule.parallel) {
    auto loop = scf::ParallelOp::create(
        b, loc, ValueRange{lb}, ValueRange{ub}, ValueRange{step},
        [&](OpBuilder &nb, Location l, ValueRange ivs) {
          emitItem(nb, l, ivs.front());
        });
    loop->setAttr("kiln.parallel", b.getUnitAttr());
    return;
  }
  scf::ForOp::create(b, loc, lb, ub, step, ValueRange{},
                     [&](OpBuilder &nb, Location l, Value iv, ValueRange) {
                       emitItem(nb, l, iv);
                       scf::YieldOp::create(nb, l);
                     });
}

void ContractionKernelEmitter::emitItem(OpBuilder &b, Location loc, Value iv) {
  // Item order: batch, then N tile, then M chunk (innermost), so the items
  // of one thread's contiguous share mostly reuse one B panel; with
  // m_major, batch, then M chunk, then N tile, so that each thread's share
  // covers a slice of M (the larger operand) for every N tile.
  GridItem item;
  Value zero = constantIndex(b, loc, 0);
  Value rest = iv;
  item.mChunk = zero;
  item.nTile = zero;
  auto peelM = [&] {
    if (schedule.mSplit <= 1)
      return;
    Value split = constantIndex(b, loc, schedule.mSplit);
    item.mChunk = arith::RemUIOp::create(b, loc, rest, split);
    rest = arith::DivUIOp::create(b, loc, rest, split);
  };
  auto peelN = [&] {
    if (nTiles <= 1)
      return;
    Value tiles = constantIndex(b, loc, nTiles);
    item.nTile = arith::RemUIOp::create(b, loc, rest, tiles);
    rest = arith::DivUIOp::create(b, loc, rest, tiles);
  };
  if (schedule.mMajor) {
    peelN();
    peelM();
  } else {
    peelM();
    peelN();
  }
  item.batch = batchCount > 1 ? rest : zero;
  item.n0 = arith::MulIOp::create(b, loc, item.nTile,
                                  constantIndex(b, loc, schedule.nr));

  int64_t vw = schedule.vectorWidth;
  ColumnTile full{schedule.nr, schedule.nr / vw, vw};
  ColumnTile tail{nRem, llvm::divideCeil(nRem, vw), 0};
  tail.lastLanes = nRem - (tail.vectors - 1) * vw;

  auto body = [&](OpBuilder &nb, Location l) {
    beginItem(nb, l, item);
    if (nRem == 0) {
      emitColumnTile(nb, l, item, full);
    } else if (numFullN == 0) {
      emitColumnTile(nb, l, item, tail);
    } else {
      Value isFull =
          arith::CmpIOp::create(nb, l, arith::CmpIPredicate::ult, item.nTile,
                                constantIndex(nb, l, numFullN));
      scf::IfOp::create(
          nb, l, isFull,
          [&](OpBuilder &tb, Location tl) {
            emitColumnTile(tb, tl, item, full);
            scf::YieldOp::create(tb, tl);
          },
          [&](OpBuilder &eb, Location el) {
            emitColumnTile(eb, el, item, tail);
            scf::YieldOp::create(eb, el);
          });
    }
  };
  if (!needsScratch()) {
    body(b, loc);
    return;
  }
  // Scratch panels are per item (per thread): stack memory released at the
  // end of every item, never a heap or workspace buffer.
  auto scope = memref::AllocaScopeOp::create(b, loc, TypeRange{});
  OpBuilder::InsertionGuard guard(b);
  b.createBlock(&scope.getBodyRegion());
  body(b, loc);
  memref::AllocaScopeReturnOp::create(b, loc, ValueRange{});
}

void ContractionKernelEmitter::emitColumnTile(OpBuilder &b, Location loc,
                                              const GridItem &item,
                                              const ColumnTile &tile) {
  if (kBlocks == 1) {
    emitKBlock(b, loc, item, tile, constantIndex(b, loc, 0),
               constantIndex(b, loc, K), true, true, Value(), Value());
    endItem(b, loc, item, tile);
    return;
  }
  Value kc = constantIndex(b, loc, schedule.kc);
  Value kTotal = constantIndex(b, loc, K);
  scf::ForOp::create(
      b, loc, constantIndex(b, loc, 0), constantIndex(b, loc, kBlocks),
      constantIndex(b, loc, 1), ValueRange{},
      [&](OpBuilder &nb, Location l, Value block, ValueRange) {
        Value k0 = arith::MulIOp::create(nb, l, block, kc);
        Value left = arith::SubIOp::create(nb, l, kTotal, k0);
        Value kLen = arith::MinSIOp::create(nb, l, left, kc);
        Value first = arith::CmpIOp::create(nb, l, arith::CmpIPredicate::eq,
                                            block, constantIndex(nb, l, 0));
        Value last =
            arith::CmpIOp::create(nb, l, arith::CmpIPredicate::eq, block,
                                  constantIndex(nb, l, kBlocks - 1));
        emitKBlock(nb, l, item, tile, k0, kLen, std::nullopt, std::nullopt,
                   first, last);
        scf::YieldOp::create(nb, l);
      });
  endItem(b, loc, item, tile);
}

void ContractionKernelEmitter::emitKBlock(OpBuilder &b, Location loc,
                                          const GridItem &item,
                                          const ColumnTile &tile, Value k0,
                                          Value kLen, std::optional<bool> first,
                                          std::optional<bool> last,
                                          Value firstFlag, Value lastFlag) {
  beginKBlock(b, loc, item, tile, k0, kLen);
  auto fullTiles = [&](Value lo, Value hi) {
    scf::ForOp::create(b, loc, lo, hi, constantIndex(b, loc, 1), ValueRange{},
                       [&](OpBuilder &nb, Location l, Value mTile, ValueRange) {
                         emitTile(nb, l, item, tile, mTile, schedule.mr, k0,
                                  kLen, first, last, firstFlag, lastFlag);
                         scf::YieldOp::create(nb, l);
                       });
  };
  Value remTile = constantIndex(b, loc, numFullM);
  if (schedule.mSplit == 1) {
    if (numFullM == 1)
      emitTile(b, loc, item, tile, constantIndex(b, loc, 0), schedule.mr, k0,
               kLen, first, last, firstFlag, lastFlag);
    else if (numFullM > 1)
      fullTiles(constantIndex(b, loc, 0), remTile);
    if (mRem > 0)
      emitTile(b, loc, item, tile, remTile, mRem, k0, kLen, first, last,
               firstFlag, lastFlag);
    return;
  }
  // Chunk c takes M tiles [c * mTiles / split, (c + 1) * mTiles / split):
  // balanced, and the remainder tile (the last one) is in the last chunk.
  Value split = constantIndex(b, loc, schedule.mSplit);
  Value tiles = constantIndex(b, loc, mTiles);
  Value next =
      arith::AddIOp::create(b, loc, item.mChunk, constantIndex(b, loc, 1));
  Value lo = arith::DivUIOp::create(
      b, loc, arith::MulIOp::create(b, loc, item.mChunk, tiles), split);
  Value hi = arith::DivUIOp::create(
      b, loc, arith::MulIOp::create(b, loc, next, tiles), split);
  if (numFullM > 0)
    fullTiles(lo, arith::MinUIOp::create(b, loc, hi, remTile));
  if (mRem > 0) {
    Value isLast =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, item.mChunk,
                              constantIndex(b, loc, schedule.mSplit - 1));
    scf::IfOp::create(b, loc, isLast, [&](OpBuilder &tb, Location tl) {
      emitTile(tb, tl, item, tile, constantIndex(tb, tl, numFullM), mRem, k0,
               kLen, first, last, firstFlag, lastFlag);
      scf::YieldOp::create(tb, tl);
    });
  }
}

//===----------------------------------------------------------------------===//
// Register tile
//===----------------------------------------------------------------------===//

SmallVector<Value> ContractionKernelEmitter::loadAccumulators(
    OpBuilder &b, Location loc, const GridItem &item, const ColumnTile &tile,
    Value m0, int64_t rows) {
  SmallVector<Value> accs;
  for (int64_t i = 0; i < rows; ++i) {
    Value m = arith::AddIOp::create(b, loc, m0, constantIndex(b, loc, i));
    for (int64_t v = 0; v < tile.vectors; ++v) {
      Value n = arith::AddIOp::create(
          b, loc, item.n0, constantIndex(b, loc, v * schedule.vectorWidth));
      accs.push_back(loadResultVector(b, loc, item, m, n, lanesOf(tile, v)));
    }
  }
  return accs;
}

Value ContractionKernelEmitter::loadResultVector(OpBuilder &b, Location loc,
                                                 const GridItem &item, Value m,
                                                 Value n, int64_t lanes) {
  return loadVector(b, loc, resultBuffer(), resultIndices(b, loc, item, m, n),
                    lanes);
}

void ContractionKernelEmitter::storeResultVector(OpBuilder &b, Location loc,
                                                 const GridItem &item, Value m,
                                                 Value n, Value value,
                                                 int64_t lanes) {
  storeVector(b, loc, value, resultBuffer(), resultIndices(b, loc, item, m, n),
              lanes);
}

void ContractionKernelEmitter::storeAccumulators(
    OpBuilder &b, Location loc, const GridItem &item, const ColumnTile &tile,
    Value m0, int64_t rows, ValueRange accs, bool finished) {
  for (int64_t i = 0; i < rows; ++i) {
    Value m = arith::AddIOp::create(b, loc, m0, constantIndex(b, loc, i));
    for (int64_t v = 0; v < tile.vectors; ++v) {
      Value n = arith::AddIOp::create(
          b, loc, item.n0, constantIndex(b, loc, v * schedule.vectorWidth));
      Value value = accs[i * tile.vectors + v];
      if (finished)
        value = finish(b, loc, item, m, n, tile, v, value);
      storeResultVector(b, loc, item, m, n, value, lanesOf(tile, v));
    }
  }
}

SmallVector<Value> ContractionKernelEmitter::emitMicroKernel(
    OpBuilder &b, Location loc, const GridItem &item, const ColumnTile &tile,
    Value tileBase, int64_t rows, Value k0, Value kLen, ValueRange init) {
  Value kEnd = arith::AddIOp::create(b, loc, k0, kLen);
  auto loop = scf::ForOp::create(
      b, loc, k0, kEnd, constantIndex(b, loc, 1), init,
      [&](OpBuilder &nb, Location l, Value k, ValueRange accs) {
        SmallVector<Value> bVectors;
        for (int64_t v = 0; v < tile.vectors; ++v)
          bVectors.push_back(loadB(nb, l, item, tile, k0, k, v));
        SmallVector<Value> next;
        for (int64_t i = 0; i < rows; ++i) {
          Value a = loadA(nb, l, item, tileBase, i, k);
          Value splat = vector::BroadcastOp::create(nb, l, vecType, a);
          // math.fma rather than vector.fma: kiln-legalize-freestanding
          // makes it llvm.fmuladd, fused where the target has FMA and a
          // multiply-add elsewhere (llvm.fma would call fmaf there).
          for (int64_t v = 0; v < tile.vectors; ++v)
            next.push_back(math::FmaOp::create(nb, l, splat, bVectors[v],
                                               accs[i * tile.vectors + v]));
        }
        scf::YieldOp::create(nb, l, next);
      });
  return SmallVector<Value>(loop.getResults());
}

void ContractionKernelEmitter::emitTile(
    OpBuilder &b, Location loc, const GridItem &item, const ColumnTile &tile,
    Value mTile, int64_t rows, Value k0, Value kLen, std::optional<bool> first,
    std::optional<bool> last, Value firstFlag, Value lastFlag) {
  Value m0 =
      arith::MulIOp::create(b, loc, mTile, constantIndex(b, loc, schedule.mr));
  int64_t count = rows * tile.vectors;
  auto zeros = [&](OpBuilder &nb, Location l) {
    Value zero = arith::ConstantOp::create(
        nb, l, DenseElementsAttr::get(vecType, nb.getF32FloatAttr(0.0f)));
    return SmallVector<Value>(count, zero);
  };

  // Later K blocks continue from the partial sums stored in C.
  SmallVector<Value> init;
  if (first) {
    init =
        *first ? zeros(b, loc) : loadAccumulators(b, loc, item, tile, m0, rows);
  } else {
    auto choose = scf::IfOp::create(
        b, loc, firstFlag,
        [&](OpBuilder &tb, Location tl) {
          scf::YieldOp::create(tb, tl, zeros(tb, tl));
        },
        [&](OpBuilder &eb, Location el) {
          scf::YieldOp::create(eb, el,
                               loadAccumulators(eb, el, item, tile, m0, rows));
        });
    init = SmallVector<Value>(choose.getResults());
  }

  Value tileBase = beginTile(b, loc, item, mTile, m0, k0, kLen);
  SmallVector<Value> accs =
      emitMicroKernel(b, loc, item, tile, tileBase, rows, k0, kLen, init);

  if (last) {
    storeAccumulators(b, loc, item, tile, m0, rows, accs, *last);
    return;
  }
  scf::IfOp::create(
      b, loc, lastFlag,
      [&](OpBuilder &tb, Location tl) {
        storeAccumulators(tb, tl, item, tile, m0, rows, accs, true);
        scf::YieldOp::create(tb, tl);
      },
      [&](OpBuilder &eb, Location el) {
        storeAccumulators(eb, el, item, tile, m0, rows, accs, false);
        scf::YieldOp::create(eb, el);
      });
}

//===----------------------------------------------------------------------===//
// Constants and buffers
//===----------------------------------------------------------------------===//

FailureOr<ConstantF32View>
ConstantF32View::get(Operation *op, ElementsAttr attr, int64_t numElements) {
  ConstantF32View view;
  auto shaped = dyn_cast<ShapedType>(attr.getType());
  if (!shaped || !shaped.getElementType().isF32() ||
      shaped.getNumElements() != numElements)
    return op->emitError("scheduled kernel expects constant f32 weights of ")
           << numElements << " elements";
  if (auto dense = dyn_cast<DenseElementsAttr>(attr)) {
    view.data = dense.getRawData().data();
    view.splat = dense.isSplat();
    return view;
  }
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob || blob->getData().size() != static_cast<size_t>(numElements) * 4)
      return op->emitError(
          "scheduled kernel cannot read its weights: the resource blob is "
          "missing or has the wrong size");
    view.data = blob->getData().data();
    return view;
  }
  return op->emitError("scheduled kernel cannot read weights held in ") << attr;
}

float ConstantF32View::operator[](int64_t i) const {
  float value;
  std::memcpy(&value, data + (splat ? 0 : i * 4), sizeof(float));
  return value;
}

Value createPackedConstant(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                           llvm::function_ref<void(float *)> fill) {
  int64_t count = 1;
  for (int64_t dim : shape)
    count *= dim;
  // A blob, not a DenseElementsAttr: large panels are neither hashed nor
  // uniqued, and the bytes are written once, in place.
  AsmResourceBlob blob = HeapAsmResourceBlob::allocate(
      static_cast<size_t>(count) * sizeof(float), /*align=*/64,
      /*dataIsMutable=*/true);
  auto *data = reinterpret_cast<float *>(blob.getMutableData().data());
  std::fill(data, data + count, 0.0f);
  fill(data);
  auto type = RankedTensorType::get(shape, b.getF32Type());
  auto attr =
      DenseResourceElementsAttr::get(type, "kiln_packed", std::move(blob));
  Value constant = arith::ConstantOp::create(b, loc, attr);
  return toReadOnlyBuffer(b, loc, constant);
}

Value toReadOnlyBuffer(OpBuilder &b, Location loc, Value tensor) {
  auto type = cast<RankedTensorType>(tensor.getType());
  auto memrefType = MemRefType::get(type.getShape(), type.getElementType());
  return bufferization::ToBufferOp::create(b, loc, memrefType, tensor,
                                           /*read_only=*/true);
}

} // namespace kiln::codegen::detail
