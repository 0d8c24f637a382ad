//===- ONNXImporter.cpp - Public entry points of the ONNX importer --------===//
//
// The boundary between Kiln and ONNX's C++ library: nothing thrown inside
// gets past these functions, every problem becomes a diagnostic or an
// llvm::Error.
//
//===----------------------------------------------------------------------===//

#include "kiln/Importer/ONNXImporter.h"

#include "GraphImporter.h"
#include "ModelLoader.h"
#include "TensorImport.h"

#include "dialects/Graph/IR/GraphOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace kiln::importer {

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// Imports the model `load` reads; `path` names it in messages and gives the
/// default model name.
static OwningOpRef<ModuleOp> importWith(
    MLIRContext &ctx, llvm::StringRef path, const ImportOptions &options,
    llvm::function_ref<llvm::Expected<std::shared_ptr<LoadedModel>>(
        const LoadOptions &)>
        load) {
  ctx.loadDialect<graph::GraphDialect, func::FuncDialect>();
  Location fileLoc = FileLineColLoc::get(&ctx, path, 0, 0);
  try {
    LoadOptions loadOptions;
    loadOptions.runChecker = options.runChecker;
    loadOptions.customOps = options.customOps;
    auto model = load(loadOptions);
    if (!model) {
      emitError(fileLoc) << toString(model.takeError());
      return nullptr;
    }
    std::string name = options.modelName.empty()
                           ? llvm::sys::path::stem(path).str()
                           : options.modelName;
    GraphImporter importer(ctx, std::move(*model), name);
    importer.setCustomOps(options.customOps);
    OwningOpRef<ModuleOp> module = importer.run();
    for (const std::string &error : importer.modelErrors())
      emitError(fileLoc) << error;
    for (const UnsupportedNode &node : importer.nodeIssues())
      emitError(NameLoc::get(StringAttr::get(&ctx, node.name), fileLoc))
          << "node '" << node.name << "' (" << node.domain
          << "::" << node.opType << ", opset " << node.opset
          << "): " << node.reason;
    if (!module && importer.modelErrors().empty() &&
        importer.nodeIssues().empty())
      emitError(fileLoc) << "the model could not be imported";
    return module;
  } catch (const std::exception &e) {
    // ONNX and protobuf calls are wrapped where they are made; this is the
    // last line for anything else (allocation failures on hostile sizes).
    emitError(fileLoc) << "import failed: " << e.what();
    return nullptr;
  }
}

OwningOpRef<ModuleOp> importONNXFile(MLIRContext &ctx, llvm::StringRef path,
                                     const ImportOptions &options) {
  return importWith(ctx, path, options, [&](const LoadOptions &loadOptions) {
    return loadModel(path, loadOptions);
  });
}

OwningOpRef<ModuleOp> importONNXBuffer(MLIRContext &ctx, llvm::StringRef bytes,
                                       llvm::StringRef bufferName,
                                       const ImportOptions &options) {
  return importWith(ctx, bufferName, options,
                    [&](const LoadOptions &loadOptions) {
                      return loadModelFromBuffer(bytes, bufferName,
                                                 loadOptions);
                    });
}

std::string formatDiagnostic(const Diagnostic &diag) {
  std::string text;
  llvm::raw_string_ostream os(text);
  if (auto file = diag.getLocation()->findInstanceOf<FileLineColLoc>()) {
    os << file.getFilename().getValue();
    if (file.getLine() != 0)
      os << ':' << file.getLine() << ':' << file.getColumn();
    os << ": ";
  }
  switch (diag.getSeverity()) {
  case DiagnosticSeverity::Error:
    if (!diag.getLocation()->findInstanceOf<FileLineColLoc>())
      os << "error: ";
    break;
  case DiagnosticSeverity::Warning: os << "warning: "; break;
  case DiagnosticSeverity::Note: os << "note: "; break;
  case DiagnosticSeverity::Remark: os << "remark: "; break;
  }
  os << diag.str();
  for (const Diagnostic &note : diag.getNotes())
    os << '\n' << formatDiagnostic(note);
  return text;
}

//===----------------------------------------------------------------------===//
// writeONNXBinary
//===----------------------------------------------------------------------===//

/// Moves the data of `tensor` to `out` at `offset` and marks it external.
static llvm::Error externalize(onnx::TensorProto &tensor,
                               llvm::raw_fd_ostream &out, uint64_t &offset,
                               const std::string &location) {
  std::vector<char> owned;
  auto bytes = tensorBytes(tensor, nullptr, owned);
  if (!bytes)
    return makeError("initializer '" + tensor.name() +
                     "': " + toString(bytes.takeError()));
  out.write(bytes->data(), bytes->size());
  uint64_t size = bytes->size();
  tensor.clear_raw_data();
  tensor.clear_float_data();
  tensor.clear_int32_data();
  tensor.clear_int64_data();
  tensor.clear_double_data();
  tensor.clear_uint64_data();
  tensor.set_data_location(onnx::TensorProto::EXTERNAL);
  auto add = [&](const std::string &key, const std::string &value) {
    auto *entry = tensor.add_external_data();
    entry->set_key(key);
    entry->set_value(value);
  };
  add("location", location);
  add("offset", std::to_string(offset));
  add("length", std::to_string(size));
  offset += size;
  return llvm::Error::success();
}

llvm::Error writeONNXBinary(llvm::StringRef inputPath,
                            llvm::StringRef outputPath,
                            const BinaryWriteOptions &options) {
  try {
    onnx::ModelProto proto;
    if (llvm::Error err = parseModelFile(inputPath, proto))
      return makeError(inputPath + ": " + toString(std::move(err)));
    if (!options.externalDataFile.empty()) {
      std::error_code ec;
      llvm::raw_fd_ostream data(options.externalDataFile, ec,
                                llvm::sys::fs::OF_None);
      if (ec)
        return makeError("cannot write '" + options.externalDataFile +
                         "': " + ec.message());
      uint64_t offset = 0;
      for (onnx::TensorProto &t : *proto.mutable_graph()->mutable_initializer()) {
        auto count = checkedElementCount(t.dims());
        if (!count)
          return makeError("initializer '" + t.name() +
                           "': " + toString(count.takeError()));
        if (*count <= options.externalThreshold)
          continue;
        if (llvm::Error err =
                externalize(t, data, offset, options.externalDataLocation))
          return err;
      }
    }
    std::string bytes;
    if (!proto.SerializeToString(&bytes))
      return makeError("cannot serialize the model (larger than 2 GiB?)");
    std::error_code ec;
    llvm::raw_fd_ostream out(outputPath, ec, llvm::sys::fs::OF_None);
    if (ec)
      return makeError("cannot write '" + outputPath + "': " + ec.message());
    out << bytes;
    return llvm::Error::success();
  } catch (const std::exception &e) {
    return makeError(llvm::Twine("cannot convert the model: ") + e.what());
  }
}

} // namespace kiln::importer
