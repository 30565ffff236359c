// The failure path of TALPA_CHECK.
#include "compiler/base/check.h"

#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

namespace talpa::base {

void CheckFailed(const char *message, const char *file, int line) {
  llvm::errs() << "talpa: internal compiler error: " << message << " (" << file << ":" << line
               << ")\n";
  llvm::errs().flush();
  std::_Exit(2);
}

} // namespace talpa::base
