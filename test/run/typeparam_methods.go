// run

package main

type S1 struct{ n int }

func (s *S1) M() int { return s.n + 1 }

type S2 struct{ n int }

func (s S2) M() int { return s.n * 10 }

type Inner struct{ v string }

func (i Inner) Name() string { return "inner:" + i.v }

type Outer struct {
	Inner
	k int
}

type PI struct{ p *Inner }

type Both struct {
	*Inner
	S2
}

type Namer interface{ Name() string }

type Ms interface{ M() int }

func call[T interface{ M() int }](t T) int { return t.M() }

func value[T interface{ M() int }](t T) func() int { return t.M }

func name[T Namer](t T) string { return t.Name() }

func names[T Namer](ts ...T) string {
	s := ""
	for _, t := range ts {
		s += t.Name() + ";"
	}
	return s
}

func main() {
	a := &S1{1}
	b := S2{2}
	println(call(a), call(b), call(&b))
	fa, fb := value(a), value(b)
	a.n = 100
	b.n = 200
	println(fa(), fb())
	o := Outer{Inner{"x"}, 3}
	println(name(o), name(&o), name(Inner{"y"}))
	println(name(Both{&Inner{"z"}, S2{}}), call(Both{&Inner{"z"}, S2{4}}))
	var ms Ms = a
	println(call(ms))
	var nm Namer = o
	println(name(nm), names(o, Outer{Inner{"w"}, 0}))
}
