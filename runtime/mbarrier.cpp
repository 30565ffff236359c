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
// typ's gcdata, before the copy (gc: bulkBarrierPreWrite).
#include "malloc.h"

namespace runtime {

writeBarrierFlag writeBarrier;

// GCWriteBarrier stores ptr into *slot, shading both the old and the new pointer while
// the collector marks. Go: gcWriteBarrier / wbBufFlush. Runs on any goroutine.
extern "C" void GCWriteBarrier(void *slot, void *ptr) {
  auto *p = static_cast<void **>(slot);
  if (writeBarrier.enabled != 0) {
    shade(reinterpret_cast<uintptr_t>(*p));
    shade(reinterpret_cast<uintptr_t>(ptr));
  }
  *p = ptr;
}

// TypedMemmove copies a value of type typ from src to dst, with the barrier applied to
// dst's pointer words first. Go: typedmemmove + bulkBarrierPreWrite. Runs on any
// goroutine.
extern "C" void TypedMemmove(void *typ, void *dst, void *src) {
  auto *t = static_cast<const _type *>(typ);
  if (dst == src || t->size == 0) return;
  if (writeBarrier.enabled != 0 && t->ptrdata != 0) {
    auto *d = static_cast<void *const *>(dst);
    auto *s = static_cast<void *const *>(src);
    for (uintptr_t w = 0; w < t->ptrdata / 8; w++) {
      if ((t->gcdata[w / 8] >> (w % 8) & 1) == 0) continue;
      shade(reinterpret_cast<uintptr_t>(d[w]));
      shade(reinterpret_cast<uintptr_t>(s[w]));
    }
  }
  __builtin_memmove(dst, src, t->size);
}

} // namespace runtime
