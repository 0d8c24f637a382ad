//===- ContractionKernel.cpp - Reading kiln.schedule ----------------------===//
//
// The mechanism trusts nothing it reads: the attribute goes through the same
// checked reader the strategy's tests use (ContractionSchedule::fromAttr),
// then through the limits of what the emitters can generate. A bad schedule
// is an error naming the key, never a silent fallback to the unscheduled
// lowering.
//
//===----------------------------------------------------------------------===//

#include "codegen/Schedule/ContractionKernel.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"

using namespace mlir;

namespace kiln::codegen {

namespace {

/// Register tiles above this many accumulators would unroll into
/// unreasonable code (targets have 8 to 32 vector registers).
constexpr int64_t kMaxAccumulators = 256;
/// Vector widths beyond 64 f32 lanes (2048 bits) exist on no target.
constexpr int64_t kMaxVectorWidth = 64;

} // namespace

FailureOr<KernelSchedule> parseKernelSchedule(Operation *op) {
  auto dict = op->getAttrOfType<DictionaryAttr>(schedule::kScheduleAttr);
  if (!dict)
    return op->emitError() << "'" << schedule::kScheduleAttr
                           << "' must be a dictionary";
  FailureOr<schedule::ContractionSchedule> parsed =
      schedule::ContractionSchedule::fromAttr(dict,
                                              [op] { return op->emitError(); });
  if (failed(parsed))
    return failure();

  KernelSchedule result;
  result.kernel = parsed->kernel == schedule::kConv2DKernel
                      ? KernelSchedule::Kernel::Conv2DNchw
                  : parsed->kernel == schedule::kConv2DChannelsKernel
                      ? KernelSchedule::Kernel::Conv2DNchwCvec
                      : KernelSchedule::Kernel::Gemm;
  result.bSource = parsed->bSource == schedule::kDirectSource
                       ? KernelSchedule::BSource::Direct
                       : KernelSchedule::BSource::Im2col;
  result.vectorWidth = parsed->vectorWidth;
  result.mr = parsed->mr;
  result.nr = parsed->nr;
  result.kc = parsed->kc;
  result.mSplit = parsed->mSplit;
  result.mMajor = parsed->mMajor;
  result.parallel = parsed->parallel;
  result.prefetch = parsed->prefetch;
  result.prefetchOutput = parsed->prefetchOutput;

  if (result.vectorWidth > kMaxVectorWidth)
    return op->emitError() << "'" << schedule::kScheduleAttr
                           << "': vector_width " << result.vectorWidth
                           << " exceeds " << kMaxVectorWidth << " lanes";
  int64_t vectors = result.nr / result.vectorWidth;
  if (result.mr > kMaxAccumulators || vectors > kMaxAccumulators ||
      result.mr * vectors > kMaxAccumulators)
    return op->emitError() << "'" << schedule::kScheduleAttr
                           << "': register tile " << result.mr << "x"
                           << result.nr << " needs more than "
                           << kMaxAccumulators << " accumulators";
  return result;
}

} // namespace kiln::codegen
