// Exact constant arithmetic on GMP integers (mpz) and rationals (mpq), after go/constant.
// Untyped integer constants are unbounded here; the checker enforces gc's 512-bit limit.
#include "compiler/types/constant.h"

#include <cmath>
#include <cstdio>
#include <cstring>

#include "compiler/syntax/scanner.h"

namespace talpa::types {

using TK = syntax::TokenKind;

Value::~Value() {
  if (kind_ == Kind::Int) mpz_clear(z_);
  if (kind_ == Kind::Float) mpq_clear(q_);
}

Value::Value(Value &&o) noexcept : kind_(o.kind_), b_(o.b_), s_(std::move(o.s_)) {
  // GMP values are plain structs owning a limb pointer: moving them is a bitwise copy.
  if (kind_ == Kind::Int) memcpy(&z_, &o.z_, sizeof z_);
  if (kind_ == Kind::Float) memcpy(&q_, &o.q_, sizeof q_);
  o.kind_ = Kind::Unknown;
}

Value &Value::operator=(Value &&o) noexcept {
  if (this != &o) {
    this->~Value();
    new (this) Value(std::move(o));
  }
  return *this;
}

Value::Value(const Value &o) : kind_(o.kind_), b_(o.b_), s_(o.s_) {
  if (kind_ == Kind::Int) mpz_init_set(z_, o.z_);
  if (kind_ == Kind::Float) mpq_init(q_), mpq_set(q_, o.q_);
}

Value Value::MakeBool(bool b) {
  Value v;
  v.kind_ = Kind::Bool;
  v.b_ = b;
  return v;
}
Value Value::MakeString(std::string s) {
  Value v;
  v.kind_ = Kind::String;
  v.s_ = std::move(s);
  return v;
}
Value Value::MakeInt64(int64_t x) {
  Value v;
  v.kind_ = Kind::Int;
  mpz_init(v.z_);
  // mpz_set_si takes a long, which is 64-bit on every host talpa builds on.
  mpz_set_si(v.z_, static_cast<long>(x));
  return v;
}
Value Value::MakeUint64(uint64_t x) {
  Value v;
  v.kind_ = Kind::Int;
  mpz_init(v.z_);
  mpz_set_ui(v.z_, static_cast<unsigned long>(x));
  return v;
}

namespace {

// Decodes one character or escape of a rune/string literal body at s[i] (valid input: the
// scanner has already diagnosed malformed literals). Sets *byteValue for \x and octal
// escapes, which denote single bytes rather than code points.
char32_t UnquoteChar(std::string_view s, size_t &i, bool *byteValue) {
  *byteValue = false;
  if (s[i] != '\\') {
    int size;
    bool ok;
    char32_t r = syntax::DecodeRune(s, i, &size, &ok);
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
    case 'a': return 7;
    case 'b': return 8;
    case 'f': return 12;
    case 'n': return 10;
    case 'r': return 13;
    case 't': return 9;
    case 'v': return 11;
    case 'x': *byteValue = true; return hex(2);
    case 'u': return hex(4);
    case 'U': return hex(8);
    case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
      uint32_t x = c - '0';
      for (int k = 0; k < 2 && i < s.size(); ++k, ++i) x = x * 8 + (s[i] - '0');
      *byteValue = true;
      return x;
    }
    default: return static_cast<unsigned char>(c);  // \\ \' \"
  }
}

}  // namespace

Value Value::FromLiteral(TK kind, std::string_view text) {
  switch (kind) {
    case TK::IntLit: {
      std::string digits;
      int base = 10;
      size_t i = 0;
      if (text.size() >= 2 && text[0] == '0') {
        char p = text[1] | 0x20;
        if (p == 'x') base = 16, i = 2;
        else if (p == 'o') base = 8, i = 2;
        else if (p == 'b') base = 2, i = 2;
        else base = 8, i = 1;
      }
      for (; i < text.size(); ++i)
        if (text[i] != '_') digits += text[i];
      if (digits.empty()) digits = "0";
      Value v;
      v.kind_ = Kind::Int;
      mpz_init(v.z_);
      if (mpz_set_str(v.z_, digits.c_str(), base) != 0) return Value();
      return v;
    }
    case TK::FloatLit: {
      // mantissa digits m (integer), scaled by base^-fracDigits, times 10^e or 2^p.
      bool hex = text.size() >= 2 && text[0] == '0' && (text[1] | 0x20) == 'x';
      size_t i = hex ? 2 : 0;
      std::string mant;
      long frac = 0;
      bool seenPoint = false;
      for (; i < text.size(); ++i) {
        char c = text[i];
        if (c == '_') continue;
        if (c == '.') {
          seenPoint = true;
          continue;
        }
        char lc = c | 0x20;
        if (hex ? lc == 'p' : lc == 'e') break;
        mant += c;
        if (seenPoint) ++frac;
      }
      long exp = 0;
      if (i < text.size()) {
        ++i;
        bool neg = false;
        if (i < text.size() && (text[i] == '+' || text[i] == '-')) neg = text[i++] == '-';
        for (; i < text.size(); ++i)
          if (text[i] != '_') exp = exp * 10 + (text[i] - '0');
        if (neg) exp = -exp;
      }
      if (mant.empty()) mant = "0";
      Value v;
      v.kind_ = Kind::Float;
      mpq_init(v.q_);
      mpz_t m, p;
      mpz_init(m);
      mpz_init(p);
      mpz_set_str(m, mant.c_str(), hex ? 16 : 10);
      long e2 = hex ? exp - 4 * frac : 0;
      long e10 = hex ? 0 : exp - frac;
      mpq_set_z(v.q_, m);
      if (e10 != 0) {
        mpz_ui_pow_ui(p, 10, static_cast<unsigned long>(e10 < 0 ? -e10 : e10));
        mpq_t t;
        mpq_init(t);
        mpq_set_z(t, p);
        if (e10 > 0) mpq_mul(v.q_, v.q_, t);
        else mpq_div(v.q_, v.q_, t);
        mpq_clear(t);
      }
      if (e2 > 0) mpq_mul_2exp(v.q_, v.q_, static_cast<unsigned long>(e2));
      if (e2 < 0) mpq_div_2exp(v.q_, v.q_, static_cast<unsigned long>(-e2));
      mpz_clear(m);
      mpz_clear(p);
      return v;
    }
    case TK::RuneLit: {
      std::string_view body = text.substr(1, text.size() - 2);
      size_t i = 0;
      bool byteValue;
      if (body.empty()) return Value();
      return MakeInt64(UnquoteChar(body, i, &byteValue));
    }
    case TK::StringLit: {
      std::string out;
      if (text[0] == '`') {
        for (char c : text.substr(1, text.size() - 2))
          if (c != '\r') out += c;  // carriage returns are discarded from raw strings
        return MakeString(std::move(out));
      }
      std::string_view body = text.substr(1, text.size() - 2);
      out.reserve(body.size());
      for (size_t i = 0; i < body.size();) {
        bool byteValue;
        char32_t r = UnquoteChar(body, i, &byteValue);
        if (byteValue) out += static_cast<char>(r);
        else syntax::AppendRune(out, r);
      }
      return MakeString(std::move(out));
    }
    default:
      return Value();
  }
}

Value Value::ToFloat() const {
  if (kind_ == Kind::Float) return Value(*this);
  if (kind_ != Kind::Int) return Value();
  Value v;
  v.kind_ = Kind::Float;
  mpq_init(v.q_);
  mpq_set_z(v.q_, z_);
  return v;
}

bool Value::IsIntegral() const {
  if (kind_ == Kind::Int) return true;
  return kind_ == Kind::Float && mpz_cmp_ui(mpq_denref(q_), 1) == 0;
}

Value Value::ToInt() const {
  if (kind_ == Kind::Int) return Value(*this);
  if (!IsIntegral()) return Value();
  Value v;
  v.kind_ = Kind::Int;
  mpz_init_set(v.z_, mpq_numref(q_));
  return v;
}

int Value::Sign() const {
  if (kind_ == Kind::Int) return mpz_sgn(z_);
  if (kind_ == Kind::Float) return mpq_sgn(q_);
  return 0;
}

bool Value::FitsInt64() const {
  return kind_ == Kind::Int && mpz_sizeinbase(z_, 2) <= 63;
}
bool Value::FitsUint64() const {
  return kind_ == Kind::Int && mpz_sgn(z_) >= 0 && mpz_sizeinbase(z_, 2) <= 64;
}
int64_t Value::Int64() const {
  if (kind_ != Kind::Int) return 0;
  // Two's complement of the low 64 bits, which is what a typed constant holds.
  return static_cast<int64_t>(Uint64());
}
uint64_t Value::Uint64() const {
  if (kind_ != Kind::Int) return 0;
  mpz_t t;
  mpz_init(t);
  mpz_fdiv_r_2exp(t, z_, 64);  // low 64 bits, as a non-negative number
  uint64_t r = mpz_get_ui(t);
  mpz_clear(t);
  return r;
}
size_t Value::BitLen() const {
  if (kind_ != Kind::Int || mpz_sgn(z_) == 0) return 0;
  return mpz_sizeinbase(z_, 2);
}

namespace {

// Rounds the rational n/d (n != 0) to the nearest binary floating-point value with `prec`
// mantissa bits and minimum normal exponent `minExp`, ties to even.
double RoundRational(const mpq_t q, int prec, int minExp) {
  if (mpq_sgn(q) == 0) return 0;
  mpz_t n, d, quo, rem;
  mpz_inits(n, d, quo, rem, nullptr);
  mpz_abs(n, mpq_numref(q));
  mpz_set(d, mpq_denref(q));
  long shift = static_cast<long>(prec + 2) -
               (static_cast<long>(mpz_sizeinbase(n, 2)) - static_cast<long>(mpz_sizeinbase(d, 2)));
  if (shift > 0) mpz_mul_2exp(n, n, static_cast<unsigned long>(shift));
  else if (shift < 0) mpz_mul_2exp(d, d, static_cast<unsigned long>(-shift));
  mpz_tdiv_qr(quo, rem, n, d);
  bool sticky = mpz_sgn(rem) != 0;
  long bits = static_cast<long>(mpz_sizeinbase(quo, 2));
  long msbExp = bits - 1 - shift;
  long p = prec;
  if (msbExp < minExp) p = prec - (minExp - msbExp);  // subnormal
  double result;
  if (p <= 0) {
    // Below half the smallest subnormal (or exactly half: ties to even gives 0).
    result = (p == 0 && (mpz_sizeinbase(quo, 2) > 1 && (sticky || mpz_popcount(quo) > 1)))
                 ? std::ldexp(1.0, static_cast<int>(minExp - prec + 1))
                 : 0.0;
  } else {
    long drop = bits - p;
    mpz_t mant, low;
    mpz_inits(mant, low, nullptr);
    mpz_tdiv_q_2exp(mant, quo, static_cast<unsigned long>(drop));
    mpz_tdiv_r_2exp(low, quo, static_cast<unsigned long>(drop));
    mpz_t half;
    mpz_init(half);
    mpz_setbit(half, static_cast<unsigned long>(drop - 1));
    int c = mpz_cmp(low, half);
    if (c > 0 || (c == 0 && (sticky || mpz_odd_p(mant)))) mpz_add_ui(mant, mant, 1);
    result = std::ldexp(mpz_get_d(mant), static_cast<int>(drop - shift));
    mpz_clears(mant, low, half, nullptr);
  }
  mpz_clears(n, d, quo, rem, nullptr);
  return mpq_sgn(q) < 0 ? -result : result;
}

}  // namespace

double Value::Float64(bool *finite) const {
  Value f = ToFloat();
  double r = f.kind_ == Kind::Float ? RoundRational(f.q_, 53, -1022) : 0;
  if (finite) *finite = std::isfinite(r);
  return r;
}

float Value::Float32(bool *finite) const {
  Value f = ToFloat();
  double r = f.kind_ == Kind::Float ? RoundRational(f.q_, 24, -126) : 0;
  bool fin = std::fabs(r) <= 3.4028234663852886e38;
  if (finite) *finite = fin;
  return static_cast<float>(r);
}

Value RoundFloat64(const Value &x) {
  double d = x.Float64();
  Value v;
  v.kind_ = Value::Kind::Float;
  mpq_init(v.q_);
  mpq_set_d(v.q_, d);
  return v;
}

namespace {

// Go's strconv.Quote for the strings constant messages show.
std::string Quote(const std::string &s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      int size;
      bool ok;
      syntax::DecodeRune(s, i, &size, &ok);
      if (ok) {
        out.append(s, i, size);
      } else {
        char buf[8];
        snprintf(buf, sizeof buf, "\\x%02x", c);
        out += buf;
      }
      i += size;
      continue;
    }
    switch (c) {
      case '\a': out += "\\a"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\v': out += "\\v"; break;
      case '\\': out += "\\\\"; break;
      case '"': out += "\\\""; break;
      default:
        if (c < 0x20 || c == 0x7F) {
          char buf[8];
          snprintf(buf, sizeof buf, "\\x%02x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
    ++i;
  }
  return out + "\"";
}

// Go's %g (shortest representation that round-trips) and %.6g for doubles.
std::string FormatG(double x, int prec) {
  char buf[64];
  if (prec < 0) {
    for (int p = 1; p <= 17; ++p) {
      snprintf(buf, sizeof buf, "%.*g", p, x);
      if (strtod(buf, nullptr) == x) break;
    }
  } else {
    snprintf(buf, sizeof buf, "%.*g", prec, x);
  }
  return buf;
}

}  // namespace

std::string Value::String() const {
  switch (kind_) {
    case Kind::Unknown: return "unknown";
    case Kind::Bool: return b_ ? "true" : "false";
    case Kind::String: {
      std::string q = Quote(s_);
      // Keep at most 69 runes and add "..." (go/constant's 72-rune limit).
      size_t runes = 0, i = 0;
      for (; i < q.size(); ++runes) {
        int size;
        bool ok;
        syntax::DecodeRune(q, i, &size, &ok);
        i += size;
      }
      if (runes > 72) {
        i = 0;
        for (int n = 0; n < 69; ++n) {
          int size;
          bool ok;
          syntax::DecodeRune(q, i, &size, &ok);
          i += size;
        }
        q = q.substr(0, i) + "...";
      }
      return q;
    }
    case Kind::Int: {
      std::string s(mpz_sizeinbase(z_, 10) + 2, '\0');
      mpz_get_str(s.data(), 10, z_);
      s.resize(strlen(s.c_str()));
      return s;
    }
    case Kind::Float: {
      bool finite;
      double d = Float64(&finite);
      if (finite && (mpq_sgn(q_) == 0) == (d == 0)) {
        std::string s = FormatG(d, 6);
        if (!IsIntegral() && s.find('.') == std::string::npos && s.find('e') == std::string::npos)
          s = FormatG(d, -1);
        return s;
      }
      return ExactString();
    }
  }
  return "unknown";
}

std::string Value::ExactString() const {
  if (kind_ != Kind::Float) return String();
  char *p = mpq_get_str(nullptr, 10, q_);
  std::string s = p;
  void (*freefunc)(void *, size_t);
  mp_get_memory_functions(nullptr, nullptr, &freefunc);
  freefunc(p, strlen(p) + 1);
  return s;
}

Value BinaryOp(const Value &x, TK op, const Value &y, bool intDiv) {
  using K = Value::Kind;
  if (x.kind_ == K::Unknown || y.kind_ == K::Unknown) return Value();
  if (x.kind_ == K::Bool && y.kind_ == K::Bool) {
    if (op == TK::AndAnd) return Value::MakeBool(x.b_ && y.b_);
    if (op == TK::OrOr) return Value::MakeBool(x.b_ || y.b_);
    return Value();
  }
  if (x.kind_ == K::String && y.kind_ == K::String) {
    if (op == TK::Add) return Value::MakeString(x.s_ + y.s_);
    return Value();
  }
  if (x.kind_ == K::Int && y.kind_ == K::Int && !(op == TK::Div && !intDiv)) {
    Value v;
    v.kind_ = K::Int;
    mpz_init(v.z_);
    switch (op) {
      case TK::Add: mpz_add(v.z_, x.z_, y.z_); break;
      case TK::Sub: mpz_sub(v.z_, x.z_, y.z_); break;
      case TK::Mul: mpz_mul(v.z_, x.z_, y.z_); break;
      case TK::Div: mpz_tdiv_q(v.z_, x.z_, y.z_); break;
      case TK::Rem: mpz_tdiv_r(v.z_, x.z_, y.z_); break;
      case TK::And: mpz_and(v.z_, x.z_, y.z_); break;
      case TK::Or: mpz_ior(v.z_, x.z_, y.z_); break;
      case TK::Xor: mpz_xor(v.z_, x.z_, y.z_); break;
      case TK::AndNot: {
        mpz_t t;
        mpz_init(t);
        mpz_com(t, y.z_);
        mpz_and(v.z_, x.z_, t);
        mpz_clear(t);
        break;
      }
      default: return Value();
    }
    return v;
  }
  // Rational arithmetic.
  Value a = x.ToFloat(), b = y.ToFloat();
  if (a.kind_ != K::Float || b.kind_ != K::Float) return Value();
  Value v;
  v.kind_ = K::Float;
  mpq_init(v.q_);
  switch (op) {
    case TK::Add: mpq_add(v.q_, a.q_, b.q_); break;
    case TK::Sub: mpq_sub(v.q_, a.q_, b.q_); break;
    case TK::Mul: mpq_mul(v.q_, a.q_, b.q_); break;
    case TK::Div: mpq_div(v.q_, a.q_, b.q_); break;
    default: return Value();
  }
  return v;
}

Value UnaryOp(TK op, const Value &x, unsigned prec) {
  using K = Value::Kind;
  switch (op) {
    case TK::Add: return Value(x);
    case TK::Sub: {
      Value v(x);
      if (v.kind_ == K::Int) mpz_neg(v.z_, v.z_);
      else if (v.kind_ == K::Float) mpq_neg(v.q_, v.q_);
      else return Value();
      return v;
    }
    case TK::Xor: {
      if (x.kind_ != K::Int) return Value();
      Value v(x);
      mpz_com(v.z_, v.z_);  // -x-1
      if (prec > 0) {
        // For unsigned types, ^x flips exactly `prec` bits: x XOR (1<<prec - 1).
        mpz_t m;
        mpz_init(m);
        mpz_setbit(m, prec);
        mpz_sub_ui(m, m, 1);
        mpz_xor(v.z_, x.z_, m);
        mpz_clear(m);
      }
      return v;
    }
    case TK::Not:
      if (x.kind_ != K::Bool) return Value();
      return Value::MakeBool(!x.b_);
    default: return Value();
  }
}

Value Shift(const Value &x, TK op, uint64_t s) {
  Value v = x.ToInt();
  if (v.kind_ != Value::Kind::Int) return Value();
  if (op == TK::Shl) mpz_mul_2exp(v.z_, v.z_, s);
  else mpz_fdiv_q_2exp(v.z_, v.z_, s);
  return v;
}

bool Compare(const Value &x, TK op, const Value &y) {
  using K = Value::Kind;
  int c = 0;
  if (x.kind_ == K::Bool && y.kind_ == K::Bool) {
    c = x.b_ == y.b_ ? 0 : 1;
  } else if (x.kind_ == K::String && y.kind_ == K::String) {
    c = x.s_.compare(y.s_);
  } else if (x.kind_ == K::Int && y.kind_ == K::Int) {
    c = mpz_cmp(x.z_, y.z_);
  } else {
    Value a = x.ToFloat(), b = y.ToFloat();
    if (a.kind_ != K::Float || b.kind_ != K::Float) return false;
    c = mpq_cmp(a.q_, b.q_);
  }
  switch (op) {
    case TK::Eql: return c == 0;
    case TK::Neq: return c != 0;
    case TK::Lss: return c < 0;
    case TK::Leq: return c <= 0;
    case TK::Gtr: return c > 0;
    case TK::Geq: return c >= 0;
    default: return false;
  }
}

}  // namespace talpa::types
