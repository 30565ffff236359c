// Unit tests of finalizers (runtime/mfinal.cpp): the special records on spans, what the
// collector does with an object that has one (kept for one more cycle, what it refers to
// kept, its finalizer queued), the queue and the calls it makes (argument conversions,
// results in memory and through a hidden pointer), SetFinalizer's checks, and the
// finalizer goroutine on the host scheduler.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <vector>

#include "heap_test.h"
#include "os_host.h"
#include "proc.h"

namespace {

using namespace runtime;
using heaptest::addr;
using heaptest::allocated;
using heaptest::FakeType;
using talpa::abi::eface;
using talpa::abi::functype;
using talpa::abi::interfacetype;
using talpa::abi::ptrtype;
namespace kinds = talpa::abi::kinds;

// struct { next *T; x int }: 16 bytes, a pointer in word 0.
struct Obj {
  Obj *next;
  int64_t x;
};
const FakeType &objType() {
  static FakeType t(sizeof(Obj), 0b1);
  return t;
}
Obj *newObj(int64_t x) {
  auto *o = static_cast<Obj *>(mallocgc(sizeof(Obj), objType().type(), true));
  o->x = x;
  return o;
}

const stringStruct *str(const char *s) {
  static std::vector<stringStruct> *all = new std::vector<stringStruct>();
  all->reserve(64);
  all->push_back(
      {reinterpret_cast<const uint8_t *>(s), static_cast<intptr_t>(__builtin_strlen(s))});
  return &all->back();
}

// Descriptors of *Obj, func(*Obj), and the like, as the compiler emits them.
struct Types {
  ptrtype ptrObj{};    // *main.Obj
  ptrtype ptrInt{};    // *int
  _type intT{};        // int
  _type objT{};        // main.Obj
  interfacetype any{}; // interface {}
  _type resultArray{}; // [3]int
  const _type *params1[1];
  const _type *paramsAny[1];
  const _type *paramsMem[2];
  const _type *paramsMany[5];
  const _type *paramsInt[1];
  functype finObj{};  // func(*main.Obj)
  functype finAny{};  // func(interface {})
  functype finMem{};  // func(*main.Obj) [3]int
  functype finMany{}; // func(*main.Obj) (int, int, int, int)
  functype finInt{};  // func(int)
  functype finVar{};  // func(...*main.Obj)
  Types() {
    objT = *objType().type();
    objT.kind = kinds::Struct;
    objT.str = str("main.Obj");
    intT.size = 8;
    intT.align = 8;
    intT.kind = kinds::Int;
    intT.str = str("int");
    ptrObj.typ.size = 8;
    ptrObj.typ.ptrdata = 8;
    ptrObj.typ.kind = kinds::Pointer | kinds::DirectIface;
    ptrObj.typ.str = str("*main.Obj");
    ptrObj.elem = &objT;
    ptrInt.typ = ptrObj.typ;
    ptrInt.typ.str = str("*int");
    ptrInt.elem = &intT;
    any.typ.size = 16;
    any.typ.kind = kinds::Interface;
    any.typ.str = str("interface {}");
    resultArray.size = 24;
    resultArray.align = 8;
    resultArray.kind = kinds::Array;
    params1[0] = &ptrObj.typ;
    paramsAny[0] = &any.typ;
    paramsMem[0] = &ptrObj.typ;
    paramsMem[1] = &resultArray;
    paramsMany[0] = &ptrObj.typ;
    for (int i = 1; i < 5; i++)
      paramsMany[i] = &intT;
    paramsInt[0] = &intT;
    auto fn = [](functype &f, const char *s, uint16_t in, uint16_t out, const _type *const *p) {
      f.typ.size = 8;
      f.typ.kind = kinds::Func | kinds::DirectIface;
      f.typ.str = str(s);
      f.in_count = in;
      f.out_count = out;
      f.params = p;
    };
    fn(finObj, "func(*main.Obj)", 1, 0, params1);
    fn(finAny, "func(interface {})", 1, 0, paramsAny);
    fn(finMem, "func(*main.Obj) [3]int", 1, 1, paramsMem);
    fn(finMany, "func(*main.Obj) (int, int, int, int)", 1, 4, paramsMany);
    fn(finInt, "func(int)", 1, 0, paramsInt);
    fn(finVar, "func(...*main.Obj)", 1, 0x8000, params1);
  }
};
Types &types() {
  static Types *t = new Types();
  return *t;
}

// What the finalizers saw, in call order.
std::vector<uintptr_t> *calls = new std::vector<uintptr_t>();
Obj *resurrected;

// A closure: word 0 the code, then what the test wants to find in it.
struct Closure {
  void *code;
  int64_t tag;
};

void finRecord(void *ctx, void *arg) {
  EXPECT_EQ(static_cast<Closure *>(ctx)->tag, 42);
  calls->push_back(addr(arg));
}
void finResurrect(void *, void *arg) {
  calls->push_back(addr(arg));
  resurrected = static_cast<Obj *>(arg);
}
void finAny(void *, const void *type, void *data) {
  EXPECT_EQ(type, &types().ptrObj.typ);
  calls->push_back(addr(data));
}
void finMem(void *, int64_t *out, void *arg) {
  out[0] = out[1] = out[2] = 7;
  calls->push_back(addr(arg));
}
struct Four {
  int64_t a, b, c, d;
};
Four finMany(void *, void *arg) {
  calls->push_back(addr(arg));
  return {1, 2, 3, 4};
}

Closure recordClosure{reinterpret_cast<void *>(finRecord), 42};
Closure resurrectClosure{reinterpret_cast<void *>(finResurrect), 0};

bool add(void *p, Closure *c, const functype &ft = types().finObj) {
  return addfinalizer(p, c, &ft, ft.params[0], &types().ptrObj);
}

class Finalizers : public heaptest::Isolated {
protected:
  void SetUp() override {
    heaptest::Isolated::SetUp();
    calls->clear();
    resurrected = nullptr;
    runQueuedFinalizers();
  }
};

TEST_F(Finalizers, RecordsAddAndRemove) {
  Obj *a = newObj(1), *b = newObj(2);
  uint64_t n = finalizerCount();
  EXPECT_TRUE(add(a, &recordClosure));
  EXPECT_FALSE(add(a, &recordClosure)); // "finalizer already set"
  EXPECT_TRUE(add(b, &recordClosure));
  EXPECT_EQ(finalizerCount(), n + 2);
  mspan *s = spanOf(addr(a));
  ASSERT_NE(s->specials, nullptr);
  EXPECT_TRUE(removefinalizer(a));
  EXPECT_FALSE(removefinalizer(a));
  EXPECT_TRUE(removefinalizer(b));
  EXPECT_EQ(finalizerCount(), n);
  EXPECT_EQ(s->specials, nullptr);
}

TEST_F(Finalizers, UnreachableObjectIsKeptOneCycleAndFinalized) {
  Obj *a = newObj(1);
  uintptr_t pa = addr(a);
  ASSERT_TRUE(add(a, &recordClosure));
  a = nullptr;
  uint64_t n = finalizerCount();
  GC();
  // Kept, its record gone, its finalizer queued with the object as argument.
  EXPECT_TRUE(allocated(reinterpret_cast<void *>(pa)));
  EXPECT_EQ(finalizerCount(), n - 1);
  EXPECT_EQ(queuedFinalizers(), 1u);
  GC(); // still queued: the queue keeps it
  EXPECT_TRUE(allocated(reinterpret_cast<void *>(pa)));
  EXPECT_TRUE(runQueuedFinalizers());
  EXPECT_EQ(*calls, std::vector<uintptr_t>{pa});
  EXPECT_EQ(queuedFinalizers(), 0u);
  GC();
  EXPECT_FALSE(allocated(reinterpret_cast<void *>(pa)));
}

TEST_F(Finalizers, ReachableObjectIsNotFinalized) {
  Obj *a = newObj(1);
  void *roots[] = {a};
  addRootRange(roots, sizeof roots);
  ASSERT_TRUE(add(a, &recordClosure));
  GC();
  GC();
  EXPECT_EQ(queuedFinalizers(), 0u);
  EXPECT_TRUE(allocated(a));
  EXPECT_TRUE(removefinalizer(a));
}

TEST_F(Finalizers, ReferentsSurviveAndChainsFinalizeInOrder) {
  // a -> b -> c, finalizers on a and b, c without: a goes first, then b, then c is freed.
  Obj *a = newObj(1), *b = newObj(2), *c = newObj(3);
  a->next = b;
  b->next = c;
  uintptr_t pa = addr(a), pb = addr(b), pc = addr(c);
  ASSERT_TRUE(add(a, &recordClosure));
  ASSERT_TRUE(add(b, &recordClosure));
  a = b = c = nullptr;
  GC();
  EXPECT_EQ(queuedFinalizers(), 1u);
  runQueuedFinalizers();
  EXPECT_EQ(*calls, std::vector<uintptr_t>{pa});
  EXPECT_TRUE(allocated(reinterpret_cast<void *>(pc)));
  EXPECT_EQ(reinterpret_cast<Obj *>(pc)->x, 3);
  GC();
  runQueuedFinalizers();
  EXPECT_EQ(*calls, (std::vector<uintptr_t>{pa, pb}));
  EXPECT_FALSE(allocated(reinterpret_cast<void *>(pa)));
  GC();
  EXPECT_FALSE(allocated(reinterpret_cast<void *>(pb)));
  EXPECT_FALSE(allocated(reinterpret_cast<void *>(pc)));
}

TEST_F(Finalizers, ResurrectionKeepsTheObject) {
  Obj *a = newObj(5);
  uintptr_t pa = addr(a);
  ASSERT_TRUE(add(a, &resurrectClosure));
  a = nullptr;
  addRootRange(&resurrected, sizeof resurrected);
  GC();
  runQueuedFinalizers();
  ASSERT_EQ(addr(resurrected), pa);
  GC();
  GC();
  EXPECT_TRUE(allocated(resurrected));
  EXPECT_EQ(resurrected->x, 5);
  EXPECT_EQ(queuedFinalizers(), 0u); // the record went with the first call
  resurrected = nullptr;
  GC();
  EXPECT_FALSE(allocated(reinterpret_cast<void *>(pa)));
}

TEST_F(Finalizers, FunctionIsKeptByTheRecord) {
  // A closure in the heap referenced only by the record (and so, once queued, by the
  // queue).
  auto *c = static_cast<Closure *>(mallocgc(sizeof(Closure), nullptr, true));
  *c = {reinterpret_cast<void *>(finRecord), 42};
  Obj *a = newObj(1);
  void *roots[] = {a};
  addRootRange(roots, sizeof roots);
  ASSERT_TRUE(add(a, c));
  GC();
  EXPECT_TRUE(allocated(c));
  clearRootRanges();
  GC();
  EXPECT_TRUE(allocated(c));
  EXPECT_EQ(queuedFinalizers(), 1u);
  runQueuedFinalizers();
  EXPECT_EQ(calls->size(), 1u);
  GC();
  EXPECT_FALSE(allocated(c));
}

TEST_F(Finalizers, TinyAndLargeObjects) {
  // Two pointer-free 4-byte objects in one tiny block, each with a finalizer; and a
  // 100 KiB object.
  auto *t1 = static_cast<int32_t *>(mallocgc(4, nullptr, true));
  auto *t2 = static_cast<int32_t *>(mallocgc(4, nullptr, true));
  ASSERT_EQ(spanOf(addr(t1))->objIndex(addr(t1)), spanOf(addr(t2))->objIndex(addr(t2)));
  void *big = mallocgc(100 << 10, nullptr, true);
  ASSERT_TRUE(add(t1, &recordClosure));
  ASSERT_TRUE(add(t2, &recordClosure));
  ASSERT_TRUE(add(big, &recordClosure));
  uintptr_t p1 = addr(t1), p2 = addr(t2), pb = addr(big);
  t1 = t2 = nullptr;
  big = nullptr;
  GC();
  EXPECT_EQ(queuedFinalizers(), 3u);
  runQueuedFinalizers();
  std::vector<uintptr_t> got = *calls;
  std::sort(got.begin(), got.end());
  std::vector<uintptr_t> want = {p1, p2, pb};
  std::sort(want.begin(), want.end());
  EXPECT_EQ(got, want);
  GC();
  EXPECT_FALSE(allocated(reinterpret_cast<void *>(p1)));
  EXPECT_FALSE(allocated(reinterpret_cast<void *>(pb)));
}

TEST_F(Finalizers, QueueRunsNewestFirstInABlock) {
  // Objects in one span are queued in address order; runfinq runs a block's calls from
  // the last to the first, as gc's.
  std::vector<uintptr_t> objs;
  for (int i = 0; i < 5; i++) {
    Obj *o = newObj(i);
    objs.push_back(addr(o));
    ASSERT_TRUE(add(o, &recordClosure));
  }
  GC();
  EXPECT_EQ(queuedFinalizers(), 5u);
  runQueuedFinalizers();
  std::vector<uintptr_t> want = objs;
  std::sort(want.begin(), want.end(), std::greater<>());
  EXPECT_EQ(*calls, want);
  GC();
}

TEST_F(Finalizers, ManyQueuedCallsSpanSeveralBlocks) {
  constexpr int n = 1000;
  for (int i = 0; i < n; i++)
    ASSERT_TRUE(add(newObj(i), &recordClosure));
  GC();
  EXPECT_EQ(queuedFinalizers(), uint64_t(n));
  // A collection while they wait keeps every one of them.
  GC();
  EXPECT_EQ(queuedFinalizers(), uint64_t(n));
  runQueuedFinalizers();
  EXPECT_EQ(calls->size(), size_t(n));
  for (uintptr_t p : *calls)
    ASSERT_EQ(reinterpret_cast<Obj *>(p)->x >= 0 && reinterpret_cast<Obj *>(p)->x < n, true);
  GC();
  for (uintptr_t p : *calls)
    ASSERT_FALSE(allocated(reinterpret_cast<void *>(p)));
}

TEST_F(Finalizers, ArgumentAndResultConventions) {
  Closure anyC{reinterpret_cast<void *>(finAny), 0};
  Closure memC{reinterpret_cast<void *>(finMem), 0};
  Closure manyC{reinterpret_cast<void *>(finMany), 0};
  Obj *a = newObj(1), *b = newObj(2), *c = newObj(3);
  std::vector<uintptr_t> want = {addr(a), addr(b), addr(c)};
  ASSERT_TRUE(add(a, &anyC, types().finAny));
  ASSERT_TRUE(add(b, &memC, types().finMem));
  ASSERT_TRUE(add(c, &manyC, types().finMany));
  a = b = c = nullptr;
  GC();
  runQueuedFinalizers();
  std::vector<uintptr_t> got = *calls;
  std::sort(got.begin(), got.end());
  std::sort(want.begin(), want.end());
  EXPECT_EQ(got, want);
}

// SetFinalizer's checks: gc's throws.
using FinalizersDeathTest = Finalizers;

eface ef(const void *t, void *p) { return {static_cast<const _type *>(t), p}; }

TEST_F(FinalizersDeathTest, Checks) {
  Obj *a = newObj(1);
  int64_t local = 0;
  eface fn = ef(&types().finObj, &recordClosure);
  eface nilf = ef(nullptr, nullptr);
  EXPECT_EXIT(setfinalizer(&nilf, &fn), ::testing::ExitedWithCode(2),
              "fatal error: runtime.SetFinalizer: first argument is nil\n");
  eface i = ef(&types().intT, &local);
  EXPECT_EXIT(setfinalizer(&i, &fn), ::testing::ExitedWithCode(2),
              "fatal error: runtime.SetFinalizer: first argument is int, not pointer\n");
  eface inner = ef(&types().ptrObj, &a->x); // Obj has pointers: no tiny allocation
  EXPECT_EXIT(setfinalizer(&inner, &fn), ::testing::ExitedWithCode(2),
              "fatal error: runtime.SetFinalizer: pointer not at beginning of allocated block\n");
  eface nilp = ef(&types().ptrObj, nullptr);
  EXPECT_EXIT(setfinalizer(&nilp, &fn), ::testing::ExitedWithCode(2),
              "fatal error: runtime.SetFinalizer: pointer not in allocated block\n");
  eface obj = ef(&types().ptrObj, a);
  eface notfn = ef(&types().intT, &local);
  EXPECT_EXIT(setfinalizer(&obj, &notfn), ::testing::ExitedWithCode(2),
              "fatal error: runtime.SetFinalizer: second argument is int, not a function\n");
  eface wrong = ef(&types().finInt, &recordClosure);
  EXPECT_EXIT(setfinalizer(&obj, &wrong), ::testing::ExitedWithCode(2),
              "fatal error: runtime.SetFinalizer: cannot pass \\*main.Obj to finalizer "
              "func\\(int\\)\n");
  eface variadic = ef(&types().finVar, &recordClosure);
  EXPECT_EXIT(setfinalizer(&obj, &variadic), ::testing::ExitedWithCode(2),
              "fatal error: runtime.SetFinalizer: cannot pass \\*main.Obj to finalizer "
              "func\\(...\\*main.Obj\\) because dotdotdot\n");
  // nil finalizer: removes (nothing to remove is fine); a global: nothing recorded.
  EXPECT_TRUE(add(a, &recordClosure));
  setfinalizer(&obj, &nilf);
  EXPECT_FALSE(removefinalizer(a));
  static Obj global;
  eface g = ef(&types().ptrObj, &global);
  setfinalizer(&g, &fn);
  eface zero = ef(&types().ptrObj, mallocgc(0, nullptr, false));
  setfinalizer(&zero, &fn);
}

} // namespace

// The finalizer goroutine for real, on the host scheduler (in a death test's child, as
// proc_test.cpp's scenarios: the scheduler's state is global).
namespace runtime {
namespace {

void finSay(void *, void *arg) {
  printcstr("finalized ");
  printuint64(static_cast<uint64_t>(static_cast<Obj *>(arg)->x));
  printcstr(" on goroutine ");
  printuint64(static_cast<uint64_t>(getg()->goid));
  printcstr(", goroutines ");
  printuint64(static_cast<uint64_t>(NumGoroutine()));
  printcstr("\n");
}

__attribute__((noinline)) void setup(int64_t x) {
  static Closure say{reinterpret_cast<void *>(finSay), 0};
  eface obj{&types().ptrObj.typ, newObj(x)};
  eface fn{&types().finObj.typ, &say};
  setfinalizer(&obj, &fn);
}

[[noreturn]] void fingScenario() {
  gcroots = {.globals = false, .stack = false, .stackhi = 0};
  setGCPercent(-1);
  schedinit();
  mstart0(getg());
  setup(7);
  setup(8);
  printcstr("goroutines ");
  printuint64(static_cast<uint64_t>(NumGoroutine()));
  printcstr("\n");
  GC(); // queues both, readies runfinq and yields to it
  printcstr("after GC\n");
  exit(0);
}

TEST(FinalizerGoroutineDeathTest, RunsQueuedFinalizers) {
  SKIP_UNDER_ASAN();
  // In address order, queued 7 then 8, run newest first; goroutine 5 is runfinq (the
  // first goroutine made), which NumGoroutine does not count.
  EXPECT_EXIT(fingScenario(), ::testing::ExitedWithCode(0),
              "^goroutines 1\nfinalized 8 on goroutine 5, goroutines 1\n"
              "finalized 7 on goroutine 5, goroutines 1\nafter GC\n$");
}

} // namespace
} // namespace runtime
