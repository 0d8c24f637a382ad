// DEFINE: %{lower} = --convert-linalg-to-loops --lower-affine --convert-vector-to-scf \
// DEFINE:     --convert-scf-to-cf --expand-strided-metadata --lower-affine \
// DEFINE:     --convert-vector-to-llvm --convert-to-llvm --reconcile-unrealized-casts
// DEFINE: %{run} = mlir-runner -e main -entry-point-result=void \
// DEFINE:     -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils \
// DEFINE:     | sed -e 's/base@ = 0x[0-9a-f]*//'
// RUN: kiln-opt %s --kiln-legalize-freestanding --kiln-vectorize=remarks -o %t.ir 2>&1 \
// RUN: | FileCheck %s --check-prefix=IR
// RUN: kiln-opt %s --kiln-legalize-freestanding %{lower} | %{run} > %t.ref
// RUN: kiln-opt %s --kiln-legalize-freestanding --kiln-vectorize %{lower} | %{run} > %t.512
// RUN: sed -e 's/vector_bits = 512/vector_bits = 128/' %s \
// RUN: | kiln-opt --kiln-legalize-freestanding --kiln-vectorize %{lower} | %{run} > %t.128
// RUN: diff %t.ref %t.512
// RUN: diff %t.ref %t.128
// RUN: FileCheck %s --input-file %t.512

// Numerical check of kiln-vectorize: every function below is run once
// through the vector loops (16 and 4 lanes) and once through linalg-to-loops,
// on the same inputs (small integers, so that sums and products are exact
// whatever the order), and the printed outputs must be identical. The IR
// prefix checks that the vectorizer left nothing behind but the two
// one-element columns of padcopy's border fill.

// IR-COUNT-2: remark: not vectorized: no loop along which every output is contiguous
// IR-NOT: remark

// CHECK: sizes = [100]
// CHECK: sizes = [315]
// CHECK: sizes = [37]
// CHECK: sizes = [3]
// CHECK: sizes = [3]
// CHECK: sizes = [76]
// CHECK: sizes = [840]
// CHECK: sizes = [480]
// CHECK: sizes = [64]
// CHECK: sizes = [160]
// CHECK: sizes = [45]
// CHECK: sizes = [300]
// CHECK: sizes = [3]
// CHECK: sizes = [15]
// CHECK: sizes = [240]
// CHECK: sizes = [189]
// CHECK: sizes = [8]
// CHECK: sizes = [276]
// CHECK: sizes = [50]
// CHECK: sizes = [40]
// CHECK: sizes = [840]
// CHECK: sizes = [240]
// CHECK: sizes = [1400]
// CHECK: {{^[-0-9.e+]+$}}

module attributes {kiln.target = {triple = "x86_64-unknown-linux-gnu", cpu = "znver5", isa = "avx512", vector_bits = 512 : i64, vector_registers = 32 : i64, fma = true, l1d_bytes = 49152 : i64, l2_bytes = 1048576 : i64, l3_bytes = 33554432 : i64, cores = 2 : i64}} {
func.func @add(%a0: memref<100xf32>, %a1: memref<100xf32>, %a2: memref<100xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      ins(%a0, %a1 : memref<100xf32>, memref<100xf32>)
      outs(%a2 : memref<100xf32>) {
  ^bb0(%x0: f32, %x1: f32, %o0: f32):
    %s = arith.addf %x0, %x1 : f32
    linalg.yield %s : f32
  }
  return
}

func.func @bias(%a0: memref<1x5x7x9xf32>, %a1: memref<5xf32>, %a2: memref<1x5x7x9xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d1)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%a0, %a1 : memref<1x5x7x9xf32>, memref<5xf32>)
      outs(%a2 : memref<1x5x7x9xf32>) {
  ^bb0(%x0: f32, %x1: f32, %o0: f32):
    %s = arith.addf %x0, %x1 : f32
    linalg.yield %s : f32
  }
  return
}

func.func @idiv(%a0: memref<37xf32>, %a1: memref<37xf32>, %a2: memref<37xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      ins(%a0, %a1 : memref<37xf32>, memref<37xf32>)
      outs(%a2 : memref<37xf32>) {
  ^bb0(%x0: f32, %x1: f32, %o0: f32):
    %x = arith.fptosi %x0 : f32 to i32
    %y = arith.fptosi %x1 : f32 to i32
    %z = arith.constant 0 : i32
    %one = arith.constant 1 : i32
    %neg = arith.cmpi slt, %y, %z : i32
    %ny = arith.subi %z, %y : i32
    %ay = arith.select %neg, %ny, %y : i32
    %d = arith.addi %ay, %one : i32
    %q = arith.divsi %x, %d : i32
    %r = arith.remsi %x, %d : i32
    %t = arith.muli %q, %d : i32
    %u = arith.addi %t, %r : i32
    %v = arith.addi %u, %q : i32
    %f = arith.sitofp %v : i32 to f32
    linalg.yield %f : f32
  }
  return
}

func.func @rowmax(%a0: memref<3x37xf32>, %a1: memref<3xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]}
      ins(%a0 : memref<3x37xf32>)
      outs(%a1 : memref<3xf32>) {
  ^bb0(%x0: f32, %o0: f32):
    %s = arith.maximumf %o0, %x0 : f32
    linalg.yield %s : f32
  }
  return
}

func.func @rowsum(%a0: memref<3x70xf32>, %a1: memref<3xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]}
      ins(%a0 : memref<3x70xf32>)
      outs(%a1 : memref<3xf32>) {
  ^bb0(%x0: f32, %o0: f32):
    %s = arith.addf %x0, %o0 : f32
    linalg.yield %s : f32
  }
  return
}

func.func @midsum(%a0: memref<4x6x19xf32>, %a1: memref<6xf32>, %a2: memref<4x19xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d1)>, affine_map<(d0, d1, d2) -> (d0, d2)>], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a0, %a1 : memref<4x6x19xf32>, memref<6xf32>)
      outs(%a2 : memref<4x19xf32>) {
  ^bb0(%x0: f32, %x1: f32, %o0: f32):
    %m = arith.mulf %x0, %x1 : f32
    %s = arith.addf %o0, %m : f32
    linalg.yield %s : f32
  }
  return
}

func.func @dw1(%a0: memref<1x3x9x42xf32>, %a1: memref<3x3x3xf32>, %a2: memref<1x3x7x40xf32>) {
  linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%a0, %a1 : memref<1x3x9x42xf32>, memref<3x3x3xf32>) outs(%a2 : memref<1x3x7x40xf32>)
  return
}

func.func @dw2(%a0: memref<1x3x9x81xf32>, %a1: memref<3x3x3xf32>, %a2: memref<1x3x4x40xf32>) {
  linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%a0, %a1 : memref<1x3x9x81xf32>, memref<3x3x3xf32>) outs(%a2 : memref<1x3x4x40xf32>)
  return
}

func.func @dw2edge(%a0: memref<1x2x5x33xf32>, %a1: memref<2x3x3xf32>, %a2: memref<1x2x2x16xf32>) {
  linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%a0, %a1 : memref<1x2x5x33xf32>, memref<2x3x3xf32>) outs(%a2 : memref<1x2x2x16xf32>)
  return
}

func.func @maxpool2(%a0: memref<1x2x9x41xf32>, %a1: memref<3x3xf32>, %a2: memref<1x2x4x20xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2 * 2 + d4, d3 * 2 + d5)>, affine_map<(d0, d1, d2, d3, d4, d5) -> (d4, d5)>, affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]}
      ins(%a0, %a1 : memref<1x2x9x41xf32>, memref<3x3xf32>)
      outs(%a2 : memref<1x2x4x20xf32>) {
  ^bb0(%x0: f32, %x1: f32, %o0: f32):
    %s = arith.maximumf %o0, %x0 : f32
    linalg.yield %s : f32
  }
  return
}

func.func @avgpool3(%a0: memref<1x1x9x45xf32>, %a1: memref<3x3xf32>, %a2: memref<1x1x3x15xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2 * 3 + d4, d3 * 3 + d5)>, affine_map<(d0, d1, d2, d3, d4, d5) -> (d4, d5)>, affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]}
      ins(%a0, %a1 : memref<1x1x9x45xf32>, memref<3x3xf32>)
      outs(%a2 : memref<1x1x3x15xf32>) {
  ^bb0(%x0: f32, %x1: f32, %o0: f32):
    %s = arith.addf %o0, %x0 : f32
    linalg.yield %s : f32
  }
  return
}

func.func @transpose(%a0: memref<3x5x20xf32>, %a1: memref<5x3x20xf32>) {
  linalg.transpose ins(%a0 : memref<3x5x20xf32>) outs(%a1 : memref<5x3x20xf32>) permutation = [1, 0, 2]
  return
}

func.func @gapsum(%a0: memref<1x3x7x7xf32>, %a1: memref<1x3xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction", "reduction"]}
      ins(%a0 : memref<1x3x7x7xf32>)
      outs(%a1 : memref<1x3xf32>) {
  ^bb0(%x0: f32, %o0: f32):
    %s = arith.addf %o0, %x0 : f32
    linalg.yield %s : f32
  }
  return
}

func.func @dot(%a0: memref<3x37xf32>, %a1: memref<5x37xf32>, %a2: memref<3x5xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%a0, %a1 : memref<3x37xf32>, memref<5x37xf32>)
      outs(%a2 : memref<3x5xf32>) {
  ^bb0(%x0: f32, %x1: f32, %o0: f32):
    %m = arith.mulf %x0, %x1 : f32
    %s = arith.addf %o0, %m : f32
    linalg.yield %s : f32
  }
  return
}

func.func @matmul(%a0: memref<6x37xf32>, %a1: memref<37x40xf32>, %a2: memref<6x40xf32>) {
  linalg.matmul ins(%a0, %a1 : memref<6x37xf32>, memref<37x40xf32>) outs(%a2 : memref<6x40xf32>)
  return
}

func.func @transpose2d(%a0: memref<9x21xf32>, %a1: memref<21x9xf32>) {
  linalg.transpose ins(%a0 : memref<9x21xf32>) outs(%a1 : memref<21x9xf32>) permutation = [1, 0]
  return
}

func.func @twored(%a0: memref<2x3x4x37xf32>, %a1: memref<2x4xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d2)>], iterator_types = ["parallel", "reduction", "parallel", "reduction"]}
      ins(%a0 : memref<2x3x4x37xf32>)
      outs(%a1 : memref<2x4xf32>) {
  ^bb0(%x0: f32, %o0: f32):
    %s = arith.addf %o0, %x0 : f32
    linalg.yield %s : f32
  }
  return
}

func.func @padcopy(%a0: memref<1x2x4x21xf32>, %a1: memref<1x2x6x23xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%a1 : memref<1x2x6x23xf32>)
  %sub = memref.subview %a1[0, 0, 1, 1] [1, 2, 4, 21] [1, 1, 1, 1] : memref<1x2x6x23xf32> to memref<1x2x4x21xf32, strided<[276, 138, 23, 1], offset: 24>>
  linalg.copy ins(%a0 : memref<1x2x4x21xf32>) outs(%sub : memref<1x2x4x21xf32, strided<[276, 138, 23, 1], offset: 24>>)
  return
}

func.func @exp(%a0: memref<50xf32>, %a1: memref<50xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      ins(%a0 : memref<50xf32>)
      outs(%a1 : memref<50xf32>) {
  ^bb0(%x0: f32, %o0: f32):
    %h = arith.constant 0.25 : f32
    %s = arith.mulf %x0, %h : f32
    %e = math.exp %s : f32
    linalg.yield %e : f32
  }
  return
}

func.func @half(%a0: memref<40xf32>, %a1: memref<40xf32>) {
  %h = memref.alloca() : memref<40xf16>
  linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      ins(%a0 : memref<40xf32>)
      outs(%h : memref<40xf16>) {
  ^bb0(%x0: f32, %o0: f16):
    %t = arith.truncf %x0 : f32 to f16
    linalg.yield %t : f16
  }
  linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      ins(%h : memref<40xf16>)
      outs(%a1 : memref<40xf32>) {
  ^bb0(%x0: f16, %o0: f32):
    %e = arith.extf %x0 : f16 to f32
    %s = arith.addf %e, %e : f32
    linalg.yield %s : f32
  }
  return
}

func.func @fuse_dw(%a0: memref<1x3x9x42xf32>, %a1: memref<3x3x3xf32>, %a2: memref<3xf32>, %a3: memref<1x3x7x40xf32>) {
  %acc = memref.alloca() : memref<1x3x7x40xf32>
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d1)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%a2 : memref<3xf32>)
      outs(%acc : memref<1x3x7x40xf32>) {
  ^bb0(%x0: f32, %o0: f32):
    linalg.yield %x0 : f32
  }
  linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%a0, %a1 : memref<1x3x9x42xf32>, memref<3x3x3xf32>) outs(%acc : memref<1x3x7x40xf32>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%acc : memref<1x3x7x40xf32>)
      outs(%a3 : memref<1x3x7x40xf32>) {
  ^bb0(%x0: f32, %o0: f32):
    %lo = arith.constant 0.0 : f32
    %hi = arith.constant 6.0 : f32
    %m = arith.maximumf %x0, %lo : f32
    %c = arith.minimumf %m, %hi : f32
    linalg.yield %c : f32
  }
  return
}

func.func @fuse_mm(%a0: memref<6x37xf32>, %a1: memref<37x40xf32>, %a2: memref<6x40xf32>, %a3: memref<6x40xf32>) {
  %acc = memref.alloca() : memref<6x40xf32>
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%acc : memref<6x40xf32>)
  linalg.matmul ins(%a0, %a1 : memref<6x37xf32>, memref<37x40xf32>) outs(%acc : memref<6x40xf32>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
      ins(%acc, %a2 : memref<6x40xf32>, memref<6x40xf32>)
      outs(%a3 : memref<6x40xf32>) {
  ^bb0(%x0: f32, %x1: f32, %o0: f32):
    %s = arith.addf %x0, %x1 : f32
    linalg.yield %s : f32
  }
  return
}

func.func @no_fuse_alias(%a0: memref<6xf32>, %a1: memref<1400xf32>) {
  %x = memref.reinterpret_cast %a1 to offset: [0], sizes: [11, 6, 19], strides: [114, 19, 1] : memref<1400xf32> to memref<11x6x19xf32, strided<[114, 19, 1]>>
  %y = memref.reinterpret_cast %a1 to offset: [300], sizes: [11, 19], strides: [19, 1] : memref<1400xf32> to memref<11x19xf32, strided<[19, 1], offset: 300>>
  %acc = memref.alloca() : memref<11x19xf32>
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%acc : memref<11x19xf32>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d1)>, affine_map<(d0, d1, d2) -> (d0, d2)>], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%x, %a0 : memref<11x6x19xf32, strided<[114, 19, 1]>>, memref<6xf32>)
      outs(%acc : memref<11x19xf32>) {
  ^bb0(%x0: f32, %x1: f32, %o0: f32):
    %m = arith.mulf %x0, %x1 : f32
    %s = arith.addf %o0, %m : f32
    linalg.yield %s : f32
  }
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
      ins(%acc : memref<11x19xf32>)
      outs(%y : memref<11x19xf32, strided<[19, 1], offset: 300>>) {
  ^bb0(%x0: f32, %o0: f32):
    %t = arith.constant 2.0 : f32
    %s = arith.mulf %x0, %t : f32
    linalg.yield %s : f32
  }
  return
}

func.func @big(%a0: memref<300x300xf32>, %a1: memref<300x300xf32>, %a2: memref<300x300xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
      ins(%a0, %a1 : memref<300x300xf32>, memref<300x300xf32>)
      outs(%a2 : memref<300x300xf32>) {
  ^bb0(%x0: f32, %x1: f32, %o0: f32):
    %s = arith.mulf %x0, %x1 : f32
    linalg.yield %s : f32
  }
  return
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %add_0_flat = memref.alloca() : memref<100xf32>
  %add_0_dyn = memref.cast %add_0_flat : memref<100xf32> to memref<?xf32>
  %add_0_seed = arith.constant 8 : index
  call @fill(%add_0_dyn, %add_0_seed) : (memref<?xf32>, index) -> ()
  %add_0 = memref.reinterpret_cast %add_0_flat to offset: [0], sizes: [100], strides: [1] : memref<100xf32> to memref<100xf32>
  %add_1_flat = memref.alloca() : memref<100xf32>
  %add_1_dyn = memref.cast %add_1_flat : memref<100xf32> to memref<?xf32>
  %add_1_seed = arith.constant 11 : index
  call @fill(%add_1_dyn, %add_1_seed) : (memref<?xf32>, index) -> ()
  %add_1 = memref.reinterpret_cast %add_1_flat to offset: [0], sizes: [100], strides: [1] : memref<100xf32> to memref<100xf32>
  %add_2_flat = memref.alloca() : memref<100xf32>
  %add_2_dyn = memref.cast %add_2_flat : memref<100xf32> to memref<?xf32>
  %add_2_seed = arith.constant 3 : index
  call @fill(%add_2_dyn, %add_2_seed) : (memref<?xf32>, index) -> ()
  %add_2 = memref.reinterpret_cast %add_2_flat to offset: [0], sizes: [100], strides: [1] : memref<100xf32> to memref<100xf32>
  call @add(%add_0, %add_1, %add_2) : (memref<100xf32>, memref<100xf32>, memref<100xf32>) -> ()
  %add_2_u = memref.cast %add_2_flat : memref<100xf32> to memref<*xf32>
  call @printMemrefF32(%add_2_u) : (memref<*xf32>) -> ()
  %bias_0_flat = memref.alloca() : memref<315xf32>
  %bias_0_dyn = memref.cast %bias_0_flat : memref<315xf32> to memref<?xf32>
  %bias_0_seed = arith.constant 6 : index
  call @fill(%bias_0_dyn, %bias_0_seed) : (memref<?xf32>, index) -> ()
  %bias_0 = memref.reinterpret_cast %bias_0_flat to offset: [0], sizes: [1, 5, 7, 9], strides: [315, 63, 9, 1] : memref<315xf32> to memref<1x5x7x9xf32>
  %bias_1_flat = memref.alloca() : memref<5xf32>
  %bias_1_dyn = memref.cast %bias_1_flat : memref<5xf32> to memref<?xf32>
  %bias_1_seed = arith.constant 9 : index
  call @fill(%bias_1_dyn, %bias_1_seed) : (memref<?xf32>, index) -> ()
  %bias_1 = memref.reinterpret_cast %bias_1_flat to offset: [0], sizes: [5], strides: [1] : memref<5xf32> to memref<5xf32>
  %bias_2_flat = memref.alloca() : memref<315xf32>
  %bias_2_dyn = memref.cast %bias_2_flat : memref<315xf32> to memref<?xf32>
  %bias_2_seed = arith.constant 12 : index
  call @fill(%bias_2_dyn, %bias_2_seed) : (memref<?xf32>, index) -> ()
  %bias_2 = memref.reinterpret_cast %bias_2_flat to offset: [0], sizes: [1, 5, 7, 9], strides: [315, 63, 9, 1] : memref<315xf32> to memref<1x5x7x9xf32>
  call @bias(%bias_0, %bias_1, %bias_2) : (memref<1x5x7x9xf32>, memref<5xf32>, memref<1x5x7x9xf32>) -> ()
  %bias_2_u = memref.cast %bias_2_flat : memref<315xf32> to memref<*xf32>
  call @printMemrefF32(%bias_2_u) : (memref<*xf32>) -> ()
  %idiv_0_flat = memref.alloca() : memref<37xf32>
  %idiv_0_dyn = memref.cast %idiv_0_flat : memref<37xf32> to memref<?xf32>
  %idiv_0_seed = arith.constant 4 : index
  call @fill(%idiv_0_dyn, %idiv_0_seed) : (memref<?xf32>, index) -> ()
  %idiv_0 = memref.reinterpret_cast %idiv_0_flat to offset: [0], sizes: [37], strides: [1] : memref<37xf32> to memref<37xf32>
  %idiv_1_flat = memref.alloca() : memref<37xf32>
  %idiv_1_dyn = memref.cast %idiv_1_flat : memref<37xf32> to memref<?xf32>
  %idiv_1_seed = arith.constant 7 : index
  call @fill(%idiv_1_dyn, %idiv_1_seed) : (memref<?xf32>, index) -> ()
  %idiv_1 = memref.reinterpret_cast %idiv_1_flat to offset: [0], sizes: [37], strides: [1] : memref<37xf32> to memref<37xf32>
  %idiv_2_flat = memref.alloca() : memref<37xf32>
  %idiv_2_dyn = memref.cast %idiv_2_flat : memref<37xf32> to memref<?xf32>
  %idiv_2_seed = arith.constant 10 : index
  call @fill(%idiv_2_dyn, %idiv_2_seed) : (memref<?xf32>, index) -> ()
  %idiv_2 = memref.reinterpret_cast %idiv_2_flat to offset: [0], sizes: [37], strides: [1] : memref<37xf32> to memref<37xf32>
  call @idiv(%idiv_0, %idiv_1, %idiv_2) : (memref<37xf32>, memref<37xf32>, memref<37xf32>) -> ()
  %idiv_2_u = memref.cast %idiv_2_flat : memref<37xf32> to memref<*xf32>
  call @printMemrefF32(%idiv_2_u) : (memref<*xf32>) -> ()
  %rowmax_0_flat = memref.alloca() : memref<111xf32>
  %rowmax_0_dyn = memref.cast %rowmax_0_flat : memref<111xf32> to memref<?xf32>
  %rowmax_0_seed = arith.constant 13 : index
  call @fill(%rowmax_0_dyn, %rowmax_0_seed) : (memref<?xf32>, index) -> ()
  %rowmax_0 = memref.reinterpret_cast %rowmax_0_flat to offset: [0], sizes: [3, 37], strides: [37, 1] : memref<111xf32> to memref<3x37xf32>
  %rowmax_1_flat = memref.alloca() : memref<3xf32>
  %rowmax_1_dyn = memref.cast %rowmax_1_flat : memref<3xf32> to memref<?xf32>
  %rowmax_1_seed = arith.constant 5 : index
  call @fill(%rowmax_1_dyn, %rowmax_1_seed) : (memref<?xf32>, index) -> ()
  %rowmax_1 = memref.reinterpret_cast %rowmax_1_flat to offset: [0], sizes: [3], strides: [1] : memref<3xf32> to memref<3xf32>
  call @rowmax(%rowmax_0, %rowmax_1) : (memref<3x37xf32>, memref<3xf32>) -> ()
  %rowmax_1_u = memref.cast %rowmax_1_flat : memref<3xf32> to memref<*xf32>
  call @printMemrefF32(%rowmax_1_u) : (memref<*xf32>) -> ()
  %rowsum_0_flat = memref.alloca() : memref<210xf32>
  %rowsum_0_dyn = memref.cast %rowsum_0_flat : memref<210xf32> to memref<?xf32>
  %rowsum_0_seed = arith.constant 8 : index
  call @fill(%rowsum_0_dyn, %rowsum_0_seed) : (memref<?xf32>, index) -> ()
  %rowsum_0 = memref.reinterpret_cast %rowsum_0_flat to offset: [0], sizes: [3, 70], strides: [70, 1] : memref<210xf32> to memref<3x70xf32>
  %rowsum_1_flat = memref.alloca() : memref<3xf32>
  %rowsum_1_dyn = memref.cast %rowsum_1_flat : memref<3xf32> to memref<?xf32>
  %rowsum_1_seed = arith.constant 11 : index
  call @fill(%rowsum_1_dyn, %rowsum_1_seed) : (memref<?xf32>, index) -> ()
  %rowsum_1 = memref.reinterpret_cast %rowsum_1_flat to offset: [0], sizes: [3], strides: [1] : memref<3xf32> to memref<3xf32>
  call @rowsum(%rowsum_0, %rowsum_1) : (memref<3x70xf32>, memref<3xf32>) -> ()
  %rowsum_1_u = memref.cast %rowsum_1_flat : memref<3xf32> to memref<*xf32>
  call @printMemrefF32(%rowsum_1_u) : (memref<*xf32>) -> ()
  %midsum_0_flat = memref.alloca() : memref<456xf32>
  %midsum_0_dyn = memref.cast %midsum_0_flat : memref<456xf32> to memref<?xf32>
  %midsum_0_seed = arith.constant 3 : index
  call @fill(%midsum_0_dyn, %midsum_0_seed) : (memref<?xf32>, index) -> ()
  %midsum_0 = memref.reinterpret_cast %midsum_0_flat to offset: [0], sizes: [4, 6, 19], strides: [114, 19, 1] : memref<456xf32> to memref<4x6x19xf32>
  %midsum_1_flat = memref.alloca() : memref<6xf32>
  %midsum_1_dyn = memref.cast %midsum_1_flat : memref<6xf32> to memref<?xf32>
  %midsum_1_seed = arith.constant 6 : index
  call @fill(%midsum_1_dyn, %midsum_1_seed) : (memref<?xf32>, index) -> ()
  %midsum_1 = memref.reinterpret_cast %midsum_1_flat to offset: [0], sizes: [6], strides: [1] : memref<6xf32> to memref<6xf32>
  %midsum_2_flat = memref.alloca() : memref<76xf32>
  %midsum_2_dyn = memref.cast %midsum_2_flat : memref<76xf32> to memref<?xf32>
  %midsum_2_seed = arith.constant 9 : index
  call @fill(%midsum_2_dyn, %midsum_2_seed) : (memref<?xf32>, index) -> ()
  %midsum_2 = memref.reinterpret_cast %midsum_2_flat to offset: [0], sizes: [4, 19], strides: [19, 1] : memref<76xf32> to memref<4x19xf32>
  call @midsum(%midsum_0, %midsum_1, %midsum_2) : (memref<4x6x19xf32>, memref<6xf32>, memref<4x19xf32>) -> ()
  %midsum_2_u = memref.cast %midsum_2_flat : memref<76xf32> to memref<*xf32>
  call @printMemrefF32(%midsum_2_u) : (memref<*xf32>) -> ()
  %dw1_0_flat = memref.alloca() : memref<1134xf32>
  %dw1_0_dyn = memref.cast %dw1_0_flat : memref<1134xf32> to memref<?xf32>
  %dw1_0_seed = arith.constant 12 : index
  call @fill(%dw1_0_dyn, %dw1_0_seed) : (memref<?xf32>, index) -> ()
  %dw1_0 = memref.reinterpret_cast %dw1_0_flat to offset: [0], sizes: [1, 3, 9, 42], strides: [1134, 378, 42, 1] : memref<1134xf32> to memref<1x3x9x42xf32>
  %dw1_1_flat = memref.alloca() : memref<27xf32>
  %dw1_1_dyn = memref.cast %dw1_1_flat : memref<27xf32> to memref<?xf32>
  %dw1_1_seed = arith.constant 4 : index
  call @fill(%dw1_1_dyn, %dw1_1_seed) : (memref<?xf32>, index) -> ()
  %dw1_1 = memref.reinterpret_cast %dw1_1_flat to offset: [0], sizes: [3, 3, 3], strides: [9, 3, 1] : memref<27xf32> to memref<3x3x3xf32>
  %dw1_2_flat = memref.alloca() : memref<840xf32>
  %dw1_2_dyn = memref.cast %dw1_2_flat : memref<840xf32> to memref<?xf32>
  %dw1_2_seed = arith.constant 7 : index
  call @fill(%dw1_2_dyn, %dw1_2_seed) : (memref<?xf32>, index) -> ()
  %dw1_2 = memref.reinterpret_cast %dw1_2_flat to offset: [0], sizes: [1, 3, 7, 40], strides: [840, 280, 40, 1] : memref<840xf32> to memref<1x3x7x40xf32>
  call @dw1(%dw1_0, %dw1_1, %dw1_2) : (memref<1x3x9x42xf32>, memref<3x3x3xf32>, memref<1x3x7x40xf32>) -> ()
  %dw1_2_u = memref.cast %dw1_2_flat : memref<840xf32> to memref<*xf32>
  call @printMemrefF32(%dw1_2_u) : (memref<*xf32>) -> ()
  %dw2_0_flat = memref.alloca() : memref<2187xf32>
  %dw2_0_dyn = memref.cast %dw2_0_flat : memref<2187xf32> to memref<?xf32>
  %dw2_0_seed = arith.constant 10 : index
  call @fill(%dw2_0_dyn, %dw2_0_seed) : (memref<?xf32>, index) -> ()
  %dw2_0 = memref.reinterpret_cast %dw2_0_flat to offset: [0], sizes: [1, 3, 9, 81], strides: [2187, 729, 81, 1] : memref<2187xf32> to memref<1x3x9x81xf32>
  %dw2_1_flat = memref.alloca() : memref<27xf32>
  %dw2_1_dyn = memref.cast %dw2_1_flat : memref<27xf32> to memref<?xf32>
  %dw2_1_seed = arith.constant 13 : index
  call @fill(%dw2_1_dyn, %dw2_1_seed) : (memref<?xf32>, index) -> ()
  %dw2_1 = memref.reinterpret_cast %dw2_1_flat to offset: [0], sizes: [3, 3, 3], strides: [9, 3, 1] : memref<27xf32> to memref<3x3x3xf32>
  %dw2_2_flat = memref.alloca() : memref<480xf32>
  %dw2_2_dyn = memref.cast %dw2_2_flat : memref<480xf32> to memref<?xf32>
  %dw2_2_seed = arith.constant 5 : index
  call @fill(%dw2_2_dyn, %dw2_2_seed) : (memref<?xf32>, index) -> ()
  %dw2_2 = memref.reinterpret_cast %dw2_2_flat to offset: [0], sizes: [1, 3, 4, 40], strides: [480, 160, 40, 1] : memref<480xf32> to memref<1x3x4x40xf32>
  call @dw2(%dw2_0, %dw2_1, %dw2_2) : (memref<1x3x9x81xf32>, memref<3x3x3xf32>, memref<1x3x4x40xf32>) -> ()
  %dw2_2_u = memref.cast %dw2_2_flat : memref<480xf32> to memref<*xf32>
  call @printMemrefF32(%dw2_2_u) : (memref<*xf32>) -> ()
  %dw2edge_0_flat = memref.alloca() : memref<330xf32>
  %dw2edge_0_dyn = memref.cast %dw2edge_0_flat : memref<330xf32> to memref<?xf32>
  %dw2edge_0_seed = arith.constant 8 : index
  call @fill(%dw2edge_0_dyn, %dw2edge_0_seed) : (memref<?xf32>, index) -> ()
  %dw2edge_0 = memref.reinterpret_cast %dw2edge_0_flat to offset: [0], sizes: [1, 2, 5, 33], strides: [330, 165, 33, 1] : memref<330xf32> to memref<1x2x5x33xf32>
  %dw2edge_1_flat = memref.alloca() : memref<18xf32>
  %dw2edge_1_dyn = memref.cast %dw2edge_1_flat : memref<18xf32> to memref<?xf32>
  %dw2edge_1_seed = arith.constant 11 : index
  call @fill(%dw2edge_1_dyn, %dw2edge_1_seed) : (memref<?xf32>, index) -> ()
  %dw2edge_1 = memref.reinterpret_cast %dw2edge_1_flat to offset: [0], sizes: [2, 3, 3], strides: [9, 3, 1] : memref<18xf32> to memref<2x3x3xf32>
  %dw2edge_2_flat = memref.alloca() : memref<64xf32>
  %dw2edge_2_dyn = memref.cast %dw2edge_2_flat : memref<64xf32> to memref<?xf32>
  %dw2edge_2_seed = arith.constant 3 : index
  call @fill(%dw2edge_2_dyn, %dw2edge_2_seed) : (memref<?xf32>, index) -> ()
  %dw2edge_2 = memref.reinterpret_cast %dw2edge_2_flat to offset: [0], sizes: [1, 2, 2, 16], strides: [64, 32, 16, 1] : memref<64xf32> to memref<1x2x2x16xf32>
  call @dw2edge(%dw2edge_0, %dw2edge_1, %dw2edge_2) : (memref<1x2x5x33xf32>, memref<2x3x3xf32>, memref<1x2x2x16xf32>) -> ()
  %dw2edge_2_u = memref.cast %dw2edge_2_flat : memref<64xf32> to memref<*xf32>
  call @printMemrefF32(%dw2edge_2_u) : (memref<*xf32>) -> ()
  %maxpool2_0_flat = memref.alloca() : memref<738xf32>
  %maxpool2_0_dyn = memref.cast %maxpool2_0_flat : memref<738xf32> to memref<?xf32>
  %maxpool2_0_seed = arith.constant 6 : index
  call @fill(%maxpool2_0_dyn, %maxpool2_0_seed) : (memref<?xf32>, index) -> ()
  %maxpool2_0 = memref.reinterpret_cast %maxpool2_0_flat to offset: [0], sizes: [1, 2, 9, 41], strides: [738, 369, 41, 1] : memref<738xf32> to memref<1x2x9x41xf32>
  %maxpool2_1_flat = memref.alloca() : memref<9xf32>
  %maxpool2_1_dyn = memref.cast %maxpool2_1_flat : memref<9xf32> to memref<?xf32>
  %maxpool2_1_seed = arith.constant 9 : index
  call @fill(%maxpool2_1_dyn, %maxpool2_1_seed) : (memref<?xf32>, index) -> ()
  %maxpool2_1 = memref.reinterpret_cast %maxpool2_1_flat to offset: [0], sizes: [3, 3], strides: [3, 1] : memref<9xf32> to memref<3x3xf32>
  %maxpool2_2_flat = memref.alloca() : memref<160xf32>
  %maxpool2_2_dyn = memref.cast %maxpool2_2_flat : memref<160xf32> to memref<?xf32>
  %maxpool2_2_seed = arith.constant 12 : index
  call @fill(%maxpool2_2_dyn, %maxpool2_2_seed) : (memref<?xf32>, index) -> ()
  %maxpool2_2 = memref.reinterpret_cast %maxpool2_2_flat to offset: [0], sizes: [1, 2, 4, 20], strides: [160, 80, 20, 1] : memref<160xf32> to memref<1x2x4x20xf32>
  call @maxpool2(%maxpool2_0, %maxpool2_1, %maxpool2_2) : (memref<1x2x9x41xf32>, memref<3x3xf32>, memref<1x2x4x20xf32>) -> ()
  %maxpool2_2_u = memref.cast %maxpool2_2_flat : memref<160xf32> to memref<*xf32>
  call @printMemrefF32(%maxpool2_2_u) : (memref<*xf32>) -> ()
  %avgpool3_0_flat = memref.alloca() : memref<405xf32>
  %avgpool3_0_dyn = memref.cast %avgpool3_0_flat : memref<405xf32> to memref<?xf32>
  %avgpool3_0_seed = arith.constant 4 : index
  call @fill(%avgpool3_0_dyn, %avgpool3_0_seed) : (memref<?xf32>, index) -> ()
  %avgpool3_0 = memref.reinterpret_cast %avgpool3_0_flat to offset: [0], sizes: [1, 1, 9, 45], strides: [405, 405, 45, 1] : memref<405xf32> to memref<1x1x9x45xf32>
  %avgpool3_1_flat = memref.alloca() : memref<9xf32>
  %avgpool3_1_dyn = memref.cast %avgpool3_1_flat : memref<9xf32> to memref<?xf32>
  %avgpool3_1_seed = arith.constant 7 : index
  call @fill(%avgpool3_1_dyn, %avgpool3_1_seed) : (memref<?xf32>, index) -> ()
  %avgpool3_1 = memref.reinterpret_cast %avgpool3_1_flat to offset: [0], sizes: [3, 3], strides: [3, 1] : memref<9xf32> to memref<3x3xf32>
  %avgpool3_2_flat = memref.alloca() : memref<45xf32>
  %avgpool3_2_dyn = memref.cast %avgpool3_2_flat : memref<45xf32> to memref<?xf32>
  %avgpool3_2_seed = arith.constant 10 : index
  call @fill(%avgpool3_2_dyn, %avgpool3_2_seed) : (memref<?xf32>, index) -> ()
  %avgpool3_2 = memref.reinterpret_cast %avgpool3_2_flat to offset: [0], sizes: [1, 1, 3, 15], strides: [45, 45, 15, 1] : memref<45xf32> to memref<1x1x3x15xf32>
  call @avgpool3(%avgpool3_0, %avgpool3_1, %avgpool3_2) : (memref<1x1x9x45xf32>, memref<3x3xf32>, memref<1x1x3x15xf32>) -> ()
  %avgpool3_2_u = memref.cast %avgpool3_2_flat : memref<45xf32> to memref<*xf32>
  call @printMemrefF32(%avgpool3_2_u) : (memref<*xf32>) -> ()
  %transpose_0_flat = memref.alloca() : memref<300xf32>
  %transpose_0_dyn = memref.cast %transpose_0_flat : memref<300xf32> to memref<?xf32>
  %transpose_0_seed = arith.constant 13 : index
  call @fill(%transpose_0_dyn, %transpose_0_seed) : (memref<?xf32>, index) -> ()
  %transpose_0 = memref.reinterpret_cast %transpose_0_flat to offset: [0], sizes: [3, 5, 20], strides: [100, 20, 1] : memref<300xf32> to memref<3x5x20xf32>
  %transpose_1_flat = memref.alloca() : memref<300xf32>
  %transpose_1_dyn = memref.cast %transpose_1_flat : memref<300xf32> to memref<?xf32>
  %transpose_1_seed = arith.constant 5 : index
  call @fill(%transpose_1_dyn, %transpose_1_seed) : (memref<?xf32>, index) -> ()
  %transpose_1 = memref.reinterpret_cast %transpose_1_flat to offset: [0], sizes: [5, 3, 20], strides: [60, 20, 1] : memref<300xf32> to memref<5x3x20xf32>
  call @transpose(%transpose_0, %transpose_1) : (memref<3x5x20xf32>, memref<5x3x20xf32>) -> ()
  %transpose_1_u = memref.cast %transpose_1_flat : memref<300xf32> to memref<*xf32>
  call @printMemrefF32(%transpose_1_u) : (memref<*xf32>) -> ()
  %gapsum_0_flat = memref.alloca() : memref<147xf32>
  %gapsum_0_dyn = memref.cast %gapsum_0_flat : memref<147xf32> to memref<?xf32>
  %gapsum_0_seed = arith.constant 8 : index
  call @fill(%gapsum_0_dyn, %gapsum_0_seed) : (memref<?xf32>, index) -> ()
  %gapsum_0 = memref.reinterpret_cast %gapsum_0_flat to offset: [0], sizes: [1, 3, 7, 7], strides: [147, 49, 7, 1] : memref<147xf32> to memref<1x3x7x7xf32>
  %gapsum_1_flat = memref.alloca() : memref<3xf32>
  %gapsum_1_dyn = memref.cast %gapsum_1_flat : memref<3xf32> to memref<?xf32>
  %gapsum_1_seed = arith.constant 11 : index
  call @fill(%gapsum_1_dyn, %gapsum_1_seed) : (memref<?xf32>, index) -> ()
  %gapsum_1 = memref.reinterpret_cast %gapsum_1_flat to offset: [0], sizes: [1, 3], strides: [3, 1] : memref<3xf32> to memref<1x3xf32>
  call @gapsum(%gapsum_0, %gapsum_1) : (memref<1x3x7x7xf32>, memref<1x3xf32>) -> ()
  %gapsum_1_u = memref.cast %gapsum_1_flat : memref<3xf32> to memref<*xf32>
  call @printMemrefF32(%gapsum_1_u) : (memref<*xf32>) -> ()
  %dot_0_flat = memref.alloca() : memref<111xf32>
  %dot_0_dyn = memref.cast %dot_0_flat : memref<111xf32> to memref<?xf32>
  %dot_0_seed = arith.constant 3 : index
  call @fill(%dot_0_dyn, %dot_0_seed) : (memref<?xf32>, index) -> ()
  %dot_0 = memref.reinterpret_cast %dot_0_flat to offset: [0], sizes: [3, 37], strides: [37, 1] : memref<111xf32> to memref<3x37xf32>
  %dot_1_flat = memref.alloca() : memref<185xf32>
  %dot_1_dyn = memref.cast %dot_1_flat : memref<185xf32> to memref<?xf32>
  %dot_1_seed = arith.constant 6 : index
  call @fill(%dot_1_dyn, %dot_1_seed) : (memref<?xf32>, index) -> ()
  %dot_1 = memref.reinterpret_cast %dot_1_flat to offset: [0], sizes: [5, 37], strides: [37, 1] : memref<185xf32> to memref<5x37xf32>
  %dot_2_flat = memref.alloca() : memref<15xf32>
  %dot_2_dyn = memref.cast %dot_2_flat : memref<15xf32> to memref<?xf32>
  %dot_2_seed = arith.constant 9 : index
  call @fill(%dot_2_dyn, %dot_2_seed) : (memref<?xf32>, index) -> ()
  %dot_2 = memref.reinterpret_cast %dot_2_flat to offset: [0], sizes: [3, 5], strides: [5, 1] : memref<15xf32> to memref<3x5xf32>
  call @dot(%dot_0, %dot_1, %dot_2) : (memref<3x37xf32>, memref<5x37xf32>, memref<3x5xf32>) -> ()
  %dot_2_u = memref.cast %dot_2_flat : memref<15xf32> to memref<*xf32>
  call @printMemrefF32(%dot_2_u) : (memref<*xf32>) -> ()
  %matmul_0_flat = memref.alloca() : memref<222xf32>
  %matmul_0_dyn = memref.cast %matmul_0_flat : memref<222xf32> to memref<?xf32>
  %matmul_0_seed = arith.constant 12 : index
  call @fill(%matmul_0_dyn, %matmul_0_seed) : (memref<?xf32>, index) -> ()
  %matmul_0 = memref.reinterpret_cast %matmul_0_flat to offset: [0], sizes: [6, 37], strides: [37, 1] : memref<222xf32> to memref<6x37xf32>
  %matmul_1_flat = memref.alloca() : memref<1480xf32>
  %matmul_1_dyn = memref.cast %matmul_1_flat : memref<1480xf32> to memref<?xf32>
  %matmul_1_seed = arith.constant 4 : index
  call @fill(%matmul_1_dyn, %matmul_1_seed) : (memref<?xf32>, index) -> ()
  %matmul_1 = memref.reinterpret_cast %matmul_1_flat to offset: [0], sizes: [37, 40], strides: [40, 1] : memref<1480xf32> to memref<37x40xf32>
  %matmul_2_flat = memref.alloca() : memref<240xf32>
  %matmul_2_dyn = memref.cast %matmul_2_flat : memref<240xf32> to memref<?xf32>
  %matmul_2_seed = arith.constant 7 : index
  call @fill(%matmul_2_dyn, %matmul_2_seed) : (memref<?xf32>, index) -> ()
  %matmul_2 = memref.reinterpret_cast %matmul_2_flat to offset: [0], sizes: [6, 40], strides: [40, 1] : memref<240xf32> to memref<6x40xf32>
  call @matmul(%matmul_0, %matmul_1, %matmul_2) : (memref<6x37xf32>, memref<37x40xf32>, memref<6x40xf32>) -> ()
  %matmul_2_u = memref.cast %matmul_2_flat : memref<240xf32> to memref<*xf32>
  call @printMemrefF32(%matmul_2_u) : (memref<*xf32>) -> ()
  %transpose2d_0_flat = memref.alloca() : memref<189xf32>
  %transpose2d_0_dyn = memref.cast %transpose2d_0_flat : memref<189xf32> to memref<?xf32>
  %transpose2d_0_seed = arith.constant 10 : index
  call @fill(%transpose2d_0_dyn, %transpose2d_0_seed) : (memref<?xf32>, index) -> ()
  %transpose2d_0 = memref.reinterpret_cast %transpose2d_0_flat to offset: [0], sizes: [9, 21], strides: [21, 1] : memref<189xf32> to memref<9x21xf32>
  %transpose2d_1_flat = memref.alloca() : memref<189xf32>
  %transpose2d_1_dyn = memref.cast %transpose2d_1_flat : memref<189xf32> to memref<?xf32>
  %transpose2d_1_seed = arith.constant 13 : index
  call @fill(%transpose2d_1_dyn, %transpose2d_1_seed) : (memref<?xf32>, index) -> ()
  %transpose2d_1 = memref.reinterpret_cast %transpose2d_1_flat to offset: [0], sizes: [21, 9], strides: [9, 1] : memref<189xf32> to memref<21x9xf32>
  call @transpose2d(%transpose2d_0, %transpose2d_1) : (memref<9x21xf32>, memref<21x9xf32>) -> ()
  %transpose2d_1_u = memref.cast %transpose2d_1_flat : memref<189xf32> to memref<*xf32>
  call @printMemrefF32(%transpose2d_1_u) : (memref<*xf32>) -> ()
  %twored_0_flat = memref.alloca() : memref<888xf32>
  %twored_0_dyn = memref.cast %twored_0_flat : memref<888xf32> to memref<?xf32>
  %twored_0_seed = arith.constant 5 : index
  call @fill(%twored_0_dyn, %twored_0_seed) : (memref<?xf32>, index) -> ()
  %twored_0 = memref.reinterpret_cast %twored_0_flat to offset: [0], sizes: [2, 3, 4, 37], strides: [444, 148, 37, 1] : memref<888xf32> to memref<2x3x4x37xf32>
  %twored_1_flat = memref.alloca() : memref<8xf32>
  %twored_1_dyn = memref.cast %twored_1_flat : memref<8xf32> to memref<?xf32>
  %twored_1_seed = arith.constant 8 : index
  call @fill(%twored_1_dyn, %twored_1_seed) : (memref<?xf32>, index) -> ()
  %twored_1 = memref.reinterpret_cast %twored_1_flat to offset: [0], sizes: [2, 4], strides: [4, 1] : memref<8xf32> to memref<2x4xf32>
  call @twored(%twored_0, %twored_1) : (memref<2x3x4x37xf32>, memref<2x4xf32>) -> ()
  %twored_1_u = memref.cast %twored_1_flat : memref<8xf32> to memref<*xf32>
  call @printMemrefF32(%twored_1_u) : (memref<*xf32>) -> ()
  %padcopy_0_flat = memref.alloca() : memref<168xf32>
  %padcopy_0_dyn = memref.cast %padcopy_0_flat : memref<168xf32> to memref<?xf32>
  %padcopy_0_seed = arith.constant 11 : index
  call @fill(%padcopy_0_dyn, %padcopy_0_seed) : (memref<?xf32>, index) -> ()
  %padcopy_0 = memref.reinterpret_cast %padcopy_0_flat to offset: [0], sizes: [1, 2, 4, 21], strides: [168, 84, 21, 1] : memref<168xf32> to memref<1x2x4x21xf32>
  %padcopy_1_flat = memref.alloca() : memref<276xf32>
  %padcopy_1_dyn = memref.cast %padcopy_1_flat : memref<276xf32> to memref<?xf32>
  %padcopy_1_seed = arith.constant 3 : index
  call @fill(%padcopy_1_dyn, %padcopy_1_seed) : (memref<?xf32>, index) -> ()
  %padcopy_1 = memref.reinterpret_cast %padcopy_1_flat to offset: [0], sizes: [1, 2, 6, 23], strides: [276, 138, 23, 1] : memref<276xf32> to memref<1x2x6x23xf32>
  call @padcopy(%padcopy_0, %padcopy_1) : (memref<1x2x4x21xf32>, memref<1x2x6x23xf32>) -> ()
  %padcopy_1_u = memref.cast %padcopy_1_flat : memref<276xf32> to memref<*xf32>
  call @printMemrefF32(%padcopy_1_u) : (memref<*xf32>) -> ()
  %exp_0_flat = memref.alloca() : memref<50xf32>
  %exp_0_dyn = memref.cast %exp_0_flat : memref<50xf32> to memref<?xf32>
  %exp_0_seed = arith.constant 6 : index
  call @fill(%exp_0_dyn, %exp_0_seed) : (memref<?xf32>, index) -> ()
  %exp_0 = memref.reinterpret_cast %exp_0_flat to offset: [0], sizes: [50], strides: [1] : memref<50xf32> to memref<50xf32>
  %exp_1_flat = memref.alloca() : memref<50xf32>
  %exp_1_dyn = memref.cast %exp_1_flat : memref<50xf32> to memref<?xf32>
  %exp_1_seed = arith.constant 9 : index
  call @fill(%exp_1_dyn, %exp_1_seed) : (memref<?xf32>, index) -> ()
  %exp_1 = memref.reinterpret_cast %exp_1_flat to offset: [0], sizes: [50], strides: [1] : memref<50xf32> to memref<50xf32>
  call @exp(%exp_0, %exp_1) : (memref<50xf32>, memref<50xf32>) -> ()
  %exp_1_u = memref.cast %exp_1_flat : memref<50xf32> to memref<*xf32>
  call @printMemrefF32(%exp_1_u) : (memref<*xf32>) -> ()
  %half_0_flat = memref.alloca() : memref<40xf32>
  %half_0_dyn = memref.cast %half_0_flat : memref<40xf32> to memref<?xf32>
  %half_0_seed = arith.constant 12 : index
  call @fill(%half_0_dyn, %half_0_seed) : (memref<?xf32>, index) -> ()
  %half_0 = memref.reinterpret_cast %half_0_flat to offset: [0], sizes: [40], strides: [1] : memref<40xf32> to memref<40xf32>
  %half_1_flat = memref.alloca() : memref<40xf32>
  %half_1_dyn = memref.cast %half_1_flat : memref<40xf32> to memref<?xf32>
  %half_1_seed = arith.constant 4 : index
  call @fill(%half_1_dyn, %half_1_seed) : (memref<?xf32>, index) -> ()
  %half_1 = memref.reinterpret_cast %half_1_flat to offset: [0], sizes: [40], strides: [1] : memref<40xf32> to memref<40xf32>
  call @half(%half_0, %half_1) : (memref<40xf32>, memref<40xf32>) -> ()
  %half_1_u = memref.cast %half_1_flat : memref<40xf32> to memref<*xf32>
  call @printMemrefF32(%half_1_u) : (memref<*xf32>) -> ()
  %fuse_dw_0_flat = memref.alloca() : memref<1134xf32>
  %fuse_dw_0_dyn = memref.cast %fuse_dw_0_flat : memref<1134xf32> to memref<?xf32>
  %fuse_dw_0_seed = arith.constant 7 : index
  call @fill(%fuse_dw_0_dyn, %fuse_dw_0_seed) : (memref<?xf32>, index) -> ()
  %fuse_dw_0 = memref.reinterpret_cast %fuse_dw_0_flat to offset: [0], sizes: [1, 3, 9, 42], strides: [1134, 378, 42, 1] : memref<1134xf32> to memref<1x3x9x42xf32>
  %fuse_dw_1_flat = memref.alloca() : memref<27xf32>
  %fuse_dw_1_dyn = memref.cast %fuse_dw_1_flat : memref<27xf32> to memref<?xf32>
  %fuse_dw_1_seed = arith.constant 10 : index
  call @fill(%fuse_dw_1_dyn, %fuse_dw_1_seed) : (memref<?xf32>, index) -> ()
  %fuse_dw_1 = memref.reinterpret_cast %fuse_dw_1_flat to offset: [0], sizes: [3, 3, 3], strides: [9, 3, 1] : memref<27xf32> to memref<3x3x3xf32>
  %fuse_dw_2_flat = memref.alloca() : memref<3xf32>
  %fuse_dw_2_dyn = memref.cast %fuse_dw_2_flat : memref<3xf32> to memref<?xf32>
  %fuse_dw_2_seed = arith.constant 13 : index
  call @fill(%fuse_dw_2_dyn, %fuse_dw_2_seed) : (memref<?xf32>, index) -> ()
  %fuse_dw_2 = memref.reinterpret_cast %fuse_dw_2_flat to offset: [0], sizes: [3], strides: [1] : memref<3xf32> to memref<3xf32>
  %fuse_dw_3_flat = memref.alloca() : memref<840xf32>
  %fuse_dw_3_dyn = memref.cast %fuse_dw_3_flat : memref<840xf32> to memref<?xf32>
  %fuse_dw_3_seed = arith.constant 5 : index
  call @fill(%fuse_dw_3_dyn, %fuse_dw_3_seed) : (memref<?xf32>, index) -> ()
  %fuse_dw_3 = memref.reinterpret_cast %fuse_dw_3_flat to offset: [0], sizes: [1, 3, 7, 40], strides: [840, 280, 40, 1] : memref<840xf32> to memref<1x3x7x40xf32>
  call @fuse_dw(%fuse_dw_0, %fuse_dw_1, %fuse_dw_2, %fuse_dw_3) : (memref<1x3x9x42xf32>, memref<3x3x3xf32>, memref<3xf32>, memref<1x3x7x40xf32>) -> ()
  %fuse_dw_3_u = memref.cast %fuse_dw_3_flat : memref<840xf32> to memref<*xf32>
  call @printMemrefF32(%fuse_dw_3_u) : (memref<*xf32>) -> ()
  %fuse_mm_0_flat = memref.alloca() : memref<222xf32>
  %fuse_mm_0_dyn = memref.cast %fuse_mm_0_flat : memref<222xf32> to memref<?xf32>
  %fuse_mm_0_seed = arith.constant 8 : index
  call @fill(%fuse_mm_0_dyn, %fuse_mm_0_seed) : (memref<?xf32>, index) -> ()
  %fuse_mm_0 = memref.reinterpret_cast %fuse_mm_0_flat to offset: [0], sizes: [6, 37], strides: [37, 1] : memref<222xf32> to memref<6x37xf32>
  %fuse_mm_1_flat = memref.alloca() : memref<1480xf32>
  %fuse_mm_1_dyn = memref.cast %fuse_mm_1_flat : memref<1480xf32> to memref<?xf32>
  %fuse_mm_1_seed = arith.constant 11 : index
  call @fill(%fuse_mm_1_dyn, %fuse_mm_1_seed) : (memref<?xf32>, index) -> ()
  %fuse_mm_1 = memref.reinterpret_cast %fuse_mm_1_flat to offset: [0], sizes: [37, 40], strides: [40, 1] : memref<1480xf32> to memref<37x40xf32>
  %fuse_mm_2_flat = memref.alloca() : memref<240xf32>
  %fuse_mm_2_dyn = memref.cast %fuse_mm_2_flat : memref<240xf32> to memref<?xf32>
  %fuse_mm_2_seed = arith.constant 3 : index
  call @fill(%fuse_mm_2_dyn, %fuse_mm_2_seed) : (memref<?xf32>, index) -> ()
  %fuse_mm_2 = memref.reinterpret_cast %fuse_mm_2_flat to offset: [0], sizes: [6, 40], strides: [40, 1] : memref<240xf32> to memref<6x40xf32>
  %fuse_mm_3_flat = memref.alloca() : memref<240xf32>
  %fuse_mm_3_dyn = memref.cast %fuse_mm_3_flat : memref<240xf32> to memref<?xf32>
  %fuse_mm_3_seed = arith.constant 6 : index
  call @fill(%fuse_mm_3_dyn, %fuse_mm_3_seed) : (memref<?xf32>, index) -> ()
  %fuse_mm_3 = memref.reinterpret_cast %fuse_mm_3_flat to offset: [0], sizes: [6, 40], strides: [40, 1] : memref<240xf32> to memref<6x40xf32>
  call @fuse_mm(%fuse_mm_0, %fuse_mm_1, %fuse_mm_2, %fuse_mm_3) : (memref<6x37xf32>, memref<37x40xf32>, memref<6x40xf32>, memref<6x40xf32>) -> ()
  %fuse_mm_3_u = memref.cast %fuse_mm_3_flat : memref<240xf32> to memref<*xf32>
  call @printMemrefF32(%fuse_mm_3_u) : (memref<*xf32>) -> ()
  %no_fuse_alias_0_flat = memref.alloca() : memref<6xf32>
  %no_fuse_alias_0_dyn = memref.cast %no_fuse_alias_0_flat : memref<6xf32> to memref<?xf32>
  %no_fuse_alias_0_seed = arith.constant 9 : index
  call @fill(%no_fuse_alias_0_dyn, %no_fuse_alias_0_seed) : (memref<?xf32>, index) -> ()
  %no_fuse_alias_0 = memref.reinterpret_cast %no_fuse_alias_0_flat to offset: [0], sizes: [6], strides: [1] : memref<6xf32> to memref<6xf32>
  %no_fuse_alias_1_flat = memref.alloca() : memref<1400xf32>
  %no_fuse_alias_1_dyn = memref.cast %no_fuse_alias_1_flat : memref<1400xf32> to memref<?xf32>
  %no_fuse_alias_1_seed = arith.constant 12 : index
  call @fill(%no_fuse_alias_1_dyn, %no_fuse_alias_1_seed) : (memref<?xf32>, index) -> ()
  %no_fuse_alias_1 = memref.reinterpret_cast %no_fuse_alias_1_flat to offset: [0], sizes: [1400], strides: [1] : memref<1400xf32> to memref<1400xf32>
  call @no_fuse_alias(%no_fuse_alias_0, %no_fuse_alias_1) : (memref<6xf32>, memref<1400xf32>) -> ()
  %no_fuse_alias_1_u = memref.cast %no_fuse_alias_1_flat : memref<1400xf32> to memref<*xf32>
  call @printMemrefF32(%no_fuse_alias_1_u) : (memref<*xf32>) -> ()
  %big_0_flat = memref.alloca() : memref<90000xf32>
  %big_0_dyn = memref.cast %big_0_flat : memref<90000xf32> to memref<?xf32>
  %big_0_seed = arith.constant 4 : index
  call @fill(%big_0_dyn, %big_0_seed) : (memref<?xf32>, index) -> ()
  %big_0 = memref.reinterpret_cast %big_0_flat to offset: [0], sizes: [300, 300], strides: [300, 1] : memref<90000xf32> to memref<300x300xf32>
  %big_1_flat = memref.alloca() : memref<90000xf32>
  %big_1_dyn = memref.cast %big_1_flat : memref<90000xf32> to memref<?xf32>
  %big_1_seed = arith.constant 7 : index
  call @fill(%big_1_dyn, %big_1_seed) : (memref<?xf32>, index) -> ()
  %big_1 = memref.reinterpret_cast %big_1_flat to offset: [0], sizes: [300, 300], strides: [300, 1] : memref<90000xf32> to memref<300x300xf32>
  %big_2_flat = memref.alloca() : memref<90000xf32>
  %big_2_dyn = memref.cast %big_2_flat : memref<90000xf32> to memref<?xf32>
  %big_2_seed = arith.constant 10 : index
  call @fill(%big_2_dyn, %big_2_seed) : (memref<?xf32>, index) -> ()
  %big_2 = memref.reinterpret_cast %big_2_flat to offset: [0], sizes: [300, 300], strides: [300, 1] : memref<90000xf32> to memref<300x300xf32>
  call @big(%big_0, %big_1, %big_2) : (memref<300x300xf32>, memref<300x300xf32>, memref<300x300xf32>) -> ()
  %big_2_sum = call @checksum(%big_2_dyn) : (memref<?xf32>) -> f32
  vector.print %big_2_sum : f32
  return
}

// Small integers (-6..6), so that every sum and product is exact in f32.
func.func @fill(%m: memref<?xf32>, %seed: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c13 = arith.constant 13 : index
  %six = arith.constant 6.0 : f32
  %n = memref.dim %m, %c0 : memref<?xf32>
  scf.for %i = %c0 to %n step %c1 {
    %a = arith.muli %i, %seed : index
    %b = arith.addi %a, %seed : index
    %r = arith.remui %b, %c13 : index
    %c = arith.index_cast %r : index to i32
    %f = arith.sitofp %c : i32 to f32
    %g = arith.subf %f, %six : f32
    memref.store %g, %m[%i] : memref<?xf32>
  }
  return
}

// A position-weighted sum, in a scalar loop.
func.func @checksum(%m: memref<?xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c7 = arith.constant 7 : index
  %zero = arith.constant 0.0 : f32
  %n = memref.dim %m, %c0 : memref<?xf32>
  %s = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %zero) -> f32 {
    %w = arith.remui %i, %c7 : index
    %wi = arith.index_cast %w : index to i32
    %wf = arith.sitofp %wi : i32 to f32
    %x = memref.load %m[%i] : memref<?xf32>
    %p = arith.mulf %x, %wf : f32
    %a = arith.addf %acc, %p : f32
    scf.yield %a : f32
  }
  return %s : f32
}

func.func private @printMemrefF32(memref<*xf32>)
}
