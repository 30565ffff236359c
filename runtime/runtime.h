// The runtime's internal declarations; mirrors runtime/stubs.go and the OS hooks of os_*.go.
//
// Three groups live here:
//   1. The entry points compiled Go code calls and the Go functions the runtime calls,
//      declared from include/talpa/runtime.def (never by hand), with their Go symbols.
//   2. The small interface every OS layer (os_<goos>.cpp) implements: write1, exit,
//      sysAlloc, goenvs. Nothing above that layer knows which OS it runs on.
//   3. Cross-file runtime functions and globals (print helpers, throw, argc/argv).
//
// The runtime is freestanding: no libc, no C++ library, no exceptions, no RTTI and no
// global constructors (nothing would run them: the entry points in rt0_*.S / os_*.cpp are
// the first code of the process). Globals are constant-initialised or zero.
#ifndef TALPA_RUNTIME_RUNTIME_H
#define TALPA_RUNTIME_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

#include "talpa/abi.h"

// Go symbols contain dots (runtime.printint, main.main), so C++ reaches them through asm
// labels. An asm label bypasses the platform's C symbol prefix, so the label must carry it
// itself: "_" on Mach-O (where LLVM names IR global @runtime.printint as
// _runtime.printint), nothing on ELF and on 64-bit COFF.
#define TALPA_STR2(x) #x
#define TALPA_STR(x) TALPA_STR2(x)
#define GOSYM(sym) __asm__(TALPA_STR(__USER_LABEL_PREFIX__) sym)

#define TALPA_FLAGS_None
#define TALPA_FLAGS_NoReturn __attribute__((noreturn))

namespace runtime {

// 1. The compiler/runtime boundary. Each RUNTIME_FUNC becomes
//      extern "C" <Result> <Id>(<Params>) __asm__("<symbol>");
// with the kinds spelled as talpa::abi::kind aliases, and each GO_HOOK becomes
//      extern "C" void <Id>() __asm__("<symbol>");
// Definitions repeat `extern "C"` and the Id (e.g. `extern "C" void PrintInt(int64_t v)`):
// a definition whose types differ from the table is then a conflicting-types error, and
// -Wmissing-prototypes rejects one whose Id is misspelt.
using namespace talpa::abi::kind;

#define RUNTIME_FUNC(Id, Sym, Flags, Result, ...)                                                  \
  extern "C" TALPA_FLAGS_##Flags Result Id(__VA_ARGS__) GOSYM(Sym);
#define GO_HOOK(Id, Sym) extern "C" void Id() GOSYM(Sym);
#include "talpa/runtime.def"
#undef RUNTIME_FUNC
#undef GO_HOOK

using talpa::abi::stringStruct;

// 2. The OS layer (os_linux.cpp, os_windows.cpp, os_darwin.cpp).

// write1 writes n bytes to fd (1 = standard output, 2 = standard error), retrying short
// writes; it returns the number written or a negative value on error. Go: write1.
int32_t write1(uintptr_t fd, const void *p, int32_t n);

// exit ends the process with the given status without running anything else. Go: exit.
[[noreturn]] void exit(int32_t code);

// sysAlloc returns n bytes of zeroed, page-aligned memory from the OS, or nullptr.
// Go: sysAlloc (mem_<goos>.go).
void *sysAlloc(uintptr_t n);

// goenvs fills envs from the OS's environment. Called once by rt0_go after args.
// Go: goenvs.
void goenvs();

// 3. Shared runtime state and helpers.

// The process arguments and environment, as NUL-terminated UTF-8 strings (converted from
// UTF-16 on windows). envs is nullptr-terminated. Set by args/goenvs before any Go code
// runs; read-only afterwards. They carry Go symbols (runtime.argc...) so that the os and
// syscall packages can reach them from compiled Go code. Go: argc, argv (runtime1.go),
// envs (runtime.envs).
extern int32_t argc GOSYM("runtime.argc");
extern uint8_t **argv GOSYM("runtime.argv");
extern uint8_t **envs GOSYM("runtime.envs");
extern int32_t nenvs GOSYM("runtime.nenvs");

// args records the arguments the OS entry found. Go: args (runtime1.go).
void args(int32_t c, uint8_t **v);

// rt0_go is the OS-independent start of the runtime: every OS entry (rt0_linux_*.S, the
// windows talpa_rt0, darwin's main) calls it with the arguments in argv form.
// Go: runtime·rt0_go (asm_*.s); ours needs no assembly until goroutines exist.
extern "C" [[noreturn]] void rt0_go(int32_t c, uint8_t **v) GOSYM("runtime.rt0_go");

// gwrite writes to standard error, the destination of print and of fatal messages.
// Go: gwrite (print.go).
void gwrite(const void *p, intptr_t n);
void printcstr(const char *s); // printstring of a NUL-terminated C string

// throw reports a runtime bug, fatal an unrecoverable user error; both print
// "fatal error: <s>" and exit with status 2. Go: throw, fatal (panic.go).
[[noreturn]] void throw_(const char *s);
[[noreturn]] void fatal(const char *s);

// mallocgc for runtime-internal callers. Go: mallocgc.
void *mallocgc(uintptr_t size, const talpa::abi::_type *typ, bool needzero);

// findnull returns the length of the NUL-terminated string s. Go: findnull.
intptr_t findnull(const uint8_t *s);

} // namespace runtime

#endif // TALPA_RUNTIME_RUNTIME_H
