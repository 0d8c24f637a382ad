//===- Utils.h - Shared helpers of the graph to linalg lowering -*- C++ -*-===//
//
// Builders shared by the pattern files: scalar arithmetic that picks the
// float/signed/unsigned arith op from the ORIGINAL graph element type (the
// converted tensors are signless, so signedness lives only there), constants,
// and linalg.generic builders for elementwise (numpy broadcasting) and
// reduction loops.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_CODEGEN_GRAPHTOLINALG_UTILS_H
#define KILN_CODEGEN_GRAPHTOLINALG_UTILS_H

#include "dialects/Graph/IR/GraphOps.h"

#include "mlir/Dialect/Utils/StructuredOpsUtils.h"
#include "mlir/IR/AffineMap.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Operation.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/STLFunctionalExtras.h"

#include <optional>

namespace kiln::codegen {

//===----------------------------------------------------------------------===//
// Element types
//===----------------------------------------------------------------------===//

/// How arithmetic on an element type behaves; taken from graph types, where
/// unsigned integers are still `uiN`.
enum class ScalarKind { Float, Signed, Unsigned, Bool };

/// Classifies a graph element type (f16..f64, i1, iN, uiN).
ScalarKind getScalarKind(mlir::Type elementType);

/// The element type of a ranked tensor value.
mlir::Type getElementType(mlir::Value tensor);

/// `uiN` becomes `iN`; every other type is returned unchanged.
mlir::Type getSignlessType(mlir::Type type);

/// The type float arithmetic is done in: f32 for f16 and bf16 (their math and
/// accumulations run in f32), the type itself otherwise.
mlir::Type getComputeType(mlir::Type storageType);

/// Extends an f16/bf16 scalar to f32; other values are returned unchanged.
mlir::Value promoteToCompute(mlir::OpBuilder &b, mlir::Location loc,
                             mlir::Value value);

/// Truncates a compute-type float back to `storageType` when they differ.
mlir::Value demoteFromCompute(mlir::OpBuilder &b, mlir::Location loc,
                              mlir::Value value, mlir::Type storageType);

//===----------------------------------------------------------------------===//
// Scalar constants and arithmetic
//===----------------------------------------------------------------------===//

/// A float constant of `type`, rounded from `value`. These four builders
/// also take a vector type and then give a splat vector constant.
mlir::Value createFloatConstant(mlir::OpBuilder &b, mlir::Location loc,
                                mlir::Type type, double value);

/// An integer constant of the signless integer `type`.
mlir::Value createIntConstant(mlir::OpBuilder &b, mlir::Location loc,
                              mlir::Type type, int64_t value);

/// 0 of a float or (signless) integer type.
mlir::Value createZero(mlir::OpBuilder &b, mlir::Location loc, mlir::Type type);

/// 1 of a float or (signless) integer type.
mlir::Value createOne(mlir::OpBuilder &b, mlir::Location loc, mlir::Type type);

/// The identity of max: -inf for floats, the minimum of the integer type
/// (0 for unsigned and bool). `type` is the graph element type; the constant
/// has its signless/compute twin `valueType`.
mlir::Value createLowest(mlir::OpBuilder &b, mlir::Location loc,
                         mlir::Type type, mlir::Type valueType);

/// The identity of min: +inf for floats, the integer type's maximum.
mlir::Value createHighest(mlir::OpBuilder &b, mlir::Location loc,
                          mlir::Type type, mlir::Type valueType);

mlir::Value createAdd(mlir::OpBuilder &b, mlir::Location loc, ScalarKind kind,
                      mlir::Value lhs, mlir::Value rhs);
mlir::Value createSub(mlir::OpBuilder &b, mlir::Location loc, ScalarKind kind,
                      mlir::Value lhs, mlir::Value rhs);
mlir::Value createMul(mlir::OpBuilder &b, mlir::Location loc, ScalarKind kind,
                      mlir::Value lhs, mlir::Value rhs);

/// Division: divf, or divsi/divui made total so generated code never traps:
/// x / 0 gives 0 and INT_MIN / -1 wraps (x86 faults on both).
mlir::Value createDiv(mlir::OpBuilder &b, mlir::Location loc, ScalarKind kind,
                      mlir::Value lhs, mlir::Value rhs);

/// Max and min; NaN-propagating for floats (numpy's maximum/minimum).
mlir::Value createMax(mlir::OpBuilder &b, mlir::Location loc, ScalarKind kind,
                      mlir::Value lhs, mlir::Value rhs);
mlir::Value createMin(mlir::OpBuilder &b, mlir::Location loc, ScalarKind kind,
                      mlir::Value lhs, mlir::Value rhs);

enum class CompareKind { Equal, Less, Greater };

/// An i1 comparison: ordered for floats (NaN compares false), signed or
/// unsigned for integers, unsigned for bool (false < true).
mlir::Value createCompare(mlir::OpBuilder &b, mlir::Location loc,
                          ScalarKind kind, CompareKind cmp, mlir::Value lhs,
                          mlir::Value rhs);

/// ONNX Cast of one scalar from graph element type `from` to `to`: float to
/// integer truncates toward zero, anything to bool is `!= 0`, integer
/// extensions follow the source's signedness.
mlir::Value createCast(mlir::OpBuilder &b, mlir::Location loc,
                       mlir::Value value, mlir::Type from, mlir::Type to);

//===----------------------------------------------------------------------===//
// Activations
//===----------------------------------------------------------------------===//
//
// One builder per activation, shared by the elementwise ops (graph.relu,
// graph.gelu, ...) and the epilogues fused into conv/gemm/matmul, so both
// compute bit-identical results. Float-only builders take and return a value
// of a compute type (f32/f64): callers promote f16/bf16 first. Float
// builders also take vectors of those types (the scheduled contraction
// kernels apply them to their accumulator vectors).

/// max(x, 0); NaN stays NaN and -0.0 becomes +0.0 for floats; identity for
/// unsigned integers.
mlir::Value createRelu(mlir::OpBuilder &b, mlir::Location loc, ScalarKind kind,
                       mlir::Value x);

/// min(max(x, min), max) with absent bounds skipped. For integers the bounds
/// are rounded toward the inside of the interval and saturated to the type.
/// With min > max every element becomes max, as in ONNX.
mlir::Value createClip(mlir::OpBuilder &b, mlir::Location loc, ScalarKind kind,
                       mlir::Value x, std::optional<double> min,
                       std::optional<double> max);

/// x < 0 ? alpha * x : x (NaN passes through).
mlir::Value createLeakyRelu(mlir::OpBuilder &b, mlir::Location loc,
                            mlir::Value x, double alpha);

/// 1 / (1 + exp(-x)).
mlir::Value createSigmoid(mlir::OpBuilder &b, mlir::Location loc,
                          mlir::Value x);

/// max(0, min(1, alpha * x + beta)), NaN-propagating.
mlir::Value createHardSigmoid(mlir::OpBuilder &b, mlir::Location loc,
                              mlir::Value x, double alpha, double beta);

/// x * hard_sigmoid(x) with alpha = 1/6, beta = 1/2 (ONNX HardSwish).
mlir::Value createHardSwish(mlir::OpBuilder &b, mlir::Location loc,
                            mlir::Value x);

/// x * sigmoid(x).
mlir::Value createSilu(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x);

/// 0.5 * x * (1 + erf(x / sqrt(2))), or with `tanhApproximation`
/// 0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3))).
mlir::Value createGelu(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x,
                       bool tanhApproximation);

/// Fails (with a diagnostic on `op`) when the fused `activation` cannot
/// apply to elements of graph type `elementType`: relu and clip take any
/// number type but bool, the others floats only; clip bounds must not be NaN.
mlir::LogicalResult checkActivation(mlir::Operation *op,
                                    graph::Activation activation,
                                    llvm::ArrayRef<float> params,
                                    mlir::Type elementType);

/// Applies a fused `activation` with its `params` (see graph::Activation) to
/// `x`, a compute-type value of kind `kind`. Callers run checkActivation
/// first.
mlir::Value applyActivation(mlir::OpBuilder &b, mlir::Location loc,
                            ScalarKind kind, graph::Activation activation,
                            llvm::ArrayRef<float> params, mlir::Value x);

//===----------------------------------------------------------------------===//
// Tensors and linalg builders
//===----------------------------------------------------------------------===//

/// Builds the body of a linalg.generic: gets the block arguments of the inputs
/// (not of the output) and returns the value to yield.
using ScalarBodyFn = llvm::function_ref<mlir::Value(
    mlir::OpBuilder &, mlir::Location, mlir::ValueRange)>;

/// Builds a reduction body: combines one input element with the accumulator.
using CombineFn = llvm::function_ref<mlir::Value(
    mlir::OpBuilder &, mlir::Location, mlir::Value input, mlir::Value acc)>;

/// `tensor.empty` of a static type.
mlir::Value createEmptyTensor(mlir::OpBuilder &b, mlir::Location loc,
                              mlir::RankedTensorType type);

/// `tensor.empty` + `linalg.fill` with `scalar`.
mlir::Value createFilledTensor(mlir::OpBuilder &b, mlir::Location loc,
                               mlir::RankedTensorType type, mlir::Value scalar);

/// The numpy broadcasting indexing map of an operand of `operandShape` in a
/// loop nest over `resultShape`: operand dims are right-aligned with result
/// dims, and a size-1 operand dim against a larger result dim reads index 0.
mlir::AffineMap getBroadcastMap(llvm::ArrayRef<int64_t> operandShape,
                                llvm::ArrayRef<int64_t> resultShape,
                                mlir::MLIRContext *ctx);

/// The map from `numLoops` loops to the loops not in `droppedDims` (sorted).
mlir::AffineMap getProjectionMap(unsigned numLoops,
                                 llvm::ArrayRef<int64_t> droppedDims,
                                 mlir::MLIRContext *ctx);

/// An all-parallel linalg.generic that writes every element of `init` (whose
/// map is the identity) from `inputs` read through `inputMaps`.
mlir::Value buildParallelGeneric(mlir::OpBuilder &b, mlir::Location loc,
                                 mlir::Value init, mlir::ValueRange inputs,
                                 llvm::ArrayRef<mlir::AffineMap> inputMaps,
                                 ScalarBodyFn body);

/// An elementwise op with numpy broadcasting: a new tensor of `resultType`
/// computed by `body` from the broadcast `inputs`.
mlir::Value buildElementwise(mlir::OpBuilder &b, mlir::Location loc,
                             mlir::RankedTensorType resultType,
                             mlir::ValueRange inputs, ScalarBodyFn body);

/// Reduces `input` over the sorted `dims` into `init`, a tensor of the input
/// shape without those dims holding the reduction's initial value.
mlir::Value buildReduction(mlir::OpBuilder &b, mlir::Location loc,
                           mlir::Value input, llvm::ArrayRef<int64_t> dims,
                           mlir::Value init, CombineFn combine);

/// The iterator types of a `numLoops` loop nest whose `reductionDims` reduce
/// (the others are parallel).
llvm::SmallVector<mlir::utils::IteratorType>
getReductionIterators(unsigned numLoops, llvm::ArrayRef<int64_t> reductionDims);

/// `shape` without the sorted `dims`: the shape a reduction over them gives.
llvm::SmallVector<int64_t> dropDims(llvm::ArrayRef<int64_t> shape,
                                    llvm::ArrayRef<int64_t> dims);

/// The init of a reduction of a tensor of `inputShape` over the sorted
/// `dims`: a tensor of the kept dims, of `identity`'s type, filled with it.
mlir::Value createReductionInit(mlir::OpBuilder &b, mlir::Location loc,
                                llvm::ArrayRef<int64_t> inputShape,
                                llvm::ArrayRef<int64_t> dims,
                                mlir::Value identity);

/// Replaces `op` with `reduced`, a reduction result without the sorted
/// `dims`, re-inserting them as size-1 dims when `resultType` keeps them.
void replaceWithReduced(mlir::RewriterBase &rewriter, mlir::Operation *op,
                        mlir::Value reduced, mlir::RankedTensorType resultType,
                        llvm::ArrayRef<int64_t> dims);

/// Numerically stable softmax of `x` along `axis`: m = max(x),
/// e = exp(x - m), y = e / sum(e), accumulated in the compute type of
/// `resultType`'s element type; `x` may hold that element type or the
/// compute type. Defined in Reduction.cpp.
mlir::Value buildSoftmax(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x,
                         int64_t axis, mlir::RankedTensorType resultType);

/// Re-inserts the reduced `dims` of a reduction result as size-1 dims
/// (keepdims), giving `resultType`.
mlir::Value expandReducedDims(mlir::OpBuilder &b, mlir::Location loc,
                              mlir::Value reduced,
                              mlir::RankedTensorType resultType,
                              llvm::ArrayRef<int64_t> dims);

/// Reshapes a static tensor with one tensor.collapse_shape or expand_shape
/// when the reshape is one, else collapse to 1-D then expand.
mlir::Value createReshape(mlir::OpBuilder &b, mlir::Location loc,
                          mlir::Value input, mlir::RankedTensorType resultType);

/// The product of `shape`'s sizes.
int64_t getNumElements(llvm::ArrayRef<int64_t> shape);

//===----------------------------------------------------------------------===//
// Diagnostics
//===----------------------------------------------------------------------===//

/// Emits "'graph.x' op <message>" on `op` and returns failure. Patterns call
/// it, before creating any IR, for whatever they cannot lower: the pass then
/// fails with this message rather than a generic legalization failure.
mlir::LogicalResult emitUnsupported(mlir::Operation *op,
                                    const llvm::Twine &message);

/// Fails with "'graph.x' op on <type> tensors is not supported".
mlir::LogicalResult emitUnsupportedType(mlir::Operation *op, mlir::Type type);

} // namespace kiln::codegen

#endif // KILN_CODEGEN_GRAPHTOLINALG_UTILS_H
