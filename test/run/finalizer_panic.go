// run

// A panic in a finalizer kills the program, as a panic in any goroutine.
package main

import "runtime"

type T struct{ x, y int }

//go:noinline
func setup() {
	runtime.SetFinalizer(&T{1, 2}, func(t *T) { panic("finalizer panics") })
}

func main() {
	setup()
	for i := 0; i < 10; i++ {
		runtime.GC()
	}
	select {} // the finalizer goroutine may panic on another P after the loop
}
