package main

// parallel: four CPU-bound goroutines (no allocation, no channel operation until they
// finish): with GOMAXPROCS Ps on as many cores, wall time is about CPU time / cores.

func fib(n int) int {
	if n < 2 {
		return n
	}
	return fib(n-1) + fib(n-2)
}

func main() {
	c := make(chan int)
	for i := 0; i < 4; i++ {
		go func() { c <- fib(36) }()
	}
	s := 0
	for i := 0; i < 4; i++ {
		s += <-c
	}
	println(s)
}
