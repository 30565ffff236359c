// run

// //go:uintptrescapes: the object behind a uintptr(unsafe.Pointer) argument stays alive
// until the call returns, also for ...uintptr arguments and for a function without a
// body (gc assumes it of those); the callee can use the
// uintptr as the pointer.

package main

import (
	"runtime"
	"unsafe"
	_ "unsafe"
)

var collected = make(chan string, 16)
var dead = map[string]bool{}

func setup(s string) unsafe.Pointer {
	p := new(string)
	*p = s
	runtime.SetFinalizer(p, func(p *string) { collected <- *p })
	return unsafe.Pointer(p)
}

// check collects garbage and reports whether the objects named are still alive.
func check(where string, names ...string) {
	for i := 0; i < 3; i++ {
		runtime.GC()
	}
	for more := true; more; {
		select {
		case s := <-collected:
			dead[s] = true
		default:
			more = false
		}
	}
	for _, n := range names {
		if dead[n] {
			println(where, n, "collected early")
		} else {
			println(where, n, "alive")
		}
	}
}

//go:noinline
//go:uintptrescapes
func one(p uintptr) int {
	n := len(*(*string)(unsafe.Pointer(p)))
	check("one", "first")
	return n
}

//go:uintptrescapes
func many(ps ...uintptr) int {
	n := 0
	for _, p := range ps {
		n += len(*(*string)(unsafe.Pointer(p)))
	}
	ps = nil
	check("many", "a", "bb", "ccc")
	return n
}

//go:uintptrescapes
func mixed(a int, p uintptr, q uintptr) (int, int) {
	n, m := len(*(*string)(unsafe.Pointer(p))), len(*(*string)(unsafe.Pointer(q)))
	check("mixed", "p", "qq")
	return a + n, m
}

//go:linkname external main.externalImpl
func external(p uintptr) int

//go:linkname externalImpl main.externalImpl
func externalImpl(p uintptr) int {
	n := len(*(*string)(unsafe.Pointer(p)))
	check("external", "four")
	return n
}

func main() {
	println(one(uintptr(setup("first"))))
	println(many(uintptr(setup("a")), uintptr(setup("bb")), uintptr(setup("ccc"))))
	n, m := mixed(1, uintptr(setup("p")), uintptr(setup("qq")))
	println(n, m)
	println(external(uintptr(setup("four"))))
}
