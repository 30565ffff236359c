// run

// Converting a slice to a pointer to a longer array panics with gc 1.19's message.
// exitcode 2

package main

func main() {
	s := []int{1, 2, 3}
	p := (*[3]int)(s)
	println(p[2])
	q := (*[4]int)(s)
	println(q[0])
}
