// run

// nbody: float64 arithmetic. The classic model of the Sun and the four giant planets:
// advance the system by a leapfrog step `steps` times and print its energy before and
// after, as println prints a float64. With no imports there is no math.Sqrt: sqrt below
// is a plain Go square root (range reduction by powers of 4, a linear first guess and
// four Newton steps), so the inner loop's cost is its divisions and a short loop, not one
// SQRTSD instruction as with math.Sqrt.
package main

const (
	pi          = 3.141592653589793
	solarMass   = 4 * pi * pi
	daysPerYear = 365.24
	steps       = 5000000
)

// Body is a point mass with position, velocity (per year) and mass (in solar masses times
// 4π²).
type Body struct {
	x, y, z, vx, vy, vz, mass float64
}

// System is the set of bodies the simulation advances.
type System struct {
	bodies []Body
}

// sqrt returns √x for x >= 0 to within an ulp or so; 0 for x <= 0.
func sqrt(x float64) float64 {
	if x <= 0 {
		return 0
	}
	// x = m·4^k with m in [0.25, 1), so √x = √m·2^k.
	scale := 1.0
	for x >= 1 {
		x *= 0.25
		scale *= 2
	}
	for x < 0.25 {
		x *= 4
		scale *= 0.5
	}
	// A linear guess good to 3% on [0.25, 1); each Newton step about squares the
	// relative error (4e-4, 1e-7, 5e-15, then the last ulp).
	y := 0.343 + 0.6865*x
	y = 0.5 * (y + x/y)
	y = 0.5 * (y + x/y)
	y = 0.5 * (y + x/y)
	y = 0.5 * (y + x/y)
	return y * scale
}

func newSystem() *System {
	s := &System{bodies: []Body{
		{mass: 1}, // the Sun
		{ // Jupiter
			x:    4.84143144246472090e+00,
			y:    -1.16032004402742839e+00,
			z:    -1.03622044471123109e-01,
			vx:   1.66007664274403694e-03,
			vy:   7.69901118419740425e-03,
			vz:   -6.90460016972063023e-05,
			mass: 9.54791938424326609e-04,
		},
		{ // Saturn
			x:    8.34336671824457987e+00,
			y:    4.12479856412430479e+00,
			z:    -4.03523417114321381e-01,
			vx:   -2.76742510726862411e-03,
			vy:   4.99852801234917238e-03,
			vz:   2.30417297573763929e-05,
			mass: 2.85885980666130812e-04,
		},
		{ // Uranus
			x:    1.28943695621391310e+01,
			y:    -1.51111514016986312e+01,
			z:    -2.23307578892655734e-01,
			vx:   2.96460137564761618e-03,
			vy:   2.37847173959480950e-03,
			vz:   -2.96589568540237556e-05,
			mass: 4.36624404335156298e-05,
		},
		{ // Neptune
			x:    1.53796971148509165e+01,
			y:    -2.59193146099879641e+01,
			z:    1.79258772950371181e-01,
			vx:   2.68067772490389322e-03,
			vy:   1.62824170038242295e-03,
			vz:   -9.51592254519715870e-05,
			mass: 5.15138902046611451e-05,
		},
	}}
	// The table has velocities per day and masses in solar masses. Converting them
	// here, in float64 arithmetic, rather than in exact constant expressions keeps
	// the C port's starting values bit for bit the same as these.
	for i := range s.bodies {
		b := &s.bodies[i]
		b.vx *= daysPerYear
		b.vy *= daysPerYear
		b.vz *= daysPerYear
		b.mass *= solarMass
	}
	s.offsetMomentum()
	return s
}

// offsetMomentum gives the Sun the velocity that makes the total momentum zero.
func (s *System) offsetMomentum() {
	var px, py, pz float64
	for _, b := range s.bodies {
		px += b.vx * b.mass
		py += b.vy * b.mass
		pz += b.vz * b.mass
	}
	sun := &s.bodies[0]
	sun.vx = -px / solarMass
	sun.vy = -py / solarMass
	sun.vz = -pz / solarMass
}

// energy is the system's kinetic plus potential energy.
func (s *System) energy() float64 {
	e := 0.0
	for i := range s.bodies {
		b := &s.bodies[i]
		e += 0.5 * b.mass * (b.vx*b.vx + b.vy*b.vy + b.vz*b.vz)
		for j := i + 1; j < len(s.bodies); j++ {
			b2 := &s.bodies[j]
			dx := b.x - b2.x
			dy := b.y - b2.y
			dz := b.z - b2.z
			e -= b.mass * b2.mass / sqrt(dx*dx+dy*dy+dz*dz)
		}
	}
	return e
}

// advance moves the system forward by dt: velocities from the pairwise forces, then
// positions from the new velocities.
func (s *System) advance(dt float64) {
	bodies := s.bodies
	for i := range bodies {
		b := &bodies[i]
		for j := i + 1; j < len(bodies); j++ {
			b2 := &bodies[j]
			dx := b.x - b2.x
			dy := b.y - b2.y
			dz := b.z - b2.z
			d2 := dx*dx + dy*dy + dz*dz
			mag := dt / (d2 * sqrt(d2))
			b.vx -= dx * b2.mass * mag
			b.vy -= dy * b2.mass * mag
			b.vz -= dz * b2.mass * mag
			b2.vx += dx * b.mass * mag
			b2.vy += dy * b.mass * mag
			b2.vz += dz * b.mass * mag
		}
	}
	for i := range bodies {
		b := &bodies[i]
		b.x += dt * b.vx
		b.y += dt * b.vy
		b.z += dt * b.vz
	}
}

func main() {
	s := newSystem()
	println(s.energy())
	for i := 0; i < steps; i++ {
		s.advance(0.01)
	}
	println(s.energy())
}
