// run

// A shift by a negative signed count panics with gc's runtime error, which recover sees
// as an error; unsigned and constant counts need no check.
package main

func try(x int, n int) {
	defer func() {
		if r := recover(); r != nil {
			println("recovered:", r.(error).Error())
		}
	}()
	println(x << n)
}

func try8(x uint8, n int8) {
	defer func() {
		if r := recover(); r != nil {
			println("recovered:", r.(error).Error())
		}
	}()
	println(x >> n)
}

func main() {
	try(1, 3)
	try(1, -2)
	try(-8, 70)
	try8(128, 7)
	try8(128, -1)
	var u uint = 1 << 63
	println(1<<u, 3>>2)
}
