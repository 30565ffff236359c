// The write barrier: the one place pointer stores tell the collector about; mirrors
// runtime/mbarrier.go and the gcWriteBarrier of asm_<arch>.s.
//
// Today the collector stops the world for a whole cycle, so no Go code runs while it
// marks and no store can hide an object from it: the barrier has nothing to do, and
// writeBarrier.enabled stays 0. It exists now so that the compiler routes every pointer
// store into memory that may be in the heap through one place, and the concurrent
// collector can be added without touching the compiler:
//
//     compiled code, for *slot = ptr (slot not known to be on the stack):
//         if runtime.writeBarrier.enabled (one byte load + branch):
//             runtime.gcWriteBarrier(slot, ptr)      // shades, then stores
//         else
//             *slot = ptr
//     for a copy of a value with pointers (struct or array assignment, copy()):
//         runtime.typedmemmove(typ, dst, src)
//
// The barrier the concurrent collector will use is Go's hybrid barrier (Go 1.8, proposal
// 17503):
//
//     writePointer(slot, ptr):
//         shade(*slot)                  // Yuasa: the overwritten pointer stays reachable
//         if current stack is grey:     // Dijkstra: until this goroutine's stack is
//             shade(ptr)                // scanned, the new pointer may only be there
//         *slot = ptr
//
// It lets each goroutine's stack be scanned once, with only that goroutine stopped,
// and never rescanned. The collector sets writeBarrier.enabled while it marks (from the
// first stop-the-world until mark termination); gc shades both pointers unconditionally
// in gcWriteBarrier (it cannot cheaply tell whether the stack is grey), and so will
// talpa. Objects allocated while marking are allocated black (marked at once).
// typedmemmove applies the barrier to every pointer word of the destination, found from
// typ's gcdata, before the copy (gc: bulkBarrierPreWrite); compiled code that copies or
// clears values with pointers calls bulkBarrierPreWrite itself when the flag is set, then
// copies with memmove or clears with memset as usual.
//
// Test mode. GODEBUG=wbcheck=1 sets the flag for the whole run, so that every store the
// compiler barriers takes the slow path here. With the world stopped while marking, no
// barrier call can then be during a mark phase, so the barrier does not shade: it checks
// what it is given (aligned slots, pointer words inside the type's ptrdata) and counts,
// and main prints the counts at exit ("wbcheck: ..."), so a test can see that a program's
// pointer stores went through the barrier and still computed the right results.
#include "malloc.h"

namespace runtime {

writeBarrierFlag writeBarrier;
wbcheckStats wbcheck;

namespace {

// forEachPointer calls fn(word index) for every pointer word of a value of type t.
template <typename F> void forEachPointer(const _type *t, F fn) {
  for (uintptr_t w = 0; w < t->ptrdata / 8; w++)
    if ((t->gcdata[w / 8] >> (w % 8) & 1) != 0) fn(w);
}

// barrierWords applies the barrier to the pointer words of n values of type t at dst
// (their old values) and at src (the new ones; nullptr when clearing).
void barrierWords(const _type *t, void *dst, const void *src, uintptr_t n) {
  auto *d = static_cast<void *const *>(dst);
  auto *s = static_cast<void *const *>(src);
  uintptr_t words = t->size / 8;
  if (debug.wbcheck != 0) {
    if ((reinterpret_cast<uintptr_t>(dst) & 7) != 0) throw_("wbcheck: misaligned bulk barrier");
    wbcheck.bulkBarriers++;
    for (uintptr_t i = 0; i < n; i++)
      forEachPointer(t, [&](uintptr_t) { wbcheck.pointerWords++; });
    return;
  }
  for (uintptr_t i = 0; i < n; i++) {
    forEachPointer(t, [&](uintptr_t w) {
      shade(reinterpret_cast<uintptr_t>(d[i * words + w]));
      if (s != nullptr) shade(reinterpret_cast<uintptr_t>(s[i * words + w]));
    });
  }
}

} // namespace

// GCWriteBarrier stores ptr into *slot, shading both the old and the new pointer while
// the collector marks. Go: gcWriteBarrier / wbBufFlush. Runs on any goroutine.
extern "C" void GCWriteBarrier(void *slot, void *ptr) {
  auto *p = static_cast<void **>(slot);
  if (writeBarrier.enabled != 0) {
    if (debug.wbcheck != 0) {
      if ((reinterpret_cast<uintptr_t>(slot) & 7) != 0) throw_("wbcheck: misaligned pointer slot");
      wbcheck.pointerStores++;
    } else {
      shade(reinterpret_cast<uintptr_t>(*p));
      shade(reinterpret_cast<uintptr_t>(ptr));
    }
  }
  *p = ptr;
}

// TypedMemmove copies a value of type typ from src to dst, with the barrier applied to
// dst's pointer words first. Go: typedmemmove + bulkBarrierPreWrite. Runs on any
// goroutine.
extern "C" void TypedMemmove(void *typ, void *dst, void *src) {
  auto *t = static_cast<const _type *>(typ);
  if (dst == src || t->size == 0) return;
  if (writeBarrier.enabled != 0 && t->ptrdata != 0) barrierWords(t, dst, src, 1);
  __builtin_memmove(dst, src, t->size);
}

// BulkBarrierPreWrite applies the barrier to the pointer words of n values of type typ at
// dst, about to be overwritten by the n values at src (nullptr: about to be cleared). The
// caller then copies or clears; compiled code calls it only while the flag is set. Go:
// bulkBarrierPreWrite, with the pointer words found from typ rather than the heap bitmap.
// Runs on any goroutine.
extern "C" void BulkBarrierPreWrite(void *typ, void *dst, void *src, uintptr_t n) {
  auto *t = static_cast<const _type *>(typ);
  if (writeBarrier.enabled == 0 || t->ptrdata == 0 || n == 0) return;
  barrierWords(t, dst, src, n);
}

// wbcheckReport prints GODEBUG=wbcheck=1's counts on standard error. Runs on the main
// goroutine as main.main returns.
void wbcheckReport() {
  PrintLock();
  printcstr("wbcheck: ");
  printuint64(wbcheck.pointerStores);
  printcstr(" pointer stores, ");
  printuint64(wbcheck.bulkBarriers);
  printcstr(" bulk barriers over ");
  printuint64(wbcheck.pointerWords);
  printcstr(" pointer words\n");
  PrintUnlock();
}

} // namespace runtime
