// run

// spectralnorm: float64 arithmetic and slices. The spectral norm of the infinite matrix
// A with a(i,j) = 1/((i+j)(i+j+1)/2 + i + 1), truncated to n×n, by the power method:
// ten rounds of v = AᵀA·u, u = AᵀA·v, then √(u·v / v·v). The square root is the one at
// the end, a plain Go one since there are no imports (see sqrt).
package main

const n = 4000

// a is the matrix element at row i, column j.
func a(i, j int) float64 {
	return 1 / float64((i+j)*(i+j+1)/2+i+1)
}

// mulAv sets av = A·v.
func mulAv(v, av []float64) {
	for i := range av {
		sum := 0.0
		for j, x := range v {
			sum += a(i, j) * x
		}
		av[i] = sum
	}
}

// mulAtv sets atv = Aᵀ·v.
func mulAtv(v, atv []float64) {
	for i := range atv {
		sum := 0.0
		for j, x := range v {
			sum += a(j, i) * x
		}
		atv[i] = sum
	}
}

// mulAtAv sets atav = AᵀA·v, using tmp for A·v.
func mulAtAv(v, atav, tmp []float64) {
	mulAv(v, tmp)
	mulAtv(tmp, atav)
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

func main() {
	u := make([]float64, n)
	v := make([]float64, n)
	tmp := make([]float64, n)
	for i := range u {
		u[i] = 1
	}
	for i := 0; i < 10; i++ {
		mulAtAv(u, v, tmp)
		mulAtAv(v, u, tmp)
	}
	var vBv, vv float64
	for i := range v {
		vBv += u[i] * v[i]
		vv += v[i] * v[i]
	}
	println(sqrt(vBv / vv))
}
