// Input of run-models.test: padding, a 3x3 convolution, bias and relu,
// a reduction, libm-style elementwise math, slices and a concatenation;
// the weights are a blob.
#id4 = affine_map<(n, c, h, w) -> (n, c, h, w)>
#bias4 = affine_map<(n, c, h, w) -> (c)>
#id1 = affine_map<(d0) -> (d0)>
#red_in = affine_map<(d0, d1) -> (d0, d1)>
#red_out = affine_map<(d0, d1) -> (d0)>
module attributes {kiln.model_name = "convnet",
  kiln.inputs = [{name = "image", type = tensor<1x2x5x5xf32>}],
  kiln.outputs = [{name = "features", type = tensor<1x3x5x5xf32>},
                  {name = "summary", type = tensor<3xf32>},
                  {name = "mathy", type = tensor<10xf32>},
                  {name = "concat", type = tensor<6xf32>}]} {
  func.func @main(%img: tensor<1x2x5x5xf32> {kiln.name = "image"})
      -> (tensor<1x3x5x5xf32> {kiln.name = "features"}, tensor<3xf32> {kiln.name = "summary"},
          tensor<10xf32> {kiln.name = "mathy"}, tensor<6xf32> {kiln.name = "concat"}) {
    %zero = arith.constant 0.0 : f32
    %w = arith.constant dense_resource<convw> : tensor<3x2x3x3xf32>
    %b = arith.constant dense<[0.5, -1.0, 0.25]> : tensor<3xf32>
    %padded = tensor.pad %img low[0, 0, 1, 1] high[0, 0, 1, 1] {
    ^bb0(%i: index, %j: index, %k: index, %l: index):
      tensor.yield %zero : f32
    } : tensor<1x2x5x5xf32> to tensor<1x2x7x7xf32>
    %e = tensor.empty() : tensor<1x3x5x5xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x3x5x5xf32>) -> tensor<1x3x5x5xf32>
    %conv = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%padded, %w : tensor<1x2x7x7xf32>, tensor<3x2x3x3xf32>) outs(%f : tensor<1x3x5x5xf32>) -> tensor<1x3x5x5xf32>
    %e2 = tensor.empty() : tensor<1x3x5x5xf32>
    %act = linalg.generic {indexing_maps = [#id4, #bias4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%conv, %b : tensor<1x3x5x5xf32>, tensor<3xf32>) outs(%e2 : tensor<1x3x5x5xf32>) {
    ^bb0(%a: f32, %bb: f32, %o: f32):
      %s = arith.addf %a, %bb : f32
      %r = arith.maximumf %s, %zero : f32
      linalg.yield %r : f32
    } -> tensor<1x3x5x5xf32>
    // Sum over spatial dims per channel.
    %flat = tensor.collapse_shape %act [[0, 1], [2, 3]] : tensor<1x3x5x5xf32> into tensor<3x25xf32>
    %e3 = tensor.empty() : tensor<3xf32>
    %f3 = linalg.fill ins(%zero : f32) outs(%e3 : tensor<3xf32>) -> tensor<3xf32>
    %sum = linalg.generic {indexing_maps = [#red_in, #red_out], iterator_types = ["parallel", "reduction"]}
      ins(%flat : tensor<3x25xf32>) outs(%f3 : tensor<3xf32>) {
    ^bb0(%a: f32, %o: f32):
      %s = arith.addf %a, %o : f32
      linalg.yield %s : f32
    } -> tensor<3xf32>
    // Elementwise math over the first 10 pixels of the image.
    %img10 = tensor.extract_slice %img[0, 0, 0, 0] [1, 1, 2, 5] [1, 1, 1, 1] : tensor<1x2x5x5xf32> to tensor<2x5xf32>
    %v = tensor.collapse_shape %img10 [[0, 1]] : tensor<2x5xf32> into tensor<10xf32>
    %e4 = tensor.empty() : tensor<10xf32>
    %m = linalg.generic {indexing_maps = [#id1, #id1], iterator_types = ["parallel"]}
      ins(%v : tensor<10xf32>) outs(%e4 : tensor<10xf32>) {
    ^bb0(%a: f32, %o: f32):
      %ex = math.exp %a : f32
      %ab = math.absf %a : f32
      %one = arith.constant 1.0 : f32
      %ab1 = arith.addf %ab, %one : f32
      %lg = math.log %ab1 : f32
      %er = math.erf %a : f32
      %th = arith.constant 1.5 : f32
      %pw = math.powf %ab1, %th : f32
      %fl = math.floor %a : f32
      %rd = math.round %a : f32
      %sq = math.sqrt %ab1 : f32
      %t1 = arith.addf %ex, %lg : f32
      %t2 = arith.addf %t1, %er : f32
      %t3 = arith.addf %t2, %pw : f32
      %t4 = arith.addf %t3, %fl : f32
      %t5 = arith.addf %t4, %rd : f32
      %t6 = arith.addf %t5, %sq : f32
      %two = arith.constant 2.0 : f32
      %md = arith.remf %a, %two : f32
      %t7 = arith.addf %t6, %md : f32
      linalg.yield %t7 : f32
    } -> tensor<10xf32>
    // Concat: the channel sums, then the centre pixel of every channel.
    %e5 = tensor.empty() : tensor<6xf32>
    %c1 = tensor.insert_slice %sum into %e5[0] [3] [1] : tensor<3xf32> into tensor<6xf32>
    %col = tensor.extract_slice %act[0, 0, 2, 2] [1, 3, 1, 1] [1, 1, 1, 1] : tensor<1x3x5x5xf32> to tensor<3xf32>
    %c2 = tensor.insert_slice %col into %c1[3] [3] [1] : tensor<3xf32> into tensor<6xf32>
    return %act, %sum, %m, %c2 : tensor<1x3x5x5xf32>, tensor<3xf32>, tensor<10xf32>, tensor<6xf32>
  }
}
{-#
  dialect_resources: {
    builtin: {
      convw: "0x040000000000A0BF0000003F000000BF0000A03F0000803E000040BF0000803F00000000000080BF0000403F000080BE0000A0BF0000003F000000BF0000A03F0000803E000040BF0000803F00000000000080BF0000403F000080BE0000A0BF0000003F000000BF0000A03F0000803E000040BF0000803F00000000000080BF0000403F000080BE0000A0BF0000003F000000BF0000A03F0000803E000040BF0000803F00000000000080BF0000403F000080BE0000A0BF0000003F000000BF0000A03F0000803E000040BF0000803F00000000000080BF0000403F"
    }
  }
#-}
