// runtime.Goexit on the main goroutine: the others run to their end, then the program
// dies with gc's "no goroutines (main called runtime.Goexit) - deadlock!" (exit 2). One
// worker: with two, the order of their lines would depend on whether main is preempted
// (sysmon; at newobject) between the two go statements.
#include "rt.h"

void newproc(void *fn) GOSYM("runtime.newproc");
void Gosched(void) GOSYM("runtime.Gosched");
void Goexit(void) GOSYM("runtime.Goexit");
int64_t GOMAXPROCS(int64_t n) GOSYM("runtime.GOMAXPROCS");

typedef struct {
  void (*code)(void *);
  int64_t id;
} workclo;
static const gotype cloType = {16, 0, 0x5678, 0, 8, 8, 25, 0, 0, 0, 0, 0};

static void workcode(void *c) {
  int64_t id = ((workclo *)c)->id;
  for (int64_t i = 0; i < 2; i++) {
    printlock();
    printstring(S("work"));
    printsp();
    printint(id);
    printsp();
    printint(i);
    printnl();
    printunlock();
    Gosched();
  }
}

static void gowork(int64_t id) {
  workclo *c = (workclo *)newobject(&cloType);
  c->code = workcode;
  c->id = id;
  newproc(c);
}

void main_init(void) {}

void main_main(void) {
  GOMAXPROCS(1);
  gowork(1);
  printlock();
  printstring(S("main exits"));
  printnl();
  printunlock();
  Goexit();
  printlock();
  printstring(S("not reached"));
  printnl();
  printunlock();
}
