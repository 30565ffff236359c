// Smoke test of the runtime: what compiled smoke.go would call, written by hand in C.
// Its standard error must equal that of smoke.go built by gc, run with arguments "a b".
#include "rt.h"

static uint8_t initDone;

void main_init(void) { initDone = 1; }

// Keep the optimiser from folding values the Go program computes at run time.
static volatile double vzero = 0.0;

static void pf(double v) { printfloat(v); }

void main_main(void) {
  // println("hello, talpa")
  printlock();
  printstring(S("hello, talpa"));
  printnl();
  printunlock();

  // println(42, -7, 0, math.MinInt64, math.MaxInt64)
  printlock();
  printint(42);
  printsp();
  printint(-7);
  printsp();
  printint(0);
  printsp();
  printint(INT64_MIN);
  printsp();
  printint(INT64_MAX);
  printnl();
  printunlock();

  // println(uint64(math.MaxUint64), uint(0), uint(10))
  printlock();
  printuint(UINT64_MAX);
  printsp();
  printuint(0);
  printsp();
  printuint(10);
  printnl();
  printunlock();

  // println(true, false, initDone)
  printlock();
  printbool(1);
  printsp();
  printbool(0);
  printsp();
  printbool(initDone);
  printnl();
  printunlock();

  // println(floats...)
  double negz = -vzero;
  double fs[] = {1.0,
                 -2.5,
                 0.0,
                 negz,
                 3.141592653589793,
                 1e300,
                 1e-300,
                 5e-324,
                 1.7976931348623157e308,
                 0.1,
                 123456789.0,
                 9.9999999,
                 99999995.0,
                 2.0 / 3.0,
                 1e23,
                 -1e-7};
  int nf = (int)(sizeof fs / sizeof fs[0]);
  printlock();
  for (int i = 0; i < nf; i++) {
    if (i > 0) printsp();
    pf(fs[i]);
  }
  printnl();
  printunlock();

  // println(math.Inf(1), math.Inf(-1), math.NaN())
  double inf = 1.0 / vzero;
  printlock();
  pf(inf);
  printsp();
  pf(-inf);
  printsp();
  pf(vzero / vzero);
  printnl();
  printunlock();

  // println(unsafe.Pointer(nil), unsafe.Pointer(uintptr(0xdeadbeef)))
  printlock();
  printpointer(0);
  printsp();
  printpointer((void *)(uintptr_t)0xdeadbeef);
  printnl();
  printunlock();

  // u := s + t; println(u, len(u))
  gostring u, e;
  concatstring2(&u, S("foo"), S("bar"));
  printlock();
  printstring(u.ptr, u.len);
  printsp();
  printint(u.len);
  printnl();
  printunlock();
  // e := empty + empty; println(len(e), "["+e+"]")
  concatstring2(&e, "", 0, 0, 0);
  gostring br1, br2;
  concatstring2(&br1, S("["), e.ptr, e.len);
  concatstring2(&br2, br1.ptr, br1.len, S("]"));
  printlock();
  printint(e.len);
  printsp();
  printstring(br2.ptr, br2.len);
  printnl();
  printunlock();

  // println("abc" < "abd", "ab" < "abc", "b" > "abc", s == s, "" < "a", "\xff" > "a")
  printlock();
  printbool(cmpstring(S("abc"), S("abd")) < 0);
  printsp();
  printbool(cmpstring(S("ab"), S("abc")) < 0);
  printsp();
  printbool(cmpstring(S("b"), S("abc")) > 0);
  printsp();
  printbool(cmpstring(S("foo"), S("foo")) == 0);
  printsp();
  printbool(cmpstring("", 0, S("a")) < 0);
  printsp();
  printbool(cmpstring(S("\xff"), S("a")) > 0);
  printnl();
  printunlock();

  // print("no", "spaces", 1, 2, "\n")
  printlock();
  printstring(S("no"));
  printstring(S("spaces"));
  printint(1);
  printint(2);
  printstring(S("\n"));
  printunlock();

  // Allocation: many objects, zeroed, aligned, distinct; then one larger than an arena.
  // Alignment as gc gives it: a Go type's size is a multiple of its alignment (at most
  // 8), so an object is aligned to the largest power of two up to 8 dividing its size
  // (tiny objects share 16-byte blocks at exactly that alignment).
  int ok = 1;
  uint8_t *prev = 0;
  for (int i = 0; i < 100000; i++) {
    uintptr_t size = (uintptr_t)(i % 200);
    uint8_t *p = (uint8_t *)mallocgc(size, 0, 1);
    uintptr_t align = size % 8 == 0 ? 8 : size % 4 == 0 ? 4 : size % 2 == 0 ? 2 : 1;
    if (((uintptr_t)p & (align - 1)) != 0) ok = 0;
    for (uintptr_t j = 0; j < size; j++) {
      if (p[j] != 0) ok = 0;
      p[j] = 0xAA;
    }
    if (size > 0 && p == prev) ok = 0;
    if (size > 0) prev = p;
  }
  uintptr_t big = (uintptr_t)100 << 20;
  uint8_t *b = (uint8_t *)mallocgc(big, 0, 1);
  if (b[0] != 0 || b[big - 1] != 0) ok = 0;
  b[big - 1] = 1;
  printlock();
  printstring(S("malloc ok "));
  printbool((uint8_t)ok);
  printnl();
  printunlock();

  // println(len(os.Args)-1, os.Args[1:]...)
  printlock();
  printint(runtime_argc - 1);
  for (int i = 1; i < runtime_argc; i++) {
    printsp();
    printstring(runtime_argv[i], cstrlen(runtime_argv[i]));
  }
  printnl();
  printunlock();

  // println(len(os.Environ()) > 0)
  printlock();
  printbool(runtime_nenvs > 0 && runtime_envs[runtime_nenvs] == 0);
  printnl();
  printunlock();
}
