// Smoke test of the division check: what compiled divide.go would call. Expected: the
// same standard error as gc up to its traceback, and exit status 2.
#include "rt.h"

static volatile int64_t zero;

void main_init(void) {}

void main_main(void) {
  int64_t d = zero;
  if (d == 0) panicdivide();
  printint(10 / d);
}
