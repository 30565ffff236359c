//go:build ignore

// Reference for floats.c.
package main

import "math"

var state uint64 = 88172645463325252

func next() uint64 {
	state ^= state << 13
	state ^= state >> 7
	state ^= state << 17
	return state
}

func main() {
	for i := 0; i < 300; i++ {
		println(math.Float64frombits(next()))
	}
	for i := 1; i <= 300; i++ {
		v := float64(i) / 7.0
		k := i%41 - 20
		for j := 0; j < k; j++ {
			v *= 10
		}
		for j := 0; j > k; j-- {
			v /= 10
		}
		if i%2 == 0 {
			v = -v
		}
		println(v)
	}
}
