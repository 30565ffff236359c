// Raw linux system calls on arm64; mirrors runtime/sys_linux_arm64.s.
//
// The kernel ABI: number in x8, arguments in x0-x5, `svc #0`; the result comes back in
// x0, -errno on failure. Numbers are the asm-generic table's.
#ifndef TALPA_RUNTIME_SYS_LINUX_ARM64_H
#define TALPA_RUNTIME_SYS_LINUX_ARM64_H

#include <stdint.h>

namespace runtime::sys {

constexpr uintptr_t SYS_write = 64;
constexpr uintptr_t SYS_mmap = 222;
constexpr uintptr_t SYS_munmap = 215;
constexpr uintptr_t SYS_exit_group = 94;

inline intptr_t syscall6(uintptr_t num, uintptr_t a1, uintptr_t a2, uintptr_t a3, uintptr_t a4,
                         uintptr_t a5, uintptr_t a6) {
  register uintptr_t x8 __asm__("x8") = num;
  register uintptr_t x0 __asm__("x0") = a1;
  register uintptr_t x1 __asm__("x1") = a2;
  register uintptr_t x2 __asm__("x2") = a3;
  register uintptr_t x3 __asm__("x3") = a4;
  register uintptr_t x4 __asm__("x4") = a5;
  register uintptr_t x5 __asm__("x5") = a6;
  __asm__ volatile("svc #0"
                   : "+r"(x0)
                   : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
                   : "memory");
  return static_cast<intptr_t>(x0);
}

} // namespace runtime::sys

#endif // TALPA_RUNTIME_SYS_LINUX_ARM64_H
