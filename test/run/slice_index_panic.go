// run

// An index past the length of a slice panics with gc's boundsError message, after the
// right side of the assignment is evaluated.
// exitcode 2

package main

func val() int {
	println("value")
	return 1
}

func main() {
	s := make([]int, 3, 8)
	i := 3
	s[i-1] = val()
	s[i] = val()
}
