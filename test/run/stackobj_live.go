// run -gcflags=-precise=1

// Liveness through stack objects, as gc has it (Go's test/stackobj3.go): a struct or
// array passed by value stays alive as long as the callee uses it, and no longer; the
// caller's copy is no root of its own. A finalizer records the phase (a count of
// collections) at which each heap object went.

package main

import "runtime"

type H [8]int64

type S struct {
	h *H
	n int
}

var n int
var c int = -1
var sink *H

func gc() {
	runtime.GC()
	runtime.GC()
	runtime.GC()
	n++
}

func track() *H { return trackd(40) }

// trackd sets the finalizer 40 frames down: SetFinalizer's runtime frames leave copies of
// h on the stack, which are conservatively scanned words if a later collection's frames
// span them (a matter apart from stack objects); this keeps them below those frames.
func trackd(d int) *H {
	if d > 0 {
		return trackd(d - 1)
	}
	h := new(H)
	c = -1
	n = 0
	runtime.SetFinalizer(h, func(*H) { c = n })
	return h
}

// The callee reads its argument after the first phase only.
//
//go:noinline
func byval(s S) {
	gc() // 0
	sink = s.h
	gc() // 1
	sink = nil
	gc() // 2: collected here
}

//go:noinline
func (s S) method() {
	gc() // 0
	sink = s.h
	gc() // 1
	sink = nil
	gc() // 2: collected here
}

//go:noinline
func array(a [2]*H) {
	gc() // 0
	sink = a[1]
	gc() // 1
	sink = nil
	gc() // 2: collected here
}

// The argument goes down two levels; the inner callee drops it after phase 1.
//
//go:noinline
func outer(s S) {
	inner(s)
	gc() // 3
}

//go:noinline
func inner(s S) {
	gc() // 0
	sink = s.h
	gc() // 1
	sink = nil
	gc() // 2: collected here
}

// The callee never reads the argument after its first collection.
//
//go:noinline
func unused(s S) {
	gc() // 0: collected here
	gc() // 1
}

func main() {
	byval(S{h: track()})
	println("byval", c)
	S{h: track()}.method()
	println("method", c)
	array([2]*H{nil, track()})
	println("array", c)
	outer(S{h: track()})
	println("outer", c)
	s := S{h: track(), n: 1}
	println("unused:")
	unused(s)
	println("unused", c)
}
