// run

// Pointers: new, the address of locals (which then live on the heap, a new variable per
// execution of the declaration), of parameters, fields and elements, pointers to
// pointers, unsafe.Pointer and uintptr conversions.
package main

import "unsafe"

type T struct {
	n    int
	next *T
}

func addr(x int) *int { return &x }

func local() *[3]string {
	a := [3]string{"a", "b", "c"}
	return &a
}

func param(t T) *T {
	t.n++
	return &t
}

func bump(p **int) { **p++ }

func main() {
	var ps []*int
	for i := 0; i < 3; i++ {
		v := i * 10
		ps = append(ps, &v)
	}
	println(*ps[0], *ps[1], *ps[2], ps[0] != ps[1])

	p := addr(5)
	q := addr(6)
	println(*p, *q, p != q)

	a := local()
	a[1] = "B"
	println(a[0], a[1], a[2])

	orig := T{n: 1}
	tp := param(orig)
	println(orig.n, tp.n)

	x := 1
	px := &x
	ppx := &px
	bump(ppx)
	**ppx += 10
	println(x)

	arr := [4]int{1, 2, 3, 4}
	e := &arr[2]
	*e = 30
	sl := arr[:]
	sl[3] = 40
	println(arr[2], arr[3])

	ring := &T{n: 0}
	cur := ring
	for k := 1; k < 4; k++ {
		cur.next = &T{n: k}
		cur = cur.next
	}
	cur.next = ring
	s := 0
	for k, c := 0, ring; k < 10; k, c = k+1, c.next {
		s += c.n
	}
	println(s)

	up := unsafe.Pointer(&arr[0])
	second := (*int)(unsafe.Pointer(uintptr(up) + unsafe.Sizeof(arr[0])))
	println(*second)
	var nilp *T
	println(nilp == nil, unsafe.Pointer(nilp) == nil)

	np := new(T)
	np.next = np
	println(np.next.next.n)
	pp := new(*int)
	println(*pp == nil)
}
