// driver build constraints: //go:build expressions, // +build lines, the tags a target
// satisfies, file-name suffixes and the header rules of ShouldBuild, against Go 1.19.
#include "compiler/driver/constraint.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace talpa::driver {
namespace {

// A build context for goos/goarch with cgo off and the given -tags.
BuildContext Target(std::string goos, std::string goarch, std::vector<std::string> tags = {}) {
  BuildContext ctx;
  ctx.goos = std::move(goos);
  ctx.goarch = std::move(goarch);
  ctx.tags = std::move(tags);
  return ctx;
}

// The printed form of a //go:build expression, or "error: <message>".
std::string Parsed(std::string_view text) {
  std::string error;
  std::optional<Expr> x = ParseExpr(text, &error);
  return x ? x->String() : "error: " + error;
}

// The printed form of a whole constraint line, either form, or "error: <message>".
std::string ParsedLine(std::string_view line) {
  std::string error;
  std::optional<Expr> x = ParseConstraintLine(line, &error);
  return x ? x->String() : "error: " + error;
}

// The value of a //go:build expression with exactly the tags in `set` true.
bool EvalWith(std::string_view text, std::set<std::string> set) {
  std::string error;
  std::optional<Expr> x = ParseExpr(text, &error);
  EXPECT_TRUE(x) << text << ": " << error;
  return x && x->Eval([&](std::string_view tag) { return set.count(std::string(tag)) != 0; });
}

// The value of a //go:build expression in `ctx`.
bool EvalIn(std::string_view text, const BuildContext &ctx) {
  std::string error;
  std::optional<Expr> x = ParseExpr(text, &error);
  EXPECT_TRUE(x) << text << ": " << error;
  return x && x->Eval(ctx);
}

TEST(ConstraintExpr, Precedence) {
  // && binds tighter than ||; the printer shows it with parentheses, as Go's String does.
  EXPECT_EQ(Parsed("a || b && c"), "a || (b && c)");
  EXPECT_EQ(Parsed("a && b || c"), "(a && b) || c");
  EXPECT_EQ(Parsed("(a || b) && c"), "(a || b) && c");
  EXPECT_EQ(Parsed("a || b || c"), "a || b || c");
  EXPECT_EQ(Parsed("!a && b"), "!a && b");
  EXPECT_EQ(Parsed("!(a && b)"), "!(a && b)");
  EXPECT_EQ(Parsed("!(!a)"), "!!a");
  EXPECT_EQ(Parsed("((a))"), "a");
  EXPECT_EQ(Parsed(" \tlinux&&amd64 "), "linux && amd64");
  EXPECT_EQ(Parsed("go1.18 && my_tag.x && 386"), "go1.18 && my_tag.x && 386");
  EXPECT_EQ(Parsed("ünicode && ٣"), "ünicode && ٣"); // letters and digits beyond ASCII

  EXPECT_TRUE(EvalWith("a || b && c", {"a"}));
  EXPECT_FALSE(EvalWith("a || b && c", {"b"}));
  EXPECT_TRUE(EvalWith("a || b && c", {"b", "c"}));
  EXPECT_FALSE(EvalWith("(a || b) && c", {"a"}));
  EXPECT_TRUE(EvalWith("!a", {}));
  EXPECT_FALSE(EvalWith("!a", {"a"}));
  EXPECT_TRUE(EvalWith("!(a && b)", {"a"}));
  EXPECT_FALSE(EvalWith("!(a || b)", {"b"}));
  EXPECT_TRUE(EvalWith("!(!a)", {"a"}));
}

// Every tag is asked, even where the operators would short-circuit, as in Go.
TEST(ConstraintExpr, EvalAsksEveryTag) {
  std::string error;
  std::optional<Expr> x = ParseExpr("a || b && !c", &error);
  if (!x) {
    ADD_FAILURE() << error;
    return;
  }
  std::vector<std::string> asked;
  EXPECT_TRUE(x->Eval([&](std::string_view tag) {
    asked.emplace_back(tag);
    return true;
  }));
  EXPECT_EQ(asked, (std::vector<std::string>{"a", "b", "c"}));
}

TEST(ConstraintExpr, Errors) {
  EXPECT_EQ(Parsed(""), "error: unexpected end of expression");
  EXPECT_EQ(Parsed("a &&"), "error: unexpected end of expression");
  EXPECT_EQ(Parsed("!"), "error: unexpected end of expression");
  EXPECT_EQ(Parsed("a b"), "error: unexpected token b");
  EXPECT_EQ(Parsed("a)"), "error: unexpected token )");
  EXPECT_EQ(Parsed("&& a"), "error: unexpected token &&");
  EXPECT_EQ(Parsed("a || || b"), "error: unexpected token ||");
  EXPECT_EQ(Parsed("(a"), "error: missing close paren");
  EXPECT_EQ(Parsed("(a b)"), "error: missing close paren");
  EXPECT_EQ(Parsed("(a &&"), "error: missing close paren");
  EXPECT_EQ(Parsed("(("), "error: missing close paren");
  EXPECT_EQ(Parsed("()"), "error: unexpected token )");
  EXPECT_EQ(Parsed("!!a"), "error: double negation not allowed");
  EXPECT_EQ(Parsed("! !a"), "error: double negation not allowed");
  EXPECT_EQ(Parsed("a & b"), "error: invalid syntax at &");
  EXPECT_EQ(Parsed("a |"), "error: invalid syntax at |");
  EXPECT_EQ(Parsed("a-b"), "error: invalid syntax at -");
  EXPECT_EQ(Parsed("(a $"), "error: invalid syntax at $"); // not turned into a paren error
  EXPECT_EQ(Parsed("a,b"), "error: invalid syntax at ,");
  EXPECT_EQ(Parsed("\xff"), "error: invalid syntax at \xEF\xBF\xBD"); // bad UTF-8 is U+FFFD
}

// Deep nesting and long chains stop at newer Go's size limit instead of the stack's.
TEST(ConstraintExpr, SizeLimit) {
  std::string deep;
  for (int i = 0; i < 100000; ++i)
    deep += "(a || ";
  EXPECT_EQ(Parsed(deep), "error: build expression too large");
  std::string longChain = "a";
  for (int i = 0; i < 1200; ++i)
    longChain += " && a";
  EXPECT_EQ(Parsed(longChain), "error: build expression too large");
  std::string fits = "a";
  for (int i = 0; i < 999; ++i)
    fits += " || a";
  EXPECT_TRUE(EvalWith(fits, {"a"}));
}

TEST(ConstraintLine, Split) {
  EXPECT_EQ(SplitGoBuild("//go:build linux"), "linux");
  EXPECT_EQ(SplitGoBuild("//go:build\tlinux && amd64 \n"), "linux && amd64");
  EXPECT_EQ(SplitGoBuild("//go:build"), "");
  EXPECT_EQ(SplitGoBuild("//go:buildlinux"), std::nullopt);
  EXPECT_EQ(SplitGoBuild("// go:build linux"), std::nullopt);
  EXPECT_EQ(SplitGoBuild(" //go:build linux"), std::nullopt);
  EXPECT_EQ(SplitGoBuild("//go:build a\nb"), std::nullopt);
  EXPECT_EQ(SplitGoBuild("//go:build\u00a0linux\u2003"), "linux"); // Unicode spaces, as Go
  EXPECT_EQ(SplitGoBuild("//go:build\u00a0"), "");
  EXPECT_EQ(SplitPlusBuild("// +build linux darwin"), "linux darwin");
  EXPECT_EQ(SplitPlusBuild("//+build linux"), "linux");
  EXPECT_EQ(SplitPlusBuild("//   +build"), "");
  EXPECT_EQ(SplitPlusBuild("// +buildlinux"), std::nullopt);
  EXPECT_EQ(SplitPlusBuild("/* +build linux */"), std::nullopt);

  EXPECT_EQ(ParsedLine("//go:build !windows"), "!windows");
  EXPECT_EQ(ParsedLine("// +build linux,386 darwin,!cgo"), "(linux && 386) || (darwin && !cgo)");
  EXPECT_EQ(ParsedLine("// just a comment"), "error: not a build constraint");
  EXPECT_EQ(ParsedLine("//go:build ("), "error: missing close paren");
}

// // +build: spaces separate alternatives, commas join terms; malformed terms are "ignore".
TEST(ConstraintLine, PlusBuild) {
  EXPECT_EQ(ParsePlusBuildExpr("linux darwin").String(), "linux || darwin");
  EXPECT_EQ(ParsePlusBuildExpr("linux,amd64 !cgo").String(), "(linux && amd64) || !cgo");
  EXPECT_EQ(ParsePlusBuildExpr("").String(), "ignore");
  EXPECT_EQ(ParsePlusBuildExpr("!").String(), "ignore");
  EXPECT_EQ(ParsePlusBuildExpr("!!linux").String(), "ignore");
  EXPECT_EQ(ParsePlusBuildExpr("a,,b").String(), "a && ignore && b");
  EXPECT_EQ(ParsePlusBuildExpr("a-b !c$").String(), "ignore || !ignore");
  EXPECT_EQ(ParsePlusBuildExpr("a\u3000b").String(), "a || b");

  BuildContext linux = Target("linux", "amd64");
  EXPECT_TRUE(ParsePlusBuildExpr("windows linux,amd64").Eval(linux));
  EXPECT_FALSE(ParsePlusBuildExpr("linux,!amd64").Eval(linux));
  EXPECT_TRUE(ParsePlusBuildExpr("!windows,!plan9").Eval(linux));
  EXPECT_FALSE(ParsePlusBuildExpr("!!amd64").Eval(linux));
}

TEST(Tags, TargetAndImplications) {
  BuildContext linux = Target("linux", "amd64");
  EXPECT_TRUE(MatchTag("linux", linux));
  EXPECT_TRUE(MatchTag("amd64", linux));
  EXPECT_TRUE(MatchTag("unix", linux));
  EXPECT_TRUE(MatchTag("gc", linux));
  EXPECT_FALSE(MatchTag("gccgo", linux));
  EXPECT_FALSE(MatchTag("windows", linux));
  EXPECT_FALSE(MatchTag("arm64", linux));
  EXPECT_FALSE(MatchTag("android", linux));

  // Each unix GOOS of Go 1.19 satisfies "unix"; the others do not.
  for (const char *goos : {"aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos",
                           "ios", "linux", "netbsd", "openbsd", "solaris"})
    EXPECT_TRUE(MatchTag("unix", Target(goos, "amd64"))) << goos;
  for (const char *goos : {"windows", "plan9", "js", "zos", "nacl", "unknownos"})
    EXPECT_FALSE(MatchTag("unix", Target(goos, "amd64"))) << goos;

  EXPECT_TRUE(MatchTag("linux", Target("android", "arm64")));
  EXPECT_TRUE(MatchTag("android", Target("android", "arm64")));
  EXPECT_TRUE(MatchTag("darwin", Target("ios", "arm64")));
  EXPECT_TRUE(MatchTag("solaris", Target("illumos", "amd64")));
  // The implications go one way only.
  EXPECT_FALSE(MatchTag("android", linux));
  EXPECT_FALSE(MatchTag("ios", Target("darwin", "arm64")));
  EXPECT_FALSE(MatchTag("illumos", Target("solaris", "amd64")));
  EXPECT_FALSE(MatchTag("darwin", Target("android", "arm64")));

  EXPECT_TRUE(EvalIn("linux && !android", linux));
  EXPECT_FALSE(EvalIn("linux && !android", Target("android", "arm64")));
  EXPECT_TRUE(EvalIn("darwin && !ios", Target("darwin", "arm64")));
  EXPECT_FALSE(EvalIn("darwin && !ios", Target("ios", "arm64")));
}

TEST(Tags, ReleaseTags) {
  BuildContext ctx = Target("linux", "amd64");
  EXPECT_TRUE(MatchTag("go1.1", ctx));
  EXPECT_TRUE(MatchTag("go1.18", ctx));
  EXPECT_TRUE(MatchTag("go1.19", ctx));
  EXPECT_FALSE(MatchTag("go1.20", ctx));
  EXPECT_FALSE(MatchTag("go1.0", ctx));
  EXPECT_FALSE(MatchTag("go1.018", ctx));
  EXPECT_FALSE(MatchTag("go1.", ctx));
  EXPECT_FALSE(MatchTag("go2.1", ctx));
  EXPECT_FALSE(MatchTag("go1.1x", ctx));
  EXPECT_FALSE(MatchTag("go1.99999999999999999999", ctx));
  ctx.goMinor = 21;
  EXPECT_TRUE(MatchTag("go1.20", ctx));
  EXPECT_TRUE(EvalIn("go1.18 && !go1.22", ctx));
}

TEST(Tags, UserTagsCgoAndCompiler) {
  BuildContext ctx = Target("linux", "amd64", {"netgo", "osusergo", "goexperiment.boringcrypto"});
  EXPECT_TRUE(MatchTag("netgo", ctx));
  EXPECT_TRUE(MatchTag("osusergo", ctx));
  EXPECT_FALSE(MatchTag("purego", ctx));
  EXPECT_TRUE(MatchTag("boringcrypto", ctx)); // the old name of the experiment
  EXPECT_TRUE(EvalIn("netgo && !purego", ctx));

  EXPECT_FALSE(MatchTag("cgo", ctx));
  EXPECT_TRUE(EvalIn("!cgo", ctx));
  ctx.cgo = true;
  EXPECT_TRUE(MatchTag("cgo", ctx));

  ctx.compiler = "gccgo";
  EXPECT_TRUE(MatchTag("gccgo", ctx));
  EXPECT_FALSE(MatchTag("gc", ctx));
  // Tags can satisfy a file-name suffix too, as in go/build.
  EXPECT_TRUE(MatchFileName("x_windows.go", Target("linux", "amd64", {"windows"})));
}

TEST(FileName, Suffixes) {
  BuildContext linux = Target("linux", "amd64");
  BuildContext windows = Target("windows", "arm64");
  EXPECT_TRUE(MatchFileName("x_linux.go", linux));
  EXPECT_FALSE(MatchFileName("x_linux.go", windows));
  EXPECT_TRUE(MatchFileName("x_linux_amd64.go", linux));
  EXPECT_FALSE(MatchFileName("x_linux_arm64.go", linux));
  EXPECT_FALSE(MatchFileName("x_darwin_amd64.go", linux));
  EXPECT_TRUE(MatchFileName("x_amd64.go", linux));
  EXPECT_FALSE(MatchFileName("x_amd64.go", windows));
  EXPECT_TRUE(MatchFileName("x_windows_arm64.go", windows));
  EXPECT_FALSE(MatchFileName("x_windows_arm64.go", linux));
  EXPECT_FALSE(MatchFileName("x_windows_amd64.go", windows));
  // No underscore: no constraint; before the first underscore nothing counts.
  EXPECT_TRUE(MatchFileName("linux.go", windows));
  EXPECT_TRUE(MatchFileName("windows.go", linux));
  EXPECT_TRUE(MatchFileName("linux_arm64.go", windows)); // only _arm64 is a suffix
  EXPECT_FALSE(MatchFileName("linux_arm64.go", linux));
  // Unknown words, and unix (a tag, but no GOOS), constrain nothing.
  EXPECT_TRUE(MatchFileName("x_foo.go", linux));
  EXPECT_TRUE(MatchFileName("x_unix.go", Target("windows", "amd64")));
  EXPECT_TRUE(MatchFileName("x_foo_bar.go", linux));
  EXPECT_FALSE(MatchFileName("x_sparc.go", linux));      // known, if unsupported
  EXPECT_TRUE(MatchFileName("x_amd64_linux.go", linux)); // only _linux counts, in that order
  EXPECT_FALSE(MatchFileName("x_amd64_windows.go", linux));
  // An android target takes _linux files; linux does not take _android ones.
  EXPECT_TRUE(MatchFileName("x_linux.go", Target("android", "arm64")));
  EXPECT_FALSE(MatchFileName("x_android.go", linux));
  EXPECT_TRUE(MatchFileName("x_darwin_arm64.go", Target("ios", "arm64")));
  EXPECT_TRUE(MatchFileName("x_solaris.go", Target("illumos", "amd64")));
  // _test is stepped over; the extension is everything after the first dot.
  EXPECT_TRUE(MatchFileName("x_linux_test.go", linux));
  EXPECT_FALSE(MatchFileName("x_linux_test.go", windows));
  EXPECT_FALSE(MatchFileName("x_amd64_test.go", windows));
  EXPECT_TRUE(MatchFileName("x_test.go", linux));
  EXPECT_TRUE(MatchFileName("x_linux.go.orig", linux));
  EXPECT_FALSE(MatchFileName("x_windows.s", linux));
  EXPECT_FALSE(MatchFileName("x_windows.pb.go", linux));
}

TEST(ShouldBuild, TestFilesAndNames) {
  BuildContext linux = Target("linux", "amd64");
  FileConstraint fc = ShouldBuild("x_test.go", "package p\n", linux);
  EXPECT_TRUE(fc.match);
  EXPECT_TRUE(fc.isTest);
  fc = ShouldBuild("x_linux_test.go", "package p\n", linux);
  EXPECT_TRUE(fc.match);
  EXPECT_TRUE(fc.isTest);
  fc = ShouldBuild("x_linux_test.go", "package p\n", Target("darwin", "arm64"));
  EXPECT_FALSE(fc.match);
  EXPECT_TRUE(fc.isTest);
  fc = ShouldBuild("dir_windows/x.go", "package p\n", linux); // only the last element counts
  EXPECT_TRUE(fc.match);
  EXPECT_FALSE(fc.isTest);
  EXPECT_FALSE(ShouldBuild("x_windows_arm64.go", "package p\n", linux).match);
  EXPECT_TRUE(ShouldBuild("x_windows_arm64.go", "package p\n", Target("windows", "arm64")).match);
  // go/build leaves out names starting with _ or . whatever they say.
  EXPECT_FALSE(ShouldBuild("_x.go", "package p\n", linux).match);
  EXPECT_FALSE(ShouldBuild(".x.go", "package p\n", linux).match);
  // A name that rules the file out wins before the header is read, even a broken one.
  fc = ShouldBuild("x_windows.go", "//go:build (\n\npackage p\n", linux);
  EXPECT_FALSE(fc.match);
  EXPECT_EQ(fc.error, "");
}

// The match of file x.go with `content` in `ctx`, with an error as a test failure.
bool Matches(std::string_view content, const BuildContext &ctx) {
  FileConstraint fc = ShouldBuild("x.go", content, ctx);
  EXPECT_EQ(fc.error, "") << content;
  return fc.match;
}

TEST(ShouldBuild, GoBuildLines) {
  BuildContext linux = Target("linux", "amd64");
  BuildContext windows = Target("windows", "amd64");
  EXPECT_TRUE(Matches("package p\n", linux));
  EXPECT_TRUE(Matches("", linux));
  EXPECT_TRUE(Matches("//go:build linux\n\npackage p\n", linux));
  EXPECT_FALSE(Matches("//go:build linux\n\npackage p\n", windows));
  // No blank line needed after //go:build, and it may follow other comments.
  EXPECT_TRUE(Matches("//go:build windows\npackage p\n", windows));
  EXPECT_FALSE(Matches("//go:build windows\npackage p\n", linux));
  EXPECT_FALSE(Matches("// Copyright.\n\n// Doc.\n//go:build windows\npackage p\n", linux));
  EXPECT_FALSE(Matches("  //go:build windows  \r\n\r\npackage p\r\n", linux)); // CRLF, indented
  EXPECT_FALSE(Matches("//go:build ignore\n\npackage main\n", linux));
  EXPECT_TRUE(Matches("//go:build ignore\n\npackage main\n", Target("linux", "amd64", {"ignore"})));
  EXPECT_TRUE(Matches("//go:buildfoo\n\npackage p\n", windows)); // another directive
  // //go:build wins over // +build, whatever either says.
  EXPECT_TRUE(Matches("//go:build linux\n// +build windows\n\npackage p\n", linux));
  EXPECT_FALSE(Matches("// +build linux\n//go:build windows\n\npackage p\n", linux));
  // After the package clause nothing counts.
  EXPECT_TRUE(Matches("package p\n\n//go:build windows\n", linux));
  EXPECT_TRUE(Matches("package p\n//go:build windows\n//go:build windows\n", linux));
  EXPECT_TRUE(Matches("/* c */ package p\n//go:build windows\n", linux));
}

TEST(ShouldBuild, PlusBuildLines) {
  BuildContext linux = Target("linux", "amd64");
  EXPECT_TRUE(Matches("// +build linux\n\npackage p\n", linux));
  EXPECT_FALSE(Matches("// +build windows\n\npackage p\n", linux));
  EXPECT_TRUE(Matches("// +build windows linux\n\npackage p\n", linux));
  EXPECT_FALSE(Matches("// +build linux\n// +build 386\n\npackage p\n", linux)); // lines AND
  EXPECT_TRUE(Matches("// +build linux darwin\n// +build amd64\n\npackage p\n", linux));
  // Without a blank line after it a // +build line is the package's doc comment.
  EXPECT_TRUE(Matches("// +build windows\npackage p\n", linux));
  EXPECT_TRUE(Matches("// +build windows\n// Package p does.\npackage p\n", linux));
  EXPECT_FALSE(Matches("// +build windows\n\n// Package p does.\npackage p\n", linux));
  // Only the lines before the last blank line of the header's // part count.
  EXPECT_FALSE(Matches("// a\n\n// +build windows\n\n// +build linux\npackage p\n", linux));
  // A file with only comments: the lines before its last blank line.
  EXPECT_FALSE(Matches("// +build windows\n\n", linux));
  EXPECT_TRUE(Matches("// +build windows", linux));
  // //+build without the space counts; malformed terms are "ignore".
  EXPECT_FALSE(Matches("//+build windows\n\npackage p\n", linux));
  EXPECT_FALSE(Matches("// +build !!linux\n\npackage p\n", linux));
  EXPECT_FALSE(Matches("// +build\n\npackage p\n", linux));
  EXPECT_TRUE(Matches("// +build linux,amd64,!cgo go1.99\n\npackage p\n", linux));
}

// /* */ comments belong to the header, but end the part where // +build lines count.
TEST(ShouldBuild, BlockComments) {
  BuildContext linux = Target("linux", "amd64");
  EXPECT_FALSE(Matches("/* Copyright */\n//go:build windows\n\npackage p\n", linux));
  EXPECT_FALSE(Matches("/*\n Copyright\n*/\n\n//go:build windows\npackage p\n", linux));
  EXPECT_TRUE(Matches("/*\n//go:build windows\n*/\npackage p\n", linux)); // inside the comment
  EXPECT_FALSE(Matches("/* a */ /* b */ // c\n//go:build windows\npackage p\n", linux));
  EXPECT_TRUE(Matches("/* a */ package p\n//go:build windows\n", linux));
  EXPECT_TRUE(Matches("/* a\n b */ package p\n//go:build windows\n", linux));
  // // +build lines after a /* comment do not count, even with a blank line.
  EXPECT_TRUE(Matches("/* c */\n\n// +build windows\n\npackage p\n", linux));
  EXPECT_FALSE(Matches("// +build windows\n\n/* c */\npackage p\n", linux));
}

TEST(ShouldBuild, Errors) {
  BuildContext linux = Target("linux", "amd64");
  FileConstraint fc = ShouldBuild(
      "x.go", "// Copyright\n\n//go:build linux\n//go:build amd64\n\npackage p\n", linux);
  EXPECT_FALSE(fc.match);
  EXPECT_EQ(fc.error, "multiple //go:build comments");
  EXPECT_EQ(fc.errorLine, 4);

  fc = ShouldBuild("x.go", "\n//go:build linux &&\n\npackage p\n", linux);
  EXPECT_FALSE(fc.match);
  EXPECT_EQ(fc.error, "parsing //go:build line: unexpected end of expression");
  EXPECT_EQ(fc.errorLine, 2);

  fc = ShouldBuild("x.go", "//go:build (linux\npackage p\n", linux);
  EXPECT_EQ(fc.error, "parsing //go:build line: missing close paren");
  EXPECT_EQ(fc.errorLine, 1);

  // A //go:build line in a /* comment is no second one; after the header none is seen.
  EXPECT_TRUE(Matches("//go:build linux\n/*\n//go:build linux\n*/\npackage p\n", linux));
  EXPECT_TRUE(Matches("//go:build linux\npackage p\n//go:build (\n", linux));
}

} // namespace
} // namespace talpa::driver
