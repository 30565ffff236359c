// Hashing and equality of Go values; mirrors runtime/alg.go, hash64.go and the fastrand of
// stubs.go.
//
// Maps and interface comparison need, for every comparable type, an equality function
// (_type::equal) and a hash function (maptype::hasher). The compiler points the
// descriptors of basic types at the helpers here (runtime.def's RUNTIME_EQUALFUNC and
// RUNTIME_HASHFUNC tables) and generates functions for structs and arrays that call them
// per field, or leaves maptype::hasher nullptr so that map.cpp walks the key's descriptor
// with typehash. The rules are gc's:
//
//   - plain memory (integers, pointers, channels, and aggregates of them without padding:
//     tflags::RegularMemory) hashes and compares as bytes: memhash, memequal;
//   - floats compare by IEEE ==, so +0 == -0 and NaN != NaN. Their hash makes +0 and -0
//     alike, and mixes a fresh random number into the hash of every NaN: a NaN key is
//     never found again, and each insertion of one adds a new entry;
//   - strings hash and compare their bytes;
//   - an interface hashes and compares its dynamic value with the dynamic type's
//     functions; a dynamic type that is not comparable (a slice, map or func, or an
//     aggregate holding one) panics with gc's runtime errors "hash of unhashable type T"
//     and "comparing uncomparable type T";
//   - arrays and structs combine their elements' and fields' hashes in order, blank fields
//     left out (their bytes are not part of the value).
//
// The hash itself (alg.h) is seeded twice: by hashkey, four words from the OS's random
// bytes chosen once per process, and by the seed each map draws from fastrand. fastrand
// is wyrand: a counter stepped by an odd constant and mixed by one 128-bit
// multiplication; it also picks where map iteration starts.
#include "alg.h"

#include "runtime.h"

namespace runtime {

using talpa::abi::_type;
using talpa::abi::arraytype;
using talpa::abi::eface;
using talpa::abi::iface;
using talpa::abi::interfacetype;
using talpa::abi::itab;
using talpa::abi::structfield;
using talpa::abi::structtype;
namespace kinds = talpa::abi::kinds;
namespace tflags = talpa::abi::tflags;

uint64_t alg::hashkey[4];

uint64_t alg::hashLong(const uint8_t *p, uintptr_t n, uint64_t seed) {
  uint64_t s = seed ^ hashkey[0];
  uintptr_t l = n;
  if (l > 48) {
    // Three independent lanes keep three multipliers busy.
    uint64_t s1 = s;
    uint64_t s2 = s;
    do {
      s = mix(r8(p) ^ hashkey[1], r8(p + 8) ^ s);
      s1 = mix(r8(p + 16) ^ hashkey[2], r8(p + 24) ^ s1);
      s2 = mix(r8(p + 32) ^ hashkey[3], r8(p + 40) ^ s2);
      p += 48;
      l -= 48;
    } while (l > 48);
    s ^= s1 ^ s2;
  }
  while (l > 16) {
    s = mix(r8(p) ^ hashkey[1], r8(p + 8) ^ s);
    p += 16;
    l -= 16;
  }
  // The last 16 bytes, overlapping bytes already mixed when l < 16 (n > 16 guarantees
  // they exist).
  return finish(r8(p + l - 16), r8(p + l - 8), s, n);
}

namespace {

bool alginitDone;
uint64_t randState; // fastrand's state

// The constants of wyrand's step.
constexpr uint64_t randInc = 0xa0761d6478bd642f;
constexpr uint64_t randXor = 0xe7037ed1a0b428db;

// Two odd constants for the fixed hashes of float zeros and the random ones of NaNs.
constexpr uintptr_t c0 = 0x6a09e667f3bcc909; // frac(sqrt(2))
constexpr uintptr_t c1 = 0xbb67ae8584caa73b; // frac(sqrt(3))

bool isDirectIface(const _type *t) { return (t->kind & kinds::DirectIface) != 0; }

// isBlank: a struct field named _ (or unnamed, as the descriptor may record blanks).
bool isBlank(const structfield &f) {
  return f.name == nullptr || f.name->len == 0 || (f.name->len == 1 && f.name->ptr[0] == '_');
}

[[noreturn]] void panicUnhashable(const _type *t) {
  panicErrorString("hash of unhashable type ", t->str);
}

[[noreturn]] void panicUncomparable(const _type *t) {
  panicErrorString("comparing uncomparable type ", t->str);
}

// The equality of two dynamic values of type t (x and y are interface data words).
// Go: efaceeq, ifaceeq.
bool dataeq(const _type *t, void *x, void *y) {
  if (t->equal == nullptr) panicUncomparable(t);
  // A direct-interface value is the data word itself: pointer-shaped, compared as such.
  if (isDirectIface(t)) return x == y;
  return t->equal(x, y);
}

// The hash of an interface's dynamic value: its data word holds the value (direct) or
// points to it. Go: interhash, nilinterhash.
uintptr_t datahash(const _type *t, void *const *data, uintptr_t h) {
  if (t->equal == nullptr) panicUnhashable(t);
  if (isDirectIface(t)) return c1 * typehash(t, data, h ^ c0);
  return c1 * typehash(t, *data, h ^ c0);
}

} // namespace

// Runs once, on the main thread, before any Go code and before any map exists.
void alginit() {
  if (alginitDone) return;
  alginitDone = true;
  uint64_t buf[5] = {};
  auto *b = reinterpret_cast<uint8_t *>(buf);
  uintptr_t got = getRandomData(b, sizeof buf);
  if (got < sizeof buf) {
    // The OS gave too few bytes: stretch them, with the addresses ASLR moves, through
    // the generator itself rather than run with a predictable seed.
    uint64_t s = reinterpret_cast<uintptr_t>(&buf) ^ (reinterpret_cast<uintptr_t>(&alginit) << 17);
    for (uintptr_t i = 0; i < got; i++)
      s = alg::mix(s ^ b[i], randXor) + i;
    for (uintptr_t i = got; i < sizeof buf; i++) {
      s += randInc;
      b[i] = static_cast<uint8_t>(alg::mix(s, s ^ randXor));
    }
  }
  for (int i = 0; i < 4; i++)
    alg::hashkey[i] = buf[i] | 1;
  alg::hashkey[0] |= uint64_t(1) << 63;
  randState = buf[4];
}

// Runs on any goroutine; single-threaded until there are Ms, whose own state this
// becomes.
uint64_t fastrand64() {
  // One shared sequence: every M takes the next state with one atomic add.
  uint64_t s = __atomic_add_fetch(&randState, randInc, __ATOMIC_RELAXED);
  return alg::mix(s, s ^ randXor);
}

uint32_t fastrand() { return static_cast<uint32_t>(fastrand64()); }

// ---- Hash functions (maptype::hasher): run on any goroutine, allocate nothing. ----

extern "C" uintptr_t MemHash(void *p, uintptr_t seed, uintptr_t size) {
  return alg::memhash(p, seed, size);
}

extern "C" uintptr_t MemHash0(const void *, uintptr_t seed) { return seed; }

extern "C" uintptr_t MemHash8(const void *p, uintptr_t seed) {
  return alg::hashShort(static_cast<const uint8_t *>(p), 1, seed);
}

extern "C" uintptr_t MemHash16(const void *p, uintptr_t seed) {
  return alg::hashShort(static_cast<const uint8_t *>(p), 2, seed);
}

extern "C" uintptr_t MemHash32(const void *p, uintptr_t seed) { return alg::memhash32(p, seed); }

extern "C" uintptr_t MemHash64(const void *p, uintptr_t seed) { return alg::memhash64(p, seed); }

extern "C" uintptr_t MemHash128(const void *p, uintptr_t seed) {
  return alg::hashShort(static_cast<const uint8_t *>(p), 16, seed);
}

extern "C" uintptr_t StrHash(const void *p, uintptr_t seed) {
  auto *s = static_cast<const stringStruct *>(p);
  return alg::memhash(s->ptr, seed, static_cast<uintptr_t>(s->len));
}

extern "C" uintptr_t F32Hash(const void *p, uintptr_t seed) {
  float f;
  __builtin_memcpy(&f, p, 4);
  if (f == 0) return c1 * (c0 ^ seed);                // +0, -0
  if (f != f) return c1 * (c0 ^ seed ^ fastrand64()); // any NaN
  return alg::memhash32(p, seed);
}

extern "C" uintptr_t F64Hash(const void *p, uintptr_t seed) {
  double f;
  __builtin_memcpy(&f, p, 8);
  if (f == 0) return c1 * (c0 ^ seed);
  if (f != f) return c1 * (c0 ^ seed ^ fastrand64());
  return alg::memhash64(p, seed);
}

extern "C" uintptr_t C64Hash(const void *p, uintptr_t seed) {
  auto *x = static_cast<const float *>(p);
  return F32Hash(x + 1, F32Hash(x, seed));
}

extern "C" uintptr_t C128Hash(const void *p, uintptr_t seed) {
  auto *x = static_cast<const double *>(p);
  return F64Hash(x + 1, F64Hash(x, seed));
}

// A nil interface hashes to the seed itself, as in gc.
extern "C" uintptr_t InterHash(const void *p, uintptr_t seed) {
  auto *a = static_cast<const iface *>(p);
  if (a->tab == nullptr) return seed;
  return datahash(a->tab->type, &a->data, seed);
}

extern "C" uintptr_t NilInterHash(const void *p, uintptr_t seed) {
  auto *a = static_cast<const eface *>(p);
  if (a->type == nullptr) return seed;
  return datahash(a->type, &a->data, seed);
}

// typehash is the hash of the value of type t at p, the one t's hasher would give.
// Panics for a type that is not comparable. Go: typehash. Runs on any goroutine.
uintptr_t typehash(const _type *t, const void *p, uintptr_t h) {
  if ((t->tflag & tflags::RegularMemory) != 0) {
    // Sizes the compiler's hashers special-case must hash the same way here.
    switch (t->size) {
    case 4:
      return alg::memhash32(p, h);
    case 8:
      return alg::memhash64(p, h);
    default:
      return alg::memhash(p, h, t->size);
    }
  }
  switch (t->kind & kinds::Mask) {
  case kinds::Bool:
  case kinds::Int:
  case kinds::Int8:
  case kinds::Int16:
  case kinds::Int32:
  case kinds::Int64:
  case kinds::Uint:
  case kinds::Uint8:
  case kinds::Uint16:
  case kinds::Uint32:
  case kinds::Uint64:
  case kinds::Uintptr:
  case kinds::Chan:
  case kinds::Pointer:
  case kinds::UnsafePointer:
    // Plain memory even if the descriptor did not say so.
    if (t->size == 4) return alg::memhash32(p, h);
    if (t->size == 8) return alg::memhash64(p, h);
    return alg::memhash(p, h, t->size);
  case kinds::Float32:
    return F32Hash(p, h);
  case kinds::Float64:
    return F64Hash(p, h);
  case kinds::Complex64:
    return C64Hash(p, h);
  case kinds::Complex128:
    return C128Hash(p, h);
  case kinds::String:
    return StrHash(p, h);
  case kinds::Interface:
    if (reinterpret_cast<const interfacetype *>(t)->mcount == 0) return NilInterHash(p, h);
    return InterHash(p, h);
  case kinds::Array: {
    auto *a = reinterpret_cast<const arraytype *>(t);
    auto *b = static_cast<const uint8_t *>(p);
    for (uintptr_t i = 0; i < a->len; i++)
      h = typehash(a->elem, b + i * a->elem->size, h);
    return h;
  }
  case kinds::Struct: {
    auto *s = reinterpret_cast<const structtype *>(t);
    auto *b = static_cast<const uint8_t *>(p);
    for (uintptr_t i = 0; i < s->nfields; i++) {
      const structfield &f = s->fields[i];
      if (isBlank(f)) continue;
      h = typehash(f.typ, b + f.offset, h);
    }
    return h;
  }
  default:
    // Slices, maps, funcs: never keys, but reachable through an interface whose type
    // descriptor claims equality it does not have.
    panicUnhashable(t);
  }
}

extern "C" uintptr_t TypeHash(void *t, void *p, uintptr_t seed) {
  return typehash(static_cast<const _type *>(t), p, seed);
}

// ---- Equality functions (_type::equal): run on any goroutine, allocate nothing. ----

extern "C" uint8_t MemEqual(void *p, void *q, uintptr_t size) {
  return size == 0 || p == q || __builtin_memcmp(p, q, size) == 0;
}

extern "C" bool MemEqual0(const void *, const void *) { return true; }

namespace {
template <class T> bool loadEqual(const void *p, const void *q) {
  T x, y;
  __builtin_memcpy(&x, p, sizeof x);
  __builtin_memcpy(&y, q, sizeof y);
  return x == y;
}
} // namespace

extern "C" bool MemEqual8(const void *p, const void *q) { return loadEqual<uint8_t>(p, q); }
extern "C" bool MemEqual16(const void *p, const void *q) { return loadEqual<uint16_t>(p, q); }
extern "C" bool MemEqual32(const void *p, const void *q) { return loadEqual<uint32_t>(p, q); }
extern "C" bool MemEqual64(const void *p, const void *q) { return loadEqual<uint64_t>(p, q); }
extern "C" bool MemEqual128(const void *p, const void *q) {
  return loadEqual<unsigned __int128>(p, q);
}
extern "C" bool F32Equal(const void *p, const void *q) { return loadEqual<float>(p, q); }
extern "C" bool F64Equal(const void *p, const void *q) { return loadEqual<double>(p, q); }

extern "C" bool C64Equal(const void *p, const void *q) {
  auto *x = static_cast<const float *>(p);
  auto *y = static_cast<const float *>(q);
  return x[0] == y[0] && x[1] == y[1];
}

extern "C" bool C128Equal(const void *p, const void *q) {
  auto *x = static_cast<const double *>(p);
  auto *y = static_cast<const double *>(q);
  return x[0] == y[0] && x[1] == y[1];
}

extern "C" bool StrEqual(const void *p, const void *q) {
  auto *x = static_cast<const stringStruct *>(p);
  auto *y = static_cast<const stringStruct *>(q);
  if (x->len != y->len) return false;
  return x->ptr == y->ptr || x->len == 0 ||
         __builtin_memcmp(x->ptr, y->ptr, static_cast<size_t>(x->len)) == 0;
}

extern "C" bool InterEqual(const void *p, const void *q) {
  auto *x = static_cast<const iface *>(p);
  auto *y = static_cast<const iface *>(q);
  return x->tab == y->tab && (x->tab == nullptr || dataeq(x->tab->type, x->data, y->data));
}

extern "C" bool NilInterEqual(const void *p, const void *q) {
  auto *x = static_cast<const eface *>(p);
  auto *y = static_cast<const eface *>(q);
  return x->type == y->type && (x->type == nullptr || dataeq(x->type, x->data, y->data));
}

extern "C" uint8_t EfaceEq(void *t, void *x, void *y) {
  if (t == nullptr) return true;
  return dataeq(static_cast<const _type *>(t), x, y);
}

extern "C" uint8_t IfaceEq(void *tab, void *x, void *y) {
  if (tab == nullptr) return true;
  return dataeq(static_cast<const itab *>(tab)->type, x, y);
}

} // namespace runtime
