// Constant values (Go's go/constant): booleans, strings, integers as GMP mpz,
// floating-point values as exact GMP rationals while their parts stay small, else as
// 512-bit binary floats (go/constant's ratVal and floatVal), and complex values as a pair
// of such integer or floating-point parts (go/constant's complexVal).
#ifndef TALPA_TYPES_CONSTANT_H
#define TALPA_TYPES_CONSTANT_H

#include <gmp.h>

#include <cstdint>
#include <memory>
#include <string>

#include "compiler/syntax/syntax.h"

namespace talpa::types {

class Value {
public:
  enum class Kind : uint8_t { Unknown, Bool, String, Int, Float, Complex };

  Value() = default;
  ~Value();
  Value(Value &&other) noexcept;
  Value &operator=(Value &&other) noexcept;
  Value(const Value &other);
  Value &operator=(const Value &other) = delete;

  static Value MakeBool(bool b);
  static Value MakeString(std::string s);
  static Value MakeInt64(int64_t v);
  static Value MakeUint64(uint64_t v);
  static Value MakeUnknown() { return Value(); }
  // re + im*i from two integer or floating-point values (Unknown if either is not).
  static Value MakeComplex(Value re, Value im);
  // Parses a literal's source text (int, float, imaginary, rune or string literal).
  static Value FromLiteral(syntax::TokenKind kind, std::string_view text);

  Kind kind() const { return kind_; }
  bool IsUnknown() const { return kind_ == Kind::Unknown; }
  bool BoolVal() const { return b_; }
  const std::string &StringVal() const; // joins a concatenation's parts on first use
  size_t StringLen() const { return s_->size; }
  const mpz_t &IntVal() const { return z_; } // Kind::Int

  // Numeric conversions: ToFloat succeeds for integers, floats and complex values with a
  // zero imaginary part; ToInt gives Unknown if the value is not an integer (or, as a
  // binary float, too large to become one cheaply); ToComplex succeeds for any number.
  Value ToFloat() const;
  Value ToInt() const;
  Value ToComplex() const;
  // The real and imaginary parts of a number (of a non-complex x: x and 0).
  Value Real() const;
  Value Imag() const;
  // An integer, a Float with an integral value, or a Complex value with a zero imaginary
  // part and an integral real part (what ToInt can make an Int).
  bool IsIntegral() const;
  // -1, 0 or 1; of a Complex value, 0 exactly when it is zero (else nonzero).
  int Sign() const;
  bool FitsInt64() const;
  bool FitsUint64() const;
  int64_t Int64() const;
  uint64_t Uint64() const;
  // The nearest float64 (round half to even), and whether it is finite.
  double Float64(bool *finite = nullptr) const;
  float Float32(bool *finite = nullptr) const;
  size_t BitLen() const; // of an Int's absolute value

  // go/constant's String: integers in decimal, floats in %.6g style, complex values as
  // "(re + imi)", strings quoted and shortened to 72 characters.
  std::string String() const;
  // go/constant's ExactString (used for float values where exactness matters).
  std::string ExactString() const;

private:
  // A string is a rope, as go/constant's stringVal: x + y links its operands and the
  // bytes are joined once, when read, so a chain s + s + ... of n constants costs the
  // final length instead of n times it. Values share ropes, so copies are cheap too.
  struct StringRep {
    size_t size = 0;
    mutable std::string flat; // the bytes, once left and right are joined (or a leaf)
    mutable std::shared_ptr<const StringRep> left, right;
  };
  // The parts of a Complex value (Int or Float each), shared by copies.
  struct ComplexRep;
  Kind kind_ = Kind::Unknown;
  bool b_ = false;
  std::shared_ptr<const StringRep> s_;
  std::shared_ptr<const ComplexRep> c_;
  // Kind::Float is exact (q_) unless approx_: then it is z_ * 2^exp_ with z_ rounded to
  // 512 bits (a big.Float of types2's precision, used once a rational's parts would
  // pass 4096 bits).
  bool approx_ = false;
  int64_t exp_ = 0;
  mpz_t z_;
  mpq_t q_;
  static void ReleaseRope(const StringRep &rep);
  static Value MakeApprox(mpz_t m, int64_t e);
  static Value MakeRat(mpq_t q);
  void GetApprox(mpz_t m, int64_t *e) const;
  bool ApproxInt(mpz_t out) const;
  friend Value BinaryOp(const Value &, syntax::TokenKind, const Value &, bool intDiv);
  friend Value UnaryOp(syntax::TokenKind, const Value &, unsigned prec);
  friend Value Shift(const Value &, syntax::TokenKind, uint64_t);
  friend bool Compare(const Value &, syntax::TokenKind, const Value &);
  friend Value RoundFloat64(const Value &);
  friend Value RoundFloat32(const Value &);
};

struct Value::ComplexRep {
  Value re, im;
};

// x op y for +, -, *, /, %, &, |, ^, &^, &&, ||. Operands are matched to the larger kind
// first. intDiv: / truncates (both operands integer-typed). Division by zero must be
// checked by the caller.
Value BinaryOp(const Value &x, syntax::TokenKind op, const Value &y, bool intDiv);
// -x, +x, ^x, !x; prec > 0 is the bit size of an unsigned type for ^ (0: signed/untyped).
Value UnaryOp(syntax::TokenKind op, const Value &x, unsigned prec);
// x << s, x >> s on an integer value.
Value Shift(const Value &x, syntax::TokenKind op, uint64_t s);
bool Compare(const Value &x, syntax::TokenKind op, const Value &y);
// A float value rounded to the nearest float64 (as a typed float64 constant holds it).
Value RoundFloat64(const Value &x);
// A float value rounded to the nearest float32 (as a typed float32 constant holds it).
Value RoundFloat32(const Value &x);

} // namespace talpa::types

#endif // TALPA_TYPES_CONSTANT_H
