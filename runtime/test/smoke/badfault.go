//go:build ignore

// Reference for badfault.c.
package main

import "unsafe"

func main() {
	println("before")
	*(*int)(unsafe.Pointer(uintptr(0xdead0000))) = 1
}
