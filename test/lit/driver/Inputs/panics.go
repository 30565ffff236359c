// Prints a line, then panics: the process exits with status 2.
package main

func main() {
	println("exiting")
	panic("boom")
}
