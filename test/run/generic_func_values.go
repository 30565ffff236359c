// run

package main

func Map[T, U any](xs []T, f func(T) U) []U {
	var out []U
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

func Double[T int | float64](x T) T { return x * 2 }

func Show[T any](x T) string {
	var a any = x
	switch v := a.(type) {
	case int:
		return "int"
	case string:
		return "string:" + v
	}
	return "other"
}

type Num interface{ ~int | ~int64 }

func Add[T Num](a, b T) T { return a + b }

func Apply[T any](f func(T, T) T, a, b T) T { return f(a, b) }

func Curry[T Num](a T) func(T) T {
	add := Add[T]
	return func(b T) T { return add(a, b) }
}

type Box[T any] struct{ v T }

func (b Box[T]) Get() T { return b.v }

func Getters[T any](bs []Box[T]) []func() T {
	var fs []func() T
	for _, b := range bs {
		fs = append(fs, b.Get)
	}
	return fs
}

func main() {
	f := Double[int]
	println(f(21))
	g := Double[float64]
	println(g(1.25))
	for _, v := range Map([]int{1, 2, 3}, Double[int]) {
		print(v, " ")
	}
	println()
	for _, s := range Map([]int{4, 5}, Show[int]) {
		print(s, " ")
	}
	println()
	var h func(string) string = Show[string]
	println(h("x"))
	add := Add[int64]
	println(add(3, 4))
	println(Apply(Add[int], 10, 20))
	println(Curry(5)(6))
	println(f == nil, h != nil)
	for _, gf := range Getters([]Box[string]{{"a"}, {"b"}}) {
		print(gf())
	}
	println()
}
