package main

// Each frame holds 800 bytes of locals, so 60 frames span several stack segments
// (8, 16, 32 KiB...): the traceback crosses each seam without losing or repeating a frame.
//
//go:noinline
func rec(n int) int {
	var a [100]int
	a[n%100] = n
	if n == 0 {
		panic("bottom")
	}
	return rec(n-1) + a[(n*7)%100]
}

func main() { println(rec(60)) }
