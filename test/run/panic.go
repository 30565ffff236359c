// run

// An unrecovered panic: output before it is kept, the message goes to stderr as
// `panic: ...`, deferred calls run first, and the exit status is 2.
// exitcode 2

package main

func main() {
	defer println("deferred")
	println("before")
	panic("boom")
}
