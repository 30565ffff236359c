// An unhashable dynamic key, as compiled maphash.go would use it: m[[]int{1}] panics with
// gc's runtime error naming the type.
#include "maps.h"

void main_init(void) {}

static const gostring nInt = GOSTR("int"), nSlice = GOSTR("[]int"), nEface = GOSTR("interface {}"),
                      nBucket = GOSTR("bucket");
static const type_ tInt = BASIC(8, kindInt, memequal64, tflagRegularMemory, &nInt);
static const type_ tSlice = {24, 8, 0, 0, 8, 8, kindSlice, 0, ptrMask1, &nSlice, 0, 0};
static const interfacetype tEface = {
    {16, 16, 0, 0, 8, 8, kindInterface, nilinterequal, ptrMask2, &nEface, 0, 0}, 0, 0, 0};
static const type_ bEI = {BUCKETSIZE(16, 8), BUCKETSIZE(16, 8), 0, 0, 8, 8, kindStruct, 0,
                          ptrMaskAll,        &nBucket,          0, 0};
static const maptype mEface = {{8, 8, 0, 0, 8, 8, kindMap | kindDirectIface, 0, 0, 0, 0, 0},
                               &tEface.typ,
                               &tInt,
                               &bEI,
                               nilinterhash,
                               16,
                               8,
                               BUCKETSIZE(16, 8),
                               flagNeedKeyUpdate | flagHashMightPanic};

void main_main(void) {
  void *m = makemap_small();
  static const int64_t one = 1;
  eface k1 = {&tInt, (void *)&one};
  *(int64_t *)mapassign(&mEface, m, &k1) = 1;
  printlock();
  printint(maplen(m));
  printnl();
  printunlock();
  static int64_t backing[1] = {1};
  static struct {
    void *p;
    int64_t len, cap;
  } sl = {backing, 1, 1};
  eface ks = {&tSlice, &sl};
  *(int64_t *)mapassign(&mEface, m, &ks) = 2;
}
