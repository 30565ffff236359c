//go:build ignore

// Reference for divide.c.
package main

var zero int

func main() {
	println(10 / zero)
}
