// Build constraints: which files of a package a build for one GOOS/GOARCH uses, by Go 1.19's
// go/build rules (file-name suffixes, //go:build and // +build lines).
#ifndef TALPA_DRIVER_CONSTRAINT_H
#define TALPA_DRIVER_CONSTRAINT_H

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "llvm/ADT/STLFunctionalExtras.h"

namespace talpa::driver {

// What constraints are evaluated against: go/build's Context, cut down to the parts that
// decide tags.
struct BuildContext {
  std::string goos, goarch;
  std::vector<std::string> tags; // -tags, and any goexperiment.* tool tags
  bool cgo = false;
  std::string compiler = "gc";
  int goMinor = 19; // the release tags go1.1 ... go1.<goMinor> hold
};

// Whether `tag` holds in `ctx`, as go/build's matchTag: GOOS (with the implications in
// constraint.cpp's OS table: unix, android->linux, illumos->solaris, ios->darwin), GOARCH, the
// compiler, cgo when enabled, release tags and the -tags list.
bool MatchTag(std::string_view tag, const BuildContext &ctx);

// Whether `name` is in Go 1.19's list of known GOOS or GOARCH values (go/build's syslist):
// only those make a file-name suffix a constraint.
bool IsKnownOS(std::string_view name);
bool IsKnownArch(std::string_view name);

// A build expression, stored flat: nodes in a vector, each child before its parent, so the
// root is the last node and evaluation is one pass with no recursion.
class Expr {
public:
  enum class Kind : uint8_t { Tag, Not, And, Or };
  // Tag: the tag is tags_[x, x+y). Not: operand x. And, Or: operands x and y.
  struct Node {
    Kind kind;
    uint32_t x, y;
  };

  // Appending nodes; each returns the new node's index, which is the root until the next.
  uint32_t AddTag(std::string_view tag);
  uint32_t AddNot(uint32_t x);
  uint32_t AddAnd(uint32_t x, uint32_t y) { return Add({Kind::And, x, y}); }
  uint32_t AddOr(uint32_t x, uint32_t y) { return Add({Kind::Or, x, y}); }

  // The value with each tag decided by `ok`. Every tag is asked, whatever the operators
  // would short-circuit, as Go's Eval does (so callers can record the tags a file uses).
  bool Eval(llvm::function_ref<bool(std::string_view)> ok) const;
  bool Eval(const BuildContext &ctx) const;

  // Go's printed form: "a || (b && c)", "!(a || b)"; parentheses only where needed.
  std::string String() const;

  // The nodes, for walking the tree (the root is node size()-1), and the text of a Tag node.
  size_t size() const { return nodes_.size(); }
  const Node &node(uint32_t i) const { return nodes_[i]; }
  std::string_view TagName(uint32_t i) const;

private:
  uint32_t Add(Node n);
  void Print(uint32_t i, std::string &out) const;

  std::vector<Node> nodes_;
  std::string tags_; // the tags' text, back to back
};

// The expression of a //go:build line ("//go:build" and at least one space or tab, or the
// bare word), or nullopt if `line` is not one. A single trailing newline is allowed.
std::optional<std::string_view> SplitGoBuild(std::string_view line);
// The same for a // +build line (the space after // is optional: "//+build" counts too).
std::optional<std::string_view> SplitPlusBuild(std::string_view line);

// Parses a //go:build expression: tags of letters, digits, '_' and '.', with !, &&, || (in
// rising order of looseness) and parentheses. On a syntax error returns nullopt and sets
// `*error` to go/build/constraint's message ("unexpected token )", "missing close paren").
std::optional<Expr> ParseExpr(std::string_view text, std::string *error);

// Parses a // +build expression: space-separated alternatives of comma-separated terms,
// each a tag or !tag. Never fails: a malformed term is the tag "ignore", as in Go.
Expr ParsePlusBuildExpr(std::string_view text);

// Parses a whole constraint line, either form; "not a build constraint" for other lines.
std::optional<Expr> ParseConstraintLine(std::string_view line, std::string *error);

// Whether a file name's _GOOS, _GOARCH or _GOOS_GOARCH suffix (before an optional _test,
// and before the first '.') allows the file in `ctx`; go/build's goodOSArchFile.
bool MatchFileName(std::string_view name, const BuildContext &ctx);

// The verdict on one file.
struct FileConstraint {
  bool match = false;  // its name and header allow it (also for test files)
  bool isTest = false; // a _test.go file, which a normal build leaves out whatever `match` says
  std::string error;   // "multiple //go:build comments", "parsing //go:build line: ..."
  int errorLine = 0;   // the 1-based line of `error` in the content; 0 if no error
};

// Go's rules for one file of a package directory: `fileName` (a path; only its last element
// counts) must not start with '_' or '.', and its suffixes must match; then the header (the
// comments and blank lines before the package clause) decides: a //go:build line if there is
// one, else every // +build line that a blank line follows. On an error `match` is false.
FileConstraint ShouldBuild(std::string_view fileName, std::string_view content,
                           const BuildContext &ctx);

} // namespace talpa::driver

#endif
