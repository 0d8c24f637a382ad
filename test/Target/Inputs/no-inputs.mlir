// A model whose output does not depend on any input (all constants).
module attributes {
  kiln.model_name = "constant",
  kiln.inputs = [],
  kiln.outputs = [{name = "value", type = tensor<3xf32>}]
} {
}
