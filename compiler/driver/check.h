// Type-checking loaded packages (`talpa tool check`, and `talpa build` before lowering):
// each package after the packages it imports, all in one types::Universe.
#ifndef TALPA_DRIVER_CHECK_H
#define TALPA_DRIVER_CHECK_H

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "compiler/driver/loader.h"
#include "compiler/types/types.h"
#include "llvm/Support/raw_ostream.h"

namespace talpa::driver {

struct CheckedProgram {
  types::Universe universe;
  std::map<const Package *, std::unique_ptr<types::Package>> packages;
  size_t packagesChecked = 0;
};

struct CheckOptions {
  bool allErrors = false; // -gcflags=-e: every error, not the first ten
  std::string lang;       // -gcflags=-lang=go1.N for the command-line package
  // If set, one line per package: "ok\tpath", "FAIL\tpath" (type errors) or
  // "skip\tpath" (an import failed).
  llvm::raw_ostream *verdicts = nullptr;
};

// Checks the roots and the packages they import (not the implicit runtime dependency of a
// command), dependencies first. Loader errors (missing packages, import cycles, syntax
// errors) are printed as go build prints them and stop before checking. Type errors are
// printed per package under a `# import/path` header, and a package whose imports failed
// is not checked (as go build does not compile it). Returns true if there was no error.
bool CheckPackages(Loader &loader, const std::vector<Package *> &roots, const CheckOptions &options,
                   CheckedProgram &program, llvm::raw_ostream &errs);

// `talpa tool check [-target goos/goarch] [-tags t] [-e] ARG...`.
int ToolCheck(const std::vector<std::string> &args, const std::string &goroot);

} // namespace talpa::driver

#endif // TALPA_DRIVER_CHECK_H
