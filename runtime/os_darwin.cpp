// The darwin OS layer: libSystem calls only; mirrors runtime/os_darwin.go, mem_darwin.go
// and sys_darwin.go.
//
// Apple supports no system-call ABI but libSystem's, so (like gc since Go 1.12) talpa's
// darwin executables are dynamically linked against /usr/lib/libSystem.B.dylib and call
// its C functions. Every function used is listed in os_darwin_imports.def, from which the
// linker generates the libSystem.tbd stub it links against; a static_assert per entry
// checks that each listed function is declared here.
//
// dyld loads the executable (LC_MAIN) and calls the C function main(argc, argv, envp,
// apple) on the main thread. That main is ours: it hands argc/argv to rt0_go and never
// returns. The environment follows argv's terminating nullptr, as on linux.
#include "runtime.h"

// libSystem's declarations, with the types of the darwin C headers (LP64).
extern "C" {
long write(int fd, const void *buf, unsigned long nbyte);
__attribute__((noreturn)) void exit(int status);
void *mmap(void *addr, unsigned long len, int prot, int flags, int fd, long long offset);
int munmap(void *addr, unsigned long len);
}

#define DARWIN_IMPORT(name)                                                                        \
  static_assert(sizeof(&::name) == sizeof(void *), #name " is listed but not declared");
#include "os_darwin_imports.def"
#undef DARWIN_IMPORT

namespace runtime {

namespace {

constexpr int PROT_READ = 0x1;
constexpr int PROT_WRITE = 0x2;
constexpr int MAP_PRIVATE = 0x0002;
constexpr int MAP_ANON = 0x1000;

} // namespace

// write1 does not retry on EINTR as gc does: errno is reached through libSystem's
// __error(), which is not imported yet.
int32_t write1(uintptr_t fd, const void *p, int32_t n) {
  auto *b = static_cast<const uint8_t *>(p);
  int32_t done = 0;
  while (done < n) {
    long r = ::write(static_cast<int>(fd), b + done, static_cast<unsigned long>(n - done));
    if (r <= 0) return done > 0 ? done : -1;
    done += static_cast<int32_t>(r);
  }
  return done;
}

void exit(int32_t code) { ::exit(code); }

// sysAlloc maps n bytes of anonymous memory, which the kernel zeroes. Go: sysAlloc.
// Runs on any thread; the caller (the heap) serialises.
void *sysAlloc(uintptr_t n) {
  void *p = ::mmap(nullptr, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0);
  if (p == reinterpret_cast<void *>(-1)) return nullptr;
  return p;
}

// goenvs takes the environment vector that follows argv's terminating nullptr. Runs once
// at start-up, after args. Go: goenvs_unix.
void goenvs() {
  envs = argv + argc + 1;
  nenvs = 0;
  while (envs[nenvs] != nullptr)
    nenvs++;
}

} // namespace runtime

// main is the executable's entry, called by dyld. Go: _rt0_amd64_darwin /
// _rt0_arm64_darwin (which gc reaches through the same LC_MAIN entry). extern "C" because
// -ffreestanding makes main an ordinary (so C++-mangled) function.
extern "C" int main(int argc, char **argv, char **envp, char **apple);
extern "C" int main(int argc, char **argv, char **envp, char **apple) {
  (void)envp;
  (void)apple;
  runtime::rt0_go(argc, reinterpret_cast<uint8_t **>(argv));
}
