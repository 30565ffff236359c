// run

// Package unsafe beyond its constants: Add, Slice and the conversions between
// unsafe.Pointer, pointers and uintptr.
package main

import "unsafe"

type Hdr struct {
	A int32
	B int32
	C [4]int16
}

func main() {
	h := Hdr{A: 1, B: 2, C: [4]int16{10, 20, 30, 40}}
	pb := (*int32)(unsafe.Add(unsafe.Pointer(&h), unsafe.Offsetof(h.B)))
	*pb = 22
	println(h.B)
	c := unsafe.Slice(&h.C[0], 4)
	c[3] = 44
	println(len(c), cap(c), h.C[3])
	pc := (*int16)(unsafe.Add(unsafe.Pointer(&h.C[0]), 2*unsafe.Sizeof(h.C[0])))
	println(*pc)
	back := unsafe.Pointer(uintptr(unsafe.Pointer(&h)) + unsafe.Offsetof(h.C))
	println((*[4]int16)(back)[1])
	var nilp *int
	e := unsafe.Slice(nilp, 0)
	println(e == nil, len(e))
	words := [3]uint64{1, 2, 3}
	bytes := unsafe.Slice((*byte)(unsafe.Pointer(&words)), 24)
	println(bytes[8], bytes[16], len(bytes))
}
