// run

// Structs: gc's layout (sizes and offsets), value semantics, embedded fields and
// promotion through pointers, comparison (floats as IEEE values, strings by content,
// blank fields skipped), structs as parameters and results.
package main

import "unsafe"

type Inner struct {
	A int8
	B int64
	C bool
}

type Outer struct {
	Inner
	P    *Inner
	Name string
	Z    struct{}
}

type Empty struct{}

type Tail struct {
	X int32
	E struct{}
}

type Floats struct {
	F float64
	G float32
}

type Blank struct {
	A int
	_ int
	B string
}

type Node struct {
	Val  int
	Next *Node
}

func swap(p Inner) Inner {
	p.A, p.C = -p.A, !p.C
	return p
}

func two(x int) (Inner, string) {
	return Inner{A: int8(x), B: int64(x) * 1000}, "two"
}

func modify(o Outer) int {
	o.A = 99
	o.Name = "changed"
	return int(o.A)
}

func main() {
	println(unsafe.Sizeof(Inner{}), unsafe.Offsetof(Inner{}.B), unsafe.Offsetof(Inner{}.C))
	println(unsafe.Sizeof(Outer{}), unsafe.Sizeof(Empty{}), unsafe.Sizeof(Tail{}))

	var o Outer
	o.A = 1
	o.Inner.B = 2
	o.C = true
	println(o.A, o.B, o.C, o.Name == "", o.P == nil)
	o.P = &o.Inner
	o.P.B = 20
	println(o.B, o.P.B)
	o2 := o
	o2.B = 30
	println(o.B, o2.B, o2.P.B)
	println(modify(o), o.A, o.Name)

	i := swap(o.Inner)
	println(i.A, i.B, i.C)
	j, s := two(7)
	println(j.A, j.B, j.C, s)

	// Comparison.
	a := Inner{1, 2, true}
	b := Inner{1, 2, true}
	println(a == b, a != b)
	b.C = false
	println(a == b, a != b)
	var zero float64
	nan := zero / zero
	f1 := Floats{0, 1}
	f2 := Floats{-zero, 1}
	println(f1 == f2)
	f3 := Floats{nan, 1}
	println(f3 == f3, f3 != f3)
	x1 := Blank{A: 1, B: "x" + s}
	x2 := Blank{A: 1, B: "xtwo"}
	println(x1 == x2)
	println(Empty{} == Empty{}, Tail{X: 1} == Tail{X: 1})

	// A linked list on the heap.
	var head *Node
	for k := 0; k < 5; k++ {
		head = &Node{k, head}
	}
	sum := 0
	for n := head; n != nil; n = n.Next {
		sum += n.Val
		print(n.Val, " ")
	}
	println(sum)

	// Pointers to fields and op-assignment through them.
	p := &o.Inner.B
	*p += 5
	*p *= 2
	o.P.B++
	println(o.B, *p)
	q := &o
	q.Inner.A--
	q.Name += "!"
	println(o.A, o.Name)
}
