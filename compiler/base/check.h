// TALPA_CHECK: internal invariants of the compiler, never used for user input.
#ifndef TALPA_BASE_CHECK_H
#define TALPA_BASE_CHECK_H

namespace talpa::base {

// Reports "talpa: internal compiler error: <message> (<file>:<line>)" and exits with
// status 2, as gc does for its internal errors: a broken invariant is reported, not
// turned into a crash.
[[noreturn]] void CheckFailed(const char *message, const char *file, int line);

} // namespace talpa::base

#define TALPA_CHECK(cond, message)                                                                 \
  do {                                                                                             \
    if (!(cond)) ::talpa::base::CheckFailed(message, __FILE__, __LINE__);                          \
  } while (0)

#endif
