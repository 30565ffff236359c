// run

// A deferred call that panics while a panic runs it aborts the first panic: both print,
// the older first, and the deferred calls of every frame run.
// exitcode 2

package main

func boom() { panic("second") }

func f() {
	defer println("f deferred")
	defer boom()
	panic("first")
}

func main() {
	defer println("main deferred")
	f()
}
