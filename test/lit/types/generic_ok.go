// RUN: %exit 2 %talpa build -o %t %s 2>&1 | %FileCheck %s

// Generic types and functions that type-check: recursive generic types, methods of
// generic types on instances, argument and constraint type inference, explicit
// instantiation, operators through type sets. The one error keeps the build from lowering.
package main

type List[T any] struct {
	next *List[T]
	val  T
}

func (l *List[T]) Next() *List[T] { return l.next }
func (l *List[T]) Val() T         { return l.val }

type Pair[K comparable, V any] struct {
	Key K
	Val V
}

type Tree[T interface{ Less(T) bool }] struct {
	left, right *Tree[T]
	val         T
}

type Number interface {
	~int | ~int64 | ~float64
}

func Add[T Number](a, b T) T {
	var s T
	s += a
	s = s + b
	return s
}

func Max[T ~int | ~string](a, b T) T {
	if a > b {
		return a
	}
	return b
}

func Apply[T, U any](x T, f func(T) U) U { return f(x) }

func Double(x int) int { return x * 2 }

func First[S ~[]E, E any](s S) E {
	var e E
	return e
}

type Ints []int

func Ident[T any](x T) T { return Ident(x) }

type MyInt int

func (m MyInt) Less(o MyInt) bool { return m < o }

func main() {
	var l List[int]
	var v int = l.Val()
	var n *List[int] = l.Next()
	var p Pair[string, int]
	var k string = p.Key
	var t Tree[MyInt]
	var tv MyInt = t.val
	var s float64 = Add(1.5, 2.5)
	var m int = Max(1, 2)
	var ms string = Max("a", "b")
	var a int = Apply(3, Double)
	var ints Ints
	var f int = First(ints)
	var q = Add[int]
	var r = Ident(MyInt(2))
	var mi MyInt = r
	_, _, _, _, _, _, _, _, _, _, _ = v, n, k, tv, s, m, ms, a, f, q, mi
	var e int = "x"
	_ = e
}

// CHECK: # command-line-arguments
// CHECK-NEXT: {{.*}}generic_ok.go:79:14: cannot use "x" (untyped string constant) as int value in variable declaration
// CHECK-NOT: {{.}}
