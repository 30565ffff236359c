// run

// Fields through a named pointer type (type P *S: p.f is (*p).f, S's methods are not
// P's), and struct types whose tags differ only in spelling ("" is no tag) are identical.

package main

type node struct {
	val  int
	next *node
	inner
}

type inner struct{ depth int }

func (n *node) Sum() int { return n.val }

type P *node
type PP *[2]P

func walk(p P) (s int) {
	for ; p != nil; p = p.next {
		s += p.val + p.depth
	}
	return s
}

func main() {
	a := &node{val: 1}
	b := &node{val: 2, next: a, inner: inner{10}}
	var p P = b
	p.val += 5
	p.inner.depth++
	println(walk(p), p.val, p.depth, b.val)
	pair := PP(&[2]P{p, a})
	println(pair[0].val, pair[1].val, (*pair)[0].next.val)

	defer func() { println("nil named pointer:", recover() != nil) }()

	x := &struct{ x int }{1}
	y := &struct {
		x int ""
	}{2}
	x = y
	var z struct {
		x int `json:"x"`
	} = struct {
		x int "json:\"x\""
	}{3}
	println(x.x, z.x)

	var q P
	println(q.val)
}
