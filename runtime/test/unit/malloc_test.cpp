// Unit tests of the allocator (runtime/malloc.cpp, mcache.cpp, mcentral.cpp, mheap.cpp,
// mbitmap.cpp): size classes in use, alignment, zeroing of reused memory, large and
// huge objects, heap bitmaps from type descriptors, newobject/newarray, out of memory,
// and a small-object throughput measurement (printed, never asserted).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

#include "heap_test.h"
#include "os_host.h"

namespace {

using namespace runtime;
using heaptest::addr;
using heaptest::allocated;
using heaptest::FakeType;

constexpr uintptr_t MiB = uintptr_t(1) << 20;

bool allZero(const void *p, uintptr_t n) {
  auto *b = static_cast<const uint8_t *>(p);
  for (uintptr_t i = 0; i < n; i++) {
    if (b[i] != 0) return false;
  }
  return true;
}

class Malloc : public heaptest::Isolated {};

TEST_F(Malloc, ZeroSizeIsZerobase) {
  // Every 0-byte allocation is the same non-nil address outside the heap, as gc's zerobase.
  void *a = mallocgc(0, nullptr, true);
  void *b = MallocGC(0, nullptr, 0);
  FakeType t(0, 0);
  EXPECT_NE(a, nullptr);
  EXPECT_EQ(a, b);
  EXPECT_EQ(NewObject(const_cast<_type *>(t.type())), a);
  EXPECT_EQ(spanOf(addr(a)), nullptr);
}

TEST_F(Malloc, AlignmentFollowsSize) {
  // A Go type's size is a multiple of its alignment (at most 8): objects are aligned to
  // the largest power of two up to 8 dividing their size, tiny ones included, and class
  // sizes that are multiples of 16 give 16.
  for (uintptr_t size = 1; size <= 300; size++) {
    void *odd = mallocgc(1, nullptr, true); // leave the tiny block at an odd offset
    void *p = mallocgc(size, nullptr, true);
    ASSERT_NE(p, nullptr);
    EXPECT_NE(p, odd);
    uintptr_t align = size % 8 == 0 ? 8 : size % 4 == 0 ? 4 : size % 2 == 0 ? 2 : 1;
    EXPECT_EQ(addr(p) % align, 0u) << "size " << size;
    if (size >= maxTinySize) {
      uintptr_t cls = roundupsize(size);
      if (cls % 16 == 0) EXPECT_EQ(addr(p) % 16, 0u) << "size " << size;
    }
  }
}

TEST_F(Malloc, SmallObjectsUseTheirSizeClass) {
  FakeType ptr(8, 1);
  for (int c = 1; c < numSizeClasses; c++) {
    uintptr_t size = sizeclasses.class_to_size[c];
    for (bool scan : {false, true}) {
      if (!scan && size < maxTinySize) continue; // the tiny allocator's
      void *p = mallocgc(size, scan ? ptr.type() : nullptr, true);
      mspan *s = spanOf(addr(p));
      ASSERT_NE(s, nullptr) << "class " << c;
      EXPECT_EQ(s->elemsize, size);
      EXPECT_EQ(s->sizeclass(), c);
      EXPECT_EQ(s->noscan(), !scan);
      EXPECT_EQ(s->npages, sizeclasses.class_to_allocnpages[c]);
      EXPECT_EQ((addr(p) - s->base()) % size, 0u);
      // Interior pointers find the same span and object.
      EXPECT_EQ(spanOf(addr(p) + size - 1), s);
      EXPECT_EQ(s->objIndex(addr(p) + size - 1), s->objIndex(addr(p)));
      EXPECT_TRUE(allocated(p));
    }
  }
}

TEST_F(Malloc, TinyObjectsShareBlocks) {
  // Noscan objects under 16 bytes are packed into 16-byte blocks of the tiny span class.
  auto *a = static_cast<uint8_t *>(mallocgc(4, nullptr, true));
  auto *b = static_cast<uint8_t *>(mallocgc(4, nullptr, true));
  mspan *s = spanOf(addr(a));
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->spanclass, tinySpanClass);
  if (addr(b) / 16 == addr(a) / 16) EXPECT_EQ(b, a + 4);
  // Scannable small objects are never tiny.
  FakeType ptr(8, 1);
  EXPECT_NE(spanOf(addr(mallocgc(8, ptr.type(), true)))->spanclass, tinySpanClass);
}

TEST_F(Malloc, DisjointAndIntact) {
  // Fill each object as soon as it is handed out with a pattern of its own; at the end
  // every pattern must still be there, so no two objects overlapped.
  struct Obj {
    uint8_t *p;
    uintptr_t n;
    uint8_t v;
  };
  std::vector<Obj> objs;
  for (uintptr_t i = 0; i < 20000; i++) {
    uintptr_t n = 1 + (i * 7919) % (i % 50 == 0 ? 40000 : 600);
    auto *p = static_cast<uint8_t *>(mallocgc(n, nullptr, true));
    ASSERT_TRUE(allZero(p, n)) << "object " << i << " of " << n << " bytes";
    auto v = static_cast<uint8_t>(i * 31 + 1);
    std::memset(p, v, n);
    objs.push_back({p, n, v});
  }
  for (const Obj &o : objs) {
    for (uintptr_t j = 0; j < o.n; j++)
      ASSERT_EQ(o.p[j], o.v);
  }
}

TEST_F(Malloc, ReusedMemoryIsZeroed) {
  // Dirty a few spans' worth of objects, keep one in ten (so their spans stay), free the
  // rest with a collection, and allocate until the freed slots come back: each must be
  // cleared, since the caller asks or the type has pointers.
  constexpr int n = 2000;
  std::vector<void *> kept;
  std::vector<uintptr_t> freed;
  for (int i = 0; i < n; i++) {
    void *p = mallocgc(48, nullptr, true);
    std::memset(p, 0xab, 48);
    if (i % 10 == 0) {
      kept.push_back(p);
    } else {
      freed.push_back(addr(p));
    }
  }
  addRootRange(kept.data(), kept.size() * sizeof(void *));
  GC();
  std::sort(freed.begin(), freed.end());
  for (uintptr_t p : freed)
    ASSERT_FALSE(allocated(reinterpret_cast<void *>(p)));
  size_t reused = 0;
  for (int i = 0; i < 20 * n && reused < freed.size(); i++) {
    void *p = mallocgc(48, nullptr, true);
    ASSERT_TRUE(allZero(p, 48)) << "allocation " << i;
    reused += std::binary_search(freed.begin(), freed.end(), addr(p));
  }
  EXPECT_EQ(reused, freed.size());
  for (void *p : kept)
    EXPECT_EQ(*static_cast<uint8_t *>(p), 0xab);
  // The same for a type with pointers, even when the caller says needzero = false.
  FakeType t(48, 0b101);
  kept.clear();
  freed.clear();
  for (int i = 0; i < n; i++) {
    void *p = mallocgc(48, t.type(), true);
    std::memset(p, 0xcd, 48);
    if (i % 10 == 0) {
      kept.push_back(p);
    } else {
      freed.push_back(addr(p));
    }
  }
  clearRootRanges();
  addRootRange(kept.data(), kept.size() * sizeof(void *));
  GC();
  std::sort(freed.begin(), freed.end());
  reused = 0;
  for (int i = 0; i < 20 * n && reused < freed.size(); i++) {
    void *p = mallocgc(48, t.type(), false);
    ASSERT_TRUE(allZero(p, 48)) << "allocation " << i;
    reused += std::binary_search(freed.begin(), freed.end(), addr(p));
  }
  EXPECT_EQ(reused, freed.size());
}

TEST_F(Malloc, LargeObjects) {
  uint64_t inuse = memstats.heapInuse;
  for (uintptr_t size : {maxSmallSize + 1, uintptr_t(100) << 10, 3 * MiB + 5}) {
    auto *p = static_cast<uint8_t *>(mallocgc(size, nullptr, true));
    mspan *s = spanOf(addr(p));
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->sizeclass(), 0);
    EXPECT_EQ(s->base(), addr(p));
    EXPECT_EQ(s->npages, (size + pageSize - 1) / pageSize);
    EXPECT_EQ(s->elemsize, s->npages * pageSize);
    EXPECT_EQ(addr(p) % pageSize, 0u);
    EXPECT_EQ(spanOf(addr(p) + size - 1), s);
    EXPECT_TRUE(allZero(p, size));
    p[0] = p[size - 1] = 0xff;
  }
  EXPECT_GE(memstats.heapInuse, inuse + (maxSmallSize + 1) + (100 << 10) + 3 * MiB);
}

TEST_F(Malloc, SpansFromThePageHeap) {
  // A span covers its pages in the span table, marks its first page in use, and gives
  // them all back; first fit hands the same pages out again, now known to be dirty.
  uint8_t spc = makeSpanClass(0, true);
  mspan *s = mheap_.alloc(5, spc);
  ASSERT_NE(s, nullptr);
  uintptr_t base = s->base();
  EXPECT_EQ(base % pageSize, 0u);
  EXPECT_EQ(s->npages, 5u);
  EXPECT_EQ(s->state, spanState::inUse);
  heapArena *ha = arenaOf(base);
  ASSERT_NE(ha, nullptr);
  uintptr_t page = (base - ha->base) / pageSize;
  EXPECT_NE(ha->pageInUse[page / 64] >> (page % 64) & 1, 0u);
  for (uintptr_t p = base; p < base + 5 * pageSize; p += pageSize / 2)
    EXPECT_EQ(spanOf(p), s);
  std::memset(reinterpret_cast<void *>(base), 0x77, 5 * pageSize);
  uint64_t inuse = memstats.heapInuse;
  mheap_.freeSpan(s);
  EXPECT_EQ(memstats.heapInuse, inuse - 5 * pageSize);
  EXPECT_EQ(ha->pageInUse[page / 64] >> (page % 64) & 1, 0u);
  EXPECT_EQ(spanOf(base), nullptr);
  mspan *again = mheap_.alloc(5, spc);
  ASSERT_NE(again, nullptr);
  EXPECT_EQ(again->base(), base);
  EXPECT_EQ(again->needzero, 1);
  mheap_.freeSpan(again);
  // Small spans: objects laid out from the start, bitmaps sized to the object count.
  mspan *small = mheap_.alloc(1, makeSpanClass(3, false)); // 24-byte class
  ASSERT_NE(small, nullptr);
  EXPECT_EQ(small->elemsize, 24u);
  EXPECT_EQ(small->nelems, pageSize / 24);
  EXPECT_EQ(small->limit, small->base() + small->nelems * 24);
  EXPECT_EQ(spanOf(small->limit), nullptr); // the tail after the last object
  uint32_t got = 0;
  while (small->nextFreeIndex() != small->nelems)
    got++;
  EXPECT_EQ(got, small->nelems);
  EXPECT_EQ(small->allocCount, small->nelems);
  mheap_.freeSpan(small);
}

TEST_F(Malloc, HugeObjectSpansArenas) {
  // More than an arena: a region of several arenas, one span across them.
  uintptr_t size = 100 * MiB + 3;
  auto *p = static_cast<uint8_t *>(mallocgc(size, nullptr, true));
  mspan *s = spanOf(addr(p));
  ASSERT_NE(s, nullptr);
  for (uintptr_t off : {uintptr_t(0), 64 * MiB - 1, 64 * MiB, 80 * MiB, size - 1}) {
    EXPECT_EQ(spanOf(addr(p) + off), s) << "offset " << off;
    EXPECT_EQ(p[off], 0);
    p[off] = 1;
  }
  GC(); // unreachable: its pages go back
  EXPECT_EQ(spanOf(addr(p)), nullptr);
  EXPECT_EQ(spanOf(addr(p) + 80 * MiB), nullptr);
}

TEST_F(Malloc, HeapBitmapFromGcdata) {
  // struct { p *T; n int; q *T }: pointers in words 0 and 2.
  FakeType t(24, 0b101);
  auto x = addr(mallocgc(24, t.type(), true));
  EXPECT_TRUE(heapBitsPointer(x));
  EXPECT_FALSE(heapBitsPointer(x + 8));
  EXPECT_TRUE(heapBitsPointer(x + 16));
  // [3] of them in an 80-byte object: the mask repeats every 3 words; the tail is clear.
  auto a = addr(mallocgc(72, t.type(), true));
  EXPECT_EQ(spanOf(a)->elemsize, 80u);
  for (uintptr_t w = 0; w < 10; w++) {
    bool want = w < 9 && (w % 3 == 0 || w % 3 == 2);
    EXPECT_EQ(heapBitsPointer(a + 8 * w), want) << "word " << w;
  }
  // An array of pointers, and a large one (no bitmap: the span keeps the type).
  FakeType ptr(8, 1);
  auto arr = addr(mallocgc(8 * 100, ptr.type(), true));
  for (uintptr_t w = 0; w < 100; w++)
    ASSERT_TRUE(heapBitsPointer(arr + 8 * w));
  auto big = addr(mallocgc(8 * 10000, ptr.type(), true));
  EXPECT_EQ(spanOf(big)->largeType, ptr.type());
  EXPECT_EQ(spanOf(big)->largeSize, 80000u);
}

TEST_F(Malloc, ReusedSlotGetsNewBits) {
  // Slots that held all pointers, freed and handed to a type with a pointer only in word
  // 3, must not keep the old bits. One object in ten stays, so the spans stay too.
  FakeType all(32, 0b1111);
  FakeType last(32, 0b1000);
  std::vector<void *> kept;
  std::vector<uintptr_t> freed;
  for (int i = 0; i < 1000; i++) {
    void *p = mallocgc(32, all.type(), true);
    if (i % 10 == 0) {
      kept.push_back(p);
    } else {
      freed.push_back(addr(p));
    }
  }
  addRootRange(kept.data(), kept.size() * sizeof(void *));
  GC();
  std::sort(freed.begin(), freed.end());
  size_t reused = 0;
  for (int i = 0; i < 20000 && reused < freed.size(); i++) {
    uintptr_t x = addr(mallocgc(32, last.type(), true));
    ASSERT_FALSE(heapBitsPointer(x));
    ASSERT_FALSE(heapBitsPointer(x + 8));
    ASSERT_FALSE(heapBitsPointer(x + 16));
    ASSERT_TRUE(heapBitsPointer(x + 24));
    reused += std::binary_search(freed.begin(), freed.end(), x);
  }
  EXPECT_EQ(reused, freed.size());
  for (void *p : kept)
    EXPECT_TRUE(heapBitsPointer(addr(p)));
}

TEST_F(Malloc, NewObjectAndNewArray) {
  FakeType t(40, 0b10001);
  auto *p = static_cast<uint8_t *>(NewObject(const_cast<_type *>(t.type())));
  EXPECT_EQ(spanOf(addr(p))->elemsize, 48u);
  EXPECT_TRUE(allZero(p, 40));
  auto *a = static_cast<uint8_t *>(NewArray(const_cast<_type *>(t.type()), 7));
  EXPECT_EQ(spanOf(addr(a))->elemsize, roundupsize(280));
  EXPECT_TRUE(allZero(a, 280));
  EXPECT_TRUE(heapBitsPointer(addr(a) + 6 * 40 + 32));
  EXPECT_EQ(NewArray(const_cast<_type *>(t.type()), 0), mallocgc(0, nullptr, true));
}

TEST(MallocDeathTest, NewArrayOutOfRange) {
  FakeType t(16, 0);
  const char *msg =
      "^panic: runtime: allocation size out of range\n\ngoroutine 1 \\[running\\]:\n$";
  EXPECT_EXIT(NewArray(const_cast<_type *>(t.type()), -1), ::testing::ExitedWithCode(2), msg);
  EXPECT_EXIT(NewArray(const_cast<_type *>(t.type()), int64_t(1) << 60),
              ::testing::ExitedWithCode(2), msg);
}

TEST(MallocDeathTest, OutOfMemoryIsFatal) {
  // The OS refuses: gc's two lines, exit 2.
  EXPECT_EXIT(
      {
        hostos::setSysAllocFails(true);
        mallocgc(uintptr_t(1) << 40, nullptr, true);
      },
      ::testing::ExitedWithCode(2),
      "^runtime: out of memory: cannot allocate 1099511627776-byte block \\([0-9]+ in "
      "use\\)\nfatal error: out of memory\n$");
}

TEST(MallocDeathTest, ImpossibleSizeIsFatal) {
  EXPECT_EXIT(mallocgc(~uintptr_t(0) - 100, nullptr, true), ::testing::ExitedWithCode(2),
              "fatal error: out of memory\n$");
}

// Allocation throughput of small objects, printed as ns/op (a measurement for the
// reader, not a timed test): the best of five rounds of a million allocations, since the
// machine may be shared. Garbage only, collected by the GOGC trigger at its default; the
// world is small (no roots), so this is the allocator's fast path, refills and sweeping.
TEST_F(Malloc, SmallObjectThroughput) {
  FakeType node(24, 0b101);
  setGCPercent(100);
  constexpr int n = 1000000;
  struct Case {
    const char *name;
    uintptr_t size;
    const _type *typ;
  };
  for (const Case &c :
       {Case{"noscan 16 B", 16, nullptr}, Case{"noscan 8 B (tiny)", 8, nullptr},
        Case{"scan 24 B {*T, int, *T}", 24, node.type()}, Case{"noscan 128 B", 128, nullptr}}) {
    double best = 1e9;
    uint64_t gcs = memstats.numgc;
    for (int round = 0; round < 5; round++) {
      auto t0 = std::chrono::steady_clock::now();
      for (int i = 0; i < n; i++) {
        void *p = mallocgc(c.size, c.typ, true);
        __asm__ volatile("" : : "r"(p) : "memory");
      }
      auto t1 = std::chrono::steady_clock::now();
      double ns = std::chrono::duration<double, std::nano>(t1 - t0).count() / n;
      if (ns < best) best = ns;
    }
    std::printf("[ bench    ] mallocgc %-24s %6.1f ns/op (best of 5 x %d, %llu collections)\n",
                c.name, best, n, static_cast<unsigned long long>(memstats.numgc - gcs));
  }
  setGCPercent(-1);
}

} // namespace
