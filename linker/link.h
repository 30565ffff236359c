// The linker layer: turns objects plus the target's runtime archive into an executable by
// running lld's ELF, COFF or Mach-O driver inside the talpa process.
#ifndef TALPA_LINKER_LINK_H
#define TALPA_LINKER_LINK_H

#include <string>
#include <vector>

#include "targets/target.h"
#include "llvm/Support/Error.h"

namespace talpa::linker {

struct LinkRequest {
  const Target *target = nullptr;
  std::vector<std::string> objects; // object files from the compiler, in link order
  std::string runtimeDir;           // <resource>/runtime/<goos>_<goarch>, holds libtalpart.a
  std::string output;               // executable path
  bool stripSymbols = false;        // -ldflags=-s: no symbol table, no debug info
  bool stripDebug = false;          // -ldflags=-w: no debug info
  std::string buildID;              // hex (an optional 0x prefix is accepted); may be empty
  std::string scratchDir;           // a directory the linker may write helper files into (import
                                    // libraries, libSystem.tbd); a private temporary one if empty
  std::string *warnings = nullptr;  // if set, receives lld's warnings from a successful link
};

// Links in-process with lld. On failure returns one error whose message is lld's own
// diagnostics ("ld.lld: error: undefined symbol: foo ..."), and leaves `output` as it was:
// the executable is written beside it under a temporary name and renamed into place only
// when the link succeeded.
//
// Calls are serialized. lld keeps global state; after a link that ended in one of lld's
// fatal errors (or a crash inside lld) it cannot be re-entered safely, so every later call
// in the same process returns an error instead of linking.
llvm::Error Link(const LinkRequest &request);

} // namespace talpa::linker

#endif
