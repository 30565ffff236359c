// run

// Generic functions over ordered types, recursive generic types with keyed literals,
// generic array types, variadic and multi-result instances.
package main

type Ordered interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 | ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr | ~float32 | ~float64 | ~string
}

func Sort[T Ordered](s []T) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

func MinMax[T Ordered](xs ...T) (lo, hi T) {
	if len(xs) == 0 {
		return
	}
	lo, hi = xs[0], xs[0]
	for _, x := range xs[1:] {
		if x < lo {
			lo = x
		}
		if x > hi {
			hi = x
		}
	}
	return
}

type Vec[T any] [3]T

func Rot[T any](v Vec[T]) Vec[T] { return Vec[T]{v[1], v[2], v[0]} }

func Fact[T ~int | ~uint64](n T) T {
	if n <= 1 {
		return 1
	}
	return n * Fact(n-1)
}

type Tree[T Ordered] struct {
	left, right *Tree[T]
	v           T
}

func Insert[T Ordered](t *Tree[T], v T) *Tree[T] {
	if t == nil {
		return &Tree[T]{v: v}
	}
	if v < t.v {
		t.left = Insert(t.left, v)
	} else {
		t.right = Insert(t.right, v)
	}
	return t
}

func Walk[T Ordered](t *Tree[T], out []T) []T {
	if t == nil {
		return out
	}
	out = Walk(t.left, out)
	out = append(out, t.v)
	return Walk(t.right, out)
}

func Keys[K comparable, V any](ps []struct {
	k K
	v V
}) []K {
	var ks []K
	for _, p := range ps {
		ks = append(ks, p.k)
	}
	return ks
}

func Shift[T ~uint8 | ~int32](x T, n uint) T { return x<<n | x>>(8-n) }

func Neg[T ~int | ~float64](x T) T { return -x }

func Str[T ~string | ~[]byte](x T) string { return string(x) }

func main() {
	s := []string{"pear", "apple", "fig"}
	Sort(s)
	println(s[0], s[1], s[2])
	f := []float64{3, -1, 2}
	Sort(f)
	println(f[0], f[2])
	lo, hi := MinMax(4, 9, -2, 7)
	println(lo, hi)
	a, b := MinMax[string]()
	println(a == "", b == "")
	v := Rot(Vec[string]{"x", "y", "z"})
	println(v[0], v[1], v[2])
	println(Fact(10), Fact[uint64](20))
	var t *Tree[int]
	for _, x := range []int{5, 3, 8, 1, 4} {
		t = Insert(t, x)
	}
	for _, x := range Walk(t, nil) {
		print(x, " ")
	}
	println()
	ks := Keys([]struct {
		k K2
		v int
	}{{"a", 1}, {"b", 2}})
	println(len(ks), ks[1])
	println(Shift(uint8(0x81), 1), Shift(int32(1), 3), Neg(3), Neg(2.5))
	println(Str("hi"), Str([]byte("yo")))
}

type K2 string
