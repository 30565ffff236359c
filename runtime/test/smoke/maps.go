package main

type key struct {
	a int32
	_ int32
	s string
}

func main() {
	// int64 keys: growth, lookup, delete, iteration.
	m := make(map[int64]int64)
	for i := int64(0); i < 100000; i++ {
		m[i*7] = i
	}
	var sum int64
	n := 0
	for k, v := range m {
		sum += k - v
		n++
	}
	println(len(m), n, sum)
	for i := int64(0); i < 100000; i += 2 {
		delete(m, i*7)
	}
	v, ok := m[21]
	println(len(m), m[7], m[14], v, ok)

	// string keys
	s := make(map[string]int)
	buf := []byte("key-000")
	for i := 0; i < 1000; i++ {
		buf[4] = byte('0' + i/100)
		buf[5] = byte('0' + i/10%10)
		buf[6] = byte('0' + i%10)
		s[string(buf)] = i
	}
	println(len(s), s["key-123"], s["key-999"], s["nope"])

	// float keys: NaN and signed zeros
	var z float64
	nan := z / z
	negz := -z
	f := map[float64]int{}
	f[nan] = 1
	f[nan] = 2
	f[z] = 3
	f[negz] = 4
	nans := 0
	for k := range f {
		if k != k {
			nans++
		}
	}
	_, found := f[nan]
	println(len(f), nans, f[0], found)
	delete(f, nan)
	println(len(f))
	for k := range f {
		delete(f, k)
	}
	println(len(f))

	// iteration order varies
	small := map[int]int{}
	for i := 0; i < 100; i++ {
		small[i] = i
	}
	first := -1
	differs := false
	for try := 0; try < 20; try++ {
		for k := range small {
			if first < 0 {
				first = k
			} else if k != first {
				differs = true
			}
			break
		}
	}
	println(differs)

	// nil map reads and deletes
	var nm map[int]int
	delete(nm, 5)
	println(nm[5], len(nm))

	// interface keys
	im := map[interface{}]int{}
	im[1] = 1
	im["a"] = 2
	im[int64(1)] = 3
	im[nil] = 4
	println(len(im), im[1], im["a"], im[int64(1)], im[int32(1)], im[nil])

	// struct keys (the blank field is not part of the key)
	km := map[key]int{}
	km[key{a: 1, s: "x"}] = 5
	km[key{a: 1, s: "x"}]++
	km[key{a: 2, s: "x"}] = 7
	println(len(km), km[key{a: 1, s: "x"}])

	// delete during iteration
	d := map[int]int{}
	for i := 0; i < 1000; i++ {
		d[i] = i
	}
	seen := 0
	for k := range d {
		seen++
		delete(d, k)
		delete(d, 999-k)
	}
	println(seen, len(d))
}
