// run

// unsafe.Offsetof, Sizeof and Alignof in generic code, where they depend on the type
// arguments: fields after a type-parameter field, promoted fields through embedded structs
// (offset relative to the selector's struct), pointers to generic structs, nested
// generic instances, arrays of type parameters.

package main

import "unsafe"

type Embedded struct {
	B int
}

type S[K any] struct {
	A K
	Embedded
}

type Inner[T any] struct {
	X byte
	Y T
}

type Outer[T any] struct {
	P  bool
	In Inner[T]
	Inner[T]
	Z [3]T
	W  int16
}

type Pair[K comparable, V any] struct {
	k    K
	v    V
	next *Pair[K, V]
}

func showOffsets[K any](d *S[K]) {
	o1 := unsafe.Offsetof(d.B)
	o2 := unsafe.Offsetof(d.Embedded)
	if o1 != o2 {
		panic("offset mismatch")
	}
	println("S:", unsafe.Offsetof(d.A), o1, o2, unsafe.Sizeof(*d), unsafe.Alignof(*d))
}

func outer[T any]() {
	var o Outer[T]
	p := &o
	println("Outer:", unsafe.Offsetof(o.P), unsafe.Offsetof(o.In), unsafe.Offsetof(o.In.Y),
		unsafe.Offsetof(o.Inner), unsafe.Offsetof(o.X), unsafe.Offsetof(p.Y),
		unsafe.Offsetof((o).Z), unsafe.Offsetof(p.W))
	println("sizes:", unsafe.Sizeof(o), unsafe.Alignof(o), unsafe.Sizeof(o.Z), unsafe.Alignof(o.Z),
		unsafe.Sizeof(o.In), unsafe.Alignof(o.In.Y))
	// The offsets agree with the addresses.
	base := uintptr(unsafe.Pointer(p))
	println("addr:", uintptr(unsafe.Pointer(&o.Y))-base == unsafe.Offsetof(o.Y),
		uintptr(unsafe.Pointer(&o.W))-base == unsafe.Offsetof(o.W),
		uintptr(unsafe.Pointer(&o.In.Y))-uintptr(unsafe.Pointer(&o.In)) == unsafe.Offsetof(o.In.Y))
}

func pair[K comparable, V any](k K, v V) uintptr {
	e := &Pair[K, V]{k: k, v: v}
	println("Pair:", unsafe.Offsetof(e.k), unsafe.Offsetof(e.v), unsafe.Offsetof(e.next),
		unsafe.Sizeof(*e), unsafe.Sizeof(k), unsafe.Alignof(v))
	return unsafe.Offsetof(e.next)
}

// Not dependent on the type parameter: still a constant inside generic code.
func fixed[T any](x T) {
	var e S[T]
	const c = unsafe.Offsetof(Embedded{}.B) + unsafe.Sizeof(Embedded{})
	println("fixed:", c, unsafe.Offsetof(e.Embedded.B), unsafe.Sizeof(x) > 0)
}

func main() {
	showOffsets(new(S[int]))
	showOffsets(new(S[byte]))
	showOffsets(new(S[struct{}]))
	showOffsets(new(S[[5]int32]))
	showOffsets(new(S[string]))
	outer[byte]()
	outer[int64]()
	outer[complex128]()
	outer[struct{}]()
	outer[[2]uint16]()
	println(pair[int8, string](1, "x"))
	println(pair[string, int8]("y", 2))
	println(pair[[3]byte, float32]([3]byte{}, 1))
	fixed(1)
	fixed("s")
}
