// A minimal program for the driver tests: builds on every target.
package main

func main() {
	println("hello from talpa")
}
