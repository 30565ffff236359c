// run

package main

import "unsafe"

// Generic functions and types, instantiated by monomorphisation.

type Number interface {
	~int | ~int8 | ~int64 | ~uint16 | ~float32 | ~float64
}

type MyInt int

type Celsius float64

func Sum[T Number](xs []T) T {
	var s T
	for _, x := range xs {
		s += x
	}
	return s
}

func Max[T ~int | ~float64 | ~string](a, b T) T {
	if a > b {
		return a
	}
	return b
}

type Pair[K comparable, V any] struct {
	Key K
	Val V
}

func MakePair[K comparable, V any](k K, v V) Pair[K, V] {
	return Pair[K, V]{k, v}
}

func Swap[K, V comparable](p Pair[K, V]) Pair[V, K] {
	return Pair[V, K]{Key: p.Val, Val: p.Key}
}

func Index[T comparable](xs []T, x T) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return -1
}

// Instances that use instances.
func Twice[T Number](x T) T { return Double(x) + T(0) }
func Double[T Number](x T) T { return x * 2 }

// Recursive generic types.
type List[T any] struct {
	next *List[T]
	val  T
}

func Push[T any](l *List[T], v T) *List[T] { return &List[T]{next: l, val: v} }

func Len[T any](l *List[T]) int {
	n := 0
	for ; l != nil; l = l.next {
		n++
	}
	return n
}

func Values[T any](l *List[T]) []T {
	var out []T
	for ; l != nil; l = l.next {
		out = append(out, l.val)
	}
	return out
}

// Conversions to and from type parameters, constants converted to T.
func Conv[T ~int | ~float64](x int) T { return T(x) + 1 }
func Half[T ~int | ~float64](x T) T   { return x / 2 }
func ToInt[T ~int8 | ~uint16 | ~float32](x T) int {
	return int(x)
}

// Core types: indexing, slicing, len, range, make and append on a type parameter whose type
// set has one underlying type.
type Ints []int

func First[S ~[]E, E any](s S) E { return s[0] }
func Rev[S ~[]E, E any](s S) S {
	r := make(S, 0, len(s))
	for i := len(s) - 1; i >= 0; i-- {
		r = append(r, s[i])
	}
	return r
}
func Tail[S ~[]E, E any](s S) S { return s[1:] }
func ArrLen[A ~[4]E, E any](a A) int {
	n := 0
	for range a {
		n++
	}
	return n + len(a)
}
func Bytes[S ~string](s S) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n += int(s[i])
	}
	return n
}

// Zero values and pointers to type parameters.
func Zero[T any]() T {
	var z T
	return z
}

func Set[T any](p *T, v T) { *p = v }

func Fill[T any](n int, v T) []T {
	s := make([]T, n)
	for i := range s {
		s[i] = v
	}
	return s
}

// Generic types with arrays and nested instances.
type Grid[T any] struct {
	cells [2][2]T
	name  string
}

type Box[T any] struct{ v T }

func Unbox[T any](bs []Box[T]) []T {
	var out []T
	for _, b := range bs {
		out = append(out, b.v)
	}
	return out
}

func Size[T any](x T) uintptr { return unsafe.Sizeof(x) + unsafe.Alignof(x)*100 }

// Explicit and partially inferred type arguments.
func Convert[To, From ~int | ~float64](x From) To { return To(x) }

func Equal[T comparable](a, b T) bool { return a == b }

func main() {
	println(Sum([]int{1, 2, 3}), Sum([]float64{1.5, 2.5}), Sum([]MyInt{4, 5}), Sum([]int8{100, 100}))
	println(Sum([]Celsius{1.25, 2}), Sum([]uint16{65535, 2}), Sum([]float32{0.5}))
	println(Max(3, 7), Max("a", "b"), Max(2.5, 1.5), Max[MyInt](4, -4))
	p := MakePair("x", 42)
	println(p.Key, p.Val)
	q := Swap(p)
	println(q.Key, q.Val)
	println(Index([]string{"a", "b", "c"}, "c"), Index([]int{1}, 2), Index([]Pair[int, string]{{1, "a"}, {2, "b"}}, Pair[int, string]{2, "b"}))
	println(Twice(21), Twice(1.25), Twice[MyInt](5))
	var l *List[string]
	l = Push(Push(Push(l, "a"), "b"), "c")
	println(Len(l), Len[int](nil))
	for _, v := range Values(l) {
		print(v, " ")
	}
	println()
	println(Conv[float64](3), Conv[MyInt](3), Half(7), Half(7.0))
	println(ToInt(int8(-3)), ToInt(uint16(65000)), ToInt(float32(2.75)))
	println(First(Ints{9, 8}), First([]string{"s"}), len(Rev(Ints{1, 2, 3})), Rev(Ints{1, 2, 3})[0])
	println(len(Tail([]int{1, 2, 3})), ArrLen([4]int{}), Bytes("ab"))
	println(Zero[int](), Zero[string]() == "", Zero[*int]() == nil, Zero[Pair[int, float64]]().Val)
	x := 1
	Set(&x, 5)
	s := "a"
	Set(&s, "b")
	println(x, s)
	f := Fill(3, Pair[string, int]{"k", 1})
	println(len(f), f[2].Key, f[2].Val)
	var g Grid[int]
	g.cells[1][1] = 4
	g.name = "g"
	println(g.cells[1][1], g.name, len(g.cells))
	println(len(Unbox([]Box[string]{{"a"}, {"b"}})), Unbox([]Box[int]{{7}})[0])
	println(Size(int8(0)), Size(""), Size(Pair[int8, int64]{}), Size([3]int16{}))
	println(Convert[int](2.9), Convert[float64, MyInt](3))
	println(Equal(1, 1), Equal("a", "b"), Equal(Pair[int, string]{1, "x"}, Pair[int, string]{1, "x"}), Equal([2]int{1, 2}, [2]int{1, 3}))
}
