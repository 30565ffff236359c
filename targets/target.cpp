// Reads targets/<goos>_<goarch>.json (with one level of "inherits") into talpa::Target.
#include "targets/target.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

#include <algorithm>

namespace talpa {

namespace {

llvm::Expected<llvm::json::Object> ReadObject(const std::string &path) {
  auto buf = llvm::MemoryBuffer::getFile(path);
  if (!buf) return llvm::createStringError(buf.getError(), "cannot read %s", path.c_str());
  auto value = llvm::json::parse((*buf)->getBuffer());
  if (!value)
    return llvm::createStringError(llvm::inconvertibleErrorCode(), "%s: %s", path.c_str(),
                                   llvm::toString(value.takeError()).c_str());
  if (auto *obj = value->getAsObject()) return std::move(*obj);
  return llvm::createStringError(llvm::inconvertibleErrorCode(), "%s: not a JSON object",
                                 path.c_str());
}

std::string Str(const llvm::json::Object &leaf, const llvm::json::Object &parent,
                llvm::StringRef key) {
  if (auto s = leaf.getString(key)) return s->str();
  if (auto s = parent.getString(key)) return s->str();
  return "";
}

llvm::Expected<Target> LoadFile(const std::string &dir, const std::string &name) {
  auto leaf = ReadObject(dir + "/" + name + ".json");
  if (!leaf) return leaf.takeError();
  llvm::json::Object parent;
  if (auto inherits = leaf->getString("inherits")) {
    auto p = ReadObject(dir + "/" + inherits->str() + ".json");
    if (!p) return p.takeError();
    parent = std::move(*p);
  }
  Target t;
  t.name = name;
  t.goos = Str(*leaf, parent, "goos");
  t.goarch = Str(*leaf, parent, "goarch");
  t.triple = Str(*leaf, parent, "triple");
  t.cpu = Str(*leaf, parent, "cpu");
  t.features = Str(*leaf, parent, "features");
  t.abi = Str(*leaf, parent, "abi");
  t.exeSuffix = Str(*leaf, parent, "exe-suffix");
  t.macosMin = Str(*leaf, parent, "macos-min");
  std::string format = Str(*leaf, parent, "object-format");
  if (format == "elf")
    t.format = ObjectFormat::ELF;
  else if (format == "coff")
    t.format = ObjectFormat::COFF;
  else if (format == "macho")
    t.format = ObjectFormat::MachO;
  else
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "%s.json: unknown object-format \"%s\"", name.c_str(),
                                   format.c_str());
  std::string run = Str(*leaf, parent, "run");
  if (run == "native")
    t.run = RunMode::Native;
  else if (run == "wine")
    t.run = RunMode::Wine, t.runner = "wine";
  else if (llvm::StringRef(run).starts_with("qemu-"))
    t.run = RunMode::Qemu, t.runner = run;
  else
    t.run = RunMode::Inspect;
  return t;
}

} // namespace

std::string ResourceDir(const char *argv0) {
  std::string exe = llvm::sys::fs::getMainExecutable(argv0, (void *)&ResourceDir);
  llvm::SmallString<256> dir(llvm::sys::path::parent_path(exe)); // .../bin
  llvm::sys::path::remove_filename(dir);                         // ...
  llvm::sys::path::append(dir, "lib", "talpa");
  return std::string(dir);
}

llvm::Expected<Target> LoadTarget(const std::string &resourceDir, const std::string &goos,
                                  const std::string &goarch) {
  std::string name = goos + "_" + goarch;
  std::string dir = resourceDir + "/targets";
  if (goos.empty() || goarch.empty() || name.find('/') != std::string::npos ||
      !llvm::sys::fs::exists(dir + "/" + name + ".json"))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "unsupported GOOS/GOARCH pair %s/%s", goos.c_str(),
                                   goarch.c_str());
  return LoadFile(dir, name);
}

llvm::Expected<std::vector<Target>> LoadAllTargets(const std::string &resourceDir) {
  std::string dir = resourceDir + "/targets";
  std::vector<std::string> names;
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it(dir, ec), end; it != end && !ec; it.increment(ec)) {
    llvm::StringRef file = llvm::sys::path::filename(it->path());
    if (file.ends_with(".json") && file.contains('_')) names.push_back(file.drop_back(5).str());
  }
  if (ec) return llvm::createStringError(ec, "cannot list %s", dir.c_str());
  std::sort(names.begin(), names.end());
  std::vector<Target> targets;
  for (const auto &n : names) {
    auto t = LoadFile(dir, n);
    if (!t) return t.takeError();
    targets.push_back(std::move(*t));
  }
  return targets;
}

std::string HostGOOS() {
  llvm::Triple host(llvm::sys::getProcessTriple());
  if (host.isOSWindows()) return "windows";
  if (host.isOSDarwin()) return "darwin";
  return "linux";
}

std::string HostGOARCH() {
  llvm::Triple host(llvm::sys::getProcessTriple());
  switch (host.getArch()) {
  case llvm::Triple::aarch64:
    return "arm64";
  case llvm::Triple::riscv64:
    return "riscv64";
  default:
    return "amd64";
  }
}

} // namespace talpa
