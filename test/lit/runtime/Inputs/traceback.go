package main

var zero, sink int

//go:noinline
func divide(x int) int {
	return 10 / x
}

func inlined(x int) int {
	return divide(x) + 1
}

//go:noinline
func outer(n int) int {
	if n == 0 {
		return inlined(zero)
	}
	sink = outer(n - 1)
	return sink + n
}

func main() {
	println(outer(2))
}
