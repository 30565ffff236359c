// run

// Package initialization through gc's initTask, read through //go:linkname as Go's
// initempty.go does: the variable initializers that run code, then the init functions in
// source order, without those gc's dead-code rule finds empty; the task is running during
// init and done in main; its one dependency is the runtime package.

package main

import (
	"runtime"
	_ "unsafe"
)

type initTask struct {
	state uintptr
	ndeps uintptr
	nfns  uintptr
}

//go:linkname main_inittask main..inittask
var main_inittask initTask

var x = f()

var static = 42 // static data: no code

func f() int {
	println("var init", static)
	return 1
}

func init() { println("init 1, state", main_inittask.state) }

// Empty by gc's rule (empty statements dropped, blocks flattened, constant conditions):
// left out.
func init() {}
func init() {
	{
	}
	{
		;
	}
}
func init() {
	if true {
	}
}
func init() {
	if false {
		println("never")
	} else {
	}
	for false {
		println("never")
	}
	;
}

// Not empty by gc's rule: kept, though they do nothing.
func init() {
	switch {
	}
}
func init() {
	if false {
	} else if true {
	}
}
func init() {
	for i := 0; false; i++ {
	}
}

func init() { println("init 4, x =", x) }

func main() {
	println(main_inittask.state, main_inittask.ndeps, main_inittask.nfns, runtime.NumCPU() > 0)
}
