// run

// Recovered runtime errors compare and hash as gc's values do: bounds errors field by
// field (index, length, signedness, kind), error strings by text, type assertion errors
// (pointers) by identity.

package main

func catch(f func()) (e any) {
	defer func() { e = recover() }()
	f()
	return nil
}

var s = []int{1, 2, 3}

func index(i int) any     { return catch(func() { _ = s[i] }) }
func slice(i, j int) any  { return catch(func() { _ = s[i:j] }) }
func uindex(i uint) any   { return catch(func() { _ = s[i] }) }
func divide(x, y int) any { return catch(func() { _ = x / y }) }
func assert(x any) any    { return catch(func() { _ = x.(string) }) }
func nilmap() any {
	return catch(func() {
		var m map[int]int
		m[0] = 1
	})
}

func main() {
	a, b, c := index(5), index(5), index(6)
	println(a == b, a == c, a != c)
	println(index(-1) == index(-1), uindex(5) == a)
	println(slice(2, 1) == slice(2, 1), slice(2, 1) == slice(3, 1), slice(0, 9) == index(9))
	println(divide(1, 0) == divide(2, 0), nilmap() == nilmap(), divide(1, 0) == nilmap())
	x, y := assert(1), assert(1)
	println(x == x, x == y)
	var e error = a.(error)
	println(e == a, e == b, e.Error())

	m := map[any]int{}
	for _, v := range []any{a, b, c, index(5), slice(2, 1), slice(2, 1), divide(1, 0), divide(3, 0)} {
		m[v]++
	}
	println(len(m), m[a], m[c], m[slice(2, 1)], m[divide(0, 0)])
}
