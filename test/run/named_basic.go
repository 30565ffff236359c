// run

// Named types whose underlying type is basic lower as that type: arithmetic, comparison,
// conversions, multiple results, string indexing, slicing, range and switch on them; an
// unsafe.Pointer variable holds nil and prints as 0x0.
package main

import "unsafe"

type MyInt int
type S string

var g MyInt = MyInt(7)
var p unsafe.Pointer

func f(x MyInt) (MyInt, S) { return x * x, S("ab") }

func main() {
	a, s := f(g)
	b := a > g
	println(a, s, len(s), s[0], s[1:], b, p, p == p)
	switch s {
	case S("ab"):
		println("matched")
	}
	for i, r := range s {
		println(i, r)
	}
	println(int8(a), float64(a)/2, string(rune(a)))
}
