// run

// A deferred call that recovers a panic and panics again: gc prints the chain, the
// recovered panic marked.
// exitcode 2

package main

func again() {
	recover()
	panic("second")
}

func main() {
	defer println("first deferred")
	defer again()
	panic("first")
}
