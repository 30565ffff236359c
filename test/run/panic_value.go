// run

// panic with a value that is not a string prints it as gc's printpanics does: a named
// type's value as T(v).
// exitcode 2

package main

type Code int

func check(c Code) {
	if c != 0 {
		panic(c)
	}
}

func main() {
	check(0)
	println("ok")
	check(42)
}
