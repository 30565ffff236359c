// The linux OS layer: raw system calls, no libc; mirrors runtime/os_linux.go,
// mem_linux.go and the system-call stubs of sys_linux_<arch>.s.
//
// A talpa linux executable is a static, non-PIE ELF file that talks to the kernel only
// through the system-call instruction (syscall / svc #0 / ecall, in sys_linux_<arch>.h).
// The kernel starts it at _start (rt0_linux_<arch>.S) with the stack holding
//
//     sp -> argc | argv[0] ... argv[argc-1] | 0 | envp[0] ... | 0 | auxv pairs ... | AT_NULL
//
// and _start passes argc and &argv[0] to rt0_go. The environment follows argv, which is
// how goenvs finds it without being told (Go: goenvs_unix). System calls return -errno
// in [-4095, -1] on failure.
#include "runtime.h"

#if defined(GOARCH_amd64)
#include "sys_linux_amd64.h"
#elif defined(GOARCH_arm64)
#include "sys_linux_arm64.h"
#elif defined(GOARCH_riscv64)
#include "sys_linux_riscv64.h"
#else
#error "os_linux.cpp: no sys_linux_<arch>.h for this GOARCH"
#endif

namespace runtime {

namespace {

constexpr uintptr_t PROT_READ = 0x1;
constexpr uintptr_t PROT_WRITE = 0x2;
constexpr uintptr_t MAP_PRIVATE = 0x02;
constexpr uintptr_t MAP_ANONYMOUS = 0x20;
constexpr intptr_t EINTR = 4;

bool failed(intptr_t r) { return r < 0 && r >= -4095; }

} // namespace

// write1 retries short writes and EINTR. Runs on any thread.
int32_t write1(uintptr_t fd, const void *p, int32_t n) {
  auto *b = static_cast<const uint8_t *>(p);
  int32_t done = 0;
  while (done < n) {
    intptr_t r = sys::syscall6(sys::SYS_write, fd, reinterpret_cast<uintptr_t>(b + done),
                               static_cast<uintptr_t>(n - done), 0, 0, 0);
    if (r == -EINTR) continue;
    if (failed(r) || r == 0) return done > 0 ? done : static_cast<int32_t>(r);
    done += static_cast<int32_t>(r);
  }
  return done;
}

// exit ends every thread of the process (exit_group, not exit). Go: exit. Runs anywhere.
void exit(int32_t code) {
  for (;;)
    sys::syscall6(sys::SYS_exit_group, static_cast<uintptr_t>(code), 0, 0, 0, 0, 0);
}

// sysAlloc maps n bytes of anonymous memory, which the kernel zeroes. Go: sysAlloc.
// Runs on any thread; the caller (the heap) serialises.
void *sysAlloc(uintptr_t n) {
  intptr_t r = sys::syscall6(sys::SYS_mmap, 0, n, PROT_READ | PROT_WRITE,
                             MAP_PRIVATE | MAP_ANONYMOUS, ~uintptr_t(0), 0);
  if (failed(r)) return nullptr;
  return reinterpret_cast<void *>(r);
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
