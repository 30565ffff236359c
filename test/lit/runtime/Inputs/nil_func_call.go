package main

//go:noinline
func get(i int) func(int) int {
	if i > 0 {
		return nil
	}
	return func(x int) int { return x + 1 }
}

//go:noinline
func apply(f, g func(int) int) int {
	a := f(1)
	return a + g(2)
}

func main() {
	println(apply(get(0), get(0)))
	println(apply(get(0), get(1)))
}
