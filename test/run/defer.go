// run

// defer: arguments evaluated at the defer statement, a record per loop iteration, LIFO
// order at return, deferred builtins, results kept while defers run, and recover()
// stopping panics (strings, runtime errors from bounds, nil and divide checks) only when
// called directly by the deferred call.

package main

func note(x int) { println("deferred", x) }

func two(a int, s string) { println("two", a, s) }

type pair struct {
	a, b int
}

func showPair(p pair, arr [3]int) { println("pair", p.a, p.b, arr[0], arr[2]) }

func loop() {
	for i := 0; i < 3; i++ {
		defer note(i)
	}
	println("loop body done")
}

func results() (r int) {
	defer note(r)
	r = 7
	return r + 1
}

func handler() {
	recover()
	println("handler ran")
}

func notDirect() { helper() }

func helper() { recover() }

func recovers() (x int, s string) {
	defer handler()
	x = 5
	s = "set"
	panic("boom")
}

func bounds(i int) (r int) {
	defer handler()
	a := []int{1, 2, 3}
	r = 9
	return a[i]
}

func divide(a, b int) int {
	defer handler()
	return a / b
}

func nilDeref(p *pair) (q pair) {
	defer handler()
	q.a = 1
	q = *p
	return q
}

func unnamed() (int, string) {
	defer handler()
	panic("unnamed")
}

func memory() [4]int {
	defer handler()
	var a [4]int
	a[1] = 3
	panic(a[1])
}

func nested() {
	defer handler()
	inner()
	println("not reached")
}

func inner() {
	defer note(100)
	panic("inner")
}

func passThrough() {
	defer note(200)
	defer notDirect()
	panic("through")
}

func outer() {
	defer handler()
	passThrough()
}

func main() {
	defer println("main deferred", 1, "x", true)
	x := 10
	defer two(x, "hello")
	x = 20
	p := pair{1, 2}
	arr := [3]int{4, 5, 6}
	defer showPair(p, arr)
	p.a = 100
	arr[0] = 400
	loop()
	println(results())
	a, b := recovers()
	println(a, b)
	println(bounds(1), bounds(5))
	println(divide(7, 2), divide(7, 0))
	q := nilDeref(nil)
	println(q.a, q.b)
	n, s := unnamed()
	println(n, s == "")
	m := memory()
	println(m[0], m[1], len(m))
	nested()
	outer()
	println("main done")
}
