// run

package main

var order = trace("a", b)
var b = trace("b", 2)
var c, d = pair()

func trace(name string, v int) int {
	println("init", name)
	return v + 1
}

func pair() (int, string) { return 7, "seven" }

func init() { println("first init", order, c, d) }
func init() { println("second init") }

func collatz(n int) int {
	steps := 0
	for n != 1 {
		if n%2 == 0 {
			n /= 2
		} else {
			n = 3*n + 1
		}
		steps++
	}
	return steps
}

func main() {
outer:
	for i := 0; i < 4; i++ {
		for j := 0; j < 4; j++ {
			if j == 2 {
				continue outer
			}
			if i == 3 {
				break outer
			}
			print(i, j, ";")
		}
	}
	println()
	println(collatz(27))
	x, y := 1, 2
	x, y = y, x
	println(x, y)
	{
		x := "shadow"
		println(x)
	}
	println(x)
	var z int
	z, w := 5, 6
	println(z, w)
	if v := x * 10; v > 15 {
		println("big", v)
	} else if v > 5 {
		println("medium", v)
	} else {
		println("small", v)
	}
	n := 0
	for n < 3 {
		n++
	}
	println(n)
	var zero int
	println(10 / (zero + 1))
	if zero == 0 {
		panic("boom: " + "done")
	}
}
