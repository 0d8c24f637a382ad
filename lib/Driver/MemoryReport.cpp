//===- MemoryReport.cpp - What a compiled model costs in memory -----------===//
//
// Reads the workspace plan that kiln-plan-workspace records on the module,
// sums the constant globals (the weights and the model's tables), and reads
// function sizes and stack frames off the emitted ELF object. Stack frames
// come from LLVM's .stack_sizes section: one (function address, ULEB128
// frame size) entry per function, where in a relocatable object the address
// is a relocation against the function or its section.
//
//===----------------------------------------------------------------------===//

#include "kiln/Driver/MemoryReport.h"
#include "kiln/Compiler.h"
#include "kiln/Support/ParallelBody.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Interfaces/DataLayoutInterfaces.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Object/ELFObjectFile.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/LEB128.h"

#include <algorithm>
#include <map>

using namespace mlir;

namespace kiln::driver {

double MemoryReport::ratio() const {
  if (workspaceLowerBound == 0)
    return workspaceBytes == 0 ? 1.0 : 0.0;
  return static_cast<double>(workspaceBytes) /
         static_cast<double>(workspaceLowerBound);
}

uint64_t MemoryReport::stackEstimate() const {
  uint64_t callers = 0, largestBody = 0;
  for (const FunctionReport &f : functions) {
    uint64_t frame = f.stackBytes.value_or(0);
    if (isParallelBodyName(f.name))
      largestBody = std::max(largestBody, frame);
    else
      callers += frame;
  }
  return callers + largestBody;
}

static llvm::Error reportError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 "--report: " + message);
}

/// Reads a non-negative i64 field of a plan entry.
static std::optional<int64_t> intField(DictionaryAttr entry,
                                       llvm::StringRef name) {
  auto value = entry.getAs<IntegerAttr>(name);
  if (!value)
    return std::nullopt;
  return value.getInt();
}

/// Reads where kiln-place-weights put the weights (`kiln.weights`).
static llvm::Error collectWeightsPlacement(ModuleOp module, DataLayout &layout,
                                           MemoryReport &report) {
  auto placed = module->getAttrOfType<DictionaryAttr>(attrs::kWeights);
  if (!placed)
    return llvm::Error::success();
  auto placement = placed.getAs<StringAttr>("placement");
  auto entries = placed.getAs<ArrayAttr>("entries");
  if (!placement || !entries)
    return reportError("malformed " + attrs::kWeights.str());
  WeightsPlacementReport &weights = report.weights;
  weights.placement = placement.str();
  weights.tensors = entries.size();
  if (weights.placement == "file") {
    std::optional<int64_t> size = intField(placed, "size");
    if (!size || *size < 0)
      return reportError("malformed " + attrs::kWeights.str());
    weights.file = report.model + ".weights.bin";
    weights.bytes = static_cast<uint64_t>(*size);
    return llvm::Error::success();
  }
  auto section = placed.getAs<StringAttr>("section");
  if (weights.placement != "section" || !section)
    return reportError("malformed " + attrs::kWeights.str());
  weights.section = section.str();
  weights.tensors = 0;
  module.walk([&](LLVM::GlobalOp global) {
    if (global.getSection() == section.getValue()) {
      weights.bytes +=
          layout.getTypeSize(global.getGlobalType()).getFixedValue();
      ++weights.tensors;
    }
  });
  return llvm::Error::success();
}

llvm::Error collectModuleReport(ModuleOp module, MemoryReport &report) {
  auto size = module->getAttrOfType<IntegerAttr>(attrs::kWorkspaceSize);
  auto bound = module->getAttrOfType<IntegerAttr>(attrs::kWorkspaceLowerBound);
  auto plan = module->getAttrOfType<ArrayAttr>(attrs::kWorkspacePlan);
  if (!size || !bound || !plan)
    return reportError("the module has no workspace plan (was "
                       "kiln-plan-workspace run?)");
  report.workspaceBytes = size.getValue().getZExtValue();
  report.workspaceLowerBound = bound.getValue().getZExtValue();
  for (Attribute attr : plan) {
    auto entry = dyn_cast<DictionaryAttr>(attr);
    std::optional<int64_t> offset, bytes, first, last;
    if (entry) {
      offset = intField(entry, "offset");
      bytes = intField(entry, "size");
      first = intField(entry, "first");
      last = intField(entry, "last");
    }
    if (!offset || !bytes || !first || !last || *offset < 0 || *bytes < 0)
      return reportError("malformed " + attrs::kWorkspacePlan.str() +
                         " entry");
    PlannedBufferReport buffer;
    buffer.offset = static_cast<uint64_t>(*offset);
    buffer.size = static_cast<uint64_t>(*bytes);
    buffer.first = *first;
    buffer.last = *last;
    if (auto name = entry.getAs<StringAttr>("name"))
      buffer.name = name.str();
    report.buffers.push_back(std::move(buffer));
  }

  // Flash: every constant global, at its size in the target's data layout.
  DataLayout layout(module);
  uint64_t weights = 0;
  module.walk([&](LLVM::GlobalOp global) {
    if (global.getConstant())
      weights += layout.getTypeSize(global.getGlobalType()).getFixedValue();
  });
  report.weightsBytes = weights;

  // The ONNX nodes behind each function: the importer names every op's
  // location after its node (NameLoc), fusions fuse those locations, and
  // kiln-outline-parallel gives a body its loop's.
  module.walk([&](LLVM::LLVMFuncOp func) {
    if (func.isExternal())
      return;
    std::vector<std::string> nodes;
    func.getLoc()->walk([&](Location loc) {
      if (auto name = dyn_cast<NameLoc>(loc)) {
        std::string node = name.getName().str();
        if (!llvm::is_contained(nodes, node))
          nodes.push_back(std::move(node));
      }
      return WalkResult::advance();
    });
    if (!nodes.empty())
      report.functionNodes[func.getName().str()] = std::move(nodes);
  });
  return collectWeightsPlacement(module, layout, report);
}

/// Reads a little- or big-endian unsigned integer of `bytes` bytes.
static uint64_t readAddress(const uint8_t *data, unsigned bytes,
                            bool littleEndian) {
  uint64_t value = 0;
  for (unsigned i = 0; i < bytes; ++i) {
    unsigned shift = littleEndian ? 8 * i : 8 * (bytes - 1 - i);
    value |= static_cast<uint64_t>(data[i]) << shift;
  }
  return value;
}

llvm::Error collectObjectReport(llvm::StringRef objectBytes,
                                MemoryReport &report) {
  using namespace llvm::object;
  auto object = ObjectFile::createObjectFile(
      llvm::MemoryBufferRef(objectBytes, "model.o"));
  if (!object)
    return reportError("cannot read the emitted object: " +
                       llvm::toString(object.takeError()));
  auto *elf = llvm::dyn_cast<ELFObjectFileBase>(object->get());
  if (!elf)
    return reportError("the emitted object is not ELF");
  report.arch = llvm::Triple::getArchTypeName(elf->getArch()).str();
  // Thumb function symbols carry the mode in bit 0 of their value.
  bool arm = elf->getArch() == llvm::Triple::arm ||
             elf->getArch() == llvm::Triple::thumb;
  uint64_t valueMask = arm ? ~uint64_t(1) : ~uint64_t(0);

  // Functions by name, and by (section index, offset) for relocations
  // against section symbols.
  std::map<std::string, FunctionReport> functions;
  std::map<std::pair<uint64_t, uint64_t>, std::string> byAddress;
  for (ELFSymbolRef symbol : elf->symbols()) {
    auto type = symbol.getType();
    if (!type) {
      llvm::consumeError(type.takeError());
      continue;
    }
    if (*type != SymbolRef::ST_Function)
      continue;
    auto name = symbol.getName();
    auto section = symbol.getSection();
    auto value = symbol.getValue();
    if (!name || !section || !value) {
      llvm::consumeError(name.takeError());
      llvm::consumeError(section.takeError());
      llvm::consumeError(value.takeError());
      continue;
    }
    if (*section == elf->section_end())
      continue;
    FunctionReport &f = functions[name->str()];
    f.name = name->str();
    f.codeBytes = symbol.getSize();
    byAddress[{(*section)->getIndex(), *value & valueMask}] = f.name;
  }

  // .stack_sizes sections and the relocations that give their addresses.
  for (SectionRef relocations : elf->sections()) {
    auto target = relocations.getRelocatedSection();
    if (!target) {
      llvm::consumeError(target.takeError());
      continue;
    }
    if (*target == elf->section_end())
      continue;
    auto targetName = (*target)->getName();
    if (!targetName || *targetName != ".stack_sizes") {
      if (!targetName)
        llvm::consumeError(targetName.takeError());
      continue;
    }
    auto contents = (*target)->getContents();
    if (!contents)
      return reportError("cannot read .stack_sizes: " +
                         llvm::toString(contents.takeError()));
    auto *data = reinterpret_cast<const uint8_t *>(contents->data());
    unsigned addressBytes = elf->getBytesInAddress();
    for (const RelocationRef &reloc : relocations.relocations()) {
      uint64_t at = reloc.getOffset();
      if (at + addressBytes > contents->size())
        return reportError("malformed .stack_sizes relocation");
      // The frame size follows the address as ULEB128.
      unsigned lebLength = 0;
      const char *error = nullptr;
      uint64_t frame =
          llvm::decodeULEB128(data + at + addressBytes, &lebLength,
                              data + contents->size(), &error);
      if (error)
        return reportError(llvm::Twine("malformed .stack_sizes: ") + error);
      symbol_iterator symbol = reloc.getSymbol();
      if (symbol == elf->symbol_end())
        continue;
      std::string function;
      auto type = symbol->getType();
      if (type && *type == SymbolRef::ST_Function) {
        auto name = symbol->getName();
        if (name)
          function = name->str();
        else
          llvm::consumeError(name.takeError());
      } else {
        if (!type)
          llvm::consumeError(type.takeError());
        // Against a section symbol: the function at the addend's offset.
        // RELA keeps the addend in the relocation, REL in the field.
        auto section = symbol->getSection();
        if (!section || *section == elf->section_end()) {
          if (!section)
            llvm::consumeError(section.takeError());
          continue;
        }
        auto addend = ELFRelocationRef(reloc).getAddend();
        uint64_t offset;
        if (addend) {
          offset = static_cast<uint64_t>(*addend);
        } else {
          llvm::consumeError(addend.takeError());
          offset = readAddress(data + at, addressBytes, elf->isLittleEndian());
        }
        auto it = byAddress.find({(*section)->getIndex(), offset & valueMask});
        if (it != byAddress.end())
          function = it->second;
      }
      auto it = functions.find(function);
      if (it != functions.end())
        it->second.stackBytes = frame;
    }
  }

  report.functions.clear();
  for (auto &[name, f] : functions)
    report.functions.push_back(std::move(f));
  // Biggest first: the functions worth looking at lead the list.
  std::stable_sort(report.functions.begin(), report.functions.end(),
                   [](const FunctionReport &a, const FunctionReport &b) {
                     return a.codeBytes > b.codeBytes;
                   });
  return llvm::Error::success();
}

std::string reportToJSON(const MemoryReport &report) {
  std::string text;
  llvm::raw_string_ostream os(text);
  llvm::json::OStream json(os, /*IndentSize=*/2);
  json.object([&] {
    json.attribute("model", report.model);
    json.attribute("arch", report.arch);
    json.attribute("weights_bytes", static_cast<int64_t>(report.weightsBytes));
    json.attributeObject("weights", [&] {
      const WeightsPlacementReport &w = report.weights;
      json.attribute("placement", w.placement);
      if (!w.section.empty())
        json.attribute("section", w.section);
      if (!w.file.empty())
        json.attribute("file", w.file);
      json.attribute("bytes", static_cast<int64_t>(w.bytes));
      json.attribute("tensors", static_cast<int64_t>(w.tensors));
    });
    json.attribute("workspace_bytes",
                   static_cast<int64_t>(report.workspaceBytes));
    json.attribute("workspace_lower_bound",
                   static_cast<int64_t>(report.workspaceLowerBound));
    json.attribute("workspace_ratio", report.ratio());
    json.attribute("stack_estimate_bytes",
                   static_cast<int64_t>(report.stackEstimate()));
    json.attributeArray("buffers", [&] {
      for (const PlannedBufferReport &b : report.buffers)
        json.object([&] {
          json.attribute("offset", static_cast<int64_t>(b.offset));
          json.attribute("size", static_cast<int64_t>(b.size));
          json.attribute("first", b.first);
          json.attribute("last", b.last);
          if (!b.name.empty())
            json.attribute("name", b.name);
        });
    });
    json.attributeArray("functions", [&] {
      for (const FunctionReport &f : report.functions)
        json.object([&] {
          json.attribute("name", f.name);
          json.attribute("code_bytes", static_cast<int64_t>(f.codeBytes));
          if (f.stackBytes)
            json.attribute("stack_bytes", static_cast<int64_t>(*f.stackBytes));
          auto nodes = report.functionNodes.find(f.name);
          if (nodes != report.functionNodes.end())
            json.attributeArray("nodes", [&] {
              for (const std::string &node : nodes->second)
                json.value(node);
            });
        });
    });
  });
  os << "\n";
  return text;
}

void printReport(const MemoryReport &report, llvm::raw_ostream &os) {
  uint64_t code = 0;
  for (const FunctionReport &f : report.functions)
    code += f.codeBytes;
  os << "memory report for '" << report.model << "' (" << report.arch
     << ")\n";
  os << "  weights (flash):   " << report.weightsBytes << " bytes";
  const WeightsPlacementReport &w = report.weights;
  if (w.placement == "section")
    os << " in the object, of which " << w.bytes << " bytes (" << w.tensors
       << " tensors) in section " << w.section;
  else if (w.placement == "file")
    os << " in the object; weights in " << w.file << ": " << w.bytes
       << " bytes (" << w.tensors << " tensors), loaded by the caller";
  else
    os << " of read-only data in the object";
  os << "\n";
  os << "  code (flash):      " << code << " bytes in "
     << report.functions.size() << " functions\n";
  os << "  workspace (RAM):   " << report.workspaceBytes << " bytes in "
     << report.buffers.size() << " buffers\n";
  os << "  lower bound:       " << report.workspaceLowerBound
     << " bytes (most bytes live at once)\n";
  os << "  workspace ratio:   " << llvm::format("%.3f", report.ratio())
     << "\n";
  os << "  stack (estimate):  " << report.stackEstimate()
     << " bytes (the callers' frames and the largest parallel-loop body's; "
        "memcpy/memset not included)\n";
}

} // namespace kiln::driver
