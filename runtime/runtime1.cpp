// Process arguments and environment as the OS entry found them; mirrors runtime/runtime1.go.
//
// Every OS entry hands rt0_go the arguments as (argc, argv) with NUL-terminated UTF-8
// strings: linux and darwin pass the kernel's / dyld's vectors through untouched,
// windows builds them from GetCommandLineW. goenvs (per OS) then sets envs, a
// nullptr-terminated vector in the same form. The os package will later build its
// []string values from these (Go: goargs, syscall_runtime_envs); they are never written
// after start-up, so no lock guards them.
#include "runtime.h"

namespace runtime {

int32_t argc;
uint8_t **argv;
uint8_t **envs;
int32_t nenvs;

// args records the argument vector. Runs once, on the main thread, before any Go code.
// Go: args (which also calls sysargs to read the auxiliary vector; ours will too when
// something needs AT_PAGESZ or AT_RANDOM).
void args(int32_t c, uint8_t **v) {
  if (argv != nullptr) throw_("args called twice");
  argc = c;
  argv = v;
}

} // namespace runtime
