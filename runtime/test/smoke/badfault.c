// Smoke test of a memory fault, a write to an unmapped non-nil address: gc's "unexpected fault
// address" fatal error. What compiled badfault.go would do; expected: gc's standard error up to its
// traceback, pc values aside, and exit status 2.
#include "rt.h"

void main_init(void) {}

void main_main(void) {
  printlock();
  printstring(S("before"));
  printnl();
  printunlock();
  *(volatile int64_t *)(uintptr_t)0xdead0000 = 1;
}
