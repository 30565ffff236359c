// Runtime locks and one-shot notifications; mirrors runtime/lock_futex.go.
//
// A mutex's key is 0 (unlocked), 1 (locked) or 2 (locked, and a thread may be asleep
// waiting for it). lock takes it with an exchange; under contention it spins a little
// (several CPUs: the holder is likely running and about to release), yields the CPU
// once, then marks the key 2 and sleeps in the kernel until an unlock of a key 2 wakes
// one sleeper. A woken thread retakes the lock as 2, since others may still sleep.
//
// A note is a one-time event: noteclear, then any number of notesleep (one thread) and
// exactly one notewakeup. Key 0: not yet; 1: woken.
//
// The sleeping is the OS layer's: futexsleep(addr, val, ns) sleeps while *addr == val
// (at most ns nanoseconds, forever if ns < 0; it may return early), futexwakeup(addr, n)
// wakes up to n sleepers, osyield gives up the CPU. Linux has futexes; windows and darwin
// poll until their threads get wait objects (docs/runtime/proc.md).
#include "runtime.h"

namespace runtime {

namespace {

constexpr uint32_t unlocked = 0, locked = 1, sleeping = 2;
constexpr int activespin = 4, activespincount = 30;

void procyield(int n) {
  for (int i = 0; i < n; i++) {
#if defined(__x86_64__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ volatile("yield" ::: "memory");
#else
    __asm__ volatile("" ::: "memory");
#endif
  }
}

uint32_t load(const uint32_t *p) { return __atomic_load_n(p, __ATOMIC_RELAXED); }

// One attempt per round at a key seen free, leaving it as want.
bool tryacquire(mutex *l, uint32_t want) {
  while (load(&l->key) == unlocked) {
    uint32_t expected = unlocked;
    if (__atomic_compare_exchange_n(&l->key, &expected, want, false, __ATOMIC_ACQUIRE,
                                    __ATOMIC_RELAXED))
      return true;
  }
  return false;
}

} // namespace

void lock(mutex *l) {
  lockacquired();
  uint32_t v = __atomic_exchange_n(&l->key, locked, __ATOMIC_ACQUIRE);
  if (v == unlocked) return;
  // v is what the key held: keep it (a sleeping mark must not be lost).
  uint32_t want = v;
  int spin = ncpu > 1 ? activespin : 0;
  for (;;) {
    for (int i = 0; i < spin; i++) {
      if (tryacquire(l, want)) return;
      procyield(activespincount);
    }
    if (tryacquire(l, want)) return;
    osyield();
    v = __atomic_exchange_n(&l->key, sleeping, __ATOMIC_ACQUIRE);
    if (v == unlocked) return;
    want = sleeping;
    futexsleep(&l->key, sleeping, -1);
  }
}

void unlock(mutex *l) {
  uint32_t v = __atomic_exchange_n(&l->key, unlocked, __ATOMIC_RELEASE);
  if (v == unlocked) throw_("unlock of unlocked lock");
  if (v == sleeping) futexwakeup(&l->key, 1);
  lockreleased();
}

void noteclear(note *n) { __atomic_store_n(&n->key, 0, __ATOMIC_RELAXED); }

void notewakeup(note *n) {
  uint32_t old = __atomic_exchange_n(&n->key, 1, __ATOMIC_RELEASE);
  if (old != 0) throw_("notewakeup - double wakeup");
  futexwakeup(&n->key, 1);
}

void notesleep(note *n) {
  while (__atomic_load_n(&n->key, __ATOMIC_ACQUIRE) == 0)
    futexsleep(&n->key, 0, -1);
}

bool notetsleep(note *n, int64_t ns) {
  if (ns < 0) {
    notesleep(n);
    return true;
  }
  int64_t deadline = nanotime() + ns;
  while (__atomic_load_n(&n->key, __ATOMIC_ACQUIRE) == 0) {
    int64_t left = deadline - nanotime();
    if (left <= 0) return false;
    futexsleep(&n->key, 0, left);
  }
  return true;
}

} // namespace runtime
