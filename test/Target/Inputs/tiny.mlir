// A hand-written model in the LLVM dialect, shaped like what the lowering
// pipeline produces: y = 2 * x + 1 over 8 floats, computed by a body that
// runs through the runtime's kiln_parallel_for with its context in the
// workspace, plus the ABI entry point tiny_run and the constant tiny_info.
module attributes {
  kiln.model_name = "tiny",
  kiln.inputs = [{name = "x", type = tensor<8xf32>}],
  kiln.outputs = [{name = "y", type = tensor<8xf32>}],
  kiln.workspace_size = 64 : i64
} {
  llvm.func @kiln_parallel_for(i64, !llvm.ptr, !llvm.ptr)

  // context = {const float *x, float *y}; y[i] = 2 * x[i] + 1 on [begin, end).
  llvm.func internal @tiny_body(%ctx: !llvm.ptr, %begin: i64, %end: i64) {
    %x = llvm.load %ctx : !llvm.ptr -> !llvm.ptr
    %yslot = llvm.getelementptr %ctx[1] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
    %y = llvm.load %yslot : !llvm.ptr -> !llvm.ptr
    %two = llvm.mlir.constant(2.0 : f32) : f32
    %one = llvm.mlir.constant(1.0 : f32) : f32
    %step = llvm.mlir.constant(1 : i64) : i64
    llvm.br ^header(%begin : i64)
  ^header(%i: i64):
    %done = llvm.icmp "sge" %i, %end : i64
    llvm.cond_br %done, ^exit, ^body
  ^body:
    %px = llvm.getelementptr %x[%i] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %v = llvm.load %px : !llvm.ptr -> f32
    %m = llvm.fmul %v, %two : f32
    %r = llvm.fadd %m, %one : f32
    %py = llvm.getelementptr %y[%i] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %r, %py : f32, !llvm.ptr
    %next = llvm.add %i, %step : i64
    llvm.br ^header(%next : i64)
  ^exit:
    llvm.return
  }

  // int32_t tiny_run(const tiny_inputs *in, tiny_outputs *out, void *ws)
  llvm.func @tiny_run(%in: !llvm.ptr, %out: !llvm.ptr, %ws: !llvm.ptr) -> i32 {
    %null = llvm.mlir.zero : !llvm.ptr
    %ok = llvm.mlir.constant(0 : i32) : i32
    %invalid = llvm.mlir.constant(1 : i32) : i32
    %in_null = llvm.icmp "eq" %in, %null : !llvm.ptr
    %out_null = llvm.icmp "eq" %out, %null : !llvm.ptr
    %ws_null = llvm.icmp "eq" %ws, %null : !llvm.ptr
    %any0 = llvm.or %in_null, %out_null : i1
    %any = llvm.or %any0, %ws_null : i1
    llvm.cond_br %any, ^bad, ^good
  ^bad:
    llvm.return %invalid : i32
  ^good:
    %x = llvm.load %in : !llvm.ptr -> !llvm.ptr
    %y = llvm.load %out : !llvm.ptr -> !llvm.ptr
    llvm.store %x, %ws : !llvm.ptr, !llvm.ptr
    %yslot = llvm.getelementptr %ws[1] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
    llvm.store %y, %yslot : !llvm.ptr, !llvm.ptr
    %n = llvm.mlir.constant(8 : i64) : i64
    %body = llvm.mlir.addressof @tiny_body : !llvm.ptr
    llvm.call @kiln_parallel_for(%n, %body, %ws) : (i64, !llvm.ptr, !llvm.ptr) -> ()
    llvm.return %ok : i32
  }

  llvm.mlir.global private constant @tiny_name("tiny\00") {addr_space = 0 : i32}
  llvm.mlir.global private constant @tiny_x_name("x\00") {addr_space = 0 : i32}
  llvm.mlir.global private constant @tiny_y_name("y\00") {addr_space = 0 : i32}
  llvm.mlir.global private constant @tiny_shape(dense<8> : tensor<1xi64>) {addr_space = 0 : i32} : !llvm.array<1 x i64>

  // kiln_tensor_info {name, dtype, rank, shape, size_bytes}
  llvm.mlir.global private constant @tiny_inputs() {addr_space = 0 : i32} : !llvm.array<1 x struct<(ptr, i32, i32, ptr, i64)>> {
    %0 = llvm.mlir.undef : !llvm.array<1 x struct<(ptr, i32, i32, ptr, i64)>>
    %name = llvm.mlir.addressof @tiny_x_name : !llvm.ptr
    %f32 = llvm.mlir.constant(1 : i32) : i32
    %rank = llvm.mlir.constant(1 : i32) : i32
    %shape = llvm.mlir.addressof @tiny_shape : !llvm.ptr
    %size = llvm.mlir.constant(32 : i64) : i64
    %1 = llvm.insertvalue %name, %0[0, 0] : !llvm.array<1 x struct<(ptr, i32, i32, ptr, i64)>>
    %2 = llvm.insertvalue %f32, %1[0, 1] : !llvm.array<1 x struct<(ptr, i32, i32, ptr, i64)>>
    %3 = llvm.insertvalue %rank, %2[0, 2] : !llvm.array<1 x struct<(ptr, i32, i32, ptr, i64)>>
    %4 = llvm.insertvalue %shape, %3[0, 3] : !llvm.array<1 x struct<(ptr, i32, i32, ptr, i64)>>
    %5 = llvm.insertvalue %size, %4[0, 4] : !llvm.array<1 x struct<(ptr, i32, i32, ptr, i64)>>
    llvm.return %5 : !llvm.array<1 x struct<(ptr, i32, i32, ptr, i64)>>
  }
  llvm.mlir.global private constant @tiny_outputs() {addr_space = 0 : i32} : !llvm.array<1 x struct<(ptr, i32, i32, ptr, i64)>> {
    %0 = llvm.mlir.undef : !llvm.array<1 x struct<(ptr, i32, i32, ptr, i64)>>
    %name = llvm.mlir.addressof @tiny_y_name : !llvm.ptr
    %f32 = llvm.mlir.constant(1 : i32) : i32
    %rank = llvm.mlir.constant(1 : i32) : i32
    %shape = llvm.mlir.addressof @tiny_shape : !llvm.ptr
    %size = llvm.mlir.constant(32 : i64) : i64
    %1 = llvm.insertvalue %name, %0[0, 0] : !llvm.array<1 x struct<(ptr, i32, i32, ptr, i64)>>
    %2 = llvm.insertvalue %f32, %1[0, 1] : !llvm.array<1 x struct<(ptr, i32, i32, ptr, i64)>>
    %3 = llvm.insertvalue %rank, %2[0, 2] : !llvm.array<1 x struct<(ptr, i32, i32, ptr, i64)>>
    %4 = llvm.insertvalue %shape, %3[0, 3] : !llvm.array<1 x struct<(ptr, i32, i32, ptr, i64)>>
    %5 = llvm.insertvalue %size, %4[0, 4] : !llvm.array<1 x struct<(ptr, i32, i32, ptr, i64)>>
    llvm.return %5 : !llvm.array<1 x struct<(ptr, i32, i32, ptr, i64)>>
  }

  // kiln_model_info {abi_version, num_inputs, num_outputs, reserved, name,
  //                  inputs, outputs, workspace_size, workspace_align, run}
  llvm.mlir.global external constant @tiny_info() {addr_space = 0 : i32} : !llvm.struct<(i32, i32, i32, i32, ptr, ptr, ptr, i64, i64, ptr)> {
    %0 = llvm.mlir.undef : !llvm.struct<(i32, i32, i32, i32, ptr, ptr, ptr, i64, i64, ptr)>
    %abi = llvm.mlir.constant(1 : i32) : i32
    %count = llvm.mlir.constant(1 : i32) : i32
    %zero = llvm.mlir.constant(0 : i32) : i32
    %name = llvm.mlir.addressof @tiny_name : !llvm.ptr
    %inputs = llvm.mlir.addressof @tiny_inputs : !llvm.ptr
    %outputs = llvm.mlir.addressof @tiny_outputs : !llvm.ptr
    %ws = llvm.mlir.constant(64 : i64) : i64
    %run = llvm.mlir.addressof @tiny_run : !llvm.ptr
    %1 = llvm.insertvalue %abi, %0[0] : !llvm.struct<(i32, i32, i32, i32, ptr, ptr, ptr, i64, i64, ptr)>
    %2 = llvm.insertvalue %count, %1[1] : !llvm.struct<(i32, i32, i32, i32, ptr, ptr, ptr, i64, i64, ptr)>
    %3 = llvm.insertvalue %count, %2[2] : !llvm.struct<(i32, i32, i32, i32, ptr, ptr, ptr, i64, i64, ptr)>
    %4 = llvm.insertvalue %zero, %3[3] : !llvm.struct<(i32, i32, i32, i32, ptr, ptr, ptr, i64, i64, ptr)>
    %5 = llvm.insertvalue %name, %4[4] : !llvm.struct<(i32, i32, i32, i32, ptr, ptr, ptr, i64, i64, ptr)>
    %6 = llvm.insertvalue %inputs, %5[5] : !llvm.struct<(i32, i32, i32, i32, ptr, ptr, ptr, i64, i64, ptr)>
    %7 = llvm.insertvalue %outputs, %6[6] : !llvm.struct<(i32, i32, i32, i32, ptr, ptr, ptr, i64, i64, ptr)>
    %8 = llvm.insertvalue %ws, %7[7] : !llvm.struct<(i32, i32, i32, i32, ptr, ptr, ptr, i64, i64, ptr)>
    %9 = llvm.insertvalue %ws, %8[8] : !llvm.struct<(i32, i32, i32, i32, ptr, ptr, ptr, i64, i64, ptr)>
    %10 = llvm.insertvalue %run, %9[9] : !llvm.struct<(i32, i32, i32, i32, ptr, ptr, ptr, i64, i64, ptr)>
    llvm.return %10 : !llvm.struct<(i32, i32, i32, i32, ptr, ptr, ptr, i64, i64, ptr)>
  }
}
