// run

// Arrays: value semantics (assignment, parameters, results, range over a copy), keyed and
// nested literals, [...]T, comparison, pointers to arrays (indexing, slicing, range,
// len without evaluation), large arrays in globals and on the heap.
package main

type Grid [3][4]int

type Pair struct {
	K string
	V [2]float64
}

var big [1 << 20]byte

var table = [...]string{2: "two", 0: "zero", "one", 5: "five"}

var primes = [8]int{2, 3, 5, 7, 11, 13, 17, 19}

func fill(g Grid) Grid {
	for i := range g {
		for j := range g[i] {
			g[i][j] = i*10 + j
		}
	}
	return g
}

func sum(a *[8]int) (s int) {
	for _, v := range a {
		s += v
	}
	return
}

var calls int

func arr() *[4]int {
	calls++
	return nil
}

func main() {
	var g Grid
	h := fill(g)
	println(g[2][3], h[2][3], len(h), len(h[0]))
	h2 := h
	h2[1][1] = -1
	println(h[1][1], h2[1][1], h == h2, h != h2)
	h2[1][1] = 11
	println(h == h2)

	println(len(table), table[0], table[1], table[2], table[3] == "", table[5])
	println(sum(&primes), primes[7])

	a := [5]int{1, 2, 3, 4, 5}
	for i, v := range a {
		a[4-i] = v // ranges over a copy
	}
	println(a[0], a[1], a[2], a[3], a[4])
	b := [5]int{1, 2, 3, 4, 5}
	for i, v := range &b {
		b[4-i] = v // ranges over b itself
	}
	println(b[0], b[1], b[2], b[3], b[4])

	ps := [2]Pair{{"x", [2]float64{1.5, 2.5}}, {K: "y"}}
	println(ps[0].K, ps[0].V[1], ps[1].K, ps[1].V[0])
	ps2 := ps
	println(ps == ps2)
	ps2[1].V[1] = 0.5
	println(ps == ps2)

	// len of a pointer to an array needs no pointer, and range without a value does not
	// dereference it.
	var np *[4]int
	println(len(np), cap(np))
	n := 0
	for i := range np {
		n += i
	}
	println(n)
	for range arr() {
		n++
	}
	println(n, calls)

	big[len(big)-1] = 7
	s := big[1<<19:]
	println(len(s), s[len(s)-1])
	hp := new([1 << 16]int)
	hp[100] = 3
	println(hp[100], len(hp))

	var e [0]int
	println(len(e), e == [0]int{})
	ptr := &a
	ptr[2] = 42
	println(a[2], (*ptr)[2])
	sl := ptr[1:3]
	sl[0] = 9
	println(a[1], len(sl), cap(sl))
}
