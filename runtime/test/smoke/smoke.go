//go:build ignore

// Reference for smoke.c: build with gc and run with arguments "a b"; the standard error
// of both must be identical.
package main

import (
	"math"
	"os"
	"unsafe"
)

var initDone bool

func init() { initDone = true }

func main() {
	println("hello, talpa")
	println(42, -7, 0, math.MinInt64, math.MaxInt64)
	println(uint64(math.MaxUint64), uint(0), uint(10))
	println(true, false, initDone)

	negz := math.Copysign(0, -1)
	third := 2.0
	third /= 3
	println(1.0, -2.5, 0.0, negz, 3.141592653589793, 1e300, 1e-300, 5e-324,
		1.7976931348623157e308, 0.1, 123456789.0, 9.9999999, 99999995.0,
		third, 1e23, -1e-7)
	println(math.Inf(1), math.Inf(-1), math.NaN())
	println(unsafe.Pointer(nil), unsafe.Pointer(uintptr(0xdeadbeef)))

	s, t := "foo", "bar"
	u := s + t
	println(u, len(u))
	empty := ""
	e := empty + empty
	println(len(e), "["+e+"]")

	println("abc" < "abd", "ab" < "abc", "b" > "abc", s == s, "" < "a", "\xff" > "a")
	print("no", "spaces", 1, 2, "\n")

	println("malloc ok", true)
	args := os.Args[1:]
	switch len(args) {
	case 0:
		println(0)
	case 1:
		println(1, args[0])
	case 2:
		println(2, args[0], args[1])
	case 3:
		println(3, args[0], args[1], args[2])
	default:
		println(len(args), "...")
	}
	println(len(os.Environ()) > 0)
}
