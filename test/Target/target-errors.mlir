// Target names, CPUs, features and levels LLVM does not know are errors
// that name the culprit, never a silent fallback.

// RUN: not kiln-target-test %S/Inputs/tiny.mlir --target=bogus --object=%t.o 2>&1 \
// RUN:   | FileCheck %s --check-prefix=TRIPLE
// TRIPLE: unknown target 'bogus': expected an LLVM triple or one of host, x86-64, aarch64-linux-gnu

// RUN: not kiln-target-test %S/Inputs/tiny.mlir --target=aarch64-linux-gnu \
// RUN:   --cpu=cortex-m7 --object=%t.o 2>&1 | FileCheck %s --check-prefix=CPU
// CPU: unknown CPU 'cortex-m7' for target 'aarch64-unknown-linux-gnu'

// RUN: not kiln-target-test %S/Inputs/tiny.mlir --print-target \
// RUN:   --target=x86-64 --cpu=znver99 2>&1 | FileCheck %s --check-prefix=CPU2
// CPU2: unknown CPU 'znver99' for target 'x86_64-unknown-linux-gnu'

// RUN: not kiln-target-test %S/Inputs/tiny.mlir --target=x86-64 --cpu=x86-64 \
// RUN:   --features=+avx2,+nosuchfeature --object=%t.o 2>&1 \
// RUN:   | FileCheck %s --check-prefix=FEATURE
// FEATURE: unknown feature 'nosuchfeature' for target 'x86_64-unknown-linux-gnu'

// RUN: not kiln-target-test %S/Inputs/tiny.mlir --features=avx2 --object=%t.o 2>&1 \
// RUN:   | FileCheck %s --check-prefix=SIGN
// SIGN: target feature 'avx2' must start with '+' or '-'

// RUN: not kiln-target-test %S/Inputs/tiny.mlir -O4 --object=%t.o 2>&1 \
// RUN:   | FileCheck %s --check-prefix=LEVEL
// LEVEL: optimization level 4 is not in 0..3
