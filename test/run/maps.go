// run

// Maps: make with and without a hint, literals (constant entries, entries with calls in
// gc's order, more than 25 constant entries), reads of present and missing keys, comma-ok,
// assignment, op=, ++, delete, len, range (key, key and value, blank key, no variables),
// nil maps, keys of every fast path (int32, int64, pointer, string) and of the generic one
// (structs, arrays, floats with NaN and -0, complex, large keys and elements), maps of
// maps, structs and arrays as elements, maps in structs and slices.
package main

type P struct{ X, Y int }

type Big struct {
	a [20]int
	s string
}

type Rec struct {
	name string
	tags map[string]int
}

func trace(s string) string {
	println("eval", s)
	return s
}

func tracei(i int) int {
	println("evali", i)
	return i
}

func sumMap(m map[string]int) (n, total int) {
	for k, v := range m {
		n += len(k)
		total += v
	}
	return
}

var global = map[string]int{"one": 1, "two": 2, "three": 3}

var weekdays = map[string]int{
	"mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7,
	"a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "f": 6, "g": 7, "h": 8, "i": 9, "j": 10,
	"k": 11, "l": 12, "m": 13, "n": 14, "o": 15, "p": 16, "q": 17, "r": 18, "s": 19,
	"t": 20, "u": 21, "v": 22, "w": 23, "x": 24, "y": 25, "z": 26,
}

func main() {
	// Basic operations.
	m := make(map[string]int)
	m["a"] = 1
	m["b"] = 2
	m["a"] += 10
	m["c"]++
	m["c"]++
	m["b"] *= 7
	m["d"] -= 3
	println(len(m), m["a"], m["b"], m["c"], m["d"], m["missing"])
	v, ok := m["b"]
	println(v, ok)
	v, ok = m["nope"]
	println(v, ok)
	_, ok = m["a"]
	println(ok)
	delete(m, "b")
	delete(m, "not there")
	_, ok = m["b"]
	println(len(m), ok)
	println(sumMap(m))
	println(sumMap(global))
	println(len(weekdays), weekdays["sun"], weekdays["z"], weekdays["zz"])

	// Nil maps read as empty.
	var nm map[int]string
	println(len(nm), nm[3] == "", nm == nil)
	for k := range nm {
		println("never", k)
	}
	delete(nm, 1)
	_, ok = nm[1]
	println(ok)

	// Integer keys, growth, deletion during and after iteration.
	im := make(map[int]int, 100)
	for i := 0; i < 5000; i++ {
		im[i] = i * i
	}
	t := 0
	for k := range im {
		t += k
	}
	println(len(im), t, im[4999])
	for k := range im {
		if k%3 != 0 {
			delete(im, k)
		}
	}
	println(len(im), im[3], im[4])
	n := 0
	for range im {
		n++
	}
	println(n)

	// int32, pointer and array keys.
	m32 := map[int32]uint8{}
	for i := int32(-50); i < 50; i++ {
		m32[i*1000] = uint8(i)
	}
	println(len(m32), m32[-50000], m32[49000], m32[7])
	x, y := 1, 2
	pm := map[*int]string{&x: "x", &y: "y"}
	println(pm[&x], pm[&y], len(pm))
	am := map[[3]int]string{{1, 2, 3}: "abc"}
	am[[3]int{4, 5, 6}] = "def"
	println(am[[3]int{1, 2, 3}], am[[3]int{4, 5, 6}], am[[3]int{}] == "")

	// Struct keys and values.
	sm := map[P]P{{1, 2}: {3, 4}}
	sm[P{5, 6}] = P{7, 8}
	q := sm[P{1, 2}]
	println(q.X, q.Y, sm[P{5, 6}].Y, sm[P{0, 0}].X, len(sm))
	recs := map[string]Rec{}
	recs["r"] = Rec{"r", map[string]int{"t": 1}}
	println(recs["r"].name, recs["r"].tags["t"])

	// Large keys and elements are stored indirectly.
	bm := map[Big]Big{}
	var bk Big
	bk.a[19] = 5
	bk.s = "key"
	var bv Big
	bv.a[0] = 42
	bv.s = "value"
	bm[bk] = bv
	got := bm[bk]
	println(got.a[0], got.s, len(bm), bm[Big{}].s == "")

	// Floats: NaN is never found and each assignment adds an entry; -0 and +0 are one key.
	fm := map[float64]int{}
	zero := 0.0
	nan := zero / zero
	fm[nan] = 1
	fm[nan] = 2
	fm[1.5] = 3
	fm[-zero] = 4
	fm[zero] = 5
	_, found := fm[nan]
	println(len(fm), fm[nan], found, fm[1.5], fm[0])
	nans := 0
	for k, v := range fm {
		if k != k {
			nans += v
		}
	}
	println(nans)

	// Complex keys.
	cm := map[complex128]string{complex(1, 2): "1+2i"}
	cm[3i] = "3i"
	println(cm[1+2i], cm[3i], len(cm))

	// Maps of maps and slices.
	mm := map[string]map[string]int{}
	mm["a"] = map[string]int{}
	mm["a"]["b"] = 3
	mm["a"]["b"] += 4
	println(mm["a"]["b"], mm["x"]["y"], len(mm["x"]))
	ms := map[int][]int{}
	ms[1] = append(ms[1], 1, 2, 3)
	ms[1] = append(ms[1], 4)
	println(len(ms[1]), ms[1][3])
	arrs := []map[int]int{{1: 1}, {2: 4}}
	arrs[1][3] = 9
	println(arrs[0][1], arrs[1][2], arrs[1][3])

	// gc's order: the map literal's entries one by one, key calls before value calls.
	om := map[string]string{trace("k1"): trace("v1"), "k2": "v2", trace("k3"): trace("v3")}
	println(len(om), om["k1"], om["k2"], om["k3"])
	// A later dynamic entry replaces a constant entry with the same key.
	dm := map[int]string{tracei(2): "dynamic", 2: "static"}
	println(dm[2])
	// Tuple assignment: slots found at the store.
	sw := map[int]int{1: 10, 2: 20}
	sw[1], sw[2] = sw[2], sw[1]
	sw[3], sw[4] = 30, 40
	println(sw[1], sw[2], sw[3], sw[4], len(sw))
	// The assignment's right side is evaluated before the slot is made.
	lm := map[int]int{}
	lm[1] = len(lm)
	println(lm[1])
	// Iteration variables can be assigned to existing variables.
	var kk string
	var vv int
	for kk, vv = range map[string]int{"only": 9} {
	}
	println(kk, vv)
	// Division by zero panics before the key is inserted (mapaccess1, then mapassign).
	dz := map[string]int{"x": 7}
	dz["x"] /= 2
	dz["x"] %= 3
	println(dz["x"], len(dz))
}
