// run

// Dereferencing a nil pointer panics with gc's message (talpa checks explicitly, so no
// signal line follows), even at an offset a fault would not catch.
// exitcode 2

package main

type Big struct {
	pad [1 << 20]byte
	x   int
}

func get(p *Big) int { return p.x }

func main() {
	println(get(&Big{x: 3}))
	var p *Big
	println(get(p))
}
