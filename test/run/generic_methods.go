// run

package main

type Stringer interface{ String() string }

type Box[T any] struct{ v T }

func (b Box[T]) Get() T         { return b.v }
func (b *Box[T]) Set(v T)       { b.v = v }
func (b Box[T]) String() string { return "Box" }

type Getter[T any] interface{ Get() T }

type Pair[K comparable, V any] struct {
	k K
	v V
}

func (p Pair[K, V]) Key() K { return p.k }
func (p *Pair[K, V]) Swap(q *Pair[K, V]) {
	p.k, q.k = q.k, p.k
	p.v, q.v = q.v, p.v
}

type List[T any] struct {
	head T
	next *List[T]
}

func (l *List[T]) Len() int {
	if l == nil {
		return 0
	}
	return 1 + l.next.Len()
}

type Wrapper struct {
	Box[string]
	n int
}

type PWrap[T any] struct {
	*Box[T]
}

type MyInt int

func (m MyInt) Get() int { return int(m) * 10 }

func Use[G Getter[int]](g G) int { return g.Get() + 1 }

func Sum[T interface{ Get() int }](xs []T) int {
	s := 0
	for _, x := range xs {
		s += x.Get()
	}
	return s
}

type Setter[T any] interface {
	*Box[T]
	Set(T)
}

func SetAll[T any, P Setter[T]](p P, v T) { p.Set(v) }

func MakeGetter[T any](v T) func() T {
	b := Box[T]{v}
	return b.Get
}

func main() {
	b := Box[int]{5}
	println(b.Get())
	b.Set(7)
	println(b.Get())
	var g Getter[int] = b
	println(g.Get())
	var gp Getter[int] = &b
	b.Set(9)
	println(gp.Get(), g.Get())
	var s Stringer = Box[float64]{2.5}
	println(s.String())
	var a any = Box[string]{"hi"}
	println(a.(Stringer).String(), a.(Getter[string]).Get())
	p, q := Pair[string, int]{"a", 1}, Pair[string, int]{"b", 2}
	p.Swap(&q)
	println(p.Key(), p.v, q.Key(), q.v)
	l := &List[int]{1, &List[int]{2, &List[int]{3, nil}}}
	println(l.Len())
	w := Wrapper{Box[string]{"emb"}, 3}
	println(w.Get())
	w.Set("changed")
	println(w.Get())
	var gs Getter[string] = w
	var gs2 Getter[string] = &w
	w.Set("again")
	println(gs.Get(), gs2.Get())
	pw := PWrap[int]{&Box[int]{4}}
	pw.Set(44)
	var gi Getter[int] = pw
	println(gi.Get(), pw.Get())
	println(Use(MyInt(3)), Use(b), Use[Getter[int]](b))
	println(Sum([]MyInt{1, 2, 3}), Sum([]Box[int]{{1}, {2}}))
	var bb Box[int]
	SetAll(&bb, 12)
	println(bb.Get())
	// method values
	f := b.Get
	b.Set(100)
	println(f(), b.Get())
	fp := (&b).Set
	fp(55)
	println(b.Get())
	h := MakeGetter("str")
	println(h())
	e := Box[int].Get
	println(e(Box[int]{8}))
	e2 := (*Box[int]).Set
	e2(&b, 66)
	println(b.Get())
}
