// Complex division; mirrors runtime/complex.go.
//
// The compiler lowers +, - and * on complex numbers inline; division calls here, because
// Go defines it as Smith's algorithm (Robert L. Smith, "Algorithm 116: Complex division",
// CACM 5(8), 1962), which scales by the larger part of the divisor so that the
// intermediate products neither overflow nor lose precision needlessly, followed by
// C99's Annex G.5.1 fix-up when both parts come out NaN:
//
//     divisor zero, dividend not NaN   -> infinities signed by the dividend's parts
//     dividend infinite, divisor finite -> infinities
//     divisor infinite, dividend finite -> zeros
//
// complex64 division converts both operands to complex128, divides here and rounds back,
// as gc does.
#include "runtime.h"

namespace runtime {

namespace {

bool isNaN(double f) { return __builtin_isnan(f); }
bool isInf(double f) { return __builtin_isinf(f); }
bool isFinite(double f) { return !isNaN(f) && !isInf(f); }

// A signed 1 for an infinity, a signed 0 otherwise, the sign being f's. Go: inf2one.
double inf2one(double f) { return __builtin_copysign(isInf(f) ? 1.0 : 0.0, f); }

} // namespace

// Complex128Div writes (nr + ni·i) / (mr + mi·i) to out[0] (real) and out[1] (imaginary).
// Go: complex128div. Runs on any goroutine.
extern "C" void Complex128Div(void *out, double nr, double ni, double mr, double mi) {
  double e, f;
  if (__builtin_fabs(mr) >= __builtin_fabs(mi)) {
    double ratio = mi / mr;
    double denom = mr + ratio * mi;
    e = (nr + ni * ratio) / denom;
    f = (ni - nr * ratio) / denom;
  } else {
    double ratio = mr / mi;
    double denom = mi + ratio * mr;
    e = (nr * ratio + ni) / denom;
    f = (ni * ratio - nr) / denom;
  }
  if (isNaN(e) && isNaN(f)) {
    double a = nr, b = ni, c = mr, d = mi;
    const double inf = __builtin_inf();
    if (c == 0 && d == 0 && (!isNaN(a) || !isNaN(b))) {
      e = __builtin_copysign(inf, c) * a;
      f = __builtin_copysign(inf, c) * b;
    } else if ((isInf(a) || isInf(b)) && isFinite(c) && isFinite(d)) {
      a = inf2one(a);
      b = inf2one(b);
      e = inf * (a * c + b * d);
      f = inf * (b * c - a * d);
    } else if ((isInf(c) || isInf(d)) && isFinite(a) && isFinite(b)) {
      c = inf2one(c);
      d = inf2one(d);
      e = 0 * (a * c + b * d);
      f = 0 * (b * c - a * d);
    }
  }
  auto *r = static_cast<double *>(out);
  r[0] = e;
  r[1] = f;
}

} // namespace runtime
