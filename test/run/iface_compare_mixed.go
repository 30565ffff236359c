// run

// Comparisons between an empty and a non-empty interface (and a concrete value): equal
// when the dynamic types and values are; the uncomparable case panics.

package main

type Shape interface{ Area() int }

type Sq struct{ s int }

func (q Sq) Area() int { return q.s * q.s }

type Ints []int

func (Ints) Area() int { return 0 }

type Rect struct{ w, h int }

func (r *Rect) Area() int { return r.w * r.h }

func eq(a any, s Shape) (bool, bool) { return a == s, s != a }

func tryCmp(a any, s Shape) (r string) {
	defer func() {
		if e := recover(); e != nil {
			r = e.(error).Error()
		}
	}()
	if a == s {
		return "equal"
	}
	return "different"
}

func generic[T comparable](x T, s Shape) bool {
	var a any = x
	return a == s
}

func main() {
	r := &Rect{2, 3}
	println(eq(Sq{2}, Sq{2}))
	println(eq(Sq{2}, Sq{3}))
	println(eq(r, r))
	println(eq(r, &Rect{2, 3}))
	println(eq(nil, nil))
	println(eq(Sq{0}, nil))
	println(eq(nil, Sq{0}))
	println(eq(2, Sq{2}))
	var s Shape = Sq{5}
	println(s == Sq{5}, Sq{5} == s, any(Sq{5}) == s)
	switch any(Sq{4}) {
	case s:
		println("case s")
	case Shape(Sq{4}):
		println("case Sq{4}")
	}
	println(tryCmp(Ints{1}, Ints{1}))
	println(tryCmp(Sq{1}, Ints{1}))
	println(generic(Sq{7}, Sq{7}), generic(7, Sq{7}))
}
