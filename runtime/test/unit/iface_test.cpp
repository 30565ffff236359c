// Unit tests of runtime/iface.cpp: getitab's method matching (sorted merge, exported
// names first, signatures by identity or string), its cache of successes and failures,
// the table's growth, and gc's TypeAssertionError texts (death tests).
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "runtime.h"
#include "typedesc.h"

namespace {

using namespace runtime;
using namespace testtypes;
using ::testing::ExitedWithCode;

// Stand-ins for method entry points: getitab only stores them.
void fnA() {}
void fnB() {}
void fnC() {}
void fnLower() {}

const _type *funcType(const char *s) {
  _type t = basic(kinds::Func, 8, nullptr, s, 8, 0);
  return keep(t);
}

// A named type with the given methods (name, signature, entry), in the order given.
const _type *namedType(const char *s, uint32_t hash, std::vector<method> methods) {
  uncommontype u{};
  u.methods = keep(methods)->data();
  u.mcount = static_cast<uint16_t>(methods.size());
  _type t = basic(kinds::Int, 8, nullptr, s, 0, tflags::Named | tflags::Uncommon);
  t.hash = hash;
  t.uncommon = keep(u);
  return keep(t);
}

const interfacetype *ifaceType(const char *s, uint32_t hash, std::vector<imethod> methods) {
  interfacetype it{};
  it.typ = basic(kinds::Interface, 16, nullptr, s, 16, tflags::Named);
  it.typ.hash = hash;
  it.methods = keep(methods)->data();
  it.mcount = methods.size();
  return keep(it);
}

struct Fixture {
  const _type *sigInt = funcType("func() int");
  const _type *sigStr = funcType("func() string");
  const _type *t =
      namedType("main.T", 11,
                {{name("A"), sigInt, reinterpret_cast<const void *>(fnA), nullptr},
                 {name("B"), sigStr, reinterpret_cast<const void *>(fnB), nullptr},
                 {name("C"), sigInt, reinterpret_cast<const void *>(fnC), nullptr},
                 {name("low"), sigInt, reinterpret_cast<const void *>(fnLower), nullptr}});
};

TEST(Iface, GetitabMatchesSortedMethods) {
  Fixture f;
  const interfacetype *ac =
      ifaceType("main.AC", 21, {{name("A"), f.sigInt}, {name("C"), f.sigInt}});
  const itab *m = getitab(ac, f.t, false);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->inter, ac);
  EXPECT_EQ(m->type, f.t);
  EXPECT_EQ(m->hash, f.t->hash);
  EXPECT_EQ(m->fun[0], reinterpret_cast<const void *>(fnA));
  EXPECT_EQ(m->fun[1], reinterpret_cast<const void *>(fnC));
  // Cached: the same itab again.
  EXPECT_EQ(getitab(ac, f.t, false), m);
  // Unexported names sort after exported ones.
  const interfacetype *bl =
      ifaceType("main.BL", 22, {{name("B"), f.sigStr}, {name("low"), f.sigInt}});
  const itab *m2 = getitab(bl, f.t, true);
  ASSERT_NE(m2, nullptr);
  EXPECT_EQ(m2->fun[0], reinterpret_cast<const void *>(fnB));
  EXPECT_EQ(m2->fun[1], reinterpret_cast<const void *>(fnLower));
}

TEST(Iface, SignaturesMatchByString) {
  Fixture f;
  // Another descriptor of "func() int" (a type emitted twice) still matches.
  _type copy = *f.sigInt;
  const interfacetype *a = ifaceType("main.A2", 23, {{name("A"), keep(copy)}});
  const itab *m = getitab(a, f.t, true);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->fun[0], reinterpret_cast<const void *>(fnA));
}

TEST(Iface, MissingMethodOrWrongSignature) {
  Fixture f;
  const interfacetype *d = ifaceType("main.D", 24, {{name("A"), f.sigInt}, {name("D"), f.sigInt}});
  EXPECT_EQ(getitab(d, f.t, true), nullptr);
  EXPECT_EQ(getitab(d, f.t, true), nullptr); // the cached failure
  const interfacetype *wrong = ifaceType("main.W", 25, {{name("A"), f.sigStr}});
  EXPECT_EQ(getitab(wrong, f.t, true), nullptr);
  EXPECT_EQ(AssertE2I2(const_cast<interfacetype *>(d), const_cast<_type *>(f.t)), nullptr);
  EXPECT_EQ(AssertE2I2(const_cast<interfacetype *>(d), nullptr), nullptr);
  EXPECT_EQ(ConvI2I(const_cast<interfacetype *>(d), nullptr), nullptr);
}

TEST(Iface, TableGrows) {
  Fixture f;
  std::vector<const interfacetype *> ifaces;
  for (int i = 0; i < 2000; ++i)
    ifaces.push_back(ifaceType("main.Many", 1000 + i, {{name("A"), f.sigInt}}));
  std::vector<const itab *> tabs;
  for (const interfacetype *it : ifaces)
    tabs.push_back(getitab(it, f.t, false));
  for (size_t i = 0; i < ifaces.size(); ++i) {
    EXPECT_EQ(getitab(ifaces[i], f.t, false), tabs[i]);
    EXPECT_EQ(tabs[i]->inter, ifaces[i]);
  }
}

TEST(IfaceDeathTest, TypeAssertionErrors) {
  Fixture f;
  const interfacetype *d = ifaceType("main.D", 26, {{name("A"), f.sigInt}, {name("D"), f.sigInt}});
  EXPECT_EXIT(AssertE2I(const_cast<interfacetype *>(d), const_cast<_type *>(f.t), nullptr),
              ExitedWithCode(2),
              "^panic: interface conversion: main.T is not main.D: missing method D\n\n"
              "goroutine 1 \\[running\\]:\n$");
  EXPECT_EXIT(AssertE2I(const_cast<interfacetype *>(d), nullptr, nullptr), ExitedWithCode(2),
              "^panic: interface conversion: interface is nil, not main.D\n");
  _type empty = basic(kinds::Interface, 16, nullptr, "interface {}", 16, 0);
  _type str = basic(kinds::String, 16, nullptr, "string", 8, 0);
  EXPECT_EXIT(PanicDotTypeE(&str, const_cast<_type *>(int64Type()), &empty), ExitedWithCode(2),
              "^panic: interface conversion: interface \\{\\} is string, not int64\n");
  EXPECT_EXIT(PanicDotTypeE(nullptr, const_cast<_type *>(int64Type()), &empty), ExitedWithCode(2),
              "^panic: interface conversion: interface \\{\\} is nil, not int64\n");
}

} // namespace
