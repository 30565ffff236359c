// run

// A second runtime.SetFinalizer on the same object without removing the first: gc's fatal
// error (gc throws it on the system stack, so its traceback starts "runtime stack:", not
// with a goroutine: the .out holds the lines before it).
// exitcode 2
package main

import "runtime"

type T struct{ x, y int }

func main() {
	t := &T{1, 2}
	runtime.SetFinalizer(t, func(*T) {})
	println("first set")
	runtime.SetFinalizer(t, func(any) {})
	println("not reached")
}
