// The data layouts compiled Go code and the runtime share; mirrors runtime/runtime2.go and type.go.
//
// This header is the one statement of every layout that crosses the boundary between the
// code the compiler emits and the C++ runtime. The runtime includes it to read and build
// these values; the compiler does not restate them: tools/abigen reads this file with clang
// for every target at build time and the compiler builds its LLVM types from the table it
// writes, checking them against each target's data layout (docs/compiler/abi.md says what
// a struct here may contain). The asserts below are the runtime's own tripwire.
//
// It is plain C++20 with only <stddef.h> and <stdint.h>, so that both the freestanding
// runtime (clang, any talpa target) and the host compiler (clang++/g++ on the build
// machine) can include it. Every supported target is 64-bit little-endian; the asserts
// below say so, and a 32-bit target will have to revisit them.
//
// Names follow Go's runtime (stringStruct, slice, eface, _type); field names are those of
// the compiler's view (ptr, len, cap) where Go's own differ only by spelling.
#ifndef TALPA_ABI_H
#define TALPA_ABI_H

#include <stddef.h>
#include <stdint.h>

namespace talpa::abi {

// Kinds of the scalar values that cross the runtime.def boundary, as C types. The runtime
// declares its entry points by spelling runtime.def's kinds with these aliases, so the
// table is the only place a signature is written.
namespace kind {
using Void = void;
using Bool = uint8_t;  // i8 holding 0 or 1
using Int = int64_t;   // Go int
using Uint = uint64_t; // Go uint
using Uintptr = uintptr_t;
using Float64 = double;
using Ptr = void *;
} // namespace kind

static_assert(sizeof(void *) == 8, "talpa targets are 64-bit");
static_assert(sizeof(intptr_t) == 8 && sizeof(uintptr_t) == 8);
static_assert(sizeof(double) == 8 && alignof(int64_t) == 8);

// A Go string value: a pointer to immutable bytes and a length. An empty string may carry
// any pointer (the runtime produces nullptr); code must never dereference ptr when len is
// 0. Go: stringStruct.
struct stringStruct {
  const uint8_t *ptr;
  intptr_t len;
};
static_assert(sizeof(stringStruct) == 16 && alignof(stringStruct) == 8);
static_assert(offsetof(stringStruct, ptr) == 0 && offsetof(stringStruct, len) == 8);

// A Go slice value. Go: slice {array, len, cap}.
struct slice {
  void *ptr;
  intptr_t len;
  intptr_t cap;
};
static_assert(sizeof(slice) == 24 && alignof(slice) == 8);
static_assert(offsetof(slice, ptr) == 0 && offsetof(slice, len) == 8 && offsetof(slice, cap) == 16);

// Kinds of types, as gc numbers them (reflect.Kind), in _type::kind's low five bits.
namespace kinds {
enum : uint8_t {
  Invalid = 0,
  Bool = 1,
  Int = 2,
  Int8 = 3,
  Int16 = 4,
  Int32 = 5,
  Int64 = 6,
  Uint = 7,
  Uint8 = 8,
  Uint16 = 9,
  Uint32 = 10,
  Uint64 = 11,
  Uintptr = 12,
  Float32 = 13,
  Float64 = 14,
  Complex64 = 15,
  Complex128 = 16,
  Array = 17,
  Chan = 18,
  Func = 19,
  Interface = 20,
  Map = 21,
  Pointer = 22,
  Slice = 23,
  String = 24,
  Struct = 25,
  UnsafePointer = 26,
  Mask = 31,
  // The value itself is the interface's data word (pointer-shaped types: pointers, maps,
  // channels, funcs, unsafe.Pointer, and structs/arrays whose only content is one of them);
  // otherwise the data word points to a copy of the value.
  DirectIface = 32,
};
} // namespace kinds

// _type::tflag bits.
namespace tflags {
enum : uint8_t {
  Uncommon = 1,      // _type::uncommon is set (named types and types with methods)
  Named = 4,         // the type has a name (_type::str is "pkg.Name", not a literal)
  RegularMemory = 8, // equal and hash may treat the value as plain memory
};
} // namespace tflags

struct _type;
struct uncommontype;

// Type descriptor: one per Go type the program needs at run time (allocation, interfaces,
// maps, channels, panics). The compiler emits them as constant data, one per type and
// program (linkonce, by symbol name), and the runtime reads them. The header is gc 1.19's
// _type with absolute pointers where gc stores module-relative offsets (str, ptrToThis)
// and with the uncommon part reached through a pointer instead of by position. Every
// kind-specific descriptor below starts with this header. Go: _type.
struct _type {
  uintptr_t size;
  uintptr_t ptrdata; // prefix of the object that can hold pointers (0: no pointers)
  uint32_t hash;     // hash of the type, for type switches and itab lookup
  uint8_t tflag;     // tflags
  uint8_t align;
  uint8_t fieldAlign;
  uint8_t kind; // kinds, with DirectIface
  // Equality on two values of this type (C calling convention); nullptr if the type is
  // not comparable.
  bool (*equal)(const void *, const void *);
  // Pointer bitmap of the ptrdata prefix: bit i (byte i/8, bit i%8) set when word i holds
  // a pointer the collector must follow.
  const uint8_t *gcdata;
  const stringStruct *str;      // the type as gc's %v prints it: "main.T", "[]int"
  const uncommontype *uncommon; // methods and package path; nullptr unless tflag Uncommon
  const _type *ptrToThis;       // descriptor of *T if the program has one, else nullptr
};
static_assert(sizeof(_type) == 64 && alignof(_type) == 8);
static_assert(offsetof(_type, size) == 0 && offsetof(_type, ptrdata) == 8 &&
              offsetof(_type, hash) == 16 && offsetof(_type, tflag) == 20 &&
              offsetof(_type, kind) == 23 && offsetof(_type, equal) == 24 &&
              offsetof(_type, gcdata) == 32 && offsetof(_type, str) == 40 &&
              offsetof(_type, uncommon) == 48 && offsetof(_type, ptrToThis) == 56);

// A method of a type's method set, sorted by name (exported names first as in gc, i.e.
// byte order of the name). mtyp is the method's signature without receiver; ifn is the
// entry point called through an interface (receiver = the interface's data word), tfn the
// one called with the receiver value itself (method expressions). Go: method.
struct method {
  const stringStruct *name;
  const _type *mtyp;
  const void *ifn;
  const void *tfn;
};
static_assert(sizeof(method) == 32);

// What named types and types with methods add. Go: uncommontype.
struct uncommontype {
  const stringStruct *pkgpath;
  const method *methods; // mcount entries, sorted by name
  uint16_t mcount;       // number of methods
  uint16_t xcount;       // number of exported methods (they come first)
  uint32_t unused;
};
static_assert(sizeof(uncommontype) == 24);

// Go: arraytype.
struct arraytype {
  _type typ;
  const _type *elem;
  const _type *slice; // []elem, if the program has it
  uintptr_t len;
};
static_assert(sizeof(arraytype) == 88);

// Channel directions, as reflect.ChanDir.
namespace chandir {
enum : uintptr_t { Recv = 1, Send = 2, Both = 3 };
} // namespace chandir

// Go: chantype.
struct chantype {
  _type typ;
  const _type *elem;
  uintptr_t dir; // chandir
};
static_assert(sizeof(chantype) == 80);

// Go: functype. params holds in_count parameter types then the result types; the top bit
// of out_count marks a variadic function.
struct functype {
  _type typ;
  uint16_t in_count;
  uint16_t out_count;
  uint32_t unused;
  const _type *const *params;
};
static_assert(sizeof(functype) == 80);

// A method of an interface type. Go: imethod.
struct imethod {
  const stringStruct *name;
  const _type *typ; // functype, without receiver
};
static_assert(sizeof(imethod) == 16);

// Go: interfacetype. Methods sorted by name, as method.
struct interfacetype {
  _type typ;
  const stringStruct *pkgpath;
  const imethod *methods;
  uintptr_t mcount;
};
static_assert(sizeof(interfacetype) == 88);

// Go: maptype. The compiler passes this descriptor to every map operation (map.cpp) and
// builds it, with the bucket type, by the rules of the "Maps" section below.
struct maptype {
  _type typ;
  const _type *key;
  const _type *elem;
  const _type *bucket; // the bucket type, for the allocator (its pointer bitmap)
  // Hash of a key with a seed (C calling convention): one of runtime.def's
  // RUNTIME_HASHFUNC helpers, a compiler-generated function, or nullptr, which makes the
  // runtime hash with typehash(key, ...) walking the key's descriptor (slower, same value).
  uintptr_t (*hasher)(const void *key, uintptr_t seed);
  uint8_t keysize;     // size of a key slot (the key, or a pointer to it if indirect)
  uint8_t elemsize;    // size of an element slot
  uint16_t bucketsize; // size of a bucket
  uint32_t flags;      // mapflags
};
static_assert(sizeof(maptype) == 104);

// Go: ptrtype.
struct ptrtype {
  _type typ;
  const _type *elem;
};
static_assert(sizeof(ptrtype) == 72);

// Go: slicetype.
struct slicetype {
  _type typ;
  const _type *elem;
};
static_assert(sizeof(slicetype) == 72);

// A struct field. Go: structfield.
struct structfield {
  const stringStruct *name; // "" for blank
  const _type *typ;
  uintptr_t offset;
  const stringStruct *tag; // nullptr without a tag
  uintptr_t embedded;      // 1 for an embedded field
};
static_assert(sizeof(structfield) == 40);

// Go: structtype.
struct structtype {
  _type typ;
  const stringStruct *pkgpath;
  const structfield *fields;
  uintptr_t nfields;
};
static_assert(sizeof(structtype) == 88);

// An empty interface value (interface{} / any). Go: eface {_type, data}.
struct eface {
  const _type *type;
  void *data;
};
static_assert(sizeof(eface) == 16 && alignof(eface) == 8);
static_assert(offsetof(eface, type) == 0 && offsetof(eface, data) == 8);

// The method table of one (interface type, concrete type) pair: fun[i] is the ifn of the
// concrete type's method named by inter->methods[i]. Variable-sized: fun has
// inter->mcount entries. fun[0] == nullptr marks a pair the runtime found not to
// implement the interface (cached so the failure is not recomputed). Go: itab.
struct itab {
  const interfacetype *inter;
  const _type *type;
  uint32_t hash; // copy of type->hash, for type switches
  uint32_t unused;
  const void *fun[1];
};
static_assert(offsetof(itab, inter) == 0 && offsetof(itab, type) == 8 &&
              offsetof(itab, hash) == 16 && offsetof(itab, fun) == 24);

// A non-empty interface value. Go: iface {tab, data}.
struct iface {
  const itab *tab;
  void *data;
};
static_assert(sizeof(iface) == 16 && alignof(iface) == 8);
static_assert(offsetof(iface, tab) == 0 && offsetof(iface, data) == 8);

// The PC table: what the traceback needs to name each frame of compiled Go code. The
// driver builds it from the DWARF line table of each package's object (so it survives
// -ldflags=-w) and links it into every program as the `talpa_pcln` symbol; see
// docs/runtime/traceback.md.
//
// A frame of source: the function it is in (as gc names it, "main.f"), the file (absolute
// path) and line. At a PC inside inlined code there are several: the innermost first,
// each followed by the one it was inlined into while `more` is 1.
struct pcframe {
  const char *name;
  const char *file;
  uint32_t line;
  uint32_t more;
};
static_assert(sizeof(pcframe) == 24);

// From code offset pcoff on (to the next row), the source frames start at frames[frame].
struct pcrow {
  uint32_t pcoff;
  uint32_t frame;
};
static_assert(sizeof(pcrow) == 8);

// One compiled function: its code [entry, entry+size) and its rows, sorted by pcoff.
struct funcinfo {
  const void *entry;
  uintptr_t size;
  const pcrow *rows;
  uint32_t nrows;
  uint32_t flags; // funcflags
};
static_assert(sizeof(funcinfo) == 32);

namespace funcflags {
enum : uint32_t {
  NoArgs = 1, // the function has no parameters: the traceback prints "f()", else "f(...)"
};
} // namespace funcflags

// The program's table: every function of every package, in no particular order.
struct pclntab {
  const funcinfo *funcs;
  uintptr_t nfuncs;
  const pcframe *frames;
};
static_assert(sizeof(pclntab) == 24);

// ---- Stack maps (compiler/driver/stackmap.cpp; docs/runtime/gc.md "Stack scanning") -----
//
// For functions compiled with -gcflags=-precise=1: per call site (its return address as
// an offset from the entry), the words of the frame that may hold pointers but are dead
// there (spill slots of pointers no longer needed, stack objects that are no roots there,
// the registers a defer frame saved), so the collector skips them in a frame it otherwise
// scans conservatively. Runs of words: offs[dead + 2i] is a frame offset, offs[dead + 2i
// + 1] a count of words; ascending. Then nobjs stack objects, the same way (offset,
// words), each inside the dead runs: the collector scans one only if it finds a pointer
// into it. Offsets are from the frame pointer (gcfuncflags::SPBased: from the stack
// pointer at the call, windows).
struct gcsite {
  uint32_t pcoff; // return address - entry
  uint32_t dead;  // first index into gcfunc::offs
  uint32_t ndead; // runs
  uint32_t nobjs; // stack objects, after the runs
};
static_assert(sizeof(gcsite) == 16);

struct gcfunc {
  const void *entry;
  uintptr_t size;
  const gcsite *sites; // sorted by pcoff
  const int32_t *offs;
  uint32_t nsites;
  uint32_t flags; // gcfuncflags
};
static_assert(sizeof(gcfunc) == 40);

namespace gcfuncflags {
enum : uint32_t {
  SPBased = 1,
};
} // namespace gcfuncflags

// Every function with stack maps, in no particular order.
struct gctab {
  const gcfunc *funcs;
  uintptr_t nfuncs;
};
static_assert(sizeof(gctab) == 16);
// ---- Maps (runtime/map.cpp; docs/runtime/map.md) ----------------------------------------
//
// A map value is a pointer to its hmap (nil for a nil map). The table is an array of
// 2^B buckets; a bucket holds bucketCnt entries and is laid out by the compiler as
//
//     struct bucket {
//       uint8_t  tophash[bucketCnt];  // top byte of each entry's hash, or a state
//       K        keys[bucketCnt];     // key slots (pointers to keys if IndirectKey)
//       E        elems[bucketCnt];    // element slots (pointers if IndirectElem)
//       *bucket  overflow;            // uintptr when neither K nor E holds pointers
//     };
//
// with no padding: keys at offset bucketDataOffset, elements after bucketCnt key slots,
// the overflow word last, so bucketsize == bucketDataOffset + bucketCnt * (keysize +
// elemsize) + 8 (makemap checks it). Key and element alignment must not exceed 8. When
// neither keys nor elements hold pointers the overflow field is a uintptr, so that the
// bucket type has no pointers and the collector never scans bucket arrays; map.cpp keeps
// those overflow buckets alive from the hmap instead (as gc does).
namespace maplayout {
enum : uintptr_t {
  bucketCnt = 8,
  bucketDataOffset = 8, // offset of keys[0]: after tophash
  maxKeySize = 128,     // keys larger than this are stored indirectly
  maxElemSize = 128,    // elements larger than this are stored indirectly
};
} // namespace maplayout

// maptype::flags, as gc's compiler sets them (reflectdata.MapType).
namespace mapflags {
enum : uint32_t {
  IndirectKey = 1,    // key slots hold pointers to keys: key->size > maxKeySize
  IndirectElem = 2,   // element slots hold pointers: elem->size > maxElemSize
  ReflexiveKey = 4,   // k == k for every key (false for floats, interfaces, and arrays
                      // and structs holding them), so evacuation may rehash any key
  NeedKeyUpdate = 8,  // an assignment overwrites an equal stored key (floats: +0 vs -0;
                      // strings: drop the old backing array; interfaces; aggregates of them)
  HashMightPanic = 16 // hashing can panic: the key is or holds an interface
};
} // namespace mapflags

// The map header. len(m) of a non-nil map is a load of count, which must stay first.
// Everything else is map.cpp's. Go: hmap.
struct hmap {
  intptr_t count;      // live entries
  uint8_t flags;       // map.cpp's state bits (iterator, oldIterator, hashWriting...)
  uint8_t B;           // log2 of the number of buckets
  uint16_t noverflow;  // approximate number of overflow buckets
  uint32_t hash0;      // hash seed of this map
  void *buckets;       // 2^B buckets; nullptr while count == 0 and nothing was allocated
  void *oldbuckets;    // the previous array while growing, else nullptr
  uintptr_t nevacuate; // old buckets below this are evacuated
  void *extra;         // map.cpp's mapextra (overflow buckets kept alive), or nullptr
};
static_assert(sizeof(hmap) == 48 && offsetof(hmap, count) == 0 && offsetof(hmap, buckets) == 16 &&
              offsetof(hmap, extra) == 40);

// A range loop's iterator: the compiler allocates it (no need to zero it), then
//
//     mapiterinit(t, m, &it)
//     while it.key != nullptr { k = *it.key; v = *it.elem; body; mapiternext(&it) }
//
// key and elem point at the current entry (elem valid only while key is non-nil); the
// other fields are map.cpp's. Go: hiter.
struct hiter {
  void *key;  // current key, or nullptr when the iteration is done
  void *elem; // current element
  const maptype *t;
  hmap *h;
  void *buckets;  // bucket array when the iteration started
  void *bptr;     // current bucket
  void *overflow; // keep the overflow buckets of a pointer-free map alive
  void *oldoverflow;
  uintptr_t startBucket; // where the iteration started
  uint8_t offset;        // entry offset within each bucket where it started
  uint8_t wrapped;       // already wrapped around from the last bucket to bucket 0
  uint8_t B;
  uint8_t i;
  uint32_t unused;
  uintptr_t bucket;
  uintptr_t checkBucket;
};
static_assert(sizeof(hiter) == 96 && offsetof(hiter, key) == 0 && offsetof(hiter, elem) == 8);

// ---- Defer, panic and recover (runtime/defer.cpp, runtime/panic.cpp; docs/runtime/panic.md) --
//
// A function containing defer statements keeps one deferframe in its own stack frame. Its
// prologue calls runtime.deferframe(&frame), which saves the callee-saved registers, the
// stack pointer and the return address in ctx (like setjmp; the call returns 0) and
// returns twice: a panic that a deferred call of this frame recovers resumes the frame
// there with 1, and the function then runs its remaining defers (runtime.deferreturn) and
// returns its results. Each `defer` statement calls runtime.deferproc(&frame, fn, flags),
// which pushes a _defer record on the goroutine's chain; every return calls
// runtime.deferreturn(&frame), which runs the frame's records LIFO.

// The number of words deferframe::ctx holds: the largest callee-saved set of any target
// (windows/amd64: rbx, rbp, rdi, rsi, r12-r15, xmm6-xmm15), plus sp and pc.
namespace deferctx {
enum : uintptr_t { words = 30 };
} // namespace deferctx

struct _defer;
struct _panic;

// The state of a function with defers, in its stack frame. Go: none (gc finds a frame
// from the stack pointer its _defer records hold and resumes it by unwinding).
struct deferframe {
  // The goroutine's innermost running deferred call when the frame was entered, restored
  // when a recovered panic resumes the frame.
  _defer *deferring;
  uintptr_t ctx[deferctx::words]; // saved registers, sp and pc; per-arch order (defer.cpp)
};
static_assert(sizeof(deferframe) == 8 + 8 * 30);

// _defer::flags.
namespace deferflags {
enum : uint32_t {
  // fn's code is a compiler-made wrapper that calls the deferred function (defer f(a, b)
  // with the arguments saved in the closure): recover() in the function the wrapper
  // calls counts as called directly by the deferred call.
  Wrapper = 1,
  // fn's code is the wrapper of `defer recover()`, passing the return address of the
  // function holding the statement (saved in the closure) to gorecover: it recovers only
  // when run by that function's normal return, with that function the deferred call a
  // panic is running (panic.cpp).
  RecoverCall = 2,
};
} // namespace deferflags

// One pending deferred call on a goroutine. Go: _defer.
struct _defer {
  _defer *link;      // the next older record of the goroutine
  void *fn;          // a func value: closure object, word 0 the code (closure pointer first)
  deferframe *frame; // the frame whose defer statement made it
  _panic *panic_;    // the panic running it (started by a panic), else nullptr
  uint8_t started;   // a panic has called fn
  uint8_t unused8;
  uint16_t unused16;
  uint32_t flags; // deferflags
};
static_assert(sizeof(_defer) == 40);

// An active panic, in gopanic's frame. Go: _panic.
struct _panic {
  _panic *link;      // the earlier panic, whose deferred call this one started in
  eface arg;         // the value passed to panic
  uint8_t recovered; // recover() returned arg
  uint8_t aborted;   // a later panic took over the deferred call this one was running
  uint8_t unused8[6];
};
static_assert(sizeof(_panic) == 32);

// ---- Goroutines (runtime/proc.cpp; docs/runtime/proc.md) ---------------------------------

// The bounds of a goroutine's stack, [lo, hi). Go: stack.
struct gstack {
  uintptr_t lo;
  uintptr_t hi;
};
static_assert(sizeof(gstack) == 16);

// The head of a goroutine, the part compiled code reads: the runtime's g (runtime.h)
// starts with these fields and adds its private ones. Compiled code finds the running g
// through the thread pointer (docs/runtime/proc.md "g access"). Go: g's first fields.
struct g {
  gstack stack;          // the goroutine's stack
  uintptr_t stackguard0; // prologues compare sp with it; stackPreempt asks to reschedule
  uintptr_t stackguard1; // the same for code running on the scheduler's stack (g0)
};
static_assert(sizeof(g) == 32 && offsetof(g, stackguard0) == 16 && offsetof(g, stackguard1) == 24);

// A preemption request in stackguard0: larger than any sp. Go: stackPreempt.
namespace stackguard {
enum : uintptr_t { stackPreempt = 0xfffffffffffffade };
} // namespace stackguard

// ---- Channels and select (runtime/chan.cpp, runtime/select.cpp; docs/runtime/chan.md) ------
//
// A channel value is a pointer to its hchan (nil for a nil channel). len(c) and cap(c) of
// a non-nil channel are loads of qcount and dataqsiz, which must stay first; everything
// else is chan.cpp's. make(chan T, n) passes the channel type's abi::chantype.

// A queue of goroutines waiting on a channel: runtime sudogs (runtime.h), linked through
// their next/prev fields. Go: waitq.
struct waitq {
  void *first; // the runtime's sudog
  void *last;
};
static_assert(sizeof(waitq) == 16);

// The channel. The element buffer holds dataqsiz elements of elemtype, allocated with
// that type (or inside the hchan when it holds no pointers). Go: hchan.
struct hchan {
  uintptr_t qcount;   // elements in the buffer: len(c)
  uintptr_t dataqsiz; // buffer capacity: cap(c)
  void *buf;          // the circular buffer of dataqsiz elements
  uint16_t elemsize;
  uint16_t unused16;
  uint32_t closed;
  const _type *elemtype;
  uintptr_t sendx; // next buffer slot a send fills
  uintptr_t recvx; // next buffer slot a receive takes
  waitq recvq;     // goroutines blocked receiving
  waitq sendq;     // goroutines blocked sending
  uintptr_t lock;  // the runtime's mutex (one word), guarding every field but dataqsiz
};
static_assert(sizeof(hchan) == 96 && offsetof(hchan, qcount) == 0 &&
              offsetof(hchan, dataqsiz) == 8 && offsetof(hchan, buf) == 16 &&
              offsetof(hchan, elemsize) == 24 && offsetof(hchan, closed) == 28 &&
              offsetof(hchan, elemtype) == 32 && offsetof(hchan, recvq) == 56 &&
              offsetof(hchan, lock) == 88);

// One case of a select statement, in the array the compiler passes to selectgo: the
// channel (nil: the case never proceeds) and the element (a send's value, or where a
// receive stores; nil to discard). Sends come first, then receives. Go: scase.
struct scase {
  hchan *c;
  void *elem;
};
static_assert(sizeof(scase) == 16 && offsetof(scase, c) == 0 && offsetof(scase, elem) == 8);

// ---- Package initialization (runtime/proc.cpp doInit; compiler/lower/lower.cpp) ----------
//
// Each package's module defines "PKG..inittask" (gc's name and layout): this header, then
// ndeps pointers to the inittasks of the packages it imports, then nfns code pointers of
// the functions that initialize it (the variable initializers, "PKG.init", when any runs
// code, then its init functions that do anything, in source order). The runtime's doInit
// runs a task once: its dependencies first, then its functions.
struct initTask {
  uintptr_t state; // 0 not started, 1 running, 2 done
  uintptr_t ndeps;
  uintptr_t nfns;
};
static_assert(sizeof(initTask) == 24 && offsetof(initTask, state) == 0 &&
              offsetof(initTask, ndeps) == 8 && offsetof(initTask, nfns) == 16);

} // namespace talpa::abi

#endif // TALPA_ABI_H
