// run

// Builtins and conversions newer than Go 1.19 that the checker accepts: min and max
// (NaN wins, -0 is below +0, strings by bytes), clear of a slice, range over an integer.
package main

func main() {
	x, y := 3, -7
	println(min(x, y), max(x, y, 10), min(2.5, 1.5, 3.5))
	var zero float64
	nan := zero / zero
	println(min(1.0, nan) != min(1.0, nan), max(nan, 2.0) != max(nan, 2.0))
	negz := -zero
	println(1/min(zero, negz), 1/max(negz, zero))
	println(min("b", "ab", "c"), max("b", "ab", "c"))
	var u8 uint8 = 200
	println(max(u8, 100), min(int8(-5), int8(3)))

	s := []int{1, 2, 3, 4}
	clear(s[1:3])
	println(s[0], s[1], s[2], s[3], len(s))

	n := 0
	for i := range 5 {
		n += i
	}
	println(n)
	var k uint8
	for k = range uint8(3) {
	}
	println(k)
}
