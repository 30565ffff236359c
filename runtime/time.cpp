// Timers and sleeping; mirrors runtime/time.go.
//
// A timer runs f(arg, seq) at or after `when` (nanotime), then every `period` after that
// if period > 0. Pending timers are kept in a 4-ary min-heap ordered by when, as gc
// keeps each P's (gc: a heap per P; talpa has one heap for the process until the
// scheduler's Ps exist, guarded by timersLock). A timer's index is its position in the
// heap, or -1 when it is not in it.
//
//     addtimer(t)           insert (t not pending)
//     deltimer(t)           remove if pending; reports whether it was
//     timeUntilNextTimer()  ns until the earliest when (0 if due), -1 with none pending
//     checkTimers()         run every due timer: pop it (or move a periodic one to its
//                           next time), call f without the lock held
//
// The scheduler's idle loop asks timeUntilNextTimer how long it may sleep and calls
// checkTimers when it wakes (and on every schedule). timeSleep(ns), the runtime side of
// time.Sleep, parks the goroutine with a timer whose f readies it; the timer is added
// by the park's unlock function, after the goroutine is off its stack, so that it cannot
// fire (and ready the goroutine) before the goroutine has parked. Go: timeSleep,
// resetForSleep, goroutineReady.
//
// The heap array holds pointers to timers that may live in the heap (time.After's,
// later): it is itself a heap object of pointer words, kept alive by the timers global.
#include "malloc.h"

namespace runtime {

namespace {

mutex timersLock;
timer **timers;     // the heap: timers[0] is the earliest
intptr_t ntimers;   // entries in use
intptr_t timersCap; // entries allocated

const uint8_t ptrBits1[] = {0x01};
const talpa::abi::stringStruct ptrName = {reinterpret_cast<const uint8_t *>("unsafe.Pointer"), 14};
// The element type of the heap array: one pointer word.
const _type timerPtrType = {
    8,       8,        0,        0,       8,      8, talpa::abi::kinds::UnsafePointer,
    nullptr, ptrBits1, &ptrName, nullptr, nullptr};

void siftUp(intptr_t i) {
  timer *t = timers[i];
  int64_t when = t->when;
  while (i > 0) {
    intptr_t p = (i - 1) / 4; // parent
    if (when >= timers[p]->when) break;
    timers[i] = timers[p];
    timers[i]->index = i;
    i = p;
  }
  timers[i] = t;
  t->index = i;
}

void siftDown(intptr_t i) {
  timer *t = timers[i];
  int64_t when = t->when;
  for (;;) {
    intptr_t c = i * 4 + 1; // the first of up to four children
    if (c >= ntimers) break;
    intptr_t best = c;
    for (intptr_t k = c + 1; k < c + 4 && k < ntimers; k++)
      if (timers[k]->when < timers[best]->when) best = k;
    if (timers[best]->when >= when) break;
    timers[i] = timers[best];
    timers[i]->index = i;
    i = best;
  }
  timers[i] = t;
  t->index = i;
}

// removeAt takes the timer at heap position i out (timersLock held).
void removeAt(intptr_t i) {
  timer *t = timers[i];
  t->index = -1;
  __atomic_store_n(&ntimers, ntimers - 1, __ATOMIC_RELAXED);
  if (i != ntimers) {
    // The last timer fills the hole, then moves up or down to its place.
    timer *moved = timers[ntimers];
    timers[ntimers] = nullptr;
    timers[i] = moved;
    moved->index = i;
    siftUp(i);
    siftDown(moved->index);
  } else {
    timers[ntimers] = nullptr;
  }
}

// goroutineReady is a sleeping goroutine's timer function. Go: goroutineReady.
void goroutineReady(void *arg, uintptr_t) { goready(static_cast<g *>(arg)); }

// resetForSleep adds the sleeping goroutine's timer once it has parked. Go: resetForSleep.
bool resetForSleep(g *, void *arg) {
  addtimer(static_cast<timer *>(arg));
  return true;
}

} // namespace

void addtimer(timer *t) {
  if (t->index >= 0) throw_("addtimer called with initialized timer");
  if (t->when < 0) t->when = INT64_MAX; // overflow: never
  lock(&timersLock);
  if (ntimers == timersCap) {
    intptr_t ncap = timersCap == 0 ? 16 : timersCap * 2;
    auto **n = static_cast<timer **>(
        mallocgc(static_cast<uintptr_t>(ncap) * sizeof(timer *), &timerPtrType, true));
    for (intptr_t i = 0; i < ntimers; i++)
      n[i] = timers[i];
    timers = n;
    timersCap = ncap;
  }
  timers[ntimers] = t;
  __atomic_store_n(&ntimers, ntimers + 1, __ATOMIC_RELAXED);
  siftUp(ntimers - 1);
  bool first = t->index == 0;
  unlock(&timersLock);
  // The M sleeping until the previous first timer must see this one (h-threads).
  if (first) wakeTimerWaiter();
}

bool deltimer(timer *t) {
  lock(&timersLock);
  bool pending = t->index >= 0;
  if (pending) {
    if (t->index >= ntimers || timers[t->index] != t) throw_("deltimer: timer not in heap");
    removeAt(t->index);
  }
  unlock(&timersLock);
  return pending;
}

int64_t timeUntilNextTimer() {
  lock(&timersLock);
  int64_t d = -1;
  if (ntimers > 0) {
    d = timers[0]->when - nanotime();
    if (d < 0) d = 0;
  }
  unlock(&timersLock);
  return d;
}

void checkTimers() {
  // No timers, no clock: the scheduler calls this on every schedule. ntimers changes
  // under timersLock; a stale zero read here only defers a timer to the next schedule
  // or the idle loop, which asks under the lock.
  if (__atomic_load_n(&ntimers, __ATOMIC_RELAXED) == 0) return;
  int64_t now = nanotime();
  lock(&timersLock);
  while (ntimers > 0 && timers[0]->when <= now) {
    timer *t = timers[0];
    if (t->period > 0) {
      // The next time, skipping the ones missed. Go: runOneTimer.
      int64_t delta = t->when - now;
      t->when += t->period * (1 + -delta / t->period);
      if (t->when < 0) t->when = INT64_MAX;
      siftDown(0);
    } else {
      removeAt(0);
    }
    void (*f)(void *, uintptr_t) = t->f;
    void *arg = t->arg;
    uintptr_t seq = t->seq;
    unlock(&timersLock);
    f(arg, seq);
    lock(&timersLock);
  }
  unlock(&timersLock);
}

void timeSleep(int64_t ns) {
  if (ns <= 0) return;
  g *gp = getg();
  timer t{};
  t.index = -1;
  t.f = goroutineReady;
  t.arg = gp;
  t.when = nanotime() + ns;
  if (t.when < 0) t.when = INT64_MAX; // overflow: sleep forever
  gopark(resetForSleep, &t, waitReason::sleep);
}

extern "C" void TimeSleep(int64_t ns) { timeSleep(ns); }

} // namespace runtime
