// Go maps; mirrors runtime/map.go, map_fast32.go, map_fast64.go and map_faststr.go.
//
// A map is a hash table of 2^B buckets (abi.h hmap; docs/runtime/map.md). Each bucket
// holds 8 entries: the top byte of each entry's hash (tophash), then 8 key slots, then 8
// element slots, then a pointer to an overflow bucket that takes further entries of the
// same bucket. The low B bits of a key's hash choose its bucket; its top byte, stored in
// tophash, lets a lookup skip almost every non-matching slot without comparing keys.
// Keys and elements larger than 128 bytes are stored through a pointer to a separate
// allocation, so that buckets stay small.
//
// tophash also records each slot's state:
//
//     emptyRest       empty, and so is every later slot of this bucket and its overflows
//                     (a search stops here)
//     emptyOne        empty (deleted)
//     evacuatedX/Y    the entry moved to the first/second half of the grown table
//     evacuatedEmpty  empty, and the bucket is evacuated
//     >= minTopHash   a live entry; tophash(hash) moves smaller top bytes up past the states
//
// Growth. An insertion that would take the average load past 6.5 entries per bucket
// doubles the table; one that finds too many overflow buckets (after many deletions)
// rebuilds it at the same size. Either way the new array is allocated at once but
// filled incrementally: oldbuckets keeps the old array, and each later insertion or
// deletion evacuates the old bucket it touches plus the next one in order (nevacuate),
// so that no single operation pays for the whole copy. When doubling, the entries of old
// bucket i go to new bucket i (X) or i + 2^(B-1) (Y), by the hash bit that B gained.
// Lookups consult the old bucket while it is not yet evacuated.
//
//     mapassign(k):
//         hash = hasher(k, h.hash0); mark writing
//         if growing: evacuate(hash's old bucket); evacuate(nevacuate)
//         search the bucket chain: found -> that slot; remember the first empty slot
//         if not growing and (overloaded or too many overflows): start growth, retry
//         no empty slot -> chain a new overflow bucket
//         store key and tophash; count++
//
// Iteration visits the buckets from a random start bucket, and the slots of each bucket
// from a random offset, so programs cannot come to depend on an order. It stays correct
// while the map changes: an iterator started before a growth walks the array it started
// with (its buckets), and for an old bucket not yet evacuated it walks the old bucket,
// returning only the entries that belong to the new bucket it is visiting. An entry that
// moved since the iterator started is looked up again, so a deleted key is never
// returned and an updated element is seen with its new value; new keys may or may not be.
//
// Keys for which k != k (NaNs) are never found: each insertion adds one, deletion cannot
// remove them, clear does. Their hash is random (alg.cpp), so when an iterator is active
// during a growth their X/Y choice is taken from tophash's low bit instead of the hash
// bit, a choice the iterator can repeat.
//
// Pointer-free maps. When neither keys nor elements hold pointers the compiler gives the
// bucket type no pointers (its overflow field is a uintptr), so the collector never scans
// bucket arrays; the overflow buckets are then kept alive from the hmap's extra record
// (two lists, for the current and the old array), and by iterators.
//
// Fast variants. Maps with 4- or 8-byte plain-memory keys or string keys get
// specialised access, assignment and deletion, with the key by value, the hash called
// directly and, for a one-bucket map, no hash at all. They share the algorithms below
// through a key policy (genericKey, fast32Key, fast64Key, fast64ptrKey, faststrKey).
//
// States of hmap::flags: iterator / oldIterator (an iterator may be walking the current /
// old array, so the old array must keep its entries), hashWriting (a write is in
// progress: another operation meanwhile is a data race, reported as gc's fatal
// "concurrent map writes"), sameSizeGrow.
//
// Not yet: the write barrier (typedmemmove and storePointer below are where it goes).
// Several Ms may look up absent keys at once: the zero area for large elements grows
// under a lock.
#include "alg.h"
#include "runtime.h"

namespace runtime {

using talpa::abi::_type;
using talpa::abi::hiter;
using talpa::abi::hmap;
using talpa::abi::maptype;
using talpa::abi::slice;
namespace kinds = talpa::abi::kinds;
namespace mapflags = talpa::abi::mapflags;

namespace {

constexpr uintptr_t bucketCnt = talpa::abi::maplayout::bucketCnt;
constexpr uintptr_t dataOffset = talpa::abi::maplayout::bucketDataOffset;
// Grow when count > 6.5 * 2^B.
constexpr uintptr_t loadFactorNum = 13;
constexpr uintptr_t loadFactorDen = 2;
// A hint whose buckets would exceed this is ignored (gc: maxAlloc on 64-bit targets).
constexpr uintptr_t maxAlloc = uintptr_t(1) << 48;

// tophash states, see the file comment.
enum : uint8_t {
  emptyRest = 0,
  emptyOne = 1,
  evacuatedX = 2,
  evacuatedY = 3,
  evacuatedEmpty = 4,
  minTopHash = 5,
};

// hmap::flags.
enum : uint8_t {
  iterator = 1,
  oldIterator = 2,
  hashWriting = 4,
  sameSizeGrow = 8,
};

// hiter::checkBucket when the iterator need not filter entries.
constexpr uintptr_t noCheck = ~uintptr_t(0);

// A bucket's fixed head; keys, elements and the overflow word follow (maptype gives
// their sizes).
struct bmap {
  uint8_t tophash[bucketCnt];
};

// What a map keeps beside its header: lists of the overflow buckets of a pointer-free
// map (for the current and the old array; each a Go []*bmap), and the next free
// preallocated overflow bucket. Go: mapextra.
struct mapextra {
  slice *overflow;
  slice *oldoverflow;
  bmap *nextOverflow;
};

// Descriptors of the runtime's own allocations, for the collector's pointer bitmaps.
// mallocgc(n * t.size, t) allocates an array of n values of t.
constexpr uint8_t hmapPtrMask[] = {0x2c};  // buckets, oldbuckets, extra
constexpr uint8_t extraPtrMask[] = {0x07}; // overflow, oldoverflow, nextOverflow
constexpr uint8_t onePtrMask[] = {0x01};   // a pointer, or a slice's array
[[clang::require_constant_initialization]] const _type hmapType = {
    sizeof(hmap), 48, 0, 0, 8, 8, kinds::Struct, nullptr, hmapPtrMask, nullptr, nullptr, nullptr};
[[clang::require_constant_initialization]] const _type mapextraType = {
    sizeof(mapextra), 24,           0,       0,       8,      8, kinds::Struct,
    nullptr,          extraPtrMask, nullptr, nullptr, nullptr};
[[clang::require_constant_initialization]] const _type sliceType = {
    sizeof(slice), 8, 0, 0, 8, 8, kinds::Slice, nullptr, onePtrMask, nullptr, nullptr, nullptr};
[[clang::require_constant_initialization]] const _type pointerType = {
    8,       8,          0,       0,       8,      8, kinds::UnsafePointer | kinds::DirectIface,
    nullptr, onePtrMask, nullptr, nullptr, nullptr};

// The value mapaccess returns for an absent key: zeroVal for elements up to maxZero
// bytes (gc's size), bigZero, grown as needed, for larger ones. Never written.
constexpr uintptr_t maxZero = 1024;
alignas(16) uint8_t zeroVal[maxZero];
void *bigZero;
uintptr_t bigZeroSize;
mutex bigZeroLock; // several Ms may grow it

void *zeroFor(const maptype *t) {
  uintptr_t size = t->elem->size;
  if (size <= maxZero) return zeroVal;
  // Allocated before taking the lock (an allocation may stop the world, which must not
  // happen with a runtime lock held); wasted if another M grew it meanwhile.
  void *fresh = nullptr;
  if (size > __atomic_load_n(&bigZeroSize, __ATOMIC_ACQUIRE)) fresh = mallocgc(size, nullptr, true);
  lock(&bigZeroLock);
  if (fresh != nullptr && size > bigZeroSize) {
    bigZero = fresh;
    __atomic_store_n(&bigZeroSize, size, __ATOMIC_RELEASE);
  }
  void *z = bigZero;
  unlock(&bigZeroLock);
  return z;
}

// ---- Memory helpers: where the write barrier will go. ----

void *newobject(const _type *t) { return mallocgc(t->size, t, true); }

// typedmemmove copies a value of type t. Go: typedmemmove.
void typedmemmove(const _type *t, void *dst, const void *src) {
  if (dst != src && t->size != 0) __builtin_memmove(dst, src, t->size);
}

// storePointer stores a pointer into a heap slot.
void storePointer(void *slot, void *p) { *static_cast<void **>(slot) = p; }

void *loadPointer(const void *slot) { return *static_cast<void *const *>(slot); }

void memclr(void *p, uintptr_t n) {
  if (n != 0) __builtin_memset(p, 0, n);
}

// ---- Bucket layout. ----

bool isEmpty(uint8_t x) { return x <= emptyOne; }

// evacuated reports whether b (an old bucket) has been moved to the new array.
bool evacuated(const bmap *b) {
  uint8_t h = b->tophash[0];
  return h > emptyOne && h < minTopHash;
}

uint8_t tophash(uintptr_t hash) {
  auto top = static_cast<uint8_t>(hash >> 56);
  if (top < minTopHash) top += minTopHash;
  return top;
}

uintptr_t bucketShift(uint8_t B) { return uintptr_t(1) << (B & 63); }
uintptr_t bucketMask(uint8_t B) { return bucketShift(B) - 1; }

bmap *bucketAt(const maptype *t, void *base, uintptr_t i) {
  return reinterpret_cast<bmap *>(static_cast<uint8_t *>(base) + i * t->bucketsize);
}

uint8_t *keyAt(const maptype *t, bmap *b, uintptr_t i) {
  return reinterpret_cast<uint8_t *>(b) + dataOffset + i * t->keysize;
}

uint8_t *elemAt(const maptype *t, bmap *b, uintptr_t i) {
  return reinterpret_cast<uint8_t *>(b) + dataOffset + bucketCnt * t->keysize + i * t->elemsize;
}

bmap **overflowSlot(const maptype *t, bmap *b) {
  return reinterpret_cast<bmap **>(reinterpret_cast<uint8_t *>(b) + t->bucketsize - 8);
}

bmap *overflowOf(const maptype *t, bmap *b) { return *overflowSlot(t, b); }

void setOverflow(const maptype *t, bmap *b, bmap *ovf) { storePointer(overflowSlot(t, b), ovf); }

bool indirectKey(const maptype *t) { return (t->flags & mapflags::IndirectKey) != 0; }
bool indirectElem(const maptype *t) { return (t->flags & mapflags::IndirectElem) != 0; }

// elemOf returns the element of slot i (through the slot's pointer if indirect).
void *elemOf(const maptype *t, bmap *b, uintptr_t i) {
  uint8_t *e = elemAt(t, b, i);
  return indirectElem(t) ? loadPointer(e) : e;
}

// checkMapType throws if the compiler's descriptor disagrees with abi.h's bucket layout.
void checkMapType(const maptype *t) {
  uintptr_t ks = indirectKey(t) ? 8 : t->key->size;
  uintptr_t es = indirectElem(t) ? 8 : t->elem->size;
  if (t->keysize != ks || t->elemsize != es || t->key->align > 8 || t->elem->align > 8 ||
      t->bucketsize != dataOffset + bucketCnt * (ks + es) + 8 || t->bucket->size != t->bucketsize ||
      indirectKey(t) != (t->key->size > talpa::abi::maplayout::maxKeySize) ||
      indirectElem(t) != (t->elem->size > talpa::abi::maplayout::maxElemSize)) {
    throw_("bad map type descriptor");
  }
}

// ---- hmap state. ----

bool overLoadFactor(intptr_t count, uint8_t B) {
  return count > intptr_t(bucketCnt) &&
         uintptr_t(count) > loadFactorNum * (bucketShift(B) / loadFactorDen);
}

// tooManyOverflowBuckets: as many overflow buckets as buckets (counting up to 2^15)
// means the table is sparse after deletions and a same-size growth will compact it.
bool tooManyOverflowBuckets(uint16_t noverflow, uint8_t B) {
  if (B > 15) B = 15;
  return noverflow >= uint16_t(1) << B;
}

bool growing(const hmap *h) { return h->oldbuckets != nullptr; }
bool isSameSizeGrow(const hmap *h) { return (h->flags & sameSizeGrow) != 0; }

uintptr_t noldbuckets(const hmap *h) {
  uint8_t B = h->B;
  if (!isSameSizeGrow(h)) B--;
  return bucketShift(B);
}

uintptr_t oldbucketmask(const hmap *h) { return noldbuckets(h) - 1; }

// incrnoverflow counts an overflow bucket: exactly below 2^16 buckets, then with
// probability 2^15 / 2^B so that the 16-bit count still compares with 2^15.
void incrnoverflow(hmap *h) {
  if (h->B < 16) {
    h->noverflow++;
    return;
  }
  unsigned shift = h->B - 15 < 31 ? h->B - 15 : 31;
  uint32_t mask = (uint32_t(1) << shift) - 1;
  if ((fastrand() & mask) == 0) h->noverflow++;
}

mapextra *extraOf(const hmap *h) { return static_cast<mapextra *>(h->extra); }

mapextra *createExtra(hmap *h) {
  if (h->extra == nullptr) storePointer(&h->extra, newobject(&mapextraType));
  return extraOf(h);
}

// createOverflow makes sure the current overflow list exists.
void createOverflow(hmap *h) {
  mapextra *x = createExtra(h);
  if (x->overflow == nullptr) storePointer(&x->overflow, newobject(&sliceType));
}

void appendPointer(slice *s, void *p) {
  if (s->len == s->cap) {
    intptr_t cap = s->cap < 4 ? 4 : 2 * s->cap;
    auto *a = static_cast<void **>(mallocgc(uintptr_t(cap) * sizeof(void *), &pointerType, true));
    if (s->len > 0) __builtin_memcpy(a, s->ptr, uintptr_t(s->len) * sizeof(void *));
    storePointer(&s->ptr, a);
    s->cap = cap;
  }
  storePointer(static_cast<void **>(s->ptr) + s->len, p);
  s->len++;
}

// newoverflow chains a fresh overflow bucket to b, from the preallocated ones when
// there are any. Caller holds hashWriting.
bmap *newoverflow(const maptype *t, hmap *h, bmap *b) {
  bmap *ovf;
  mapextra *x = extraOf(h);
  if (x != nullptr && x->nextOverflow != nullptr) {
    ovf = x->nextOverflow;
    if (overflowOf(t, ovf) == nullptr) {
      x->nextOverflow = bucketAt(t, ovf, 1);
    } else {
      // The last preallocated bucket: its overflow word was a non-nil end marker.
      setOverflow(t, ovf, nullptr);
      x->nextOverflow = nullptr;
    }
  } else {
    ovf = static_cast<bmap *>(newobject(t->bucket));
  }
  incrnoverflow(h);
  if (t->bucket->ptrdata == 0) {
    createOverflow(h);
    appendPointer(extraOf(h)->overflow, ovf);
  }
  setOverflow(t, b, ovf);
  return ovf;
}

// makeBucketArray returns an array of 2^B buckets, and for B >= 4 another 2^(B-4)
// preallocated overflow buckets after them, whose first is stored in *nextOverflow
// (else nullptr). The last one's overflow word points back to the array, marking the end
// of the free run. dirtyalloc, if not nullptr, is an array of the same size to clear and
// reuse (mapclear).
void *makeBucketArray(const maptype *t, uint8_t B, void *dirtyalloc, bmap **nextOverflow) {
  uintptr_t base = bucketShift(B);
  uintptr_t nbuckets = base;
  if (B >= 4) nbuckets += bucketShift(B - 4);
  uintptr_t size = nbuckets * t->bucketsize;
  void *buckets = dirtyalloc;
  if (buckets == nullptr) {
    buckets = mallocgc(size, t->bucket, true);
  } else {
    memclr(buckets, size);
  }
  *nextOverflow = nullptr;
  if (base != nbuckets) {
    *nextOverflow = bucketAt(t, buckets, base);
    setOverflow(t, bucketAt(t, buckets, nbuckets - 1), static_cast<bmap *>(buckets));
  }
  return buckets;
}

// hashGrow starts a growth: double the table if it is overloaded, else rebuild it at the
// same size. The entries move later (growWork). Caller holds hashWriting.
void hashGrow(const maptype *t, hmap *h) {
  uint8_t bigger = 1;
  if (!overLoadFactor(h->count + 1, h->B)) {
    bigger = 0;
    h->flags |= sameSizeGrow;
  }
  void *oldbuckets = h->buckets;
  bmap *nextOverflow;
  void *newbuckets = makeBucketArray(t, h->B + bigger, nullptr, &nextOverflow);
  // Iterators walking the current array now walk the old one.
  uint8_t flags = h->flags & ~(iterator | oldIterator);
  if ((h->flags & iterator) != 0) flags |= oldIterator;
  h->B += bigger;
  h->flags = flags;
  storePointer(&h->oldbuckets, oldbuckets);
  storePointer(&h->buckets, newbuckets);
  h->nevacuate = 0;
  h->noverflow = 0;
  mapextra *x = extraOf(h);
  if (x != nullptr && x->overflow != nullptr) {
    if (x->oldoverflow != nullptr) throw_("oldoverflow is not nil");
    storePointer(&x->oldoverflow, x->overflow);
    storePointer(&x->overflow, nullptr);
  }
  if (nextOverflow != nullptr) storePointer(&createExtra(h)->nextOverflow, nextOverflow);
}

// advanceEvacuationMark moves nevacuate past evacuated buckets (at most 1024 at a time)
// and ends the growth when all are. Caller holds hashWriting.
void advanceEvacuationMark(const maptype *t, hmap *h, uintptr_t newbit) {
  h->nevacuate++;
  uintptr_t stop = h->nevacuate + 1024;
  if (stop > newbit) stop = newbit;
  while (h->nevacuate != stop && evacuated(bucketAt(t, h->oldbuckets, h->nevacuate)))
    h->nevacuate++;
  if (h->nevacuate == newbit) {
    storePointer(&h->oldbuckets, nullptr);
    if (mapextra *x = extraOf(h)) storePointer(&x->oldoverflow, nullptr);
    h->flags &= ~sameSizeGrow;
  }
}

uintptr_t hashKey(const maptype *t, const void *k, uintptr_t seed) {
  if (t->hasher != nullptr) return t->hasher(k, seed);
  return typehash(t->key, k, seed);
}

// ---- Key policies: how each family of map operations handles a key. ----
//
//   Arg                      the key as the entry point receives it
//   keysize(t)               the size of a key slot (a constant in the fast variants)
//   fast                     a fast variant (no hash for a one-bucket map; never
//                            irreflexive, never indirect, hashing cannot panic)
//   hash(t, Arg, seed)       its hash
//   hashStored(t, k, seed)   the hash of a stored key (k: the key itself, not the slot)
//   resolve(t, slot)         the key stored in a slot
//   matches(t, slot, Arg)    whether a slot holds this key
//   store(t, slot, Arg)      set the key of a new entry
//   update(t, slot, Arg)     overwrite an equal stored key if the type needs it
//   clear(t, slot)           drop a deleted key's pointers
//   move(t, dst, src)        move a slot during evacuation
//   reflexive(t)             k == k for every key

struct genericKey {
  using Arg = const void *;
  static constexpr bool fast = false;
  static uintptr_t keysize(const maptype *t) { return t->keysize; }
  static uintptr_t hash(const maptype *t, Arg k, uintptr_t seed) { return hashKey(t, k, seed); }
  static uintptr_t hashStored(const maptype *t, const void *k, uintptr_t seed) {
    return hashKey(t, k, seed);
  }
  static const void *resolve(const maptype *t, const uint8_t *slot) {
    return indirectKey(t) ? loadPointer(slot) : slot;
  }
  static bool matches(const maptype *t, const uint8_t *slot, Arg k) {
    return t->key->equal(k, resolve(t, slot));
  }
  static void store(const maptype *t, uint8_t *slot, Arg k) {
    if (indirectKey(t)) {
      void *mem = newobject(t->key);
      storePointer(slot, mem);
      typedmemmove(t->key, mem, k);
    } else {
      typedmemmove(t->key, slot, k);
    }
  }
  static void update(const maptype *t, uint8_t *slot, Arg k) {
    if ((t->flags & mapflags::NeedKeyUpdate) != 0)
      typedmemmove(t->key, const_cast<void *>(resolve(t, slot)), k);
  }
  static void clear(const maptype *t, uint8_t *slot) {
    if (indirectKey(t)) {
      storePointer(slot, nullptr);
    } else if (t->key->ptrdata != 0) {
      memclr(slot, t->key->size);
    }
  }
  static void move(const maptype *t, uint8_t *dst, uint8_t *src) {
    if (indirectKey(t)) {
      storePointer(dst, loadPointer(src));
    } else {
      typedmemmove(t->key, dst, src);
    }
  }
  static bool reflexive(const maptype *t) { return (t->flags & mapflags::ReflexiveKey) != 0; }
};

// Keys of N bytes of plain memory, passed by value.
template <class T> struct memKey {
  using Arg = T;
  static constexpr bool fast = true;
  static constexpr uintptr_t keysize(const maptype *) { return sizeof(T); }
  static uintptr_t hashStored(const maptype *, const void *k, uintptr_t seed) {
    return sizeof(T) == 4 ? alg::memhash32(k, seed) : alg::memhash64(k, seed);
  }
  static uintptr_t hash(const maptype *t, Arg k, uintptr_t seed) { return hashStored(t, &k, seed); }
  static const void *resolve(const maptype *, const uint8_t *slot) { return slot; }
  static bool matches(const maptype *, const uint8_t *slot, Arg k) {
    T v;
    __builtin_memcpy(&v, slot, sizeof v);
    return v == k;
  }
  static void store(const maptype *, uint8_t *slot, Arg k) { __builtin_memcpy(slot, &k, sizeof k); }
  static void update(const maptype *, uint8_t *, Arg) {}
  static void clear(const maptype *t, uint8_t *slot) {
    if (t->key->ptrdata != 0) storePointer(slot, nullptr); // a pointer key (fast64)
  }
  static void move(const maptype *, uint8_t *dst, uint8_t *src) {
    __builtin_memcpy(dst, src, sizeof(T));
  }
  static bool reflexive(const maptype *) { return true; }
};
using fast32Key = memKey<uint32_t>;
using fast64Key = memKey<uint64_t>;

// Pointer keys: fast64's, with the key stored as a pointer (for the write barrier).
struct fast64ptrKey : memKey<uint64_t> {
  using Arg = void *;
  static uintptr_t hash(const maptype *t, Arg k, uintptr_t seed) { return hashStored(t, &k, seed); }
  static bool matches(const maptype *, const uint8_t *slot, Arg k) {
    return loadPointer(slot) == k;
  }
  static void store(const maptype *, uint8_t *slot, Arg k) { storePointer(slot, k); }
  static void update(const maptype *, uint8_t *, Arg) {}
  static void move(const maptype *, uint8_t *dst, uint8_t *src) {
    storePointer(dst, loadPointer(src));
  }
};

struct faststrKey {
  using Arg = stringStruct;
  static constexpr bool fast = true;
  static constexpr uintptr_t keysize(const maptype *) { return sizeof(stringStruct); }
  static uintptr_t hash(const maptype *, const Arg &k, uintptr_t seed) {
    return alg::memhash(k.ptr, seed, static_cast<uintptr_t>(k.len));
  }
  static uintptr_t hashStored(const maptype *t, const void *k, uintptr_t seed) {
    return hash(t, *static_cast<const stringStruct *>(k), seed);
  }
  static const void *resolve(const maptype *, const uint8_t *slot) { return slot; }
  static bool matches(const maptype *, const uint8_t *slot, const Arg &k) {
    auto *s = reinterpret_cast<const stringStruct *>(slot);
    if (s->len != k.len) return false;
    return s->ptr == k.ptr || k.len == 0 ||
           __builtin_memcmp(s->ptr, k.ptr, static_cast<size_t>(k.len)) == 0;
  }
  static void store(const maptype *, uint8_t *slot, const Arg &k) {
    auto *s = reinterpret_cast<stringStruct *>(slot);
    storePointer(&s->ptr, const_cast<uint8_t *>(k.ptr));
    s->len = k.len;
  }
  // Keep the new string's bytes, so the old ones can be collected.
  static void update(const maptype *t, uint8_t *slot, const Arg &k) { store(t, slot, k); }
  static void clear(const maptype *, uint8_t *slot) { storePointer(slot, nullptr); }
  static void move(const maptype *, uint8_t *dst, uint8_t *src) {
    store(nullptr, dst, *reinterpret_cast<const stringStruct *>(src));
  }
  static bool reflexive(const maptype *) { return true; }
};

// ---- The algorithms, per key policy. ----

// Slot addresses with the policy's key size.
template <class K> uint8_t *keyAtK(const maptype *t, bmap *b, uintptr_t i) {
  return reinterpret_cast<uint8_t *>(b) + dataOffset + i * K::keysize(t);
}

template <class K> uint8_t *elemAtK(const maptype *t, bmap *b, uintptr_t i) {
  return reinterpret_cast<uint8_t *>(b) + dataOffset + bucketCnt * K::keysize(t) + i * t->elemsize;
}

template <class K> void *elemOfK(const maptype *t, bmap *b, uintptr_t i) {
  uint8_t *e = elemAtK<K>(t, b, i);
  return indirectElem(t) ? loadPointer(e) : e;
}

// evacuate moves the entries of old bucket oldbucket (and its overflow chain) to the new
// array. Caller holds hashWriting.
template <class K> void evacuate(const maptype *t, hmap *h, uintptr_t oldbucket) {
  bmap *b = bucketAt(t, h->oldbuckets, oldbucket);
  uintptr_t newbit = noldbuckets(h);
  if (!evacuated(b)) {
    // Destinations: x, the bucket of the same index, and (when doubling) y, the one
    // newbit buckets higher.
    struct evacDst {
      bmap *b;
      uintptr_t i;
    } xy[2] = {{bucketAt(t, h->buckets, oldbucket), 0}, {nullptr, 0}};
    if (!isSameSizeGrow(h)) xy[1] = {bucketAt(t, h->buckets, oldbucket + newbit), 0};
    for (; b != nullptr; b = overflowOf(t, b)) {
      for (uintptr_t i = 0; i < bucketCnt; i++) {
        uint8_t top = b->tophash[i];
        if (isEmpty(top)) {
          b->tophash[i] = evacuatedEmpty;
          continue;
        }
        if (top < minTopHash) throw_("bad map state");
        uint8_t *k = keyAtK<K>(t, b, i);
        uintptr_t useY = 0;
        if (!isSameSizeGrow(h)) {
          const void *k2 = K::resolve(t, k);
          uintptr_t hash = K::hashStored(t, k2, h->hash0);
          if (!K::reflexive(t) && (h->flags & iterator) != 0 && !t->key->equal(k2, k2)) {
            // k != k: its hash is random, and an iterator must be able to tell where it
            // went. Take the old tophash's low bit, and a fresh tophash for the next
            // growth.
            useY = top & 1;
            top = tophash(hash);
          } else if ((hash & newbit) != 0) {
            useY = 1;
          }
        }
        b->tophash[i] = static_cast<uint8_t>(evacuatedX + useY);
        evacDst *dst = &xy[useY];
        if (dst->i == bucketCnt) {
          dst->b = newoverflow(t, h, dst->b);
          dst->i = 0;
        }
        dst->b->tophash[dst->i] = top;
        K::move(t, keyAtK<K>(t, dst->b, dst->i), k);
        uint8_t *e = elemAtK<K>(t, b, i);
        uint8_t *de = elemAtK<K>(t, dst->b, dst->i);
        if (indirectElem(t)) {
          storePointer(de, loadPointer(e));
        } else {
          typedmemmove(t->elem, de, e);
        }
        dst->i++;
      }
    }
    // Drop the old bucket's keys and elements for the collector, unless an iterator may
    // still read them. tophash stays: it holds the evacuation states.
    if ((h->flags & oldIterator) == 0 && t->bucket->ptrdata != 0) {
      auto *ob = reinterpret_cast<uint8_t *>(bucketAt(t, h->oldbuckets, oldbucket));
      memclr(ob + dataOffset, t->bucketsize - dataOffset);
    }
  }
  if (oldbucket == h->nevacuate) advanceEvacuationMark(t, h, newbit);
}

// growWork evacuates the old bucket that the new bucket `bucket` draws from, and one more
// to keep the growth moving. Caller holds hashWriting.
template <class K> void growWork(const maptype *t, hmap *h, uintptr_t bucket) {
  evacuate<K>(t, h, bucket & oldbucketmask(h));
  if (growing(h)) evacuate<K>(t, h, h->nevacuate);
}

// The operations below are inlined into each entry point, so that a fast variant's key
// stays in registers and its policy's helpers fold into the loops.
#define ALWAYS_INLINE __attribute__((always_inline)) inline

// A found entry: bucket and slot, b == nullptr if absent.
struct slotRef {
  bmap *b;
  uintptr_t i;
};

// lookup finds key in a map with count > 0. Caller must not hold hashWriting.
template <class K>
ALWAYS_INLINE slotRef lookup(const maptype *t, hmap *h, const typename K::Arg &key) {
  if ((h->flags & hashWriting) != 0) fatal("concurrent map read and map write");
  if (K::fast && h->B == 0 && h->oldbuckets == nullptr) {
    // One bucket: comparing the few keys is cheaper than hashing. (A one-bucket map
    // never grows at the same size, which needs overflow buckets, so oldbuckets is
    // always nullptr here; the test costs nothing.)
    for (bmap *b = static_cast<bmap *>(h->buckets); b != nullptr; b = overflowOf(t, b)) {
      for (uintptr_t i = 0; i < bucketCnt; i++) {
        uint8_t th = b->tophash[i];
        if (isEmpty(th)) {
          if (th == emptyRest) return {nullptr, 0};
          continue;
        }
        if (K::matches(t, keyAtK<K>(t, b, i), key)) return {b, i};
      }
    }
    return {nullptr, 0};
  }
  uintptr_t hash = K::hash(t, key, h->hash0);
  uintptr_t m = bucketMask(h->B);
  bmap *b = bucketAt(t, h->buckets, hash & m);
  if (h->oldbuckets != nullptr) {
    if (!isSameSizeGrow(h)) m >>= 1; // the old array had half as many buckets
    bmap *oldb = bucketAt(t, h->oldbuckets, hash & m);
    if (!evacuated(oldb)) b = oldb;
  }
  uint8_t top = tophash(hash);
  for (; b != nullptr; b = overflowOf(t, b)) {
    for (uintptr_t i = 0; i < bucketCnt; i++) {
      uint8_t th = b->tophash[i];
      if (th != top) {
        if (th == emptyRest) return {nullptr, 0};
        continue;
      }
      if (K::matches(t, keyAtK<K>(t, b, i), key)) return {b, i};
    }
  }
  return {nullptr, 0};
}

// access is m[key]'s element, or nullptr if absent. Go: mapaccess2 and its fast variants.
template <class K>
ALWAYS_INLINE void *access(const maptype *t, hmap *h, const typename K::Arg &key) {
  if (h == nullptr || h->count == 0) {
    // Hash anyway when that could panic: m[k] must panic for an unhashable k even when
    // m is nil or empty.
    if constexpr (!K::fast) {
      if ((t->flags & mapflags::HashMightPanic) != 0) K::hash(t, key, 0);
    }
    return nullptr;
  }
  slotRef r = lookup<K>(t, h, key);
  return r.b == nullptr ? nullptr : elemOfK<K>(t, r.b, r.i);
}

// assign returns the element slot of key, inserting key if absent. Go: mapassign.
// Runs with hashWriting held from after the hash (a hash that panics leaves the map
// untouched) to the return.
template <class K>
ALWAYS_INLINE void *assign(const maptype *t, hmap *h, const typename K::Arg &key) {
  if (h == nullptr) panicPlainError("assignment to entry in nil map");
  if ((h->flags & hashWriting) != 0) fatal("concurrent map writes");
  uintptr_t hash = K::hash(t, key, h->hash0);
  h->flags ^= hashWriting;
  if (h->buckets == nullptr) {
    checkMapType(t); // the first assignment of a makemap_small map: t's first use
    storePointer(&h->buckets, newobject(t->bucket));
  }
  uint8_t top = tophash(hash);
  bmap *insertb;
  uintptr_t inserti;
  for (;;) {
    uintptr_t bucket = hash & bucketMask(h->B);
    if (growing(h)) growWork<K>(t, h, bucket);
    bmap *b = bucketAt(t, h->buckets, bucket);
    insertb = nullptr;
    inserti = 0;
    bool found = false;
    for (;;) {
      bool stop = false;
      for (uintptr_t i = 0; i < bucketCnt; i++) {
        uint8_t th = b->tophash[i];
        if (th != top) {
          if (isEmpty(th) && insertb == nullptr) {
            insertb = b;
            inserti = i;
          }
          if (th == emptyRest) {
            stop = true;
            break;
          }
          continue;
        }
        uint8_t *k = keyAtK<K>(t, b, i);
        if (!K::matches(t, k, key)) continue;
        K::update(t, k, key);
        insertb = b;
        inserti = i;
        found = true;
        break;
      }
      if (found || stop) break;
      bmap *ovf = overflowOf(t, b);
      if (ovf == nullptr) break;
      b = ovf;
    }
    if (found) break;
    // A new entry. Growing now moves every entry, so start over in the new array.
    if (!growing(h) &&
        (overLoadFactor(h->count + 1, h->B) || tooManyOverflowBuckets(h->noverflow, h->B))) {
      hashGrow(t, h);
      continue;
    }
    if (insertb == nullptr) {
      insertb = newoverflow(t, h, b);
      inserti = 0;
    }
    K::store(t, keyAtK<K>(t, insertb, inserti), key);
    if (indirectElem(t)) storePointer(elemAtK<K>(t, insertb, inserti), newobject(t->elem));
    insertb->tophash[inserti] = top;
    h->count++;
    break;
  }
  if ((h->flags & hashWriting) == 0) fatal("concurrent map writes");
  h->flags &= ~hashWriting;
  return elemOfK<K>(t, insertb, inserti);
}

// removeAt deletes the entry in slot i of b, a bucket of the chain that starts at bOrig,
// and turns the run of empty slots it ends into emptyRest. Caller holds hashWriting.
template <class K> void removeAt(const maptype *t, hmap *h, bmap *bOrig, bmap *b, uintptr_t i) {
  K::clear(t, keyAtK<K>(t, b, i));
  uint8_t *e = elemAtK<K>(t, b, i);
  if (indirectElem(t)) {
    storePointer(e, nullptr);
  } else {
    memclr(e, t->elem->size);
  }
  b->tophash[i] = emptyOne;
  // If nothing follows this slot in the chain, it and the empty slots before it become
  // emptyRest, so searches stop earlier.
  bool last;
  if (i == bucketCnt - 1) {
    bmap *ovf = overflowOf(t, b);
    last = ovf == nullptr || ovf->tophash[0] == emptyRest;
  } else {
    last = b->tophash[i + 1] == emptyRest;
  }
  if (last) {
    for (;;) {
      b->tophash[i] = emptyRest;
      if (i == 0) {
        if (b == bOrig) break;
        // Continue at the last slot of the previous bucket of the chain.
        bmap *c = b;
        for (b = bOrig; overflowOf(t, b) != c; b = overflowOf(t, b)) {
        }
        i = bucketCnt - 1;
      } else {
        i--;
      }
      if (b->tophash[i] != emptyOne) break;
    }
  }
  h->count--;
  // A new seed for an empty map makes it harder to keep triggering collisions.
  if (h->count == 0) h->hash0 = fastrand();
}

// del is delete(m, key). Go: mapdelete.
template <class K> ALWAYS_INLINE void del(const maptype *t, hmap *h, const typename K::Arg &key) {
  if (h == nullptr || h->count == 0) {
    if constexpr (!K::fast) {
      if ((t->flags & mapflags::HashMightPanic) != 0) K::hash(t, key, 0);
    }
    return;
  }
  if ((h->flags & hashWriting) != 0) fatal("concurrent map writes");
  uintptr_t hash = K::hash(t, key, h->hash0);
  h->flags ^= hashWriting;
  uintptr_t bucket = hash & bucketMask(h->B);
  if (growing(h)) growWork<K>(t, h, bucket);
  bmap *bOrig = bucketAt(t, h->buckets, bucket);
  uint8_t top = tophash(hash);
  bool done = false;
  for (bmap *b = bOrig; b != nullptr && !done; b = overflowOf(t, b)) {
    for (uintptr_t i = 0; i < bucketCnt; i++) {
      uint8_t th = b->tophash[i];
      if (th != top) {
        if (th == emptyRest) {
          done = true;
          break;
        }
        continue;
      }
      if (!K::matches(t, keyAtK<K>(t, b, i), key)) continue;
      removeAt<K>(t, h, bOrig, b, i);
      done = true;
      break;
    }
  }
  if ((h->flags & hashWriting) == 0) fatal("concurrent map writes");
  h->flags &= ~hashWriting;
}

hmap *newhmap() {
  auto *h = static_cast<hmap *>(newobject(&hmapType));
  h->hash0 = fastrand();
  return h;
}

const maptype *asMaptype(void *t) { return static_cast<const maptype *>(t); }
hmap *asHmap(void *h) { return static_cast<hmap *>(h); }

void *orZero(const maptype *t, void *e) { return e != nullptr ? e : zeroFor(t); }

stringStruct str(void *p, int64_t n) { return {static_cast<const uint8_t *>(p), n}; }

} // namespace

// ---- Entry points (runtime.def). Each runs on the goroutine using the map. ----

extern "C" void *MakeMap(void *tp, int64_t hint, void *hp) {
  const maptype *t = asMaptype(tp);
  checkMapType(t);
  uintptr_t mem;
  if (hint < 0 || __builtin_mul_overflow(static_cast<uintptr_t>(hint), t->bucketsize, &mem) ||
      mem > maxAlloc) {
    hint = 0;
  }
  hmap *h = asHmap(hp);
  if (h == nullptr) h = static_cast<hmap *>(newobject(&hmapType));
  h->hash0 = fastrand();
  uint8_t B = 0;
  while (overLoadFactor(hint, B))
    B++;
  h->B = B;
  // B == 0: buckets are allocated by the first assignment (or are the caller's).
  if (B != 0) {
    bmap *nextOverflow;
    storePointer(&h->buckets, makeBucketArray(t, B, nullptr, &nextOverflow));
    if (nextOverflow != nullptr) storePointer(&createExtra(h)->nextOverflow, nextOverflow);
  }
  return h;
}

extern "C" void *MakeMapSmall() { return newhmap(); }

extern "C" void *MapAccess1(void *t, void *h, void *key) {
  return orZero(asMaptype(t), access<genericKey>(asMaptype(t), asHmap(h), key));
}

extern "C" void *MapAccess2(void *t, void *h, void *key, void *ok) {
  void *e = access<genericKey>(asMaptype(t), asHmap(h), key);
  *static_cast<uint8_t *>(ok) = e != nullptr;
  return orZero(asMaptype(t), e);
}

extern "C" void *MapAssign(void *t, void *h, void *key) {
  return assign<genericKey>(asMaptype(t), asHmap(h), key);
}

extern "C" void MapDelete(void *t, void *h, void *key) {
  del<genericKey>(asMaptype(t), asHmap(h), key);
}

// MapClear empties the map in place, keeping its bucket array (cleared), so a map that is
// refilled to its old size does not grow again. Go: mapclear.
extern "C" void MapClear(void *tp, void *hp) {
  const maptype *t = asMaptype(tp);
  hmap *h = asHmap(hp);
  if (h == nullptr || h->count == 0) return;
  if ((h->flags & hashWriting) != 0) fatal("concurrent map writes");
  h->flags ^= hashWriting;
  h->flags &= ~sameSizeGrow;
  storePointer(&h->oldbuckets, nullptr);
  h->nevacuate = 0;
  h->noverflow = 0;
  h->count = 0;
  h->hash0 = fastrand();
  if (mapextra *x = extraOf(h)) {
    storePointer(&x->overflow, nullptr);
    storePointer(&x->oldoverflow, nullptr);
    storePointer(&x->nextOverflow, nullptr);
  }
  bmap *nextOverflow;
  makeBucketArray(t, h->B, h->buckets, &nextOverflow);
  // Overflow buckets exist only for B >= 4, whose arrays came with an extra record.
  if (nextOverflow != nullptr) storePointer(&createExtra(h)->nextOverflow, nextOverflow);
  if ((h->flags & hashWriting) == 0) fatal("concurrent map writes");
  h->flags &= ~hashWriting;
}

// MapIterInit starts a range over h at a random bucket and slot offset and moves to the
// first entry. Go: mapiterinit.
extern "C" void MapIterInit(void *tp, void *hp, void *itp) {
  const maptype *t = asMaptype(tp);
  hmap *h = asHmap(hp);
  auto *it = static_cast<hiter *>(itp);
  *it = hiter{};
  it->t = t;
  if (h == nullptr || h->count == 0) return;
  it->h = h;
  it->B = h->B;
  it->buckets = h->buckets;
  if (t->bucket->ptrdata == 0) {
    // The overflow buckets of a pointer-free map are reachable only through these lists:
    // the iterator keeps them alive, even once the map drops them.
    createOverflow(h);
    it->overflow = extraOf(h)->overflow;
    it->oldoverflow = extraOf(h)->oldoverflow;
  }
  uintptr_t r = h->B > 31 - 3 ? fastrand64() : fastrand();
  it->startBucket = r & bucketMask(h->B);
  it->offset = static_cast<uint8_t>((r >> h->B) & (bucketCnt - 1));
  it->bucket = it->startBucket;
  h->flags |= iterator | oldIterator;
  MapIterNext(it);
}

// MapIterNext moves it to the next entry, or sets it->key to nullptr at the end.
// Go: mapiternext.
extern "C" void MapIterNext(void *itp) {
  auto *it = static_cast<hiter *>(itp);
  hmap *h = it->h;
  if (h == nullptr) {
    it->key = nullptr;
    it->elem = nullptr;
    return;
  }
  if ((h->flags & hashWriting) != 0) fatal("concurrent map iteration and map write");
  const maptype *t = it->t;
  uintptr_t bucket = it->bucket;
  auto *b = static_cast<bmap *>(it->bptr);
  uintptr_t i = it->i;
  uintptr_t checkBucket = it->checkBucket;
  for (;;) {
    if (b == nullptr) {
      if (bucket == it->startBucket && it->wrapped != 0) {
        it->key = nullptr;
        it->elem = nullptr;
        return;
      }
      checkBucket = noCheck;
      if (growing(h) && it->B == h->B) {
        // Started during this growth, which is not done: for an old bucket not yet
        // evacuated, walk it, keeping only the entries bound for `bucket`.
        bmap *oldb = bucketAt(t, h->oldbuckets, bucket & oldbucketmask(h));
        if (!evacuated(oldb)) {
          b = oldb;
          checkBucket = bucket;
        }
      }
      if (b == nullptr) b = bucketAt(t, it->buckets, bucket);
      bucket++;
      if (bucket == bucketShift(it->B)) {
        bucket = 0;
        it->wrapped = 1;
      }
      i = 0;
    }
    for (; i < bucketCnt; i++) {
      uintptr_t offi = (i + it->offset) & (bucketCnt - 1);
      uint8_t th = b->tophash[offi];
      if (isEmpty(th) || th == evacuatedEmpty) continue;
      const void *key = genericKey::resolve(t, keyAt(t, b, offi));
      // Whether key == key: asked only where it matters, as it costs a call.
      auto reflexive = [&] { return genericKey::reflexive(t) || t->key->equal(key, key); };
      if (checkBucket != noCheck && !isSameSizeGrow(h)) {
        // Walking an old bucket during a doubling: skip the entries that will go to the
        // other half.
        if (reflexive()) {
          uintptr_t hash = hashKey(t, key, h->hash0);
          if ((hash & bucketMask(it->B)) != checkBucket) continue;
        } else if ((checkBucket >> (it->B - 1)) != uintptr_t(th & 1)) {
          // k != k: evacuate sends it by tophash's low bit.
          continue;
        }
      }
      if ((th != evacuatedX && th != evacuatedY) || !reflexive()) {
        // The entry is where the iterator sees it (or, k != k, can be neither updated
        // nor deleted): return it as it is.
        it->key = const_cast<void *>(key);
        it->elem = elemOf(t, b, offi);
      } else {
        // The map grew since the iteration started and the entry moved: look it up, as
        // it may have been deleted or updated meanwhile.
        slotRef r = h->count == 0 ? slotRef{nullptr, 0} : lookup<genericKey>(t, h, key);
        if (r.b == nullptr) continue;
        it->key = const_cast<void *>(genericKey::resolve(t, keyAt(t, r.b, r.i)));
        it->elem = elemOf(t, r.b, r.i);
      }
      it->bucket = bucket;
      it->bptr = b;
      it->i = static_cast<uint8_t>(i + 1);
      it->checkBucket = checkBucket;
      return;
    }
    b = overflowOf(t, b);
    i = 0;
  }
}

// ---- Fast variants. ----

extern "C" void *MapAccess1Fast32(void *t, void *h, uint64_t key) {
  return orZero(asMaptype(t),
                access<fast32Key>(asMaptype(t), asHmap(h), static_cast<uint32_t>(key)));
}

extern "C" void *MapAccess2Fast32(void *t, void *h, uint64_t key, void *ok) {
  void *e = access<fast32Key>(asMaptype(t), asHmap(h), static_cast<uint32_t>(key));
  *static_cast<uint8_t *>(ok) = e != nullptr;
  return orZero(asMaptype(t), e);
}

extern "C" void *MapAssignFast32(void *t, void *h, uint64_t key) {
  return assign<fast32Key>(asMaptype(t), asHmap(h), static_cast<uint32_t>(key));
}

extern "C" void MapDeleteFast32(void *t, void *h, uint64_t key) {
  del<fast32Key>(asMaptype(t), asHmap(h), static_cast<uint32_t>(key));
}

extern "C" void *MapAccess1Fast64(void *t, void *h, uint64_t key) {
  return orZero(asMaptype(t), access<fast64Key>(asMaptype(t), asHmap(h), key));
}

extern "C" void *MapAccess2Fast64(void *t, void *h, uint64_t key, void *ok) {
  void *e = access<fast64Key>(asMaptype(t), asHmap(h), key);
  *static_cast<uint8_t *>(ok) = e != nullptr;
  return orZero(asMaptype(t), e);
}

extern "C" void *MapAssignFast64(void *t, void *h, uint64_t key) {
  return assign<fast64Key>(asMaptype(t), asHmap(h), key);
}

extern "C" void *MapAssignFast64Ptr(void *t, void *h, void *key) {
  return assign<fast64ptrKey>(asMaptype(t), asHmap(h), key);
}

extern "C" void MapDeleteFast64(void *t, void *h, uint64_t key) {
  del<fast64Key>(asMaptype(t), asHmap(h), key);
}

extern "C" void *MapAccess1FastStr(void *t, void *h, void *p, int64_t n) {
  return orZero(asMaptype(t), access<faststrKey>(asMaptype(t), asHmap(h), str(p, n)));
}

extern "C" void *MapAccess2FastStr(void *t, void *h, void *p, int64_t n, void *ok) {
  void *e = access<faststrKey>(asMaptype(t), asHmap(h), str(p, n));
  *static_cast<uint8_t *>(ok) = e != nullptr;
  return orZero(asMaptype(t), e);
}

extern "C" void *MapAssignFastStr(void *t, void *h, void *p, int64_t n) {
  return assign<faststrKey>(asMaptype(t), asHmap(h), str(p, n));
}

extern "C" void MapDeleteFastStr(void *t, void *h, void *p, int64_t n) {
  del<faststrKey>(asMaptype(t), asHmap(h), str(p, n));
}

} // namespace runtime
