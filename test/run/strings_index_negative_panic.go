// run

// A negative index is reported without the length, as gc does.
// exitcode 2

package main

func at(s string, i int) byte { return s[i] }

func main() {
	println(at("abc", -1))
}
