// RUN: kiln-opt %s --kiln-depthwise-conv | FileCheck %s

// Without a kiln.target the pass leaves depthwise convolutions to the
// generic lowering.

// CHECK-LABEL: func.func @dw
// CHECK: tensor.pad
// CHECK: linalg.depthwise_conv_2d_nchw_chw
func.func @dw(%x: tensor<1x2x5x5xf32>, %w: tensor<2x3x3xf32>, %init: tensor<1x2x5x5xf32>) -> tensor<1x2x5x5xf32> {
  %zero = arith.constant 0.0 : f32
  %p = tensor.pad %x low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x2x5x5xf32> to tensor<1x2x7x7xf32>
  %dw = linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%p, %w : tensor<1x2x7x7xf32>, tensor<2x3x3xf32>) outs(%init : tensor<1x2x5x5xf32>) -> tensor<1x2x5x5xf32>
  return %dw : tensor<1x2x5x5xf32>
}
