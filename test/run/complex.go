// run

// Complex numbers: complex64 and complex128 arithmetic (division with gc's handling of
// zeros, infinities and NaNs), comparison, conversions, constants, real/imag/complex,
// printing, and complex values in structs, arrays, slices and maps.
package main

type Pt struct {
	c    complex64
	name string
	z    [2]complex128
}

func div(a, b complex128) complex128 { return a / b }

func div64(a, b complex64) complex64 { return a / b }

func mul(a, b complex128) complex128 { return a * b }

func parts(c complex128) (float64, float64) { return real(c), imag(c) }

func main() {
	var a complex128 = complex(1, 2)
	b := 3 - 4i
	println(a, b)
	println(a+b, a-b, a*b, a/b)
	println(-a, a == b, a != b, a == complex(1, 2))
	re, im := parts(a * b)
	println(re, im)
	var c64 complex64 = complex64(a)
	d64 := complex64(2.5 + 0.5i)
	println(c64, d64, c64*d64, c64/d64, c64+d64)
	println(complex128(c64) == a, real(c64), imag(d64))
	var f32 float32 = 1.25
	c64 = complex(f32, -f32)
	println(c64)

	// Division by zero and by infinities, as gc.
	zero := 0.0
	inf := 1 / zero
	nan := zero / zero
	println(div(1+1i, 0))
	println(div(complex(inf, 1), 2+3i))
	println(div(1+1i, complex(inf, inf)))
	println(div(complex(nan, nan), 1))
	println(div(0, 0))
	println(div(complex(-1, 0), complex(zero, 0)))
	println(div64(1, 0), div64(3+4i, 1-2i))
	println(mul(complex(inf, 0), 1i))
	nc := complex(nan, 0)
	println(nc == nc, nc != nc)

	// Compound assignment and ++.
	acc := 1 + 1i
	acc += 2i
	acc *= 2
	acc -= 1
	acc /= 1i
	acc++
	println(acc)

	// In memory.
	p := Pt{c: 1 + 2i, name: "p"}
	p.z[1] = 5i
	p.c *= 2
	println(p.c, p.z[0], p.z[1], p.name)
	s := []complex128{1, 2i, 3 + 3i}
	s = append(s, 4)
	sum := complex128(0)
	for _, v := range s {
		sum += v
	}
	println(sum, len(s))
	arr := [3]complex64{1i, 2i}
	arr[2] = arr[0] * arr[1]
	println(arr[2], arr == [3]complex64{1i, 2i, -2})
	m := map[complex64]int{1i: 1}
	m[1i]++
	println(m[1i], m[2i])
	const k = 2 + 3i
	var kc complex64 = k * k
	println(kc, real(k), imag(k))
}
