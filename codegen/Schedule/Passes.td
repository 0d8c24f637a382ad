//===- Passes.td - Kiln scheduling passes ------------------*- tablegen -*-===//
//
// The strategy (policy) side of scheduling; the kernel emitters that read
// its attributes are called from the graph-to-linalg lowering.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_CODEGEN_SCHEDULE_PASSES_TD
#define KILN_CODEGEN_SCHEDULE_PASSES_TD

include "mlir/Pass/PassBase.td"

def SelectSchedules : Pass<"kiln-select-schedules", "mlir::ModuleOp"> {
  let summary = "Choose a kernel schedule for each contraction from kiln.target";
  let description = [{
    Reads the module's `kiln.target` (see kiln/Support/TargetDescription.h)
    and writes a `kiln.schedule` dictionary on every graph op the
    contraction kernels can take:
    - `graph.matmul` with an activation of rank >= 2 and a constant 2-D
      weight, and `graph.gemm` with a constant B, transA = false, alpha = 1
      and (with C) beta = 1: kernel "gemm"; a bias or C must be per-column
      or a scalar;
    - 2-D `graph.conv` with a constant weight, except depthwise convolutions
      (group = input channels = output channels): kernel "conv2d_nchw",
      b_source "direct" for 1x1 kernels with stride 1, no padding and
      dilation 1, "im2col" otherwise; or kernel "conv2d_nchw_cvec"
      (output channels as the vector dimension) where chooseConvKernel's
      cost model prefers it (few output pixels, large weights).
    Every operand and the result must be statically shaped f32 tensors with
    no empty dimension; other ops are left alone and lower through the
    generic linalg path. The values come from the pure heuristics of
    codegen/Schedule/Heuristics.h (docs/scheduling.md, "Strategy"). Does
    nothing without `kiln.target`; fails on a malformed one. An op that
    already carries `kiln.schedule` keeps it.

    Before (kiln.target for AVX-512, 2 cores):
    ```mlir
    %y = graph.matmul %x, %w : (tensor<64x256xf32>, tensor<256x512xf32>) -> tensor<64x512xf32>
    ```
    After:
    ```mlir
    %y = graph.matmul %x, %w {kiln.schedule = {kc = 256 : i64,
           kernel = "gemm", m_split = 1 : i64, mr = 8 : i64, nr = 32 : i64,
           parallel = true, vector_width = 16 : i64}} : ...
    ```
  }];
}

#endif // KILN_CODEGEN_SCHEDULE_PASSES_TD
