// `talpa tool NAME ...`: single compiler stages for tools and tests.
#ifndef TALPA_DRIVER_TOOL_H
#define TALPA_DRIVER_TOOL_H

#include <string>
#include <vector>

#include "compiler/driver/build.h"

namespace talpa::driver {

// Runs `talpa tool args...`; returns the exit status.
int Tool(const std::vector<std::string> &args, const Environment &env);

} // namespace talpa::driver

#endif // TALPA_DRIVER_TOOL_H
