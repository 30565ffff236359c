//go:build ignore

// Reference for nilfault.c.
package main

import "unsafe"

type T struct{ a, b int }

func main() {
	var p *T
	println("before")
	*(*int)(unsafe.Pointer(uintptr(unsafe.Pointer(p)) + 8)) = 1
}
