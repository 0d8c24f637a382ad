// RUN: kiln-opt %s --kiln-convert-graph-to-linalg --kiln-bufferize --kiln-lower-to-llvm -o %t.mlir
// RUN: kiln-target-test %t.mlir --target x86_64-linux-gnu --cpu znver5 --object=%t.o
// RUN: llvm-objdump -d --no-show-raw-insn --no-leading-addr --symbolize-operands %t.o | FileCheck %s

// The GEMM kernel's machine code on Zen 5 (CODEGEN-NOTES.md): the k loop is
// 16 vfmadd231ps on zmm registers per k step, fed by broadcasts of A
// (vbroadcastss, or {1to16} memory operands) and loads of the weight
// panel, and no zmm register is ever spilled to or reloaded from the stack.

// CHECK-LABEL: <gemm_run>:
// CHECK-NOT: {{%rsp\).*%zmm|%zmm.*\(%rsp}}
// CHECK: {{vbroadcastss .*%zmm|[{]1to16[}]}}
// CHECK-NOT: {{%rsp\).*%zmm|%zmm.*\(%rsp}}
// CHECK-COUNT-16: vfmadd231ps {{.*}}%zmm{{[0-9]+}}, %zmm{{[0-9]+}}
// CHECK-NOT: {{%rsp\).*%zmm|%zmm.*\(%rsp}}
// CHECK: jne <L{{[0-9]+}}>
// CHECK-NOT: {{%rsp\).*%zmm|%zmm.*\(%rsp}}
// CHECK: retq

module attributes {kiln.model_name = "gemm",
    kiln.inputs = [{name = "x", type = tensor<64x256xf32>}],
    kiln.outputs = [{name = "y", type = tensor<64x128xf32>}]} {
  func.func @main(%x: tensor<64x256xf32> {kiln.name = "x"}) -> (tensor<64x128xf32> {kiln.name = "y"}) {
    %w = graph.constant dense<0.5> : tensor<256x128xf32>
    %y = graph.matmul %x, %w {kiln.schedule = {kernel = "gemm", vector_width = 16 : i64, mr = 8 : i64, nr = 32 : i64, kc = 256 : i64, m_split = 1 : i64, parallel = false}}
        : (tensor<64x256xf32>, tensor<256x128xf32>) -> tensor<64x128xf32>
    return %y : tensor<64x128xf32>
  }
}
