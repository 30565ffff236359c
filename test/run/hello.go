// run

// XFAIL: *

// Hello, world: the smallest program, printing through the builtin println (stderr)
// and through os.Stdout.
package main

import "os"

func main() {
	println("hello, world")
	os.Stdout.WriteString("hello, stdout\n")
}
