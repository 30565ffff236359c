// The print/println builtins; mirrors runtime/print.go.
//
// The compiler lowers print(a, b) to printlock; print<kind>(a); print<kind>(b);
// printunlock, and println additionally puts printsp between operands and printnl at the
// end. Every function here formats one value into a small stack buffer and hands it to
// gwrite, which writes straight to standard error: each call writes its value at once
// (a negative printint writes the sign, then the digits, as gc does), and calls appear in
// program order because nothing is buffered across them.
//
// The formats are gc's, byte for byte (they differ from fmt's): integers in decimal,
// pointers as 0x + lowercase hex, floats as +d.dddddde+ddd with 7 significant digits
// computed by gc's own (slightly inexact) repeated-division algorithm, which we reproduce
// step for step rather than "improve", so that outputs match.
//
// printlock serialises whole print statements across threads: the first printlock of an
// M takes a runtime mutex, nested ones (a print inside a print's evaluation on the same
// M) only count, as in gc. Not yet: gc's diverting of a panicking goroutine's output
// into a per-g buffer (recordForPanic).
#include "proc.h"

namespace runtime {

// Runs on any thread; each call is one write, so concurrent calls do not interleave
// inside a call (they may between calls until printlock is real).
void gwrite(const void *p, intptr_t n) {
  if (n <= 0) return;
  write1(2, p, static_cast<int32_t>(n));
}

void printcstr(const char *s) { gwrite(s, findnull(reinterpret_cast<const uint8_t *>(s))); }

// printuint64 writes v in decimal. Go: printuint. Runs on any thread.
void printuint64(uint64_t v) {
  uint8_t buf[24];
  int i = sizeof buf;
  do {
    buf[--i] = static_cast<uint8_t>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  gwrite(buf + i, static_cast<intptr_t>(sizeof buf) - i);
}

// printhex writes v as 0x followed by lowercase hex digits, at least one. Go: printhex
// (minhexdigits is 0 outside tracebacks). Runs on any thread.
void printhex(uint64_t v) {
  static constexpr char dig[] = "0123456789abcdef";
  uint8_t buf[24];
  int i = sizeof buf;
  do {
    buf[--i] = static_cast<uint8_t>(dig[v % 16]);
    v /= 16;
  } while (v != 0);
  buf[--i] = 'x';
  buf[--i] = '0';
  gwrite(buf + i, static_cast<intptr_t>(sizeof buf) - i);
}

namespace {
mutex debuglock;

// The M running, or nullptr before the scheduler exists (the unit tests' thread).
m *currentm() {
  g *gp = getg();
  return gp != nullptr ? gp->m_ : nullptr;
}
} // namespace

// Runs on any goroutine (or g0).
extern "C" void PrintLock() {
  m *mp = currentm();
  if (mp == nullptr) return;
  if (mp->printlock++ == 0) lock(&debuglock);
}

extern "C" void PrintUnlock() {
  m *mp = currentm();
  if (mp == nullptr) return;
  if (--mp->printlock == 0) unlock(&debuglock);
}

extern "C" void PrintString(void *p, int64_t n) { gwrite(p, n); }

extern "C" void PrintSp() { gwrite(" ", 1); }

extern "C" void PrintNl() { gwrite("\n", 1); }

extern "C" void PrintBool(uint8_t v) { printcstr(v ? "true" : "false"); }

extern "C" void PrintUint(uint64_t v) { printuint64(v); }

// Go's printint negates in int64 arithmetic, which wraps for the minimum value; the
// unsigned negation below gives the same digits without C++'s overflow.
extern "C" void PrintInt(int64_t v) {
  uint64_t u = static_cast<uint64_t>(v);
  if (v < 0) {
    gwrite("-", 1);
    u = 0 - u;
  }
  printuint64(u);
}

extern "C" void PrintPointer(void *p) { printhex(reinterpret_cast<uintptr_t>(p)); }

// PrintFloat is gc's printfloat, operation for operation: normalise v into [1, 10) by
// repeated division or multiplication by 10 (counting the exponent), add half a unit of
// the 7th digit, then peel off 7 digits. Each step must round exactly as Go's float64
// arithmetic does, so this file is built with -ffp-contract=off (no fused multiply-add).
// Runs on any thread.
extern "C" void PrintFloat(double v) {
  if (v != v) {
    printcstr("NaN");
    return;
  }
  if (v + v == v && v > 0) {
    printcstr("+Inf");
    return;
  }
  if (v + v == v && v < 0) {
    printcstr("-Inf");
    return;
  }

  constexpr int n = 7; // digits printed
  uint8_t buf[n + 7];
  buf[0] = '+';
  int e = 0; // decimal exponent
  if (v == 0) {
    if (1 / v < 0) buf[0] = '-';
  } else {
    if (v < 0) {
      v = -v;
      buf[0] = '-';
    }
    // normalise
    while (v >= 10) {
      e++;
      v /= 10;
    }
    while (v < 1) {
      e--;
      v *= 10;
    }
    // round
    double h = 5.0;
    for (int i = 0; i < n; i++)
      h /= 10;
    v += h;
    if (v >= 10) {
      e++;
      v /= 10;
    }
  }

  // format +d.dddddde+ddd
  for (int i = 0; i < n; i++) {
    int64_t s = static_cast<int64_t>(v);
    buf[i + 2] = static_cast<uint8_t>(s + '0');
    v -= static_cast<double>(s);
    v *= 10;
  }
  buf[1] = buf[2];
  buf[2] = '.';

  buf[n + 2] = 'e';
  buf[n + 3] = '+';
  if (e < 0) {
    e = -e;
    buf[n + 3] = '-';
  }
  buf[n + 4] = static_cast<uint8_t>(e / 100 + '0');
  buf[n + 5] = static_cast<uint8_t>(e / 10 % 10 + '0');
  buf[n + 6] = static_cast<uint8_t>(e % 10 + '0');
  gwrite(buf, sizeof buf);
}

} // namespace runtime
