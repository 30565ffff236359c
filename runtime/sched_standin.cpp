// A stand-in for the scheduler's parking API (runtime.h, "Scheduler stand-in"), for as
// long as the main goroutine is the only one; the scheduler (proc.cpp) replaces this
// file. It implements the contract's gopark/goready/sudog functions for one goroutine:
//
//     gopark:  run unlockf (false: return at once); then, until goready is called for
//              the goroutine, run due timers (time.cpp), waiting for the next one; with
//              no timer pending nothing can ever wake it: gc's deadlock error.
//     goready: marks the goroutine runnable (a timer's callback, or the goroutine
//              itself completing its own operation, which cannot happen with one).
//
// Its definitions are weak, so that the scheduler's strong ones win at link time if both
// are present during the merge.
//
// With one goroutine every channel operation that must wait is therefore a deadlock, as
// gc reports it: "fatal error: all goroutines are asleep - deadlock!", the goroutine's
// header with its wait reason ("goroutine 1 [chan receive]:"), its traceback, exit 2.
#include "malloc.h"

namespace runtime {

namespace {

// The goroutine was readied while parked.
bool readied;

// sudog's pointer words (g_, next, prev, elem, parent, waitlink, waittail, c, alllink),
// so that the collector follows them (elem may point into the heap).
static_assert(sizeof(sudog) == 96 && offsetof(sudog, parent) == 56 && offsetof(sudog, c) == 80);
const uint8_t sudogPtrBits[] = {0x8f, 0x0f};
const talpa::abi::stringStruct sudogName = {reinterpret_cast<const uint8_t *>("runtime.sudog"), 13};
const _type sudogType = {
    sizeof(sudog), sizeof(sudog), 0,          0,       8,      8, talpa::abi::kinds::Struct,
    nullptr,       sudogPtrBits,  &sudogName, nullptr, nullptr};

const char *const waitReasonStrings[] = {
    "",
    "GC assist marking",
    "IO wait",
    "chan receive (nil chan)",
    "chan send (nil chan)",
    "dumping heap",
    "garbage collection",
    "garbage collection scan",
    "panicwait",
    "select",
    "select (no cases)",
    "GC assist wait",
    "GC sweep wait",
    "GC scavenge wait",
    "chan receive",
    "chan send",
    "finalizer wait",
    "force gc (idle)",
    "semacquire",
    "sleep",
    "sync.Cond.Wait",
    "timer goroutine (idle)",
    "trace reader (blocked)",
    "wait for GC cycle",
    "GC worker (idle)",
    "preempted",
    "debug call",
};
static_assert(sizeof(waitReasonStrings) / sizeof(waitReasonStrings[0]) ==
              static_cast<size_t>(waitReason::debugcall) + 1);

// deadlock ends the program as gc's checkdead does when every goroutine waits and no
// timer can wake one. Go: checkdead + the goroutine dump of fatal errors.
[[noreturn]] void deadlock(waitReason reason) {
  printcstr("fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [");
  printcstr(waitReasonString(reason));
  printcstr("]:\n");
  traceback(nullptr);
  exit(2);
}

} // namespace

__attribute__((weak)) const char *waitReasonString(waitReason r) {
  if (r > waitReason::debugcall) return "unknown wait reason";
  return waitReasonStrings[static_cast<size_t>(r)];
}

// sudogs come from the heap, typed, and are reachable while in use from the goroutine's
// waiting list (g0 is a global) or a channel's queue. Go: acquireSudog, releaseSudog
// (which cache them per P).
__attribute__((weak)) sudog *acquireSudog() {
  return static_cast<sudog *>(mallocgc(sizeof(sudog), &sudogType, true));
}

__attribute__((weak)) void releaseSudog(sudog *s) {
  if (s->elem != nullptr) throw_("runtime: sudog with non-nil elem");
  if (s->isSelect) throw_("runtime: sudog with non-false isSelect");
  if (s->next != nullptr) throw_("runtime: sudog with non-nil next");
  if (s->prev != nullptr) throw_("runtime: sudog with non-nil prev");
  if (s->waitlink != nullptr) throw_("runtime: sudog with non-nil waitlink");
  if (s->c != nullptr) throw_("runtime: sudog with non-nil c");
}

__attribute__((weak)) void gopark(bool (*unlockf)(g *gp, void *arg), void *arg, waitReason reason) {
  g *gp = getg();
  readied = false;
  if (unlockf != nullptr && !unlockf(gp, arg)) return;
  while (!readied) {
    int64_t delay = timeUntilNextTimer();
    if (delay < 0) deadlock(reason);
    // The scheduler's idle loop sleeps in the OS here; the stand-in waits on the clock.
    int64_t until = nanotime() + delay;
    while (nanotime() < until) {
    }
    checkTimers();
  }
}

__attribute__((weak)) void goready(g *gp) {
  if (gp != getg()) throw_("goready: no such goroutine");
  readied = true;
}

} // namespace runtime
