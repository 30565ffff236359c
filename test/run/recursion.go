// run

// Recursion: direct (factorial, fibonacci, Ackermann), mutual (even/odd) and deep
// enough to need a growing stack.
package main

func fact(n uint64) uint64 {
	if n <= 1 {
		return 1
	}
	return n * fact(n-1)
}

func fib(n int) int {
	if n < 2 {
		return n
	}
	return fib(n-1) + fib(n-2)
}

func ack(m, n int) int {
	switch {
	case m == 0:
		return n + 1
	case n == 0:
		return ack(m-1, 1)
	}
	return ack(m-1, ack(m, n-1))
}

func even(n int) bool {
	if n == 0 {
		return true
	}
	return odd(n - 1)
}

func odd(n int) bool {
	if n == 0 {
		return false
	}
	return even(n - 1)
}

func depth(n int) int {
	var pad [16]int
	pad[n%16] = n
	if n == 0 {
		return 0
	}
	return depth(n-1) + 1 + pad[n%16] - n
}

func main() {
	println(fact(20))
	println(fib(25))
	println(ack(2, 3), ack(3, 3))
	println(even(1001), odd(1001))
	println(depth(100000))
}
