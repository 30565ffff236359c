// The main goroutine's stack; mirrors the stack allocation of runtime/stack.go and the
// stack switch of mstart / gogo in asm_<arch>.s.
//
// gc runs every goroutine on a small stack that the function prologues grow by copying,
// up to maxstacksize (1e9 bytes on 64-bit systems); a goroutine needing more dies with
// "goroutine stack exceeds 1000000000-byte limit". talpa cannot copy stacks yet (that
// needs stack maps, DESIGN.md section 4), so the main goroutine gets the whole limit at
// once instead of the 8 MiB (linux rlimit, darwin) or 1 MiB (windows) stack the OS gave
// the main thread: gc programs that recurse deeply then run under talpa too, and
// running out of it is reported with gc's number, which is the real one.
//
//     hi  ->  +------------------------+   initial sp (16-byte aligned)
//             | maxstacksize bytes      |   read-write, committed by the OS page by page
//     lo  ->  +------------------------+   as it is touched (MAP_NORESERVE)
//             | stackguardsize bytes    |   inaccessible: a touch is a stack overflow
//             +------------------------+   (sigpanic, signal.cpp)
//
// Costs: address space only (1 GB + 16 MB of 128 TB); the kernel commits pages as the
// stack grows and never gives them back, which is what the OS stack did too.
// On unix startmain maps this with sysReserve / sysFault and switches sp to hi with a
// few instructions of inline assembly; on windows the OS builds the same layout for a
// thread created with that stack reservation (os_windows.cpp), since windows tracks a
// thread's stack in its TEB and handles exceptions only on the thread's own stack.
#include "runtime.h"

namespace runtime {

stack mainstack;

#if !defined(GOOS_windows)

namespace {

// switchto sets sp to sp, clears the frame pointer (so frame-pointer walks stop here, as
// at _start) and calls fn, which does not return. Runs once, on the main thread.
[[noreturn]] void switchto(uintptr_t sp, void (*fn)()) {
#if defined(GOARCH_amd64)
  __asm__ volatile("movq %0, %%rsp\n\t"
                   "xorl %%ebp, %%ebp\n\t"
                   "callq *%1\n\t"
                   "ud2"
                   :
                   : "r"(sp), "r"(fn)
                   : "memory");
#elif defined(GOARCH_arm64)
  __asm__ volatile("mov sp, %0\n\t"
                   "mov x29, xzr\n\t"
                   "blr %1\n\t"
                   "brk #0"
                   :
                   : "r"(sp), "r"(fn)
                   : "memory");
#elif defined(GOARCH_riscv64)
  __asm__ volatile("mv sp, %0\n\t"
                   "li s0, 0\n\t"
                   "jalr %1\n\t"
                   "unimp"
                   :
                   : "r"(sp), "r"(fn)
                   : "memory");
#else
#error "stack.cpp: no gogo for this GOARCH"
#endif
  __builtin_unreachable();
}

} // namespace

// If the reservation fails (a strict overcommit policy may refuse it), the program runs
// on the OS's stack, where an overflow is reported as an unexpected fault. Runs once, on
// the main thread, on the OS's stack.
void startmain(void (*fn)()) {
  constexpr uintptr_t align = 64 << 10; // covers 4 KiB, 16 KiB and 64 KiB pages
  constexpr uintptr_t size = (maxstacksize + align - 1) & ~(align - 1);
  auto *base = static_cast<uint8_t *>(sysReserve(stackguardsize + size));
  if (base == nullptr) {
    fn();
    exit(0); // not reached: fn does not return
  }
  sysFault(base, stackguardsize);
  mainstack.lo = reinterpret_cast<uintptr_t>(base) + stackguardsize;
  mainstack.hi = mainstack.lo + size;
  switchto(mainstack.hi, fn);
}

#endif // !GOOS_windows

// ---- Goroutine stacks ----
//
// Programs built without stack checks (-gcflags=-stackcheck=0) only; with them goroutines
// run on segments (morestack.cpp). Every goroutine but the main one gets
// goroutinestacksize bytes, carved from reservations of stackspanchunks chunks; unix
// puts an inaccessible guard of goroutineguardsize below each stack (one mprotect when
// the chunk is first carved), so running off a stack faults (sigpanic reports a stack
// overflow) instead of corrupting its neighbour. Pages are committed by the OS as they are touched;
// a freed stack goes to a free list with its pages (a goroutine made later reuses them). Windows
// commits each stack's pages up front (no guard).
//
//     chunk:  [ guard (unix) | stack: lo ... hi ]
//
// Costs per goroutine: goroutineguardsize + goroutinestacksize of address space, the
// touched pages of memory; two memory mappings on linux per chunk, whose count the kernel
// limits (vm.max_map_count, 65530 by default): past maxguards chunks no guard is made.

const uintptr_t goroutinestacksize = 256 << 10;
#if defined(GOOS_windows)
const uintptr_t goroutineguardsize = 0;
#else
const uintptr_t goroutineguardsize = 16 << 10;
#endif

namespace {

constexpr uintptr_t stackspanchunks = 64;
#if !defined(GOOS_windows)
constexpr uintptr_t maxguards = 16384;
uintptr_t guardsmade;
#endif

uintptr_t freestacks; // a free stack's lo, its first word the next one's
// The next chunk of the current reservation and how many are left. A count, not the
// end address: the collector scans globals conservatively, and a reservation's end may
// be the first address of a heap arena, keeping its first object alive (malloc.h's rule).
uintptr_t carvenext;
uintptr_t carveleft;

} // namespace

stack stackalloc(uintptr_t n) {
  if (n > goroutinestacksize) throw_("stackalloc: stack too large");
  if (freestacks != 0) {
    uintptr_t lo = freestacks;
    freestacks = *reinterpret_cast<uintptr_t *>(lo);
    *reinterpret_cast<uintptr_t *>(lo) = 0;
    return {lo, lo + goroutinestacksize};
  }
  constexpr uintptr_t chunk = goroutineguardsize + goroutinestacksize;
  if (carveleft == 0) {
#if defined(GOOS_windows)
    void *p = sysReserveAligned(chunk * stackspanchunks, 64 << 10);
    if (p != nullptr && !sysMap(p, chunk * stackspanchunks)) p = nullptr;
#else
    void *p = sysReserve(chunk * stackspanchunks);
#endif
    if (p == nullptr) throw_("runtime: cannot allocate memory for a goroutine stack");
    carvenext = reinterpret_cast<uintptr_t>(p);
    carveleft = stackspanchunks;
  }
  uintptr_t base = carvenext;
  carveleft--;
  carvenext = carveleft == 0 ? 0 : carvenext + chunk;
#if !defined(GOOS_windows)
  if (guardsmade < maxguards) {
    sysFault(reinterpret_cast<void *>(base), goroutineguardsize);
    guardsmade++;
  }
#endif
  uintptr_t lo = base + goroutineguardsize;
  return {lo, lo + goroutinestacksize};
}

void stackfree(stack s) {
  *reinterpret_cast<uintptr_t *>(s.lo) = freestacks;
  freestacks = s.lo;
}

} // namespace runtime
