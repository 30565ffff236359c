// types constants: complex values (imaginary literals, exact arithmetic including complex
// division, comparison, parts, conversions to integers and floats) and go/constant's
// String forms, against Go 1.19's go/constant.
#include "compiler/types/constant.h"

#include <gtest/gtest.h>

#include <string>

#include "compiler/syntax/syntax.h"

namespace talpa::types {
namespace {

using TK = syntax::TokenKind;

Value Lit(TK kind, std::string_view text) { return Value::FromLiteral(kind, text); }
Value Int(int64_t v) { return Value::MakeInt64(v); }
Value Imag(std::string_view text) { return Lit(TK::ImagLit, text); }
Value Float(std::string_view text) { return Lit(TK::FloatLit, text); }
// re + im*i from two literals.
Value Cplx(int64_t re, int64_t im) { return Value::MakeComplex(Int(re), Int(im)); }
Value Op(const Value &x, TK op, const Value &y) { return BinaryOp(x, op, y, false); }

TEST(ComplexConstant, ImaginaryLiterals) {
  EXPECT_EQ(Imag("1i").String(), "(0 + 1i)");
  EXPECT_EQ(Imag("2.5i").String(), "(0 + 2.5i)");
  EXPECT_EQ(Imag("1.5e3i").String(), "(0 + 1500i)");
  EXPECT_EQ(Imag("1e400i").String(), "(0 + 1e+400i)");
  // A leading 0 is still decimal (Go keeps 0123i == 123i); prefixes select the base.
  EXPECT_EQ(Imag("0123i").String(), "(0 + 123i)");
  EXPECT_EQ(Imag("0x10i").String(), "(0 + 16i)");
  EXPECT_EQ(Imag("0b101i").String(), "(0 + 5i)");
  EXPECT_EQ(Imag("0o17i").String(), "(0 + 15i)");
  EXPECT_EQ(Imag("0x1p-2i").String(), "(0 + 0.25i)");
  EXPECT_EQ(Imag("1_000i").String(), "(0 + 1000i)");
  EXPECT_EQ(Imag("1i").kind(), Value::Kind::Complex);
}

TEST(ComplexConstant, Arithmetic) {
  Value a = Cplx(1, 2), b = Cplx(3, -4);
  EXPECT_EQ(Op(a, TK::Add, b).String(), "(4 + -2i)");
  EXPECT_EQ(Op(a, TK::Sub, b).String(), "(-2 + 6i)");
  EXPECT_EQ(Op(a, TK::Mul, b).String(), "(11 + 2i)");
  // (1+2i)/(3-4i) = (-5 + 10i)/25, exactly.
  Value q = Op(a, TK::Div, b);
  EXPECT_EQ(q.String(), "(-0.2 + 0.4i)");
  EXPECT_EQ(q.ExactString(), "(-1/5 + 2/5i)");
  // Mixed with integers and floats: the other operand becomes complex.
  EXPECT_EQ(Op(Int(1), TK::Add, Imag("1i")).String(), "(1 + 1i)");
  EXPECT_EQ(Op(Float("0.5"), TK::Mul, a).String(), "(0.5 + 1i)");
  EXPECT_EQ(Op(Int(1), TK::Div, Imag("3i")).String(), "(0 + -0.333333i)");
  EXPECT_EQ(UnaryOp(TK::Sub, a, 0).String(), "(-1 + -2i)");
  EXPECT_EQ(UnaryOp(TK::Add, a, 0).String(), "(1 + 2i)");
  // Operators other than + - * / are not defined on complex values.
  EXPECT_TRUE(Op(a, TK::Rem, b).IsUnknown());
  EXPECT_TRUE(UnaryOp(TK::Xor, a, 0).IsUnknown());
}

TEST(ComplexConstant, DivisionByZero) {
  // The checker reports division by zero; the arithmetic gives an unknown value rather
  // than failing.
  EXPECT_EQ(Value::MakeComplex(Int(0), Int(0)).Sign(), 0);
  EXPECT_NE(Imag("1i").Sign(), 0);
  EXPECT_TRUE(Op(Cplx(1, 1), TK::Div, Imag("0i")).IsUnknown());
  EXPECT_TRUE(Op(Int(1), TK::Div, Int(0)).IsUnknown());
  // A divisor whose squared parts underflow to zero (issue 20227).
  EXPECT_TRUE(Op(Int(1), TK::Div, Imag("1e-600000000i")).IsUnknown());
}

TEST(ComplexConstant, Compare) {
  Value a = Cplx(1, 2);
  EXPECT_TRUE(Compare(a, TK::Eql, Op(Int(1), TK::Add, Imag("2i"))));
  EXPECT_FALSE(Compare(a, TK::Neq, Cplx(1, 2)));
  EXPECT_TRUE(Compare(a, TK::Neq, Cplx(1, 3)));
  EXPECT_TRUE(Compare(Cplx(2, 0), TK::Eql, Int(2)));
  EXPECT_TRUE(Compare(Float("2.0"), TK::Eql, Cplx(2, 0)));
  // Complex values are not ordered.
  EXPECT_FALSE(Compare(Cplx(1, 0), TK::Lss, Cplx(2, 0)));
}

TEST(ComplexConstant, PartsAndConversions) {
  Value a = Op(Float("2.5"), TK::Add, Imag("3i"));
  EXPECT_EQ(a.Real().String(), "2.5");
  EXPECT_EQ(a.Imag().String(), "3");
  EXPECT_EQ(Int(7).Real().String(), "7");
  EXPECT_EQ(Int(7).Imag().String(), "0");
  EXPECT_EQ(Int(7).ToComplex().String(), "(7 + 0i)");
  EXPECT_TRUE(Value::MakeBool(true).ToComplex().IsUnknown());
  // A zero imaginary part converts to an integer or float; any other does not.
  Value whole = Cplx(256, 0);
  EXPECT_TRUE(whole.IsIntegral());
  EXPECT_EQ(whole.ToInt().String(), "256");
  EXPECT_EQ(whole.ToFloat().String(), "256");
  EXPECT_FALSE(Cplx(1, 2).IsIntegral());
  EXPECT_TRUE(Cplx(1, 2).ToInt().IsUnknown());
  EXPECT_TRUE(Cplx(1, 2).ToFloat().IsUnknown());
  Value half = Op(Float("2.5"), TK::Add, Imag("0i"));
  EXPECT_FALSE(half.IsIntegral());
  EXPECT_EQ(half.ToFloat().String(), "2.5");
  // Shifting a complex constant with an integral value is shifting the integer.
  EXPECT_EQ(Shift(Cplx(1, 0), TK::Shl, 3).String(), "8");
  // Rounding the parts as complex64 and complex128 constants hold them.
  EXPECT_EQ(RoundFloat32(Float("0.1")).ExactString(), "13421773/134217728");
  EXPECT_EQ(RoundFloat64(Float("0.1")).ExactString(), "3602879701896397/36028797018963968");
}

TEST(ComplexConstant, CopiesShareNothingMutable) {
  Value a = Cplx(1, 2);
  Value b(a);
  Value c = std::move(a);
  EXPECT_EQ(b.String(), "(1 + 2i)");
  EXPECT_EQ(c.String(), "(1 + 2i)");
  EXPECT_TRUE(a.IsUnknown()); // NOLINT(bugprone-use-after-move): a moved-from value is Unknown
}

} // namespace
} // namespace talpa::types
