// The scanner, after gc's syntax/scanner.go: one pass over the bytes, a token per call to
// Next, with the spec's semicolon rule ("nlsemi": after an identifier, literal, one of
// break/continue/fallthrough/return, ++, --, ), ] or }, a newline or EOF is a semicolon).
// Tokens are stored as (kind, flags, offset, length); names and literal values are read
// back from the source by later stages, so no string is copied here.
#include "compiler/syntax/scanner.h"

#include <cstdint>
#include <cstring>

namespace talpa::syntax {

char32_t DecodeRune(std::string_view s, size_t i, int *size, bool *ok) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  *ok = true;
  if (c < 0x80) {
    *size = 1;
    return c;
  }
  int n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
  char32_t r = n == 4 ? (c & 0x07) : n == 3 ? (c & 0x0F) : (c & 0x1F);
  if (n == 0 || c > 0xF4 || i + n > s.size()) {
    *size = 1;
    *ok = false;
    return 0xFFFD;
  }
  for (int k = 1; k < n; ++k) {
    unsigned char cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) {
      *size = 1;
      *ok = false;
      return 0xFFFD;
    }
    r = (r << 6) | (cc & 0x3F);
  }
  // Reject overlong forms, surrogates and values past U+10FFFF.
  if ((n == 2 && r < 0x80) || (n == 3 && r < 0x800) || (n == 4 && r < 0x10000) ||
      (r >= 0xD800 && r < 0xE000) || r > 0x10FFFF) {
    *size = 1;
    *ok = false;
    return 0xFFFD;
  }
  *size = n;
  return r;
}

void AppendRune(std::string &out, char32_t r) {
  if (r < 0x80) {
    out += static_cast<char>(r);
  } else if (r < 0x800) {
    out += static_cast<char>(0xC0 | (r >> 6));
    out += static_cast<char>(0x80 | (r & 0x3F));
  } else if (r < 0x10000) {
    out += static_cast<char>(0xE0 | (r >> 12));
    out += static_cast<char>(0x80 | ((r >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (r & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (r >> 18));
    out += static_cast<char>(0x80 | ((r >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((r >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (r & 0x3F));
  }
}

void AppendQuotedRune(std::string &out, char32_t r, char quote) {
  switch (r) {
  case '\a':
    out += "\\a";
    return;
  case '\b':
    out += "\\b";
    return;
  case '\f':
    out += "\\f";
    return;
  case '\n':
    out += "\\n";
    return;
  case '\r':
    out += "\\r";
    return;
  case '\t':
    out += "\\t";
    return;
  case '\v':
    out += "\\v";
    return;
  case '\\':
    out += "\\\\";
    return;
  default:
    break;
  }
  if (r == static_cast<char32_t>(quote)) {
    out += '\\';
    out += quote;
  } else if (r < 0x20 || r == 0x7F) {
    char buf[8];
    snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(r));
    out += buf;
  } else {
    AppendRune(out, r);
  }
}

std::string FormatCodePoint(char32_t r) {
  char buf[16];
  snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(r));
  std::string s = buf;
  // Go's %#U adds the character when it is printable.
  if (r >= 0x20 && r != 0x7F && !(r >= 0x80 && r < 0xA0)) {
    s += " '";
    AppendRune(s, r);
    s += "'";
  }
  return s;
}

namespace {

// Unicode classes of identifier characters, as Go's unicode.IsLetter and IsDigit, from
// tables generated out of the Go tree (tools/gen_unicode_tables.py).
struct UnicodeRange {
  char32_t lo, hi, stride;
};
#include "compiler/syntax/unicode_tables.inc"

template <size_t N> bool InRanges(const UnicodeRange (&table)[N], char32_t r) {
  size_t lo = 0, hi = N;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    const UnicodeRange &range = table[mid];
    if (r < range.lo) {
      hi = mid;
    } else if (r > range.hi) {
      lo = mid + 1;
    } else {
      return range.stride == 1 || (r - range.lo) % range.stride == 0;
    }
  }
  return false;
}
bool IsLetterRune(char32_t r) { return InRanges(kLetterRanges, r); }
bool IsDigitRune(char32_t r) { return InRanges(kDigitRanges, r); }

constexpr char32_t kEOF = 0xFFFFFFFF;

// The keywords in a perfect hash table of 64 slots, keyed by length and the first two
// bytes; the multiplier is found at compile time.
struct KeywordSpelling {
  std::string_view text;
  TokenKind kind;
};
constexpr KeywordSpelling kKeywords[] = {
#define TALPA_KEYWORD(Name, Spelling) {Spelling, TokenKind::Name},
#include "compiler/syntax/token_kind.def"
};

class KeywordTable {
public:
  constexpr KeywordTable() {
    for (mul_ = 1;; ++mul_) {
      for (auto &slot : slots_)
        slot = Slot{};
      bool clash = false;
      for (const auto &k : kKeywords) {
        Slot &slot = slots_[Hash(k.text)];
        if (!slot.text.empty()) {
          clash = true;
          break;
        }
        slot = Slot{k.text, k.kind};
      }
      if (!clash) return;
    }
  }
  // The keyword spelled `lit`, or TokenKind::Name.
  constexpr TokenKind Find(std::string_view lit) const {
    if (lit.size() < 2 || lit.size() > 11) return TokenKind::Name;
    const Slot &slot = slots_[Hash(lit)];
    return slot.text.size() == lit.size() && slot.text[0] == lit[0] && slot.text == lit
               ? slot.kind
               : TokenKind::Name;
  }

private:
  struct Slot {
    std::string_view text;
    TokenKind kind = TokenKind::Name;
  };
  constexpr size_t Hash(std::string_view s) const {
    unsigned h = static_cast<unsigned char>(s[0]) * mul_ + static_cast<unsigned char>(s[1]) * 7 +
                 static_cast<unsigned>(s.size()) * 131;
    return (h ^ (h >> 6)) & 63;
  }
  unsigned mul_ = 1;
  Slot slots_[64];
};
constexpr KeywordTable kKeywordTable;
const KeywordTable &Keywords() { return kKeywordTable; }

bool IsLetter(char32_t c) { return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '_'; }
// ASCII bytes that continue an identifier: letters, digits and '_'.
struct IdentBytes {
  bool table[256] = {};
  constexpr IdentBytes() {
    for (int c = 0; c < 128; ++c)
      table[c] = ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '_' || (c >= '0' && c <= '9');
  }
};
constexpr IdentBytes kIdentBytes;
// ASCII decimal digits.
struct DecimalBytes {
  bool table[256] = {};
  constexpr DecimalBytes() {
    for (int c = '0'; c <= '9'; ++c)
      table[c] = true;
  }
};
constexpr DecimalBytes kDecimalBytes;
// Blank bytes (space, tab, CR), with and without the newline.
struct BlankBytes {
  bool noNewline[256] = {}, withNewline[256] = {};
  constexpr BlankBytes() {
    for (unsigned char c : {' ', '\t', '\r'})
      noNewline[c] = withNewline[c] = true;
    withNewline['\n'] = true;
  }
};
constexpr BlankBytes kBlanks;
bool IsDecimal(char32_t c) { return c >= '0' && c <= '9'; }
bool IsHex(char32_t c) { return IsDecimal(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'); }
char32_t Lower(char32_t c) { return c | 0x20; }

const char *BaseName(int base) {
  switch (base) {
  case 2:
    return "binary";
  case 8:
    return "octal";
  case 10:
    return "decimal";
  default:
    return "hexadecimal";
  }
}

// Go's %q of a rune, for the digit/escape errors ('8', 'g', '\n').
std::string QuoteRune(char32_t r) {
  std::string s = "'";
  AppendQuotedRune(s, r, '\'');
  return s + "'";
}

class Scanner {
public:
  Scanner(std::string_view src, base::FileId file, base::Diagnostics &diags,
          std::vector<Token> &out, std::vector<Comment> *comments)
      : src_(src), file_(file), diags_(diags), out_(out), comments_(comments) {
    // A byte order mark is allowed only as the very first character.
    if (src_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
    Advance();
  }

  void Run() {
    out_.reserve(src_.size() / 4 + 16);
    for (;;) {
      Next();
      if (out_.back().kind == TokenKind::EndOfFile) break;
    }
  }

private:
  // nextch: reads the character at pos_ into ch_, leaving chPos_ at its offset.
  // Loads the next character into ch_: inline for ASCII, AdvanceSlow for the rest.
  void Advance() {
    chPos_ = pos_;
    if (pos_ < src_.size()) {
      unsigned char c = static_cast<unsigned char>(src_[pos_]);
      if (c - 1u < 0x7Fu) {
        ++pos_;
        ch_ = c;
        return;
      }
    }
    AdvanceSlow();
  }
  // End of file, NUL (reported and skipped, as gc's source.nextch does) and UTF-8.
  [[gnu::noinline]] void AdvanceSlow() {
    for (;;) {
      chPos_ = pos_;
      if (pos_ >= src_.size()) {
        ch_ = kEOF;
        return;
      }
      unsigned char c = static_cast<unsigned char>(src_[pos_]);
      if (c == 0) {
        Error(chPos_, "invalid NUL character");
        ++pos_;
        continue;
      }
      if (c < 0x80) {
        ++pos_;
        ch_ = c;
        return;
      }
      // An invalid encoding or a BOM past the start is reported and skipped, as gc's
      // source.nextch does: the character stream goes on after it.
      int size;
      bool ok;
      ch_ = DecodeRune(src_, pos_, &size, &ok);
      pos_ += size;
      if (!ok) {
        Error(chPos_, "invalid UTF-8 encoding");
        continue;
      }
      if (ch_ == 0xFEFF) {
        Error(chPos_, "invalid BOM in the middle of the file");
        continue;
      }
      return;
    }
  }

  // Advances past ch_ and the ASCII bytes after it while `keep` holds, without decoding
  // them one by one: the fast path of identifiers, blanks, comments and strings. Stops
  // at the first byte `keep` rejects, a NUL or a non-ASCII byte, which Advance loads
  // (and diagnoses) as usual. ch_ must be an ASCII character that `keep` accepts.
  template <typename P> void AdvanceWhile(P keep) {
    const unsigned char *s = reinterpret_cast<const unsigned char *>(src_.data());
    size_t i = pos_, n = src_.size();
    while (i < n && s[i] - 1u < 0x7Fu && keep(s[i]))
      ++i;
    pos_ = i;
    Advance();
  }

  // AdvanceWhile for a byte table that is false for NUL and non-ASCII bytes.
  void AdvanceWhileIn(const bool *table) {
    const unsigned char *s = reinterpret_cast<const unsigned char *>(src_.data());
    size_t i = pos_, n = src_.size();
    while (i < n && table[s[i]])
      ++i;
    pos_ = i;
    Advance();
  }

  void Error(uint32_t offset, std::string msg) { diags_.Error(file_, offset, std::move(msg)); }
  void ErrorHere(std::string msg) { Error(static_cast<uint32_t>(chPos_), std::move(msg)); }

  [[gnu::always_inline]] void Emit(TokenKind kind, size_t start, uint8_t flags = 0) {
    out_.push_back(
        Token{kind, flags, 0, static_cast<uint32_t>(start), static_cast<uint32_t>(chPos_ - start)});
  }
  void EmitSemi(size_t at, uint8_t how) {
    out_.push_back(Token{TokenKind::Semi, how, 0, static_cast<uint32_t>(at), 0});
  }

  void Next();
  void Ident(size_t start);
  bool AtIdentChar(bool first);
  void Number(size_t start, bool seenPoint);
  int Digits(int base, size_t start, int *invalid);
  void Rune(size_t start);
  void StdString(size_t start);
  void RawString(size_t start);
  bool SkipComment(size_t start);
  bool Escape(char32_t quote);

  std::string_view src_;
  base::FileId file_;
  base::Diagnostics &diags_;
  std::vector<Token> &out_;
  std::vector<Comment> *comments_;
  size_t pos_ = 0;   // offset of the byte after ch_
  size_t chPos_ = 0; // offset of ch_
  char32_t ch_ = 0;
  // Fast path of a line comment: if everything up to the next newline is plain ASCII
  // (no NUL, nothing to decode), jumps there; otherwise leaves the comment to the
  // character loop, which reports what it finds.
  void SkipToNewline() {
    const char *begin = src_.data() + pos_, *end = src_.data() + src_.size();
    const char *nl = static_cast<const char *>(std::memchr(begin, '\n', end - begin));
    if (!nl) nl = end;
    if (!PlainAscii(begin, nl)) return;
    pos_ = nl - src_.data();
    Advance();
  }
  // Whether [p, end) has no NUL and no byte >= 0x80, eight bytes at a time.
  static bool PlainAscii(const char *p, const char *end) {
    constexpr uint64_t kOnes = 0x0101010101010101, kHigh = 0x8080808080808080;
    for (; end - p >= 8; p += 8) {
      uint64_t w;
      std::memcpy(&w, p, 8);
      if ((w | (w - kOnes)) & kHigh) return false; // a high bit, or a borrow from a NUL
    }
    for (; p < end; ++p)
      if (static_cast<unsigned char>(*p) - 1u >= 0x7Fu) return false;
    return true;
  }
  bool nlsemi_ = false;
};

void Scanner::Next() {
  bool nlsemi = nlsemi_;
  nlsemi_ = false;
redo:
  // Blanks; a newline is one unless it ends the line with a semicolon.
  const bool *blank = nlsemi ? kBlanks.noNewline : kBlanks.withNewline;
  while (ch_ < 0x80 && blank[ch_])
    AdvanceWhileIn(blank);
  size_t start = chPos_;
  if (ch_ < 0x80 ? IsLetter(ch_) : ch_ != kEOF && AtIdentChar(true)) {
    if (ch_ < 0x80)
      AdvanceWhileIn(kIdentBytes.table); // the ASCII run of the identifier
    else
      Advance();
    Ident(start);
    return;
  }
  // Operators: a helper for "op" / "op=" pairs.
  auto assignOp = [&](TokenKind op, TokenKind assign) {
    if (ch_ == '=') {
      Advance();
      Emit(assign, start);
    } else {
      Emit(op, start);
    }
  };
  switch (ch_) {
  case kEOF:
    if (nlsemi) {
      EmitSemi(start, TokenFlag::SemiEOF);
      nlsemi_ = false;
      // The EOF token follows on the next call.
      return;
    }
    Emit(TokenKind::EndOfFile, start);
    return;
  case '\n':
    Advance();
    EmitSemi(start, TokenFlag::SemiNewline);
    return;
  case '0':
  case '1':
  case '2':
  case '3':
  case '4':
  case '5':
  case '6':
  case '7':
  case '8':
  case '9':
    Number(start, false);
    return;
  case '"':
    StdString(start);
    return;
  case '`':
    RawString(start);
    return;
  case '\'':
    Rune(start);
    return;
  case '(':
    Advance();
    Emit(TokenKind::Lparen, start);
    return;
  case '[':
    Advance();
    Emit(TokenKind::Lbrack, start);
    return;
  case '{':
    Advance();
    Emit(TokenKind::Lbrace, start);
    return;
  case ',':
    Advance();
    Emit(TokenKind::Comma, start);
    return;
  case ';':
    Advance();
    Emit(TokenKind::Semi, start, TokenFlag::SemiExplicit);
    return;
  case ')':
    Advance();
    nlsemi_ = true;
    Emit(TokenKind::Rparen, start);
    return;
  case ']':
    Advance();
    nlsemi_ = true;
    Emit(TokenKind::Rbrack, start);
    return;
  case '}':
    Advance();
    nlsemi_ = true;
    Emit(TokenKind::Rbrace, start);
    return;
  case ':':
    Advance();
    if (ch_ == '=') {
      Advance();
      Emit(TokenKind::Define, start);
    } else {
      Emit(TokenKind::Colon, start);
    }
    return;
  case '.':
    Advance();
    if (IsDecimal(ch_)) {
      Number(start, true);
      return;
    }
    if (ch_ == '.' && pos_ < src_.size() && src_[pos_] == '.') {
      Advance();
      Advance();
      Emit(TokenKind::DotDotDot, start);
      return;
    }
    Emit(TokenKind::Dot, start);
    return;
  case '+':
    Advance();
    if (ch_ == '+') {
      Advance();
      nlsemi_ = true;
      Emit(TokenKind::Inc, start);
      return;
    }
    assignOp(TokenKind::Add, TokenKind::AddAssign);
    return;
  case '-':
    Advance();
    if (ch_ == '-') {
      Advance();
      nlsemi_ = true;
      Emit(TokenKind::Dec, start);
      return;
    }
    assignOp(TokenKind::Sub, TokenKind::SubAssign);
    return;
  case '*':
    Advance();
    assignOp(TokenKind::Mul, TokenKind::MulAssign);
    return;
  case '/':
    Advance();
    if (ch_ == '/') {
      // A line comment; the newline that ends it is scanned normally, so with nlsemi
      // it becomes the semicolon (gc reports that semicolon at the newline).
      SkipToNewline();
      while (ch_ != kEOF && ch_ != '\n') {
        if (ch_ < 0x80)
          AdvanceWhile([](unsigned char c) { return c != '\n'; });
        else
          Advance();
      }
      if (comments_)
        comments_->push_back(
            Comment{static_cast<uint32_t>(start), static_cast<uint32_t>(chPos_ - start)});
      goto redo;
    }
    if (ch_ == '*') {
      Advance();
      bool terminated = SkipComment(start);
      if (comments_)
        comments_->push_back(
            Comment{static_cast<uint32_t>(start), static_cast<uint32_t>(chPos_ - start)});
      // A general comment containing a newline acts like a newline.
      if (nlsemi && src_.substr(start, chPos_ - start).find('\n') != std::string_view::npos) {
        EmitSemi(start, TokenFlag::SemiNewline);
        return;
      }
      if (!terminated && nlsemi) {
        EmitSemi(chPos_, TokenFlag::SemiEOF);
        return;
      }
      goto redo;
    }
    assignOp(TokenKind::Div, TokenKind::DivAssign);
    return;
  case '%':
    Advance();
    assignOp(TokenKind::Rem, TokenKind::RemAssign);
    return;
  case '&':
    Advance();
    if (ch_ == '&') {
      Advance();
      Emit(TokenKind::AndAnd, start);
      return;
    }
    if (ch_ == '^') {
      Advance();
      assignOp(TokenKind::AndNot, TokenKind::AndNotAssign);
      return;
    }
    assignOp(TokenKind::And, TokenKind::AndAssign);
    return;
  case '|':
    Advance();
    if (ch_ == '|') {
      Advance();
      Emit(TokenKind::OrOr, start);
      return;
    }
    assignOp(TokenKind::Or, TokenKind::OrAssign);
    return;
  case '^':
    Advance();
    assignOp(TokenKind::Xor, TokenKind::XorAssign);
    return;
  case '<':
    Advance();
    if (ch_ == '=') {
      Advance();
      Emit(TokenKind::Leq, start);
      return;
    }
    if (ch_ == '<') {
      Advance();
      assignOp(TokenKind::Shl, TokenKind::ShlAssign);
      return;
    }
    if (ch_ == '-') {
      Advance();
      Emit(TokenKind::Arrow, start);
      return;
    }
    Emit(TokenKind::Lss, start);
    return;
  case '>':
    Advance();
    if (ch_ == '=') {
      Advance();
      Emit(TokenKind::Geq, start);
      return;
    }
    if (ch_ == '>') {
      Advance();
      assignOp(TokenKind::Shr, TokenKind::ShrAssign);
      return;
    }
    Emit(TokenKind::Gtr, start);
    return;
  case '=':
    Advance();
    if (ch_ == '=') {
      Advance();
      Emit(TokenKind::Eql, start);
      return;
    }
    Emit(TokenKind::Assign, start);
    return;
  case '!':
    Advance();
    if (ch_ == '=') {
      Advance();
      Emit(TokenKind::Neq, start);
      return;
    }
    Emit(TokenKind::Not, start);
    return;
  case '~':
    Advance();
    Emit(TokenKind::Tilde, start);
    return;
  default:
    ErrorHere("invalid character " + FormatCodePoint(ch_));
    Advance();
    goto redo;
  }
}

bool Scanner::AtIdentChar(bool first) {
  if (ch_ == '_' || IsLetterRune(ch_)) return true;
  if (IsDigitRune(ch_)) {
    if (first) ErrorHere("identifier cannot begin with digit " + FormatCodePoint(ch_));
    return true;
  }
  if (ch_ >= 0x80) {
    ErrorHere("invalid character " + FormatCodePoint(ch_) + " in identifier");
    return true;
  }
  return false;
}

void Scanner::Ident(size_t start) {
  for (;;) {
    if (IsLetter(ch_) || IsDecimal(ch_))
      AdvanceWhileIn(kIdentBytes.table);
    else if (ch_ >= 0x80 && ch_ != kEOF && AtIdentChar(false))
      Advance();
    else
      break;
  }
  std::string_view lit = src_.substr(start, chPos_ - start);
  TokenKind kw = Keywords().Find(lit);
  if (kw != TokenKind::Name) {
    nlsemi_ = kw == TokenKind::Break || kw == TokenKind::Continue || kw == TokenKind::Fallthrough ||
              kw == TokenKind::Return;
    Emit(kw, start);
    return;
  }
  nlsemi_ = true;
  Emit(TokenKind::Name, start);
}

// Digits accepts { digit | '_' }; for base <= 10 it records the index of the first digit
// >= base in *invalid. Returns bit 0 if a digit was seen, bit 1 if a '_' was.
int Scanner::Digits(int base, size_t start, int *invalid) {
  int digsep = 0;
  if (base <= 10) {
    char32_t max = '0' + base;
    if (base == 10 && IsDecimal(ch_)) {
      // The common case: a run of decimal digits, all valid.
      digsep = 1;
      AdvanceWhileIn(kDecimalBytes.table);
    }
    while (IsDecimal(ch_) || ch_ == '_') {
      int ds = 1;
      if (ch_ == '_')
        ds = 2;
      else if (ch_ >= max && invalid && *invalid < 0)
        *invalid = static_cast<int>(chPos_ - start);
      digsep |= ds;
      Advance();
    }
  } else {
    while (IsHex(ch_) || ch_ == '_') {
      digsep |= ch_ == '_' ? 2 : 1;
      Advance();
    }
  }
  return digsep;
}

// invalidSep returns the index of the first invalid separator in x, or -1 (scanner.go).
int InvalidSep(std::string_view x) {
  char32_t x1 = ' ', d = '.';
  size_t i = 0;
  if (x.size() >= 2 && x[0] == '0') {
    x1 = Lower(x[1]);
    if (x1 == 'x' || x1 == 'o' || x1 == 'b') {
      d = '0';
      i = 2;
    }
  }
  for (; i < x.size(); ++i) {
    char32_t p = d;
    d = static_cast<unsigned char>(x[i]);
    if (d == '_') {
      if (p != '0') return static_cast<int>(i);
    } else if (IsDecimal(d) || (x1 == 'x' && IsHex(d))) {
      d = '0';
    } else {
      if (p == '_') return static_cast<int>(i) - 1;
      d = '.';
    }
  }
  if (d == '_') return static_cast<int>(x.size()) - 1;
  return -1;
}

void Scanner::Number(size_t start, bool seenPoint) {
  bool ok = true;
  TokenKind kind = TokenKind::IntLit;
  int base = 10;
  char32_t prefix = 0;
  int digsep = 0, invalid = -1;
  if (!seenPoint) {
    if (ch_ == '0') {
      Advance();
      switch (Lower(ch_)) {
      case 'x':
        Advance();
        base = 16;
        prefix = 'x';
        break;
      case 'o':
        Advance();
        base = 8;
        prefix = 'o';
        break;
      case 'b':
        Advance();
        base = 2;
        prefix = 'b';
        break;
      default:
        base = 8;
        prefix = '0';
        digsep = 1; // leading 0
      }
    }
    digsep |= Digits(base, start, &invalid);
    if (ch_ == '.') {
      if (prefix == 'o' || prefix == 'b') {
        ErrorHere(std::string("invalid radix point in ") + BaseName(base) + " literal");
        ok = false;
      }
      Advance();
      seenPoint = true;
    }
  }
  if (seenPoint) {
    kind = TokenKind::FloatLit;
    digsep |= Digits(base, start, &invalid);
  }
  if ((digsep & 1) == 0 && ok) {
    ErrorHere(std::string(BaseName(base)) + " literal has no digits");
    ok = false;
  }
  char32_t e = Lower(ch_);
  if (e == 'e' || e == 'p') {
    if (ok) {
      if (e == 'e' && prefix != 0 && prefix != '0') {
        ErrorHere(QuoteRune(ch_) + " exponent requires decimal mantissa");
        ok = false;
      } else if (e == 'p' && prefix != 'x') {
        ErrorHere(QuoteRune(ch_) + " exponent requires hexadecimal mantissa");
        ok = false;
      }
    }
    Advance();
    kind = TokenKind::FloatLit;
    if (ch_ == '+' || ch_ == '-') Advance();
    digsep = Digits(10, start, nullptr) | (digsep & 2);
    if ((digsep & 1) == 0 && ok) {
      ErrorHere("exponent has no digits");
      ok = false;
    }
  } else if (prefix == 'x' && kind == TokenKind::FloatLit && ok) {
    ErrorHere("hexadecimal mantissa requires a 'p' exponent");
    ok = false;
  }
  if (ch_ == 'i') {
    kind = TokenKind::ImagLit;
    Advance();
  }
  std::string_view lit = src_.substr(start, chPos_ - start);
  if (kind == TokenKind::IntLit && invalid >= 0 && ok) {
    Error(static_cast<uint32_t>(start + invalid),
          "invalid digit " + QuoteRune(static_cast<unsigned char>(lit[invalid])) + " in " +
              BaseName(base) + " literal");
    ok = false;
  }
  if ((digsep & 2) && ok) {
    int i = InvalidSep(lit);
    if (i >= 0) {
      Error(static_cast<uint32_t>(start + i), "'_' must separate successive digits");
      ok = false;
    }
  }
  nlsemi_ = true;
  Emit(kind, start, ok ? 0 : TokenFlag::Bad);
}

void Scanner::Rune(size_t start) {
  bool ok = true;
  Advance();
  for (int n = 0;; ++n) {
    if (ch_ == '\'') {
      if (ok) {
        if (n == 0) {
          ErrorHere("empty rune literal or unescaped '");
          ok = false;
        } else if (n != 1) {
          Error(static_cast<uint32_t>(start), "more than one character in rune literal");
          ok = false;
        }
      }
      Advance();
      break;
    }
    if (ch_ == '\\') {
      Advance();
      if (!Escape('\'')) ok = false;
      continue;
    }
    if (ch_ == '\n') {
      if (ok) {
        ErrorHere("newline in rune literal");
        ok = false;
      }
      break;
    }
    if (ch_ == kEOF) {
      if (ok) {
        Error(static_cast<uint32_t>(start), "rune literal not terminated");
        ok = false;
      }
      break;
    }
    Advance();
  }
  nlsemi_ = true;
  Emit(TokenKind::RuneLit, start, ok ? 0 : TokenFlag::Bad);
}

void Scanner::StdString(size_t start) {
  bool ok = true;
  Advance();
  for (;;) {
    if (ch_ == '"') {
      Advance();
      break;
    }
    if (ch_ == '\\') {
      Advance();
      if (!Escape('"')) ok = false;
      continue;
    }
    if (ch_ == '\n') {
      ErrorHere("newline in string");
      ok = false;
      break;
    }
    if (ch_ == kEOF) {
      Error(static_cast<uint32_t>(start), "string not terminated");
      ok = false;
      break;
    }
    if (ch_ < 0x80)
      AdvanceWhile([](unsigned char c) { return c != '"' && c != '\\' && c != '\n'; });
    else
      Advance();
  }
  nlsemi_ = true;
  Emit(TokenKind::StringLit, start, ok ? 0 : TokenFlag::Bad);
}

void Scanner::RawString(size_t start) {
  bool ok = true;
  Advance();
  for (;;) {
    if (ch_ == '`') {
      Advance();
      break;
    }
    if (ch_ == kEOF) {
      Error(static_cast<uint32_t>(start), "string not terminated");
      ok = false;
      break;
    }
    if (ch_ < 0x80)
      AdvanceWhile([](unsigned char c) { return c != '`'; });
    else
      Advance();
  }
  nlsemi_ = true;
  Emit(TokenKind::StringLit, start,
       static_cast<uint8_t>((ok ? 0 : TokenFlag::Bad) | TokenFlag::Raw));
}

bool Scanner::SkipComment(size_t start) {
  while (ch_ != kEOF) {
    while (ch_ == '*') {
      Advance();
      if (ch_ == '/') {
        Advance();
        return true;
      }
    }
    if (ch_ < 0x80)
      AdvanceWhile([](unsigned char c) { return c != '*'; });
    else if (ch_ != kEOF)
      Advance();
  }
  Error(static_cast<uint32_t>(start), "comment not terminated");
  return false;
}

bool Scanner::Escape(char32_t quote) {
  int n;
  uint32_t base, max;
  switch (ch_) {
  case 'a':
  case 'b':
  case 'f':
  case 'n':
  case 'r':
  case 't':
  case 'v':
  case '\\':
    Advance();
    return true;
  case '0':
  case '1':
  case '2':
  case '3':
  case '4':
  case '5':
  case '6':
  case '7':
    n = 3;
    base = 8;
    max = 255;
    break;
  case 'x':
    Advance();
    n = 2;
    base = 16;
    max = 255;
    break;
  case 'u':
    Advance();
    n = 4;
    base = 16;
    max = 0x10FFFF;
    break;
  case 'U':
    Advance();
    n = 8;
    base = 16;
    max = 0x10FFFF;
    break;
  default:
    if (ch_ == quote) {
      Advance();
      return true;
    }
    if (ch_ == kEOF) return true; // the caller reports the missing terminator
    ErrorHere("unknown escape");
    return false;
  }
  uint32_t x = 0;
  for (int i = n; i > 0; --i) {
    if (ch_ == kEOF) return true;
    uint32_t d = base;
    if (IsDecimal(ch_))
      d = ch_ - '0';
    else if (Lower(ch_) >= 'a' && Lower(ch_) <= 'f')
      d = Lower(ch_) - 'a' + 10;
    if (d >= base) {
      ErrorHere("invalid character " + QuoteRune(ch_) + " in " + BaseName(static_cast<int>(base)) +
                " escape");
      return false;
    }
    x = x * base + d;
    Advance();
  }
  if (x > max && base == 8) {
    ErrorHere("octal escape value " + std::to_string(x) + " > 255");
    return false;
  }
  if (x > max || (x >= 0xD800 && x < 0xE000)) {
    ErrorHere("escape is invalid Unicode code point " + FormatCodePoint(x));
    return false;
  }
  return true;
}

} // namespace

// Decodes one character or escape of a rune/string literal body at s[i] (valid input: the
// scanner has already diagnosed malformed literals). Sets *byteValue for \x and octal
// escapes, which denote single bytes rather than code points.
char32_t UnquoteChar(std::string_view s, size_t &i, bool *byteValue) {
  *byteValue = false;
  if (s[i] != '\\') {
    int size;
    bool ok;
    char32_t r = DecodeRune(s, i, &size, &ok);
    i += size;
    return r;
  }
  ++i;
  char c = s[i++];
  auto hex = [&](int n) {
    uint32_t x = 0;
    for (int k = 0; k < n && i < s.size(); ++k, ++i) {
      char d = s[i];
      x = x * 16 + (d <= '9' ? d - '0' : (d | 0x20) - 'a' + 10);
    }
    return x;
  };
  switch (c) {
  case 'a':
    return 7;
  case 'b':
    return 8;
  case 'f':
    return 12;
  case 'n':
    return 10;
  case 'r':
    return 13;
  case 't':
    return 9;
  case 'v':
    return 11;
  case 'x':
    *byteValue = true;
    return hex(2);
  case 'u':
    return hex(4);
  case 'U':
    return hex(8);
  case '0':
  case '1':
  case '2':
  case '3':
  case '4':
  case '5':
  case '6':
  case '7': {
    uint32_t x = c - '0';
    for (int k = 0; k < 2 && i < s.size(); ++k, ++i)
      x = x * 8 + (s[i] - '0');
    *byteValue = true;
    return x;
  }
  default:
    return static_cast<unsigned char>(c); // \\ \' \"
  }
}

bool IsUnicodeLetter(char32_t r) { return IsLetterRune(r); }
bool IsUnicodeDigit(char32_t r) { return IsDigitRune(r); }

bool IsExported(std::string_view name) {
  if (name.empty()) return false;
  auto c = static_cast<unsigned char>(name[0]);
  if (c < 0x80) return c >= 'A' && c <= 'Z';
  // Decode the first rune (invalid UTF-8 is not upper case).
  char32_t r;
  size_t n;
  if ((c & 0xE0) == 0xC0) {
    r = c & 0x1F;
    n = 2;
  } else if ((c & 0xF0) == 0xE0) {
    r = c & 0x0F;
    n = 3;
  } else if ((c & 0xF8) == 0xF0) {
    r = c & 0x07;
    n = 4;
  } else {
    return false;
  }
  if (name.size() < n) return false;
  for (size_t i = 1; i < n; ++i) {
    auto cc = static_cast<unsigned char>(name[i]);
    if ((cc & 0xC0) != 0x80) return false;
    r = r << 6 | (cc & 0x3F);
  }
  return InRanges(kUpperRanges, r);
}

std::string StringLitValue(std::string_view lit) {
  std::string out;
  if (lit.size() < 2) return out;
  if (lit[0] == '`') {
    for (char c : lit.substr(1, lit.size() - 2))
      if (c != '\r') out += c; // carriage returns are discarded from raw strings
    return out;
  }
  std::string_view body = lit.substr(1, lit.size() - 2);
  out.reserve(body.size());
  for (size_t i = 0; i < body.size();) {
    bool byteValue;
    char32_t r = UnquoteChar(body, i, &byteValue);
    if (byteValue)
      out += static_cast<char>(r);
    else
      AppendRune(out, r);
  }
  return out;
}

void Scan(std::string_view source, base::FileId file, base::Diagnostics &diags,
          std::vector<Token> &tokens, std::vector<Comment> *comments) {
  Scanner(source, file, diags, tokens, comments).Run();
}

} // namespace talpa::syntax
