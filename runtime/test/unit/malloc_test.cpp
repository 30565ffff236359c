// Unit tests of runtime/malloc.cpp (the placeholder bump allocator): alignment, zeroed and
// disjoint memory, large objects, and the out-of-memory path.
//
// The allocator's state is process-wide and never reset, so each test asserts only what
// holds whatever ran before it.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "os_host.h"
#include "runtime.h"

namespace {

using namespace runtime;

constexpr uintptr_t MiB = uintptr_t(1) << 20;
constexpr uintptr_t chunkSize = 64 * MiB; // malloc.cpp's, the size of a gc heapArena

uintptr_t addr(const void *p) { return reinterpret_cast<uintptr_t>(p); }

bool allZero(const void *p, uintptr_t n) {
  auto *b = static_cast<const uint8_t *>(p);
  for (uintptr_t i = 0; i < n; i++) {
    if (b[i] != 0) return false;
  }
  return true;
}

TEST(MallocGC, ZeroSizeIsZerobase) {
  // Every 0-byte allocation is the same non-nil address, as gc's zerobase.
  void *a = mallocgc(0, nullptr, true);
  void *b = MallocGC(0, nullptr, 0);
  EXPECT_NE(a, nullptr);
  EXPECT_EQ(a, b);
}

TEST(MallocGC, Alignment) {
  // 8 bytes below 16, 16 from 16 up, whatever the previous request left cur at.
  for (uintptr_t size = 1; size <= 100; size++) {
    void *odd = mallocgc(1, nullptr, true); // leave the bump pointer misaligned
    void *p = mallocgc(size, nullptr, true);
    ASSERT_NE(p, nullptr);
    EXPECT_NE(p, odd);
    uintptr_t align = size >= 16 ? 16 : 8;
    EXPECT_EQ(addr(p) % align, 0u) << "size " << size;
  }
}

TEST(MallocGC, ZeroedAndDisjoint) {
  // Fill each object as soon as it is handed out: a later object overlapping an earlier
  // one would then not read as zero, and the ranges are checked pairwise too.
  struct Obj {
    uint8_t *p;
    uintptr_t n;
  };
  std::vector<Obj> objs;
  for (uintptr_t i = 0; i < 300; i++) {
    uintptr_t n = 1 + (i * 37) % 200;
    bool needzero = i % 2 == 0;
    auto *p = static_cast<uint8_t *>(MallocGC(n, nullptr, needzero));
    ASSERT_NE(p, nullptr);
    // needzero=false is allowed to skip clearing, but bump memory is always fresh.
    EXPECT_TRUE(allZero(p, n)) << "object " << i << " of " << n << " bytes";
    for (uintptr_t j = 0; j < n; j++)
      p[j] = 0xa5;
    objs.push_back({p, n});
  }
  for (size_t i = 0; i < objs.size(); i++) {
    for (size_t j = i + 1; j < objs.size(); j++) {
      bool disjoint = objs[i].p + objs[i].n <= objs[j].p || objs[j].p + objs[j].n <= objs[i].p;
      EXPECT_TRUE(disjoint) << "objects " << i << " and " << j << " overlap";
    }
  }
}

TEST(MallocGC, ChunkRefill) {
  // Allocating more than a chunk in 1 MiB pieces takes a new chunk from sysAlloc, of
  // chunkSize, and the objects stay aligned, zeroed and writable across the switch.
  int before = hostos::sysAllocStats().calls;
  uint8_t *prev = nullptr;
  for (int i = 0; i < 70; i++) {
    auto *p = static_cast<uint8_t *>(mallocgc(MiB, nullptr, true));
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(addr(p) % 16, 0u);
    EXPECT_EQ(p[0], 0);
    EXPECT_EQ(p[MiB - 1], 0);
    p[0] = p[MiB - 1] = 1;
    EXPECT_NE(p, prev);
    prev = p;
  }
  hostos::SysAllocStats after = hostos::sysAllocStats();
  EXPECT_GE(after.calls, before + 1);
  EXPECT_LE(after.calls, before + 2); // 70 MiB fit in at most two fresh 64 MiB chunks
  EXPECT_EQ(after.lastSize, chunkSize);
}

TEST(MallocGC, LargeObject) {
  // An object bigger than a chunk gets a chunk of its own, rounded up to chunkSize.
  int before = hostos::sysAllocStats().calls;
  uintptr_t n = 100 * MiB + 3;
  auto *p = static_cast<uint8_t *>(mallocgc(n, nullptr, true));
  ASSERT_NE(p, nullptr);
  hostos::SysAllocStats after = hostos::sysAllocStats();
  EXPECT_EQ(after.calls, before + 1);
  EXPECT_EQ(after.lastSize, 2 * chunkSize);
  EXPECT_EQ(addr(p) % 16, 0u);
  // Zeroed and writable at both ends and across a page in the middle.
  for (uintptr_t off : {uintptr_t(0), n / 2, n / 2 + 4096, n - 1}) {
    EXPECT_EQ(p[off], 0) << "offset " << off;
    p[off] = 0xff;
  }
  // The next small object comes after it, not inside it.
  auto *q = static_cast<uint8_t *>(mallocgc(8, nullptr, true));
  EXPECT_TRUE(q >= p + n || q + 8 <= p);
  EXPECT_TRUE(allZero(q, 8));
}

TEST(MallocGCDeathTest, OutOfMemoryIsFatal) {
  // sysAlloc failing: a request larger than any chunk must go to the OS, which refuses.
  EXPECT_EXIT(
      {
        hostos::setSysAllocFails(true);
        mallocgc(chunkSize + 1, nullptr, true);
      },
      ::testing::ExitedWithCode(2), "^fatal error: out of memory\n$");
}

TEST(MallocGCDeathTest, ImpossibleSizeIsFatal) {
  // A size whose rounding up to whole chunks would overflow uintptr.
  EXPECT_EXIT(mallocgc(~uintptr_t(0) - 100, nullptr, true), ::testing::ExitedWithCode(2),
              "^fatal error: out of memory\n$");
}

} // namespace
