// The collector on every target: what compiled gc.go does, through the runtime entry
// points (newobject, growslice, runtime.GC) with hand-written type descriptors. Roots
// live in this file's bss (found through the ELF program headers, the PE section table
// or the Mach-O segments), on the stack and in callee-saved registers (tree() holds its
// node across the recursive calls that allocate and may collect). The default GOGC
// triggers several collections; the last line checks that the heap stayed bounded.
#include "rt.h"

typedef struct node {
  struct node *left;
  int64_t id;
  struct node *right;
  struct node *next;
  int64_t data[4];
} node;

// node: 64 bytes, pointers in words 0, 2 and 3; *node: one pointer word.
static const uint8_t nodeMask[] = {0x0d};
static const gotype nodeType = {64, 32, 0x1234, 0, 8, 8, 25, 0, nodeMask, 0, 0, 0};
static const uint8_t ptrMask[] = {0x01};
static const gotype ptrType = {8, 8, 0x5678, 0, 8, 8, 22, 0, ptrMask, 0, 0, 0};

static node *global;
static node *table[64];

static node *newnode(int64_t id) {
  node *n = (node *)newobject(&nodeType);
  n->id = id;
  return n;
}

static node *tree(int64_t depth, int64_t id) {
  node *n = newnode(id);
  n->data[0] = id * 3;
  n->data[3] = id ^ 0x55;
  if (depth > 0) {
    n->left = tree(depth - 1, 2 * id);
    n->right = tree(depth - 1, 2 * id + 1);
  }
  return n;
}

static int64_t check(const node *n) {
  if (n == 0) return 0;
  int64_t s = n->id + n->data[0] - n->data[3];
  if (n->data[0] != n->id * 3 || n->data[3] != (n->id ^ 0x55)) s += (int64_t)1 << 40;
  return s + check(n->left) + 3 * check(n->right);
}

static void println2(const char *label, int64_t len, int64_t v) {
  printlock();
  printstring(label, len);
  printsp();
  printint(v);
  printnl();
  printunlock();
}
#define PRINTLN(lit, v) println2(lit, sizeof(lit) - 1, v)

void main_init(void) {}

void main_main(void) {
  global = tree(14, 1);
  for (int i = 0; i < 64; i++)
    table[i] = tree(3, i);
  int64_t sum = 0;
  for (int i = 0; i < 300; i++)
    sum += check(tree(10, i));
  goslice s = {0, 0, 0};
  for (int64_t i = 0; i < 100000; i++) {
    node *v = i % 10 == 0 ? newnode(i) : 0;
    if (s.len == s.cap) growslice(&s, &ptrType, s.ptr, s.len, s.cap, s.len + 1);
    ((node **)s.ptr)[s.len++] = v;
  }
  node *list = 0;
  for (int i = 0; i < 1000; i++) {
    node *n = newnode(i);
    n->next = list;
    list = n;
  }
  runtimeGC();
  for (int i = 0; i < 100; i++)
    sum += check(tree(10, i));
  int64_t t = 0;
  for (int i = 0; i < 64; i++)
    t += check(table[i]);
  int64_t b = 0;
  for (int64_t i = 0; i < s.len; i++) {
    node *n = ((node **)s.ptr)[i];
    if (n != 0) b += n->id;
  }
  int64_t l = 0;
  for (node *n = list; n != 0; n = n->next)
    l += n->id;
  PRINTLN("global", check(global));
  PRINTLN("table", t);
  PRINTLN("garbage", sum);
  printlock();
  printstring(S("append "));
  printint(s.len);
  printsp();
  printint(s.cap);
  printsp();
  printint(b);
  printnl();
  printunlock();
  PRINTLN("list", l);
  // About 3 MB stay live while over 50 MB are allocated: a bounded heap stays within a
  // few times the live size, and takes several collections.
  int ok = runtime_memstats.numgc >= 5 && runtime_memstats.peakHeapInuse < ((uint64_t)32 << 20);
  printlock();
  printstring(S("heap bounded "));
  printbool((uint8_t)ok);
  if (!ok) {
    printsp();
    printuint(runtime_memstats.numgc);
    printsp();
    printuint(runtime_memstats.peakHeapInuse);
  }
  printnl();
  printunlock();
}
