// run

package main

var trace = ""

func f(name string, _ ...interface{}) int {
	trace += name + " "
	return len(trace)
}

var a = f("a", x)
var b = f("b", y)
var c = f("c", z)
var d = func() int {
	if false {
		_ = z
	}
	return f("d")
}()
var e = f("e")
var g, h = f("g", w), f("h")

var x int
var y int = 42
var z int = func() int { return f("z") }()
var w, v int

func main() {
	println(trace)
	println(a, b, c, d, e, g, h, x, y, z, w, v)
}
