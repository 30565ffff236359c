// run

// make with a negative length panics at run time with gc's message.
// exitcode 2

package main

func main() {
	n := 2
	s := make([]int, n, 2*n)
	println(len(s), cap(s))
	n = -1
	s = make([]int, n)
}
