// run

// A 3-index slice checks the capacity bound first: gc's message names it.
// exitcode 2

package main

func main() {
	s := make([]byte, 2, 5)
	lo, hi, max := 1, 2, 4
	println(len(s[lo:hi:max]), cap(s[lo:hi:max]))
	max = 10
	_ = s[lo:hi:max]
}
