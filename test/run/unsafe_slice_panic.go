// run

// unsafe.Slice of a nil pointer with a non-zero length panics as gc's check does.
// exitcode 2

package main

import "unsafe"

func main() {
	var p *int
	n := 0
	println(len(unsafe.Slice(p, n)))
	n = 3
	println(len(unsafe.Slice(p, n)))
}
