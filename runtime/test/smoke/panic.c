// Smoke test of an unrecovered panic: what compiled panic.go would call. Expected: the
// same standard error as gc up to its traceback, and exit status 2.
#include "rt.h"

void main_init(void) {}

void main_main(void) {
  printlock();
  printstring(S("before"));
  printnl();
  printunlock();
  gostring m;
  concatstring2(&m, S("something "), S("went wrong"));
  panicstring(m.ptr, m.len);
}
