// hello is the program the README's first command cross-compiles for every target.
package main

func fib(n int) int {
	if n < 2 {
		return n
	}
	return fib(n-1) + fib(n-2)
}

func main() {
	println("hello, world")
	total := 0
	for i := 1; i <= 10; i++ {
		total += i
	}
	println("sum 1..10 =", total, "fib(20) =", fib(20), "ok:", total == 55)
}
