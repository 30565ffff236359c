// run

package main

var total = compute()

var a, b = 10, 20

func compute() int { return a * b }

func divmod(x, y int) (int, int) {
	return x / y, x % y
}

func fib(n int) int {
	if n < 2 {
		return n
	}
	return fib(n-1) + fib(n-2)
}

func init() {
	println("init 0, total =", total)
}

func main() {
	println("hello, world")
	q, r := divmod(17, 5)
	println(q, r)
	for i := 0; i < 10; i++ {
		print(fib(i), " ")
	}
	println()
	s := "foo" + "bar"
	t := s + "!"
	println(t, len(t), t == "foobar!", t < "g")
	var u uint8 = 250
	u += 10
	println(u)
	x := -9223372036854775807 - 1
	println(x / -1, x % -1)
	println(3.5, 1e100, true, 'a')
	i := 0
	for {
		i++
		if i > 5 {
			break
		}
		if i%2 == 0 {
			continue
		}
		println("odd", i)
	}
	println(1<<62, ^0, 7&^5, -7>>1)
}
