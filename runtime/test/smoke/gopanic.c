// A panic in a goroutine other than the main one: gc's message and that goroutine's
// header (goroutine 7: talpa numbers goroutines as gc with GOMAXPROCS=1), exit 2.
#include "rt.h"

void newproc(void *fn) GOSYM("runtime.newproc");
void Gosched(void) GOSYM("runtime.Gosched");
int64_t GOMAXPROCS(int64_t n) GOSYM("runtime.GOMAXPROCS");

typedef struct {
  void (*code)(void *);
  int64_t x;
} fclo;
static const gotype cloType = {16, 0, 0x5678, 0, 8, 8, 25, 0, 0, 0, 0, 0};

static int64_t done;

static void fcode(void *c) {
  if (((fclo *)c)->x == 2) panicstring(S("boom in goroutine"));
  done++;
}

static void gof(int64_t x) {
  fclo *c = (fclo *)newobject(&cloType);
  c->code = fcode;
  c->x = x;
  newproc(c);
}

void main_init(void) {}

void main_main(void) {
  GOMAXPROCS(1);
  gof(0);
  gof(1);
  while (done < 2)
    Gosched();
  gof(2);
  for (;;)
    Gosched();
}
