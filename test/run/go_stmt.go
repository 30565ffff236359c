// run

// go statements before the goroutines can be observed: operands are evaluated at the
// statement (the panics below come from the go statements themselves, in main), and a
// go of a nil func value is gc's fatal error. One P, so that the goroutine dump lists every
// goroutine started here as runnable: on a second P some could have run and ended.
package main

import "runtime"

type T struct{ n int }

// A nil t is not dereferenced: the goroutine of `go p.inc(...)` below may run (on another
// M) before main dies, and must not panic itself then.
func (t *T) inc(d int) {
	if t != nil {
		t.n += d
	}
}

func add(a, b int) int { return a + b }

var sink, evals int

func arg(v int) int {
	evals++
	println("evaluating", v)
	return v
}

func main() {
	runtime.GOMAXPROCS(1)
	t := &T{}
	go add(arg(1), arg(2))
	go t.inc(arg(3))
	go func(a int) { sink = a }(arg(4))
	go print() // prints nothing: with several Ms the goroutine may run at any moment
	println("evaluated", evals)
	defer func() {
		println("recovered:", recover() != nil)
		var f func()
		go f()
	}()
	var p *T
	go p.inc(arg(5))
}
