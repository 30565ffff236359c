// Maps as compiled maps.go would use them: the runtime calls gc makes for each statement
// (fast64 for int64 and int keys, faststr for string keys, the generic entry points for
// float64, interface and struct keys), with the descriptors built by hand (maps.h).
// Everything printed is independent of iteration order, except the one line that checks
// that the order varies.
#include "maps.h"

void main_init(void) {}

static const gostring nInt = GOSTR("int"), nInt32 = GOSTR("int32"), nInt64 = GOSTR("int64"),
                      nFloat64 = GOSTR("float64"), nString = GOSTR("string"),
                      nEface = GOSTR("interface {}"), nKey = GOSTR("main.key"), nA = GOSTR("a"),
                      nBlank = GOSTR("_"), nS = GOSTR("s"), nBucket = GOSTR("bucket");

static const type_ tInt = BASIC(8, kindInt, memequal64, tflagRegularMemory, &nInt);
static const type_ tInt32 = BASIC(4, kindInt32, memequal32, tflagRegularMemory, &nInt32);
static const type_ tInt64 = BASIC(8, kindInt64, memequal64, tflagRegularMemory, &nInt64);
static const type_ tFloat64 = BASIC(8, kindFloat64, f64equal, 0, &nFloat64);
static const type_ tString = {16, 8, 0, 0, 8, 8, kindString, strequal, ptrMask1, &nString, 0, 0};
static const interfacetype tEface = {
    {16, 16, 0, 0, 8, 8, kindInterface, nilinterequal, ptrMask2, &nEface, 0, 0}, 0, 0, 0};

// type key struct { a int32; _ int32; s string }
typedef struct {
  int32_t a;
  int32_t blank;
  gostring s;
} key;

static bool keyequal(const void *p, const void *q) {
  const key *x = p, *y = q;
  return x->a == y->a && strequal(&x->s, &y->s);
}

static const structfield keyFields[] = {
    {&nA, &tInt32, 0, 0, 0},
    {&nBlank, &tInt32, 4, 0, 0},
    {&nS, &tString, 8, 0, 0},
};
static const structtype tKey = {
    {24, 16, 0, 0, 8, 8, kindStruct, keyequal, ptrMaskWord1, &nKey, 0, 0}, 0, keyFields, 3};

#define BUCKET(ks, es, ptrs)                                                                       \
  {BUCKETSIZE(ks, es),                                                                             \
   (ptrs) ? BUCKETSIZE(ks, es) : 0,                                                                \
   0,                                                                                              \
   0,                                                                                              \
   8,                                                                                              \
   8,                                                                                              \
   kindStruct,                                                                                     \
   0,                                                                                              \
   (ptrs) ? ptrMaskAll : 0,                                                                        \
   &nBucket,                                                                                       \
   0,                                                                                              \
   0}
#define MAPTYPE(k, e, bucket, hasher, ks, es, flags)                                               \
  {{8, 8, 0, 0, 8, 8, kindMap | kindDirectIface, 0, 0, 0, 0, 0},                                   \
   (k),                                                                                            \
   (e),                                                                                            \
   (bucket),                                                                                       \
   (hasher),                                                                                       \
   (ks),                                                                                           \
   (es),                                                                                           \
   BUCKETSIZE(ks, es),                                                                             \
   (flags)}

static const type_ bII = BUCKET(8, 8, 0), bSI = BUCKET(16, 8, 1), bEI = BUCKET(16, 8, 1),
                   bKI = BUCKET(24, 8, 1);
// map[int64]int64, map[int]int, map[float64]int, map[string]int, map[interface{}]int,
// map[key]int (struct keys have no helper hasher: the runtime walks the descriptor).
static const maptype mI64 = MAPTYPE(&tInt64, &tInt64, &bII, memhash64, 8, 8, flagReflexiveKey);
static const maptype mInt = MAPTYPE(&tInt, &tInt, &bII, memhash64, 8, 8, flagReflexiveKey);
static const maptype mF64 = MAPTYPE(&tFloat64, &tInt, &bII, f64hash, 8, 8, flagNeedKeyUpdate);
static const maptype mStr =
    MAPTYPE(&tString, &tInt, &bSI, strhash, 16, 8, flagReflexiveKey | flagNeedKeyUpdate);
static const maptype mEface =
    MAPTYPE(&tEface.typ, &tInt, &bEI, nilinterhash, 16, 8, flagNeedKeyUpdate | flagHashMightPanic);
static const maptype mKey =
    MAPTYPE(&tKey.typ, &tInt, &bKI, 0, 24, 8, flagReflexiveKey | flagNeedKeyUpdate);

static int64_t *elem(void *p) { return (int64_t *)p; }

static void println3(int64_t a, int64_t b, int64_t c) {
  printlock();
  printint(a);
  printsp();
  printint(b);
  printsp();
  printint(c);
  printnl();
  printunlock();
}

void main_main(void) {
  // int64 keys: growth, lookup, delete, iteration.
  void *m = makemap_small();
  for (int64_t i = 0; i < 100000; i++)
    *elem(mapassign_fast64(&mI64, m, (uint64_t)(i * 7))) = i;
  int64_t sum = 0, n = 0;
  hiter it;
  for (mapiterinit(&mI64, m, &it); it.key != 0; mapiternext(&it)) {
    sum += *(int64_t *)it.key - *elem(it.elem);
    n++;
  }
  println3(maplen(m), n, sum);
  for (int64_t i = 0; i < 100000; i += 2)
    mapdelete_fast64(&mI64, m, (uint64_t)(i * 7));
  uint8_t ok;
  int64_t v = *elem(mapaccess2_fast64(&mI64, m, 21, &ok));
  printlock();
  printint(maplen(m));
  printsp();
  printint(*elem(mapaccess1_fast64(&mI64, m, 7)));
  printsp();
  printint(*elem(mapaccess1_fast64(&mI64, m, 14)));
  printsp();
  printint(v);
  printsp();
  printbool(ok);
  printnl();
  printunlock();

  // string keys
  void *s = makemap_small();
  uint8_t buf[7] = {'k', 'e', 'y', '-', '0', '0', '0'};
  for (int i = 0; i < 1000; i++) {
    buf[4] = (uint8_t)('0' + i / 100);
    buf[5] = (uint8_t)('0' + i / 10 % 10);
    buf[6] = (uint8_t)('0' + i % 10);
    uint8_t *k = mallocgc(7, 0, 0); // string(buf) copies
    for (int j = 0; j < 7; j++)
      k[j] = buf[j];
    *elem(mapassign_faststr(&mStr, s, k, 7)) = i;
  }
  printlock();
  printint(maplen(s));
  printsp();
  printint(*elem(mapaccess1_faststr(&mStr, s, S("key-123"))));
  printsp();
  printint(*elem(mapaccess1_faststr(&mStr, s, S("key-999"))));
  printsp();
  printint(*elem(mapaccess1_faststr(&mStr, s, S("nope"))));
  printnl();
  printunlock();

  // float keys: NaN and signed zeros
  volatile double zero = 0;
  double z = zero, nan = z / z, negz = -z;
  void *f = makemap_small();
  *elem(mapassign(&mF64, f, &nan)) = 1;
  *elem(mapassign(&mF64, f, &nan)) = 2;
  *elem(mapassign(&mF64, f, &z)) = 3;
  *elem(mapassign(&mF64, f, &negz)) = 4;
  int64_t nans = 0;
  for (mapiterinit(&mF64, f, &it); it.key != 0; mapiternext(&it)) {
    double k = *(double *)it.key;
    if (k != k) nans++;
  }
  mapaccess2(&mF64, f, &nan, &ok);
  printlock();
  printint(maplen(f));
  printsp();
  printint(nans);
  printsp();
  printint(*elem(mapaccess1(&mF64, f, &z)));
  printsp();
  printbool(ok);
  printnl();
  printunlock();
  mapdelete(&mF64, f, &nan);
  printlock();
  printint(maplen(f));
  printnl();
  printunlock();
  // for k := range f { delete(f, k) }: gc deletes one by one here (NaNs stay), since the
  // key is not reflexive; mapclear would remove them (checked after the golden lines).
  for (mapiterinit(&mF64, f, &it); it.key != 0; mapiternext(&it))
    mapdelete(&mF64, f, it.key);
  printlock();
  printint(maplen(f));
  printnl();
  printunlock();

  // iteration order varies
  void *small = makemap_small();
  for (int64_t i = 0; i < 100; i++)
    *elem(mapassign_fast64(&mInt, small, (uint64_t)i)) = i;
  int64_t first = -1;
  bool differs = false;
  for (int try = 0; try < 20; try++) {
    mapiterinit(&mInt, small, &it);
    int64_t k = *(int64_t *)it.key;
    if (first < 0) {
      first = k;
    } else if (k != first) {
      differs = true;
    }
  }
  printlock();
  printbool(differs);
  printnl();
  printunlock();

  // nil map reads and deletes
  mapdelete_fast64(&mInt, 0, 5);
  printlock();
  printint(*elem(mapaccess1_fast64(&mInt, 0, 5)));
  printsp();
  printint(maplen(0));
  printnl();
  printunlock();

  // interface keys: 1, "a", int64(1), nil
  void *im = makemap_small();
  static const int64_t one = 1;
  static const gostring a = GOSTR("a");
  static const int32_t one32 = 1;
  eface k1 = {&tInt, (void *)&one}, ka = {&tString, (void *)&a}, k64 = {&tInt64, (void *)&one},
        knil = {0, 0}, k32 = {&tInt32, (void *)&one32};
  *elem(mapassign(&mEface, im, &k1)) = 1;
  *elem(mapassign(&mEface, im, &ka)) = 2;
  *elem(mapassign(&mEface, im, &k64)) = 3;
  *elem(mapassign(&mEface, im, &knil)) = 4;
  printlock();
  printint(maplen(im));
  printsp();
  printint(*elem(mapaccess1(&mEface, im, &k1)));
  printsp();
  printint(*elem(mapaccess1(&mEface, im, &ka)));
  printsp();
  printint(*elem(mapaccess1(&mEface, im, &k64)));
  printsp();
  printint(*elem(mapaccess1(&mEface, im, &k32)));
  printsp();
  printint(*elem(mapaccess1(&mEface, im, &knil)));
  printnl();
  printunlock();

  // struct keys (the blank field is not part of the key)
  void *km = makemap_small();
  key x1 = {1, 0, GOSTR("x")}, x1b = {1, 99, GOSTR("x")}, x2 = {2, 0, GOSTR("x")};
  *elem(mapassign(&mKey, km, &x1)) = 5;
  *elem(mapassign(&mKey, km, &x1b)) += 1;
  *elem(mapassign(&mKey, km, &x2)) = 7;
  printlock();
  printint(maplen(km));
  printsp();
  printint(*elem(mapaccess1(&mKey, km, &x1)));
  printnl();
  printunlock();

  // delete during iteration
  void *d = makemap_small();
  for (int64_t i = 0; i < 1000; i++)
    *elem(mapassign_fast64(&mInt, d, (uint64_t)i)) = i;
  int64_t seen = 0;
  for (mapiterinit(&mInt, d, &it); it.key != 0; mapiternext(&it)) {
    int64_t k = *(int64_t *)it.key;
    seen++;
    mapdelete_fast64(&mInt, d, (uint64_t)k);
    mapdelete_fast64(&mInt, d, (uint64_t)(999 - k));
  }
  printlock();
  printint(seen);
  printsp();
  printint(maplen(d));
  printnl();
  printunlock();

  // Beyond maps.go: mapclear removes NaN keys too, and a map made with a hint.
  mapclear(&mF64, f);
  void *h = makemap(&mI64, 1000, 0);
  for (int64_t i = 0; i < 1000; i++)
    *elem(mapassign_fast64(&mI64, h, (uint64_t)i)) = i;
  if (maplen(f) != 0 || maplen(h) != 1000 || *elem(mapaccess1_fast64(&mI64, h, 999)) != 999)
    panicstring(S("mapclear or makemap misbehaved"));
}
