// run

// runtime.SetFinalizer on a pointer into the middle of an object: gc's fatal error (an
// inner pointer is accepted only where it may be one of a tiny allocation's objects:
// pointer-free and under 16 bytes).
package main

import "runtime"

type T struct {
	a [2]int
	b [4]int
	c int
}

func main() {
	t := &T{c: 2}
	runtime.SetFinalizer(&t.c, func(*int) {})
	println("inner int accepted")
	runtime.SetFinalizer(&t.b, func(*[4]int) {})
	println("not reached")
}
