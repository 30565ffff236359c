// Precise stack frames (-gcflags=-precise=1): each check leaves an object reachable only
// from words of frames that are dead at a collection, and expects its finalizer to run
// there; before that point the object is still in use and must not be collected.
package main

import "runtime"

type obj struct{ v [4]int }

var ran = make(chan string, 8)
var finalized = map[string]bool{}

// track returns a new object whose finalizer reports name.
//
//go:noinline
func track(name string) *obj {
	o := &obj{v: [4]int{7, 7, 7, 7}}
	runtime.SetFinalizer(o, func(*obj) { ran <- name })
	return o
}

// gone collects a few times and says whether name's finalizer has run.
//
//go:noinline
func gone(name string) bool {
	for i := 0; i < 6 && !finalized[name]; i++ {
		runtime.GC()
		for more := true; more; {
			select {
			case n := <-ran:
				finalized[n] = true
			default:
				more = false
			}
		}
	}
	return finalized[name]
}

//go:noinline
func check(o *obj) {
	if o.v[3] != 7 {
		panic("object overwritten")
	}
}

// A value received with comma-ok in a loop: the receive buffer is cleared before every
// receive, so it is dead for the rest of the body once the value is loaded from it.
//
//go:noinline
func receiveLoop(c chan *obj) {
	for {
		o, ok := <-c
		if !ok {
			return
		}
		if gone("receive") {
			println("receive: collected while in use")
		}
		check(o)
		o = nil
		println("receive:", gone("receive"))
	}
}

//go:noinline
func pair(x []*obj) ([]*obj, []*obj) { return x, x }

// Results converted to interfaces, one of them dropped: the kept one's last use ends
// what keeps the array alive (its words are stored to a stack object the optimizer
// retypes as bytes).
//
//go:noinline
func interfaceResults() {
	a := [3]*obj{track("interface")}
	var kept, _ interface{} = pair(a[:])
	if gone("interface") {
		println("interface: collected while in use")
	}
	check(kept.([]*obj)[0])
	println("interface:", gone("interface"))
}

// An interface parameter: its words pass through the stack check's retry path, which
// must not leave the function without a stack map.
//
//go:noinline
func interfaceParam(x interface{}) {
	if gone("parameter") {
		println("parameter: collected while in use")
	}
	check(x.(*obj))
	println("parameter:", gone("parameter"))
}

func main() {
	c := make(chan *obj, 1)
	c <- track("receive")
	close(c)
	receiveLoop(c)
	interfaceResults()
	interfaceParam(track("parameter"))
}
