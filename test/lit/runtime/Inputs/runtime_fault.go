package main

import "unsafe"

func main() {
	defer func() {
		println("recovered:", recover() != nil) // not reached: the fault is fatal
	}()
	m := map[int]int{}
	// The map's header pointer made 8: the runtime's map code faults reading it.
	*(*uintptr)(unsafe.Pointer(&m)) = 8
	m[1] = 2
}
