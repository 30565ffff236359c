// Segmented goroutine stacks; mirrors morestack (asm_<arch>.s) and newstack, stackalloc,
// stackfree in runtime/stack.go, for code compiled with stack checks. See
// docs/runtime/stack.md.
#include "runtime.h"

namespace runtime {

// ---- Stack segments ----
//
// With stack checks (the compiler's StackCheck pass; docs/runtime/stack.md) a goroutine's
// stack is a chain of segments. Compiled prologues compare sp with g.stackguard0, which is
// stackRedZone bytes above the current segment's lo; below it, a function calls
// runtime.morestack(thunk, pack, framesize), which takes a segment of at least
// framesize + stackRedZone bytes, switches sp to its top, runs thunk(pack) (the function
// again, now with room) and switches back, keeping the segment as the g's spare.
//
//     block:  lo                                      hi    header
//             +---------------------------------------+-----------+
//             | red zone | frames grow down <-- sp     | stackseg  |
//             +---------------------------------------+-----------+
//
// The header records the stack the segment grew from (its bounds, stackguard0 and the sp
// at the switch), which is where the goroutine continues when the thunk returns, where the
// collector scans the older segment from, and what a recovered panic resuming an older
// frame goes back to.

extern "C" __attribute__((weak)) const uint8_t talpa_stackchecks = 0;

bool stackchecks() { return talpa_stackchecks != 0; }

struct stackseg {
  stackseg *prev;     // the segment grown from (nullptr: the first stack)
  uintptr_t size;     // bytes of the whole block, header included
  stack old;          // the bounds of the stack grown from
  uintptr_t oldguard; // its stackguard0
  uintptr_t oldsp;    // sp there when the segment was entered
};
static_assert(sizeof(stackseg) % 16 == 0);

namespace {

// Blocks up to stackCacheMax bytes come in power-of-two sizes from free lists filled from
// stackChunk-byte chunks of OS memory; larger ones straight from the OS and back to it.
constexpr uintptr_t stackMinBlock = 2048;
constexpr uintptr_t stackCacheMax = 64 << 10;
constexpr uintptr_t stackChunk = 256 << 10;
constexpr int stackClasses = 6; // 2, 4, 8, 16, 32, 64 KiB
// Segments after the first grow geometrically up to this size (fewer switches in deep
// recursion), or to what the frame asks.
constexpr uintptr_t stackSegMax = 1 << 20;

struct freeblock {
  freeblock *next;
};
freeblock *stackfree[stackClasses];
volatile uint32_t stacklock_;

void stacklock() {
  while (__atomic_exchange_n(&stacklock_, 1, __ATOMIC_ACQUIRE) != 0) {
  }
}
void stackunlock() { __atomic_store_n(&stacklock_, 0, __ATOMIC_RELEASE); }

int stackclass(uintptr_t n) {
  int c = 0;
  for (uintptr_t s = stackMinBlock; s < n; s <<= 1)
    ++c;
  return c;
}

// stackblock returns n bytes (a power of two >= stackMinBlock) or nullptr.
void *stackblock(uintptr_t n) {
  if (n > stackCacheMax) return sysAlloc(n);
  int c = stackclass(n);
  stacklock();
  freeblock *b = stackfree[c];
  if (b == nullptr) {
    auto *chunk = static_cast<uint8_t *>(sysAlloc(stackChunk));
    if (chunk == nullptr) {
      stackunlock();
      return nullptr;
    }
    for (uintptr_t off = stackChunk; off >= n; off -= n) {
      auto *f = reinterpret_cast<freeblock *>(chunk + off - n);
      f->next = b;
      b = f;
    }
  }
  stackfree[c] = b->next;
  stackunlock();
  return b;
}

void stackblockfree(void *p, uintptr_t n) {
  if (n > stackCacheMax) {
    sysFree(p, n);
    return;
  }
  int c = stackclass(n);
  stacklock();
  auto *f = static_cast<freeblock *>(p);
  f->next = stackfree[c];
  stackfree[c] = f;
  stackunlock();
}

stackseg *seghead(void *block, uintptr_t size) {
  return reinterpret_cast<stackseg *>(static_cast<uint8_t *>(block) + size - sizeof(stackseg));
}
uintptr_t seglo(stackseg *s) { return reinterpret_cast<uintptr_t>(s) + sizeof(stackseg) - s->size; }

// Prints newstack's report and exits. Go: newstack's "goroutine stack exceeds" + throw.
[[noreturn]] void stackoverflow(g *gp, uintptr_t sp) {
  printcstr("runtime: goroutine stack exceeds ");
  printuint64(maxstacksize);
  printcstr("-byte limit\n");
  printcstr("runtime: sp=");
  printhex(sp);
  printcstr(" stack=[");
  printhex(gp->stack.lo);
  printcstr(", ");
  printhex(gp->stack.hi);
  printcstr("]\n");
  printcstr("fatal error: stack overflow\n");
  exit(2);
}

// newseg returns a segment of at least need bytes for gp, its spare if big enough.
stackseg *newseg(g *gp, uintptr_t need, uintptr_t sp) {
  uintptr_t cur = gp->seg != nullptr ? gp->seg->size : gp->stack.hi - gp->stack.lo;
  uintptr_t size = stackMinBlock;
  while (size < need || (size < 2 * cur && size < stackSegMax))
    size <<= 1;
  stackseg *s = gp->spareseg;
  if (s != nullptr && s->size >= need) {
    gp->spareseg = nullptr;
    size = s->size;
  } else {
    s = nullptr;
  }
  if (gp->stackbytes + size > maxstacksize) stackoverflow(gp, sp);
  if (s == nullptr) {
    void *b = stackblock(size);
    if (b == nullptr) throw_("out of memory allocating stack");
    s = seghead(b, size);
    s->size = size;
  }
  gp->stackbytes += size;
  return s;
}

void freeseg(g *gp, stackseg *s) {
  gp->stackbytes -= s->size;
  stackseg *keep = s, *drop = gp->spareseg;
  if (drop != nullptr && drop->size > keep->size) {
    keep = drop;
    drop = s;
  }
  gp->spareseg = keep;
  if (drop != nullptr) stackblockfree(reinterpret_cast<void *>(seglo(drop)), drop->size);
}

} // namespace

uintptr_t stackguardof(g *gp) {
  bool big = gp->seg == nullptr && gp->goid == 1; // the main goroutine's one stack
  return gp->stack.lo + (big ? mainstackRedZone : stackRedZone);
}

void stackinit(g *gp, uintptr_t size) {
  void *b = stackblock(size);
  if (b == nullptr) throw_("out of memory allocating stack");
  gp->stack.lo = reinterpret_cast<uintptr_t>(b);
  gp->stack.hi = gp->stack.lo + size;
  gp->stackguard0 = gp->stack.lo + stackRedZone;
  gp->stackbytes = size;
  gp->seg = nullptr;
  gp->spareseg = nullptr;
  gp->deadseg = nullptr;
}

void stackrelease(g *gp) {
  stack first = gp->stack;
  for (stackseg *s = gp->seg; s != nullptr;) {
    stackseg *prev = s->prev;
    first = s->old;
    stackblockfree(reinterpret_cast<void *>(seglo(s)), s->size);
    s = prev;
  }
  if (gp->spareseg != nullptr)
    stackblockfree(reinterpret_cast<void *>(seglo(gp->spareseg)), gp->spareseg->size);
  for (stackseg *s = gp->deadseg; s != nullptr;) {
    stackseg *prev = s->prev;
    stackblockfree(reinterpret_cast<void *>(seglo(s)), s->size);
    s = prev;
  }
  if (first.hi != 0) stackblockfree(reinterpret_cast<void *>(first.lo), first.hi - first.lo);
  gp->stack = {0, 0};
  gp->stackguard0 = 0;
  gp->seg = gp->spareseg = gp->deadseg = nullptr;
  gp->stackbytes = 0;
}

void stackfreeextra(g *gp) {
  stack first = gp->stack;
  uintptr_t firstguard = gp->stackguard0;
  uintptr_t freed = 0;
  for (stackseg *s = gp->seg; s != nullptr;) {
    stackseg *prev = s->prev;
    first = s->old;
    firstguard = s->oldguard;
    freed += s->size;
    stackblockfree(reinterpret_cast<void *>(seglo(s)), s->size);
    s = prev;
  }
  for (stackseg *s = gp->deadseg; s != nullptr;) {
    stackseg *prev = s->prev;
    stackblockfree(reinterpret_cast<void *>(seglo(s)), s->size);
    s = prev;
  }
  if (gp->spareseg != nullptr)
    stackblockfree(reinterpret_cast<void *>(seglo(gp->spareseg)), gp->spareseg->size);
  gp->stack = first;
  gp->stackguard0 =
      firstguard == talpa::abi::stackguard::stackPreempt ? stackguardof(gp) : firstguard;
  gp->stackbytes -= freed;
  gp->seg = gp->spareseg = gp->deadseg = nullptr;
}

// stackswitch(fn, arg, sp) calls fn(arg) with the stack pointer at sp and returns on the
// old stack; its frame record links the new segment's frames to the old ones, and its
// return address after the call (runtime.stackswitchret) marks the seam for tracebacks.
// stackswitch2 is the same for withstack (a different seam: no Go frame grew there).
extern "C" void stackswitch(void *fn, void *arg, uintptr_t sp) GOSYM("runtime.stackswitch");
extern "C" void stackswitch2(void *fn, void *arg, uintptr_t sp) GOSYM("runtime.stackswitch2");

#define SWSYM(s) TALPA_STR(__USER_LABEL_PREFIX__) s
// The routine's entry and its return label, then per arch the body (one instruction per
// line). clang-format would wrap the strings mid-instruction.
// clang-format off
#define SWHEAD(name, align) ".text\n.p2align " align "\n.globl " SWSYM(name) "\n"
#define SWRET(ret) ".globl " SWSYM(ret) "\n" SWSYM(ret) ":\n"
#if defined(__x86_64__) && !defined(_WIN32)
#define STACKSWITCH(name, ret)                                                              \
  SWHEAD(name, "4") SWSYM(name) ":\n"                                                       \
  "pushq %rbp\n"                                                                            \
  "movq %rsp, %rbp\n"                                                                       \
  "movq %rdx, %rsp\n"                                                                       \
  "movq %rdi, %rax\n"                                                                       \
  "movq %rsi, %rdi\n"                                                                       \
  "callq *%rax\n"                                                                           \
  SWRET(ret)                                                                                \
  "movq %rbp, %rsp\n"                                                                       \
  "popq %rbp\n"                                                                             \
  "retq\n"
#elif defined(__x86_64__) && defined(_WIN32)
// Win64: the frame is described to the OS unwinder (rbp is the frame register), and the
// callee gets its 32 bytes of home space.
#define STACKSWITCH(name, ret)                                                              \
  SWHEAD(name, "4") ".def " SWSYM(name) ";.scl 2;.type 32;.endef\n"                        \
  SWSYM(name) ":\n"                                                                         \
  ".seh_proc " SWSYM(name) "\n"                                                             \
  "pushq %rbp\n"                                                                            \
  ".seh_pushreg %rbp\n"                                                                     \
  "movq %rsp, %rbp\n"                                                                       \
  ".seh_setframe %rbp, 0\n"                                                                 \
  ".seh_endprologue\n"                                                                      \
  "movq %r8, %rsp\n"                                                                        \
  "subq $32, %rsp\n"                                                                        \
  "movq %rcx, %rax\n"                                                                       \
  "movq %rdx, %rcx\n"                                                                       \
  "callq *%rax\n"                                                                           \
  SWRET(ret)                                                                                \
  "nop\n"                                                                                   \
  "movq %rbp, %rsp\n"                                                                       \
  "popq %rbp\n"                                                                             \
  "retq\n"                                                                                  \
  ".seh_endproc\n"
#elif defined(__aarch64__)
#define STACKSWITCH(name, ret)                                                              \
  SWHEAD(name, "2") SWSYM(name) ":\n"                                                       \
  "stp x29, x30, [sp, #-16]!\n"                                                             \
  "mov x29, sp\n"                                                                           \
  "mov sp, x2\n"                                                                            \
  "mov x9, x0\n"                                                                            \
  "mov x0, x1\n"                                                                            \
  "blr x9\n"                                                                                \
  SWRET(ret)                                                                                \
  "mov sp, x29\n"                                                                           \
  "ldp x29, x30, [sp], #16\n"                                                               \
  "ret\n"
#elif defined(__riscv)
#define STACKSWITCH(name, ret)                                                              \
  SWHEAD(name, "2") SWSYM(name) ":\n"                                                       \
  "addi sp, sp, -16\n"                                                                      \
  "sd ra, 8(sp)\n"                                                                          \
  "sd s0, 0(sp)\n"                                                                          \
  "addi s0, sp, 16\n"                                                                       \
  "mv sp, a2\n"                                                                             \
  "mv t0, a0\n"                                                                             \
  "mv a0, a1\n"                                                                             \
  "jalr t0\n"                                                                               \
  SWRET(ret)                                                                                \
  "addi sp, s0, -16\n"                                                                      \
  "ld ra, 8(sp)\n"                                                                          \
  "ld s0, 0(sp)\n"                                                                          \
  "addi sp, sp, 16\n"                                                                       \
  "ret\n"
#else
#error "morestack.cpp: no stackswitch for this GOARCH"
#endif
// clang-format on
__asm__(STACKSWITCH("runtime.stackswitch", "runtime.stackswitchret"));
__asm__(STACKSWITCH("runtime.stackswitch2", "runtime.stackswitchret2"));

namespace {

// grow runs fn(arg) on a new segment of at least need bytes. switcher: stackswitch or
// stackswitch2. Runs on gp, with sp in the red zone of its current segment.
// spbelow returns an address below its caller's whole frame (the callee-saved registers
// the caller saved included).
__attribute__((noinline)) uintptr_t spbelow() {
  return reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
}

// oldsp is taken below grow's frame: grow saves callee-saved registers that may hold the
// only copy of a caller's pointer, and the collector scans the old segment from oldsp.
__attribute__((noinline)) void
grow(g *gp, uintptr_t need, void (*switcher)(void *, void *, uintptr_t), void *fn, void *arg) {
  uintptr_t sp = spbelow();
  while (gp->deadseg != nullptr) {
    stackseg *d = gp->deadseg;
    gp->deadseg = d->prev;
    stackblockfree(reinterpret_cast<void *>(seglo(d)), d->size);
  }
  stackseg *s = newseg(gp, need, sp);
  s->prev = gp->seg;
  s->old = gp->stack;
  s->oldguard = gp->stackguard0;
  s->oldsp = sp;
  gp->seg = s;
  gp->stack.lo = seglo(s);
  gp->stack.hi = reinterpret_cast<uintptr_t>(s);
  gp->stackguard0 = gp->stack.lo + stackRedZone;
  switcher(fn, arg, gp->stack.hi);
  // gp->seg is s again: segments above were popped by their own grow (or stackunwindto).
  // A preemption request made meanwhile stays.
  bool preempt = gp->stackguard0 == talpa::abi::stackguard::stackPreempt;
  gp->seg = s->prev;
  gp->stack = s->old;
  gp->stackguard0 = preempt ? talpa::abi::stackguard::stackPreempt : s->oldguard;
  freeseg(gp, s);
}

} // namespace

// MoreStack runs thunk(pack) (the function whose check failed, again) with room for
// framesize bytes plus the red zone. Runs on the goroutine, in the red zone of its segment.
// Go: morestack + newstack.
extern "C" Bool MoreStack(void *thunk, void *pack, uintptr_t framesize) {
  g *gp = getg();
  if (gp->stackguard0 == talpa::abi::stackguard::stackPreempt) {
    // The scheduler asked the goroutine to yield (sysmon, h-threads): restore the real
    // limit, yield, and let the prologue compare again; it comes back here if it lacks
    // room. (Running the function from here would change its return address, which
    // recover() checks in a deferred call.)
    gp->stackguard0 = stackguardof(gp);
    gopreempt();
    return 0;
  }
  // The prologue may have read a stackPreempt that is gone now: an asynchronous
  // preemption between its load and this one yielded and was cleared when the goroutine
  // ran again (execute → preemptclear). If the function fits above the guard from here
  // (this frame lies below the caller's sp), let the prologue compare again.
  uintptr_t here = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  if (here > gp->stackguard0 && here - gp->stackguard0 > framesize) return 0;
  // A frame larger than the red zone (the compiler bounds allocas, not spill slots) has
  // already stepped below the segment: stop rather than run on someone else's memory.
  if (here < gp->stack.lo) throw_("morestack: frame below the stack segment");
  grow(gp, framesize + stackRedZone + sizeof(stackseg), stackswitch, thunk, pack);
  return 1;
}

void withstack(uintptr_t n, void (*fn)(void *), void *arg) {
  g *gp = getg();
  uintptr_t sp = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  // Off the goroutine's stack (a signal stack, g0's) there is room; on it, enough above
  // the red zone.
  bool ongstack = sp >= gp->stack.lo && sp < gp->stack.hi;
  if (!stackchecks() || !ongstack || sp - gp->stack.lo >= n + stackRedZone) {
    fn(arg);
    return;
  }
  grow(gp, n + stackRedZone + sizeof(stackseg), stackswitch2, reinterpret_cast<void *>(fn), arg);
}

void stackunwindto(uintptr_t sp) {
  g *gp = getg();
  while (gp->seg != nullptr && !(sp >= gp->stack.lo && sp < gp->stack.hi)) {
    stackseg *s = gp->seg;
    bool preempt = gp->stackguard0 == talpa::abi::stackguard::stackPreempt;
    gp->seg = s->prev;
    gp->stack = s->old;
    gp->stackguard0 = preempt ? talpa::abi::stackguard::stackPreempt : s->oldguard;
    // The caller still runs on s (or a newer one): freed by the next growth.
    gp->stackbytes -= s->size;
    s->prev = gp->deadseg;
    gp->deadseg = s;
  }
}

bool onoldstack(g *gp, uintptr_t p) {
  if (gp == nullptr) return false;
  for (stackseg *s = gp->seg; s != nullptr; s = s->prev)
    if (p >= s->old.lo && p <= s->old.hi) return true;
  return false;
}

void forstacks(g *gp, uintptr_t sp, void (*f)(uintptr_t lo, uintptr_t hi)) {
  f(sp, gp->stack.hi);
  for (stackseg *s = gp->seg; s != nullptr; s = s->prev)
    f(s->oldsp, s->old.hi);
}

} // namespace runtime
