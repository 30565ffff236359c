// run

// Deferred function literals and func values (arguments evaluated at the defer), named
// results changed by a deferred closure, recover only in the directly deferred function.

package main

func named() (r int) {
	defer func() { r *= 2 }()
	return 21
}

func rec() (x int) {
	defer func() {
		recover()
		x = 99
	}()
	panic("boom")
}

func indirect() (ok bool) {
	defer func() { recover() }()
	defer func() {
		func() { recover() }() // not direct: nil, panic goes on
		ok = true
	}()
	panic("x")
}

func main() {
	f := func(s string) { println("fv", s) }
	defer f("a")
	g := func() { println("g") }
	defer g()
	println(named(), rec(), indirect())
	for i := 0; i < 3; i++ {
		defer func() { println("loop", i) }()
	}
}
