// run

// Slices: make, 2- and 3-index slicing of slices, arrays and strings, append growth (gc's
// capacities for several element sizes), append of a slice and of a string, copy
// (overlapping, from a string), nil and empty slices, slices of slices, slice to array
// pointer conversion.
package main

type Rec struct {
	a, b, c int64
}

type Odd struct {
	x [3]byte
}

func caps() {
	var b []byte
	var i []int
	var r []Rec
	var o []Odd
	var s []string
	for k := 0; k < 2000; k++ {
		ob, oi, or, oo, os := cap(b), cap(i), cap(r), cap(o), cap(s)
		b = append(b, byte(k))
		i = append(i, k)
		r = append(r, Rec{a: int64(k)})
		o = append(o, Odd{})
		s = append(s, "x")
		if cap(b) != ob || cap(i) != oi || cap(r) != or || cap(o) != oo || cap(s) != os {
			println(k, cap(b), cap(i), cap(r), cap(o), cap(s))
		}
	}
	println(b[1999], i[1999], r[1999].a, len(o), s[1999])
}

func main() {
	caps()

	s := make([]int, 3, 10)
	println(len(s), cap(s), s == nil)
	t := s[1:5]
	println(len(t), cap(t))
	u := s[2:4:6]
	println(len(u), cap(u))
	u = append(u, 1, 2)
	println(len(u), cap(u), s[:6][5])
	u = append(u, 3) // beyond cap: a new array
	u[0] = 77
	println(s[2], u[0], len(u), cap(u))

	// append(s, t...) and append([]byte, string...).
	x := []int{1, 2, 3}
	x = append(x, x...)
	println(len(x), cap(x), x[5])
	bs := append([]byte("ab"), "cdef"...)
	println(string(bs), len(bs), cap(bs))
	var none []int
	none = append(none)
	println(none == nil, len(none))
	none = append(none, none...)
	println(none == nil)

	// copy.
	c := []int{0, 1, 2, 3, 4, 5, 6, 7}
	n := copy(c[2:], c)
	println(n, c[0], c[2], c[7])
	n = copy(c, c[5:])
	println(n, c[0], c[1], c[2])
	bb := make([]byte, 3)
	n = copy(bb, "hello")
	println(n, string(bb))

	// nil and empty.
	var ns []string
	es := []string{}
	println(ns == nil, es == nil, len(ns), len(es), cap(es))
	println(len(ns[0:0]), ns[:0] == nil)

	// Strings.
	str := "hello, world"
	println(str[7:], str[:5], str[3:8], len(str[12:]))

	// Slices of slices.
	m := make([][]int, 3)
	for k := range m {
		m[k] = make([]int, k+1)
		for j := range m[k] {
			m[k][j] = k * j
		}
	}
	println(len(m[2]), m[2][2], m[1][0])

	// To array pointers.
	arr := []int{10, 20, 30, 40}
	ap := (*[3]int)(arr)
	ap[0] = 11
	println(arr[0], len(ap), ap[2])
	var nilSlice []int
	println((*[0]int)(nilSlice) == nil, (*[0]int)(arr[:0]) != nil)

	// Range over a slice evaluates it once.
	grow := []int{1, 2}
	cnt := 0
	for range grow {
		grow = append(grow, 0)
		cnt++
	}
	println(cnt, len(grow))
}
