// run

package main

type Num interface{ ~int | ~float64 }

func Curry[T Num](a T) func(T) T {
	return func(b T) T { return a + b }
}

func Counter[T Num]() (func() T, func() T) {
	var n T
	inc := func() T { n++; return n }
	get := func() T { return n }
	return inc, get
}

type Pair[A, B any] struct {
	a A
	b B
}

func MakePair[A, B any](a A) func(B) Pair[A, B] {
	return func(b B) Pair[A, B] {
		add := func(p Pair[A, B]) Pair[A, B] { return p }
		return add(Pair[A, B]{a, b})
	}
}

func Reduce[T any](xs []T, init T, f func(T, T) T) T {
	acc := init
	for _, x := range xs {
		acc = f(acc, x)
	}
	return acc
}

func Max[T Num](xs []T) T {
	return Reduce(xs, xs[0], func(a, b T) T {
		if a > b {
			return a
		}
		return b
	})
}

func main() {
	println(Curry(5)(6), Curry(1.5)(2))
	inc, get := Counter[int]()
	inc()
	inc()
	println(get())
	finc, fget := Counter[float64]()
	finc()
	println(fget())
	p := MakePair[string, int]("x")(3)
	println(p.a, p.b)
	println(Max([]int{3, 9, 2}), Max([]float64{1.5, -2}))
}
