// Tests of complex division (runtime/complex.cpp) against gc 1.19's results, including
// the C99 Annex G corrections for zeros, infinities and NaNs.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "runtime.h"

namespace {

using runtime::Complex128Div;

struct C {
  double re, im;
};

C div(C n, C m) {
  double out[2];
  Complex128Div(out, n.re, n.im, m.re, m.im);
  return {out[0], out[1]};
}

constexpr double inf = std::numeric_limits<double>::infinity();
const double nan = std::nan("");

TEST(Complex128Div, Finite) {
  C r = div({1, 2}, {3, -4});
  EXPECT_DOUBLE_EQ(r.re, -0.2);
  EXPECT_DOUBLE_EQ(r.im, 0.4);
  r = div({3, 4}, {0, 2}); // |imag| > |real|: the other branch of Smith's algorithm
  EXPECT_DOUBLE_EQ(r.re, 2);
  EXPECT_DOUBLE_EQ(r.im, -1.5);
  // No overflow in the intermediate products where the naive formula would overflow.
  r = div({1e300, 1e300}, {1e300, 1e300});
  EXPECT_DOUBLE_EQ(r.re, 1);
  EXPECT_DOUBLE_EQ(r.im, 0);
}

TEST(Complex128Div, Zeros) {
  // gc prints these as (+Inf+Infi), (-InfNaNi) and (NaNNaNi).
  C r = div({1, 1}, {0, 0});
  EXPECT_EQ(r.re, inf);
  EXPECT_EQ(r.im, inf);
  r = div({-1, 0}, {0, 0});
  EXPECT_EQ(r.re, -inf);
  EXPECT_TRUE(std::isnan(r.im));
  r = div({0, 0}, {0, 0});
  EXPECT_TRUE(std::isnan(r.re) && std::isnan(r.im));
  r = div({1, 0}, {-0.0, 0}); // the sign of the zero divisor's real part counts
  EXPECT_EQ(r.re, -inf);
}

TEST(Complex128Div, Infinities) {
  C r = div({inf, 1}, {2, 3}); // gc: (+Inf-Infi)
  EXPECT_EQ(r.re, inf);
  EXPECT_EQ(r.im, -inf);
  r = div({1, 1}, {inf, inf}); // gc: (+0.000000e+000+0.000000e+000i)
  EXPECT_EQ(r.re, 0);
  EXPECT_EQ(r.im, 0);
  EXPECT_FALSE(std::signbit(r.re));
  r = div({nan, nan}, {1, 0});
  EXPECT_TRUE(std::isnan(r.re) && std::isnan(r.im));
}

} // namespace
