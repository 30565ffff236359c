// Declarations of the runtime entry points for the hand-written smoke programs, in the
// form compiled Go code reaches them (C calling convention, Go symbols with dots).
#ifndef TALPA_SMOKE_RT_H
#define TALPA_SMOKE_RT_H

#include <stdint.h>

// An asm label bypasses the C symbol prefix ("_" on Mach-O); add it back, as the runtime
// does, so these objects use the names LLVM gives IR globals such as @runtime.printint.
#define STR2(x) #x
#define STR(x) STR2(x)
#define GOSYM(sym) __asm__(STR(__USER_LABEL_PREFIX__) sym)

typedef struct {
  const uint8_t *ptr;
  int64_t len;
} gostring;

void printlock(void) GOSYM("runtime.printlock");
void printunlock(void) GOSYM("runtime.printunlock");
void printstring(const void *p, int64_t n) GOSYM("runtime.printstring");
void printint(int64_t v) GOSYM("runtime.printint");
void printuint(uint64_t v) GOSYM("runtime.printuint");
void printbool(uint8_t v) GOSYM("runtime.printbool");
void printfloat(double v) GOSYM("runtime.printfloat");
void printpointer(void *p) GOSYM("runtime.printpointer");
void printsp(void) GOSYM("runtime.printsp");
void printnl(void) GOSYM("runtime.printnl");
__attribute__((noreturn)) void panicstring(const void *p, int64_t n) GOSYM("runtime.panicstring");
__attribute__((noreturn)) void panicdivide(void) GOSYM("runtime.panicdivide");
void concatstring2(gostring *out, const void *a, int64_t alen, const void *b, int64_t blen)
    GOSYM("runtime.concatstring2");
int64_t cmpstring(const void *a, int64_t alen, const void *b, int64_t blen)
    GOSYM("runtime.cmpstring");
void *mallocgc(uintptr_t size, void *typ, uint8_t needzero) GOSYM("runtime.mallocgc");

// A type descriptor (talpa/abi.h _type) and a slice, as compiled code lays them out.
typedef struct {
  uintptr_t size;
  uintptr_t ptrdata;
  uint32_t hash;
  uint8_t tflag, align, fieldAlign, kind;
  const void *equal;
  const uint8_t *gcdata;
  const void *str, *uncommon, *ptrToThis;
} gotype;
typedef struct {
  void *ptr;
  int64_t len;
  int64_t cap;
} goslice;
void *newobject(const gotype *typ) GOSYM("runtime.newobject");
void growslice(goslice *out, const gotype *et, void *oldptr, int64_t oldlen, int64_t oldcap,
               int64_t cap) GOSYM("runtime.growslice");
void runtimeGC(void) GOSYM("runtime.GC");
// The head of the runtime's statistics (runtime/malloc.h mstats), for checks.
extern struct {
  uint64_t numgc, numforcedgc, peakHeapLive, heapInuse, peakHeapInuse, heapSys;
} runtime_memstats GOSYM("runtime.memstats");

extern int32_t runtime_argc GOSYM("runtime.argc");
extern uint8_t **runtime_argv GOSYM("runtime.argv");
extern int32_t runtime_nenvs GOSYM("runtime.nenvs");
extern uint8_t **runtime_envs GOSYM("runtime.envs");

// The Go functions the runtime calls.
void main_init(void) GOSYM("main..init");
void main_main(void) GOSYM("main.main");

#define S(lit) (const void *)(lit), (int64_t)(sizeof(lit) - 1)

static inline int64_t cstrlen(const uint8_t *s) {
  int64_t n = 0;
  while (s[n] != 0)
    n++;
  return n;
}

#endif
