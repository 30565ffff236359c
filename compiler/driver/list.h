// `talpa list`: the package loader's view of patterns, in `go list`'s form.
#ifndef TALPA_DRIVER_LIST_H
#define TALPA_DRIVER_LIST_H

#include <string>
#include <vector>

namespace talpa::driver {

// Runs `talpa list ARGS` with the standard library at `goroot`; returns the exit status.
int List(const std::vector<std::string> &args, const std::string &goroot);

} // namespace talpa::driver

#endif
