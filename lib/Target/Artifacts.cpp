//===- Artifacts.cpp - Archives and shared libraries, in process ----------===//
//
// Kiln never shells out to ar, ld or a compiler driver to package its
// output: archives come from LLVM's archive writer and shared libraries from
// lld linked into the compiler. Both only ever see object files Kiln itself
// produced, but they are still checked, since a bad member would otherwise
// surface as an obscure failure in the user's link.
//
//===----------------------------------------------------------------------===//

#include "kiln/Target/Target.h"

#include "lld/Common/Driver.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Object/ArchiveWriter.h"
#include "llvm/Object/ELFObjectFile.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <mutex>

LLD_HAS_DRIVER(elf)

using llvm::createStringError;
using llvm::Error;
using llvm::StringRef;

namespace kiln::target {

namespace {

/// Checks member names (plain, unique file names) and that every member is
/// an object file; returns the parsed objects for further checks.
llvm::Expected<std::vector<std::unique_ptr<llvm::object::ObjectFile>>>
checkMembers(llvm::ArrayRef<ArchiveMember> members, StringRef what) {
  std::vector<std::unique_ptr<llvm::object::ObjectFile>> objects;
  llvm::StringSet<> names;
  for (const ArchiveMember &member : members) {
    if (member.name.empty() || StringRef(member.name).contains('/') ||
        member.name == "." || member.name == "..")
      return createStringError("%s member name '%s' must be a plain file "
                               "name",
                               what.str().c_str(), member.name.c_str());
    if (!names.insert(member.name).second)
      return createStringError("%s has two members named '%s'",
                               what.str().c_str(), member.name.c_str());
    auto object = llvm::object::ObjectFile::createObjectFile(
        llvm::MemoryBufferRef(member.bytes, member.name));
    if (!object)
      return createStringError("%s member '%s' is not an object file: %s",
                               what.str().c_str(), member.name.c_str(),
                               llvm::toString(object.takeError()).c_str());
    objects.push_back(std::move(*object));
  }
  return objects;
}

} // namespace

//===----------------------------------------------------------------------===//
// Archives
//===----------------------------------------------------------------------===//

Error writeArchive(StringRef path, llvm::ArrayRef<ArchiveMember> members) {
  if (auto objects = checkMembers(members, "archive"); !objects)
    return objects.takeError();
  std::vector<llvm::NewArchiveMember> newMembers;
  for (const ArchiveMember &member : members) {
    llvm::NewArchiveMember m;
    m.Buf = llvm::MemoryBuffer::getMemBuffer(member.bytes, member.name,
                                             /*RequiresNullTerminator=*/false);
    m.MemberName = member.name;
    // Fixed metadata: identical inputs must give byte-identical archives.
    m.ModTime = {};
    m.UID = 0;
    m.GID = 0;
    m.Perms = 0644;
    newMembers.push_back(std::move(m));
  }
  // The writer reports unreadable symbol tables as warnings; for archives we
  // produce ourselves that is a bug, so keep the first one as the error.
  Error warning = Error::success();
  auto warn = [&](Error err) {
    if (warning)
      llvm::consumeError(std::move(err));
    else
      warning = std::move(err);
  };
  Error err = llvm::writeArchive(
      path, newMembers, llvm::SymtabWritingMode::NormalSymtab,
      llvm::object::Archive::K_GNU, /*Deterministic=*/true, /*Thin=*/false,
      /*OldArchiveBuf=*/nullptr, /*IsEC=*/std::nullopt, warn);
  if (err) {
    llvm::consumeError(std::move(warning));
    return createStringError("cannot write archive '%s': %s",
                             path.str().c_str(),
                             llvm::toString(std::move(err)).c_str());
  }
  if (warning)
    return createStringError("archive '%s': %s", path.str().c_str(),
                             llvm::toString(std::move(warning)).c_str());
  return Error::success();
}

//===----------------------------------------------------------------------===//
// Shared libraries
//===----------------------------------------------------------------------===//

Error linkSharedLibrary(StringRef path, llvm::ArrayRef<ArchiveMember> objects) {
  if (objects.empty())
    return createStringError("shared library '%s' needs at least one object",
                             path.str().c_str());
  auto parsed = checkMembers(objects, "shared library");
  if (!parsed)
    return parsed.takeError();
  // lld's ELF driver links any ELF machine, but only objects of one machine
  // together; other formats would need other lld drivers.
  uint16_t machine = 0;
  for (const auto &[object, member] : llvm::zip(*parsed, objects)) {
    auto *elf = llvm::dyn_cast<llvm::object::ELFObjectFileBase>(object.get());
    if (!elf)
      return createStringError("cannot link '%s' into a shared library: only "
                               "ELF objects are supported",
                               member.name.c_str());
    if (machine == 0)
      machine = elf->getEMachine();
    else if (elf->getEMachine() != machine)
      return createStringError("cannot link '%s': its machine differs from "
                               "'%s'",
                               member.name.c_str(), objects[0].name.c_str());
  }

  // lld reads its inputs from files.
  llvm::SmallString<128> dir;
  if (std::error_code ec =
          llvm::sys::fs::createUniqueDirectory("kiln-link", dir))
    return createStringError(ec, "cannot create a temporary directory: %s",
                             ec.message().c_str());
  llvm::scope_exit cleanup([&] { llvm::sys::fs::remove_directories(dir); });
  std::vector<std::string> inputs;
  for (const ArchiveMember &member : objects) {
    llvm::SmallString<128> file(dir);
    llvm::sys::path::append(file, member.name);
    std::error_code ec;
    llvm::raw_fd_ostream os(file, ec);
    if (!ec) {
      os << member.bytes;
      os.close();
      ec = os.error();
    }
    if (ec)
      return createStringError(ec, "cannot write '%s': %s", file.c_str(),
                               ec.message().c_str());
    inputs.push_back(file.str().str());
  }

  std::string soname = llvm::sys::path::filename(path).str();
  std::string output = path.str();
  std::vector<const char *> args = {
      "ld.lld", "-shared", "-o", output.c_str(), "-soname", soname.c_str(),
      // Models need no executable stack, and their constant tables (the
      // kiln_model_info pointers) are read-only after relocation.
      "--eh-frame-hdr", "-z", "noexecstack", "-z", "relro", "-z", "now"};
  for (const std::string &input : inputs)
    args.push_back(input.c_str());

  // lld keeps global state while it links: one link at a time per process,
  // and none after a link that left it unusable.
  static std::mutex lldMutex;
  static bool lldUnusable = false;
  std::lock_guard<std::mutex> lock(lldMutex);
  if (lldUnusable)
    return createStringError("lld cannot link again in this process after "
                             "an earlier crash");
  std::string messages;
  llvm::raw_string_ostream messageStream(messages);
  lld::Result result = lld::lldMain(args, messageStream, messageStream,
                                    {{lld::Gnu, &lld::elf::link}});
  if (!result.canRunAgain)
    lldUnusable = true;
  if (result.retCode != 0)
    return createStringError("linking shared library '%s' failed:\n%s",
                             output.c_str(), messages.c_str());
  return Error::success();
}

} // namespace kiln::target
