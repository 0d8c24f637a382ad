//===- InitAll.h - Register Kiln's dialects and passes ----------*- C++ -*-===//
#ifndef KILN_INITALL_H
#define KILN_INITALL_H

namespace mlir {
class DialectRegistry;
}

namespace kiln {
/// Every dialect (and its external interface models) a Kiln compile uses.
void registerAllDialects(mlir::DialectRegistry &registry);
/// Kiln's passes and pipelines, plus the upstream passes kiln-opt exposes.
void registerAllPasses();
} // namespace kiln

#endif // KILN_INITALL_H
