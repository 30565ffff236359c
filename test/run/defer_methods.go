// run

// Deferred method calls: the receiver is evaluated at the defer statement (copied for a
// value method, its address for a pointer method; a nil interface or a nil pointer to a
// value method panics there); recover works in a deferred method.

package main

type I interface{ M() }
type T struct{ x int }

func (t T) M()  { println("M", t.x) }
func (t *T) P() { println("P") }

func a() {
	defer func() { println("a recovered", recover() != nil) }()
	var i I
	defer i.M()
	println("a body")
}

func b() {
	defer func() { println("b recovered", recover() != nil) }()
	var p *T
	defer p.M()
	println("b body")
}

func c() {
	defer func() { println("c recovered", recover() != nil) }()
	var p *T
	defer p.P()
	println("c body")
}

type W struct{ *T }

func d() {
	defer func() { println("d recovered", recover() != nil) }()
	var w W
	defer w.M()
	println("d body")
}

type R struct{ n int }

func (r R) Rec()   { println("Rec", r.n, recover() != nil) }
func (r *R) RecP() { println("RecP", r.n, recover() != nil) }

func e() {
	r := R{1}
	defer r.Rec()
	r.n = 2
	defer r.RecP()
	r.n = 3
	panic("e")
}

type Box[T any] struct{ v T }

func (b Box[T]) Show()    { println("Box.Show", b.v) }
func (b *Box[T]) Set(v T) { b.v = v; println("Box.Set", b.v) }

type Shower interface{ Show() }

func generic[S Shower](s S) {
	defer s.Show()
	var zero S
	s = zero
}

type Outer struct {
	Box[string]
	I
}

func f() {
	b := Box[int]{1}
	defer b.Show()
	defer b.Set(5)
	b.v = 2
	o := Outer{Box[string]{"o"}, T{7}}
	defer o.Show()
	defer o.M()
	o.v = "changed"
	o.I = T{8}
	var i I = T{9}
	defer i.M()
	i = T{10}
	generic(Box[float64]{})
	generic[Shower](Box[int]{3})
}

func main() {
	a()
	b()
	c()
	d()
	e()
	f()
}
