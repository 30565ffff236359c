/* goprint.h: println-style output for the C ports of bench/lang, so that their output is
 * byte-for-byte what the Go programs print. Go's println writes to standard error,
 * separates its operands by one space and ends the line; it prints an integer in
 * decimal and a float64 as a sign, one digit, a point, six digits and a three-digit
 * exponent ("+1.234568e+000"). Its float conversion is not printf's %e: it normalises by
 * repeated division or multiplication by 10 and rounds by adding half a unit of the
 * seventh digit, in float64 arithmetic, and the last digit can differ from a correctly
 * rounded one, so it is redone here step by step. */
#ifndef GOPRINT_H
#define GOPRINT_H

#include <stdio.h>
#include <string.h>

static char go_line[512];
static size_t go_len;
static int go_operands; /* on the current line */

static inline void go_put(const char *s, size_t n) {
  if (go_len + n > sizeof go_line) n = sizeof go_line - go_len;
  memcpy(go_line + go_len, s, n);
  go_len += n;
}

/* go_sep starts an operand: a space before every operand but a line's first. */
static inline void go_sep(void) {
  if (go_operands++ > 0) go_put(" ", 1);
}

static inline void go_str(const char *s) {
  go_sep();
  go_put(s, strlen(s));
}

static inline void go_int(long long v) {
  char buf[24];
  go_sep();
  go_put(buf, (size_t)snprintf(buf, sizeof buf, "%lld", v));
}

static inline void go_uint(unsigned long long v) {
  char buf[24];
  go_sep();
  go_put(buf, (size_t)snprintf(buf, sizeof buf, "%llu", v));
}

static inline void go_float(double v) {
  enum { digits = 7 };
  char buf[digits + 7];
  go_sep();
  if (v != v) {
    go_put("NaN", 3);
    return;
  }
  if (v + v == v && v != 0) {
    go_put(v > 0 ? "+Inf" : "-Inf", 4);
    return;
  }
  buf[0] = '+';
  int exp = 0;
  if (v == 0) {
    if (1 / v < 0) buf[0] = '-';
  } else {
    if (v < 0) {
      buf[0] = '-';
      v = -v;
    }
    for (; v >= 10; v /= 10)
      exp++;
    for (; v < 1; v *= 10)
      exp--;
    double half = 5; /* half a unit of the last digit, 5/10^digits as Go computes it */
    for (int i = 0; i < digits; i++)
      half /= 10;
    v += half;
    if (v >= 10) {
      exp++;
      v /= 10;
    }
  }
  /* The digits go to buf[2..8]; the first then moves before the point. */
  for (int i = 0; i < digits; i++) {
    int d = (int)v;
    buf[i + 2] = (char)('0' + d);
    v = (v - d) * 10;
  }
  buf[1] = buf[2];
  buf[2] = '.';
  buf[digits + 2] = 'e';
  buf[digits + 3] = exp < 0 ? '-' : '+';
  if (exp < 0) exp = -exp;
  buf[digits + 4] = (char)('0' + exp / 100);
  buf[digits + 5] = (char)('0' + exp / 10 % 10);
  buf[digits + 6] = (char)('0' + exp % 10);
  go_put(buf, sizeof buf);
}

/* go_endl ends the line and writes it to standard error, as println does. */
static inline void go_endl(void) {
  go_put("\n", 1);
  fwrite(go_line, 1, go_len, stderr);
  go_len = 0;
  go_operands = 0;
}

#endif
