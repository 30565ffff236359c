/* mandelbrot.c: the C port of ../mandelbrot.go: the same bitmap, pixel by pixel, and
 * the same FNV-1a hash of its bytes. */
#include <stdint.h>
#include <stdlib.h>

#include "goprint.h"

enum { n = 4000, iterations = 50 };
#define LIMIT 2.0

/* in_set reports whether c = cr + ci*i stays within the limit for all iterations. */
static int in_set(double cr, double ci) {
  double zr = 0, zi = 0, tr = 0, ti = 0;
  for (int i = 0; i < iterations && tr + ti <= LIMIT * LIMIT; i++) {
    zi = 2 * zr * zi + ci;
    zr = tr - ti + cr;
    tr = zr * zr;
    ti = zi * zi;
  }
  return tr + ti <= LIMIT * LIMIT;
}

/* A 1-bit image, rows padded to whole bytes. */
typedef struct {
  long long width, height, stride;
  uint8_t *bits;
} Bitmap;

static Bitmap *new_bitmap(long long width, long long height) {
  Bitmap *b = malloc(sizeof *b);
  if (!b) exit(1);
  b->width = width;
  b->height = height;
  b->stride = (width + 7) / 8;
  b->bits = calloc((size_t)(b->stride * height), 1);
  if (!b->bits) exit(1);
  return b;
}

/* render draws the set into b, mapping pixel (x, y) to c = (2x/w - 1.5) + (2y/h - 1)i. */
static void render(Bitmap *b) {
  for (long long y = 0; y < b->height; y++) {
    double ci = 2 * (double)y / (double)b->height - 1;
    uint8_t *row = b->bits + y * b->stride;
    for (long long x = 0; x < b->width; x++) {
      double cr = 2 * (double)x / (double)b->width - 1.5;
      if (in_set(cr, ci)) row[x / 8] |= (uint8_t)(0x80 >> (x % 8));
    }
  }
}

/* hash is the 32-bit FNV-1a hash of the bitmap's bytes. */
static uint32_t hash(const Bitmap *b) {
  uint32_t h = 2166136261u;
  for (long long i = 0; i < b->stride * b->height; i++) {
    h ^= b->bits[i];
    h *= 16777619u;
  }
  return h;
}

int main(void) {
  Bitmap *b = new_bitmap(n, n);
  render(b);
  go_int(n);
  go_uint(hash(b));
  go_endl();
  free(b->bits);
  free(b);
  return 0;
}
