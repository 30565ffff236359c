// Unit tests of the collector (runtime/mgc.cpp, mgcmark.cpp, mgcsweep.cpp, mbarrier.cpp):
// what survives a collection and what does not, through roots, precise heap pointers,
// interior pointers, noscan objects, large objects, the stack and globals; the GOGC
// trigger keeping the heap bounded; gctrace's line; the write barrier entry points; and a
// randomised graph mutated across many collections.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>
#include <regex>
#include <string>
#include <vector>

#include "heap_test.h"
#include "os_host.h"

namespace {

using namespace runtime;
using heaptest::addr;
using heaptest::allocated;
using heaptest::FakeType;

constexpr uintptr_t MiB = uintptr_t(1) << 20;

// struct node { next *node; id int; other *node; payload [5]int }: 64 bytes, pointers in
// words 0 and 2.
struct Node {
  Node *next;
  int64_t id;
  Node *other;
  int64_t payload[5];
};
static_assert(sizeof(Node) == 64);
const FakeType &nodeType() {
  static FakeType t(sizeof(Node), 0b101);
  return t;
}

Node *newNode(int64_t id) {
  auto *n = static_cast<Node *>(mallocgc(sizeof(Node), nodeType().type(), true));
  n->id = id;
  for (int i = 0; i < 5; i++)
    n->payload[i] = id * 1000 + i;
  return n;
}

bool intact(const Node *n) {
  for (int i = 0; i < 5; i++) {
    if (n->payload[i] != n->id * 1000 + i) return false;
  }
  return true;
}

class Collector : public heaptest::Isolated {};

TEST_F(Collector, FreesUnreachable) {
  std::vector<void *> objs;
  for (int i = 0; i < 1000; i++)
    objs.push_back(mallocgc(16 + i % 200, nullptr, true));
  objs.push_back(mallocgc(100 << 10, nullptr, true));
  uint64_t nfree = memstats.nfree;
  uint64_t n = memstats.numgc;
  GC();
  EXPECT_EQ(memstats.numgc, n + 1);
  EXPECT_EQ(memstats.numforcedgc > 0, true);
  for (void *p : objs)
    EXPECT_FALSE(allocated(p));
  EXPECT_GE(memstats.nfree, nfree + 1001);
  EXPECT_EQ(gcController.heapMarked, 0u);
}

TEST_F(Collector, KeepsRootedObjects) {
  void *roots[64] = {};
  for (int i = 0; i < 64; i++) {
    roots[i] = mallocgc(8 + 8 * i, nullptr, true);
    std::memset(roots[i], i + 1, 8 + 8 * i);
  }
  void *garbage = mallocgc(64, nullptr, true);
  addRootRange(roots, sizeof roots);
  GC();
  GC();
  for (int i = 0; i < 64; i++) {
    ASSERT_TRUE(allocated(roots[i])) << i;
    auto *b = static_cast<uint8_t *>(roots[i]);
    for (int j = 0; j < 8 + 8 * i; j++)
      ASSERT_EQ(b[j], i + 1);
  }
  EXPECT_FALSE(allocated(garbage));
  // Freed slots are reused, rooted ones are not.
  for (int i = 0; i < 5000; i++) {
    void *p = mallocgc(64, nullptr, true);
    for (void *r : roots)
      ASSERT_NE(p, r);
  }
}

TEST_F(Collector, FollowsHeapPointersPrecisely) {
  // A list of 10000 nodes reachable only from its head; each node's `other` points at a
  // node of a second list reachable only through them.
  Node *head = nullptr;
  std::vector<Node *> all, others;
  for (int i = 0; i < 10000; i++) {
    Node *n = newNode(i);
    n->next = head;
    n->other = newNode(100000 + i);
    others.push_back(n->other);
    head = n;
    all.push_back(n);
  }
  // A node whose only reference sits in a non-pointer word (id) of another: not a
  // pointer for a precise scan.
  Node *hidden = newNode(-1);
  head->id = static_cast<int64_t>(addr(hidden));
  head->payload[0] = static_cast<int64_t>(addr(hidden));
  // A noscan object holding a pointer-sized copy of a node's address: never scanned.
  Node *viaNoscan = newNode(-2);
  auto *raw = static_cast<uintptr_t *>(mallocgc(8, nullptr, true));
  *raw = addr(viaNoscan);
  void *roots[] = {head, raw};
  addRootRange(roots, sizeof roots);
  GC();
  EXPECT_FALSE(allocated(hidden));
  EXPECT_FALSE(allocated(viaNoscan));
  EXPECT_TRUE(allocated(raw));
  for (size_t i = 0; i < all.size(); i++) {
    ASSERT_TRUE(allocated(all[i])) << i;
    ASSERT_TRUE(allocated(others[i])) << i;
    ASSERT_TRUE(intact(others[i]));
    if (all[i] != head) ASSERT_TRUE(intact(all[i]));
  }
  // Cut the list in the middle: the tail and its others go.
  all[5000]->next = nullptr;
  GC();
  for (size_t i = 0; i < all.size(); i++) {
    bool live = i >= 5000;
    ASSERT_EQ(allocated(all[i]), live) << i;
    ASSERT_EQ(allocated(others[i]), live) << i;
  }
}

TEST_F(Collector, InteriorPointersKeepTheirObject) {
  auto *small = static_cast<uint8_t *>(mallocgc(200, nullptr, true)); // class 208
  auto *large = static_cast<uint8_t *>(mallocgc(5 * MiB, nullptr, true));
  auto *tiny = static_cast<uint8_t *>(mallocgc(3, nullptr, true));
  FakeType arr(8, 1);
  auto *big = static_cast<void **>(mallocgc(8 * 100000, arr.type(), true));
  Node *target = newNode(7);
  big[99999] = &target->payload[4]; // interior, in the last element of a large array
  uintptr_t roots[] = {addr(small) + 199, addr(large) + 4 * MiB + 17, addr(tiny) + 2,
                       addr(big) + 8 * 50000};
  addRootRange(roots, sizeof roots);
  GC();
  EXPECT_TRUE(allocated(small));
  EXPECT_TRUE(allocated(large));
  EXPECT_TRUE(allocated(tiny));
  EXPECT_TRUE(allocated(big));
  EXPECT_TRUE(allocated(target));
  EXPECT_TRUE(intact(target));
  // One past the end of the small object is the next slot, not this object.
  roots[0] = addr(small) + 208;
  GC();
  EXPECT_FALSE(allocated(small));
}

TEST_F(Collector, ConservativeWordsNeverResurrect) {
  // Roots full of junk: integers, pointers to free slots, past the heap, into span
  // tails. Nothing is marked that was not allocated, and nothing crashes.
  void *p = mallocgc(64, nullptr, true);
  uintptr_t freed = addr(p);
  GC(); // p is free now
  ASSERT_FALSE(allocated(p));
  mspan *s = spanOf(freed);
  uintptr_t junk[] = {freed, freed + 8, 1, ~uintptr_t(0), uintptr_t(1) << 47, 0x1000, 0};
  addRootRange(junk, sizeof junk);
  GC();
  EXPECT_FALSE(allocated(p));
  (void)s;
}

TEST_F(Collector, LargeTypedArrayIsScannedByType) {
  // [20000]*Node: 160 KB, a large object whose pointers the span's type describes.
  FakeType ptr(8, 1);
  auto **arr = static_cast<Node **>(mallocgc(8 * 20000, ptr.type(), true));
  for (int i = 0; i < 20000; i += 7)
    arr[i] = newNode(i);
  void *roots[] = {arr};
  addRootRange(roots, sizeof roots);
  GC();
  for (int i = 0; i < 20000; i += 7) {
    ASSERT_TRUE(allocated(arr[i])) << i;
    ASSERT_TRUE(intact(arr[i]));
  }
  // A large array of structs: pointers at word 2 of each 3-word element.
  FakeType elem(24, 0b100);
  auto *structs = static_cast<uintptr_t *>(mallocgc(24 * 3000, elem.type(), true));
  Node *kept = newNode(1);
  Node *lost = newNode(2);
  structs[3 * 2999 + 2] = addr(kept); // pointer word of the last element
  structs[3 * 2999 + 1] = addr(lost); // scalar word
  void *roots2[] = {arr, structs};
  clearRootRanges();
  addRootRange(roots2, sizeof roots2);
  GC();
  EXPECT_TRUE(allocated(kept));
  EXPECT_FALSE(allocated(lost));
}

TEST_F(Collector, ArraysOfStructsInSmallObjects) {
  // 5 elements of {x int; p *Node; y int} in one small object (120 bytes, class 128).
  FakeType elem(24, 0b010);
  auto *a = static_cast<uintptr_t *>(mallocgc(24 * 5, elem.type(), true));
  Node *nodes[5];
  for (int i = 0; i < 5; i++) {
    nodes[i] = newNode(i);
    a[3 * i + 1] = addr(nodes[i]);
  }
  Node *scalar = newNode(9);
  a[3 * 4 + 2] = addr(scalar); // a y word: not a pointer
  void *roots[] = {a};
  addRootRange(roots, sizeof roots);
  GC();
  for (Node *n : nodes)
    EXPECT_TRUE(allocated(n));
  EXPECT_FALSE(allocated(scalar));
}

// The stack: a pointer held only by a frame below stackhi survives. The helpers are
// noinline so that the pointer lives in this frame or a register it saved.
__attribute__((noinline)) void *allocOnStackTest() { return newNode(42); }
__attribute__((noinline)) void collect() { GC(); }

TEST_F(Collector, ScansTheStack) {
  gcroots.stack = true;
  gcroots.stackhi = addr(__builtin_frame_address(0));
  void *volatile held = allocOnStackTest();
  Node *reg = newNode(43); // in a register or a slot of this frame
  collect();
  EXPECT_TRUE(allocated(held));
  EXPECT_TRUE(allocated(reg));
  EXPECT_TRUE(intact(reg));
  EXPECT_GT(memstats.lastStackScan, 0u);
  __asm__ volatile("" : : "r"(reg) : "memory");
}

// A global of the test binary: the collector finds it through the ELF program headers.
void *volatile globalRoot;

TEST_F(Collector, ScansGlobals) {
  gcroots.globals = true;
  Node *n = newNode(5);
  globalRoot = n;
  GC();
  EXPECT_TRUE(allocated(n));
  EXPECT_TRUE(intact(n));
  EXPECT_GT(memstats.lastGlobalsScan, 0u);
  globalRoot = nullptr;
}

TEST_F(Collector, TriggerKeepsHeapBounded) {
  // Allocate 400 MiB of garbage next to 2 MiB kept alive, with GOGC=100: collections
  // start whenever the heap reaches its goal, so the heap in use stays near
  // max(2 * live, 4 MiB) instead of growing with the garbage.
  FakeType ptr(8, 1);
  constexpr int nlive = 2048;
  auto **live = static_cast<void **>(mallocgc(8 * nlive, ptr.type(), true));
  for (int i = 0; i < nlive; i++)
    live[i] = mallocgc(1024, nullptr, true);
  void *roots[] = {live};
  addRootRange(roots, sizeof roots);
  GC();
  uint64_t gcs = memstats.numgc;
  uint64_t sys0 = memstats.heapSys;
  EXPECT_EQ(setGCPercent(100), -1);
  memstats.peakHeapInuse = memstats.heapInuse;
  for (int i = 0; i < 400 * 1024; i++) {
    auto *p = static_cast<uint8_t *>(mallocgc(1024 - 8 * (i % 100), nullptr, false));
    p[0] = 1;
    if (i % 1000 == 0) live[i / 1000 % nlive] = mallocgc(2048, nullptr, true); // churn
  }
  uint64_t cycles = memstats.numgc - gcs;
  std::printf("[ measure  ] 400 MiB allocated, 2 MiB live, GOGC=100: %llu collections, peak "
              "in use %.1f MiB, heap grew by %.1f MiB\n",
              static_cast<unsigned long long>(cycles), double(memstats.peakHeapInuse) / MiB,
              double(memstats.heapSys - sys0) / MiB);
  EXPECT_GE(cycles, 40u);
  EXPECT_LE(cycles, 400u);
  EXPECT_LT(memstats.peakHeapInuse, 16 * MiB);
  EXPECT_LT(memstats.heapSys - sys0, 16 * MiB);
  EXPECT_GE(gcController.heapGoal, 4 * MiB);
  for (int i = 0; i < nlive; i++)
    ASSERT_TRUE(allocated(live[i]));
  // GOGC=off: no more collections however much is allocated.
  EXPECT_EQ(setGCPercent(-1), 100);
  gcs = memstats.numgc;
  for (int i = 0; i < 20 * 1024; i++)
    mallocgc(1024, nullptr, false);
  EXPECT_EQ(memstats.numgc, gcs);
}

// GOGC and GODEBUG as rt0_go reads them (gcinit, parsedebugvars), from a fake
// environment.
TEST_F(Collector, ReadsGOGCAndGODEBUG) {
  uint8_t **savedEnvs = envs;
  int32_t savedN = nenvs;
  int32_t savedPercent = gcController.gcPercent;
  struct Case {
    const char *env;
    int32_t percent;
    uint64_t minimum;
  };
  for (const Case &c :
       {Case{nullptr, 100, 4 * MiB}, Case{"GOGC=50", 50, 2 * MiB}, Case{"GOGC=off", -1, 4 * MiB},
        Case{"GOGC=-5", -1, 4 * MiB}, Case{"GOGC=300", 300, 12 * MiB},
        Case{"GOGC=abc", 100, 4 * MiB}, Case{"GOGC=", 100, 4 * MiB}}) {
    std::string e = c.env != nullptr ? c.env : "OTHER=1";
    uint8_t *vec[] = {reinterpret_cast<uint8_t *>(e.data()), nullptr};
    envs = vec;
    nenvs = 1;
    gcinit();
    EXPECT_EQ(gcController.gcPercent, c.percent) << e;
    EXPECT_EQ(gcController.heapMinimum, c.minimum) << e;
    if (c.percent < 0) {
      EXPECT_EQ(gcController.trigger, ~uint64_t(0)) << e;
    } else {
      EXPECT_GE(gcController.heapGoal, c.minimum) << e;
    }
  }
  std::string d = "GODEBUG=madvdontneed=1,gctrace=2,x";
  uint8_t *vec[] = {reinterpret_cast<uint8_t *>(d.data()), nullptr};
  envs = vec;
  nenvs = 1;
  parsedebugvars();
  EXPECT_EQ(debug.gctrace, 2);
  envs = savedEnvs;
  nenvs = savedN;
  setGCPercent(savedPercent);
  debug.gctrace = 0;
}

TEST_F(Collector, GctraceLine) {
  debug.gctrace = 1;
  setGCPercent(100);
  void *roots[] = {mallocgc(3 * MiB, nullptr, true)};
  addRootRange(roots, sizeof roots);
  hostos::startCapture();
  GC();
  std::vector<hostos::Write> w = hostos::stopCapture();
  std::string out;
  for (const auto &x : w) {
    EXPECT_EQ(x.fd, 2u);
    out += x.bytes;
  }
  std::regex line("gc [0-9]+ @[0-9]+\\.[0-9]{3}s [0-9]+%: [0-9.]+\\+[0-9.]+\\+[0-9.]+ ms clock, "
                  "[0-9]+->[0-9]+->3 MB, 6 MB goal, 0 MB stacks, 0 MB globals, 1 P "
                  "\\(forced\\)\n");
  EXPECT_TRUE(std::regex_match(out, line)) << out;
}

TEST_F(Collector, WriteBarrierEntries) {
  Node *a = newNode(1);
  Node *b = newNode(2);
  Node *holder = newNode(3);
  holder->next = a;
  GCWriteBarrier(&holder->next, b);
  EXPECT_EQ(holder->next, b);
  Node copy{};
  TypedMemmove(const_cast<_type *>(nodeType().type()), &copy, holder);
  EXPECT_EQ(copy.next, b);
  EXPECT_EQ(copy.id, 3);
  // With the barrier on (as while a concurrent collector marks), both the overwritten and
  // the new pointer are shaded: they survive the next collection though nothing refers
  // to them, and the one after frees them.
  Node *c = newNode(4);
  writeBarrier.enabled = 1;
  GCWriteBarrier(&holder->next, c);
  writeBarrier.enabled = 0;
  EXPECT_EQ(holder->next, c);
  holder->next = nullptr;
  GC();
  EXPECT_TRUE(allocated(b));
  EXPECT_TRUE(allocated(c));
  GC();
  EXPECT_FALSE(allocated(b));
  EXPECT_FALSE(allocated(c));
  EXPECT_FALSE(allocated(a));
}

TEST_F(Collector, BulkBarrierShadesOldAndNewPointers) {
  // The barrier compiled code calls before copying or clearing values with pointers: with
  // the flag set, the pointers about to be overwritten (in each of the n values) and the
  // ones about to be written survive the next collection; with it clear it does nothing.
  Node *old0 = newNode(1), *old1 = newNode(2), *neu = newNode(3);
  Node *dst = static_cast<Node *>(mallocgc(2 * sizeof(Node), nodeType().type(), true));
  addRootRange(&dst, sizeof dst);
  dst[0].next = old0;
  dst[1].other = old1;
  Node src[2] = {};
  src[1].next = neu;
  writeBarrier.enabled = 1;
  BulkBarrierPreWrite(const_cast<_type *>(nodeType().type()), dst, src, 2);
  writeBarrier.enabled = 0;
  // Nothing refers to the three any more (the tests' collector does not scan the stack).
  __builtin_memset(static_cast<void *>(dst), 0, 2 * sizeof(Node));
  src[1].next = nullptr;
  GC();
  EXPECT_TRUE(allocated(old0));
  EXPECT_TRUE(allocated(old1));
  EXPECT_TRUE(allocated(neu));
  GC();
  EXPECT_FALSE(allocated(old0));
  EXPECT_FALSE(allocated(old1));
  EXPECT_FALSE(allocated(neu));
  // Clearing (src nullptr) shades the old pointers only; a clear flag is a no-op.
  Node *old2 = newNode(4);
  dst[0].next = old2;
  BulkBarrierPreWrite(const_cast<_type *>(nodeType().type()), dst, nullptr, 1);
  writeBarrier.enabled = 1;
  BulkBarrierPreWrite(const_cast<_type *>(nodeType().type()), dst, nullptr, 1);
  writeBarrier.enabled = 0;
  dst[0].next = nullptr;
  GC();
  EXPECT_TRUE(allocated(old2));
  clearRootRanges();
}

TEST_F(Collector, WriteBarrierCheckModeCountsWithoutShading) {
  // GODEBUG=wbcheck=1: the flag stays set for the whole run; the barrier stores and
  // counts but does not shade (no collection is marking while Go code runs).
  Node *a = newNode(1), *b = newNode(2);
  Node *holder = newNode(3);
  addRootRange(&holder, sizeof holder);
  holder->next = a;
  wbcheckStats before = wbcheck;
  debug.wbcheck = 1;
  writeBarrier.enabled = 1;
  GCWriteBarrier(&holder->next, b);
  Node copy{};
  TypedMemmove(const_cast<_type *>(nodeType().type()), &copy, holder);
  BulkBarrierPreWrite(const_cast<_type *>(nodeType().type()), holder, &copy, 1);
  writeBarrier.enabled = 0;
  debug.wbcheck = 0;
  EXPECT_EQ(holder->next, b);
  EXPECT_EQ(copy.next, b);
  EXPECT_EQ(wbcheck.pointerStores, before.pointerStores + 1);
  EXPECT_EQ(wbcheck.bulkBarriers, before.bulkBarriers + 2);
  EXPECT_EQ(wbcheck.pointerWords, before.pointerWords + 4); // Node has two pointer words
  GC();
  EXPECT_FALSE(allocated(a)); // the overwritten pointer was not shaded
  EXPECT_TRUE(allocated(b));
  clearRootRanges();
}

TEST_F(Collector, RandomGraphSurvivesManyCycles) {
  // A graph of nodes mutated at random between collections; after each one, every node
  // reachable from the roots (found by walking the graph) is allocated and intact, and
  // the heap stays bounded although far more nodes were made than are ever live.
  std::mt19937_64 rng(12345);
  constexpr int nroots = 256;
  Node *roots[nroots] = {};
  addRootRange(roots, sizeof roots);
  int64_t nextId = 1;
  uint64_t peak = 0;
  for (int cycle = 0; cycle < 60; cycle++) {
    for (int i = 0; i < 5000; i++) {
      Node *n = newNode(nextId++);
      int r = static_cast<int>(rng() % nroots);
      switch (rng() % 4) {
      case 0: // replace a root
        n->next = roots[r];
        roots[r] = n;
        break;
      case 1: // hang under a root's node
        if (roots[r] != nullptr) {
          n->other = roots[r]->other;
          roots[r]->other = n;
        }
        break;
      case 2: // drop a chain
        if (roots[r] != nullptr) roots[r] = roots[r]->next;
        break;
      default: // garbage
        break;
      }
      // Keep chains short so the live set stays bounded.
      if (roots[r] != nullptr && rng() % 8 == 0) roots[r]->next = nullptr;
    }
    GC();
    // Walk everything reachable.
    std::vector<Node *> stack(roots, roots + nroots);
    int64_t seen = 0;
    while (!stack.empty()) {
      Node *n = stack.back();
      stack.pop_back();
      if (n == nullptr) continue;
      ASSERT_TRUE(allocated(n)) << "cycle " << cycle;
      ASSERT_TRUE(intact(n)) << "cycle " << cycle << " node " << n->id;
      seen++;
      ASSERT_LT(seen, nextId);
      stack.push_back(n->next);
      stack.push_back(n->other);
    }
    if (memstats.heapInuse > peak) peak = memstats.heapInuse;
  }
  EXPECT_GT(nextId, 300000);
  EXPECT_LT(peak, 64 * MiB);
}

} // namespace
