// run

// //go:linkname: a declaration without a body refers to another symbol (a function of
// this package defined under a linkname, the runtime's runtime.GC); a function with a body
// is defined under its linkname (FuncForPC and tracebacks name it so); variables are
// defined under theirs.

package main

import (
	"runtime"
	_ "unsafe"
)

//go:linkname double main.doubleImpl
func double(x int) int { return 2 * x }

//go:linkname twice main.doubleImpl
func twice(x int) int

//go:linkname collect runtime.GC
func collect()

//go:linkname gomaxprocs runtime.GOMAXPROCS
func gomaxprocs(int) int

type pair struct{ a, b int }

//go:linkname first main.firstPair
var first pair

//go:linkname counter main.theCounter
var counter = 40

//go:linkname computed main.computedValue
var computed = double(50)

//go:linkname plain
var plain = "plain"

//go:linkname named main.renamed
func named() string {
	pc, _, _, _ := runtime.Caller(0)
	return runtime.FuncForPC(pc).Name()
}

func main() {
	println(double(3), twice(21))
	f := twice
	println(f(5))
	collect()
	println(gomaxprocs(0) == runtime.GOMAXPROCS(0))
	first.a = 7
	first.b = 9
	println(first.a, first.b)
	counter += 2
	println(counter, computed)
	println(plain)
	println(named())
}
