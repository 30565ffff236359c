// run

package main

func main() {
	x := 1.0
	f := func() int { x = 3; return 2 }
	a, b, c := complex(x, 0), f(), complex(x, 0)
	println(a, b, c)
	z := 1i
	g := func() int { z = 3i; return 5 }
	r, s, t := imag(z), g(), imag(z)
	println(r, s, t)
	z = 2
	h := func() int { z = 4; return 6 }
	u, v, w := real(z), h(), real(z)
	println(u, v, w)
	var c64 complex64 = 1 + 2i
	k := func() float32 { c64 = 5; return 1 }
	println(real(c64)+k(), imag(c64))
	defer func() {
		p, q := recover(), f()
		println(p.(string), q)
	}()
	panic("boom")
}
