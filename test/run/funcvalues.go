// run

// Function values: top-level functions as values (assigned, passed, stored in structs,
// slices, arrays and package variables, returned), nil func values and comparison with
// nil, named func types, variadic func values, results in memory and several results
// through a func value, static initializers of func-typed package variables.
package main

type binop func(int, int) int

func add(a, b int) int { return a + b }
func sub(a, b int) int { return a - b }
func mul(a, b int) int { return a * b }

type pair struct {
	name string
	f    binop
}

var table = [...]pair{{"add", add}, {"sub", sub}, {"mul", mul}}
var ops = []binop{add, sub, mul}
var byIndex = [3]func(int, int) int{mul, sub, add}
var unset func()
var chosen = pick(1)
var lit = func(s string) string { return "<" + s + ">" }

func pick(i int) binop { return ops[i] }

func apply(f binop, x, y int) int { return f(x, y) }

func sum(prefix string, xs ...int) string {
	t := 0
	for _, x := range xs {
		t += x
	}
	return prefix + itoa(t)
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	if neg {
		return "-" + string(b)
	}
	return string(b)
}

type vec struct{ x, y, z float64 }

func scale(v vec, k float64) vec { return vec{v.x * k, v.y * k, v.z * k} }

func divmod(a, b int) (int, int) { return a / b, a % b }

func both(a, b int) (vec, string) { return vec{float64(a), float64(b), 0}, "both" }

func compose(f, g func(int) int) func(int) int {
	return func(x int) int { return f(g(x)) }
}

func inc(x int) int { return x + 1 }
func dbl(x int) int { return x * 2 }

func isNil(f func()) bool { return f == nil }

func main() {
	for _, p := range table {
		println(p.name, p.f(7, 3), apply(p.f, 2, 5))
	}
	for i, f := range ops {
		println(i, f(10, 4), byIndex[i](10, 4))
	}
	println(chosen(1, 2), pick(2)(6, 7))
	println(lit("x"))

	println(unset == nil, unset != nil, isNil(unset), isNil(main) == false)
	var f binop
	println(f == nil)
	f = add
	println(f != nil, f(40, 2))
	f = nil
	println(f == nil)

	s := sum
	println(s("sum=", 1, 2, 3, 4), s("none="))
	xs := []int{5, 6}
	println(s("spread=", xs...))

	sc := scale
	v := sc(vec{1, 2, 3}, 2)
	println(v.x, v.y, v.z)

	dm := divmod
	q, r := dm(17, 5)
	println(q, r)
	b := both
	bv, bs := b(3, 4)
	println(bv.x, bv.y, bs)

	h := compose(inc, dbl)
	println(h(5), compose(dbl, inc)(5))

	type handler struct {
		on  func(int) int
		arr [2]func(int) int
	}
	hd := handler{on: inc, arr: [2]func(int) int{dbl, inc}}
	println(hd.on(1), hd.arr[0](3), hd.arr[1](3))
	hp := &hd
	hp.on = dbl
	println(hd.on(21))

	m := map2(ops, 9, 3)
	println(len(m), m[0], m[1], m[2])
}

func map2(fs []binop, x, y int) []int {
	var out []int
	for _, f := range fs {
		out = append(out, f(x, y))
	}
	return out
}
