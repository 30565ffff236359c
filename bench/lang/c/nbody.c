/* nbody.c: the C port of ../nbody.go: the same bodies, the same leapfrog step in the
 * same order of operations, and the same hand-written square root (not libm's sqrt, so
 * that both do the same work and print the same digits). */
#include "goprint.h"

#define PI 3.141592653589793
#define SOLAR_MASS (4 * PI * PI)
#define DAYS_PER_YEAR 365.24
enum { steps = 5000000 };

typedef struct {
  double x, y, z, vx, vy, vz, mass;
} Body;

typedef struct {
  Body *bodies;
  long n;
} System;

/* own_sqrt returns the square root of x >= 0 to within an ulp or so; 0 for x <= 0. */
static double own_sqrt(double x) {
  if (x <= 0) return 0;
  /* x = m*4^k with m in [0.25, 1), so sqrt(x) = sqrt(m)*2^k. */
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

static Body solar_bodies[] = {
    {0, 0, 0, 0, 0, 0, 1}, /* the Sun */
    {                      /* Jupiter */
     4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
     1.66007664274403694e-03, 7.69901118419740425e-03, -6.90460016972063023e-05,
     9.54791938424326609e-04},
    {/* Saturn */
     8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
     -2.76742510726862411e-03, 4.99852801234917238e-03, 2.30417297573763929e-05,
     2.85885980666130812e-04},
    {/* Uranus */
     1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
     2.96460137564761618e-03, 2.37847173959480950e-03, -2.96589568540237556e-05,
     4.36624404335156298e-05},
    {/* Neptune */
     1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
     2.68067772490389322e-03, 1.62824170038242295e-03, -9.51592254519715870e-05,
     5.15138902046611451e-05},
};

/* offset_momentum gives the Sun the velocity that makes the total momentum zero. */
static void offset_momentum(System *s) {
  double px = 0, py = 0, pz = 0;
  for (long i = 0; i < s->n; i++) {
    Body b = s->bodies[i];
    px += b.vx * b.mass;
    py += b.vy * b.mass;
    pz += b.vz * b.mass;
  }
  Body *sun = &s->bodies[0];
  sun->vx = -px / SOLAR_MASS;
  sun->vy = -py / SOLAR_MASS;
  sun->vz = -pz / SOLAR_MASS;
}

/* energy is the system's kinetic plus potential energy. */
static double energy(const System *s) {
  double e = 0.0;
  for (long i = 0; i < s->n; i++) {
    const Body *b = &s->bodies[i];
    e += 0.5 * b->mass * (b->vx * b->vx + b->vy * b->vy + b->vz * b->vz);
    for (long j = i + 1; j < s->n; j++) {
      const Body *b2 = &s->bodies[j];
      double dx = b->x - b2->x;
      double dy = b->y - b2->y;
      double dz = b->z - b2->z;
      e -= b->mass * b2->mass / own_sqrt(dx * dx + dy * dy + dz * dz);
    }
  }
  return e;
}

/* advance moves the system forward by dt: velocities from the pairwise forces, then
 * positions from the new velocities. */
static void advance(System *s, double dt) {
  Body *bodies = s->bodies;
  long n = s->n;
  for (long i = 0; i < n; i++) {
    Body *b = &bodies[i];
    for (long j = i + 1; j < n; j++) {
      Body *b2 = &bodies[j];
      double dx = b->x - b2->x;
      double dy = b->y - b2->y;
      double dz = b->z - b2->z;
      double d2 = dx * dx + dy * dy + dz * dz;
      double mag = dt / (d2 * own_sqrt(d2));
      b->vx -= dx * b2->mass * mag;
      b->vy -= dy * b2->mass * mag;
      b->vz -= dz * b2->mass * mag;
      b2->vx += dx * b->mass * mag;
      b2->vy += dy * b->mass * mag;
      b2->vz += dz * b->mass * mag;
    }
  }
  for (long i = 0; i < n; i++) {
    Body *b = &bodies[i];
    b->x += dt * b->vx;
    b->y += dt * b->vy;
    b->z += dt * b->vz;
  }
}

int main(void) {
  System s = {solar_bodies, sizeof solar_bodies / sizeof solar_bodies[0]};
  /* Velocities per day to per year, masses in solar masses to 4*pi^2 units. */
  for (long i = 0; i < s.n; i++) {
    Body *b = &s.bodies[i];
    b->vx *= DAYS_PER_YEAR;
    b->vy *= DAYS_PER_YEAR;
    b->vz *= DAYS_PER_YEAR;
    b->mass *= SOLAR_MASS;
  }
  offset_momentum(&s);
  go_float(energy(&s));
  go_endl();
  for (int i = 0; i < steps; i++)
    advance(&s, 0.01);
  go_float(energy(&s));
  go_endl();
  return 0;
}
