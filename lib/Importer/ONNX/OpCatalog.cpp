//===- OpCatalog.cpp - What each ONNX op accepts, and what Kiln refuses ---===//
//
// The handler table says which ops and opsets the importer handles; this
// catalog adds, per op, the element types it accepts and its limits (for
// docs/ops.md, which kiln-ops-doc generates from the table), and the reasons
// Kiln refuses the ops it will not compile. A refused op's reason is what
// `kiln compile` and `kiln inspect` report for its nodes. kiln-ops-doc fails
// on a handler without an entry here, so the two cannot drift apart.
//
//===----------------------------------------------------------------------===//

#include "Handlers.h"
#include "ModelLoader.h"

#include "kiln/Importer/ONNXImporter.h"

#include <algorithm>

namespace kiln::importer {
namespace {

/// Element-type groups, as docs/ops.md prints them.
constexpr const char *kFloat = "float16, bfloat16, float, double";
constexpr const char *kNumeric =
    "float16, bfloat16, float, double, int8-64, uint8-64";
constexpr const char *kAll =
    "float16, bfloat16, float, double, int8-64, uint8-64, bool";
constexpr const char *kSigned =
    "float16, bfloat16, float, double, int8-64";

struct OpDoc {
  const char *opType;
  const char *dtypes;
  const char *limits;
};

// clang-format off
const OpDoc kDocs[] = {
  // Elementwise
  {"Abs", kNumeric, ""},
  {"Add", kNumeric, ""},
  {"And", "bool", ""},
  {"Ceil", kFloat, ""},
  {"Clip", kNumeric, ""},
  {"Div", kNumeric, "integer division by zero gives 0"},
  {"Equal", kAll, ""},
  {"Erf", kFloat, ""},
  {"Exp", kFloat, ""},
  {"Floor", kFloat, ""},
  {"Greater", kNumeric, ""},
  {"HardSigmoid", kFloat, ""},
  {"HardSwish", kFloat, ""},
  {"LeakyRelu", kFloat, ""},
  {"Less", kNumeric, ""},
  {"Log", kFloat, ""},
  {"Max", kNumeric, ""},
  {"Mean", kFloat, ""},
  {"Min", kNumeric, ""},
  {"Mul", kNumeric, ""},
  {"Neg", kSigned, ""},
  {"Or", "bool", ""},
  {"Pow", kNumeric, "integer powers of signed integers only (no uint)"},
  {"Reciprocal", kFloat, ""},
  {"Relu", kSigned, ""},
  {"Sigmoid", kFloat, ""},
  {"Sqrt", kFloat, ""},
  {"Sub", kNumeric, ""},
  {"Sum", kNumeric, ""},
  {"Tanh", kFloat, ""},
  {"Where", kAll, ""},
  // Composites
  {"CastLike", kAll, ""},
  {"Celu", kFloat, ""},
  {"Elu", kFloat, ""},
  {"GreaterOrEqual", kNumeric, ""},
  {"LessOrEqual", kNumeric, ""},
  {"LogSoftmax", kFloat, ""},
  {"Not", "bool", ""},
  {"PRelu", kNumeric, "slope must broadcast to the shape of X"},
  {"ReduceL1", kNumeric, "axes must be constants"},
  {"ReduceL2", kFloat, "axes must be constants"},
  {"ReduceLogSum", kFloat, "axes must be constants"},
  {"ReduceLogSumExp", kFloat, "axes must be constants"},
  {"ReduceSumSquare", kNumeric, "axes must be constants"},
  {"Selu", kFloat, ""},
  {"Shrink", kFloat, ""},
  {"Softplus", kFloat, ""},
  {"Softsign", kFloat, ""},
  {"ThresholdedRelu", kFloat, ""},
  {"Xor", "bool", ""},
  // Convolution, pooling, linear algebra
  {"AveragePool", kFloat, "rank >= 3 (N x C x spatial)"},
  {"BatchNormalization", kFloat,
   "inference only: no training mode, no running statistics outputs"},
  {"Conv", kFloat, "1-D, 2-D and 3-D; weights may be run-time values"},
  {"Gemm", kFloat, ""},
  {"GlobalAveragePool", kFloat, ""},
  {"GlobalMaxPool", kNumeric, ""},
  {"MatMul", kNumeric, ""},
  {"MaxPool", kNumeric,
   "rank >= 3 (N x C x spatial); the Indices output costs one pass per "
   "kernel element"},
  // Reductions and normalizations
  {"LayerNormalization", kFloat, ""},
  {"ReduceMax", kNumeric, "axes must be constants"},
  {"ReduceMean", kNumeric, "axes must be constants"},
  {"ReduceMin", kNumeric, "axes must be constants"},
  {"ReduceProd", kNumeric, "axes must be constants"},
  {"ReduceSum", kNumeric,
   "run-time axes need a declared result shape (checked at run time); "
   "candidate axis sets are reduced and selected at run time"},
  {"Softmax", kFloat, ""},
  // Tensors and shapes
  {"Cast", kAll, "no string types"},
  {"Concat", kAll, ""},
  {"Constant", kAll, "no sparse or string values"},
  {"ConstantOfShape", kAll, "the shape must be known at import time"},
  {"Dropout", kAll, "inference only: no mask output, no training mode"},
  {"Expand", kAll,
   "a run-time shape needs a declared result shape (checked at run time)"},
  {"Flatten", kAll, ""},
  {"Gather", kAll,
   "constant indices must be in range; run-time indices are clamped"},
  {"Identity", kAll, "tensors only"},
  {"Pad", kAll,
   "pads and the constant value must be constants; no negative pads"},
  {"Reshape", kAll,
   "a run-time shape needs a declared result shape (checked at run time)"},
  {"Shape", kAll, ""},
  {"Size", kAll, ""},
  {"Slice", kAll,
   "run-time starts, ends, axes or steps need a declared result shape "
   "(checked at run time)"},
  {"Split", kAll,
   "run-time split sizes are read from the declared outputs (checked at "
   "run time)"},
  {"Squeeze", kAll,
   "run-time axes need a declared result shape (checked at run time)"},
  {"Transpose", kAll, ""},
  {"Unsqueeze", kAll,
   "run-time axes need a declared result shape (checked at run time)"},
  // Math (Math.cpp)
  {"Acos", kFloat, ""},
  {"Acosh", kFloat, ""},
  {"Asin", kFloat, ""},
  {"Asinh", kFloat, ""},
  {"Atan", kFloat, ""},
  {"Atanh", kFloat, ""},
  {"BitShift", "uint8-64", "shifts by the bit width or more give 0"},
  {"Cos", kFloat, ""},
  {"Cosh", kFloat, ""},
  {"IsInf", kFloat, ""},
  {"IsNaN", kFloat, ""},
  {"Mod", kNumeric,
   "fmod = 1 for floats; integer division by zero gives 0"},
  {"Round", kFloat, ""},
  {"Sign", kNumeric, ""},
  {"Sin", kFloat, ""},
  {"Sinh", kFloat, ""},
  {"Tan", kFloat, ""},
  // Positions, gathers and scatters (Indexing.cpp)
  {"ArgMax", kNumeric, ""},
  {"ArgMin", kNumeric, ""},
  {"Compress", kAll,
   "a run-time condition needs a declared result shape (its count of true "
   "elements is checked at run time)"},
  {"CumSum", kNumeric, ""},
  {"GatherElements", kAll,
   "constant indices must be in range; run-time indices are clamped"},
  {"GatherND", kAll,
   "constant indices must be in range; run-time indices are clamped"},
  {"Hardmax", kFloat, ""},
  {"NonZero", kAll,
   "a run-time input needs a declared result shape (the number of non-zero "
   "elements, checked at run time)"},
  {"Scatter", kAll, "out-of-range run-time indices update nothing"},
  {"ScatterElements", kAll,
   "out-of-range run-time indices update nothing; cost is data size x "
   "updates"},
  {"ScatterND", kAll,
   "out-of-range run-time indices update nothing; cost is data size x "
   "index tuples"},
  {"TopK", kNumeric,
   "results always sorted; a run-time K is read from the result shape "
   "(checked at run time)"},
  // Generated and rearranged tensors (Generators.cpp, Einsum.cpp)
  {"DepthToSpace", kAll, "4-D input"},
  {"Einsum", kNumeric, ""},
  {"EyeLike", kAll, "2-D input"},
  {"OneHot", kAll,
   "a run-time depth is read from the result shape (checked at run time)"},
  {"Range", "float, double, int16-64",
   "run-time bounds need a declared result shape (checked at run time)"},
  {"SpaceToDepth", kAll, "4-D input"},
  {"Tile", kAll,
   "run-time repeats are read from the result shape (checked at run time)"},
  {"Trilu", kAll, ""},
  // Losses (Loss.cpp)
  {"NegativeLogLikelihoodLoss", kFloat, "target must be int32 or int64"},
  {"SoftmaxCrossEntropyLoss", kFloat, "labels must be int32 or int64"},
  // Resampling (Resize.cpp)
  {"GridSample", kFloat, "4-D input"},
  {"Resize", kNumeric,
   "linear and cubic need a float input; run-time scales or sizes need a "
   "static output shape (inferred or declared); no antialias (opset 18)"},
  {"Upsample", kNumeric, "linear needs a float input"},
  // Convolution-like and normalizations (ConvPool.cpp, Normalization.cpp)
  {"ConvTranspose", kFloat,
   "1-D, 2-D and 3-D; computed as a convolution of the input spread by the "
   "strides"},
  {"InstanceNormalization", kFloat, ""},
  {"LRN", kFloat, ""},
  // Recurrent (Recurrent.cpp)
  {"GRU", kFloat,
   "unrolled over the static sequence; a run-time sequence_lens only in the "
   "forward direction"},
  {"LSTM", kFloat,
   "unrolled over the static sequence; a run-time sequence_lens only in the "
   "forward direction"},
  {"RNN", kFloat,
   "unrolled over the static sequence; a run-time sequence_lens only in the "
   "forward direction"},
  {"MaxUnpool", kNumeric,
   "the output shape must be static; a larger output_shape pads at the end"},
  {"MeanVarianceNormalization", kFloat, ""},
  {"ReverseSequence", kAll, "time_axis and batch_axis are 0 and 1"},
  // Windows (Signal.cpp)
  {"BlackmanWindow", kFloat, "the length must be static"},
  {"HammingWindow", kFloat, "the length must be static"},
  {"HannWindow", kFloat, "the length must be static"},
  // Control flow (ControlFlow.cpp)
  {"If", kAll,
   "inlined; with a run-time condition both branches must give the same "
   "static types"},
  {"Loop", kAll,
   "unrolled: the trip count must be a constant or the static length of a "
   "scan output (at most 4096); loop-carried values keep their type"},
  {"Scan", kAll,
   "unrolled over the static scan length (at most 4096); no sequence_lens "
   "(opset 8)"},
};
// clang-format on

struct Rejection {
  const char *domain;
  const char *opType;
  const char *reason;
};

constexpr const char *kTraining =
    "a training op: Kiln compiles inference graphs";
constexpr const char *kRandom =
    "a random-number op: generated code is deterministic and has no random "
    "source";
constexpr const char *kSequence =
    "sequence values are not supported: Kiln compiles tensors of static shape";
constexpr const char *kOptional =
    "optional values are not supported: Kiln compiles tensors of static shape";
constexpr const char *kString =
    "string tensors are not supported: Kiln compiles numeric tensors";
constexpr const char *kDataShape =
    "the output shape depends on the input values, and Kiln compiles static "
    "shapes only";

// clang-format off
const Rejection kRejections[] = {
  {"ai.onnx.preview.training", "Adagrad", kTraining},
  {"ai.onnx.preview.training", "Adam", kTraining},
  {"ai.onnx.preview.training", "Gradient", kTraining},
  {"ai.onnx.preview.training", "Momentum", kTraining},
  {"", "Bernoulli", kRandom},
  {"", "Multinomial", kRandom},
  {"", "RandomNormal", kRandom},
  {"", "RandomNormalLike", kRandom},
  {"", "RandomUniform", kRandom},
  {"", "RandomUniformLike", kRandom},
  {"", "ConcatFromSequence", kSequence},
  {"", "SequenceAt", kSequence},
  {"", "SequenceConstruct", kSequence},
  {"", "SequenceEmpty", kSequence},
  {"", "SequenceErase", kSequence},
  {"", "SequenceInsert", kSequence},
  {"", "SequenceLength", kSequence},
  {"", "SequenceMap", kSequence},
  {"", "SplitToSequence", kSequence},
  {"", "Optional", kOptional},
  {"", "OptionalGetElement", kOptional},
  {"", "OptionalHasElement", kOptional},
  {"", "StringNormalizer", kString},
  {"", "NonMaxSuppression", kDataShape},
  {"", "Unique", kDataShape},
};
// clang-format on

} // namespace

std::vector<OperatorSupport> listOperators() {
  std::vector<OperatorSupport> list;
  for (const HandlerTable::Entry &entry : HandlerTable::get().entriesSorted()) {
    OperatorSupport op;
    op.domain = entry.domain;
    op.opType = entry.opType;
    op.sinceVersions.assign(entry.sinceVersions.begin(),
                            entry.sinceVersions.end());
    if (!op.sinceVersions.empty()) {
      op.firstOpset = std::max(op.sinceVersions.front(), kMinOpset);
      op.lastOpset = kMaxOpset;
    }
    op.dtypes = entry.dtypes;
    op.limits = entry.limits;
    op.rejection = entry.rejection;
    list.push_back(std::move(op));
  }
  return list;
}

void registerOpCatalog(HandlerTable &t) {
  for (const OpDoc &doc : kDocs)
    t.describe(doc.opType, doc.dtypes, doc.limits);
  for (const Rejection &r : kRejections)
    t.reject(r.domain, r.opType, r.reason);
}

} // namespace kiln::importer
