// run

// runtime.SetFinalizer's first argument must be a pointer: gc's fatal error.
package main

import "runtime"

func main() {
	println("before")
	runtime.SetFinalizer(42, func(int) {})
	println("not reached")
}
