// The map, hash and equality entry points and the type descriptors the map smoke programs
// (maps.c, mapnil.c, maphash.c) build by hand, as compiled Go code will: C restatements of
// runtime/include/talpa/abi.h's _type, maptype, structtype, interfacetype, eface and
// hiter, and of runtime.def's "Maps, hashing and equality" section.
#ifndef TALPA_SMOKE_MAPS_H
#define TALPA_SMOKE_MAPS_H

#include <stdbool.h>
#include <stdint.h>

#include "rt.h"

typedef bool (*equalfn)(const void *, const void *);
typedef uintptr_t (*hashfn)(const void *, uintptr_t);

typedef struct type_ {
  uintptr_t size;
  uintptr_t ptrdata;
  uint32_t hash;
  uint8_t tflag;
  uint8_t align;
  uint8_t fieldAlign;
  uint8_t kind;
  equalfn equal;
  const uint8_t *gcdata;
  const gostring *str;
  const void *uncommon;
  const struct type_ *ptrToThis;
} type_;

typedef struct {
  type_ typ;
  const type_ *key;
  const type_ *elem;
  const type_ *bucket;
  hashfn hasher;
  uint8_t keysize;
  uint8_t elemsize;
  uint16_t bucketsize;
  uint32_t flags;
} maptype;

typedef struct {
  const gostring *name;
  const type_ *typ;
  uintptr_t offset;
  const gostring *tag;
  uintptr_t embedded;
} structfield;

typedef struct {
  type_ typ;
  const gostring *pkgpath;
  const structfield *fields;
  uintptr_t nfields;
} structtype;

typedef struct {
  type_ typ;
  const gostring *pkgpath;
  const void *methods;
  uintptr_t mcount;
} interfacetype;

typedef struct {
  const type_ *type;
  void *data;
} eface;

typedef struct {
  void *key;
  void *elem;
  uintptr_t rest[10];
} hiter;

enum {
  kindInt = 2,
  kindInt32 = 5,
  kindInt64 = 6,
  kindFloat64 = 14,
  kindInterface = 20,
  kindMap = 21,
  kindSlice = 23,
  kindString = 24,
  kindStruct = 25,
  kindDirectIface = 32,
  tflagRegularMemory = 8,
  flagIndirectKey = 1,
  flagIndirectElem = 2,
  flagReflexiveKey = 4,
  flagNeedKeyUpdate = 8,
  flagHashMightPanic = 16,
};

// The bucket size of map[K]E for key and element slots of ks and es bytes.
#define BUCKETSIZE(ks, es) (8 + 8 * ((ks) + (es)) + 8)

void *makemap(const maptype *t, int64_t hint, void *h) GOSYM("runtime.makemap");
void *makemap_small(void) GOSYM("runtime.makemap_small");
void *mapaccess1(const maptype *t, void *h, const void *key) GOSYM("runtime.mapaccess1");
void *mapaccess2(const maptype *t, void *h, const void *key, uint8_t *ok)
    GOSYM("runtime.mapaccess2");
void *mapassign(const maptype *t, void *h, const void *key) GOSYM("runtime.mapassign");
void mapdelete(const maptype *t, void *h, const void *key) GOSYM("runtime.mapdelete");
void mapclear(const maptype *t, void *h) GOSYM("runtime.mapclear");
void mapiterinit(const maptype *t, void *h, hiter *it) GOSYM("runtime.mapiterinit");
void mapiternext(hiter *it) GOSYM("runtime.mapiternext");
void *mapaccess1_fast64(const maptype *t, void *h, uint64_t key) GOSYM("runtime.mapaccess1_fast64");
void *mapaccess2_fast64(const maptype *t, void *h, uint64_t key, uint8_t *ok)
    GOSYM("runtime.mapaccess2_fast64");
void *mapassign_fast64(const maptype *t, void *h, uint64_t key) GOSYM("runtime.mapassign_fast64");
void mapdelete_fast64(const maptype *t, void *h, uint64_t key) GOSYM("runtime.mapdelete_fast64");
void *mapaccess1_faststr(const maptype *t, void *h, const void *p, int64_t n)
    GOSYM("runtime.mapaccess1_faststr");
void *mapassign_faststr(const maptype *t, void *h, const void *p, int64_t n)
    GOSYM("runtime.mapassign_faststr");

bool memequal32(const void *p, const void *q) GOSYM("runtime.memequal32");
bool memequal64(const void *p, const void *q) GOSYM("runtime.memequal64");
bool strequal(const void *p, const void *q) GOSYM("runtime.strequal");
bool f64equal(const void *p, const void *q) GOSYM("runtime.f64equal");
bool nilinterequal(const void *p, const void *q) GOSYM("runtime.nilinterequal");
uintptr_t memhash64(const void *p, uintptr_t seed) GOSYM("runtime.memhash64");
uintptr_t strhash(const void *p, uintptr_t seed) GOSYM("runtime.strhash");
uintptr_t f64hash(const void *p, uintptr_t seed) GOSYM("runtime.f64hash");
uintptr_t nilinterhash(const void *p, uintptr_t seed) GOSYM("runtime.nilinterhash");

// len(m): the hmap's first word, 0 for a nil map.
static inline int64_t maplen(void *h) { return h == 0 ? 0 : *(int64_t *)h; }

// Pointer bitmaps (_type::gcdata) for the collector: word 0, words 0-1, word 1, and every
// word (buckets: the collector ignores words that do not point into the heap).
static const uint8_t ptrMask1[] = {0x01}, ptrMask2[] = {0x03}, ptrMaskWord1[] = {0x02};
static const uint8_t ptrMaskAll[64] = {[0 ... 63] = 0xff};

#define GOSTR(lit) {(const uint8_t *)(lit), (int64_t)(sizeof(lit) - 1)}

// Basic type descriptors.
#define BASIC(sz, kind_, eq, tflag_, name)                                                         \
  {(sz), 0, 0, (tflag_), (sz) >= 8 ? 8 : (sz), (sz) >= 8 ? 8 : (sz), (kind_), (eq), 0, (name), 0, 0}

#endif
