// run

// Evaluation order as gc's: calls (and len, cap, append, slicing, && and ||) inside a
// statement run before the statement reads variables, indexes and checks bounds; a
// tuple assignment evaluates every left-side operand and right-side value before it
// stores, then stores left to right.
package main

var x = 1

func setx(v int) int {
	println("setx", v)
	x = v
	return 0
}

var s = []int{10, 20, 30}

func grow() int {
	s = append(s, 40)
	return 1
}

func idx(i int) int {
	println("idx", i)
	return i
}

type P struct{ a, b int }

func main() {
	println(x + setx(5))
	y := x + setx(7)
	println(y)
	println(s[len(s)-1] + grow())
	a := [3]int{1, 2, 3}
	i := 0
	i, a[i] = 1, 9
	println(i, a[0], a[1])
	a[idx(1)], a[idx(2)] = a[idx(2)], a[idx(1)]
	println(a[0], a[1], a[2])
	p, q := P{1, 2}, P{3, 4}
	p, q = q, p
	println(p.a, q.a)
	arr := []int{1, 2}
	arr, arr[len(arr)-1] = arr[:len(arr)-1], 3
	println(len(arr), arr[0], arr[:2][1])
	m := 1
	f := func0(&m)
	println(m+f, m)
	n := 2
	t := n > 1 && setx(n) == 0
	println(t, x)
}

func func0(p *int) int {
	*p = 100
	return 1
}
