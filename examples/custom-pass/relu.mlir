// The graph dialect as kiln-opt reads it; example-relu6 rewrites the relu.
func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = graph.relu %x : tensor<4xf32>
  return %y : tensor<4xf32>
}
