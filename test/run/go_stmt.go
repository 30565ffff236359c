// run

// go statements before the goroutines can be observed: operands are evaluated at the
// statement (the panics below come from the go statements themselves, in main), and a
// go of a nil func value is gc's fatal error. One P: the goroutines started here must not
// run before main dies (one prints a newline, one panics), as they could on a second P.
package main

import "runtime"

type T struct{ n int }

func (t *T) inc(d int) { t.n += d }

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
	go println()
	println("evaluated", evals)
	defer func() {
		println("recovered:", recover() != nil)
		var f func()
		go f()
	}()
	var p *T
	go p.inc(arg(5))
}
