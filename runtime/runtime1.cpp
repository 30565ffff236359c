// Process arguments, environment and GODEBUG as the OS entry found them; mirrors
// runtime/runtime1.go and env_posix.go (gogetenv).
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

dbgvars debug;

// gogetenv scans envs for "key=". Runs after goenvs. Go: gogetenv.
const uint8_t *gogetenv(const char *key) {
  for (int32_t i = 0; i < nenvs; i++) {
    const uint8_t *e = envs[i];
    int32_t k = 0;
    while (key[k] != 0 && e[k] == static_cast<uint8_t>(key[k]))
      k++;
    if (key[k] == 0 && e[k] == '=') return e + k + 1;
  }
  return nullptr;
}

// parsedebugvars reads GODEBUG, a comma-separated list of name=value settings; unknown
// names and malformed values are ignored, as in gc. Runs once at start-up, after goenvs.
// Go: parsedebugvars.
void parsedebugvars() {
  const uint8_t *p = gogetenv("GODEBUG");
  if (p == nullptr) return;
  while (*p != 0) {
    const uint8_t *name = p;
    while (*p != 0 && *p != '=' && *p != ',')
      p++;
    intptr_t namelen = p - name;
    if (*p != '=') {
      if (*p == ',') p++;
      continue;
    }
    p++;
    int64_t v = 0;
    bool ok = *p != 0 && *p != ',';
    for (; *p != 0 && *p != ','; p++) {
      if (*p < '0' || *p > '9' || v > 0x7fffffff) ok = false;
      if (ok) v = v * 10 + (*p - '0');
    }
    if (*p == ',') p++;
    if (!ok) continue;
    if (namelen == 7 && __builtin_memcmp(name, "gctrace", 7) == 0) {
      debug.gctrace = static_cast<int32_t>(v);
    } else if (namelen == 7 && __builtin_memcmp(name, "wbcheck", 7) == 0) {
      debug.wbcheck = static_cast<int32_t>(v);
    }
  }
}

} // namespace runtime
