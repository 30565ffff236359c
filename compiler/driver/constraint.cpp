// Build constraints as Go 1.19's go/build and go/build/constraint decide them.
//
// A file takes part in a build when three things agree. Its name: a suffix _GOOS, _GOARCH or
// _GOOS_GOARCH (before an optional _test and the extension) names the target, where only
// Go's known GOOS and GOARCH values count as such. Its header, the comments and blank lines
// before the package clause: a //go:build line there is a boolean expression over tags; if
// there is none, each // +build line followed by a blank line must hold. And the tags: the
// target's GOOS and GOARCH and what they imply (the OS table below), the compiler, cgo, the
// release tags go1.1 ... go1.N and the user's -tags.
//
// Expressions are stored flat (children before parents) and evaluated in one pass; the
// parser is recursive descent with go/build/constraint's error messages, and its recursion is
// bounded by the size limit newer Go releases put on an expression.
#include "compiler/driver/constraint.h"
#include "compiler/syntax/scanner.h"

#include "compiler/base/check.h"

#include "llvm/ADT/SmallVector.h"

#include <algorithm>

namespace talpa::driver {

namespace {

// Go 1.19's GOOS values (go/build's knownOS), which are unix (the "unix" tag holds), and the
// other GOOS whose tag each also satisfies.
struct OSInfo {
  std::string_view name;
  bool unix;
  std::string_view implies;
};
constexpr OSInfo kKnownOS[] = {
    {"aix", true, ""},
    {"android", true, "linux"},
    {"darwin", true, ""},
    {"dragonfly", true, ""},
    {"freebsd", true, ""},
    {"hurd", true, ""},
    {"illumos", true, "solaris"},
    {"ios", true, "darwin"},
    {"js", false, ""},
    {"linux", true, ""},
    {"nacl", false, ""},
    {"netbsd", true, ""},
    {"openbsd", true, ""},
    {"plan9", false, ""},
    {"solaris", true, ""},
    {"windows", false, ""},
    {"zos", false, ""},
};

// Go 1.19's GOARCH values (go/build's knownArch), including ones no toolchain supports: a
// file named x_sparc.go is for sparc, not for every target.
constexpr std::string_view kKnownArch[] = {
    "386",     "amd64",  "amd64p32", "arm",      "armbe",     "arm64",       "arm64be", "loong64",
    "mips",    "mipsle", "mips64",   "mips64le", "mips64p32", "mips64p32le", "ppc",     "ppc64",
    "ppc64le", "riscv",  "riscv64",  "s390",     "s390x",     "sparc",       "sparc64", "wasm",
};

// The row of kKnownOS for `goos`, or null.
const OSInfo *FindOS(std::string_view goos) {
  for (const OSInfo &os : kKnownOS)
    if (os.name == goos) return &os;
  return nullptr;
}

// Whether `tag` is a release tag go1.1 ... go1.<goMinor>, spelled as Go spells them (no
// leading zeros, no sign).
bool IsReleaseTag(std::string_view tag, int goMinor) {
  if (!tag.starts_with("go1.")) return false;
  std::string_view digits = tag.substr(4);
  if (digits.empty() || digits.size() > 6 || digits[0] == '0') return false;
  int minor = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return false;
    minor = minor * 10 + (c - '0');
  }
  return minor <= goMinor;
}

constexpr char32_t kRuneError = 0xFFFD;

// Decodes the UTF-8 rune at the start of non-empty `s` as Go does: an invalid or truncated
// sequence is U+FFFD of length 1.
char32_t DecodeRune(std::string_view s, size_t *size) {
  auto byte = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  *size = 1;
  unsigned char c = byte(0);
  if (c < 0x80) return c;
  size_t n;
  char32_t r, min;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
    r = c & 0x1F;
    min = 0x80;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    r = c & 0x0F;
    min = 0x800;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    r = c & 0x07;
    min = 0x10000;
  } else {
    return kRuneError;
  }
  if (s.size() < n) return kRuneError;
  for (size_t i = 1; i < n; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return kRuneError;
    r = r << 6 | (byte(i) & 0x3F);
  }
  if (r < min || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) return kRuneError;
  *size = n;
  return r;
}

// Appends `r` encoded as UTF-8.
void AppendRune(std::string &out, char32_t r) {
  if (r < 0x80) {
    out += static_cast<char>(r);
  } else if (r < 0x800) {
    out += static_cast<char>(0xC0 | r >> 6);
    out += static_cast<char>(0x80 | (r & 0x3F));
  } else if (r < 0x10000) {
    out += static_cast<char>(0xE0 | r >> 12);
    out += static_cast<char>(0x80 | (r >> 6 & 0x3F));
    out += static_cast<char>(0x80 | (r & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | r >> 18);
    out += static_cast<char>(0x80 | (r >> 12 & 0x3F));
    out += static_cast<char>(0x80 | (r >> 6 & 0x3F));
    out += static_cast<char>(0x80 | (r & 0x3F));
  }
}

// Whether `r` is white space by Go's unicode.IsSpace: the ASCII spaces, U+0085, U+00A0 and
// the other White_Space characters.
bool IsSpaceRune(char32_t r) {
  switch (r) {
  case '\t':
  case '\n':
  case '\v':
  case '\f':
  case '\r':
  case ' ':
  case 0x85:
  case 0xA0:
  case 0x1680:
  case 0x2028:
  case 0x2029:
  case 0x202F:
  case 0x205F:
  case 0x3000:
    return true;
  default:
    return r >= 0x2000 && r <= 0x200A;
  }
}

// The non-empty runs of non-space runes in `s` (Go's strings.Fields).
llvm::SmallVector<std::string_view, 4> Fields(std::string_view s) {
  llvm::SmallVector<std::string_view, 4> fields;
  size_t start = std::string_view::npos;
  for (size_t i = 0, n; i < s.size(); i += n) {
    bool space = IsSpaceRune(DecodeRune(s.substr(i), &n));
    if (space && start != std::string_view::npos) {
      fields.push_back(s.substr(start, i - start));
      start = std::string_view::npos;
    } else if (!space && start == std::string_view::npos) {
      start = i;
    }
  }
  if (start != std::string_view::npos) fields.push_back(s.substr(start));
  return fields;
}

// `s` without leading and trailing space runes (Go's strings.TrimSpace).
std::string_view TrimSpace(std::string_view s) {
  auto ascii = [](char c) { return c > ' ' && static_cast<unsigned char>(c) < 0x80; };
  if (s.empty() || (ascii(s.front()) && ascii(s.back()))) return s; // nothing to trim
  size_t start = s.size(), end = 0;
  for (size_t i = 0, n; i < s.size(); i += n) {
    if (IsSpaceRune(DecodeRune(s.substr(i), &n))) continue;
    start = std::min(start, i);
    end = i + n;
  }
  return start < end ? s.substr(start, end - start) : std::string_view();
}

// Whether `r` may appear in a tag: a letter, a digit, '_' or '.'.
bool IsTagRune(char32_t r) {
  if (r < 0x80)
    return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') || r == '_' ||
           r == '.';
  return syntax::IsUnicodeLetter(r) || syntax::IsUnicodeDigit(r);
}

// Whether `word` is a non-empty run of tag runes (go/build/constraint's isValidTag).
bool IsValidTag(std::string_view word) {
  if (word.empty()) return false;
  for (size_t i = 0, n; i < word.size(); i += n)
    if (!IsTagRune(DecodeRune(word.substr(i), &n))) return false;
  return true;
}

// At most this many operands in a //go:build expression, which bounds the parser's recursion.
// Go 1.19 has no limit; later releases reject larger expressions with this message.
constexpr int kMaxExprSize = 1000;
constexpr std::string_view kUnexpectedEnd = "unexpected end of expression";

// The //go:build expression parser, recursive descent over go/build/constraint's grammar.
// The first error stops it (as Go's parser panics), and its message is Go's.
class ExprParser {
public:
  explicit ExprParser(std::string_view text) : text_(text) {}

  // ExprParser's entry: the whole text as one expression.
  std::optional<Expr> Parse(std::string *error) {
    ParseOr();
    if (!failed_ && tok_ != Tok::End) Fail("unexpected token " + std::string(tokText_));
    if (failed_) {
      if (error) *error = std::move(error_);
      return std::nullopt;
    }
    return std::move(expr_);
  }

private:
  enum class Tok : uint8_t { End, LParen, RParen, Not, AndAnd, OrOr, Tag };

  // Records the first error; later ones are consequences.
  void Fail(std::string message) {
    if (failed_) return;
    failed_ = true;
    error_ = std::move(message);
  }

  // Reads the next token into tok_ and tokText_: spaces and tabs separate tokens; && and ||
  // must be doubled; a tag is a maximal run of tag runes.
  void Next() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t'))
      ++pos_;
    size_t start = pos_;
    if (pos_ == text_.size()) {
      tok_ = Tok::End;
      tokText_ = {};
      return;
    }
    char c = text_[pos_];
    switch (c) {
    case '(':
    case ')':
    case '!':
      tok_ = c == '(' ? Tok::LParen : c == ')' ? Tok::RParen : Tok::Not;
      tokText_ = text_.substr(pos_++, 1);
      return;
    case '&':
    case '|':
      if (pos_ + 1 == text_.size() || text_[pos_ + 1] != c) {
        tok_ = Tok::End;
        Fail(std::string("invalid syntax at ") + c);
        return;
      }
      tok_ = c == '&' ? Tok::AndAnd : Tok::OrOr;
      tokText_ = text_.substr(pos_, 2);
      pos_ += 2;
      return;
    default:
      break;
    }
    size_t n;
    char32_t first = DecodeRune(text_.substr(pos_), &n);
    for (char32_t r = first; IsTagRune(r);) {
      pos_ += n;
      if (pos_ == text_.size()) break;
      r = DecodeRune(text_.substr(pos_), &n);
    }
    if (pos_ == start) {
      tok_ = Tok::End;
      std::string message = "invalid syntax at ";
      AppendRune(message, first);
      Fail(std::move(message));
      return;
    }
    tok_ = Tok::Tag;
    tokText_ = text_.substr(start, pos_ - start);
  }

  // OrExpr = AndExpr { "||" AndExpr } .
  // Reads its first token itself; leaves the token after it in tok_.
  uint32_t ParseOr() {
    uint32_t x = ParseAnd();
    while (!failed_ && tok_ == Tok::OrOr) {
      uint32_t y = ParseAnd();
      if (failed_) break;
      x = expr_.AddOr(x, y);
    }
    return x;
  }

  // AndExpr = NotExpr { "&&" NotExpr } .
  uint32_t ParseAnd() {
    uint32_t x = ParseNot();
    while (!failed_ && tok_ == Tok::AndAnd) {
      uint32_t y = ParseNot();
      if (failed_) break;
      x = expr_.AddAnd(x, y);
    }
    return x;
  }

  // NotExpr = [ "!" ] Atom .   ("!!" is an error, not a double negation.)
  // Counts the operands against kMaxExprSize.
  uint32_t ParseNot() {
    if (++size_ > kMaxExprSize) {
      Fail("build expression too large");
      return 0;
    }
    Next();
    if (failed_ || tok_ != Tok::Not) return ParseAtom();
    Next();
    if (!failed_ && tok_ == Tok::Not) Fail("double negation not allowed");
    uint32_t x = ParseAtom();
    return failed_ ? 0 : expr_.AddNot(x);
  }

  // Atom = tag | "(" OrExpr ")" .   Its first token is already in tok_.
  // Running out of input inside parentheses is reported as the missing parenthesis.
  uint32_t ParseAtom() {
    if (failed_) return 0;
    if (tok_ == Tok::LParen) {
      uint32_t x = ParseOr();
      if (failed_) {
        if (error_ == kUnexpectedEnd) error_ = "missing close paren";
        return 0;
      }
      if (tok_ != Tok::RParen) {
        Fail("missing close paren");
        return 0;
      }
      Next();
      return x;
    }
    if (tok_ != Tok::Tag) {
      Fail(tok_ == Tok::End ? std::string(kUnexpectedEnd)
                            : "unexpected token " + std::string(tokText_));
      return 0;
    }
    uint32_t x = expr_.AddTag(tokText_);
    Next();
    return x;
  }

  std::string_view text_;
  size_t pos_ = 0;
  Tok tok_ = Tok::End;
  std::string_view tokText_;
  int size_ = 0;
  bool failed_ = false;
  std::string error_;
  Expr expr_;
};

// What the header of a file says: its //go:build expression if any, and the // +build
// expressions that count (those a blank line follows).
struct Header {
  std::optional<std::string_view> goBuild;
  int goBuildLine = 0;
  llvm::SmallVector<std::string_view, 4> plusBuild;
  std::string error;
  int errorLine = 0;
};

// Reads the header of `content` line by line, as go/build's parseFileHeader: blank lines and
// // comments keep // +build lines possible; the first other line (a /* comment too) ends
// that; the first text outside comments ends the header. //go:build lines count anywhere in
// the header outside /* */ comments, and only once.
Header ScanHeader(std::string_view content) {
  Header h;
  bool ended = false;     // past the part where // +build lines may be
  bool inComment = false; // inside a /* */ comment
  size_t counted = 0;     // h.plusBuild[:counted] are followed by a blank line
  int lineNo = 0;
  for (size_t pos = 0; pos < content.size();) {
    size_t nl = content.find('\n', pos);
    size_t end = nl == std::string_view::npos ? content.size() : nl;
    std::string_view line = TrimSpace(content.substr(pos, end - pos));
    pos = end + 1;
    ++lineNo;
    if (line.empty() && !ended) {
      counted = h.plusBuild.size();
      continue;
    }
    if (!line.starts_with("//")) ended = true;
    if (!inComment) {
      if (auto text = SplitGoBuild(line)) {
        if (h.goBuild) {
          h.error = "multiple //go:build comments";
          h.errorLine = lineNo;
          return h;
        }
        h.goBuild = text;
        h.goBuildLine = lineNo;
      }
    }
    if (!ended)
      if (auto text = SplitPlusBuild(line)) h.plusBuild.push_back(*text);
    // Step over the line's comments; anything else is the end of the header.
    while (!line.empty()) {
      if (inComment) {
        size_t close = line.find("*/");
        if (close == std::string_view::npos) break;
        inComment = false;
        line = TrimSpace(line.substr(close + 2));
      } else if (line.starts_with("//")) {
        break;
      } else if (line.starts_with("/*")) {
        inComment = true;
        line = TrimSpace(line.substr(2));
      } else {
        h.plusBuild.resize(counted);
        return h;
      }
    }
  }
  h.plusBuild.resize(counted);
  return h;
}

} // namespace

// MatchTag's rules in go/build's matchTag order; the OS implications come from kKnownOS.
bool MatchTag(std::string_view tag, const BuildContext &ctx) {
  if (ctx.cgo && tag == "cgo") return true;
  if (tag == ctx.goos || tag == ctx.goarch || tag == ctx.compiler) return true;
  if (const OSInfo *os = FindOS(ctx.goos)) {
    if (!os->implies.empty() && tag == os->implies) return true;
    if (os->unix && tag == "unix") return true;
  }
  if (IsReleaseTag(tag, ctx.goMinor)) return true;
  if (tag == "boringcrypto") tag = "goexperiment.boringcrypto"; // its pre-1.19 name
  return std::find(ctx.tags.begin(), ctx.tags.end(), tag) != ctx.tags.end();
}

// IsKnownOS: a row of kKnownOS.
bool IsKnownOS(std::string_view name) { return FindOS(name) != nullptr; }

// IsKnownArch: an entry of kKnownArch.
bool IsKnownArch(std::string_view name) {
  return std::find(std::begin(kKnownArch), std::end(kKnownArch), name) != std::end(kKnownArch);
}

// Appends `n` and returns its index; operands must already be in the expression.
uint32_t Expr::Add(Node n) {
  TALPA_CHECK(n.kind == Kind::Tag || n.x < nodes_.size(), "build expression operand not yet added");
  TALPA_CHECK(n.kind == Kind::Tag || n.kind == Kind::Not || n.y < nodes_.size(),
              "build expression operand not yet added");
  nodes_.push_back(n);
  return static_cast<uint32_t>(nodes_.size() - 1);
}

// AddTag: the tag's text goes to the shared tag buffer.
uint32_t Expr::AddTag(std::string_view tag) {
  uint32_t offset = static_cast<uint32_t>(tags_.size());
  tags_ += tag;
  return Add({Kind::Tag, offset, static_cast<uint32_t>(tag.size())});
}

// AddNot: a Not node over `x`.
uint32_t Expr::AddNot(uint32_t x) { return Add({Kind::Not, x, 0}); }

// TagName: the text of Tag node `i`.
std::string_view Expr::TagName(uint32_t i) const {
  TALPA_CHECK(nodes_[i].kind == Kind::Tag, "build expression node is not a tag");
  return std::string_view(tags_).substr(nodes_[i].x, nodes_[i].y);
}

// Eval: one pass in storage order, which puts operands before their users.
bool Expr::Eval(llvm::function_ref<bool(std::string_view)> ok) const {
  TALPA_CHECK(!nodes_.empty(), "evaluating an empty build expression");
  llvm::SmallVector<uint8_t, 32> value(nodes_.size());
  for (uint32_t i = 0; i < nodes_.size(); ++i) {
    const Node &n = nodes_[i];
    switch (n.kind) {
    case Kind::Tag:
      value[i] = ok(TagName(i));
      break;
    case Kind::Not:
      value[i] = !value[n.x];
      break;
    case Kind::And:
      value[i] = value[n.x] && value[n.y];
      break;
    case Kind::Or:
      value[i] = value[n.x] || value[n.y];
      break;
    }
  }
  return value.back();
}

// Eval against a build context: each tag by MatchTag.
bool Expr::Eval(const BuildContext &ctx) const {
  return Eval([&](std::string_view tag) { return MatchTag(tag, ctx); });
}

// String: Print from the root, the last node.
std::string Expr::String() const {
  std::string out;
  if (!nodes_.empty()) Print(static_cast<uint32_t>(nodes_.size() - 1), out);
  return out;
}

// Prints node `i` as Go does: an operand of ! is parenthesized if binary, an operand of &&
// if it is ||, and an operand of || if it is &&. The recursion is as deep as the parse was.
void Expr::Print(uint32_t i, std::string &out) const {
  const Node &n = nodes_[i];
  auto operand = [&](uint32_t x, bool parens) {
    if (parens) out += '(';
    Print(x, out);
    if (parens) out += ')';
  };
  switch (n.kind) {
  case Kind::Tag:
    out += TagName(i);
    break;
  case Kind::Not:
    out += '!';
    operand(n.x, nodes_[n.x].kind == Kind::And || nodes_[n.x].kind == Kind::Or);
    break;
  case Kind::And:
  case Kind::Or: {
    Kind other = n.kind == Kind::And ? Kind::Or : Kind::And;
    operand(n.x, nodes_[n.x].kind == other);
    out += n.kind == Kind::And ? " && " : " || ";
    operand(n.y, nodes_[n.y].kind == other);
    break;
  }
  }
}

// SplitGoBuild: "//go:build" must be followed by a space or tab, or by nothing.
std::optional<std::string_view> SplitGoBuild(std::string_view line) {
  if (line.ends_with('\n')) line.remove_suffix(1);
  if (line.find('\n') != std::string_view::npos || !line.starts_with("//go:build"))
    return std::nullopt;
  std::string_view rest = TrimSpace(line).substr(std::string_view("//go:build").size());
  std::string_view expr = TrimSpace(rest);
  if (!rest.empty() && expr.size() == rest.size()) return std::nullopt; // //go:buildfoo
  return expr;
}

// SplitPlusBuild: "//", optional spaces, "+build", then a space or tab, or nothing.
std::optional<std::string_view> SplitPlusBuild(std::string_view line) {
  if (line.ends_with('\n')) line.remove_suffix(1);
  if (line.find('\n') != std::string_view::npos || !line.starts_with("//")) return std::nullopt;
  std::string_view rest = TrimSpace(line.substr(2));
  if (!rest.starts_with("+build")) return std::nullopt;
  rest.remove_prefix(std::string_view("+build").size());
  std::string_view expr = TrimSpace(rest);
  if (!rest.empty() && expr.size() == rest.size()) return std::nullopt; // // +buildfoo
  return expr;
}

// ParseExpr: see ExprParser.
std::optional<Expr> ParseExpr(std::string_view text, std::string *error) {
  return ExprParser(text).Parse(error);
}

// ParsePlusBuildExpr: Go's legacy rules, including its treatment of malformed terms: "!",
// "!!x" and invalid tags all become the tag "ignore" (so "!!x" is not x), and an empty line
// is "ignore" too.
Expr ParsePlusBuildExpr(std::string_view text) {
  Expr x;
  std::optional<uint32_t> any;
  for (std::string_view clause : Fields(text)) {
    std::optional<uint32_t> all;
    for (size_t start = 0;;) {
      size_t comma = std::min(clause.find(',', start), clause.size());
      std::string_view lit = clause.substr(start, comma - start);
      uint32_t term;
      if (lit.starts_with("!!") || lit == "!") {
        term = x.AddTag("ignore");
      } else {
        bool negated = lit.starts_with('!');
        if (negated) lit.remove_prefix(1);
        term = x.AddTag(IsValidTag(lit) ? lit : "ignore");
        if (negated) term = x.AddNot(term);
      }
      all = all ? x.AddAnd(*all, term) : term;
      if (comma == clause.size()) break;
      start = comma + 1;
    }
    any = any ? x.AddOr(*any, *all) : *all;
  }
  if (!any) x.AddTag("ignore");
  return x;
}

// ParseConstraintLine: go/build/constraint's Parse.
std::optional<Expr> ParseConstraintLine(std::string_view line, std::string *error) {
  if (auto text = SplitGoBuild(line)) return ParseExpr(*text, error);
  if (auto text = SplitPlusBuild(line)) return ParsePlusBuildExpr(*text);
  if (error) *error = "not a build constraint";
  return std::nullopt;
}

// MatchFileName: only what follows the first '_' counts, so linux.go has no constraint and
// linux_amd64.go only the GOARCH one.
bool MatchFileName(std::string_view name, const BuildContext &ctx) {
  name = name.substr(0, name.find('.'));
  size_t underscore = name.find('_');
  if (underscore == std::string_view::npos) return true;
  llvm::SmallVector<std::string_view, 8> parts;
  for (size_t pos = underscore + 1;;) {
    size_t next = std::min(name.find('_', pos), name.size());
    parts.push_back(name.substr(pos, next - pos));
    if (next == name.size()) break;
    pos = next + 1;
  }
  if (parts.back() == "test") parts.pop_back();
  size_t n = parts.size();
  if (n >= 2 && IsKnownOS(parts[n - 2]) && IsKnownArch(parts[n - 1]))
    return MatchTag(parts[n - 1], ctx) && MatchTag(parts[n - 2], ctx);
  if (n >= 1 && (IsKnownOS(parts[n - 1]) || IsKnownArch(parts[n - 1])))
    return MatchTag(parts[n - 1], ctx);
  return true;
}

// ShouldBuild: the name first (go/build reads no file its name rules out), then the header.
FileConstraint ShouldBuild(std::string_view fileName, std::string_view content,
                           const BuildContext &ctx) {
  FileConstraint fc;
  std::string_view name = fileName.substr(fileName.find_last_of('/') + 1);
  fc.isTest = name.ends_with("_test.go");
  if (name.empty() || name[0] == '_' || name[0] == '.' || !MatchFileName(name, ctx)) return fc;

  Header h = ScanHeader(content);
  if (!h.error.empty()) {
    fc.error = std::move(h.error);
    fc.errorLine = h.errorLine;
    return fc;
  }
  if (h.goBuild) {
    std::string error;
    std::optional<Expr> x = ParseExpr(*h.goBuild, &error);
    if (!x) {
      fc.error = "parsing //go:build line: " + error;
      fc.errorLine = h.goBuildLine;
      return fc;
    }
    fc.match = x->Eval(ctx);
    return fc;
  }
  fc.match = std::all_of(h.plusBuild.begin(), h.plusBuild.end(),
                         [&](std::string_view text) { return ParsePlusBuildExpr(text).Eval(ctx); });
  return fc;
}

} // namespace talpa::driver
