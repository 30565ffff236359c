// run

// Methods reached through type parameters: calls, method values and method expressions
// (T.M) in instances whose type argument is a concrete type (declared, promoted through
// embedded structs, pointers and interfaces) or an interface; type switches with cases
// that mention type parameters.

package main

type Stringer interface{ String() string }

type Num int

func (n Num) String() string { return "Num(" + itoa(int(n)) + ")" }
func (n Num) Twice() Num     { return n * 2 }

type Ptr struct{ v int }

func (p *Ptr) String() string { p.v++; return "Ptr(" + itoa(p.v) + ")" }

type Big struct {
	a, b, c int
}

func (b Big) String() string { return "Big(" + itoa(b.a+b.b+b.c) + ")" }

type Outer struct {
	pad int
	Num
}

type OuterPtr struct {
	*Ptr
}

type OuterIface struct {
	Stringer
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var buf [20]byte
	i := len(buf)
	for n > 0 {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		buf[i] = '-'
	}
	return string(buf[i:])
}

func Show[T Stringer](x T) string {
	f := T.String // method expression
	g := x.String // method value
	return f(x) + " " + g() + " " + T.String(x) + " " + x.String()
}

type Doubler[T any] interface {
	Twice() T
}

func Double[T Doubler[U], U any](x T) U {
	f := T.Twice
	return f(x)
}

type Getter[T any] interface{ Get() T }

type box[T any] struct{ v T }

func (b box[T]) Get() T { return b.v }

func Gets[G Getter[E], E any](gs []G) []E {
	var out []E
	get := G.Get
	for _, g := range gs {
		out = append(out, get(g))
		m := g.Get
		out = append(out, m())
	}
	return out
}

func Kind[T any](x any) string {
	switch v := x.(type) {
	case T:
		_ = v
		return "T"
	case []T:
		return "[]T of " + itoa(len(v))
	case interface{ Get() T }:
		return "getter"
	case nil:
		return "nil"
	default:
		return "other"
	}
}

func main() {
	println(Show(Num(3)))
	println(Show(&Ptr{10}))
	println(Show(Big{1, 2, 3}))
	println(Show(Outer{1, 4}))
	println(Show(&Outer{1, 5}))
	println(Show(OuterPtr{&Ptr{20}}))
	println(Show(OuterIface{Num(6)}))
	println(Show[Stringer](Num(7)))
	println(Show[Stringer](&Ptr{30}))
	println(Double[Num, Num](21))
	println(Double[Doubler[Num], Num](Num(50)))
	for _, v := range Gets[box[string], string]([]box[string]{{"a"}, {"b"}}) {
		println(v)
	}
	for _, v := range Gets[Getter[int], int]([]Getter[int]{box[int]{1}, box[int]{2}}) {
		println(v)
	}
	println(Kind[int](1), Kind[int]("x"), Kind[int]([]int{1, 2}), Kind[string]([]int{}))
	println(Kind[int](box[int]{}), Kind[string](box[int]{}), Kind[int](nil))
}
