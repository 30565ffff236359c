// Constant arithmetic after go/constant: GMP integers (mpz), exact rationals (mpq) while
// numerator and denominator stay under 4096 bits, and past that 512-bit binary floats
// (mantissa and exponent, rounded half to even like big.Float) so that literals such as
// 1e646456992 cost a few hundred multiplications rather than a 2-gigabit power of ten.
// Untyped integer constants are unbounded here; the checker enforces gc's 512-bit limit.
#include "compiler/types/constant.h"

#include <climits>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <vector>

#include "compiler/syntax/scanner.h"

namespace talpa::types {

using TK = syntax::TokenKind;

Value::~Value() {
  if (s_ && s_.use_count() == 1 && s_->left) ReleaseRope(*s_);
  if (kind_ == Kind::Int || (kind_ == Kind::Float && approx_)) mpz_clear(z_);
  if (kind_ == Kind::Float && !approx_) mpq_clear(q_);
}

Value::Value(Value &&o) noexcept
    : kind_(o.kind_), b_(o.b_), s_(std::move(o.s_)), c_(std::move(o.c_)), approx_(o.approx_),
      exp_(o.exp_) {
  // GMP values are plain structs owning a limb pointer: moving them is a bitwise copy.
  if (kind_ == Kind::Int || (kind_ == Kind::Float && approx_)) memcpy(&z_, &o.z_, sizeof z_);
  if (kind_ == Kind::Float && !approx_) memcpy(&q_, &o.q_, sizeof q_);
  o.kind_ = Kind::Unknown;
}

Value &Value::operator=(Value &&o) noexcept {
  if (this != &o) {
    this->~Value();
    new (this) Value(std::move(o));
  }
  return *this;
}

Value::Value(const Value &o)
    : kind_(o.kind_), b_(o.b_), s_(o.s_), c_(o.c_), approx_(o.approx_), exp_(o.exp_) {
  if (kind_ == Kind::Int || (kind_ == Kind::Float && approx_)) mpz_init_set(z_, o.z_);
  if (kind_ == Kind::Float && !approx_) mpq_init(q_), mpq_set(q_, o.q_);
}

namespace {

constexpr size_t kPrec = 512;           // types2's constant precision (big.Float mantissa)
constexpr size_t kMaxRatBits = 4 << 10; // go/constant's maxExp: larger fractions go binary
// big.Float's exponent range: an exponent past it overflows (to an unknown value) or
// underflows to zero.
constexpr int64_t kMaxExp = INT32_MAX, kMinExp = INT32_MIN;

size_t Bits(mpz_srcptr z) { return mpz_sgn(z) ? mpz_sizeinbase(z, 2) : 0; }

// Rounds m*2^e to prec significant bits, half to even (big.Float's default mode).
void RoundMant(mpz_ptr m, int64_t *e, size_t prec) {
  size_t bits = Bits(m);
  if (bits <= prec) return;
  size_t drop = bits - prec;
  bool neg = mpz_sgn(m) < 0;
  mpz_abs(m, m);
  bool half = mpz_tstbit(m, drop - 1);
  bool sticky = drop >= 2 && mpz_scan1(m, 0) < drop - 1;
  mpz_tdiv_q_2exp(m, m, drop);
  if (half && (sticky || mpz_odd_p(m))) mpz_add_ui(m, m, 1);
  *e += static_cast<int64_t>(drop);
  if (neg) mpz_neg(m, m);
}

// m*2^e = n/d rounded to prec bits (d != 0).
void QuoMant(mpz_ptr m, int64_t *e, mpz_srcptr n, mpz_srcptr d, size_t prec) {
  mpz_t a, b, rem;
  mpz_inits(a, b, rem, nullptr);
  mpz_abs(a, n);
  mpz_abs(b, d);
  // Scale so the quotient has at least prec+2 bits; the remainder becomes a sticky bit.
  int64_t shift = static_cast<int64_t>(prec + 3 + Bits(b)) - static_cast<int64_t>(Bits(a));
  if (shift > 0)
    mpz_mul_2exp(a, a, static_cast<unsigned long>(shift));
  else if (shift < 0)
    mpz_mul_2exp(b, b, static_cast<unsigned long>(-shift));
  mpz_tdiv_qr(m, rem, a, b);
  mpz_mul_2exp(m, m, 1);
  if (mpz_sgn(rem)) mpz_setbit(m, 0);
  *e = -shift - 1;
  RoundMant(m, e, prec);
  if ((mpz_sgn(n) < 0) != (mpz_sgn(d) < 0)) mpz_neg(m, m);
  mpz_clears(a, b, rem, nullptr);
}

// m*2^e = x + y rounded to prec bits, where x = xm*2^xe and y = ym*2^ye (m may alias
// neither input).
void AddMant(mpz_ptr m, int64_t *e, mpz_srcptr xm, int64_t xe, mpz_srcptr ym, int64_t ye,
             size_t prec) {
  if (mpz_sgn(ym) == 0 || mpz_sgn(xm) == 0) {
    bool useX = mpz_sgn(ym) == 0;
    mpz_set(m, useX ? xm : ym);
    *e = useX ? xe : ye;
    RoundMant(m, e, prec);
    return;
  }
  int64_t xtop = static_cast<int64_t>(Bits(xm)) + xe, ytop = static_cast<int64_t>(Bits(ym)) + ye;
  if (xtop < ytop) std::swap(xm, ym), std::swap(xe, ye), std::swap(xtop, ytop);
  if (xtop - ytop > static_cast<int64_t>(prec) + 2) {
    // y lies wholly below x's rounding position: it only decides ties, as a sticky bit
    // under x widened to prec+3 bits.
    int64_t s = static_cast<int64_t>(prec + 3) - static_cast<int64_t>(Bits(xm));
    if (s > 0)
      mpz_mul_2exp(m, xm, static_cast<unsigned long>(s));
    else
      mpz_set(m, xm), s = 0;
    *e = xe - s;
    if (mpz_sgn(ym) > 0)
      mpz_add_ui(m, m, 1);
    else
      mpz_sub_ui(m, m, 1);
  } else if (xe >= ye) {
    mpz_mul_2exp(m, xm, static_cast<unsigned long>(xe - ye));
    mpz_add(m, m, ym);
    *e = ye;
  } else {
    mpz_mul_2exp(m, ym, static_cast<unsigned long>(ye - xe));
    mpz_add(m, m, xm);
    *e = xe;
  }
  RoundMant(m, e, prec);
}

// m*2^e = 10^n rounded to prec bits, by repeated squaring.
void Pow10Mant(mpz_ptr m, int64_t *e, uint64_t n, size_t prec) {
  mpz_t b;
  mpz_init_set_ui(b, 10);
  int64_t be = 0;
  mpz_set_ui(m, 1);
  *e = 0;
  while (n) {
    if (n & 1) {
      mpz_mul(m, m, b);
      *e += be;
      RoundMant(m, e, prec);
    }
    n >>= 1;
    if (n) {
      mpz_mul(b, b, b);
      be *= 2;
      RoundMant(b, &be, prec);
    }
  }
  mpz_clear(b);
}

// The exponent x of a nonzero rational with 2^(x-1) <= |q| < 2^x (big.Float's MantExp).
int64_t RatExp(const mpq_t q) {
  mpz_t n, d;
  mpz_inits(n, d, nullptr);
  mpz_abs(n, mpq_numref(q));
  mpz_set(d, mpq_denref(q));
  int64_t x = static_cast<int64_t>(Bits(n)) - static_cast<int64_t>(Bits(d));
  // |q| >= 2^x exactly when n >= d*2^x.
  if (x > 0)
    mpz_mul_2exp(d, d, static_cast<unsigned long>(x));
  else if (x < 0)
    mpz_mul_2exp(n, n, static_cast<unsigned long>(-x));
  if (mpz_cmp(n, d) >= 0) ++x;
  mpz_clears(n, d, nullptr);
  return x;
}

} // namespace

Value Value::MakeApprox(mpz_t m, int64_t e) {
  Value v;
  mpz_t r;
  mpz_init_set(r, m);
  RoundMant(r, &e, kPrec);
  int64_t top = static_cast<int64_t>(Bits(r)) + e;
  if (mpz_sgn(r) != 0 && top > kMaxExp) {
    mpz_clear(r);
    return Value(); // overflows to infinity: go/constant's makeFloat gives unknown
  }
  v.kind_ = Kind::Float;
  if (mpz_sgn(r) == 0 || top < kMinExp) {
    mpz_clear(r);
    mpq_init(v.q_);
    return v;
  }
  v.approx_ = true;
  memcpy(&v.z_, &r, sizeof v.z_);
  v.exp_ = e;
  return v;
}

Value Value::MakeRat(mpq_t q) {
  if (Bits(mpq_numref(q)) < kMaxRatBits && Bits(mpq_denref(q)) < kMaxRatBits) {
    Value v;
    v.kind_ = Kind::Float;
    mpq_init(v.q_);
    mpq_set(v.q_, q);
    return v;
  }
  mpz_t m;
  mpz_init(m);
  int64_t e;
  QuoMant(m, &e, mpq_numref(q), mpq_denref(q), kPrec);
  Value v = MakeApprox(m, e);
  mpz_clear(m);
  return v;
}

// The value as m*2^e rounded to 512 bits (go/constant's rtof for rationals).
void Value::GetApprox(mpz_t m, int64_t *e) const {
  if (kind_ == Kind::Int) {
    mpz_set(m, z_);
    *e = 0;
    RoundMant(m, e, kPrec);
  } else if (approx_) {
    mpz_set(m, z_);
    *e = exp_;
  } else if (mpq_sgn(q_) == 0) {
    mpz_set_ui(m, 0);
    *e = 0;
  } else {
    QuoMant(m, e, mpq_numref(q_), mpq_denref(q_), kPrec);
  }
}

// go/constant's ToInt for a binary float: only values below 2^4096 become integers, also
// those a few bits of rounding error away from one.
bool Value::ApproxInt(mpz_t out) const {
  int64_t top = static_cast<int64_t>(Bits(z_)) + exp_;
  if (top <= -static_cast<int64_t>(kMaxRatBits) || top >= static_cast<int64_t>(kMaxRatBits))
    return false;
  auto take = [&](mpz_srcptr m, int64_t e) {
    if (e >= 0) {
      mpz_mul_2exp(out, m, static_cast<unsigned long>(e));
      return true;
    }
    if (mpz_sgn(m) != 0 && mpz_scan1(m, 0) < static_cast<mp_bitcnt_t>(-e)) return false;
    mpz_tdiv_q_2exp(out, m, static_cast<unsigned long>(-e));
    return true;
  };
  mpz_t a;
  mpz_init_set(a, z_);
  bool ok = take(a, exp_);
  // Rounded to 508 bits toward zero, then away from zero.
  size_t bits = Bits(z_);
  for (int up = 0; !ok && up < 2 && bits > kPrec - 4; ++up) {
    size_t drop = bits - (kPrec - 4);
    mpz_abs(a, z_);
    if (up)
      mpz_cdiv_q_2exp(a, a, drop);
    else
      mpz_fdiv_q_2exp(a, a, drop);
    if (mpz_sgn(z_) < 0) mpz_neg(a, a);
    ok = take(a, exp_ + static_cast<int64_t>(drop));
  }
  mpz_clear(a);
  return ok;
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
  auto rep = std::make_shared<StringRep>();
  rep->size = s.size();
  rep->flat = std::move(s);
  v.s_ = std::move(rep);
  return v;
}

const std::string &Value::StringVal() const {
  const StringRep &top = *s_;
  if (!top.left) return top.flat;
  // Join the leaves left to right with an explicit stack: a rope is as deep as the
  // chain of + that built it, too deep to recurse on.
  std::string out;
  out.reserve(top.size);
  std::vector<const StringRep *> stack = {top.right.get(), top.left.get()};
  while (!stack.empty()) {
    const StringRep *r = stack.back();
    stack.pop_back();
    if (!r->left) {
      out += r->flat;
    } else {
      stack.push_back(r->right.get());
      stack.push_back(r->left.get());
    }
  }
  top.flat = std::move(out);
  ReleaseRope(top);
  return top.flat;
}

// Drops a joined rope's parts. Freeing a deep rope by shared_ptr's own recursion could
// exhaust the stack, so parts held by no one else are taken apart here, iteratively.
void Value::ReleaseRope(const StringRep &rep) {
  std::vector<std::shared_ptr<const StringRep>> parts;
  parts.push_back(std::move(rep.left));
  parts.push_back(std::move(rep.right));
  rep.left = rep.right = nullptr;
  while (!parts.empty()) {
    std::shared_ptr<const StringRep> r = std::move(parts.back());
    parts.pop_back();
    if (r && r.use_count() == 1 && r->left) {
      parts.push_back(std::move(r->left));
      parts.push_back(std::move(r->right));
    }
  }
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

Value Value::MakeComplex(Value re, Value im) {
  auto real = [](const Value &v) { return v.kind_ == Kind::Int || v.kind_ == Kind::Float; };
  if (!real(re) || !real(im)) return Value();
  Value v;
  v.kind_ = Kind::Complex;
  v.c_ = std::make_shared<const ComplexRep>(ComplexRep{std::move(re), std::move(im)});
  return v;
}

Value Value::ToComplex() const {
  if (kind_ == Kind::Complex) return Value(*this);
  if (kind_ != Kind::Int && kind_ != Kind::Float) return Value();
  return MakeComplex(Value(*this), MakeInt64(0));
}

Value Value::Real() const {
  if (kind_ == Kind::Complex) return Value(c_->re);
  if (kind_ == Kind::Int || kind_ == Kind::Float) return Value(*this);
  return Value();
}

Value Value::Imag() const {
  if (kind_ == Kind::Complex) return Value(c_->im);
  if (kind_ == Kind::Int || kind_ == Kind::Float) return MakeInt64(0);
  return Value();
}

Value Value::FromLiteral(TK kind, std::string_view text) {
  switch (kind) {
  case TK::ImagLit: {
    // The digits before the `i`: a decimal (even with leading zeros, as Go keeps for
    // compatibility), hexadecimal, octal or binary integer, or a float.
    std::string_view digits = text.substr(0, text.empty() ? 0 : text.size() - 1);
    bool prefixed = digits.size() >= 2 && digits[0] == '0' &&
                    ((digits[1] | 0x20) == 'b' || (digits[1] | 0x20) == 'o');
    Value im = prefixed ? FromLiteral(TK::IntLit, digits) : FromLiteral(TK::FloatLit, digits);
    if (im.IsUnknown()) return Value();
    return MakeComplex(MakeInt64(0), std::move(im));
  }
  case TK::IntLit: {
    std::string digits;
    int base = 10;
    size_t i = 0;
    if (text.size() >= 2 && text[0] == '0') {
      char p = text[1] | 0x20;
      if (p == 'x')
        base = 16, i = 2;
      else if (p == 'o')
        base = 8, i = 2;
      else if (p == 'b')
        base = 2, i = 2;
      else
        base = 8, i = 1;
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
    // Exponents past any representable value saturate rather than overflow.
    int64_t exp = 0;
    if (i < text.size()) {
      ++i;
      bool neg = false;
      if (i < text.size() && (text[i] == '+' || text[i] == '-')) neg = text[i++] == '-';
      for (; i < text.size(); ++i)
        if (text[i] != '_' && exp < (int64_t{1} << 50)) exp = exp * 10 + (text[i] - '0');
      if (neg) exp = -exp;
    }
    if (mant.empty()) mant = "0";
    mpz_t m;
    mpz_init(m);
    mpz_set_str(m, mant.c_str(), hex ? 16 : 10);
    int64_t e2 = hex ? exp - 4 * static_cast<int64_t>(frac) : 0;
    int64_t e10 = hex ? 0 : exp - static_cast<int64_t>(frac);
    // The binary exponent, roughly, decides: overflow (a malformed constant, as
    // big.Float's parse fails), underflow to zero, an exact rational if it is small
    // (go/constant's smallFloat), else a 512-bit binary float.
    double top = static_cast<double>(Bits(m)) + static_cast<double>(e2) +
                 static_cast<double>(e10) * 3.321928094887362;
    Value v;
    if (mpz_sgn(m) == 0 || top < static_cast<double>(kMinExp) - 64) {
      mpz_clear(m);
      v.kind_ = Kind::Float;
      mpq_init(v.q_);
      return v;
    }
    if (top > static_cast<double>(kMaxExp) + 64) {
      mpz_clear(m);
      return Value();
    }
    if (std::fabs(top) < static_cast<double>(kMaxRatBits) + 64) {
      v.kind_ = Kind::Float;
      mpq_init(v.q_);
      mpq_set_z(v.q_, m);
      if (e10 != 0) {
        mpq_t t;
        mpq_init(t);
        mpz_ui_pow_ui(mpq_numref(t), 10, static_cast<unsigned long>(e10 < 0 ? -e10 : e10));
        if (e10 > 0)
          mpq_mul(v.q_, v.q_, t);
        else
          mpq_div(v.q_, v.q_, t);
        mpq_clear(t);
      }
      if (e2 > 0) mpq_mul_2exp(v.q_, v.q_, static_cast<unsigned long>(e2));
      if (e2 < 0) mpq_div_2exp(v.q_, v.q_, static_cast<unsigned long>(-e2));
      mpz_clear(m);
      int64_t x = RatExp(v.q_);
      if (-static_cast<int64_t>(kMaxRatBits) < x && x < static_cast<int64_t>(kMaxRatBits)) return v;
      mpz_init(m);
      int64_t e;
      QuoMant(m, &e, mpq_numref(v.q_), mpq_denref(v.q_), kPrec);
      Value r = MakeApprox(m, e);
      mpz_clear(m);
      return r;
    }
    // Work with 64 guard bits, as big.Float's parser does for the power of ten.
    RoundMant(m, &e2, kPrec + 64);
    if (e10 != 0) {
      mpz_t p;
      mpz_init(p);
      int64_t pe;
      Pow10Mant(p, &pe, static_cast<uint64_t>(e10 < 0 ? -e10 : e10), kPrec + 64);
      if (e10 > 0) {
        mpz_mul(m, m, p);
        e2 += pe;
      } else {
        mpz_t q;
        mpz_init(q);
        int64_t qe;
        QuoMant(q, &qe, m, p, kPrec + 64);
        mpz_swap(m, q);
        e2 += qe - pe;
        mpz_clear(q);
      }
      mpz_clear(p);
    }
    Value r = MakeApprox(m, e2);
    mpz_clear(m);
    return r;
  }
  case TK::RuneLit: {
    std::string_view body = text.substr(1, text.size() - 2);
    size_t i = 0;
    bool byteValue;
    if (body.empty()) return Value();
    return MakeInt64(syntax::UnquoteChar(body, i, &byteValue));
  }
  case TK::StringLit:
    return MakeString(syntax::StringLitValue(text));
  default:
    return Value();
  }
}

Value Value::ToFloat() const {
  if (kind_ == Kind::Float) return Value(*this);
  if (kind_ == Kind::Complex) return c_->im.Sign() == 0 ? c_->re.ToFloat() : Value();
  if (kind_ != Kind::Int) return Value();
  Value v;
  v.kind_ = Kind::Float;
  mpq_init(v.q_);
  mpq_set_z(v.q_, z_);
  return v;
}

bool Value::IsIntegral() const {
  if (kind_ == Kind::Int) return true;
  if (kind_ == Kind::Complex) return c_->im.Sign() == 0 && c_->re.IsIntegral();
  if (kind_ != Kind::Float) return false;
  if (!approx_) return mpz_cmp_ui(mpq_denref(q_), 1) == 0;
  mpz_t t;
  mpz_init(t);
  bool ok = ApproxInt(t);
  mpz_clear(t);
  return ok;
}

Value Value::ToInt() const {
  if (kind_ == Kind::Int) return Value(*this);
  if (kind_ == Kind::Complex) return c_->im.Sign() == 0 ? c_->re.ToInt() : Value();
  if (kind_ != Kind::Float) return Value();
  Value v;
  v.kind_ = Kind::Int;
  mpz_init(v.z_);
  if (approx_ ? !ApproxInt(v.z_) : mpz_cmp_ui(mpq_denref(q_), 1) != 0) return Value();
  if (!approx_) mpz_set(v.z_, mpq_numref(q_));
  return v;
}

int Value::Sign() const {
  if (kind_ == Kind::Int || (kind_ == Kind::Float && approx_)) return mpz_sgn(z_);
  if (kind_ == Kind::Float) return mpq_sgn(q_);
  if (kind_ == Kind::Complex) return c_->re.Sign() | c_->im.Sign();
  return 0;
}

bool Value::FitsInt64() const { return kind_ == Kind::Int && mpz_sizeinbase(z_, 2) <= 63; }
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
  mpz_fdiv_r_2exp(t, z_, 64); // low 64 bits, as a non-negative number
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
  if (shift > 0)
    mpz_mul_2exp(n, n, static_cast<unsigned long>(shift));
  else if (shift < 0)
    mpz_mul_2exp(d, d, static_cast<unsigned long>(-shift));
  mpz_tdiv_qr(quo, rem, n, d);
  bool sticky = mpz_sgn(rem) != 0;
  long bits = static_cast<long>(mpz_sizeinbase(quo, 2));
  long msbExp = bits - 1 - shift;
  long p = prec;
  if (msbExp < minExp) p = prec - (minExp - msbExp); // subnormal
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

} // namespace

namespace {

// A binary float m*2^e rounded like RoundRational; beyond any float's range it is an
// infinity or zero, decided without building the exact rational.
double RoundApprox(mpz_srcptr m, int64_t e, int prec, int minExp) {
  int64_t top = static_cast<int64_t>(Bits(m)) + e;
  double sign = mpz_sgn(m) < 0 ? -1.0 : 1.0;
  if (top > 1100) return sign * HUGE_VAL;
  if (top < -1200) return sign * 0.0;
  mpq_t q;
  mpq_init(q);
  mpq_set_z(q, m);
  if (e > 0) mpq_mul_2exp(q, q, static_cast<unsigned long>(e));
  if (e < 0) mpq_div_2exp(q, q, static_cast<unsigned long>(-e));
  double r = RoundRational(q, prec, minExp);
  mpq_clear(q);
  return r;
}

} // namespace

double Value::Float64(bool *finite) const {
  Value f = ToFloat();
  double r = f.kind_ != Kind::Float ? 0
             : f.approx_            ? RoundApprox(f.z_, f.exp_, 53, -1022)
                                    : RoundRational(f.q_, 53, -1022);
  if (finite) *finite = std::isfinite(r);
  return r;
}

float Value::Float32(bool *finite) const {
  Value f = ToFloat();
  double r = f.kind_ != Kind::Float ? 0
             : f.approx_            ? RoundApprox(f.z_, f.exp_, 24, -126)
                                    : RoundRational(f.q_, 24, -126);
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

Value RoundFloat32(const Value &x) {
  float f = x.Float32();
  Value v;
  v.kind_ = Value::Kind::Float;
  mpq_init(v.q_);
  mpq_set_d(v.q_, static_cast<double>(f));
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
    syntax::AppendQuotedRune(out, c, '"');
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

} // namespace

std::string Value::String() const {
  switch (kind_) {
  case Kind::Unknown:
    return "unknown";
  case Kind::Bool:
    return b_ ? "true" : "false";
  case Kind::String: {
    std::string q = Quote(StringVal());
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
    if (finite && (Sign() == 0) == (d == 0)) {
      std::string s = FormatG(d, 6);
      if (!IsIntegral() && s.find('.') == std::string::npos && s.find('e') == std::string::npos)
        s = FormatG(d, -1);
      return s;
    }
    // Out of float64's range: go/constant's approximate decimal conversion, from the
    // 512-bit binary form, never the exact (possibly enormous) decimal expansion.
    mpz_t m;
    mpz_init(m);
    int64_t e;
    GetApprox(m, &e);
    long bits;
    double mant = mpz_get_d_2exp(&bits, m); // 0.5 <= |mant| < 1
    mpz_clear(m);
    double dexp = static_cast<double>(e + bits) * 0.30102999566398119521; // log10(2)
    int64_t de = static_cast<int64_t>(dexp);
    mant *= std::pow(10.0, dexp - static_cast<double>(de));
    double am = std::fabs(mant);
    // %.6g rounds to 5 digits after the point: keep the mantissa below 10 after that.
    if (am < 1 - 0.5e-6) {
      mant *= 10;
      --de;
    } else if (am >= 10) {
      mant /= 10;
      ++de;
    }
    char buf[64];
    snprintf(buf, sizeof buf, "%.6ge%+lld", mant, static_cast<long long>(de));
    return buf;
  }
  case Kind::Complex:
    return "(" + c_->re.String() + " + " + c_->im.String() + "i)";
  }
  return "unknown";
}

std::string Value::ExactString() const {
  if (kind_ == Kind::Complex)
    return "(" + c_->re.ExactString() + " + " + c_->im.ExactString() + "i)";
  if (kind_ != Kind::Float) return String();
  if (approx_) {
    // big.Float's Text('p', 0): "0x.<hex mantissa>p<exponent>" with 0.5 <= mantissa < 1.
    mpz_t m;
    mpz_init(m);
    mpz_abs(m, z_);
    mp_bitcnt_t tz = mpz_scan1(m, 0);
    mpz_tdiv_q_2exp(m, m, tz);
    int64_t top = static_cast<int64_t>(Bits(z_)) + exp_;
    mpz_mul_2exp(m, m, (4 - Bits(m) % 4) % 4);
    std::string hexDigits(mpz_sizeinbase(m, 16) + 2, '\0');
    mpz_get_str(hexDigits.data(), 16, m);
    hexDigits.resize(strlen(hexDigits.c_str()));
    mpz_clear(m);
    char buf[32];
    snprintf(buf, sizeof buf, "p%+lld", static_cast<long long>(top));
    return (mpz_sgn(z_) < 0 ? "-0x." : "0x.") + hexDigits + buf;
  }
  char *p = mpq_get_str(nullptr, 10, q_);
  std::string s = p;
  void (*freefunc)(void *, size_t);
  mp_get_memory_functions(nullptr, nullptr, &freefunc);
  freefunc(p, strlen(p) + 1);
  return s;
}

namespace {

// x op y with at least one complex operand, on the parts (go/constant's complex
// arithmetic: exact, with (a+bi)/(c+di) = ((ac+bd) + (bc-ad)i) / (c²+d²)).
Value ComplexOp(const Value &x, TK op, const Value &y) {
  Value a = x.ToComplex(), b = y.ToComplex();
  if (a.kind() != Value::Kind::Complex || b.kind() != Value::Kind::Complex) return Value();
  Value ar = a.Real(), ai = a.Imag(), br = b.Real(), bi = b.Imag();
  auto op2 = [](const Value &u, TK o, const Value &v) { return BinaryOp(u, o, v, false); };
  switch (op) {
  case TK::Add:
  case TK::Sub:
    return Value::MakeComplex(op2(ar, op, br), op2(ai, op, bi));
  case TK::Mul:
    return Value::MakeComplex(op2(op2(ar, TK::Mul, br), TK::Sub, op2(ai, TK::Mul, bi)),
                              op2(op2(ai, TK::Mul, br), TK::Add, op2(ar, TK::Mul, bi)));
  case TK::Div: {
    Value s = op2(op2(br, TK::Mul, br), TK::Add, op2(bi, TK::Mul, bi));
    if (s.Sign() == 0) return Value(); // division by zero: the caller's error
    Value re = op2(op2(ar, TK::Mul, br), TK::Add, op2(ai, TK::Mul, bi));
    Value im = op2(op2(ai, TK::Mul, br), TK::Sub, op2(ar, TK::Mul, bi));
    return Value::MakeComplex(op2(re, TK::Div, s), op2(im, TK::Div, s));
  }
  default:
    return Value();
  }
}

} // namespace

Value BinaryOp(const Value &x, TK op, const Value &y, bool intDiv) {
  using K = Value::Kind;
  if (x.kind_ == K::Unknown || y.kind_ == K::Unknown) return Value();
  if (x.kind_ == K::Bool && y.kind_ == K::Bool) {
    if (op == TK::AndAnd) return Value::MakeBool(x.b_ && y.b_);
    if (op == TK::OrOr) return Value::MakeBool(x.b_ || y.b_);
    return Value();
  }
  if (x.kind_ == K::String && y.kind_ == K::String) {
    if (op != TK::Add) return Value();
    // Short strings are joined at once; longer ones are linked (see StringRep).
    if (x.s_->size + y.s_->size <= 64) return Value::MakeString(x.StringVal() + y.StringVal());
    Value v;
    v.kind_ = K::String;
    auto rep = std::make_shared<Value::StringRep>();
    rep->size = x.s_->size + y.s_->size;
    rep->left = x.s_;
    rep->right = y.s_;
    v.s_ = std::move(rep);
    return v;
  }
  if (x.kind_ == K::Complex || y.kind_ == K::Complex) return ComplexOp(x, op, y);
  if ((op == TK::Div || op == TK::Rem) && y.Sign() == 0) return Value(); // caller's error
  if (x.kind_ == K::Int && y.kind_ == K::Int && !(op == TK::Div && !intDiv)) {
    Value v;
    v.kind_ = K::Int;
    mpz_init(v.z_);
    switch (op) {
    case TK::Add:
      mpz_add(v.z_, x.z_, y.z_);
      break;
    case TK::Sub:
      mpz_sub(v.z_, x.z_, y.z_);
      break;
    case TK::Mul:
      mpz_mul(v.z_, x.z_, y.z_);
      break;
    case TK::Div:
      mpz_tdiv_q(v.z_, x.z_, y.z_);
      break;
    case TK::Rem:
      mpz_tdiv_r(v.z_, x.z_, y.z_);
      break;
    case TK::And:
      mpz_and(v.z_, x.z_, y.z_);
      break;
    case TK::Or:
      mpz_ior(v.z_, x.z_, y.z_);
      break;
    case TK::Xor:
      mpz_xor(v.z_, x.z_, y.z_);
      break;
    case TK::AndNot: {
      mpz_t t;
      mpz_init(t);
      mpz_com(t, y.z_);
      mpz_and(v.z_, x.z_, t);
      mpz_clear(t);
      break;
    }
    default:
      return Value();
    }
    return v;
  }
  Value a = x.ToFloat(), b = y.ToFloat();
  if (a.kind_ != K::Float || b.kind_ != K::Float) return Value();
  if (op != TK::Add && op != TK::Sub && op != TK::Mul && op != TK::Div) return Value();
  if (!a.approx_ && !b.approx_) {
    // Rational arithmetic, switching to a binary float if the parts grow too large.
    mpq_t q;
    mpq_init(q);
    switch (op) {
    case TK::Add:
      mpq_add(q, a.q_, b.q_);
      break;
    case TK::Sub:
      mpq_sub(q, a.q_, b.q_);
      break;
    case TK::Mul:
      mpq_mul(q, a.q_, b.q_);
      break;
    default:
      mpq_div(q, a.q_, b.q_);
      break;
    }
    Value v = Value::MakeRat(q);
    mpq_clear(q);
    return v;
  }
  // Binary float arithmetic, rounded to 512 bits.
  mpz_t am, bm, m;
  mpz_inits(am, bm, m, nullptr);
  int64_t ae, be, e;
  a.GetApprox(am, &ae);
  b.GetApprox(bm, &be);
  switch (op) {
  case TK::Add:
    AddMant(m, &e, am, ae, bm, be, kPrec);
    break;
  case TK::Sub:
    mpz_neg(bm, bm);
    AddMant(m, &e, am, ae, bm, be, kPrec);
    break;
  case TK::Mul:
    mpz_mul(m, am, bm);
    e = ae + be;
    break;
  default:
    QuoMant(m, &e, am, bm, kPrec);
    e += ae - be;
    break;
  }
  Value v = Value::MakeApprox(m, e);
  mpz_clears(am, bm, m, nullptr);
  return v;
}

Value UnaryOp(TK op, const Value &x, unsigned prec) {
  using K = Value::Kind;
  switch (op) {
  case TK::Add:
    return Value(x);
  case TK::Sub: {
    if (x.kind_ == K::Complex)
      return Value::MakeComplex(UnaryOp(op, x.c_->re, 0), UnaryOp(op, x.c_->im, 0));
    Value v(x);
    if (v.kind_ == K::Int || (v.kind_ == K::Float && v.approx_))
      mpz_neg(v.z_, v.z_);
    else if (v.kind_ == K::Float)
      mpq_neg(v.q_, v.q_);
    else
      return Value();
    return v;
  }
  case TK::Xor: {
    if (x.kind_ != K::Int) return Value();
    Value v(x);
    mpz_com(v.z_, v.z_); // -x-1
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
  default:
    return Value();
  }
}

Value Shift(const Value &x, TK op, uint64_t s) {
  Value v = x.ToInt();
  if (v.kind_ != Value::Kind::Int) return Value();
  if (op == TK::Shl)
    mpz_mul_2exp(v.z_, v.z_, s);
  else
    mpz_fdiv_q_2exp(v.z_, v.z_, s);
  return v;
}

bool Compare(const Value &x, TK op, const Value &y) {
  using K = Value::Kind;
  int c = 0;
  if (x.kind_ == K::Bool && y.kind_ == K::Bool) {
    c = x.b_ == y.b_ ? 0 : 1;
  } else if (x.kind_ == K::String && y.kind_ == K::String) {
    c = x.StringVal().compare(y.StringVal());
  } else if (x.kind_ == K::Int && y.kind_ == K::Int) {
    c = mpz_cmp(x.z_, y.z_);
  } else if (x.kind_ == K::Complex || y.kind_ == K::Complex) {
    // Only == and != are defined on complex values.
    Value a = x.ToComplex(), b = y.ToComplex();
    if (a.kind_ != K::Complex || b.kind_ != K::Complex || (op != TK::Eql && op != TK::Neq))
      return false;
    bool eq = Compare(a.c_->re, TK::Eql, b.c_->re) && Compare(a.c_->im, TK::Eql, b.c_->im);
    return op == TK::Eql ? eq : !eq;
  } else {
    Value a = x.ToFloat(), b = y.ToFloat();
    if (a.kind_ != K::Float || b.kind_ != K::Float) return false;
    if (!a.approx_ && !b.approx_) {
      c = mpq_cmp(a.q_, b.q_);
    } else {
      // The sign of the rounded difference (exact at 512 bits: ties cannot flip it).
      mpz_t am, bm, m;
      mpz_inits(am, bm, m, nullptr);
      int64_t ae, be, e;
      a.GetApprox(am, &ae);
      b.GetApprox(bm, &be);
      mpz_neg(bm, bm);
      AddMant(m, &e, am, ae, bm, be, kPrec);
      c = mpz_sgn(m);
      mpz_clears(am, bm, m, nullptr);
    }
  }
  switch (op) {
  case TK::Eql:
    return c == 0;
  case TK::Neq:
    return c != 0;
  case TK::Lss:
    return c < 0;
  case TK::Leq:
    return c <= 0;
  case TK::Gtr:
    return c > 0;
  case TK::Geq:
    return c >= 0;
  default:
    return false;
  }
}

} // namespace talpa::types
