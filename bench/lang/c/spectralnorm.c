/* spectralnorm.c: the C port of ../spectralnorm.go: the same matrix, the same loops and
 * summation order, and the same hand-written square root at the end. */
#include <stdlib.h>

#include "goprint.h"

enum { n = 4000 };

/* a is the matrix element at row i, column j (Go's int is 64 bits). */
static double a(long long i, long long j) {
  return 1 / (double)((i + j) * (i + j + 1) / 2 + i + 1);
}

/* mul_av sets av = A*v. */
static void mul_av(const double *v, double *av, long long len) {
  for (long long i = 0; i < len; i++) {
    double sum = 0.0;
    for (long long j = 0; j < len; j++)
      sum += a(i, j) * v[j];
    av[i] = sum;
  }
}

/* mul_atv sets atv = transpose(A)*v. */
static void mul_atv(const double *v, double *atv, long long len) {
  for (long long i = 0; i < len; i++) {
    double sum = 0.0;
    for (long long j = 0; j < len; j++)
      sum += a(j, i) * v[j];
    atv[i] = sum;
  }
}

/* mul_atav sets atav = transpose(A)*A*v, using tmp for A*v. */
static void mul_atav(const double *v, double *atav, double *tmp, long long len) {
  mul_av(v, tmp, len);
  mul_atv(tmp, atav, len);
}

/* own_sqrt returns the square root of x >= 0 to within an ulp or so; 0 for x <= 0. */
static double own_sqrt(double x) {
  if (x <= 0) return 0;
  double scale = 1.0;
  while (x >= 1) {
    x *= 0.25;
    scale *= 2;
  }
  while (x < 0.25) {
    x *= 4;
    scale *= 0.5;
  }
  double y = 0.343 + 0.6865 * x;
  y = 0.5 * (y + x / y);
  y = 0.5 * (y + x / y);
  y = 0.5 * (y + x / y);
  y = 0.5 * (y + x / y);
  return y * scale;
}

int main(void) {
  /* Go's make zeroes the slices. */
  double *u = calloc(n, sizeof(double));
  double *v = calloc(n, sizeof(double));
  double *tmp = calloc(n, sizeof(double));
  if (!u || !v || !tmp) return 1;
  for (long long i = 0; i < n; i++)
    u[i] = 1;
  for (int i = 0; i < 10; i++) {
    mul_atav(u, v, tmp, n);
    mul_atav(v, u, tmp, n);
  }
  double vbv = 0, vv = 0;
  for (long long i = 0; i < n; i++) {
    vbv += u[i] * v[i];
    vv += v[i] * v[i];
  }
  go_float(own_sqrt(vbv / vv));
  go_endl();
  free(u);
  free(v);
  free(tmp);
  return 0;
}
