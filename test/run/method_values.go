// run

package main

type T struct{ n int }

func (t T) Val() int        { return t.n }
func (t *T) Inc(d int) int  { t.n += d; return t.n }
func (t T) Big() [4]int     { return [4]int{t.n, t.n + 1, t.n + 2, t.n + 3} }

type I interface{ Val() int }

type E struct {
	*T
	name string
}

type S string

func (s S) Len() int { return len(s) }

func apply(f func(int) int, x int) int { return f(x) }

func main() {
	t := T{1}
	v := t.Val // bound to a copy now
	t.n = 5
	println(v(), t.Val())
	inc := t.Inc // &t
	println(inc(2), t.n)
	println(apply(inc, 10), t.n)
	var i I = t
	iv := i.Val
	t.n = 100
	println(iv())
	pv := (&t).Val
	t.n = 7
	println(pv())
	b := t.Big
	println(b()[3])
	e := E{&T{20}, "e"}
	ev := e.Inc
	ev(1)
	println(e.n, e.Val())
	fe := T.Val
	println(fe(T{9}))
	fp := (*T).Inc
	println(fp(&t, 1), t.n)
	fi := I.Val
	println(fi(T{33}))
	s := S("hello")
	sl := s.Len
	println(sl())
	fs := []func() int{t.Val, s.Len, i.Val}
	for _, f := range fs {
		print(f(), " ")
	}
	println()
	defer func() { println("recovered:", recover() != nil) }()
	var ni I
	_ = ni.Val
}
