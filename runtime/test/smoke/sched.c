// The scheduler on every target: what compiled sched.go does, through runtime.newproc,
// runtime.Gosched, runtime.NumGoroutine and runtime.GC. Goroutines keep lists of heap
// nodes on their own stacks and in callee-saved registers while parked; the collections
// in between must find them (the sums), and dead goroutines' g records and stacks are
// reused (the second phase starts 3000 short-lived goroutines).
#include "rt.h"

void newproc(void *fn) GOSYM("runtime.newproc");
void Gosched(void) GOSYM("runtime.Gosched");
int64_t NumGoroutine(void) GOSYM("runtime.NumGoroutine");
int64_t GOMAXPROCS(int64_t n) GOSYM("runtime.GOMAXPROCS");

typedef struct node {
  struct node *next;
  int64_t v;
} node;
static const uint8_t nodeMask[] = {0x01};
static const gotype nodeType = {16, 8, 0x1234, 0, 8, 8, 25, 0, nodeMask, 0, 0, 0};

// The closure a go statement builds: the code, then the arguments (no heap pointers).
typedef struct {
  void (*code)(void *);
  int64_t id, n;
} workclo;
static const gotype cloType = {24, 0, 0x5678, 0, 8, 8, 25, 0, 0, 0, 0, 0};

static int64_t counter, done, sum;
static node *garbage;

static node *newnode(node *next, int64_t v) {
  node *p = (node *)newobject(&nodeType);
  p->next = next;
  p->v = v;
  return p;
}

static void worker(int64_t id, int64_t n) {
  node *head = 0;
  for (int64_t i = 0; i < n; i++) {
    head = newnode(head, id * 1000 + i);
    for (int64_t j = 0; j < 20; j++)
      garbage = newnode(0, j);
    counter++;
    Gosched();
  }
  for (node *p = head; p != 0; p = p->next)
    sum += p->v;
  done++;
}

static void workercode(void *c) {
  workclo *w = (workclo *)c;
  worker(w->id, w->n);
}

static void goworker(int64_t id, int64_t n) {
  workclo *c = (workclo *)newobject(&cloType);
  c->code = workercode;
  c->id = id;
  c->n = n;
  newproc(c);
}

static void print2(const char *a, int64_t alen, int64_t x) {
  printstring(a, alen);
  printsp();
  printint(x);
}

void main_init(void) {}

void main_main(void) {
  GOMAXPROCS(1);
  for (int64_t i = 0; i < 10; i++)
    goworker(i, 100);
  printlock();
  print2(S("goroutines"), NumGoroutine());
  printnl();
  printunlock();
  while (done < 10) {
    runtimeGC();
    Gosched();
  }
  printlock();
  print2(S("counter"), counter);
  printsp();
  print2(S("sum"), sum);
  printsp();
  print2(S("goroutines"), NumGoroutine());
  printnl();
  printunlock();
  for (int64_t round = 0; round < 3; round++) {
    for (int64_t i = 0; i < 1000; i++)
      goworker(i, 2);
    while (done < 10 + (round + 1) * 1000)
      Gosched();
    printlock();
    print2(S("round"), round);
    printsp();
    print2(S("sum"), sum);
    printsp();
    print2(S("goroutines"), NumGoroutine());
    printnl();
    printunlock();
  }
}
