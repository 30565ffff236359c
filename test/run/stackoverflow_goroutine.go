// run

// exitcode 2

// Unbounded recursion in a goroutine: its segments reach gc's 1e9-byte limit and the
// program dies as gc's does, "fatal error: stack overflow" with exit status 2 (the .out
// holds the first line only: the next one prints addresses).
package main

func down(n int) int {
	if n == -1 {
		return 0
	}
	return down(n+1)*n + 1
}

func main() {
	println("before")
	c := make(chan int)
	go func() { c <- down(0) }()
	println(<-c)
}
