// Assignment to a nil map, as compiled mapnil.go would do it: reads are fine, the write
// panics with gc's plainError.
#include "maps.h"

void main_init(void) {}

static const gostring nString = GOSTR("string"), nInt = GOSTR("int"), nBucket = GOSTR("bucket");
static const type_ tString = {16, 8, 0, 0, 8, 8, kindString, strequal, ptrMask1, &nString, 0, 0};
static const type_ tInt = BASIC(8, kindInt, memequal64, tflagRegularMemory, &nInt);
static const type_ bSI = {BUCKETSIZE(16, 8), BUCKETSIZE(16, 8), 0, 0, 8, 8, kindStruct, 0,
                          ptrMaskAll,        &nBucket,          0, 0};
static const maptype mStr = {{8, 8, 0, 0, 8, 8, kindMap | kindDirectIface, 0, 0, 0, 0, 0},
                             &tString,
                             &tInt,
                             &bSI,
                             strhash,
                             16,
                             8,
                             BUCKETSIZE(16, 8),
                             flagReflexiveKey | flagNeedKeyUpdate};

void main_main(void) {
  void *m = 0;
  printlock();
  printint(*(int64_t *)mapaccess1_faststr(&mStr, m, S("a")));
  printsp();
  printint(maplen(m));
  printnl();
  printunlock();
  *(int64_t *)mapassign_faststr(&mStr, m, S("a")) = 1;
}
