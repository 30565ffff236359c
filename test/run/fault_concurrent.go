// run

// Two goroutines fault at the same time on different threads (loads from the first
// page through unsafe pointers, which no nil check catches: the signal handler turns
// them into panics); each recovers and checks its panic. A fault kept in one place for
// the whole program would let one goroutine's recovery forget the other's pending fault
// (runtime.sigpanic then finds none) or mix their records.

package main

import (
	"runtime"
	"unsafe"
)

var sink int

//go:noinline
func load(addr uintptr) int { return *(*int)(unsafe.Pointer(addr)) }

func try(f func(), want string) (bad int) {
	defer func() {
		e := recover()
		if e == nil {
			bad = 1
			return
		}
		if err, ok := e.(runtime.Error); !ok || err.Error() != want {
			println("got", e.(error).Error(), "want", want)
			bad = 1
		}
	}()
	f()
	return 0
}

func main() {
	const n = 20000
	done := make(chan int)
	go func() {
		bad := 0
		for i := 0; i < n; i++ {
			bad += try(func() { sink = load(8) }, "runtime error: invalid memory address or nil pointer dereference")
		}
		done <- bad
	}()
	go func() {
		bad := 0
		for i := 0; i < n; i++ {
			bad += try(func() { sink = load(24) }, "runtime error: invalid memory address or nil pointer dereference")
		}
		done <- bad
	}()
	bad := <-done + <-done
	println("mismatched panics:", bad, sink)
}
