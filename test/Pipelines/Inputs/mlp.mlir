// Input of run-models.test: a small MLP layer (matmul, bias, tanh, relu) at
// the level GraphToLinalg emits, with its bias as a blob.
#map = affine_map<(d0, d1) -> (d0, d1)>
#mapb = affine_map<(d0, d1) -> (d1)>
module attributes {kiln.model_name = "mlp",
  kiln.inputs = [{name = "x", type = tensor<2x4xf32>}],
  kiln.outputs = [{name = "y", type = tensor<2x3xf32>}]} {
  func.func @main(%x: tensor<2x4xf32> {kiln.name = "x"}) -> (tensor<2x3xf32> {kiln.name = "y"}) {
    %w = arith.constant dense<[[1.0, 0.0, -1.0], [0.5, 1.0, 0.0], [0.0, -2.0, 1.0], [1.0, 1.0, 1.0]]> : tensor<4x3xf32>
    %b = arith.constant dense_resource<bias> : tensor<3xf32>
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<2x3xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<2x3xf32>) -> tensor<2x3xf32>
    %mm = linalg.matmul ins(%x, %w : tensor<2x4xf32>, tensor<4x3xf32>) outs(%f : tensor<2x3xf32>) -> tensor<2x3xf32>
    %e2 = tensor.empty() : tensor<2x3xf32>
    %r = linalg.generic {indexing_maps = [#map, #mapb, #map], iterator_types = ["parallel", "parallel"]}
      ins(%mm, %b : tensor<2x3xf32>, tensor<3xf32>) outs(%e2 : tensor<2x3xf32>) {
    ^bb0(%a: f32, %bb: f32, %o: f32):
      %s = arith.addf %a, %bb : f32
      %t = math.tanh %s : f32
      %m = arith.maximumf %t, %zero : f32
      linalg.yield %m : f32
    } -> tensor<2x3xf32>
    return %r : tensor<2x3xf32>
  }
}
{-#
  dialect_resources: {
    builtin: {
      bias: "0x04000000000000BF0000803F00000040"
    }
  }
#-}
