// run

// exitcode 2

// Unbounded recursion: the main goroutine runs out of its 1e9-byte stack and the
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
	println(down(0))
}
