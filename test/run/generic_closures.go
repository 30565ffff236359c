// run

package main

type Pair[K comparable, V any] struct {
	k K
	v V
}

func f[G any]() interface{} {
	return func() interface{} {
		return func() interface{} {
			var x G
			return x
		}()
	}()
}

func counter[T int | float64](step T) (func() T, func() T) {
	var n T
	inc := func() T { n += step; return n }
	get := func() T { return n }
	return inc, get
}

func mapAll[T, U any](xs []T, fn func(T) U) []U {
	out := make([]U, 0, len(xs))
	each := func(x T) { out = append(out, fn(x)) }
	for _, x := range xs {
		each(x)
	}
	return out
}

func pairs[K comparable, V any](k K, v V) func() Pair[K, V] {
	return func() Pair[K, V] { return Pair[K, V]{k, v} }
}

func boom[T any](v T) {
	func() {
		var zero T
		_ = zero
		panic(v)
	}()
}

func main() {
	_, ok := f[int]().(int)
	_, ok2 := f[string]().(string)
	println(ok, ok2)
	inc, get := counter(2)
	inc()
	inc()
	finc, fget := counter(0.5)
	finc()
	println(get(), fget())
	s := mapAll([]int{1, 2, 3}, func(i int) string { return string(rune('a' + i)) })
	println(len(s), s[0], s[1], s[2])
	l := mapAll([]string{"x", "yy"}, func(s string) int { return len(s) })
	println(l[0], l[1])
	p := pairs("k", 3.5)()
	q := pairs(1, [2]int{4, 5})()
	println(p.k, p.v, q.k, q.v[1])
	defer func() { println(recover().(string)) }()
	boom("boom")
}
