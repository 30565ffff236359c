//go:build ignore

// Reference for panic.c.
package main

func main() {
	println("before")
	a, b := "something ", "went wrong"
	panic(a + b)
}
