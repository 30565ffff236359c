// syntax::Parse, Print and SameTree on small files: the generics encoding, directives,
// the two parse modes, and the printer's round trip on tricky shapes.
#include "compiler/base/diagnostics.h"
#include "compiler/base/source.h"
#include "compiler/syntax/syntax.h"

#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace talpa::syntax {
namespace {

// A parsed file with its sources and diagnostics kept alive.
struct Parsed {
  base::SourceManager sources;
  std::unique_ptr<base::Diagnostics> diags;
  std::unique_ptr<File> file;
  std::string errors;

  explicit Parsed(const std::string &text, ParseMode mode = ParseMode::Syntax) {
    base::FileId id = sources.Add("t.go", text);
    diags = std::make_unique<base::Diagnostics>(sources);
    file = Parse(sources, id, *diags, mode);
    llvm::raw_string_ostream os(errors);
    diags->Print(os);
  }
  NodeId Decl(uint32_t i) const { return file->At(file->decls, i); }
};

TEST(Parse, GenericDeclarations) {
  Parsed p("package p\n"
           "func Map[K comparable, V any](m map[K]V) {}\n"
           "type List[T ~int | ~string] struct{ next *List[T] }\n"
           "type A [N]int\n"
           "type G[P *C,] struct{}\n");
  ASSERT_EQ(p.errors, "");
  const File &f = *p.file;
  NodeId fn = p.Decl(0);
  EXPECT_FALSE(f.Receiver(fn));
  NodeList tps = f.TypeParams(fn);
  ASSERT_EQ(tps.count, 2u);
  EXPECT_EQ(f.Text(f.A(f.At(tps, 0))), "K");
  EXPECT_EQ(f.Text(f.A(f.At(tps, 1))), "V");

  NodeList list = f.TypeParams(p.Decl(1));
  ASSERT_EQ(list.count, 1u);
  NodeId constraint = f.B(f.At(list, 0));
  EXPECT_EQ(f.Kind(constraint), NodeKind::Operation);
  EXPECT_EQ(f[constraint].op, static_cast<uint8_t>(TokenKind::Or));

  // [N]int is an array type; [P *C,] a type parameter list.
  EXPECT_EQ(f.TypeParams(p.Decl(2)).count, 0u);
  EXPECT_EQ(f.Kind(f.B(p.Decl(2))), NodeKind::ArrayType);
  NodeList g = f.TypeParams(p.Decl(3));
  ASSERT_EQ(g.count, 1u);
  EXPECT_EQ(f.Kind(f.B(f.At(g, 0))), NodeKind::Operation); // *C
}

TEST(Parse, MethodsKeepTheirReceiver) {
  Parsed p("package p\nfunc (l *List[T]) Len() int { return 0 }\n");
  ASSERT_EQ(p.errors, "");
  NodeId fn = p.Decl(0);
  EXPECT_TRUE(p.file->Receiver(fn));
  EXPECT_EQ(p.file->TypeParams(fn).count, 0u);
}

TEST(Parse, Directives) {
  Parsed p("//go:build linux\n\npackage p\n\n//go:noinline\nfunc f() {}\n\nvar x int\n");
  ASSERT_EQ(p.errors, "");
  const File &f = *p.file;
  ASSERT_EQ(f.directives.size(), 2u);
  EXPECT_EQ(f.directives[0].kind, DirectiveKind::Build);
  EXPECT_FALSE(f.directives[0].decl);
  EXPECT_EQ(f.directives[1].kind, DirectiveKind::Noinline);
  EXPECT_TRUE(f.directives[1].decl == p.Decl(0));
  EXPECT_EQ(f.comments.size(), 2u);
}

// gc's parser restrictions are reported when compiling, not when judging syntax alone.
TEST(Parse, Modes) {
  const char *src = "package p\nfunc () m()\n";
  EXPECT_NE(Parsed(src, ParseMode::Compile).errors, "");
  EXPECT_EQ(Parsed(src, ParseMode::Syntax).errors, "");
  const char *constant = "package p\nconst c\n";
  EXPECT_EQ(Parsed(constant, ParseMode::Compile).errors, "");
  EXPECT_EQ(Parsed(constant, ParseMode::Syntax).errors, "t.go:2:7: missing init expr for c\n");
}

// Print then Parse gives the same tree.
void ExpectRoundTrip(const std::string &text) {
  Parsed a(text);
  ASSERT_EQ(a.errors, "") << text;
  std::string printed = Print(*a.file);
  Parsed b(printed);
  ASSERT_EQ(b.errors, "") << printed;
  std::string why;
  EXPECT_TRUE(SameTree(*a.file, *b.file, &why)) << why << "\n" << printed;
}

TEST(Print, RoundTrips) {
  // Inputs the fuzzer once broke (views of short files moved by later ones).
  for (const char *s : {"package x\n", "package empty\n", "package test\n"})
    ExpectRoundTrip(s);
  ExpectRoundTrip("package p\n"
                  "type G[P *C,] struct{}\n"
                  "type H[P interface{ ~[]int }] []P\n"
                  "func F[T any, U ~int | float64](x T, y ...U) (r T) { return }\n"
                  "var v = F[int, float64]\n"
                  "const (\n\ta = iota\n\tb\n\tc, d = iota, iota * 2\n\te, f\n)\n"
                  "func g() {\n"
                  "\tif x := (T{}); x == (T{}) {\n\t}\n"
                  "\tfor range ch {\n\t}\n"
                  "\tswitch y := x.(type) {\n\tcase nil, *int:\n\t\t_ = y\n\t}\n"
                  "L:\n\tselect {\n\tcase v, ok := <-ch:\n\t\tbreak L\n\tdefault:\n\t}\n"
                  "\tx := [...]int{1, 2: 3}\n"
                  "\tgo func() { defer recover() }()\n"
                  "}\n");
}

} // namespace
} // namespace talpa::syntax
