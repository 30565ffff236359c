// run

// A low slice bound above the high one panics with gc's [low:high] message.
// exitcode 2

package main

func sub(s string, i, j int) string { return s[i:j] }

func main() {
	println(sub("abc", 0, 0) == "")
	println(sub("abc", 3, 2))
}
