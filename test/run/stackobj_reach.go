// run -gcflags=-precise=1

// Stack objects whose only reference to heap objects is a pointer chain through other
// frames' stack objects: collections in deep callees must keep them (precise stack
// scanning finds them by reachability), and the heap is churned after each collection
// so that a wrongly freed object would be overwritten.

package main

import "runtime"

type node struct {
	val  [6]int
	next *node
}

type link struct {
	up  *link
	obj *node
	tag int
}

type pair struct {
	a, b *node
	n    int
}

var sink []*node

func mk(v int) *node {
	n := &node{}
	for i := range n.val {
		n.val[i] = v*10 + i
	}
	return n
}

// churn allocates objects of node's size class and fills them, overwriting freed nodes.
func churn() {
	for i := 0; i < 2000; i++ {
		n := &node{}
		for j := range n.val {
			n.val[j] = -1
		}
		if i%100 == 0 {
			sink = append(sink, n)
		}
	}
	sink = sink[:0]
}

func collect() {
	runtime.GC()
	churn()
	runtime.GC()
	churn()
}

func sum(n *node) int {
	s := 0
	for ; n != nil; n = n.next {
		for _, v := range n.val {
			s += v
		}
	}
	return s
}

// chain: each frame's link points to its caller's; the innermost collects, then walks
// the chain up.
//
//go:noinline
func chain(d int, up *link) int {
	var l link
	l.up = up
	l.obj = mk(d)
	l.obj.next = mk(d + 100)
	l.tag = d
	if d == 0 {
		collect()
		return walk(&l)
	}
	return chain(d-1, &l)
}

//go:noinline
func walk(l *link) int {
	s := 0
	for ; l != nil; l = l.up {
		s += l.tag*1000000 + sum(l.obj)
	}
	return s
}

// byval: a memory-typed argument passed down by value; each level keeps its copy only
// through the callee's parameter.
//
//go:noinline
func byval(p pair, d int) int {
	if d == 0 {
		collect()
		return sum(p.a) + sum(p.b) + p.n
	}
	q := p
	q.n++
	return byval(q, d-1)
}

// byptr: the caller's struct reached only through the pointer passed down.
//
//go:noinline
func byptr(p *pair, d int) int {
	if d == 0 {
		collect()
		return sum(p.a) + sum(p.b) + p.n
	}
	return byptr(p, d-1)
}

// arrays of pointers on the stack, their address passed down.
//
//go:noinline
func arr(a *[4]*node, d int) int {
	if d == 0 {
		collect()
		s := 0
		for _, n := range a {
			s += sum(n)
		}
		return s
	}
	var b [4]*node
	b[0] = a[1]
	b[1] = a[2]
	b[2] = a[3]
	b[3] = mk(d)
	a[1] = nil
	return arr(&b, d-1) + arr2(a)
}

//go:noinline
func arr2(a *[4]*node) int { return sum(a[0]) }

// withdefer: a function with a deferred call and a recover; the collection happens in a
// callee that panics after it.
func withdefer(d int) (r int) {
	var p pair
	p.a = mk(d)
	p.b = mk(d + 1)
	p.n = d
	defer func() {
		if e := recover(); e != nil {
			collect()
			r = -sum(p.a)
		}
	}()
	r = panicky(&p, d)
	return r
}

//go:noinline
func panicky(p *pair, d int) int {
	collect()
	s := sum(p.a) + sum(p.b) + p.n
	if d%2 == 1 {
		panic("odd")
	}
	return s
}

// afterdefer: a stack object used again after a call that may panic, in a function
// with defers.
func afterdefer(d int) int {
	var p pair
	p.a = mk(d)
	p.b = mk(d * 2)
	defer func() {}()
	consume(&p)
	collect()
	return sum(p.a) + sum(p.b)
}

//go:noinline
func consume(p *pair) { p.n++ }


// m: a value receiver passed down a chain of method calls.
//
//go:noinline
func (p pair) m(d int) int {
	if d == 0 {
		collect()
		return sum(p.a) + sum(p.b) + p.n
	}
	p.n += 2
	return p.m(d - 1)
}

// av: an array of pointers passed by value.
//
//go:noinline
func av(a [3]*node, d int) int {
	if d == 0 {
		collect()
		return sum(a[0]) + sum(a[1]) + sum(a[2])
	}
	a[d%3] = mk(d)
	return av(a, d-1)
}

// bvdefer: by value into a function with a deferred recover.
//
//go:noinline
func bvdefer(p pair, d int) (r int) {
	defer func() {
		if recover() != nil {
			r++
		}
	}()
	if d > 0 {
		return bvdefer(p, d-1) * 2
	}
	collect()
	r = sum(p.a) + sum(p.b)
	if p.n%2 == 0 {
		panic(1)
	}
	return r
}

// mkpair: a struct result built deep down and returned by value through the frames, a
// collection on each level.
//
//go:noinline
func mkpair(d int) pair {
	if d == 0 {
		p := pair{mk(1), mk(2), 0}
		collect()
		return p
	}
	r := mkpair(d - 1)
	collect()
	r.n++
	return r
}

func more() {
	println("m", pair{mk(7), mk(8), 1}.m(5))
	println("av", av([3]*node{mk(1), mk(2), mk(3)}, 4))
	println("bvdefer", bvdefer(pair{mk(3), mk(4), 0}, 3), bvdefer(pair{mk(3), mk(4), 1}, 2))
	r := mkpair(4)
	println("mkpair", sum(r.a)+sum(r.b), r.n)
}

func main() {
	more()
	println("chain", chain(8, nil))
	println("byval", byval(pair{mk(1), mk(2), 3}, 6))
	var p pair
	p.a = mk(4)
	p.a.next = mk(5)
	p.b = mk(6)
	println("byptr", byptr(&p, 7))
	var a [4]*node
	for i := range a {
		a[i] = mk(20 + i)
	}
	println("arr", arr(&a, 5))
	println("withdefer", withdefer(2), withdefer(3))
	println("afterdefer", afterdefer(9))
	for i := 0; i < 3; i++ {
		println("round", i, chain(3, nil), byval(pair{mk(i), mk(i + 1), i}, 2))
	}
}
