// Mach-O (darwin/amd64, arm64): a dynamically linked executable whose one dependency is
// libSystem, the only stable system-call interface macOS offers (as gc does, the runtime
// never issues raw syscalls there).
//
// No macOS SDK is installed, so there is no libSystem to link against: we write a TAPI
// text stub (libSystem.tbd, the format Apple's SDKs ship) with LLVM's TextAPI writer,
// exporting `_<name>` for each DARWIN_IMPORT in runtime/os_darwin_imports.def plus
// dyld_stub_binder, which the classic lazy-binding stubs call. The executable then
// records /usr/lib/libSystem.B.dylib as its dependency and dyld binds the real functions.
//
//   ld64.lld -arch x86_64|arm64 -platform_version macos <min> <min> -e _main
//            -dead_strip -Z -L<scratch> -lSystem [-adhoc_codesign] -S [-x]
//            -o <out> <objects...> <runtime>/libtalpart.a
//
// The entry is the runtime's `_main`, reached through LC_MAIN (dyld calls it after
// setting up libSystem). -Z removes the host's /usr/lib from the search path so only our
// stub can satisfy -lSystem. arm64 macOS refuses to run unsigned code, so the image gets
// an ad-hoc code signature (LC_CODE_SIGNATURE), whose identifier is the output's base
// name. Debug information never enters a Mach-O executable (it stays in the objects,
// referenced by a debug map of STABS entries). talpa's objects are temporary, so the map
// would name deleted files (and the scratch directory's random name would make every
// build differ): -S always drops it. Tracebacks do not need it (the PC table is data in
// the image); -s also drops local symbols (-x).
#include "linker/flavor.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/TextAPI/InterfaceFile.h"
#include "llvm/TextAPI/TextAPIWriter.h"

namespace talpa::linker {

namespace {

constexpr const char *kDarwinImports[] = {
#define DARWIN_IMPORT(symbol) "_" #symbol,
#include "runtime/os_darwin_imports.def"
#undef DARWIN_IMPORT
};

// Writes the libSystem stub to `path` for both architectures, so one stub serves either target.
llvm::Error WriteLibSystemStub(const std::string &path) {
  using namespace llvm::MachO;
  InterfaceFile stub;
  stub.setFileType(FileType::TBD_V4);
  stub.setInstallName("/usr/lib/libSystem.B.dylib");
  stub.setCurrentVersion(PackedVersion(1311, 0, 0));
  stub.setCompatibilityVersion(PackedVersion(1, 0, 0));
  // As the SDK's stub says: symbols bind to this library by ordinal (two-level), and it is
  // usable from app extensions.
  stub.setTwoLevelNamespace();
  stub.setApplicationExtensionSafe();
  TargetList targets = {llvm::MachO::Target(AK_x86_64, PLATFORM_MACOS),
                        llvm::MachO::Target(AK_arm64, PLATFORM_MACOS)};
  stub.addTargets(targets);
  for (const char *name : kDarwinImports)
    stub.addSymbol(EncodeKind::GlobalSymbol, name, targets);
  stub.addSymbol(EncodeKind::GlobalSymbol, "dyld_stub_binder", targets);

  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec, llvm::sys::fs::OF_Text);
  if (ec) return LinkError("link: cannot write %s: %s", path.c_str(), ec.message().c_str());
  if (llvm::Error e = TextAPIWriter::writeToStream(os, stub, FileType::TBD_V4))
    return LinkError("link: writing %s: %s", path.c_str(), llvm::toString(std::move(e)).c_str());
  os.close();
  if (os.has_error())
    return LinkError("link: cannot write %s: %s", path.c_str(), os.error().message().c_str());
  return llvm::Error::success();
}

} // namespace

llvm::Expected<std::vector<std::string>> MachOCommandLine(const FlavorInput &in) {
  const LinkRequest &r = in.request;
  llvm::StringRef arch;
  if (r.target->goarch == "amd64")
    arch = "x86_64";
  else if (r.target->goarch == "arm64")
    arch = "arm64";
  else
    return LinkError("link: no Mach-O architecture for GOARCH %s", r.target->goarch.c_str());
  std::string minOS = r.target->macosMin.empty() ? "11.0.0" : r.target->macosMin;

  llvm::SmallString<256> tbd(in.scratchDir);
  llvm::sys::path::append(tbd, "libSystem.tbd");
  if (llvm::Error e = WriteLibSystemStub(std::string(tbd))) return std::move(e);

  std::vector<std::string> argv = {
      "ld64.lld", "-arch",       arch.str(), "-platform_version",  "macos",   minOS, minOS, "-e",
      "_main",    "-dead_strip", "-Z",       "-L" + in.scratchDir, "-lSystem"};
  if (arch == "arm64") argv.push_back("-adhoc_codesign");
  argv.push_back("-S");
  if (r.stripSymbols) argv.push_back("-x");
  argv.insert(argv.end(), {"-o", in.outputPath});
  argv.insert(argv.end(), r.objects.begin(), r.objects.end());
  argv.push_back(in.runtimeArchive);
  return argv;
}

} // namespace talpa::linker
