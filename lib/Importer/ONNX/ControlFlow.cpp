//===- ControlFlow.cpp - If inlined, Loop and Scan unrolled ---------------===//
//
// The graph dialect has no regions for control flow: an If is inlined. With a
// condition known at import time only the taken branch is imported (exports
// from PyTorch and TensorFlow guard shape cases this way). With a run-time
// condition both branches are imported and each output selects between
// them, which needs both branches to produce the same static type; branches
// have no side effects, so computing the untaken one changes no result;
// their run-time checks (graph.runtime_check) are made to hold when their
// branch is not taken, or their iteration does not run.
//
// Loop and Scan are unrolled: the body is imported once per iteration with
// its inputs bound to that iteration's values, so every value keeps a static
// type. Scan's iteration count is the length of its scan inputs. Loop's is
// its trip count M when M is a constant, else the static length of its scan
// outputs; a run-time M or condition is honoured for the loop-carried values
// by masking the iterations after the loop would have stopped.
//
//===----------------------------------------------------------------------===//

#include "Composer.h"
#include "Handlers.h"
#include "NodeBinder.h"
#include "TensorImport.h"

#include "dialects/Graph/IR/GraphOps.h"

#include "llvm/Support/FormatVariadic.h"

#include <algorithm>

using namespace mlir;

namespace kiln::importer {
namespace {

/// Runs `import` (which adds ops at the builder's insertion point), then
/// makes every graph.runtime_check it added hold when `runs` (a rank-0 i1;
/// null: always runs) is false: a check in a branch not taken or an
/// iteration that does not run must not fail the model.
template <typename Fn>
auto guardChecks(NodeBinder &b, Value runs, Fn import) -> decltype(import()) {
  OpBuilder &builder = b.builder();
  Block *block = builder.getInsertionBlock();
  Block::iterator point = builder.getInsertionPoint();
  Operation *before = point == block->begin() ? nullptr : &*std::prev(point);
  auto result = import();
  if (!runs)
    return result;
  Block::iterator first =
      before ? std::next(before->getIterator()) : block->begin();
  SmallVector<graph::RuntimeCheckOp> checks;
  for (Operation &op : llvm::make_range(first, point))
    if (auto check = dyn_cast<graph::RuntimeCheckOp>(op))
      checks.push_back(check);
  for (graph::RuntimeCheckOp check : checks) {
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPoint(check);
    Composer c(builder, check.getLoc());
    Value skipped = c.logicalNot(runs);
    check.getConditionMutable().assign(
        c.predicate<graph::OrOp>(check.getCondition(), skipped));
  }
  return result;
}

/// The results of branch `name`, checked against the If's outputs.
FailureOr<SmallVector<Value>> importBranch(NodeBinder &b, StringRef name) {
  auto values = b.importSubgraph(name);
  if (failed(values))
    return failure();
  if (values->size() != b.numOutputs())
    return b.fail(llvm::formatv("{0} has {1} outputs, the node has {2}", name,
                                values->size(), b.numOutputs()));
  for (auto [i, value] : llvm::enumerate(*values)) {
    if (!b.hasOutput(i))
      continue;
    auto type = b.resultType(i);
    if (failed(type))
      return failure();
    if (value.getType() != *type)
      return b.fail(llvm::formatv("{0} output #{1} has type {2}, the node's "
                                  "output has {3}",
                                  name, i, typeString(value.getType()),
                                  typeString(*type)));
  }
  return values;
}

LogicalResult importIf(NodeBinder &b) {
  auto condType = b.inputType(0);
  if (failed(condType))
    return failure();
  if (!condType->getElementType().isInteger(1) ||
      condType->getNumElements() != 1)
    return b.fail("cond must be a bool tensor with one element");
  if (ElementsAttr constant = b.constantInput(0)) {
    auto values = readIntElements(constant);
    if (!values || values->size() != 1)
      return b.fail("cond must hold one bool");
    auto branch =
        importBranch(b, (*values)[0] != 0 ? "then_branch" : "else_branch");
    if (failed(branch))
      return failure();
    for (auto [i, value] : llvm::enumerate(*branch))
      b.setResult(i, value);
    return success();
  }
  if (b.hasFailed())
    return failure();
  auto cond = b.input(0);
  if (failed(cond))
    return failure();
  Composer c(b);
  Value scalarCond = c.reshape(*cond, ArrayRef<int64_t>{});
  auto thenValues = guardChecks(
      b, scalarCond, [&] { return importBranch(b, "then_branch"); });
  if (failed(thenValues))
    return failure();
  Value elseTaken = c.logicalNot(scalarCond);
  auto elseValues = guardChecks(
      b, elseTaken, [&] { return importBranch(b, "else_branch"); });
  if (failed(elseValues))
    return failure();
  for (unsigned i = 0; i < b.numOutputs(); ++i)
    if (b.hasOutput(i))
      b.setResult(i, c.where(scalarCond, (*thenValues)[i], (*elseValues)[i]));
  return success();
}

//===----------------------------------------------------------------------===//
// Loop
//===----------------------------------------------------------------------===//

/// Unrolling is for short loops; longer ones would blow up the program.
constexpr int64_t kMaxUnrolledIterations = 4096;

/// True for a constant boolean whose elements are all true.
bool isConstantTrue(Value v) {
  auto constant = v.getDefiningOp<graph::ConstantOp>();
  if (!constant)
    return false;
  auto values = readIntElements(constant.getValue());
  return values && !values->empty() &&
         llvm::all_of(*values, [](int64_t x) { return x != 0; });
}

/// Stacks per-iteration values along a new leading dim (the scan outputs).
Value stackRows(Composer &c, ArrayRef<Value> rows) {
  SmallVector<Value> reshaped;
  for (Value row : rows) {
    SmallVector<int64_t> shape{1};
    llvm::append_range(shape, Composer::shapeOf(row));
    reshaped.push_back(c.reshape(row, shape));
  }
  return c.concat(reshaped, 0);
}

LogicalResult importLoop(NodeBinder &b) {
  const onnx::GraphProto *body = b.graphAttr("body");
  if (!body)
    return failure();
  int64_t carriedCount = static_cast<int64_t>(b.numInputs()) - 2;
  if (carriedCount < 0 || body->input_size() != carriedCount + 2 ||
      body->output_size() < carriedCount + 1)
    return b.fail("the body's inputs and outputs do not match the node's");
  int64_t scanCount = body->output_size() - 1 - carriedCount;
  if (static_cast<int64_t>(b.numOutputs()) != carriedCount + scanCount)
    return b.fail("the node's outputs do not match the body's");
  Composer c(b);
  Type i64 = c.builder.getI64Type();

  // Trip count: a constant M, else the static length of the scan outputs.
  std::optional<int64_t> constantTrips;
  Value runtimeTrips;
  if (b.hasInput(0)) {
    if (b.constantInput(0)) {
      auto m = b.constantInts(0, "M");
      if (failed(m))
        return failure();
      if (m->size() != 1)
        return b.fail("M must hold one value");
      constantTrips = std::max<int64_t>((*m)[0], 0);
    } else {
      auto m = b.input(0);
      if (failed(m))
        return failure();
      runtimeTrips = c.reshape(*m, ArrayRef<int64_t>{});
    }
  }
  Value active; // null: every iteration so far runs
  Value cond = c.boolean(true);
  if (b.hasInput(1)) {
    if (ElementsAttr constant = b.constantInput(1)) {
      auto values = readIntElements(constant);
      if (!values || values->size() != 1)
        return b.fail("cond must hold one bool");
      if ((*values)[0] == 0)
        constantTrips = 0;
    } else {
      auto given = b.input(1);
      if (failed(given))
        return failure();
      cond = c.reshape(*given, ArrayRef<int64_t>{});
      active = cond;
    }
  }
  int64_t trips;
  if (constantTrips) {
    trips = *constantTrips;
  } else if (scanCount > 0) {
    auto type = b.resultType(carriedCount);
    if (failed(type))
      return failure();
    if (type->getRank() == 0)
      return b.fail("a scan output must have an iteration dim");
    trips = type->getDimSize(0);
  } else {
    return b.fail("the trip count must be a constant, or the static length "
                  "of a scan output");
  }
  if (trips > kMaxUnrolledIterations)
    return b.fail(llvm::formatv("{0} iterations are too many to unroll (at "
                                "most {1})",
                                trips, kMaxUnrolledIterations));
  auto runsAt = [&](int64_t i) -> Value {
    if (!runtimeTrips)
      return active;
    Value inRange = c.predicate<graph::LessOp>(c.scalar(i64, double(i)),
                                               runtimeTrips);
    return active ? c.predicate<graph::AndOp>(active, inRange) : inRange;
  };

  SmallVector<Value> carried;
  for (int64_t j = 0; j < carriedCount; ++j) {
    auto value = b.input(2 + j);
    if (failed(value))
      return failure();
    carried.push_back(*value);
  }
  SmallVector<SmallVector<Value>> scanRows(scanCount);
  for (int64_t i = 0; i < trips; ++i) {
    Value runs = runsAt(i);
    SmallVector<Value> inputs{c.ints({}, i64, {i}), cond};
    llvm::append_range(inputs, carried);
    auto outputs = guardChecks(b, runs, [&] {
      return b.importSubgraph("body", inputs, /*inferAlone=*/true);
    });
    if (failed(outputs))
      return failure();
    for (int64_t j = 0; j < carriedCount; ++j) {
      Value next = (*outputs)[1 + j];
      if (next.getType() != carried[j].getType())
        return b.fail(llvm::formatv("loop-carried value #{0} changes from "
                                    "{1} to {2}",
                                    j, typeString(carried[j].getType()),
                                    typeString(next.getType())));
      carried[j] = runs ? c.where(runs, next, carried[j]) : next;
    }
    for (int64_t k = 0; k < scanCount; ++k)
      scanRows[k].push_back((*outputs)[1 + carriedCount + k]);
    // The next iteration runs if this one did and its condition holds.
    Value next = c.reshape((*outputs)[0], ArrayRef<int64_t>{});
    if (!isConstantTrue(next))
      active = runs ? c.predicate<graph::AndOp>(runs, next) : next;
    else
      active = runs;
    cond = next;
  }
  for (int64_t j = 0; j < carriedCount; ++j)
    b.setResult(j, carried[j]);
  for (int64_t k = 0; k < scanCount; ++k) {
    auto type = b.resultType(carriedCount + k);
    if (failed(type))
      return failure();
    Value stacked = trips ? stackRows(c, scanRows[k])
                          : c.splat(type->getShape(),
                                    type->getElementType(), 0.0);
    if (Composer::typeOf(stacked) != *type)
      return b.fail(llvm::formatv("scan output #{0} would have type {1}, the "
                                  "node's output has {2}",
                                  k, typeString(stacked.getType()),
                                  typeString(*type)));
    b.setResult(carriedCount + k, stacked);
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Scan
//===----------------------------------------------------------------------===//

/// One Scan (no batch dim): `states` carried through the body, `scans`
/// sliced along their axes; returns the final states and the scan outputs.
FailureOr<SmallVector<Value>>
runScan(NodeBinder &b, Composer &c, SmallVector<Value> states,
        ArrayRef<Value> scans, ArrayRef<int64_t> inAxes,
        ArrayRef<int64_t> inReverse, ArrayRef<int64_t> outAxes,
        ArrayRef<int64_t> outReverse, int64_t outputCount) {
  int64_t trips = Composer::shapeOf(scans[0])[inAxes[0]];
  for (auto [scan, axis] : llvm::zip(scans, inAxes))
    if (Composer::shapeOf(scan)[axis] != trips)
      return b.fail("scan inputs differ in length");
  if (trips > kMaxUnrolledIterations)
    return b.fail(llvm::formatv("{0} iterations are too many to unroll (at "
                                "most {1})",
                                trips, kMaxUnrolledIterations));
  int64_t scanOutputs = outputCount - static_cast<int64_t>(states.size());
  SmallVector<SmallVector<Value>> rows(scanOutputs);
  for (int64_t t = 0; t < trips; ++t) {
    SmallVector<Value> inputs(states);
    for (auto [i, scan] : llvm::enumerate(scans)) {
      int64_t axis = inAxes[i];
      int64_t at = inReverse[i] ? trips - 1 - t : t;
      SmallVector<int64_t> shape(Composer::shapeOf(scan));
      shape.erase(shape.begin() + axis);
      inputs.push_back(c.reshape(c.sliceAxis(scan, axis, at, 1), shape));
    }
    auto outputs = b.importSubgraph("body", inputs, /*inferAlone=*/true);
    if (failed(outputs))
      return failure();
    if (static_cast<int64_t>(outputs->size()) != outputCount)
      return b.fail("the body's outputs do not match the node's");
    for (auto [j, state] : llvm::enumerate(states)) {
      if ((*outputs)[j].getType() != state.getType())
        return b.fail(llvm::formatv("state #{0} changes type", j));
      state = (*outputs)[j];
    }
    for (int64_t k = 0; k < scanOutputs; ++k)
      rows[k].push_back((*outputs)[states.size() + k]);
  }
  SmallVector<Value> results(states);
  for (int64_t k = 0; k < scanOutputs; ++k) {
    SmallVector<Value> ordered(rows[k]);
    if (outReverse[k])
      std::reverse(ordered.begin(), ordered.end());
    Value stacked = stackRows(c, ordered);
    // Move the iteration dim to its output axis.
    int64_t rank = Composer::typeOf(stacked).getRank();
    SmallVector<int64_t> perm;
    for (int64_t d = 1; d < rank; ++d)
      perm.push_back(d);
    perm.insert(perm.begin() + outAxes[k], 0);
    results.push_back(c.transpose(stacked, perm));
  }
  return results;
}

/// A per-input list attribute of Scan (axes or directions), defaulting to 0
/// and normalized against each value's rank.
FailureOr<SmallVector<int64_t>> scanList(NodeBinder &b, StringRef name,
                                         ArrayRef<int64_t> ranks, bool axes) {
  auto attr = b.intsAttr(name);
  if (failed(attr))
    return failure();
  SmallVector<int64_t> values =
      *attr ? **attr : SmallVector<int64_t>(ranks.size(), 0);
  if (values.size() != ranks.size())
    return b.fail(llvm::formatv("attribute '{0}' has {1} values, expected {2}",
                                name, values.size(), ranks.size()));
  for (auto [v, rank] : llvm::zip(values, ranks)) {
    if (!axes) {
      if (v != 0 && v != 1)
        return b.fail("attribute '" + name + "' values must be 0 or 1");
      continue;
    }
    auto axis = b.normalizeAxis(v, rank, name);
    if (failed(axis))
      return failure();
    v = *axis;
  }
  return values;
}

LogicalResult importScan(NodeBinder &b) {
  const onnx::GraphProto *body = b.graphAttr("body");
  auto scanInputCount = b.requiredIntAttr("num_scan_inputs");
  if (!body || failed(scanInputCount))
    return failure();
  // Scan-8 has a leading sequence_lens input and a batch dim on every value.
  bool batched = b.opset() < 9;
  unsigned first = batched ? 1 : 0;
  if (batched && b.hasInput(0))
    return b.fail("sequence_lens is not supported");
  int64_t total = static_cast<int64_t>(b.numInputs()) - first;
  int64_t stateCount = total - *scanInputCount;
  if (*scanInputCount < 1 || stateCount < 0 ||
      body->input_size() != total ||
      body->output_size() != static_cast<int>(b.numOutputs()))
    return b.fail("the body's inputs and outputs do not match the node's");
  SmallVector<Value> states, scans;
  for (int64_t i = 0; i < total; ++i) {
    auto value = b.input(first + i);
    if (failed(value))
      return failure();
    (i < stateCount ? states : scans).push_back(*value);
  }
  int64_t outputCount = b.numOutputs();
  int64_t scanOutputs = outputCount - stateCount;
  int64_t batchDims = batched ? 1 : 0;
  SmallVector<int64_t> inRanks, outRanks;
  for (Value scan : scans)
    inRanks.push_back(Composer::typeOf(scan).getRank() - batchDims);
  SmallVector<RankedTensorType> outTypes;
  for (int64_t k = 0; k < outputCount; ++k) {
    auto type = b.resultType(k);
    if (failed(type))
      return failure();
    outTypes.push_back(*type);
    if (k >= stateCount)
      outRanks.push_back(type->getRank() - batchDims);
  }
  FailureOr<SmallVector<int64_t>> inAxes =
      batched ? SmallVector<int64_t>(scans.size(), 0)
              : scanList(b, "scan_input_axes", inRanks, true);
  FailureOr<SmallVector<int64_t>> inReverse =
      scanList(b, batched ? "directions" : "scan_input_directions", inRanks,
               false);
  FailureOr<SmallVector<int64_t>> outAxes =
      batched ? SmallVector<int64_t>(scanOutputs, 0)
              : scanList(b, "scan_output_axes", outRanks, true);
  FailureOr<SmallVector<int64_t>> outReverse =
      batched ? SmallVector<int64_t>(scanOutputs, 0)
              : scanList(b, "scan_output_directions", outRanks, false);
  if (failed(inAxes) || failed(inReverse) || failed(outAxes) ||
      failed(outReverse))
    return failure();
  Composer c(b);
  SmallVector<Value> results;
  if (!batched) {
    auto run = runScan(b, c, states, scans, *inAxes, *inReverse, *outAxes,
                       *outReverse, outputCount);
    if (failed(run))
      return failure();
    results = *run;
  } else {
    // One scan per batch entry, the results stacked along the batch dim.
    int64_t batch = Composer::shapeOf(scans[0])[0];
    SmallVector<SmallVector<Value>> perBatch(outputCount);
    auto entry = [&](Value v, int64_t i) {
      SmallVector<int64_t> shape(Composer::shapeOf(v).drop_front());
      return c.reshape(c.sliceAxis(v, 0, i, 1), shape);
    };
    for (int64_t i = 0; i < batch; ++i) {
      SmallVector<Value> batchStates, batchScans;
      for (Value v : states)
        batchStates.push_back(entry(v, i));
      for (Value v : scans)
        batchScans.push_back(entry(v, i));
      auto run = runScan(b, c, batchStates, batchScans, *inAxes, *inReverse,
                         *outAxes, *outReverse, outputCount);
      if (failed(run))
        return failure();
      for (int64_t k = 0; k < outputCount; ++k)
        perBatch[k].push_back((*run)[k]);
    }
    for (int64_t k = 0; k < outputCount; ++k)
      results.push_back(stackRows(c, perBatch[k]));
  }
  for (int64_t k = 0; k < outputCount; ++k) {
    if (results[k].getType() != outTypes[k])
      return b.fail(llvm::formatv("output #{0} would have type {1}, ONNX "
                                  "inferred {2}",
                                  k, typeString(results[k].getType()),
                                  typeString(outTypes[k])));
    b.setResult(k, results[k]);
  }
  return success();
}

} // namespace

void registerControlFlowHandlers(HandlerTable &t) {
  t.add("If", 1, importIf);
  t.add("Loop", 1, importLoop);
  t.add("Scan", 8, importScan);
}

} // namespace kiln::importer
