// run

// Method expressions called directly: T.M(x, ...), (*T).M(p, ...) for pointer and value
// methods, promoted methods, methods of named basic types (Go's fixedbugs/bug441.go shape)
// and interface method expressions I.M(i, ...).
package main

type T int

func (T) m1() { println("m1") }

func (t T) m2(k int) int { return int(t) * k }

type P struct{ a, b int }

func (p *P) Add(k int)      { p.a += k }
func (p P) Sum() int        { return p.a + p.b }
func (p P) Both() (int, P)  { return p.a, p }

type Outer struct {
	P
	name string
}

type Summer interface{ Sum() int }

func main() {
	T.m1(T(1))
	println(T.m2(3, 4), T(5).m2(2))
	p := P{1, 2}
	(*P).Add(&p, 10)
	println(P.Sum(p), (*P).Sum(&p))
	n, q := P.Both(p)
	println(n, q.b)
	o := Outer{P{3, 4}, "o"}
	println(Outer.Sum(o), (*Outer).Sum(&o))
	(*Outer).Add(&o, 1)
	println(o.a)
	var s Summer = p
	println(Summer.Sum(s))
}
