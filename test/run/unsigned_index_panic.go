// run

// An index of an unsigned type is printed as an unsigned value.
// exitcode 2

package main

func main() {
	a := [3]int{1, 2, 3}
	var i uint64 = 1 << 63
	println(a[i>>62])
	println(a[i])
}
