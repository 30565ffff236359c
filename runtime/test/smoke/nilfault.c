// Smoke test of a memory fault, a write through a nil pointer's field (address 0x8): gc's
// nil-dereference panic. What compiled nilfault.go would do; expected: gc's standard error up to
// its traceback, pc values aside, and exit status 2.
#include "rt.h"

void main_init(void) {}

void main_main(void) {
  printlock();
  printstring(S("before"));
  printnl();
  printunlock();
  *(volatile int64_t *)(uintptr_t)0x8 = 1;
}
