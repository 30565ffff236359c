// Internal to linker/: one function per object format building lld's command line.
#ifndef TALPA_LINKER_FLAVOR_H
#define TALPA_LINKER_FLAVOR_H

#include <string>
#include <vector>

#include "linker/link.h"
#include "llvm/Support/Error.h"

namespace talpa::linker {

// What each format's builder receives: the request, where lld must write the executable
// (a temporary path beside request.output), the runtime archive, and a directory for
// generated inputs.
struct FlavorInput {
  const LinkRequest &request;
  std::string outputPath;
  std::string runtimeArchive;
  std::string scratchDir;
};

// Each returns lld's argv, argv[0] naming the driver ("ld.lld", "lld-link", "ld64.lld"),
// after writing any generated inputs (import libraries, libSystem.tbd) to scratchDir.
llvm::Expected<std::vector<std::string>> ElfCommandLine(const FlavorInput &in);
llvm::Expected<std::vector<std::string>> CoffCommandLine(const FlavorInput &in);
llvm::Expected<std::vector<std::string>> MachOCommandLine(const FlavorInput &in);

// An error for the linker layer's own checks, in the same printf style as targets/.
template <typename... Ts> llvm::Error LinkError(const char *format, const Ts &...values) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), format, values...);
}

} // namespace talpa::linker

#endif
