// RUN: kiln-opt %s -split-input-file -kiln-generate-entry-point -verify-diagnostics

// expected-error @below {{missing 'kiln.model_name'}}
module {
  llvm.func @main(%ws: !llvm.ptr) {
    llvm.return
  }
}

// -----

module attributes {kiln.model_name = "m", kiln.inputs = [],
                   kiln.outputs = [{name = "y", type = tensor<4xf32>}]} {
  // expected-error @below {{expected @main to take 2 pointers (inputs, outputs, workspace) and return nothing}}
  llvm.func @main(%y: !llvm.ptr) {
    llvm.return
  }
}

// -----

module attributes {kiln.model_name = "m", kiln.inputs = [],
                   kiln.outputs = [{name = "y", type = tensor<4xf32>}]} {
  // expected-error @below {{writable global in generated code}}
  llvm.mlir.global private @state(0 : i32) : i32
  llvm.func @main(%y: !llvm.ptr, %ws: !llvm.ptr) {
    llvm.return
  }
}

// -----

// expected-error @below {{symbol 'm_run' is already defined}}
module attributes {kiln.model_name = "m", kiln.inputs = [],
                   kiln.outputs = [{name = "y", type = tensor<4xf32>}]} {
  llvm.func @main(%y: !llvm.ptr, %ws: !llvm.ptr) {
    llvm.return
  }
  llvm.func @m_run() {
    llvm.return
  }
}

// -----

// expected-error @below {{expected a defined LLVM function '@main'}}
module attributes {kiln.model_name = "m", kiln.inputs = [], kiln.outputs = []} {
  llvm.func @main(!llvm.ptr)
}
