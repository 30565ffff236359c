package main

var zero int

//go:noinline
func run(f func()) { f() }

func main() {
	run(func() {
		g := func() {
			println(10 / zero)
		}
		g()
	})
}
