// Unit tests of runtime/memmove.cpp (memmove, memcpy, memset, memcmp).
//
// On the host these C names belong to libc, which the test binary, GoogleTest and the
// sanitizers use. CMakeLists.txt therefore compiles memmove.cpp for this binary with its
// four functions renamed by -D (memmove=talpa_memmove...): the runtime's code is tested
// as written, and libc keeps its own.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <cstring>

extern "C" {
void *talpa_memmove(void *dst, const void *src, size_t n);
void *talpa_memcpy(void *dst, const void *src, size_t n);
void *talpa_memset(void *dst, int c, size_t n);
int talpa_memcmp(const void *a, const void *b, size_t n);
}

namespace {

constexpr size_t bufSize = 96;

// A buffer with a distinct value in every byte, 16-aligned so that offsets choose the
// alignment the word loops see.
struct alignas(16) Buf {
  uint8_t b[bufSize];
  Buf() {
    for (size_t i = 0; i < bufSize; i++)
      b[i] = static_cast<uint8_t>(i * 7 + 1);
  }
};

// memmove's meaning: the bytes as they were before the call, copied.
Buf reference(const Buf &in, size_t dst, size_t src, size_t n) {
  Buf out = in;
  uint8_t tmp[bufSize];
  for (size_t i = 0; i < n; i++)
    tmp[i] = in.b[src + i];
  for (size_t i = 0; i < n; i++)
    out.b[dst + i] = tmp[i];
  return out;
}

// Every (dst, src, n) within the buffer with offsets up to 17 apart and lengths up to 40:
// forward and backward overlaps, disjoint ranges, aligned (offsets multiples of 8, the
// word loops) and unaligned ones.
TEST(Memmove, OverlapBothDirections) {
  for (size_t n = 0; n <= 40; n++) {
    for (size_t src = 0; src <= 24; src++) {
      for (size_t dst = 0; dst <= 24; dst++) {
        if (src + n > bufSize || dst + n > bufSize) continue;
        Buf buf;
        Buf want = reference(buf, dst, src, n);
        void *r = talpa_memmove(buf.b + dst, buf.b + src, n);
        ASSERT_EQ(r, buf.b + dst);
        ASSERT_EQ(std::memcmp(buf.b, want.b, bufSize), 0)
            << "memmove(buf+" << dst << ", buf+" << src << ", " << n << ")";
      }
    }
  }
}

TEST(Memmove, LongOverlaps) {
  // Long enough for many words, shifted by one word and by one byte, both ways.
  for (size_t shift : {size_t(1), size_t(8), size_t(9)}) {
    size_t n = bufSize - shift;
    Buf up;
    Buf want = reference(up, shift, 0, n);
    talpa_memmove(up.b + shift, up.b, n); // dst above src: must copy backwards
    EXPECT_EQ(std::memcmp(up.b, want.b, bufSize), 0) << "up by " << shift;
    Buf down;
    want = reference(down, 0, shift, n);
    talpa_memmove(down.b, down.b + shift, n); // dst below src: forwards
    EXPECT_EQ(std::memcmp(down.b, want.b, bufSize), 0) << "down by " << shift;
  }
}

TEST(Memcpy, Disjoint) {
  for (size_t n = 0; n <= 40; n++) {
    for (size_t off = 0; off < 9; off++) {
      Buf src;
      alignas(16) uint8_t dst[bufSize] = {};
      void *r = talpa_memcpy(dst + off, src.b + 3, n);
      ASSERT_EQ(r, dst + off);
      for (size_t i = 0; i < bufSize; i++) {
        uint8_t want = i >= off && i < off + n ? src.b[3 + i - off] : 0;
        ASSERT_EQ(dst[i], want) << "n " << n << " off " << off << " byte " << i;
      }
    }
  }
}

TEST(Memset, RangeAndLowByte) {
  for (size_t n = 0; n <= 40; n++) {
    for (size_t off = 0; off < 17; off++) {
      Buf buf;
      Buf orig;
      void *r = talpa_memset(buf.b + off, 0x1ab, n); // only the low byte, 0xab, counts
      ASSERT_EQ(r, buf.b + off);
      for (size_t i = 0; i < bufSize; i++) {
        uint8_t want = i >= off && i < off + n ? 0xab : orig.b[i];
        ASSERT_EQ(buf.b[i], want) << "n " << n << " off " << off << " byte " << i;
      }
    }
  }
}

TEST(Memcmp, SignAndUnsignedBytes) {
  const uint8_t a[] = {1, 2, 3, 0x7f};
  const uint8_t b[] = {1, 2, 3, 0x80};
  const uint8_t c[] = {1, 2, 4, 0x00};
  EXPECT_EQ(talpa_memcmp(a, a, 4), 0);
  EXPECT_EQ(talpa_memcmp(a, b, 3), 0); // the difference lies beyond n
  EXPECT_EQ(talpa_memcmp(a, b, 0), 0);
  EXPECT_LT(talpa_memcmp(a, b, 4), 0); // 0x7f < 0x80: unsigned bytes
  EXPECT_GT(talpa_memcmp(b, a, 4), 0);
  EXPECT_LT(talpa_memcmp(a, c, 4), 0); // the first difference decides
  EXPECT_GT(talpa_memcmp(c, b, 4), 0);
  EXPECT_EQ(talpa_memcmp(nullptr, nullptr, 0), 0);
}

} // namespace
