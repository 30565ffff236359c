// run

package main

import "unsafe"

type runtimeError interface {
	error
	RuntimeError()
}

var sink int

func try(name string, f func()) {
	defer func() {
		r := recover()
		if e, ok := r.(runtimeError); ok {
			println(name+":", e.Error())
		} else {
			println(name, "no runtime error")
		}
	}()
	f()
}

func callnil(f func() int) int { return f() + 1 }

var addr uintptr = 8

// A fault in a frame that has its own defers: they run, and the recovery resumes the
// frame that recovered.
func faultWithDefers(f func()) (n int) {
	defer func() { n += 10 }()
	defer func() {
		if recover() != nil {
			n++
		}
	}()
	f()
	return 100
}

func main() {
	try("nilfunc", func() { sink = callnil(nil) })
	var fs [2]func()
	try("nilfunc2", func() { fs[1]() })
	try("unsafe", func() {
		p := (*int)(unsafe.Pointer(addr))
		println(*p)
	})
	// Recovered twice in a row, then the frame goes on.
	for i := 0; i < 3; i++ {
		try("loop", func() { sink = callnil(nil) })
	}
	func() {
		defer func() {
			println("deferred runs, recover:", recover() != nil)
			defer func() { println("inner", recover() == nil) }()
		}()
		var f func()
		f()
	}()
	println("after", faultWithDefers(nil), faultWithDefers(func() {}))
	// A fault inside a deferred call, while a fault panic runs: both are printed if
	// nothing recovers; here the outer recover sees the second one.
	func() {
		defer func() {
			r := recover()
			println("outer:", r.(error).Error())
		}()
		func() {
			defer func() {
				var g func()
				g()
			}()
			sink = 1 / zero()
		}()
	}()
}

func zero() int { return 0 }
