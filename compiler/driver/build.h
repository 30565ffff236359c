// The build pipeline: sources -> parse -> check -> lower -> optimize -> emit -> link.
#ifndef TALPA_DRIVER_BUILD_H
#define TALPA_DRIVER_BUILD_H

#include <string>

#include "compiler/driver/options.h"

namespace talpa::driver {

// Where talpa's own files live (targets/, runtime/<goos>_<goarch>/) and where the
// user's environment points.
struct Environment {
  std::string resourceDir;
  std::string goroot;
  std::string cacheDir;
};

Environment LoadEnvironment(const char *argv0);

// Builds the program described by `options`. Diagnostics and errors go to stderr. Returns
// the process exit status: 0 on success, 2 on any error (as `go build`). On success with
// an executable, `*exePath` names it.
int Build(const BuildOptions &options, const Environment &env, std::string *exePath);

// `talpa run`: builds into a scratch directory, runs the executable (natively, under qemu
// or under wine, as the target's description says) with `options.programArgs`.
int Run(const BuildOptions &options, const Environment &env);

} // namespace talpa::driver

#endif
