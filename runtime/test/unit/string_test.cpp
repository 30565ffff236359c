// Unit tests of runtime/string.cpp: concatstring2, cmpstring, decoderune and intstring.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "runtime.h"

namespace {

using namespace runtime;
using talpa::abi::stringStruct;

// The Go string s as cmpstring / concatstring2 take it: (ptr, len), with nullptr for "".
void *ptr(std::string_view s) { return s.empty() ? nullptr : const_cast<char *>(s.data()); }
int64_t len(std::string_view s) { return static_cast<int64_t>(s.size()); }

int64_t cmp(std::string_view a, std::string_view b) {
  return CmpString(ptr(a), len(a), ptr(b), len(b));
}

std::string concat(std::string_view a, std::string_view b) {
  stringStruct r{reinterpret_cast<const uint8_t *>(1), -1}; // poisoned: must be overwritten
  ConcatString2(&r, ptr(a), len(a), ptr(b), len(b));
  EXPECT_GE(r.len, 0);
  if (r.len == 0) {
    EXPECT_EQ(r.ptr, nullptr) << "the runtime's empty string is {nullptr, 0}";
    return "";
  }
  return std::string(reinterpret_cast<const char *>(r.ptr), static_cast<size_t>(r.len));
}

TEST(CmpString, Basics) {
  EXPECT_EQ(cmp("", ""), 0);
  EXPECT_EQ(cmp("abc", "abc"), 0);
  EXPECT_EQ(cmp("abc", "abd"), -1);
  EXPECT_EQ(cmp("abd", "abc"), +1);
  EXPECT_EQ(cmp("b", "abc"), +1); // the first differing byte decides, not the length
}

TEST(CmpString, Prefixes) {
  EXPECT_EQ(cmp("", "a"), -1);
  EXPECT_EQ(cmp("a", ""), +1);
  EXPECT_EQ(cmp("ab", "abc"), -1);
  EXPECT_EQ(cmp("abc", "ab"), +1);
  // A NUL byte is content, not a terminator: "a\0" is longer than "a".
  EXPECT_EQ(cmp(std::string_view("a\0", 2), "a"), +1);
  EXPECT_EQ(cmp(std::string_view("a\0", 2), std::string_view("a\0", 2)), 0);
}

TEST(CmpString, BytesAreUnsigned) {
  // Go compares bytes as uint8: 0x80..0xff sort after ASCII (a signed char would not).
  EXPECT_EQ(cmp("\x80", "\x7f"), +1);
  EXPECT_EQ(cmp("\x7f", "\x80"), -1);
  EXPECT_EQ(cmp("\xff", "a"), +1);
  EXPECT_EQ(cmp("\xc3\xa9", "e"), +1); // "é" > "e"
  EXPECT_EQ(cmp("\xff\x00", "\xff\x01"), -1);
}

TEST(CmpString, EmptyMayCarryAnyPointer) {
  // Length 0 means no byte is read, whatever the pointer.
  EXPECT_EQ(CmpString(reinterpret_cast<void *>(1), 0, nullptr, 0), 0);
  EXPECT_EQ(CmpString(reinterpret_cast<void *>(1), 0, const_cast<char *>("x"), 1), -1);
}

TEST(CmpString, TotalOrderLikeUnsignedBytes) {
  // Every pair of a small set, against std::string_view::compare, which compares chars as
  // unsigned char ([char.traits.specializations.char]).
  using namespace std::string_view_literals;
  const std::string_view set[] = {"",     "a",    "ab",   "abc",      "abd",  "b",
                                  "\x7f", "\x80", "\xff", "\xff\xff", "A",    "a ",
                                  "Z",    "z",    "0",    "\x01",     "\0"sv, "a\0b"sv};
  for (std::string_view a : set) {
    for (std::string_view b : set) {
      int want = a.compare(b);
      want = want < 0 ? -1 : want > 0 ? +1 : 0;
      EXPECT_EQ(cmp(a, b), want) << "cmpstring(\"" << a << "\", \"" << b << "\")";
    }
  }
}

TEST(ConcatString2, Contents) {
  EXPECT_EQ(concat("foo", "bar"), "foobar");
  EXPECT_EQ(concat("something ", "went wrong"), "something went wrong");
  EXPECT_EQ(concat(std::string_view("a\0", 2), std::string_view("\0b", 2)),
            std::string("a\0\0b", 4));
  EXPECT_EQ(concat("\xc3", "\xa9"), "\xc3\xa9");
}

TEST(ConcatString2, EmptyOperands) {
  EXPECT_EQ(concat("", ""), "");
  EXPECT_EQ(concat("", "x"), "x");
  EXPECT_EQ(concat("x", ""), "x");
  // An empty operand may carry any pointer: it must not be read.
  stringStruct r{};
  ConcatString2(&r, reinterpret_cast<void *>(1), 0, const_cast<char *>("yz"), 2);
  ASSERT_EQ(r.len, 2);
  EXPECT_EQ(std::memcmp(r.ptr, "yz", 2), 0);
  ConcatString2(&r, const_cast<char *>("yz"), 2, reinterpret_cast<void *>(1), 0);
  ASSERT_EQ(r.len, 2);
  EXPECT_EQ(std::memcmp(r.ptr, "yz", 2), 0);
}

TEST(ConcatString2, ResultIsACopy) {
  // The result has its own backing array: the operands' bytes changing afterwards does
  // not change it.
  std::string a = "left", b = "right";
  stringStruct r{};
  ConcatString2(&r, a.data(), len(a), b.data(), len(b));
  a[0] = 'X';
  b[0] = 'Y';
  ASSERT_EQ(r.len, 9);
  EXPECT_EQ(std::string_view(reinterpret_cast<const char *>(r.ptr), 9), "leftright");
}

TEST(ConcatString2, Lengths) {
  // Lengths that straddle the allocator's alignments and a large one.
  for (size_t n : {size_t(1), size_t(7), size_t(8), size_t(15), size_t(16), size_t(17),
                   size_t(4095), size_t(1) << 20}) {
    std::string a(n, 'a'), b(n + 3, 'b');
    std::string got = concat(a, b);
    ASSERT_EQ(got.size(), 2 * n + 3);
    EXPECT_EQ(got, a + b) << "n = " << n;
  }
}

TEST(ConcatString2DeathTest, LengthOverflowIsFatal) {
  // Lengths whose sum overflows int: a runtime bug in the caller, so throw.
  EXPECT_EXIT(
      {
        stringStruct r{};
        int64_t big = INT64_MAX;
        ConcatString2(&r, reinterpret_cast<void *>(1), big, reinterpret_cast<void *>(1), big);
      },
      ::testing::ExitedWithCode(2), "^fatal error: string concatenation too long\n$");
}

// decode returns decoderune's {rune, next offset} for s at k.
std::pair<int64_t, int64_t> decode(std::string_view s, int64_t k) {
  int64_t out[2] = {-7, -7};
  DecodeRune(out, const_cast<char *>(s.data()), len(s), k);
  return {out[0], out[1]};
}

using P = std::pair<int64_t, int64_t>;

TEST(DecodeRune, ValidEncodings) {
  EXPECT_EQ(decode("a", 0), P(97, 1));
  EXPECT_EQ(decode("\xc3\xa9", 0), P(0xE9, 2));
  EXPECT_EQ(decode("x\xe2\x82\xac", 1), P(0x20AC, 4));
  EXPECT_EQ(decode("\xf0\x9f\x98\x80", 0), P(0x1F600, 4));
  EXPECT_EQ(decode("\xf4\x8f\xbf\xbf", 0), P(0x10FFFF, 4));
  EXPECT_EQ(decode("\xc2\x80", 0), P(0x80, 2));
  EXPECT_EQ(decode("\xef\xbf\xbf", 0), P(0xFFFF, 3));
}

TEST(DecodeRune, InvalidBytesAreRuneErrorAndAdvanceOne) {
  EXPECT_EQ(decode("\xff", 0), P(0xFFFD, 1));
  EXPECT_EQ(decode("\x80", 0), P(0xFFFD, 1));      // lone continuation byte
  EXPECT_EQ(decode("a\xe2\x82", 1), P(0xFFFD, 2)); // truncated at the end
  EXPECT_EQ(decode("\xe2\x82"
                   "c",
                   0),
            P(0xFFFD, 1));                                // bad continuation
  EXPECT_EQ(decode("\xc0\xaf", 0), P(0xFFFD, 1));         // overlong
  EXPECT_EQ(decode("\xe0\x80\xaf", 0), P(0xFFFD, 1));     // overlong
  EXPECT_EQ(decode("\xed\xa0\x80", 0), P(0xFFFD, 1));     // surrogate
  EXPECT_EQ(decode("\xf4\x90\x80\x80", 0), P(0xFFFD, 1)); // past U+10FFFF
  EXPECT_EQ(decode("\xf8\x88\x80\x80\x80", 0), P(0xFFFD, 1));
}

std::string intstring(int64_t v) {
  stringStruct r{reinterpret_cast<const uint8_t *>(1), -1}; // poisoned: must be overwritten
  IntString(&r, v);
  return std::string(reinterpret_cast<const char *>(r.ptr), static_cast<size_t>(r.len));
}

TEST(IntString, Encodings) {
  EXPECT_EQ(intstring(0), std::string("\0", 1));
  EXPECT_EQ(intstring('A'), "A");
  EXPECT_EQ(intstring(0xE9), "\xc3\xa9");
  EXPECT_EQ(intstring(0x20AC), "\xe2\x82\xac");
  EXPECT_EQ(intstring(0x1F600), "\xf0\x9f\x98\x80");
  EXPECT_EQ(intstring(0x10FFFF), "\xf4\x8f\xbf\xbf");
}

TEST(IntString, InvalidCodePointsAreRuneError) {
  for (int64_t v : {int64_t{-1}, int64_t{0xD800}, int64_t{0xDFFF}, int64_t{0x110000},
                    int64_t{1} << 32 | 'A', INT64_MIN})
    EXPECT_EQ(intstring(v), "\xef\xbf\xbd") << "v = " << v;
}

} // namespace
