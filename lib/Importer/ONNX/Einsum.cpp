//===- Einsum.cpp - ONNX Einsum as transposes, matmuls and reductions -----===//
//
// The equation is parsed into one list of labels per operand (letters, and
// one label per broadcast dim of an ellipsis, right-aligned across operands
// as numpy aligns them). Each operand first takes its diagonals (a label
// repeated within it: mask with the identity, sum one of the two dims) and
// sums the labels nothing else needs. Operands are then contracted left to
// right, each pair as one batched graph.matmul: batch labels (in both and
// still needed), then the labels of the left operand, the contracted labels,
// the labels of the right one. A final transpose gives the output order.
//
//===----------------------------------------------------------------------===//

#include "Composer.h"
#include "Handlers.h"
#include "NodeBinder.h"

#include "dialects/Graph/IR/GraphOps.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/Support/FormatVariadic.h"

#include <map>

using namespace mlir;

namespace kiln::importer {
namespace {

/// A tensor and the label of each of its dims.
struct Term {
  Value value;
  SmallVector<int> labels;
};

/// Labels of ellipsis dims are numbered from here (letters use 0..51).
constexpr int kEllipsisLabel = 100;

int letterLabel(char ch) {
  if (ch >= 'a' && ch <= 'z')
    return ch - 'a';
  if (ch >= 'A' && ch <= 'Z')
    return 26 + ch - 'A';
  return -1;
}

/// One operand's subscript: its letter labels, and where "..." stands
/// (-1 when it does not appear).
struct Subscript {
  SmallVector<int> letters;
  int ellipsisAt = -1;
};

FailureOr<Subscript> parseSubscript(NodeBinder &b, StringRef text) {
  Subscript s;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text.substr(i).starts_with("...")) {
      if (s.ellipsisAt >= 0)
        return b.fail("a subscript has two ellipses");
      s.ellipsisAt = s.letters.size();
      i += 2;
      continue;
    }
    int label = letterLabel(text[i]);
    if (label < 0)
      return b.fail(
          llvm::formatv("unexpected character '{0}' in the equation", text[i]));
    s.letters.push_back(label);
  }
  return s;
}

/// The labels of a subscript with `ellipsisRank` ellipsis dims, numbered so
/// that ellipsis dims align from the right with `maxEllipsisRank`.
SmallVector<int> expandLabels(const Subscript &s, int64_t ellipsisRank,
                              int64_t maxEllipsisRank) {
  SmallVector<int> labels;
  for (auto [i, label] : llvm::enumerate(s.letters)) {
    if (static_cast<int>(i) == s.ellipsisAt)
      for (int64_t e = 0; e < ellipsisRank; ++e)
        labels.push_back(kEllipsisLabel + maxEllipsisRank - ellipsisRank + e);
    labels.push_back(label);
  }
  if (s.ellipsisAt == static_cast<int>(s.letters.size()))
    for (int64_t e = 0; e < ellipsisRank; ++e)
      labels.push_back(kEllipsisLabel + maxEllipsisRank - ellipsisRank + e);
  return labels;
}

class EinsumBuilder {
public:
  explicit EinsumBuilder(NodeBinder &b) : c(b) {}

  /// Replaces the dims labelled `label` (at least two) by their diagonal.
  void takeDiagonals(Term &t) {
    for (size_t p = 0; p < t.labels.size(); ++p) {
      for (size_t q = p + 1; q < t.labels.size();) {
        if (t.labels[q] != t.labels[p]) {
          ++q;
          continue;
        }
        ArrayRef<int64_t> shape = Composer::shapeOf(t.value);
        int64_t n = shape[p];
        SmallVector<int64_t> maskShape(shape.size(), 1);
        maskShape[p] = n;
        maskShape[q] = n;
        SmallVector<int64_t> eye;
        for (int64_t i = 0; i < n; ++i)
          for (int64_t j = 0; j < n; ++j)
            eye.push_back(i == j);
        Value mask = c.ints(maskShape, c.builder.getI1Type(), eye);
        Value zero = c.scalar(Composer::elementType(t.value), 0.0);
        Value masked = c.where(mask, t.value, zero);
        t.value = c.reduce<graph::ReduceSumOp>(masked, {int64_t(q)}, false);
        t.labels.erase(t.labels.begin() + q);
      }
    }
  }

  /// Sums the dims whose labels `keep` does not hold.
  void sumUnneeded(Term &t, llvm::function_ref<bool(int)> keep) {
    SmallVector<int64_t> axes;
    SmallVector<int> kept;
    for (auto [d, label] : llvm::enumerate(t.labels)) {
      if (keep(label))
        kept.push_back(label);
      else
        axes.push_back(d);
    }
    if (axes.empty())
      return;
    t.value = c.reduce<graph::ReduceSumOp>(t.value, axes, false);
    t.labels = kept;
  }

  /// Transposes `t` so its labels come in `order` (a permutation of them).
  void permute(Term &t, ArrayRef<int> order) {
    SmallVector<int64_t> perm;
    for (int label : order)
      perm.push_back(llvm::find(t.labels, label) - t.labels.begin());
    t.value = c.transpose(t.value, perm);
    t.labels.assign(order.begin(), order.end());
  }

  /// Broadcasts `t`'s size-1 dims to `sizes[label]`.
  void broadcastTo(Term &t, const std::map<int, int64_t> &sizes) {
    SmallVector<int64_t> shape;
    for (int label : t.labels)
      shape.push_back(sizes.at(label));
    if (ArrayRef<int64_t>(shape) == Composer::shapeOf(t.value))
      return;
    t.value = graph::ExpandOp::create(
        c.builder, c.loc, Composer::typeOf(t.value).clone(shape), t.value);
  }

  /// Contracts `lhs` and `rhs` over their common labels that `needed` does
  /// not hold, keeping the rest.
  Term contract(Term lhs, Term rhs, llvm::function_ref<bool(int)> needed,
                const std::map<int, int64_t> &sizes) {
    SmallVector<int> batch, left, right, summed;
    for (int label : lhs.labels) {
      bool inRhs = llvm::is_contained(rhs.labels, label);
      if (inRhs && needed(label))
        batch.push_back(label);
      else if (inRhs)
        summed.push_back(label);
      else
        left.push_back(label);
    }
    for (int label : rhs.labels)
      if (!llvm::is_contained(lhs.labels, label))
        right.push_back(label);
    auto product = [&](ArrayRef<int> labels) {
      int64_t n = 1;
      for (int label : labels)
        n *= sizes.at(label);
      return n;
    };
    SmallVector<int> lhsOrder(batch), rhsOrder(batch);
    llvm::append_range(lhsOrder, left);
    llvm::append_range(lhsOrder, summed);
    llvm::append_range(rhsOrder, summed);
    llvm::append_range(rhsOrder, right);
    permute(lhs, lhsOrder);
    permute(rhs, rhsOrder);
    broadcastTo(lhs, sizes);
    broadcastTo(rhs, sizes);
    int64_t nb = product(batch), nl = product(left), nk = product(summed),
            nr = product(right);
    Value a = c.reshape(lhs.value, {nb, nl, nk});
    Value bm = c.reshape(rhs.value, {nb, nk, nr});
    Term result;
    result.labels = batch;
    llvm::append_range(result.labels, left);
    llvm::append_range(result.labels, right);
    SmallVector<int64_t> shape;
    for (int label : result.labels)
      shape.push_back(sizes.at(label));
    result.value = c.reshape(c.matmul(a, bm), shape);
    return result;
  }

  Composer c;
};

LogicalResult importEinsum(NodeBinder &b) {
  auto operands = b.inputs();
  auto equationAttr = b.stringAttr("equation", "");
  auto type = b.resultType(0);
  if (failed(operands) || failed(equationAttr) || failed(type))
    return failure();
  if (operands->empty())
    return b.fail("needs at least one input");
  std::string equation;
  for (char ch : *equationAttr)
    if (ch != ' ')
      equation.push_back(ch);
  StringRef text(equation);
  auto [lhsText, outText] = text.split("->");
  bool explicitOutput = text.contains("->");
  SmallVector<StringRef> inputTexts;
  lhsText.split(inputTexts, ',');
  if (inputTexts.size() != operands->size())
    return b.fail(llvm::formatv("the equation has {0} operands, the node {1}",
                                inputTexts.size(), operands->size()));
  Type elem = Composer::elementType((*operands)[0]);
  if (elem.isInteger(1))
    return b.fail("bool inputs are not supported");

  // Parse the subscripts and size the ellipses.
  SmallVector<Subscript> subscripts;
  int64_t maxEllipsis = 0;
  SmallVector<int64_t> ellipsisRanks;
  for (auto [text, value] : llvm::zip(inputTexts, *operands)) {
    if (Composer::elementType(value) != elem)
      return b.fail("operands have different dtypes");
    auto s = parseSubscript(b, text);
    if (failed(s))
      return failure();
    int64_t rank = Composer::typeOf(value).getRank();
    int64_t letters = s->letters.size();
    if (s->ellipsisAt < 0 ? rank != letters : rank < letters)
      return b.fail(llvm::formatv("subscript '{0}' does not match an operand "
                                  "of rank {1}",
                                  text, rank));
    ellipsisRanks.push_back(rank - letters);
    maxEllipsis = std::max(maxEllipsis, rank - letters);
    subscripts.push_back(*s);
  }

  // Label every dim and check that the sizes agree (ellipsis dims
  // broadcast).
  EinsumBuilder builder(b);
  std::map<int, int64_t> sizes;
  std::map<int, int> counts;
  SmallVector<Term> terms;
  for (auto [i, value] : llvm::enumerate(*operands)) {
    Term t{value, expandLabels(subscripts[i], ellipsisRanks[i], maxEllipsis)};
    for (auto [label, size] : llvm::zip(t.labels, Composer::shapeOf(value))) {
      ++counts[label];
      auto [it, inserted] = sizes.insert({label, size});
      if (inserted || it->second == size)
        continue;
      if (label >= kEllipsisLabel && (it->second == 1 || size == 1)) {
        it->second = std::max(it->second, size);
        continue;
      }
      return b.fail(llvm::formatv("a subscript labels dims of sizes {0} and "
                                  "{1}",
                                  it->second, size));
    }
    terms.push_back(t);
  }

  // The output labels: given, or the ellipsis dims then the letters used
  // once, in alphabetical order.
  SmallVector<int> output;
  if (explicitOutput) {
    auto s = parseSubscript(b, outText);
    if (failed(s))
      return failure();
    if (s->ellipsisAt < 0 && maxEllipsis > 0)
      return b.fail("the output drops the ellipsis dims");
    output = expandLabels(*s, s->ellipsisAt < 0 ? 0 : maxEllipsis, maxEllipsis);
    for (int label : output)
      if (!counts.count(label))
        return b.fail("the output has a label no operand has");
  } else {
    for (int64_t e = 0; e < maxEllipsis; ++e)
      output.push_back(kEllipsisLabel + e);
    for (auto [label, count] : counts)
      if (label < kEllipsisLabel && count == 1)
        output.push_back(label);
  }
  if (llvm::SmallSetVector<int, 8>(output.begin(), output.end()).size() !=
      output.size())
    return b.fail("the output repeats a label");

  // Each operand alone: diagonals, then labels no one else needs.
  for (size_t i = 0; i < terms.size(); ++i) {
    builder.takeDiagonals(terms[i]);
    builder.sumUnneeded(terms[i], [&](int label) {
      if (llvm::is_contained(output, label))
        return true;
      for (size_t j = 0; j < terms.size(); ++j)
        if (j != i && llvm::is_contained(terms[j].labels, label))
          return true;
      return false;
    });
  }

  // Contract left to right.
  Term acc = terms[0];
  for (size_t i = 1; i < terms.size(); ++i) {
    auto needed = [&](int label) {
      if (llvm::is_contained(output, label))
        return true;
      for (size_t j = i + 1; j < terms.size(); ++j)
        if (llvm::is_contained(terms[j].labels, label))
          return true;
      return false;
    };
    acc = builder.contract(acc, terms[i], needed, sizes);
    builder.sumUnneeded(acc, needed);
  }
  builder.broadcastTo(acc, sizes);
  builder.permute(acc, output);
  if (acc.value.getType() != *type)
    return b.fail("the equation's result shape differs from the inferred "
                  "output shape " +
                  typeString(*type));
  b.setResult(0, acc.value);
  return success();
}

} // namespace

void registerEinsumHandlers(HandlerTable &t) {
  t.add("Einsum", 12, importEinsum);
}

} // namespace kiln::importer
