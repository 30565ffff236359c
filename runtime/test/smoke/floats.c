// printfloat against gc on many values: what compiled floats.go would call. The values
// come from a xorshift generator (random bit patterns) and from quotients scaled by
// powers of ten, computed with the same IEEE operations as floats.go.
#include "rt.h"

void main_init(void) {}

static uint64_t state = 88172645463325252ull;

static uint64_t next(void) {
  state ^= state << 13;
  state ^= state >> 7;
  state ^= state << 17;
  return state;
}

static double frombits(uint64_t b) {
  union {
    uint64_t u;
    double d;
  } x;
  x.u = b;
  return x.d;
}

void main_main(void) {
  for (int i = 0; i < 300; i++) {
    printlock();
    printfloat(frombits(next()));
    printnl();
    printunlock();
  }
  for (int i = 1; i <= 300; i++) {
    double v = (double)i / 7.0;
    int k = i % 41 - 20;
    for (int j = 0; j < k; j++)
      v *= 10;
    for (int j = 0; j > k; j--)
      v /= 10;
    if (i % 2 == 0) v = -v;
    printlock();
    printfloat(v);
    printnl();
    printunlock();
  }
}
