// Memory allocation for Go values; mirrors runtime/malloc.go (mallocgc).
//
// PLACEHOLDER. This is a bump allocator with no garbage collector: memory is never freed
// or reused. It exists so that compiled Go code can allocate (string concatenation,
// escaping variables) while the real allocator is written. Programs that allocate
// without bound will run out of memory; short programs and tests are fine.
//
// Structure: one current chunk [cur, end) of at least chunkSize (64 MiB, the size of a
// gc heapArena) obtained from the OS layer's sysAlloc (mmap on linux by raw system call,
// VirtualAlloc on windows, libSystem's mmap on darwin). An allocation rounds the
// request up to its alignment and moves cur forward; when the chunk cannot hold it, a
// fresh chunk is taken and the tail of the old one is abandoned:
//
//     mallocgc(size):
//         if size == 0: return &zerobase
//         align = 16 if size >= 16 else 8
//         p = roundup(cur, align)
//         if p + size > end: chunk = sysAlloc(max(chunkSize, roundup(size, chunkSize)))
//                            cur, end = chunk, chunk + that size; p = cur
//         cur = p + size; return p
//
// Invariants: memory from sysAlloc is zeroed and no byte is handed out twice, so every
// allocation is already zeroed and needzero needs no work. Alignment is 8 bytes, 16 for
// objects of 16 bytes or more (what gc's size classes give, and enough for any Go type
// on our 64-bit targets).
//
// The design this gives way to (DESIGN.md section 4): 64 MiB heapArenas, 8 KiB pages,
// mspans in ~68 size classes, mcentral per span class with scan/noscan apart, an mcache
// per P, large objects from mheap, and the type descriptor's pointer bitmap (ignored
// here) driving precise marking.
#include "runtime.h"

namespace runtime {

namespace {

constexpr uintptr_t chunkSize = uintptr_t(64) << 20;

// The current chunk. Single-threaded: no lock until there are Ms.
uintptr_t cur;
uintptr_t end;

// zerobase is the address of every 0-byte allocation, as in gc.
uint64_t zerobase;

constexpr uintptr_t roundup(uintptr_t n, uintptr_t a) { return (n + a - 1) & ~(a - 1); }

} // namespace

// mallocgc allocates size bytes of zeroed memory for a value of type typ (nullptr until
// the compiler emits descriptors). Runs on any goroutine; not reentrant.
void *mallocgc(uintptr_t size, const talpa::abi::_type *typ, bool needzero) {
  (void)typ;      // for the GC's pointer bitmaps, later
  (void)needzero; // bump memory is always fresh, see the file comment
  if (size == 0) return &zerobase;
  uintptr_t align = size >= 16 ? 16 : 8;
  uintptr_t p = roundup(cur, align);
  if (cur == 0 || size > end - p) {
    if (size > ~uintptr_t(0) - chunkSize) fatal("out of memory");
    uintptr_t n = size > chunkSize ? roundup(size, chunkSize) : chunkSize;
    void *chunk = sysAlloc(n);
    if (chunk == nullptr) fatal("out of memory");
    p = reinterpret_cast<uintptr_t>(chunk);
    end = p + n;
  }
  cur = p + size;
  return reinterpret_cast<void *>(p);
}

// MallocGC is the compiler's entry to mallocgc.
extern "C" void *MallocGC(uintptr_t size, void *typ, uint8_t needzero) {
  return mallocgc(size, static_cast<const talpa::abi::_type *>(typ), needzero != 0);
}

} // namespace runtime
