// run

// An index past the end of a string panics with gc's boundsError message.
// exitcode 2

package main

func at(s string, i int) byte { return s[i] }

func main() {
	println(at("abc", 1))
	println(at("abc", 5))
}
