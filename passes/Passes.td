//===- Passes.td - Kiln graph optimizer passes -------------*- tablegen -*-===//
//
// The graph optimizer: small passes on the `graph` dialect, composed by
// kiln::buildGraphOptimizationPipeline (lib/Pipelines). One file per pass.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_PASSES_TD
#define KILN_PASSES_TD

include "mlir/Pass/PassBase.td"

def FoldConstants : Pass<"kiln-fold-constants", "mlir::func::FuncOp"> {
  let summary = "Evaluate graph ops whose operands are all constants";
  let description = [{
    Replaces any graph op whose operands are `graph.constant`s by a constant
    holding its result, as long as the result has at most
    `max-result-elements` elements (shape subgraphs of torch exports, weight
    transposes, casts of constant tensors, ...).
  }];
  let options = [
    Option<"maxResultElements", "max-result-elements", "int64_t",
           /*default=*/"1 << 22",
           "Largest result (in elements) that is folded">,
  ];
  let dependentDialects = ["kiln::graph::GraphDialect"];
}

def SimplifyAlgebra : Pass<"kiln-simplify-algebra", "mlir::func::FuncOp"> {
  let summary = "Remove identities and compose reshapes, transposes and casts";
  let description = [{
    x+0, x-0, x*1, x/1, reshape of reshape, transpose of transpose (cancel or
    compose), casts that round-trip without changing values. Rewrites that
    can change floating-point results run only with `fast-math`.
  }];
  let options = [
    Option<"fastMath", "fast-math", "bool", /*default=*/"false",
           "Allow rewrites that change floating-point results">,
  ];
  let dependentDialects = ["kiln::graph::GraphDialect"];
}

def FoldTranspose : Pass<"kiln-fold-transpose", "mlir::func::FuncOp"> {
  let summary = "Fold transposes of the last two dims into matmul and gemm";
  let description = [{
    `gemm(transpose(a), b)` becomes `gemm(a, b) {transA}` (likewise b); a
    constant transposed matmul operand is folded into the constant; a 2-D
    matmul of a transposed operand becomes a gemm with transA / transB (bias
    and activation carried over). Only transposes of the last two dims fold.
  }];
  let dependentDialects = ["kiln::graph::GraphDialect"];
}

def FoldPad : Pass<"kiln-fold-pad", "mlir::func::FuncOp"> {
  let summary = "Fold constant-zero pads of spatial dims into conv and pooling";
  let description = [{
    `conv(pad(x))` with zero padding of the spatial dims only becomes a conv
    with larger `pads`; likewise max_pool with -inf padding and average_pool
    with count_include_pad.
  }];
  let dependentDialects = ["kiln::graph::GraphDialect"];
}

def FoldBatchNorm : Pass<"kiln-fold-batch-norm", "mlir::func::FuncOp"> {
  let summary = "Fold inference batch normalization into the preceding conv";
  let description = [{
    `batch_norm(conv(x, w, b))` with constant operands becomes
    `conv(x, w * s, (b - mean) * s + beta)` with `s = scale / sqrt(var + eps)`.
  }];
  let dependentDialects = ["kiln::graph::GraphDialect"];
}

def FuseMatMulBias : Pass<"kiln-fuse-matmul-bias", "mlir::func::FuncOp"> {
  let summary = "Fuse an Add of a bias into matmul, gemm and conv";
  let description = [{
    `add(matmul(a, b), bias)` becomes `matmul(a, b, bias)` when the bias
    broadcasts to the result; likewise gemm without C, and conv with a
    per-channel constant.
  }];
  let dependentDialects = ["kiln::graph::GraphDialect"];
}

def FuseEpilogues : Pass<"kiln-fuse-epilogues", "mlir::func::FuncOp"> {
  let summary = "Fuse residual adds and activations into contraction epilogues";
  let description = [{
    An add of a conv whose result has no other use (no activation or
    residual yet) and a tensor of the same type (no broadcasting) becomes the
    conv's `residual` operand. Then relu, clip (relu6), leaky_relu, sigmoid,
    hard_sigmoid, hard_swish, silu, gelu and tanh applied to the only use of
    a contraction become its `activation` attribute (applied after the
    residual).
  }];
  let dependentDialects = ["kiln::graph::GraphDialect"];
}

def RecognizeNorms : Pass<"kiln-recognize-norms", "mlir::func::FuncOp"> {
  let summary = "Recognize decomposed LayerNormalization and Softmax";
  let description = [{
    ```
    m = reduce_mean(x, tail axes); d = x - m
    (d / sqrt(reduce_mean(pow(d, 2) or d * d) + eps)) [* gamma] [+ beta]
        -> graph.layer_norm %x, %gamma (or ones), %beta {axis = first tail axis}
    exp(x - reduce_max(x)) / reduce_sum(exp(...))  (one axis, keepdims)
    exp(x) / reduce_sum(exp(x))
        -> graph.softmax %x {axis}
    ```

    Gamma and beta are taken in only when they broadcast over the
    normalized dims.
  }];
  let dependentDialects = ["kiln::graph::GraphDialect"];
}

def RecognizeActivations : Pass<"kiln-recognize-activations", "mlir::func::FuncOp"> {
  let summary = "Recognize decomposed GELU (erf and tanh forms) and SiLU";
  let description = [{
    Products are matched as multisets of factors (any order of the
    multiplications), constants within 1e-6 relative:

    ```
    x * 0.5 * (1 + erf(x / 1.4142135))                     -> graph.gelu %x {tanh_approximation = false}
    0.5 * x * (1 + tanh(0.7978846 * (x + 0.044715 * x^3))) -> graph.gelu %x {tanh_approximation = true}
    x * sigmoid(x)                                         -> graph.silu %x
    ```

    The erf argument may also be `x * 0.70710678`, `x^3` may be `pow(x, 3)`
    or `x * x * x`. Intermediates used elsewhere block the rewrite.
  }];
  let dependentDialects = ["kiln::graph::GraphDialect"];
}

def RecognizeAttention : Pass<"kiln-recognize-attention", "mlir::func::FuncOp"> {
  let summary = "Recognize scaled dot-product attention";
  let description = [{
    ```
    matmul(q, kT) -> [mul s | div d] -> [+ mask] -> softmax(last) -> matmul(., v)
        -> graph.attention %q, %k, %v[, %mask] {scale}
    ```

    Scalar-constant scales on the scores, on q, and on k or kT (torch's
    sqrt-scale export) multiply into `scale`. The key is kT with its last
    two dims swapped: a transpose producing kT is composed with that swap
    (cancelling when it only swapped them), otherwise a transpose is
    inserted. q, k and v must share their leading dims (no broadcasting).
  }];
  let dependentDialects = ["kiln::graph::GraphDialect"];
}

def FuseElementwise : Pass<"kiln-fuse-elementwise", "mlir::func::FuncOp"> {
  let summary = "Group trees of elementwise ops into graph.fused_elementwise";
  let description = [{
    Groups maximal trees (two ops or more) of elementwise and broadcasting
    ops (unary, binary, where, cast, clip, activations, expand) into one
    `graph.fused_elementwise`, which lowers to a single loop nest. A
    producer joins its consumer's group when all its users are in the group
    and its result has the group result's shape (a smaller intermediate
    would be recomputed per element). The group's external inputs become
    the op's operands:

    ```mlir
    %s = graph.add %x, %b : (tensor<2x8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
    %r = graph.relu %s : tensor<2x8xf32>
    // becomes
    %r = graph.fused_elementwise %x, %b : (tensor<2x8xf32>, tensor<8xf32>) -> tensor<2x8xf32> {
    ^bb0(%a: tensor<2x8xf32>, %c: tensor<8xf32>):
      %s = graph.add %a, %c : (tensor<2x8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
      %t = graph.relu %s : tensor<2x8xf32>
      graph.yield %t : tensor<2x8xf32>
    }
    ```
  }];
  let dependentDialects = ["kiln::graph::GraphDialect"];
}

#endif // KILN_PASSES_TD
