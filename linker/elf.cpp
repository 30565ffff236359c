// ELF (linux/amd64, arm64, riscv64): a fully static, non-PIE executable with no dynamic
// linker and no libc. The runtime talks to the kernel by raw system calls, so there is
// nothing to load at start-up: the kernel maps the PT_LOAD segments and jumps to the
// runtime's _start.
//
//   ld.lld -m <emulation> -static --no-pie -e _start --gc-sections -z noexecstack
//          [--build-id=0x<id>] [-s | -S | --compress-debug-sections=zstd]
//          -o <out> <objects...> <runtime>/libtalpart.a
//
// -m fixes the emulation rather than letting lld infer it from the first object, so a
// wrong-architecture object is reported as such. --gc-sections is Go's dead-code
// elimination at the section level (the compiler emits function and data sections).
// The archive comes last so that it is searched for what the objects leave undefined.
#include "linker/flavor.h"

#include "llvm/Support/Compression.h"

namespace talpa::linker {

namespace {

// lld's -m emulation for a GOARCH, empty if unsupported.
llvm::StringRef Emulation(llvm::StringRef goarch) {
  if (goarch == "amd64") return "elf_x86_64";
  if (goarch == "arm64") return "aarch64linux";
  if (goarch == "riscv64") return "elf64lriscv";
  return "";
}

} // namespace

llvm::Expected<std::vector<std::string>> ElfCommandLine(const FlavorInput &in) {
  const LinkRequest &r = in.request;
  llvm::StringRef emulation = Emulation(r.target->goarch);
  if (emulation.empty())
    return LinkError("link: no ELF emulation for GOARCH %s", r.target->goarch.c_str());

  std::vector<std::string> argv = {"ld.lld", "-m",     emulation.str(), "-static", "--no-pie",
                                   "-e",     "_start", "--gc-sections", "-z",      "noexecstack"};
  if (!r.buildID.empty()) {
    llvm::StringRef id(r.buildID);
    id.consume_front("0x");
    argv.push_back(("--build-id=0x" + id).str());
  }
  // Go's -s drops the symbol table and DWARF, -w only DWARF. Kept DWARF is compressed,
  // with zstd when this LLVM was built with it (lld rejects the flag otherwise).
  if (r.stripSymbols)
    argv.push_back("--strip-all");
  else if (r.stripDebug)
    argv.push_back("--strip-debug");
  else if (llvm::compression::zstd::isAvailable())
    argv.push_back("--compress-debug-sections=zstd");
  argv.insert(argv.end(), {"-o", in.outputPath});
  argv.insert(argv.end(), r.objects.begin(), r.objects.end());
  argv.push_back(in.runtimeArchive);
  return argv;
}

} // namespace talpa::linker
