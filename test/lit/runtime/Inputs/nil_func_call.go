package main

//go:noinline
func apply(f func(int) int) int {
	return f(1) + 1
}

func main() {
	var f func(int) int
	println(apply(func(x int) int { return x }))
	println(apply(f))
}
