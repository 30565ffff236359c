// run

// runtime.SetFinalizer's finalizer must take the object's type: gc's fatal error, naming
// both types.
package main

import "runtime"

type T struct{ x, y int }

func main() {
	t := &T{1, 2}
	runtime.SetFinalizer(t, func(*T) {})
	runtime.SetFinalizer(t, nil)
	println("removed")
	runtime.SetFinalizer(t, func(x *int) {})
	println("not reached")
}
