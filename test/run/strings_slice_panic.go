// run

// A slice bound past the length of a string panics with gc's boundsError message.
// exitcode 2

package main

func sub(s string, i, j int) string { return s[i:j] }

func main() {
	println(sub("abc", 1, 3))
	println(sub("abc", 1, 5))
}
