package main

var big [64]int // a frame larger than 128 bytes moves the windows frame pointer off its save slot

//go:noinline
func deep(n int) int {
	var local [40]int
	if n == 0 {
		panic("deep")
	}
	local[n] = deep(n-1) + big[n]
	return local[n] + local[n+1]
}

func main() {
	println(deep(1))
}
