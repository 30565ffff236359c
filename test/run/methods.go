// run

// Methods: value and pointer receivers, the implicit & and * of calls, methods promoted
// through embedded structs and embedded pointers, methods of named non-struct types, and
// receivers of memory types (the callee gets its own copy).
package main

type T struct{ a, b int }

func (t T) Sum() int { return t.a + t.b }
func (t *T) Inc(n int) { t.a += n }
func (t T) Pair() (int, T) { return t.a, t }
func (t T) Clobber() int {
	t.a = 100 // the receiver is a copy
	return t.a
}

type Inner struct{ x int }

func (i *Inner) Bump()   { i.x++ }
func (i Inner) Get() int { return i.x }

type Outer struct {
	Inner
	name string
}

type POuter struct {
	*Inner
}

type Deep struct {
	Outer
	n int
}

type MyInt int

func (m MyInt) Double() MyInt { return m * 2 }
func (m *MyInt) Add(k MyInt)  { *m += k }

type Arr [3]int

func (a Arr) First() int      { return a[0] }
func (a *Arr) Set(i, v int)   { a[i] = v }
func (a Arr) With(i, v int) Arr { a[i] = v; return a }

type List struct {
	head *Node
}

type Node struct {
	v    int
	next *Node
}

func (l *List) Push(v int) { l.head = &Node{v, l.head} }
func (l List) Len() int {
	n := 0
	for p := l.head; p != nil; p = p.next {
		n++
	}
	return n
}

var global T

func (t *T) Self() *T { return t }

func main() {
	t := T{1, 2}
	println(t.Sum())
	t.Inc(10)
	println(t.Sum(), t.a)
	p := &t
	p.Inc(1)
	println(p.Sum(), t.Clobber(), t.a)
	n, t2 := t.Pair()
	println(n, t2.b)

	var o Outer
	o.Bump()
	o.Bump()
	println(o.Get(), o.x, o.Inner.Get())
	po := POuter{&Inner{5}}
	po.Bump()
	println(po.Get(), po.x)
	var d Deep
	d.Bump()
	pd := &d
	pd.Bump()
	println(d.Get(), pd.Get())

	var m MyInt = 21
	println(m.Double())
	m.Add(1)
	println(m, m.Double().Double())

	var a Arr
	a.Set(1, 7)
	b := a.With(2, 9)
	println(a.First(), a[1], a[2], b[2])
	println(T{3, 4}.Sum())

	var l List
	for i := 0; i < 5; i++ {
		l.Push(i)
	}
	println(l.Len(), l.head.v)

	global.Inc(3)
	println(global.Self() == &global, global.a)
}
