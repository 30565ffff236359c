// run

// Each call in a declaration or assignment of several struct values runs once, in order.
package main

type T struct{ a, b int }

func mk(n int) T {
	println("mk", n)
	return T{n, n * 2}
}

func pair() (T, T) {
	println("pair")
	return mk(3), mk(4)
}

func main() {
	var a, b = mk(1), mk(2)
	println(a.b, b.b)
	c, d := mk(5), mk(6)
	println(c.a, d.a)
	e, f := pair()
	println(e.a, f.b)
	var g = [2]T{mk(7), mk(8)}
	println(g[1].a)
}
