// run

// A recovered runtime error panics again unrecovered from a deferred call: the first is
// printed with its Error text and [recovered].
// exitcode 2

package main

func rethrow() {
	recover()
	var a []int
	_ = a[3]
}

func main() {
	defer rethrow()
	x := 0
	println(10 / x)
}
