//===- Composer.h - Build graph ops for composite ONNX handlers -*- C++ -*-===//
//
// Handlers that import an ONNX op as a composition of graph ops (Composite,
// Loss, Resize, Recurrent, ...) build it through a Composer: small factory
// methods that compute each result type (numpy broadcasting, reductions,
// slices) so the handler reads like the ONNX formula it implements. Every
// method expects operands the handler has already checked; none can fail.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_IMPORTER_ONNX_COMPOSER_H
#define KILN_LIB_IMPORTER_ONNX_COMPOSER_H

#include "NodeBinder.h"

#include "dialects/Graph/IR/GraphOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"

namespace kiln::importer {

/// Creates graph ops at the node's location; every arithmetic helper keeps
/// the element type of its operands and broadcasts numpy-style.
class Composer {
public:
  explicit Composer(NodeBinder &b) : builder(b.builder()), loc(b.loc()) {}
  Composer(mlir::OpBuilder &builder, mlir::Location loc)
      : builder(builder), loc(loc) {}

  static mlir::RankedTensorType typeOf(mlir::Value x) {
    return mlir::cast<mlir::RankedTensorType>(x.getType());
  }
  static mlir::Type elementType(mlir::Value x) {
    return typeOf(x).getElementType();
  }
  static llvm::ArrayRef<int64_t> shapeOf(mlir::Value x) {
    return typeOf(x).getShape();
  }

  //===--------------------------------------------------------------------===//
  // Constants
  //===--------------------------------------------------------------------===//

  /// A rank-0 constant of element type `elem`: a float for float types, the
  /// value truncated toward zero for integer types.
  mlir::Value scalar(mlir::Type elem, double value) {
    return splat({}, elem, value);
  }

  /// A constant of `shape` whose elements all equal `value`.
  mlir::Value splat(llvm::ArrayRef<int64_t> shape, mlir::Type elem,
                    double value) {
    auto type = mlir::RankedTensorType::get(shape, elem);
    mlir::Attribute attr;
    if (mlir::isa<mlir::FloatType>(elem))
      attr = mlir::FloatAttr::get(elem, value);
    else
      attr = mlir::IntegerAttr::get(elem, static_cast<int64_t>(value));
    return graph::ConstantOp::create(builder, loc,
                                     mlir::DenseElementsAttr::get(type, attr));
  }

  /// A rank-0 i1 constant.
  mlir::Value boolean(bool value) {
    auto type = mlir::RankedTensorType::get({}, builder.getI1Type());
    return graph::ConstantOp::create(builder, loc,
                                     mlir::DenseElementsAttr::get(type, value));
  }

  /// A float constant of `shape` (row-major `values`).
  mlir::Value floats(llvm::ArrayRef<int64_t> shape, mlir::Type elem,
                     llvm::ArrayRef<double> values);
  /// An integer constant of `shape` (row-major `values`).
  mlir::Value ints(llvm::ArrayRef<int64_t> shape, mlir::Type elem,
                   llvm::ArrayRef<int64_t> values);

  /// 0, 1, ..., size - 1 as a tensor of `elem` shaped [1, .., size, .., 1]
  /// (size at dim `axis` of a rank-`rank` tensor): broadcasts along `axis`.
  mlir::Value iota(int64_t size, mlir::Type elem, int64_t axis = 0,
                   int64_t rank = 1);

  //===--------------------------------------------------------------------===//
  // Elementwise
  //===--------------------------------------------------------------------===//

  /// The shape `lhs` and `rhs` broadcast to, or failure.
  static mlir::FailureOr<llvm::SmallVector<int64_t>>
  broadcast(mlir::Value lhs, mlir::Value rhs) {
    return graph::broadcastShapes(shapeOf(lhs), shapeOf(rhs));
  }

  /// An arithmetic binary op; the result keeps the operands' element type.
  template <typename OpTy>
  mlir::Value arith(mlir::Value lhs, mlir::Value rhs) {
    auto shape = broadcast(lhs, rhs);
    return OpTy::create(builder, loc, typeOf(lhs).clone(*shape), lhs, rhs);
  }
  mlir::Value add(mlir::Value a, mlir::Value b) {
    return arith<graph::AddOp>(a, b);
  }
  mlir::Value sub(mlir::Value a, mlir::Value b) {
    return arith<graph::SubOp>(a, b);
  }
  mlir::Value mul(mlir::Value a, mlir::Value b) {
    return arith<graph::MulOp>(a, b);
  }
  mlir::Value div(mlir::Value a, mlir::Value b) {
    return arith<graph::DivOp>(a, b);
  }
  mlir::Value max(mlir::Value a, mlir::Value b) {
    return arith<graph::MaxOp>(a, b);
  }
  mlir::Value min(mlir::Value a, mlir::Value b) {
    return arith<graph::MinOp>(a, b);
  }

  /// A comparison or logic op with an i1 result.
  template <typename OpTy>
  mlir::Value predicate(mlir::Value lhs, mlir::Value rhs) {
    auto shape = broadcast(lhs, rhs);
    return OpTy::create(
        builder, loc,
        mlir::RankedTensorType::get(*shape, builder.getI1Type()), lhs, rhs);
  }

  template <typename OpTy>
  mlir::Value unary(mlir::Value x) {
    return OpTy::create(builder, loc, x);
  }

  /// select(cond, a, b); `a` and `b` share an element type.
  mlir::Value where(mlir::Value cond, mlir::Value a, mlir::Value b) {
    auto shape = broadcast(a, b);
    auto condShape = graph::broadcastShapes(shapeOf(cond), *shape);
    return graph::WhereOp::create(builder, loc, typeOf(a).clone(*condShape),
                                  cond, a, b);
  }

  mlir::Value logicalNot(mlir::Value x) {
    return predicate<graph::EqualOp>(x, boolean(false));
  }

  /// `x` converted to `elem` (itself when it already has that type).
  mlir::Value cast(mlir::Value x, mlir::Type elem) {
    if (elementType(x) == elem)
      return x;
    return graph::CastOp::create(builder, loc, typeOf(x).clone(elem), x);
  }

  //===--------------------------------------------------------------------===//
  // Reductions
  //===--------------------------------------------------------------------===//

  /// A reduce op over sorted, non-negative `axes` (all dims when empty).
  template <typename OpTy>
  mlir::Value reduce(mlir::Value x, llvm::ArrayRef<int64_t> axes,
                     bool keepdims) {
    auto type = typeOf(x);
    llvm::SmallVector<int64_t> shape;
    for (int64_t d = 0; d < type.getRank(); ++d) {
      bool reduced = axes.empty() || llvm::is_contained(axes, d);
      if (!reduced)
        shape.push_back(type.getDimSize(d));
      else if (keepdims)
        shape.push_back(1);
    }
    return OpTy::create(builder, loc, type.clone(shape), x,
                        builder.getDenseI64ArrayAttr(axes),
                        builder.getBoolAttr(keepdims));
  }

  /// LogSoftmax of a float tensor along `axis`: (x - m) - log(sum exp(x - m))
  /// with m the maximum, so large inputs cannot overflow.
  mlir::Value logSoftmax(mlir::Value x, int64_t axis) {
    mlir::Value max = reduce<graph::ReduceMaxOp>(x, {axis}, true);
    mlir::Value shifted = sub(x, max);
    mlir::Value sum =
        reduce<graph::ReduceSumOp>(unary<graph::ExpOp>(shifted), {axis}, true);
    return sub(shifted, unary<graph::LogOp>(sum));
  }

  //===--------------------------------------------------------------------===//
  // Data movement
  //===--------------------------------------------------------------------===//

  mlir::Value reshape(mlir::Value x, mlir::RankedTensorType type) {
    if (x.getType() == type)
      return x;
    return graph::ReshapeOp::create(builder, loc, type, x);
  }
  mlir::Value reshape(mlir::Value x, llvm::ArrayRef<int64_t> shape) {
    return reshape(x, typeOf(x).clone(shape));
  }

  /// Elements `starts[d] + i * steps[d]` for i < shape[d] in every dim.
  mlir::Value slice(mlir::Value x, llvm::ArrayRef<int64_t> starts,
                    llvm::ArrayRef<int64_t> steps,
                    llvm::ArrayRef<int64_t> shape);
  /// Elements [begin, begin + size) of dim `axis`, step 1.
  mlir::Value sliceAxis(mlir::Value x, int64_t axis, int64_t begin,
                        int64_t size, int64_t step = 1);

  /// Concatenation along `axis` (the value itself when there is one).
  mlir::Value concat(mlir::ValueRange values, int64_t axis);

  /// Result dim i is input dim perm[i] (the value itself for the identity).
  mlir::Value transpose(mlir::Value x, llvm::ArrayRef<int64_t> perm);

  /// ONNX Gather of `indices` along `axis`.
  mlir::Value gather(mlir::Value data, mlir::Value indices, int64_t axis);

  /// Constant padding: `pads` holds the begin pads of every dim, then the end
  /// pads (non-negative).
  mlir::Value pad(mlir::Value x, llvm::ArrayRef<int64_t> pads, double value);

  /// Numpy-style matrix product of operands sharing an element type.
  mlir::Value matmul(mlir::Value a, mlir::Value b);

  mlir::OpBuilder &builder;
  mlir::Location loc;
};

} // namespace kiln::importer

#endif // KILN_LIB_IMPORTER_ONNX_COMPOSER_H
